"""
Where other desks' reviews show: the published claim's page ("Also checked
by"), the API's claim detail and the admin; and where they never do: our
ClaimReview JSON-LD, our ClaimReview export and our feed.
"""

import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from claims.models import Claim, ClaimStatus, ExternalReview

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


@pytest.fixture
def checked_by_afp(make_verdict, import_claims, write_file):
    """Our published verdict (True) on a claim AFP rated False, imported after ours."""
    claim = make_verdict(status="true", text="Photo shows a shark on a flooded highway")
    review = {
        "@type": "ClaimReview",
        "url": "https://factcheck.afp.com/doc.afp.com.34AB12",
        "headline": "Shark photo is a composite",
        "datePublished": "2023-04-11T08:00:00Z",
        "inLanguage": "en",
        "claimReviewed": claim.text,
        "author": {"@type": "Organization", "name": "AFP Fact Check"},
        "itemReviewed": {"@type": "Claim", "author": {"name": claim.speaker.name}},
        "reviewRating": {"@type": "Rating", "alternateName": "False", "ratingValue": 1},
    }
    import_claims(write_file("afp.json", json.dumps(review)))
    claim.refresh_from_db()
    return claim


def test_the_claim_page_lists_them_under_also_checked_by(client, checked_by_afp):
    page = client.get(checked_by_afp.get_absolute_url()).content.decode()

    assert "Also checked by" in page
    assert '<bdi class="external-publisher">AFP Fact Check</bdi>' in page
    assert '<q class="external-label" dir="auto" lang="en">False</q>' in page
    assert 'href="https://factcheck.afp.com/doc.afp.com.34AB12"' in page
    assert '<time datetime="2023-04-11">11 April 2023</time>' in page


def test_an_afp_review_never_reaches_our_json_ld_export_or_feed(client, checked_by_afp):
    assert checked_by_afp.status == ClaimStatus.TRUE
    page = client.get(checked_by_afp.get_absolute_url()).content.decode()
    (markup,) = JSON_LD.findall(page)
    review = json.loads(markup)
    assert review["reviewRating"]["alternateName"] == "True"
    assert "AFP" not in markup

    out = StringIO()
    call_command("export_claims", "--format", "claimreview", stdout=out)
    assert "AFP" not in out.getvalue()
    assert (
        json.loads(out.getvalue())["dataFeedElement"][0]["reviewRating"]["alternateName"] == "True"
    )

    feed = client.get(reverse("claims:feed")).content.decode()
    assert "AFP" not in feed


def test_an_imported_review_alone_publishes_nothing(client, import_claims):
    import_claims(str(FIXTURES / "claimreview" / "datafeed-items.json"))

    assert not Claim.objects.published().exists()
    claim = ExternalReview.objects.first().claim
    assert client.get(claim.get_absolute_url()).status_code == 404
    assert client.get(reverse("api:claim", args=[claim.slug])).status_code == 404


def test_a_source_not_known_is_said_so_on_the_page(
    client, make_speaker, editor, make_editor, import_claims
):
    import_claims(str(FIXTURES / "claimreview" / "single-zh-hant.json"))
    claim = Claim.objects.get()
    claim.rate("false", summary="熱水不能殺死病毒。", reason="Checked", by=editor)
    claim.publish(by=make_editor())  # another editor: Erin wrote the verdict

    page = client.get(claim.get_absolute_url()).content.decode()

    assert "Where it first appeared is not known." in page
    assert "Reported in" not in page
    assert "台灣事實查核中心" in page and "錯誤" in page
    source = client.get(reverse("api:claim", args=[claim.slug])).json()["source"]
    assert (source["kind"], source["url"], source["title"]) == ("not_known", "", "")


def test_the_api_claim_detail_carries_them(client, checked_by_afp):
    data = client.get(reverse("api:claim", args=[checked_by_afp.slug])).json()

    assert data["status"] == "true"
    assert data["external_reviews"] == [
        {
            "publisher": "AFP Fact Check",
            "publisher_site": "",
            "url": "https://factcheck.afp.com/doc.afp.com.34AB12",
            "title": "Shark photo is a composite",
            "reviewed_on": "2023-04-11",
            "language": "en",
            "label": "False",
            "rating_value": "1",
            "best_rating": "",
            "worst_rating": "",
            "mapped_status": "false",
        }
    ]


def test_the_admin_shows_them_inline_and_in_their_own_list(client, editor, checked_by_afp):
    client.force_login(editor)
    change = client.get(reverse("admin:claims_claim_change", args=[checked_by_afp.pk]))
    assert "AFP Fact Check" in change.content.decode()

    changelist = reverse("admin:claims_externalreview_changelist")
    for query in (
        "?q=shark",
        "?mapped_status__exact=false",
        "?language=en",
        "?publisher_name=AFP+Fact+Check",
    ):
        response = client.get(changelist + query)
        assert response.status_code == 200
        assert response.context["cl"].result_count == 1, query
    assert client.get(changelist + "?mapped_status__exact=true").context["cl"].result_count == 0


def test_their_list_runs_a_fixed_number_of_queries(
    client, editor, make_claim, django_assert_num_queries
):
    for number in range(30):
        ExternalReview(
            claim=make_claim(), publisher_name=f"Desk {number}", label="زائف", language="ar"
        ).save()
    client.force_login(editor)
    url = reverse("admin:claims_externalreview_changelist")
    client.get(url)
    # session, user, the user's and the group's permissions, the groups (the
    # upload link); count, filtered count, the page with claims; the three
    # filters' values, the date hierarchy
    with django_assert_num_queries(11):
        assert client.get(url).status_code == 200


def test_the_admin_upload_checks_then_imports_as_the_editor(client, editor):
    client.force_login(editor)
    url = reverse("admin:claims_externalreview_import")
    content = (FIXTURES / "claimreview" / "array-es-ar.json").read_bytes()

    checked = client.post(url, {"file": SimpleUploadedFile("feed.json", content)})

    assert checked.status_code == 200
    assert "external reviews: 2 created" in checked.content.decode()
    assert not ExternalReview.objects.exists()
    token = checked.context["upload"]

    done = client.post(url, {"upload": token, "confirm": "Import it"})

    assert done.status_code == 302
    assert ExternalReview.objects.count() == 2
    assert ExternalReview.history.filter(history_user=editor).count() == 2
    assert not Claim.objects.exclude(status=ClaimStatus.UNVERIFIED).exists()
    # The upload is gone once imported.
    assert client.post(url, {"upload": token, "confirm": "Import it"}).status_code == 302
    assert ExternalReview.objects.count() == 2


def test_the_admin_upload_lists_every_problem_and_imports_nothing(client, editor):
    client.force_login(editor)
    url = reverse("admin:claims_externalreview_import")
    reviews = json.loads((FIXTURES / "claimreview" / "array-es-ar.json").read_text())
    reviews[1]["datePublished"] = "2021-13-45"
    upload = SimpleUploadedFile("feed.json", json.dumps(reviews).encode())

    checked = client.post(url, {"file": upload})

    page = checked.content.decode()
    assert "feed.json:1: $[1].datePublished: &quot;2021-13-45&quot; is not a date" in page
    assert not checked.context["can_confirm"]

    upload = SimpleUploadedFile("feed.json", json.dumps(reviews).encode())
    checked = client.post(url, {"file": upload, "skip_invalid": "on"})
    assert checked.context["can_confirm"]
    client.post(url, {"upload": checked.context["upload"], "confirm": "Import it"})
    assert ExternalReview.objects.count() == 1


def test_the_admin_upload_needs_the_add_permission(client, reader):
    client.force_login(reader)
    assert client.get(reverse("admin:claims_externalreview_import")).status_code == 403


def test_an_upload_never_confirmed_is_removed_a_day_later(client, editor):
    import os
    import time

    from claims import admin_import

    client.force_login(editor)
    url = reverse("admin:claims_externalreview_import")
    content = (FIXTURES / "factcheck-api" / "pages.json").read_bytes()
    checked = client.post(url, {"file": SimpleUploadedFile("pages.json", content)})
    assert "external reviews: 1 created" in checked.content.decode()
    folder = admin_import.UPLOADS / checked.context["upload"]
    assert folder.is_dir()
    day_ago = time.time() - admin_import.UPLOAD_KEPT_SECONDS - 1
    os.utime(folder, (day_ago, day_ago))

    again = client.post(url, {"file": SimpleUploadedFile("pages.json", content)})

    assert not folder.exists()
    client.post(url, {"upload": again.context["upload"], "confirm": "Import it"})


def test_the_admin_upload_refuses_a_file_over_its_limit(client, editor, settings):
    settings.LEDGER_IMPORT_UPLOAD_MAX_BYTES = 1024
    client.force_login(editor)
    content = b'{"claim_text": "\xe5\xa4\xaa\xe5\xa4\xa7"}\n' * 100

    checked = client.post(
        reverse("admin:claims_externalreview_import"),
        {"file": SimpleUploadedFile("big.jsonl", content)},
    )

    assert checked.status_code == 200
    assert "an upload takes at most" in checked.content.decode()
    assert "upload" not in checked.context or not checked.context.get("upload")
