"""A deterministic, seeded data set in the interchange columns (CSV) and as a Django fixture."""

import csv
import datetime
import itertools
import json
import random

STATUSES = ["unverified", "in_review", "true", "mostly_true", "half_true", "false", "misleading"]
WORDS = [
    "the",
    "government",
    "police",
    "budget",
    "crime",
    "rate",
    "city",
    "council",
    "school",
    "health",
    "hospital",
    "tax",
    "housing",
    "election",
    "vote",
    "border",
    "climate",
    "water",
    "energy",
    "wage",
    "job",
    "court",
    "law",
    "report",
    "percent",
    "million",
    "doubled",
    "halved",
    "record",
    "lowest",
    "highest",
    "since",
    "never",
    "always",
    "every",
]
TOPICS = [f"Topic {number}" for number in range(1, 41)]


def rows(claims, speakers, sources, seed=2021):
    """Yield `claims` interchange dicts over `speakers` speakers and `sources` sources."""
    rng = random.Random(seed)
    start = datetime.date(2015, 1, 1)
    for number in range(claims):
        speaker = rng.randrange(speakers)
        source = rng.randrange(sources)
        said_on = start + datetime.timedelta(days=rng.randrange(3000))
        status = rng.choice(STATUSES)
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(8, 25)))
        yield {
            "external_id": f"bench-{number}",
            "claim_text": f"Claim {number}: {words}.",
            "speaker_name": f"Speaker {speaker}",
            "speaker_description": f"role {speaker % 50}",
            "source_title": f"Report {source}",
            "source_publisher": f"Publisher {source % 200}",
            "source_url": f"https://news.example.org/{source}",
            "source_published_on": "",
            "said_on": said_on.isoformat(),
            "context": rng.choice(["", "speaking to reporters", "in a statement"]),
            "status": status,
            "summary": f"Summary of claim {number}." if status not in STATUSES[:2] else "",
            "topics": ";".join(rng.sample(TOPICS, rng.randrange(0, 3))),
            "language": "en",
        }


def write_csv(path, **sizes):
    from claims.interchange.rows import COLUMNS

    with open(path, "w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows(**sizes))


def write_fixtures(related_path, claims_path, *, subset, **sizes):
    """
    The rows as two Django fixtures with explicit ids, as dumpdata would write
    them: at `related_path` every topic, speaker and source the whole data set
    names (what import_claims creates for it), and at `claims_path` only the
    first `subset` claims, which refer to them.
    """
    topics, speakers, sources, claims = {}, {}, {}, []
    for number, row in enumerate(rows(**sizes), start=1):
        speaker = speakers.setdefault(
            row["speaker_name"], (len(speakers) + 1, row["speaker_description"])
        )[0]
        source = sources.setdefault(row["source_url"], (len(sources) + 1, row))
        topic_ids = [
            topics.setdefault(name, len(topics) + 1) for name in row["topics"].split(";") if name
        ]
        if number > subset:
            continue
        claims.append(
            {
                "model": "claims.claim",
                "pk": number,
                "fields": {
                    "external_id": row["external_id"],
                    "text": row["claim_text"],
                    "slug": f"claim-{number}",
                    "speaker": speaker,
                    "source": source[0],
                    "said_on": row["said_on"],
                    "context": row["context"],
                    "status": row["status"],
                    "summary": row["summary"],
                    "language": "en",
                    "topics": topic_ids,
                    "created_at": "2021-10-25T00:00:00Z",
                    "updated_at": "2021-10-25T00:00:00Z",
                },
            }
        )
    related = []
    for name, pk in topics.items():
        related.append(
            {"model": "claims.topic", "pk": pk, "fields": {"name": name, "slug": f"topic-{pk}"}}
        )
    for name, (pk, description) in speakers.items():
        fields = {"name": name, "slug": f"speaker-{pk}", "description": description}
        related.append({"model": "claims.speaker", "pk": pk, "fields": fields})
    for url, (pk, row) in sources.items():
        related.append(
            {
                "model": "claims.source",
                "pk": pk,
                "fields": {
                    "url": url,
                    "title": row["source_title"],
                    "publisher": row["source_publisher"],
                },
            }
        )
    for path, objects in ((related_path, related), (claims_path, claims)):
        with open(path, "w", encoding="utf-8") as file:
            json.dump(objects, file)
    return {"topics": len(topics), "speakers": len(speakers), "sources": len(sources)}


# The public site's data set (bench/pages.py, bench/search.py, bench/served.py) --
#
# Written straight into the tables (COPY on PostgreSQL, executemany on SQLite)
# with no history: a million claims through the importer would take half an
# hour of history and ledger writes that the read benchmarks do not need. The
# search index is filled by its own triggers (claims/search.py) as the claims
# go in; load_site_data checks that it holds every claim.

SYLLABLES = [consonant + vowel for consonant in "bdfgklmnprstvz" for vowel in "aeiou"]
FIRST_NAMES = ["Ana", "Ben", "Chen", "Dara", "Eli", "Fatima", "Hana", "Jun", "Kofi", "Noor", "Raj"]
VOCABULARY_SIZE = 50_000
TOPIC_COUNT = 40
SITE_STATUSES = ["unverified", "in_review", "true", "mostly_true", "half_true", "mostly_false"]
SITE_STATUSES += ["false", "misleading", "unproven"]


def vocabulary(size=VOCABULARY_SIZE, seed=7):
    """`size` distinct words, most frequent first: WORDS, then made-up ones."""
    rng = random.Random(seed)
    words = list(dict.fromkeys(WORDS))
    seen = set(words)
    while len(words) < size:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randrange(3, 5)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


def site_sizes(claims):
    """Speakers, sources and reviewers for `claims` claims, in a newsroom's proportions."""
    return {
        "claims": claims,
        "speakers": max(10, claims // 50),
        "sources": max(10, claims // 10),
        "reviewers": 20,
    }


def site_tables(claims, seed=2021, text=None):
    """
    {table: (columns, rows)} for `claims` claims: speakers, sources, topics,
    claims (nine in ten published, newest with the highest id), their topics,
    evidence for one claim in five and a correction for one in twenty-five.
    Claim text draws words by Zipf's law from a 50,000-word vocabulary, so the
    commonest words are in most claims and the rarest in a few dozen per
    million. `reviewers` user ids are 1..reviewers. Rows are generators.
    `text(number, rng)`, when given, writes each claim's text instead, in
    Traditional Chinese (bench/chinese.py).
    """
    sizes = site_sizes(claims)
    words = vocabulary()
    weights = list(itertools.accumulate(1 / rank for rank in range(1, len(words) + 1)))
    start = datetime.datetime(2015, 1, 1, tzinfo=datetime.UTC)

    def speakers():
        rng = random.Random(seed + 1)
        for number in range(1, sizes["speakers"] + 1):
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(words[200:5000]).capitalize()}"
            yield (
                number,
                f"{name} {number}",
                f"speaker-{number}",
                "person",
                f"role {number % 50}",
                "",
            )

    def sources():
        for number in range(1, sizes["sources"] + 1):
            yield (
                number,
                f"Report {number}",
                f"Publisher {number % 200}",
                f"https://news.example.org/{number}",
                "news_article",
                None,
                "",
                "en",
            )

    def topics():
        for number in range(1, TOPIC_COUNT + 1):
            yield (number, f"Topic {number}", f"topic-{number}")

    def claim_rows():
        rng = random.Random(seed)
        for number in range(1, claims + 1):
            if text is None:
                claim_text = " ".join(
                    rng.choices(words, cum_weights=weights, k=rng.randrange(8, 25))
                ).capitalize()
                claim_text, language = f"{claim_text}.", "en"
            else:
                claim_text, language = text(number, rng), "zh-Hant"
            status = rng.choice(SITE_STATUSES)
            published = rng.random() < 0.9
            created = start + datetime.timedelta(minutes=5 * number)
            yield (
                number,
                claim_text,
                (start + datetime.timedelta(days=number % 3000)).date(),
                rng.choice(["", "speaking to reporters", "in a statement"]),
                language,
                status,
                f"Summary of claim {number}: the record shows otherwise."
                if status not in SITE_STATUSES[:2]
                else "",
                f"claim-{number}",
                created if published else None,
                created,
                created,
                rng.randrange(1, sizes["reviewers"] + 1) if rng.random() < 0.5 else None,
                rng.randrange(1, sizes["sources"] + 1),
                rng.randrange(1, sizes["speakers"] + 1),
                "",
            )

    def claim_topics():
        rng = random.Random(seed + 2)
        row = itertools.count(1)
        for claim in range(1, claims + 1):
            for topic in rng.sample(range(1, TOPIC_COUNT + 1), rng.randrange(0, 3)):
                yield (next(row), claim, topic)

    def evidence():
        row = itertools.count(1)
        for claim in range(5, claims + 1, 5):
            for position, stance in enumerate(["refutes", "context"]):
                yield (
                    next(row),
                    position,
                    f"https://stats.example.org/{claim}/{position}",
                    f"Official figures {position}",
                    "Statistics Office",
                    "The figures for the year, as published.",
                    stance,
                    "",
                    claim,
                )

    def corrections():
        for number, claim in enumerate(range(25, claims + 1, 25), start=1):
            created = start + datetime.timedelta(minutes=5 * claim + 1)
            yield (
                number,
                "update",
                "A date in the summary was wrong.",
                "",
                "",
                created,
                claim,
                None,
            )

    return {
        "claims_speaker": ("id name slug kind description same_as", speakers()),
        "claims_source": (
            "id title publisher url kind published_on archived_url language",
            sources(),
        ),
        "claims_topic": ("id name slug", topics()),
        "claims_claim": (
            "id text said_on context language status summary slug published_at created_at "
            "updated_at reviewer_id source_id speaker_id external_id",
            claim_rows(),
        ),
        "claims_claim_topics": ("id claim_id topic_id", claim_topics()),
        "claims_evidence": (
            "id position url title publisher excerpt stance archived_url claim_id",
            evidence(),
        ),
        "claims_correction": (
            "id kind note previous_status new_status created_at claim_id created_by_id",
            corrections(),
        ),
    }


def load_site_data(claims, seed=2021, text=None):
    """
    Fill this process's empty, migrated database (DATABASE_URL) with
    site_tables(claims). On PostgreSQL the trigram indexes are built once after
    the rows are in, rather than row by row. Ends with one recorded change, so
    the ledger's head (and so the page cache's keys) belongs to this data set.
    """
    from django.contrib.auth.models import User
    from django.db import connection, transaction

    from claims.models import Topic
    from claims.search import SEARCH_TABLE

    sizes = site_sizes(claims)
    User.objects.bulk_create(
        User(username=f"reviewer{number}", first_name=f"Reviewer {number}", is_staff=True)
        for number in range(1, sizes["reviewers"] + 1)
    )
    postgresql = connection.vendor == "postgresql"
    with transaction.atomic(), connection.cursor() as cursor:
        if postgresql:
            cursor.execute("DROP INDEX claims_claim_search_trgm_idx")
            cursor.execute("DROP INDEX claims_claim_search_grams_idx")
        for table, (columns, rows) in site_tables(claims, seed, text).items():
            columns = columns.split()
            if postgresql:
                with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT coalesce(max(id), 1) FROM {table}))"
                )
            else:
                marks = ", ".join(["%s"] * len(columns))
                insert = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
                while batch := list(itertools.islice(rows, 10_000)):
                    cursor.executemany(insert, batch)
        if postgresql:
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            cursor.execute(
                f"CREATE INDEX claims_claim_search_trgm_idx ON {SEARCH_TABLE} "
                "USING gin (document gin_trgm_ops)"
            )
            cursor.execute(
                f"CREATE INDEX claims_claim_search_grams_idx ON {SEARCH_TABLE} "
                "USING gin (grams gin_trgm_ops)"
            )
        cursor.execute(f"SELECT count(*) FROM {SEARCH_TABLE}")
        indexed = cursor.fetchone()[0]
        if indexed != claims:
            raise RuntimeError(f"the search index holds {indexed:,} claims of {claims:,}")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    Topic(name="Benchmark data").save_recorded(reason=f"bench data set of {claims:,} claims")
