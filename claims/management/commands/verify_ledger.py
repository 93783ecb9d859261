import http.client
import json
import time
from urllib.error import URLError
from urllib.parse import urlsplit
from urllib.request import Request, urlopen

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from tqdm import tqdm

from claims.chain import Checkpoint, LedgerBroken, check_hash_chain, is_hash, verify
from claims.models import LedgerEntry

# What --url accepts from a site, whoever runs it: far more than a ledger site
# sends (its head.json is under 1 kB; a page of entries.json holds 1,000
# entries in under 200 kB), and little enough that a hostile or broken site
# cannot make the reader hold more than a few tens of megabytes.
MAX_HEAD_BYTES = 64 * 1024
MAX_PAGE_BYTES = 2 * 1024 * 1024
MAX_PAGE_ENTRIES = 5_000
# Each read from the site waits at most this long, or the time left before
# --deadline if that is shorter; the deadline is checked between reads.
READ_TIMEOUT = 30
DEFAULT_DEADLINE = 600


def _is_count(value):
    # JSON's true and false are Python bools, which are ints: not counts.
    return type(value) is int and value >= 0


def _shown(error, limit=200):
    """An error's text, cut short: a site's own words (a reason phrase) may be any length."""
    text = str(error)
    return text if len(text) <= limit else text[:limit] + "…"


class Progress:
    """tqdm's count of the entries verified, redrawn in place; only used on a terminal."""

    def __init__(self, stream):
        self.stream, self.bar = stream, None

    def __call__(self, done, total):
        if self.bar is None:
            self.bar = tqdm(
                total=total, desc="Verifying the ledger", unit=" entries", file=self.stream
            )
        self.bar.update(done - self.bar.n)

    def close(self):
        if self.bar is not None:
            self.bar.close()


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
        parser.add_argument(
            "--deadline",
            type=float,
            default=DEFAULT_DEADLINE,
            metavar="SECONDS",
            help=f"With --url, give up on the site after this many seconds in all "
            f"(default {DEFAULT_DEADLINE}), however slowly it sends. A ledger of a "
            "million entries is a thousand pages: raise it for a slow link.",
        )

    def handle(self, *args, checkpoint, url, chunk_size, deadline, **options):
        try:
            checkpoints = [Checkpoint.parse(text) for text in checkpoint]
        except ValueError as error:
            raise CommandError(f"--checkpoint: {error}") from error
        if chunk_size < 1:
            raise CommandError("--chunk-size must be a positive number of entries.")
        if not deadline > 0:
            raise CommandError("--deadline must be a positive number of seconds.")
        progress = Progress(self.stderr._out) if self.stderr.isatty() else None
        try:
            if url:
                head = self._verify_site(url, checkpoints, deadline, progress)
            else:
                # claims/chain.py's verify() itself, which the queryset's
                # verify() calls, for its progress report.
                head = verify(LedgerEntry.objects.all(), checkpoints, chunk_size, progress=progress)
        except LedgerBroken as error:
            raise CommandError(str(error)) from error
        finally:
            if progress:
                progress.close()
        extends = "".join(f"; extends checkpoint {c.entries}:{c.hash[:12]}…" for c in checkpoints)
        where = f" at {url}" if url else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"Ledger intact{where}: {head.entries} entries, head {head.hash}{extends}."
            )
        )

    def _verify_site(self, site, checkpoints, deadline, progress):
        """
        Two requests plus one per thousand entries; holds one page in memory at
        a time, of at most MAX_PAGE_BYTES and MAX_PAGE_ENTRIES.
        """
        parts = urlsplit(site)
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise CommandError(f"--url: {site!r} is not an http:// or https:// site address.")
        self.site, self.deadline = site.rstrip("/"), time.monotonic() + deadline
        self.deadline_seconds = deadline
        url = self.site + reverse("claims:ledger_head")
        published = self._fetch(url, MAX_HEAD_BYTES)
        if not (
            isinstance(published, dict)
            and _is_count(published.get("entries"))
            and is_hash(published.get("head"))
        ):
            raise CommandError(
                f'{url} is not a ledger head: it needs "entries", a whole number, and '
                '"head", 64 lowercase hexadecimal characters.'
            )
        head = Checkpoint(published["entries"], published["head"])
        return check_hash_chain(self._entries(head, progress), head, checkpoints)

    def _entries(self, head, progress):
        position = 0
        while position < head.entries:
            url = f"{self.site}{reverse('claims:ledger_entries')}?after={position}"
            entries = self._entries_page(url, self._fetch(url, MAX_PAGE_BYTES), head)
            if not entries:
                return
            # Counted as the page arrives: its last entry may end the chain,
            # and then the generator is not resumed.
            if progress:
                progress(min(entries[-1][0], head.entries), head.entries)
            for entry in entries:
                yield entry
                position = entry[0]

    def _entries_page(self, url, page, head):
        """
        The (position, content_hash, entry_hash) rows of one page, after
        checking its shape and every value's type; a clear error for anything
        else, and for a page older than the head (a cache between here and the
        site kept it).
        """
        not_a_page = f"{url} is not a page of ledger entries"
        if not (
            isinstance(page, dict)
            and isinstance(page.get("head"), dict)
            and isinstance(page.get("entries"), list)
        ):
            raise CommandError(f'{not_a_page}: it needs a "head" object and an "entries" list.')
        if len(page["entries"]) > MAX_PAGE_ENTRIES:
            raise CommandError(
                f"{not_a_page}: it lists {len(page['entries']):,} entries, more than the "
                f"{MAX_PAGE_ENTRIES:,} a page may hold (the ledger's own pages hold 1,000)."
            )
        rows = []
        for number, entry in enumerate(page["entries"], start=1):
            if not isinstance(entry, dict):
                raise CommandError(f"{not_a_page}: its entry {number} is not an object.")
            position = entry.get("position")
            if type(position) is not int or position < 1:
                raise CommandError(
                    f'{not_a_page}: its entry {number} has a "position" that is not a whole '
                    "number from 1 (true and false are not numbers)."
                )
            for name in ("content_hash", "entry_hash"):
                if not is_hash(entry.get(name)):
                    raise CommandError(
                        f'{not_a_page}: the "{name}" of its entry {number} (position '
                        f"{position}) is not 64 lowercase hexadecimal characters."
                    )
            rows.append((position, entry["content_hash"], entry["entry_hash"]))
        page_head = page["head"].get("entries")
        if not _is_count(page_head):
            raise CommandError(f'{not_a_page}: its head has no whole number of "entries".')
        if page_head < head.entries:
            raise CommandError(
                f"{url} is older than the head ({page_head} entries, the head says "
                f"{head.entries}): a cache between here and the site served a stale copy. "
                "Try again later; this says nothing about the ledger itself."
            )
        return rows

    def _fetch(self, url, limit):
        """The JSON at `url`, of at most `limit` bytes, read before the deadline."""
        # Ask caches on the way to check with the site: an old page beside a
        # fresh head would look like a break.
        request = Request(url, headers={"Cache-Control": "no-cache"})
        try:
            with urlopen(request, timeout=self._time_left(url)) as response:
                body = self._read(response, url, limit)
        except (URLError, OSError, http.client.HTTPException, ValueError) as error:
            if time.monotonic() >= self.deadline:
                raise self._past_deadline(url) from None
            raise CommandError(f"Could not read {url}: {_shown(error)}") from None
        try:
            return json.loads(body)
        except RecursionError:
            raise CommandError(f"{url} is not a ledger page: its JSON nests too deeply.") from None
        except ValueError as error:
            raise CommandError(f"{url} is not JSON: {_shown(error)}") from None

    def _read(self, response, url, limit):
        """
        The body, a read at a time: read1() returns what one read from the
        network brings, so a site sending a byte at a time is caught by the
        deadline rather than waited on read after read.
        """
        headers = getattr(response, "headers", None)
        length = headers.get("Content-Length", "") if headers is not None else ""
        if length.isdigit() and int(length) > limit:
            raise self._too_large(url, limit)
        chunks, size = [], 0
        while chunk := response.read1(64 * 1024):
            size += len(chunk)
            if size > limit:
                raise self._too_large(url, limit)
            chunks.append(chunk)
            self._time_left(url)
        return b"".join(chunks)

    def _time_left(self, url):
        """Seconds the next read may wait; CommandError once the deadline has passed."""
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise self._past_deadline(url)
        return min(READ_TIMEOUT, left)

    def _past_deadline(self, url):
        return CommandError(
            f"Gave up on {self.site} after {self.deadline_seconds:g} seconds (--deadline) "
            f"while reading {url}. This says nothing about the ledger itself: try again, "
            "or give a slow site or link a longer --deadline."
        )

    def _too_large(self, url, limit):
        return CommandError(
            f"{url} sent more than {limit:,} bytes, far more than a ledger site's pages: "
            "it is not a ledger page, so it was not read further."
        )
