"""
What kind of speaker and source each is: the optional columns speaker_kind
and source_kind (CSV, JSON Lines), and the author's @type in ClaimReview.
"""

import json

import pytest
from django.core.management.base import CommandError

from claims.models import Source, Speaker
from tests.test_import_claimreview import review as claimreview_sample

HEADER = "claim_text,speaker_name,source_url,speaker_kind,source_kind\n"


def test_the_kinds_are_read_by_value_or_label(import_claims, write_file):
    content = HEADER + (
        "A.,Security Bureau,https://example.org/a,Government body,press_release\n"
        "B.,Amnesty International,https://example.org/b,organization,Social media post\n"
        "C.,Kyle Ward,https://example.org/c,,\n"
    )
    import_claims(write_file("claims.csv", content))

    kinds = dict(Speaker.objects.values_list("name", "kind"))
    assert kinds == {
        "Security Bureau": "government_body",
        "Amnesty International": "organisation",
        "Kyle Ward": "person",  # the default
    }
    assert dict(Source.objects.values_list("url", "kind")) == {
        "https://example.org/a": "press_release",
        "https://example.org/b": "social_post",
        "https://example.org/c": "news_article",
    }


def test_an_unknown_kind_names_the_kinds_and_nothing_is_written(import_claims, write_file):
    content = HEADER + "A.,Jo,https://example.org/a,alien,\nB.,Jo,https://example.org/b,,blog\n"

    with pytest.raises(CommandError) as failure:
        import_claims(write_file("claims.csv", content))

    assert (
        'claims.csv:2: speaker_kind: unknown kind "alien"; the kinds are person, '
        "organisation, government_body"
    ) in str(failure.value)
    assert 'claims.csv:3: source_kind: unknown kind "blog"; the kinds are news_article' in str(
        failure.value
    )
    assert not Speaker.objects.exists()


def test_a_kind_given_updates_a_saved_one_with_history_and_an_empty_cell_leaves_it(
    import_claims, write_file, make_speaker
):
    bureau = make_speaker(name="Security Bureau")
    path = write_file("claims.csv", HEADER + "A.,security  bureau,https://example.org/a,,\n")
    import_claims(path)
    bureau.refresh_from_db()
    assert bureau.kind == "person"

    path = write_file(
        "claims-2.csv", HEADER + "A.,Security Bureau,https://example.org/a,government_body,\n"
    )
    output = import_claims(path)

    bureau.refresh_from_db()
    assert bureau.kind == "government_body"
    assert "speakers: 0 created, 1 updated" in output
    latest = bureau.history.first()
    assert (latest.kind, latest.history_change_reason) == (
        "government_body",
        "imported from claims-2.csv",
    )


def test_two_kinds_for_one_speaker_keep_the_first_and_warn(import_claims, write_file):
    content = HEADER + (
        "A.,Security Bureau,https://example.org/a,government_body,\n"
        "B.,Security Bureau,https://example.org/b,organisation,\n"
    )
    output = import_claims(write_file("claims.csv", content), "-v", "1")

    assert Speaker.objects.get().kind == "government_body"
    assert 'claims.csv:3: speaker_kind: "organisation" differs from "government_body"' in output


def review(author):
    """A ClaimReview of tests/test_import_claimreview.py's, by `author`."""
    sample = claimreview_sample()
    sample["itemReviewed"]["author"] = author
    return sample


@pytest.mark.parametrize(
    ("types", "kind"),
    [
        ("Person", "person"),
        ("Organization", "organisation"),
        ("NGO", "organisation"),
        ("https://schema.org/GovernmentOrganization", "government_body"),
        (["Organization", "GovernmentOrganization"], "government_body"),
        ("Thing", "person"),  # not a kind: the default
    ],
)
def test_a_claimreview_authors_type_is_the_speakers_kind(import_claims, write_file, types, kind):
    author = {"@type": types, "name": "Security Bureau"}
    import_claims(write_file("review.json", json.dumps(review(author))))

    assert Speaker.objects.get().kind == kind


def test_a_plain_organization_does_not_demote_a_government_body(
    import_claims, write_file, make_speaker
):
    # Most feeds, and our exports before GovernmentOrganization, say no more
    # than Organization: a government body is one, so nothing changes.
    bureau = make_speaker(name="Security Bureau", kind="government_body")
    path = write_file(
        "review.json", json.dumps(review({"@type": "Organization", "name": "Security Bureau"}))
    )
    import_claims(path)

    output = import_claims(path)

    bureau.refresh_from_db()
    assert bureau.kind == "government_body"
    assert "speakers: 0 created, 0 updated, 1 unchanged" in output
    assert bureau.history.count() == 1


@pytest.mark.parametrize("kinds", [("organisation", "person"), ("person", "organisation")])
def test_a_government_body_is_told_apart_from_a_person_in_either_order(
    import_claims, write_file, make_speaker, kinds
):
    # "organisation" says nothing new of a government body, wherever it comes.
    bureau = make_speaker(name="Security Bureau", kind="government_body")
    content = HEADER + "".join(
        f"{text},Security Bureau,https://example.org/{text},{kind},\n"
        for text, kind in zip("AB", kinds, strict=True)
    )

    output = import_claims(write_file("claims.csv", content), "-v", "1")

    bureau.refresh_from_db()
    assert bureau.kind == "person"
    assert "differs" not in output
