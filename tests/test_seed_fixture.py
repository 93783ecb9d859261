"""The seed fixture: the claims in the Amnesty article, loaded the way `make run` loads them."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from claims.models import Claim, Source, Speaker, Topic

SEED = "amnesty-hk-2021"


@pytest.fixture
def seeded(db):
    call_command("loaddata", SEED, verbosity=0)


def counts():
    return {
        "rows": [m.objects.count() for m in (Claim, Speaker, Source, Topic)],
        "topic links": Claim.topics.through.objects.count(),
        "history": [m.history.count() for m in (Claim, Speaker, Source, Topic)],
    }


def test_loading_the_seed_twice_duplicates_nothing(db):
    call_command("loaddata", SEED, verbosity=0)
    first = counts()

    call_command("loaddata", SEED, verbosity=0)

    assert counts() == first
    assert first["rows"] == [8, 5, 1, 6]
    assert first["topic links"] == 16


def test_make_runs_seed_step_loads_an_empty_ledger_once(db):
    out = StringIO()
    call_command("load_seed", stdout=out)
    assert "Loaded the seed fixture amnesty-hk-2021: 8 claims." in out.getvalue()
    first = counts()

    call_command("load_seed", stdout=out)

    assert counts() == first
    assert "already holds 8 claim(s); the seed was not loaded" in out.getvalue()


def test_make_runs_seed_step_never_overwrites_the_desks_work(db, editor, make_editor):
    call_command("load_seed", stdout=StringIO())
    claim = Claim.objects.get(slug="no-direct-threat-against-amnesty-offices")
    # Another editor approves the new verdict first: Erin writes it, so hers does not count.
    claim.approve(
        by=make_editor(),
        status=Claim.Status.MISLEADING,
        summary="Threats were reported in other forms.",
    )
    claim.rate(
        Claim.Status.MISLEADING,
        summary="Threats were reported in other forms.",
        reason="Checked with the desk",
        by=editor,
    )
    source = claim.source
    source.url = "https://www.example.org/amnesty-report"
    source.save_recorded(reason="Found the link", by=editor)

    call_command("load_seed", stdout=StringIO())

    claim.refresh_from_db()
    assert claim.status == Claim.Status.MISLEADING
    assert Source.objects.count() == 1


def test_the_seed_holds_the_articles_claims_and_speakers(seeded):
    claim = Claim.objects.get(
        text="No direct threat had been made against the Amnesty offices in Hong Kong."
    )
    assert claim.speaker.name == "Kyle Ward"
    assert claim.speaker.description == "deputy secretary general, Amnesty International"
    assert claim.context == "speaking to the Post from London"
    assert str(claim.said_on) == "2021-10-25"
    assert claim.source.publisher == "South China Morning Post"
    assert str(claim.source.published_on) == "2021-10-25"

    assert set(Speaker.objects.values_list("name", flat=True)) == {
        "Amnesty International",
        "Anjhula Mya Singh Bais",
        "Kyle Ward",
        "Security Bureau spokesman",
        "Financial services minister",
    }
    assert Claim.objects.filter(
        speaker__name="Security Bureau spokesman",
        text="The national security law upheld human rights.",
    ).exists()
    # The article reports the claims; it settles none of them.
    assert set(Claim.objects.values_list("status", flat=True)) == {"unverified"}
    assert not Claim.objects.filter(topics=None).exists()


def test_the_seed_has_published_claims_and_drafts(seeded):
    assert Claim.objects.published().count() >= 3
    assert Claim.objects.drafts().exists()


def test_the_home_page_lists_published_claims_but_no_drafts(
    client, seeded, django_assert_num_queries
):
    # 1 the count, 1 published claims with speaker and source, 1 their topics.
    with django_assert_num_queries(3):
        response = client.get(reverse("claims:home"), follow=True)

    page = response.content.decode()
    for claim in Claim.objects.published():
        assert escape(claim.text) in page
    for draft in Claim.objects.drafts():
        assert escape(draft.text) not in page
    assert response.status_code == 200


def test_a_drafts_page_is_not_found_and_a_published_claims_page_is(client, seeded):
    draft = Claim.objects.drafts().first()
    published = Claim.objects.published().first()
    assert client.get(draft.get_absolute_url()).status_code == 404
    response = client.get(published.get_absolute_url())
    assert response.status_code == 200
    assert published.speaker.name in response.content.decode()
