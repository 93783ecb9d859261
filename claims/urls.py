from django.urls import path

from claims import ledger_views, views

app_name = "claims"

urlpatterns = [
    path("", views.home, name="home"),
    # The public claim page arrives with the public site; until then a claim's
    # URL is reserved so get_absolute_url() has something to reverse.
    path("claims/<slug:slug>/", views.claim_detail, name="detail"),
    # The tamper-evident ledger: its head, the chain of hashes, public entries.
    path("ledger/", ledger_views.ledger, name="ledger"),
    path("ledger/head.json", ledger_views.ledger_head, name="ledger_head"),
    path("ledger/entries.json", ledger_views.ledger_entries, name="ledger_entries"),
    path("ledger/entries/<int:position>.json", ledger_views.ledger_entry, name="ledger_entry"),
]
