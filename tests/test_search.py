"""Search finds claims by their text, speaker and source, in English and Chinese, from an index."""

import pytest
from django.db import connection
from django.urls import reverse

from claims.models import Claim


def slugs(response):
    return [claim.slug for claim in response.context["page"].object_list]


@pytest.fixture
def chinese(make_claim, make_speaker):
    speaker = make_speaker(name="保安局發言人")
    return make_claim(
        published=True,
        text="國際特赦組織香港辦事處將於年底前關閉",
        speaker=speaker,
        language="zh-Hant",
    )


def test_it_finds_an_english_claim(client, seeded):
    response = client.get(reverse("claims:list"), {"q": "direct threat"})
    assert slugs(response) == ["no-direct-threat-against-amnesty-offices"]


def test_it_finds_a_chinese_claim_by_a_word_inside_it(client, seeded, chinese):
    assert slugs(client.get(reverse("claims:list"), {"q": "香港辦事處"})) == [chinese.slug]
    # A two-character word has no trigram; it is still found.
    assert slugs(client.get(reverse("claims:list"), {"q": "香港"})) == [chinese.slug]
    assert slugs(client.get(reverse("claims:list"), {"q": "保安局"})) == [chinese.slug]


def test_it_ranks_an_exact_phrase_first(client, make_claim):
    exact = make_claim(
        published=True,
        text="Over the whole of the last decade, the minister told parliament, crime halved "
        "in the city and in most of the towns around it.",
    )
    # Newer, shorter and with more mentions of each word: without the phrase
    # rule both recency and the word rank would put it first.
    scattered = make_claim(published=True, text="Halved was crime, crime was halved.")
    other = make_claim(published=True, text="Crime rose.")
    response = client.get(reverse("claims:list"), {"q": "crime halved"})
    assert slugs(response) == [exact.slug, scattered.slug]
    assert other.slug not in slugs(response)


def test_it_finds_claims_by_speaker_and_source(client, seeded):
    by_speaker = slugs(client.get(reverse("claims:list"), {"q": "Kyle Ward"}))
    assert by_speaker == ["no-direct-threat-against-amnesty-offices"]
    by_publisher = slugs(client.get(reverse("claims:list"), {"q": "South China Morning Post"}))
    assert len(by_publisher) == 4


def test_it_follows_edits_to_claims_speakers_and_sources(client, make_claim):
    claim = make_claim(published=True, text="The bridge cost ten million.")
    claim.text = "The tunnel cost ten million."
    claim.save_recorded(reason="Typo")
    claim.speaker.name = "Zelda Quorum"
    claim.speaker.save_recorded(reason="Renamed")
    claim.source.publisher = "Gazette Nouvelle"
    claim.source.save_recorded(reason="Renamed")

    def found(q):
        return slugs(client.get(reverse("claims:list"), {"q": q})) == [claim.slug]

    assert found("tunnel") and not found("bridge")
    assert found("Zelda") and found("Nouvelle")
    claim.delete()
    assert not found("tunnel")


def test_search_syntax_and_wildcards_are_plain_text(client, make_claim):
    claim = make_claim(published=True, text='He called it "100% safe" (AND_OR) NEAR here')
    # Each query once: a repeated request is answered from the page cache,
    # which keeps the page but not the template context read here.
    responses = {
        q: client.get(reverse("claims:list"), {"q": q})
        for q in ['"100% safe"', "100%", "AND_OR", "NEAR(", "*", "safe\"'", "10_"]
    }
    assert all(response.status_code == 200 for response in responses.values())
    assert slugs(responses["100%"]) == [claim.slug]
    assert slugs(responses["10_"]) == []


def test_the_search_runs_on_the_index(make_claim):
    make_claim(text="Prices doubled in a year.", published=True)
    from claims.search import matching_sql

    claims = Claim.objects.published()
    sql, params = matching_sql(claims, ["doubled"])
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The candidates are the newest matches, whichever index finds them.
            assert "ORDER BY claim_id DESC" in sql
            # Which index the planner prefers depends on the tables' statistics
            # (the backward primary key walk for a common word); this asks
            # whether the match itself can be answered from the trigram index.
            for plan_kind in ("seqscan", "indexscan", "indexonlyscan", "nestloop", "mergejoin"):
                cursor.execute(f"SET LOCAL enable_{plan_kind} = off")
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "claims_claim_search_trgm_idx" in plan
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            rows = cursor.fetchall()
            assert "VIRTUAL TABLE INDEX" in "\n".join(str(row[-1]) for row in rows)
            # FTS5 hands the matches over newest first: no sort of all of them.
            candidates = next(row[0] for row in rows if row[-1] == "CO-ROUTINE candidates")
            steps = [row[-1] for row in rows if row[1] == candidates]
            assert steps and not any("TEMP B-TREE" in step for step in steps)
    assert claims.search("doubled").count() == 1


def test_the_index_empties_with_the_claims_table(make_claim):
    from claims.search import SEARCH_TABLE

    make_claim(text="A claim the flush removes.")
    statement = (
        "TRUNCATE claims_claim CASCADE"  # what Django's test flush does on PostgreSQL
        if connection.vendor == "postgresql"
        else "DELETE FROM claims_claim"  # and on SQLite
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Run the deferred foreign-key checks of this test's own inserts
            # first, as a flush in a fresh transaction would have none.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(statement)
        cursor.execute(f"SELECT count(*) FROM {SEARCH_TABLE}")
        assert cursor.fetchone()[0] == 0


def test_migrate_puts_back_triggers_a_table_rebuild_dropped(make_claim):
    # SQLite drops a table's triggers when a migration rebuilds the table.
    from django.core.management import call_command

    claim = make_claim(published=True, text="The old wording.")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER claims_claim_search_sync ON claims_claim")
        else:
            cursor.execute("DROP TRIGGER claims_claim_search_update")
    call_command("migrate", verbosity=0)
    claim.text = "The new wording."
    claim.save_recorded(reason="Reworded")
    assert list(Claim.objects.search("new wording")) == [claim]
