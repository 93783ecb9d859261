"""
The sitemaps: published claims, and the speakers and topics that have one,
each URL with the date it last changed. /sitemap.xml is an index of the
sections' pages (/sitemap-claims.xml?p=2): a sitemap holds Sitemap.limit
(50,000) URLs at most, so one page of all sections would leave most claims
out of a large ledger. A section's page costs two queries (count, the page);
its line in the index two (count, newest change).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q

from claims.models import Claim, Speaker, SpeakerKind, Topic


class LedgerSitemap(Sitemap):
    """Absolute URLs from LEDGER_SITE_URL, not from the request's Host header."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.LEDGER_SITE_URL).scheme

    def get_domain(self, site=None):
        parts = urlsplit(settings.LEDGER_SITE_URL)
        return parts.netloc + parts.path


class ClaimSitemap(LedgerSitemap):
    changefreq = "weekly"

    def items(self):
        return Claim.objects.published().only("slug", "updated_at").order_by("-published_at")

    def lastmod(self, claim):
        return claim.updated_at

    def get_latest_lastmod(self):
        """For the index: one query, where Django's default reads every item."""
        return Claim.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class _WithPublishedClaims(LedgerSitemap):
    """Speakers or topics with a published claim, last modified with their latest claim."""

    model = None
    # The claim's field that leads to the model.
    claim_field = None

    def items(self):
        published = Q(claims__published_at__isnull=False)
        return (
            self.model.objects.annotate(
                last_claim_change=Max("claims__updated_at", filter=published)
            )
            .filter(last_claim_change__isnull=False)
            .order_by("slug")
        )

    def lastmod(self, item):
        return item.last_claim_change

    def get_latest_lastmod(self):
        """For the index: one query, where Django's default reads every item."""
        claims = Claim.objects.published().filter(**{f"{self.claim_field}__isnull": False})
        return claims.aggregate(latest=Max("updated_at"))["latest"]


class SpeakerSitemap(_WithPublishedClaims):
    model = Speaker
    claim_field = "speaker"

    def items(self):
        # No page for claims nobody was named for (views.speaker_detail).
        return super().items().exclude(kind=SpeakerKind.UNATTRIBUTED)


class TopicSitemap(_WithPublishedClaims):
    model = Topic
    claim_field = "topics"


sitemaps = {"claims": ClaimSitemap, "speakers": SpeakerSitemap, "topics": TopicSitemap}
