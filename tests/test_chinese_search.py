"""
Chinese search (claims/chinese.py): words of one, two or more CJK characters
found through an index with exactly the claims a substring search finds,
Simplified and Traditional alike, on SQLite and on PostgreSQL.
"""

import pytest
from django.db import connection
from django.urls import reverse

from claims.chinese import SIMPLIFIED, TRADITIONAL, fold, grams, opencc_table
from claims.models import Claim
from claims.search import matching_sql, query_words


def found(client, q):
    response = client.get(reverse("claims:list"), {"q": q})
    assert response.status_code == 200
    return {claim.text for claim in response.context["page"].object_list}


TEXTS = [
    "國安法實施後，香港的人權狀況急劇惡化。",
    "港人權益受損",  # 人權 again, 香港 not: 港 begins it
    "香。港兩字被句號隔開",  # 香港 across a full stop is not the word
    "香 港兩字被空格隔開",  # nor across a space
    "Amnesty 國際特赦組織 closes its HK office",
    "A股今日大跌",
    "国安法实施后，香港的人权状况急剧恶化。",  # Simplified
    "The minister said crime halved.",
]


@pytest.fixture
def ledger(make_claim, make_speaker):
    speaker = make_speaker(name="保安局發言人")
    return {text: make_claim(published=True, text=text, speaker=speaker) for text in TEXTS}


def substring_matches(q):
    """What a substring search of the folded texts and the speaker finds: the reference."""
    words = query_words(q)
    return {
        text
        for text in TEXTS
        if all(word.casefold() in fold(f"{text} 保安局發言人").casefold() for word in words)
    }


@pytest.mark.parametrize(
    "q",
    [
        "香港",  # two characters: in two claims (one Simplified), not across punctuation
        "人權",  # two characters, at a claim's start and inside another
        "港",  # one character
        "權",  # one character at the end of a run
        "惡化",  # two characters before punctuation
        "國安法",  # three: the trigrams
        "国安法",  # Simplified finds Traditional
        "頭髮",  # in none
        "安局",  # in the speaker's name
        "A股",  # Latin and CJK in one short word
        "Amnesty 國際",  # mixed words
        "HK 特赦",
        "字被",
        "香港 人權",  # two words
        "。",  # punctuation alone: a scan, and the claims that have it
        "halved",
    ],
)
def test_a_search_finds_exactly_what_a_substring_search_finds(client, ledger, q):
    assert found(client, q) == substring_matches(q), q


def test_one_and_two_character_words_hit_and_miss(client, ledger):
    hong_kong = {TEXTS[0], TEXTS[6]}
    assert found(client, "香港") == hong_kong
    assert found(client, "香") == {TEXTS[0], TEXTS[2], TEXTS[3], TEXTS[6]}
    assert found(client, "隔開") == {TEXTS[2], TEXTS[3]}
    assert found(client, "人權") == {TEXTS[0], TEXTS[1], TEXTS[6]}
    assert found(client, "權益") == {TEXTS[1]}
    assert found(client, "益權") == set()
    assert found(client, "股今") == {TEXTS[5]}
    assert found(client, "a股") == {TEXTS[5]}
    assert found(client, "B股") == set()
    assert found(client, "鯨") == set()


def test_simplified_and_traditional_find_the_same_claims_shown_as_written(client, ledger):
    traditional, simplified = found(client, "國安法"), found(client, "国安法")

    assert traditional == simplified == {TEXTS[0], TEXTS[6]}
    assert found(client, "人权状况") == found(client, "人權狀況") == {TEXTS[0], TEXTS[6]}
    page = client.get(reverse("claims:list"), {"q": "国安法"}).content.decode()
    assert TEXTS[0] in page and TEXTS[6] in page


def test_an_exact_phrase_still_ranks_first(client, make_claim):
    exact = make_claim(published=True, text="他說香港人權狀況惡化，這是事實。")
    newer = make_claim(published=True, text="人權，人權，香港，香港。")

    response = client.get(reverse("claims:list"), {"q": "香港 人權"})

    assert [claim.pk for claim in response.context["page"].object_list] == [exact.pk, newer.pk]


def test_the_index_follows_a_speaker_renamed_in_chinese(client, make_claim, make_speaker):
    speaker = make_speaker(name="Spokesman")
    claim = make_claim(published=True, text="The office will close.", speaker=speaker)
    speaker.name = "保安局發言人"
    speaker.save_recorded(reason="Named as the bureau")

    assert found(client, "保安") == found(client, "保安局") == {claim.text}
    assert found(client, "发言") == {claim.text}


def test_one_and_two_character_words_read_the_grams_index(make_claim):
    make_claim(published=True, text="國安法實施後，香港的人權狀況急劇惡化。")
    claims = Claim.objects.published()
    for words in (["香港"], ["港"], ["A股"], ["香港", "Amnesty"]):
        sql, params = matching_sql(claims, words)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                for plan_kind in ("seqscan", "indexscan", "indexonlyscan", "nestloop", "mergejoin"):
                    cursor.execute(f"SET LOCAL enable_{plan_kind} = off")
                cursor.execute("EXPLAIN " + sql, params)
                plan = "\n".join(row[0] for row in cursor.fetchall())
                assert "claims_claim_search_grams_idx" in plan, words
            else:
                cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
                plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
                assert "VIRTUAL TABLE INDEX" in plan, words
        expected = 0 if "Amnesty" in words or "A股" in words else 1
        assert claims.search(" ".join(words)).count() == expected


def test_the_database_folds_and_grams_as_python_does(make_claim):
    text = "國安法實施後，香港的人權狀況急劇惡化 Amnesty 乾隆 頭髮"
    claim = make_claim(text=text)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT claims_search_fold(%s), claims_search_grams(claims_search_fold(%s))",
                [text, text],
            )
            folded, database_grams = cursor.fetchone()
        else:
            cursor.execute(
                "SELECT text, grams FROM claims_claim_search WHERE rowid = %s", [claim.pk]
            )
            folded, database_grams = cursor.fetchone()
            database_grams = grams(folded)  # the speaker and source add grams of their own
            assert grams(text) in cursor.execute(
                "SELECT grams FROM claims_claim_search WHERE rowid = %s", [claim.pk]
            ).fetchone()[0]
    assert folded == fold(text) == "国安法实施后，香港的人权状况急剧恶化 Amnesty 干隆 头发"
    assert sorted(database_grams.split()) == sorted(grams(text).split())


def test_the_folding_table_is_opencc_s():
    # Fails when an OpenCC upgrade changes its t2s characters: then copy
    # opencc_table() into claims/chinese.py and into a new migration of the index.
    assert opencc_table() == (TRADITIONAL, SIMPLIFIED)
    assert len(TRADITIONAL) == len(SIMPLIFIED) == len(set(TRADITIONAL))
