"""A deterministic, seeded data set in the interchange columns (CSV) and as a Django fixture."""

import csv
import datetime
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


def write_fixture(path, **sizes):
    """The same rows as a Django fixture with explicit ids, as dumpdata would write them."""
    topics, speakers, sources, objects = {}, {}, {}, []
    claims = []
    for number, row in enumerate(rows(**sizes), start=1):
        speaker = speakers.setdefault(
            row["speaker_name"], (len(speakers) + 1, row["speaker_description"])
        )[0]
        source = sources.setdefault(row["source_url"], (len(sources) + 1, row))
        topic_ids = [
            topics.setdefault(name, len(topics) + 1) for name in row["topics"].split(";") if name
        ]
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
    for name, pk in topics.items():
        objects.append(
            {"model": "claims.topic", "pk": pk, "fields": {"name": name, "slug": f"topic-{pk}"}}
        )
    for name, (pk, description) in speakers.items():
        fields = {"name": name, "slug": f"speaker-{pk}", "description": description}
        objects.append({"model": "claims.speaker", "pk": pk, "fields": fields})
    for url, (pk, row) in sources.items():
        objects.append(
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
    with open(path, "w", encoding="utf-8") as file:
        json.dump(objects + claims, file)
