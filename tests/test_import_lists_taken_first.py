"""
A field holding a list where one value belongs is read as its first value,
and the run's summary counts every such list: in other desks' reviews and
in our own archive alike, from the command and on the admin's upload page.
"""

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims.models import Claim, ClaimStatus, ExternalReview

LISTS = "lists where one value belongs, the first taken"


def our_review(number, **extra):
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"https://archive.example.org/checks/{number}",
        "datePublished": "2019-06-01",
        "claimReviewed": f"Claim number {number} about the budget",
        "author": {"@type": "Organization", "name": "Old Desk"},
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "Jo Lee"},
            "appearance": {"@type": "CreativeWork", "url": "https://example.org/speech"},
        },
        "reviewRating": {"@type": "Rating", "alternateName": "False"},
    } | extra


def archive(write_file):
    """Three of our own reviews moved from another system, with four lists among them."""
    reviews = [
        # Two URLs, and two ratings.
        our_review(
            1,
            url=["https://archive.example.org/checks/1", "https://archive.example.org/c/1"],
            reviewRating=[{"alternateName": "False"}, {"alternateName": "True"}],
        ),
        # Two claims reviewed, and two languages.
        our_review(2, claimReviewed=["Claim number 2 about the budget", "Another"]),
        our_review(3, inLanguage=["en", "fr"]),
    ]
    return write_file("archive.json", json.dumps(reviews))


def test_the_summary_counts_the_lists_of_our_own_archive(import_claims, write_file):
    output = import_claims(archive(write_file), "--as-own")

    assert f"{LISTS}: 4" in output
    assert Claim.objects.count() == 3
    assert not ExternalReview.objects.exists()
    first = Claim.objects.get(external_id="https://archive.example.org/checks/1")
    assert first.status == ClaimStatus.FALSE
    assert Claim.objects.filter(text="Claim number 2 about the budget").exists()


def test_a_dry_run_of_our_own_archive_counts_them_too(import_claims, write_file):
    output = import_claims(archive(write_file), "--as-own", "--dry-run")

    assert f"{LISTS}: 4" in output
    assert not Claim.objects.exists()


def test_our_reviews_and_another_desks_in_one_run_are_counted_together(
    import_claims, write_file, settings
):
    settings.LEDGER_PUBLISHER_NAME = "Old Desk"
    theirs = our_review(
        9,
        author={"@type": "Organization", "name": "AFP Fact Check"},
        url=["https://factcheck.afp.com/9", "https://factcheck.afp.com/9b"],
    )
    their_file = write_file("afp.json", json.dumps(theirs))

    output = import_claims(archive(write_file), their_file)

    assert f"{LISTS}: 5" in output
    assert ExternalReview.objects.get().url == "https://factcheck.afp.com/9"


def test_an_archive_from_the_fact_check_api_counts_its_lists(import_claims, write_file):
    claim = {
        "text": "Claim about the budget",
        "claimant": ["Jo Lee", "Kim Park"],
        "claimDate": "2019-05-30",
        "claimReview": [
            {
                "publisher": [{"name": "Old Desk"}],
                "url": "https://archive.example.org/checks/1",
                "reviewDate": "2019-06-01",
                "textualRating": "False",
            }
        ],
    }
    path = write_file("api.json", json.dumps({"claims": [claim]}))

    output = import_claims(path, "--format", "factcheck-api", "--as-own")

    assert f"{LISTS}: 2" in output
    assert Claim.objects.get().speaker.name == "Jo Lee"


def test_the_upload_page_shows_the_count_for_our_own_archive(client, editor):
    client.force_login(editor)
    content = json.dumps([our_review(1, inLanguage=["en", "fr"])]).encode()

    checked = client.post(
        reverse("admin:claims_externalreview_import"),
        {"file": SimpleUploadedFile("archive.json", content), "as_own": "on"},
    )

    assert checked.status_code == 200
    assert f"{LISTS}: 1" in checked.content.decode()
