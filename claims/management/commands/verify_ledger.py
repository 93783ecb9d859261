import json
from urllib.error import URLError
from urllib.parse import urlsplit
from urllib.request import Request, urlopen

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from claims.chain import Checkpoint, LedgerBroken, check_hash_chain
from claims.models import LedgerEntry


class Command(BaseCommand):
    help = (
        "Recompute the tamper-evident ledger from its first entry: every historical "
        "record must match its entry, every entry must follow from the one before, the "
        "chain must end where the ledger head says with no entry outside it, and no "
        "historical row may be missing from it. Exits 0 with the entry count and head "
        "hash, or non-zero naming the first entry that does not match. With --url, "
        "recompute instead the chain of hashes a ledger site publishes, as any reader can."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--checkpoint",
            action="append",
            default=[],
            metavar="COUNT:HASH",
            help="A head saved earlier (from /ledger/ or this command's output): also "
            "check that today's ledger extends it. May be given more than once.",
        )
        parser.add_argument(
            "--url",
            metavar="SITE",
            help="Verify the ledger published at this site (e.g. https://ledger.example.org) "
            "from its /ledger/ hashes instead of this database.",
        )
        parser.add_argument(
            "--chunk-size",
            type=int,
            default=2000,
            help="Entries read per query (default 2000); memory grows with this, not "
            "with the ledger.",
        )

    def handle(self, *args, checkpoint, url, chunk_size, **options):
        try:
            checkpoints = [Checkpoint.parse(text) for text in checkpoint]
        except ValueError as error:
            raise CommandError(f"--checkpoint: {error}") from error
        if chunk_size < 1:
            raise CommandError("--chunk-size must be a positive number of entries.")
        try:
            if url:
                head = self._verify_site(url, checkpoints)
            else:
                head = LedgerEntry.objects.verify(checkpoints=checkpoints, chunk_size=chunk_size)
        except LedgerBroken as error:
            raise CommandError(str(error)) from error
        extends = "".join(f"; extends checkpoint {c.entries}:{c.hash[:12]}…" for c in checkpoints)
        where = f" at {url}" if url else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"Ledger intact{where}: {head.entries} entries, head {head.hash}{extends}."
            )
        )

    def _verify_site(self, site, checkpoints):
        """Two requests plus one per thousand entries; holds one page in memory at a time."""
        parts = urlsplit(site)
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise CommandError(f"--url: {site!r} is not an http:// or https:// site address.")
        site = site.rstrip("/")
        published = self._fetch(site + reverse("claims:ledger_head"))
        try:
            head = Checkpoint.parse(f"{published['entries']}:{published['head']}")
        except (KeyError, TypeError, ValueError) as error:
            raise CommandError(f"{site} does not publish a ledger head: {error}") from error
        return check_hash_chain(self._entries(site, head), head, checkpoints)

    def _entries(self, site, head):
        position = 0
        while position < head.entries:
            url = f"{site}{reverse('claims:ledger_entries')}?after={position}"
            entries = self._entries_page(url, self._fetch(url), head)
            if not entries:
                return
            for entry in entries:
                yield entry
                position = entry[0]

    def _entries_page(self, url, page, head):
        """
        The (position, content_hash, entry_hash) rows of one page, after
        checking its shape; a clear error for anything else, and for a page
        older than the head (a cache between here and the site kept it).
        """
        try:
            page_head = page["head"]["entries"]
            rows = [
                (entry["position"], entry["content_hash"], entry["entry_hash"])
                for entry in page["entries"]
            ]
        except (KeyError, TypeError) as error:
            raise CommandError(
                f"{url} is not a page of ledger entries: it lacks {error}."
            ) from error
        for position, content, entry in rows:
            if not (
                isinstance(position, int) and isinstance(content, str) and isinstance(entry, str)
            ):
                raise CommandError(
                    f"{url} is not a page of ledger entries: entry {position!r} needs a whole "
                    "number position and text hashes."
                )
        if not isinstance(page_head, int) or page_head < head.entries:
            raise CommandError(
                f"{url} is older than the head ({page_head!r} entries, the head says "
                f"{head.entries}): a cache between here and the site served a stale copy. "
                "Try again later; this says nothing about the ledger itself."
            )
        return rows

    def _fetch(self, url):
        # Ask caches on the way to check with the site: an old page beside a
        # fresh head would look like a break.
        request = Request(url, headers={"Cache-Control": "no-cache"})
        try:
            with urlopen(request, timeout=30) as response:
                return json.load(response)
        except (URLError, OSError, ValueError) as error:
            raise CommandError(f"Could not read {url}: {error}") from error
