"""
The data editor's rules: bad rows are refused with a clear ValidationError by
full_clean(), and by the database itself if a write skips validation.
"""

import datetime
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from claims.models import Claim, Correction, Evidence, Source, Speaker, Topic


def refused(record, message):
    """full_clean() names the problem, and the database refuses the row too."""
    with pytest.raises(ValidationError) as error:
        record.full_clean()
    assert message in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        record.save()


def test_a_published_verdict_needs_a_summary(make_speaker, make_source):
    claim = Claim(
        text="Crime halved.",
        speaker=make_speaker(),
        source=make_source(),
        status=Claim.Status.FALSE,
        published_at=timezone.now(),
        slug="crime-halved",
    )
    refused(claim, "A published verdict needs a summary explaining it.")


def test_a_draft_verdict_or_a_published_unverified_claim_needs_no_summary(
    make_speaker, make_source
):
    speaker, source = make_speaker(), make_source()
    Claim(text="A.", speaker=speaker, source=source, status="false", slug="a").full_clean()
    Claim(
        text="B.", speaker=speaker, source=source, slug="b", published_at=timezone.now()
    ).full_clean()


def test_a_claim_needs_text_and_a_known_status(make_speaker, make_source):
    speaker, source = make_speaker(), make_source()
    refused(Claim(text="", speaker=speaker, source=source, slug="x"), "cannot be blank")
    refused(
        Claim(text="Y.", speaker=speaker, source=source, status="pants_on_fire", slug="y"),
        "Value 'pants_on_fire' is not a valid choice.",
    )


def test_claim_text_has_a_length_limit(make_speaker, make_source):
    claim = Claim(text="x" * 2001, speaker=make_speaker(), source=make_source(), slug="long")
    with pytest.raises(ValidationError, match="at most 2000 characters"):
        claim.full_clean()


def test_a_claim_cannot_be_said_in_the_future_or_after_its_source(make_speaker, make_source):
    source = make_source(published_on=datetime.date(2021, 10, 25))
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    for said_on, message in [
        (tomorrow, "future"),
        (datetime.date(2021, 10, 26), "after the source"),
    ]:
        claim = Claim(text="Z.", speaker=make_speaker(), source=source, said_on=said_on, slug="z")
        with pytest.raises(ValidationError, match=message):
            claim.full_clean()


def test_evidence_urls_are_unique_per_claim(make_claim):
    claim = make_claim()
    Evidence.objects.create(claim=claim, url="https://stats.example.org/t1", title="Table 1")
    refused(
        Evidence(claim=claim, url="https://stats.example.org/t1", title="Same table"),
        "This claim already cites this URL as evidence.",
    )
    # Another claim may cite the same page.
    Evidence(claim=make_claim(), url="https://stats.example.org/t1", title="T").full_clean()


def test_evidence_needs_a_url_or_a_title(make_claim):
    refused(Evidence(claim=make_claim()), "Evidence needs a URL or a title.")


def test_a_source_url_is_unique_and_a_source_needs_a_url_or_a_title(make_source):
    make_source(url="https://news.example.org/story")
    refused(Source(url="https://news.example.org/story"), "A source with this URL already exists.")
    refused(Source(publisher="Nobody"), "A source needs a URL or a title.")


def test_sources_without_a_url_are_told_apart_by_title_and_publisher(db):
    Source.objects.create(title="Policy Address 2021", publisher="HKSAR Government")
    refused(
        Source(title="Policy Address 2021", publisher="HKSAR Government"),
        "A source with this title and publisher and no URL already exists.",
    )


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,hi", "ftp://x.org/f"])
def test_only_web_links_are_accepted(make_claim, url):
    for record in (
        Source(title="T", url=url),
        Speaker(name="S", same_as=url),
        Evidence(claim=make_claim(), title="E", url=url),
    ):
        with pytest.raises(ValidationError, match="Enter a valid URL"):
            record.full_clean()


def test_a_web_links_scheme_is_kept_in_lower_case(make_claim):
    # PostgreSQL's web-link check reads only "http://" and "https://".
    for record, field in (
        (Source(title="T", url="HTTPS://example.org/A"), "url"),
        (Speaker(name="S", slug="s", same_as="Http://example.org/A"), "same_as"),
        (Evidence(claim=make_claim(), title="E", url="HTTP://example.org/A"), "url"),
    ):
        record.full_clean()
        assert getattr(record, field).split("://")[0] in ("http", "https")
        assert getattr(record, field).endswith("://example.org/A")


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="PostgreSQL refuses the capitals, as it should"
)
def test_a_link_saved_without_validation_keeps_its_ledger_entry_true(db):
    # Saved as given, as raw saves are: the row, its history and the entry
    # hashed from it all say the same.
    Source.objects.create(title="T", url="HTTPS://example.org/A")
    out = StringIO()

    call_command("verify_ledger", stdout=out)

    assert Source.objects.get().url == "HTTPS://example.org/A"
    assert out.getvalue().startswith("Ledger intact")


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,x"])
def test_the_database_refuses_non_web_links_written_without_validation(make_claim, url):
    claim = make_claim()
    for model, fields in [
        (Source, {"title": "T", "url": url}),
        (Source, {"title": "T", "archived_url": url}),
        (Speaker, {"name": "S", "slug": "s", "same_as": url}),
        (Evidence, {"claim": claim, "title": "E", "url": url}),
        (Evidence, {"claim": claim, "title": "E", "archived_url": url}),
    ]:
        with pytest.raises(IntegrityError), transaction.atomic():
            model.objects.create(**fields)


def test_topic_names_are_unique_ignoring_case(db):
    Topic.objects.create(name="Human rights")
    refused(
        Topic(name="human RIGHTS", slug="human-rights-2"), "A topic with this name already exists."
    )


def test_a_rating_change_records_both_statuses(make_claim):
    claim = make_claim(published=True)
    refused(
        Correction(claim=claim, kind="rating_change", note="Changed", previous_status="false"),
        "A rating change or retraction records the previous and the new status",
    )
    refused(
        Correction(
            claim=claim,
            kind="rating_change",
            note="Same",
            previous_status="false",
            new_status="false",
        ),
        "A rating change or retraction records the previous and the new status",
    )
    refused(Correction(claim=claim, kind="update", note=""), "cannot be blank")


def test_a_speaker_needs_a_name_and_a_known_kind(db):
    refused(Speaker(name="", slug="nobody"), "cannot be blank")
    refused(Speaker(name="X", slug="x", kind="alien"), "Value 'alien' is not a valid choice.")


def test_a_language_is_a_language_tag(make_speaker, make_source):
    claim = Claim(
        text="Q.", speaker=make_speaker(), source=make_source(), slug="q", language="english!"
    )
    with pytest.raises(ValidationError, match="language tag"):
        claim.full_clean()


def test_a_topic_name_cannot_hold_the_interchange_separator(db):
    # Exports list a claim's topics in one cell separated by ";".
    with pytest.raises(ValidationError) as error:
        Topic(name="Crime; policing", slug="crime-policing").full_clean()
    assert "A topic name cannot contain “;”" in str(error.value)


def test_the_topic_admin_refuses_a_name_with_the_separator(admin_client):
    from django.urls import reverse

    response = admin_client.post(
        reverse("admin:claims_topic_add"), {"name": "Crime; policing", "slug": ""}
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["name"] == [
        "A topic name cannot contain “;”: exports list a claim's topics separated by it."
    ]
    assert not Topic.objects.exists()
