from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.utils.text import Truncator

from claims.caching import public
from claims.claimreview import absolute_url
from claims.models import Claim, ClaimStatus, Correction
from claims.models.base import xml_text


def _xml_safe(value):
    """A feed value, each string of it without what XML cannot carry."""
    if isinstance(value, str):
        return xml_text(value)
    if isinstance(value, list | tuple):
        return [_xml_safe(item) for item in value]
    return value


class XmlSafeAtom1Feed(Atom1Feed):
    """
    An Atom feed that writes every text without the characters XML cannot
    carry (xml_text). Forms and imports refuse them, but a claim saved
    before that rule, or by a raw write, would otherwise make the feed a 500
    for every reader (one U+000B) or a document no reader parses (U+FFFE).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*map(_xml_safe, args), **{k: _xml_safe(v) for k, v in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*map(_xml_safe, args), **{k: _xml_safe(v) for k, v in kwargs.items()})


@method_decorator(public, name="__call__")
class LatestClaimsFeed(Feed):
    """The latest published claims with their verdicts: three queries when built."""

    feed_type = XmlSafeAtom1Feed
    subtitle = "Claims checked by the desk, newest first, with their verdicts."
    size = 50

    def title(self):
        return f"{settings.LEDGER_PUBLISHER_NAME}: latest claims"

    def link(self):
        return absolute_url(reverse("claims:list"))

    def feed_url(self):
        return absolute_url(reverse("claims:feed"))

    def author_name(self):
        return settings.LEDGER_PUBLISHER_NAME

    def items(self):
        return Claim.objects.published().for_list().prefetch_related("old_slugs")[: self.size]

    def item_title(self, claim):
        # Atom's <title> is plain text (no type="html"): readers show it as typed.
        text = Truncator(claim.text).chars(120)
        return f"{claim.get_status_display()}: {claim.speaker.name}: “{text}”"

    def item_description(self, claim):
        # Atom1Feed sends this as <summary type="html">, which a reader renders
        # as markup: escaped, in paragraphs as on the claim's page.
        return linebreaks(claim.summary or claim.text, autoescape=True)

    def item_link(self, claim):
        return absolute_url(claim.get_absolute_url())

    def item_guid(self, claim):
        # The URL the claim was first published at: a renamed claim's entry
        # keeps its id, so feed readers do not show it again as new.
        old_slugs = list(claim.old_slugs.all())
        first = old_slugs[0].slug if old_slugs else claim.slug
        return absolute_url(reverse("claims:detail", args=[first]))

    def item_author_name(self, claim):
        # Nobody named is no author: the entry leaves it out.
        return None if claim.speaker.is_unattributed else claim.speaker.name

    def item_pubdate(self, claim):
        return claim.published_at

    def item_updateddate(self, claim):
        return claim.updated_at

    def item_categories(self, claim):
        return [claim.get_status_display(), *(topic.name for topic in claim.topics.all())]


@method_decorator(public, name="__call__")
class CorrectionsFeed(Feed):
    """
    Every public correction, newest first: the corrections of published
    claims (a claim taken off the site takes its corrections with it, as its
    page does). Two queries after the cache check.
    """

    feed_type = XmlSafeAtom1Feed
    subtitle = "Every rating change, retraction, correction and update, newest first."
    size = 100

    def title(self):
        return f"{settings.LEDGER_PUBLISHER_NAME}: corrections"

    def link(self):
        return absolute_url(reverse("claims:methodology"))

    def feed_url(self):
        return absolute_url(reverse("claims:corrections_feed"))

    def author_name(self):
        return settings.LEDGER_PUBLISHER_NAME

    def items(self):
        return (
            Correction.objects.filter(claim__published_at__isnull=False)
            .select_related("claim__speaker")
            .order_by("-created_at", "-pk")[: self.size]
        )

    def item_title(self, correction):
        text = Truncator(correction.claim.text).chars(100)
        change = ""
        if correction.previous_status and correction.new_status:
            before = ClaimStatus(correction.previous_status).label
            change = f" ({before} → {ClaimStatus(correction.new_status).label})"
        return f"{correction.get_kind_display()}{change}: {correction.claim.speaker.name}: “{text}”"

    def item_description(self, correction):
        return linebreaks(correction.note, autoescape=True)

    def item_link(self, correction):
        return absolute_url(f"{correction.claim.get_absolute_url()}#correction-{correction.pk}")

    def item_guid(self, correction):
        # One entry per correction, which keeps its id when the claim's URL changes.
        return absolute_url(f"{reverse('claims:corrections_feed')}#correction-{correction.pk}")

    def item_pubdate(self, correction):
        return correction.created_at

    def item_categories(self, correction):
        return [correction.get_kind_display()]
