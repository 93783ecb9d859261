"""
One measurement in a fresh process (so peak memory is the measurement's own):
`python -m bench.worker import|import-unchained|bulk FILE` (bulk: the same rows
through bulk_create_with_history, chained) or
`python -m bench.worker loaddata FILE [FILE ...]`, with DATABASE_URL set.
`import-unchained` is the same import with the ledger's entries left out (no
hashing, no entries written), which prices the tamper-evident chain.
loaddata loads its fixtures one after the other, each timed on its own.
Prints a JSON object: seconds, the CPU seconds this process used (user and
system, every thread; a database server's own work is not in it), on
PostgreSQL `server_cpu`, the CPU seconds of the server process that served
this process's connection (one transaction is one server process, so one
core, however the client splits its work), `stolen`, the share of the
machine's CPU time the hypervisor gave to others meanwhile, peak memory in
MB (and for loaddata, `parts`: the seconds of each fixture).
"""

import csv
import json
import os
import resource
import sys
import time
from contextlib import nullcontext
from unittest import mock

import django


def _bulk_create_with_history(path):
    """
    The same rows through django-simple-history's bulk_create_with_history
    and the through model's bulk_create, their history chained as the
    importer chains it: no reading checks, no matching, no slugs worked out.
    """
    from simple_history.utils import bulk_create_with_history

    from claims import chain
    from claims.models import Claim, Source, Speaker, Topic

    with open(path, encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    speakers, sources, topics = {}, {}, {}
    for row in rows:
        speakers.setdefault(
            row["speaker_name"],
            Speaker(
                name=row["speaker_name"],
                description=row["speaker_description"],
                slug=f"s-{len(speakers)}",
            ),
        )
        sources.setdefault(
            row["source_url"],
            Source(
                url=row["source_url"], title=row["source_title"], publisher=row["source_publisher"]
            ),
        )
        for name in filter(None, row["topics"].split(";")):
            topics.setdefault(name, Topic(name=name, slug=f"t-{len(topics)}"))
    for objs, model in ((speakers, Speaker), (sources, Source), (topics, Topic)):
        objs = list(objs.values())
        for start in range(0, len(objs), 2000):
            bulk_create_with_history(objs[start : start + 2000], model)
    through = Claim.topics.through
    snapshot_model = Claim.history.model.topics.model
    for start in range(0, len(rows), 2000):
        batch = rows[start : start + 2000]
        claims = bulk_create_with_history(
            [
                Claim(
                    external_id=row["external_id"],
                    text=row["claim_text"],
                    slug=f"c-{start + index}",
                    speaker=speakers[row["speaker_name"]],
                    source=sources[row["source_url"]],
                    said_on=row["said_on"] or None,
                    context=row["context"],
                    status=row["status"],
                    summary=row["summary"],
                    language=row["language"],
                )
                for index, row in enumerate(batch)
            ],
            Claim,
        )
        links = through.objects.bulk_create(
            [
                through(claim=claim, topic=topics[name])
                for claim, row in zip(claims, batch, strict=True)
                for name in filter(None, row["topics"].split(";"))
            ]
        )
        records = dict(
            Claim.history.filter(id__in=[claim.pk for claim in claims]).values_list(
                "id", "history_id"
            )
        )
        chain.append(
            snapshot_model.objects.bulk_create(
                [
                    snapshot_model(
                        history_id=records[link.claim_id],
                        id=link.pk,
                        claim_id=link.claim_id,
                        topic_id=link.topic_id,
                    )
                    for link in links
                ]
            )
        )


def _stolen():
    """
    Seconds of CPU time, all cores together, that the hypervisor gave to
    other machines while this one's processes were ready to run (the
    `steal` column of /proc/stat): on a shared host, what made the same run
    take a quarter longer on one day than on another.
    """
    try:
        with open("/proc/stat") as stat:
            fields = stat.readline().split()
    except OSError:
        return None
    return int(fields[8]) / os.sysconf("SC_CLK_TCK") if len(fields) > 8 else None


def _server_cpu(pid):
    """
    CPU seconds (user and system) the server process `pid` has used, or None
    when it is not a postgres process of this machine (a remote server).
    """
    try:
        with open(f"/proc/{pid}/stat") as stat:
            command, fields = stat.read().rsplit(")", 1)
    except OSError:
        return None
    if not command.endswith("(postgres"):
        return None
    # The command name, in parentheses, may hold spaces: count from after it.
    fields = fields.split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main(mode, path, *more_paths):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ledger.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    server_pid = None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            (server_pid,) = cursor.fetchone()
        server_before = _server_cpu(server_pid)
    stolen_before = _stolen()
    started = time.perf_counter()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu_before = usage.ru_utime + usage.ru_stime
    parts = []
    if mode in ("import", "import-unchained"):
        # Every append, the import's own included, goes through chain.append:
        # without it, nothing is hashed or written. A plain function, not a
        # MagicMock: a mock keeps every call's arguments, so it would hold
        # each batch of history rows alive and slow the unchained run.
        chain = (
            mock.patch("claims.chain.append", new=lambda records: None)
            if mode == "import-unchained"
            else nullcontext()
        )
        with open(os.devnull, "w") as quiet, chain:
            call_command("import_claims", path, verbosity=0, stdout=quiet)
    elif mode == "bulk":
        with transaction.atomic():
            _bulk_create_with_history(path)
    elif mode == "loaddata":
        for fixture in (path, *more_paths):
            part_started = time.perf_counter()
            call_command("loaddata", fixture, verbosity=0)
            parts.append(time.perf_counter() - part_started)
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime - cpu_before
    peak_mb = usage.ru_maxrss / 1024
    measured = {"seconds": seconds, "cpu": cpu, "peak_mb": peak_mb, "parts": parts}
    stolen_after = _stolen()
    if stolen_before is not None and stolen_after is not None:
        # A share of every core's time over the measurement.
        measured["stolen"] = (stolen_after - stolen_before) / (seconds * os.cpu_count())
    if server_pid is not None:
        # The same connection must have served the whole measurement.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            server_after = _server_cpu(server_pid)
            if cursor.fetchone()[0] == server_pid and None not in (server_before, server_after):
                measured["server_cpu"] = server_after - server_before
    print(json.dumps(measured))


if __name__ == "__main__":
    main(*sys.argv[1:])
