"""The desk's claim list: its columns, filters and search, in a fixed number of queries."""

import pytest
from django.urls import reverse

CHANGELIST = reverse("admin:claims_claim_changelist")


@pytest.fixture
def as_reviewer(client, reviewer):
    client.force_login(reviewer)
    return client


def listed(response):
    return {claim.pk for claim in response.context["cl"].result_list}


def test_the_list_shows_status_labels_and_publication(as_reviewer, make_claim, reviewer):
    make_claim(text="Crime halved.", status="mostly_false", summary="No.", published=True)
    make_claim(text="Rents fell.", reviewer=reviewer)

    page = as_reviewer.get(CHANGELIST).content.decode()

    assert "Mostly false" in page
    assert "Published" in page and "Draft" in page
    assert "Crime halved." in page


def test_assigned_to_me_lists_my_claims_only(as_reviewer, make_claim, reviewer, editor):
    mine = make_claim(reviewer=reviewer)
    make_claim(reviewer=editor)
    make_claim()

    assert listed(as_reviewer.get(CHANGELIST, {"reviewer": "me"})) == {mine.pk}


def test_filters_by_publication_and_status(as_reviewer, make_claim):
    published = make_claim(published=True)
    in_review = make_claim(status="in_review")

    assert listed(as_reviewer.get(CHANGELIST, {"published": "yes"})) == {published.pk}
    assert listed(as_reviewer.get(CHANGELIST, {"status__exact": "in_review"})) == {in_review.pk}


def test_search_covers_text_speaker_and_source(as_reviewer, make_claim, make_speaker, make_source):
    by_text = make_claim(text="The harbour tunnel is free.")
    by_speaker = make_claim(speaker=make_speaker(name="Kyle Ward"))
    by_source = make_claim(source=make_source(title="Amnesty to close offices"))
    make_claim()

    for term, claim in [("harbour", by_text), ("Kyle", by_speaker), ("Amnesty", by_source)]:
        assert listed(as_reviewer.get(CHANGELIST, {"q": term})) == {claim.pk}, term


def count_changelist_queries(client, django_assert_num_queries, expected):
    # 1 session, 2 user, 3-4 the user's own and group permissions, 5-7 the
    # topic, reviewer and speaker filters' choices, 8-9 the filtered and total
    # counts, 10 the page of claims with speaker and reviewer joined, 11-12 the
    # date hierarchy's range and its days.
    with django_assert_num_queries(expected):
        assert client.get(CHANGELIST).status_code == 200


@pytest.mark.parametrize("claims", [1, 100])
def test_the_list_runs_the_same_queries_for_1_and_100_claims(
    as_reviewer, make_claim, make_speaker, make_topic, reviewer, claims, django_assert_num_queries
):
    speaker, topic = make_speaker(), make_topic()
    for number in range(claims):
        claim = make_claim(speaker=speaker, reviewer=reviewer, status="in_review")
        if number % 2:
            claim.topics.add(topic)
    count_changelist_queries(as_reviewer, django_assert_num_queries, expected=12)


@pytest.mark.parametrize("value", ["abc", "-1", "1.5", "99999999999999999999", "1e3"])
def test_a_reviewer_filter_that_is_no_user_id_is_the_admins_bad_lookup(
    as_reviewer, make_claim, value
):
    make_claim()

    response = as_reviewer.get(CHANGELIST, {"reviewer": value})

    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


def test_the_reviewer_filter_lists_one_reviewers_claims(as_reviewer, make_claim, reviewer):
    theirs, other = make_claim(reviewer=reviewer), make_claim()

    response = as_reviewer.get(CHANGELIST, {"reviewer": str(reviewer.pk)})

    assert listed(response) == {theirs.pk}
    assert other.pk not in listed(response)
