"""Every admin list, add and change page opens on the seed data."""

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from claims.models import Claim, Correction, Delivery, Evidence, ExternalReview, Partner

CLAIMS_MODELS = [model for model in admin.site._registry if model._meta.app_label == "claims"]
# The partners told of corrections and their deliveries are a superuser's,
# and keep no history (claims/models/notices.py says why).
SUPERUSER_MODELS = [Partner, Delivery]
DESK_MODELS = [model for model in CLAIMS_MODELS if model not in SUPERUSER_MODELS]


@pytest.fixture
def seeded(db):
    call_command("loaddata", "amnesty-hk-2021", verbosity=0)
    # The seed has no corrections; give the Correction pages a row to show.
    claim = Claim.objects.published().first()
    claim.issue_correction("update", "Added the date.", by=None)
    # Nor any evidence; give the Evidence pages a row to show.
    Evidence(claim=claim, title="Amnesty's statement", url="https://example.org/a").save()
    # Nor other desks' reviews; give theirs a row to show.
    ExternalReview(
        claim=claim, publisher_name="台灣事實查核中心", label="錯誤", url="https://example.org/r"
    ).save()
    partner = Partner.objects.create(
        name="Partner newsroom", webhook_url="https://93.184.215.14/hook", secret="s" * 32
    )
    Delivery.objects.create(partner=partner, body='{"event":"publication"}')


@pytest.mark.parametrize("model", CLAIMS_MODELS, ids=lambda model: model.__name__)
def test_admin_pages_open(admin_client, seeded, model):
    opts = model._meta
    prefix = f"admin:{opts.app_label}_{opts.model_name}"
    assert admin_client.get(reverse(f"{prefix}_changelist")).status_code == 200

    record = model.objects.first()
    for view in ("change", "history"):
        url = reverse(f"{prefix}_{view}", args=[record.pk])
        assert admin_client.get(url).status_code == 200, url

    # Corrections are only issued through the claim's workflow methods, and
    # other desks' reviews only come from imports, and deliveries are queued by them.
    expected = 403 if model in (Correction, ExternalReview, Delivery) else 200
    assert admin_client.get(reverse(f"{prefix}_add")).status_code == expected


def test_the_claim_change_form_saves_an_edit(admin_client, admin_user, seeded):
    claim = Claim.objects.get(slug="no-direct-threat-against-amnesty-offices")
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(
        {
            "context": "speaking to the Post by telephone from London",
            "topics": [topic.pk for topic in claim.topics.all()],
            "evidence-TOTAL_FORMS": 0,
            "evidence-INITIAL_FORMS": 0,
            "external_reviews-TOTAL_FORMS": 0,
            "external_reviews-INITIAL_FORMS": 0,
        }
    )

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    claim.refresh_from_db()
    assert claim.context == "speaking to the Post by telephone from London"
    assert claim.history.first().history_user == admin_user


@pytest.mark.parametrize("model", DESK_MODELS, ids=lambda model: model.__name__)
def test_each_history_version_page_opens(admin_client, seeded, model):
    opts = model._meta
    record = model.objects.first()
    entry = record.history.first()
    url = reverse(
        f"admin:{opts.app_label}_{opts.model_name}_simple_history",
        args=[record.pk, entry.history_id],
    )
    assert admin_client.get(url).status_code == 200, url


def test_the_recent_changes_page_opens(admin_client, seeded):
    assert admin_client.get(reverse("admin:claims_claim_recent_changes")).status_code == 200


def test_the_admin_index_opens(admin_client, seeded):
    assert admin_client.get(reverse("admin:index")).status_code == 200


@pytest.mark.parametrize("persona", ["editor", "reviewer"])
@pytest.mark.parametrize("model", SUPERUSER_MODELS, ids=lambda model: model.__name__)
def test_partners_and_deliveries_are_closed_to_the_desk(client, request, seeded, persona, model):
    client.force_login(request.getfixturevalue(persona))
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("persona", ["editor", "reviewer"])
@pytest.mark.parametrize("model", DESK_MODELS, ids=lambda model: model.__name__)
def test_every_list_and_change_page_opens_for_the_desk(client, request, seeded, persona, model):
    client.force_login(request.getfixturevalue(persona))
    opts = model._meta
    prefix = f"admin:{opts.app_label}_{opts.model_name}"
    record = model.objects.first()
    for url in (
        reverse(f"{prefix}_changelist"),
        reverse(f"{prefix}_change", args=[record.pk]),
        reverse(f"{prefix}_history", args=[record.pk]),
    ):
        assert client.get(url).status_code == 200, url
