from django.urls import path, register_converter
from django.urls.converters import SlugConverter

from claims import ledger_views, views
from claims.feeds import CorrectionsFeed, LatestClaimsFeed


class UnicodeSlugConverter(SlugConverter):
    """
    A slug in any script, as the slug fields allow (allow_unicode): the
    built-in `slug` converter matches ASCII only, so /claims/香港人權/ was a
    404. Django matches the path decoded, so a percent-encoded link resolves;
    reverse() encodes the slug again.
    """

    regex = r"[-\w]+"


register_converter(UnicodeSlugConverter, "unicode_slug")

app_name = "claims"

urlpatterns = [
    path("", views.home, name="home"),
    path("claims/", views.claim_list, name="list"),
    path("claims/<unicode_slug:slug>/", views.claim_detail, name="detail"),
    path("claims/<unicode_slug:slug>/history/", views.claim_history, name="history"),
    path("speakers/<unicode_slug:slug>/", views.speaker_detail, name="speaker"),
    # A slug always has a letter (SluggedModel.slug_base), so digits alone
    # are the id a link made before sources had slugs names.
    path("sources/<int:pk>/", views.source_by_id, name="source_by_id"),
    path("sources/<unicode_slug:slug>/", views.source_detail, name="source"),
    path("topics/<unicode_slug:slug>/", views.topic_detail, name="topic"),
    path("methodology/", views.methodology, name="methodology"),
    path("feeds/claims/", LatestClaimsFeed(), name="feed"),
    path("feeds/corrections/", CorrectionsFeed(), name="corrections_feed"),
    # The tamper-evident ledger: its head, the chain of hashes, public entries.
    path("ledger/", ledger_views.ledger, name="ledger"),
    path("ledger/head.json", ledger_views.ledger_head, name="ledger_head"),
    path("ledger/entries.json", ledger_views.ledger_entries, name="ledger_entries"),
    path("ledger/entries/<int:position>.json", ledger_views.ledger_entry, name="ledger_entry"),
]
