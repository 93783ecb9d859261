"""
/sitemap.xml: published claims and the speakers and topics that have one,
each with the date it last changed. One query per section.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q

from claims.models import Claim, Speaker, Topic


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


class _WithPublishedClaims(LedgerSitemap):
    """Speakers or topics with a published claim, last modified with their latest claim."""

    model = None

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


class SpeakerSitemap(_WithPublishedClaims):
    model = Speaker


class TopicSitemap(_WithPublishedClaims):
    model = Topic


sitemaps = {"claims": ClaimSitemap, "speakers": SpeakerSitemap, "topics": TopicSitemap}
