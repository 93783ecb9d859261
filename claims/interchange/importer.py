"""
ClaimImporter: interchange rows into the ledger, all or nothing, with history.

A run has two phases. `read()` parses and checks every file, keeping compact
rows and collecting every problem as `FILE:LINE: field: message`. `run()`
then, inside one transaction, loads what the ledger already holds (a few
queries that read ids, names, keys and claim fields, not model instances),
decides for each row what to create or change, checks what needs the
database (a published verdict needs a summary), and only if nothing is wrong
writes, so every created or changed row gets history with the import's
user and reason, chained into the ledger. A row equal to what the ledger
holds writes nothing.

New rows, most of a first import, go in a batch at a time through
django-simple-history's `bulk_create_with_history` (the history manager
chains each batch, claims/history.py), topic links through the through
model's `bulk_create`. Speakers and sources a row changes go through
`bulk_update_with_history`. Claims a row changes go through the same verbs a
desk uses (`save_recorded`, `rate`, `retract`, `publish`, `set_topics`), as
the import's user: what a change needs and gives readers is the workflow's
one rule, `status_change()`, asked before anything is written so that every
refusal is reported by file and line.
"""

import os
import time
from collections import Counter, defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from claims import chain
from claims.interchange.claimreview import read_claimreview
from claims.interchange.csv_format import read_csv
from claims.interchange.external import ExternalReviewPlan, read_external_reviews
from claims.interchange.factcheck_api import read_factcheck_api
from claims.interchange.files import guess_format
from claims.interchange.jsonl import read_jsonl
from claims.interchange.ratings import LabelsFileError, desk_labels
from claims.interchange.rows import FileErrors, source_key
from claims.models import (
    Claim,
    ClaimStatus,
    SlugMaker,
    Source,
    SourceKind,
    Speaker,
    SpeakerKind,
    Topic,
    lookalike_key,
    lowercase_scheme,
    name_key,
    status_change,
)

# The interchange column a claim field's problem is reported under.
CLAIM_COLUMNS = {
    "text": "claim_text",
    "speaker": "speaker_name",
    "source": "source_title",
    "external_id": "external_id",
    "said_on": "said_on",
    "context": "context",
    "language": "language",
    "status": "status",
    "summary": "summary",
    "published_at": "published_at",
}
READERS = {
    "csv": read_csv,
    "jsonl": read_jsonl,
    "claimreview": read_claimreview,
    "factcheck-api": read_factcheck_api,
    "external-reviews": read_external_reviews,
}
# The formats that carry other desks' reviews, read as theirs unless --as-own.
REVIEW_FORMATS = {"claimreview", "factcheck-api", "external-reviews"}
BATCH_SIZE = 2000
CLAIM_FIELDS = ["id", "external_id", "speaker_id", "source_id", "text", "said_on", "context"]
CLAIM_FIELDS += ["status", "summary", "language", "published_at"]


class ImportFailed(Exception):
    """The input has problems; `errors` lists them all and nothing was written."""

    def __init__(self, errors):
        super().__init__(f"{len(errors)} problem(s)")
        self.errors = errors


class Summary:
    """Created / updated / unchanged counts per model, and the time taken."""

    MODELS = ["claims", "speakers", "sources", "topics", "corrections", "external reviews"]

    def __init__(self):
        self.counts = {model: Counter() for model in self.MODELS}
        self.seconds = 0.0
        # Other desks' labels the table does not know, with their counts, and
        # the fields that held a list where one value belongs (the first taken).
        self.unmapped_labels = Counter()
        self.lists_taken_first = 0

    def add(self, model, outcome, number=1):
        self.counts[model][outcome] += number

    def lines(self):
        for model in self.MODELS:
            counts = self.counts[model]
            if model == "corrections":
                if counts["created"]:
                    yield f"corrections: {counts['created']} created"
                continue
            if model == "external reviews" and not counts:
                continue
            yield (
                f"{model}: {counts['created']} created, {counts['updated']} updated, "
                f"{counts['unchanged']} unchanged"
            )
        if self.lists_taken_first:
            yield f"lists where one value belongs, the first taken: {self.lists_taken_first}"
        if self.unmapped_labels:
            yield (
                f"labels not in the table ({sum(self.unmapped_labels.values())} review(s), "
                "mapped to Unverified, the label kept):"
            )
            for label, count in self.unmapped_labels.most_common():
                yield f"  {count} x {label}"


class NoProgress:
    def start(self, label, total):
        pass

    def advance(self, number):
        pass

    def finish(self):
        pass


class ClaimImporter:
    def __init__(self, *, user, by=None, progress=None, batch_size=BATCH_SIZE, as_own=False):
        self.user = user
        # Every review in the files is the desk's own verdict (an archive moved
        # from another system), whoever its author.
        self.as_own = as_own
        # Whose permissions the run needs, as the workflow's `by`: None is the system.
        self.by = by
        self.progress = progress or NoProgress()
        self.batch_size = batch_size
        self.errors = FileErrors()
        # What the run takes one way of two, and says so (a detail two rows give differently).
        self.warnings = FileErrors()
        self.rows = []
        # With --skip-invalid: the problems of the rows left out.
        self.skipped = []
        self._external_ids = {}
        self._natural_keys = {}
        self._paths = {}  # (device, inode) -> the path first given for that file
        self.summary = Summary()
        self._started = time.monotonic()
        # A setting the run cannot do without, if wrong: it stops the run,
        # whatever --skip-invalid says.
        self.setting_problem = None

    # Reading --------------------------------------------------------------

    def read(self, path, format=None):
        """
        Check one file and keep its rows; problems go to self.errors. Labels
        are compared in the site's own language, whatever the editor reads.
        """
        try:
            # The desk's label table maps what the files rate: a bad
            # LEDGER_RATING_LABELS_FILE is this run's problem, said once.
            desk_labels()
        except LabelsFileError as error:
            self.setting_problem = str(error)
            return
        with translation.override(None):
            self._read(path, format)

    def _read(self, path, format):
        self.errors.register(path)
        self.warnings.register(path)
        if not os.path.isfile(path):
            self.errors.add(path, 1, "file", "does not exist or is not a file")
            return
        # Read twice, its every row would be its own duplicate, or one claim twice.
        # Known by its device and inode, so a symbolic or a hard link to it is it too.
        try:
            status = os.stat(path)
            file = (status.st_dev, status.st_ino)
        except OSError:
            file = os.path.realpath(path)
        if file in self._paths:
            first = self._paths[file]
            also = "" if first == path else f" (as {first})"
            self.errors.add(path, 1, "file", f"is named twice in this run{also}; name it once")
            return
        self._paths[file] = path
        try:
            format = format or guess_format(path)
            options = {"as_own": self.as_own} if format in REVIEW_FORMATS else {}
            for row in READERS[format](path, path, self.errors, **options):
                # Many desks review one claim: a review row is matched by its review.
                if row.review is not None or not self._is_duplicate(row):
                    self.rows.append(row)
        except OSError as error:
            self.errors.add(path, 1, "file", f"cannot be read: {error.strerror}")

    def _is_duplicate(self, row):
        if row.external_id:
            first = self._external_ids.setdefault(row.external_id, (row.file, row.line))
            if first != (row.file, row.line):
                message = f'"{row.external_id}" is also on {_where(row, *first)}'
                self.errors.add(row.file, row.line, "external_id", message)
                return True
        key = (row.speaker_key, row.source_key, row.claim_text)
        first = self._natural_keys.setdefault(key, row)
        # Two ids sharing a speaker, source and text are two claims. Without
        # an id on either row, they are one claim twice, or two claims that
        # the next run could no longer tell apart.
        if first is row or (first.external_id and row.external_id):
            return False
        _same_claim(self.errors, row, first)
        return True

    # Planning and writing -------------------------------------------------

    def run(self, *, dry_run=False, skip_invalid=False):
        """
        Import the rows read, in one transaction; raise ImportFailed listing
        every problem, having written nothing. Returns the Summary. With
        `skip_invalid`, the rows with problems are left out instead, listed
        in `self.skipped`, and the rest are written. In the site's own
        language whatever the editor reads (the admin's upload): labels are
        compared and history reasons written as they are in any run.
        """
        if self.setting_problem:
            raise ImportFailed([self.setting_problem])
        with transaction.atomic(), translation.override(None):
            self.now = timezone.now()
            if skip_invalid:
                # The rows refused as they were read are already left out.
                self.skipped, self.errors = self.errors.lines, FileErrors()
            plan = _Plan(self)
            # Decided even when some rows were refused as they were read, so
            # what needs the ledger (a published verdict's summary, who may
            # publish) is reported in the same run for the rows that were not.
            plan.decide()
            if self.errors and skip_invalid:
                plan = self._skip_invalid(plan)
            if self.errors:
                raise ImportFailed(self.errors.lines)
            if not dry_run:
                plan.write()
        self.summary.seconds = time.monotonic() - self._started
        return self.summary

    def _skip_invalid(self, plan):
        """
        Leave out the rows the plan found problems with, by their place, and
        decide again without them: each problem moves to `self.skipped`. A
        row refused only on a second decision (it depended on a row left
        out) is left out too.
        """
        for _ in range(3):
            places = self.errors.places()
            self.skipped += self.errors.lines
            # Each plan warns afresh, of the rows it keeps.
            self.errors, self.warnings = FileErrors(), FileErrors()
            self.rows = [row for row in self.rows if (row.file, row.line) not in places]
            self.summary = Summary()
            plan = _Plan(self)
            plan.decide()
            if not self.errors:
                break
        return plan

    def reason_for(self, row, *, rating=True):
        """The history reason; a claim's also names the rating the file gave, if not ours."""
        reason = f"imported from {os.path.basename(row.file)}"
        if rating and row.original_rating:
            reason += f' (rated "{row.original_rating}")'
        return reason


def _where(row, file, line):
    """Another row's place, as a problem on `row` names it."""
    return f"line {line}" if file == row.file else f"{file} line {line}"


def _same_claim(errors, row, first):
    """Refuse `row`, which would land on the same claim as the earlier row `first`."""
    errors.add(
        row.file,
        row.line,
        "claim_text",
        f"matches the same claim as {_where(row, first.file, first.line)} (the same "
        "speaker, source and claim text); keep one of the two rows",
    )


def _batches(items, size):
    for start in range(0, len(items), size):
        yield items[start : start + size]


class _Plan:
    """What one run creates and changes, decided before anything is written."""

    def __init__(self, importer):
        self.importer = importer
        self.summary = importer.summary
        self.user = importer.user
        self.now = importer.now
        # New and changed objects, keyed so the rows can find them.
        self.new_topics = {}  # casefolded name -> Topic
        self.new_speakers = {}  # speaker key -> Speaker
        self.changed_speakers = {}  # id -> ({field: value}, the row that changed it)
        self.new_sources = {}  # source key -> Source
        self.changed_sources = {}  # id -> ({field: value}, the row that changed it)
        self.new_claims = []  # rows
        # id -> (row, {field: value}, new topic names or None, {the saved status,
        # summary and published_at})
        self.changed_claims = {}
        # id -> the workflow's StatusChange for each changed claim
        self.rules = {}
        self.reviews = ExternalReviewPlan(self)
        # (speaker key, claim text) -> id of each claim created for a review row
        self.review_claim_ids = {}

    # Deciding ---------------------------------------------------------------

    def decide(self):
        rows = self.importer.rows
        self.progress = self.importer.progress
        # Counted for every row read, our own verdicts and other desks' reviews alike.
        self.summary.lists_taken_first += sum(row.lists_taken_first for row in rows)
        # A review already known keeps its claim: its row plans nothing else.
        rows = self.reviews.set_aside_known(rows)
        self._decide_topics(rows)
        self._decide_speakers(rows)
        self._decide_sources(rows)
        self._decide_claims(rows)
        self.reviews.decide()

    def _decide_topics(self, rows):
        # Keyed as the rows' names are cleaned: "Human  rights" is "Human rights".
        # As before name_key read compatibility forms and zero-width
        # characters (the speakers' rule): the rows' names are matched by
        # case and spacing alone, and so must the saved ones be.
        self.topic_ids = {
            " ".join(name.split()).casefold(): pk
            for pk, name in Topic._base_manager.order_by().values_list("id", "name")
        }
        seen = set()
        for row in rows:
            for name in row.topics or ():
                key = name.casefold()
                if key in seen:
                    continue
                seen.add(key)
                if key in self.topic_ids:
                    self.summary.add("topics", "unchanged")
                else:
                    self.new_topics[key] = self._reason(Topic(name=name), row)
        self.summary.add("topics", "created", len(self.new_topics))

    def _decide_speakers(self, rows):
        existing, namesakes = {}, defaultdict(list)
        # Names told apart only by Cyrillic or Greek lookalike letters: the
        # first saved name with each lookalike key (read newest first).
        lookalikes = {}
        for pk, name, description, kind in Speaker._base_manager.order_by("-id").values_list(
            "id", "name", "description", "kind"
        ):
            key = name_key(name)
            lookalikes[lookalike_key(name)] = name
            if key in existing:
                namesakes[key].append(name)
            existing[key] = (pk, {"description": description, "kind": kind})
        self.speaker_ids = {key: pk for key, (pk, _) in existing.items()}
        given = {}  # (speaker key, field) -> (the first value given, its row)
        for row in rows:
            key = row.speaker_key
            if key in namesakes:
                # Saved before the admin refused namesakes: which one a row means is
                # unknowable. Said once, on the first row naming them.
                names = namesakes.pop(key)
                self.importer.errors.add(
                    row.file,
                    row.line,
                    "speaker_name",
                    f"the ledger holds {len(names) + 1} speakers named like "
                    f"“{row.speaker_name}”; rename all but one in the admin, so a name is "
                    "one speaker",
                )
            if row.speaker_description:
                self._first_value(given, (key, "description"), "speaker_description", row)
            saved = existing.get(key)
            # A government body is an organisation: a row saying no more than
            # that (ClaimReview's plain Organization, as most feeds and our
            # exports before GovernmentOrganization have it) changes nothing.
            demotes = (
                row.speaker_kind == SpeakerKind.ORGANISATION
                and saved is not None
                and saved[1]["kind"] == SpeakerKind.GOVERNMENT_BODY
            )
            if row.speaker_kind and not demotes:
                self._first_value(given, (key, "kind"), "speaker_kind", row)
            if key not in existing and key not in self.new_speakers:
                self.new_speakers[key] = self._reason(Speaker(name=row.speaker_name), row)
                self._warn_of_lookalike(lookalikes, row)
        self._give_values(given, self.new_speakers, existing, self.changed_speakers)
        self.summary.add("speakers", "created", len(self.new_speakers))
        self.summary.add("speakers", "updated", len(self.changed_speakers))
        self.summary.add(
            "speakers",
            "unchanged",
            len({row.speaker_key for row in rows} & set(existing)) - len(self.changed_speakers),
        )

    def _warn_of_lookalike(self, lookalikes, row):
        """
        A new speaker whose name differs from another's only by lookalike
        letters (Cyrillic U+0430 for the "a" of "Kyle Ward") is made, as the file asks, but
        the run says so: merging would put one person's claims on another,
        and a silent split would hide a name made to pass for someone's.
        """
        namesake = lookalikes.setdefault(lookalike_key(row.speaker_name), row.speaker_name)
        if name_key(namesake) != row.speaker_key:
            self.importer.warnings.add(
                row.file,
                row.line,
                "speaker_name",
                f"“{row.speaker_name}” looks like the speaker “{namesake}” but is spelled "
                "with other letters (Cyrillic or Greek ones that look Latin); imported as "
                "a new speaker. If it is the same one, correct the name in the file.",
            )

    def _decide_sources(self, rows):
        existing = {}
        fields = ["title", "publisher", "published_on", "kind"]
        for pk, url, *values in Source._base_manager.order_by().values_list("id", "url", *fields):
            saved = dict(zip(fields, values, strict=True))
            # Keyed as the rows' URLs are, whatever case an older row's scheme has.
            key = source_key(lowercase_scheme(url), saved["title"], saved["publisher"])
            existing[key] = (pk, saved)
        self.source_ids = {key: values[0] for key, values in existing.items()}
        given = {}  # (source key, field) -> (the first value given, its row)
        for row in rows:
            key = row.source_key
            # Without a URL, the title and publisher are what names the source.
            if row.source_url and row.source_title:
                self._first_value(given, (key, "title"), "source_title", row)
            if row.source_url and row.source_publisher:
                self._first_value(given, (key, "publisher"), "source_publisher", row)
            if row.source_published_on:
                # A date is a fact, not a role that changed: each row checked its
                # said_on against its own, so two dates for one source are refused.
                self._first_value(
                    given, (key, "published_on"), "source_published_on", row, refuse=True
                )
            if row.source_kind:
                self._first_value(given, (key, "kind"), "source_kind", row)
            if key not in existing and key not in self.new_sources:
                source = Source(
                    url=row.source_url,
                    title=row.source_title,
                    publisher=row.source_publisher,
                    language=row.language or "en",
                )
                self.new_sources[key] = self._reason(source, row)
        self._give_values(given, self.new_sources, existing, self.changed_sources)
        self.summary.add("sources", "created", len(self.new_sources))
        self.summary.add("sources", "updated", len(self.changed_sources))
        self.summary.add(
            "sources",
            "unchanged",
            len({row.source_key for row in rows} & set(existing)) - len(self.changed_sources),
        )

    @staticmethod
    def _give_values(given, new, existing, changed):
        """
        Set the values the rows gave ({(key, field): (value, row)}) on the new
        speakers or sources (`new`, by key), and note in `changed` ({id:
        ({field: value}, the first row changing it)}) those that differ from
        a saved one's (`existing`: {key: (id, {field: value})}).
        """
        for (key, field), (value, row) in given.items():
            if key in new:
                setattr(new[key], field, value)
                continue
            pk, saved = existing[key]
            if value != saved[field]:
                changed.setdefault(pk, ({}, row))[0][field] = value

    def _first_value(self, given, key, column, row, *, refuse=False):
        """
        Keep the first non-empty `column` the rows give for one speaker or
        source. A later row giving another is not dropped without a word:
        feeds name one speaker with the roles of several years ("minister",
        "former minister"), so the run goes on and warns; or, with `refuse`,
        the row is refused.
        """
        value = getattr(row, column)
        first_value, first_row = given.setdefault(key, (value, row))
        if value != first_value:
            differs = (
                f'"{value}" differs from "{first_value}" on '
                f"{_where(row, first_row.file, first_row.line)}, for the same "
                f"{column.split('_')[0]}"
            )
            if refuse:
                self.importer.errors.add(row.file, row.line, column, f"{differs}; give one")
            else:
                kept = f"{differs}; the first is kept"
                self.importer.warnings.add(row.file, row.line, column, kept)

    def _decide_claims(self, rows):
        """
        Costs two queries: the claims' fields and their topics, read as tuples;
        and, when claims change, the locks on them and the republished claims' history.
        """
        by_external_id, by_natural_key = {}, {}
        by_claimant_and_text = {}  # what a review row's claim is matched by
        for saved in Claim._base_manager.order_by().values_list(*CLAIM_FIELDS):
            if saved[1]:
                by_external_id[saved[1]] = saved
            by_natural_key[(saved[2], saved[3], saved[4])] = saved
            # Of claims told apart only by their sources, the first entered.
            claimant_and_text = (saved[2], saved[4])
            by_claimant_and_text[claimant_and_text] = min(
                saved[0], by_claimant_and_text.get(claimant_and_text, saved[0])
            )
        topics_of = defaultdict(set)
        for claim_id, topic_id in Claim.topics.through.objects.order_by().values_list(
            "claim_id", "topic_id"
        ):
            topics_of[claim_id].add(topic_id)
        self.saved_topics = topics_of
        self.progress.start("Checking claims", len(rows))
        # The first row to match each saved claim. Rows sharing a speaker,
        # source and text were refused as they were read; here two rows with
        # different ids can still adopt one claim entered by hand, or one
        # row's id and another's text can match the same saved claim.
        matched = {}
        # Saved claims review rows attach to, with those of reviews already recorded.
        reviewed_claims = self.reviews.known_claim_ids()
        for number, row in enumerate(rows, start=1):
            if row.review is not None:
                speaker_id = self.speaker_ids.get(row.speaker_key)
                claim_id = by_claimant_and_text.get((speaker_id, row.claim_text))
                self.reviews.attach(row, claim_id)
                reviewed_claims.add(claim_id)
                continue
            saved = self._match(row, by_external_id, by_natural_key)
            if saved is None:
                self.new_claims.append(row)
            elif saved[0] in matched:
                # The later row would silently undo the earlier's changes.
                _same_claim(self.importer.errors, row, matched[saved[0]])
            else:
                matched[saved[0]] = row
                self._decide_changes(row, saved)
            if number % self.importer.batch_size == 0:
                self.progress.advance(self.importer.batch_size)
        self.progress.finish()
        self._lock_changed_claims()
        self._check_claims()
        self.summary.add("claims", "created", len(self.new_claims))
        self.summary.add("claims", "updated", len(self.changed_claims))
        own_rows = len(rows) - len(self.reviews.rows)
        new_own = len(self.new_claims) - len(self.reviews.claim_rows)
        reviewed_claims.discard(None)
        self.summary.add(
            "claims",
            "unchanged",
            own_rows - new_own - len(self.changed_claims) + len(reviewed_claims - set(matched)),
        )

    def _match(self, row, by_external_id, by_natural_key):
        speaker_id = self.speaker_ids.get(row.speaker_key)
        source_id = self.source_ids.get(row.source_key)
        natural = by_natural_key.get((speaker_id, source_id, row.claim_text))
        if row.external_id:
            saved = by_external_id.get(row.external_id)
            # A claim entered by hand and now arriving with its id elsewhere is the same claim.
            if saved is None and natural is not None and not natural[1]:
                saved = natural
            return saved
        return natural

    def _decide_changes(self, row, saved):
        (pk, external_id, speaker_id, source_id, text, said_on, context) = saved[:7]
        status, summary, language, published_at = saved[7:]
        present = row.present
        changes = {}
        if row.external_id and row.external_id != external_id:
            changes["external_id"] = row.external_id
        if row.claim_text != text:
            changes["text"] = row.claim_text
        new_speaker_id = self.speaker_ids.get(row.speaker_key)
        if new_speaker_id != speaker_id:
            changes["speaker"] = row.speaker_key
        new_source_id = self.source_ids.get(row.source_key)
        # A row that does not know where the claim appeared leaves the source the desk has.
        if new_source_id != source_id and row.source_kind != SourceKind.NOT_KNOWN:
            changes["source"] = row.source_key
        for field, value in (
            ("said_on", said_on),
            ("context", context),
            ("status", status),
            ("summary", summary),
            ("language", language),
        ):
            # The column and the claim's field share a name; an empty status is no change.
            new = getattr(row, field)
            if field in present and new != value and not (field == "status" and new is None):
                changes[field] = new
        # An import publishes a draft that the file says is published, and
        # never unpublishes: taking a claim off the site is an editor's call.
        if published_at is None and row.published_at is not None:
            changes["published_at"] = row.published_at
        topics = None
        if "topics" in present:
            wanted = {name.casefold() for name in row.topics}
            saved_topic_ids = self.saved_topics.get(pk, set())
            wanted_ids = {self.topic_ids.get(name) for name in wanted}
            if None in wanted_ids or wanted_ids != saved_topic_ids:
                topics = row.topics
        if changes or topics is not None:
            saved_state = {"status": status, "summary": summary, "published_at": published_at}
            self.changed_claims[pk] = (row, changes, topics, saved_state)

    def _lock_changed_claims(self):
        """
        Lock the claims this run changes (on PostgreSQL; SQLite holds the
        whole database) in id order, before anything is written and so before
        the ledger's head lock, as the workflow methods do, and decide again
        on what they hold now: another editor may have rated or published one
        since it was read, and the correction must start from that status.
        """
        for batch_ids in _batches(sorted(self.changed_claims), self.importer.batch_size):
            locked = (
                Claim._base_manager.select_for_update()
                .filter(pk__in=batch_ids)
                .order_by("pk")
                .values_list(*CLAIM_FIELDS)
            )
            for saved in locked:
                row = self.changed_claims.pop(saved[0])[0]
                self._decide_changes(row, saved)

    def _check_claims(self):
        """
        Ask the workflow's rule what each new or changed claim needs, as the
        verbs will when they write it: the permissions `by` must hold, a
        summary for a published verdict, none kept on a retraction; and how
        many public corrections readers get. Costs one query when claims are
        republished (what readers last saw of them).
        """
        needed = {}  # permission -> (the first row that needs it, its column)
        for row in self.new_claims:
            published = row.published_at is not None
            rule = status_change(
                ClaimStatus.UNVERIFIED,
                row.status or ClaimStatus.UNVERIFIED,
                was_published=False,
                published=published,
            )
            self._check_rule(row, rule, row.summary, needed)
            if rule.needs_sign_off:
                self._check_new_claims_sign_off(row)
        republished = [
            pk for pk, (_, changes, *_) in self.changed_claims.items() if "published_at" in changes
        ]
        last_public = Claim.last_public_statuses(republished) if republished else {}
        self.rules = {}
        signing = []  # the changed claims whose new or newly public verdict needs the panel
        for pk, (row, changes, topics, saved) in self.changed_claims.items():
            new_summary = changes.get("summary", saved["summary"])
            rule = status_change(
                saved["status"],
                changes.get("status", saved["status"]),
                was_published=saved["published_at"] is not None,
                published=saved["published_at"] is not None or "published_at" in changes,
                summary_changed=new_summary != saved["summary"],
                last_public_status=last_public.get(pk),
            )
            if rule.withdraws_summary:
                if row.summary:
                    # Kept, the file would put the summary back on the next run.
                    self.importer.errors.add(
                        row.file,
                        row.line,
                        "summary",
                        "retracting a published verdict takes its summary off the page; leave "
                        "this cell empty (the withdrawn summary stays in the history)",
                    )
                changes.pop("summary", None)
                new_summary = ""
            self._check_rule(row, rule, new_summary, needed)
            self.rules[pk] = rule
            if rule.needs_sign_off:
                new_status = changes.get("status", saved["status"])
                signing.append((pk, row, rule, new_status, new_summary, saved))
            # Editing a claim's own fields or topics, as in the admin.
            edited = [field for field in changes if field not in ("status", "summary")]
            edited = [field for field in edited if field != "published_at"]
            if edited or topics is not None:
                column = CLAIM_COLUMNS.get(edited[0], edited[0]) if edited else "topics"
                needed.setdefault("claims.change_claim", (row, column))
        self._check_changed_claims_sign_off(signing)
        for permission, (row, field) in needed.items():
            try:
                Claim.check_permission(self.importer.by, permission)
            except PermissionDenied as refusal:
                self.importer.errors.add(row.file, row.line, field, str(refusal))
        # Counted when decided, so a dry run says how many it would issue too.
        corrections = sum(rule.correction is not None for rule in self.rules.values())
        self.summary.add("corrections", "created", corrections)

    def _check_new_claims_sign_off(self, row):
        """
        A new claim published by the file is created in bulk, not through
        publish(), so the panel's rule is asked here: a named user's import
        writes the verdict (Claim.rated_by), so their act is no approval of
        it (Claim.require_sign_off), and no other editor has voted on a claim
        not yet made. The system (`by` None) is exempt, as in the verbs.
        """
        tally = Claim.new_claim_sign_off(self.importer.by)
        if tally is not None and not tally.agreed:
            self.importer.errors.add(
                row.file,
                row.line,
                "published_at",
                f"the sign-off panel has not agreed on this verdict ({tally.missing}); import "
                "it unpublished (no published_at) and have another editor sign it off in the admin",
            )

    def _check_changed_claims_sign_off(self, signing):
        """
        The panel's rule for the changed claims whose verdict the file makes
        public or changes on the site, asked as the verbs will ask it when
        they write (Claim.sign_off_refusal), so that a dry run reports the
        refusal and --skip-invalid can leave the row out: a verdict the file
        rewrites is the importing user's, one it only publishes keeps its
        author. One query a batch, and one per such claim.
        """
        by = self.importer.by
        if by is None or not signing:
            return
        people = {}
        for batch_ids in _batches([pk for pk, *_ in signing], self.importer.batch_size):
            rows = Claim._base_manager.filter(pk__in=batch_ids)
            for pk, *ids in rows.values_list("pk", "reviewer_id", "rated_by_id"):
                people[pk] = ids
        for pk, row, rule, status, summary, saved in signing:
            reviewer_id, rated_by_id = people[pk]
            rewritten = (status, summary) != (saved["status"], saved["summary"])
            refusal = Claim(pk=pk).sign_off_refusal(
                rule,
                status,
                summary,
                reviewer_id=reviewer_id,
                by=by,
                author_id=by.pk if rewritten else rated_by_id,
            )
            if refusal:
                field = "status" if rewritten else "published_at"
                self.importer.errors.add(row.file, row.line, field, refusal)

    def _check_rule(self, row, rule, summary, needed):
        if rule.needs_summary and not summary:
            self.importer.errors.add(
                row.file, row.line, "summary", "a published verdict needs a summary explaining it"
            )
        for permission in sorted(rule.permissions):
            field = "published_at" if permission == "claims.publish_claim" else "status"
            needed.setdefault(permission, (row, field))

    # Writing ----------------------------------------------------------------

    def write(self):
        self.history = {"default_user": self.user, "default_date": self.now}
        self._create(Topic, list(self.new_topics.values()))
        for key, topic in self.new_topics.items():
            self.topic_ids[key] = topic.pk
        self._create(Speaker, list(self.new_speakers.values()))
        for key, speaker in self.new_speakers.items():
            self.speaker_ids[key] = speaker.pk
        self._update(Speaker, self.changed_speakers)
        self._create(Source, list(self.new_sources.values()))
        for key, source in self.new_sources.items():
            self.source_ids[key] = source.pk
        self._update(Source, self.changed_sources)
        self._create_claims()
        self._change_claims()
        self.reviews.write(self.review_claim_ids)

    def _reason(self, obj, row):
        obj._change_reason = self.importer.reason_for(row, rating=isinstance(obj, Claim))
        return obj

    def _create(self, model, objs):
        """New speakers, sources and topics, each reasoned by the first row that named it."""
        if not objs:
            return
        slugs = SlugMaker(model) if hasattr(model, "slug_source") else None
        for batch in _batches(objs, self.importer.batch_size):
            if slugs:
                # The taken slugs of the batch's bases (a query per 500), then free ones.
                slugs.reserve(getattr(obj, model.slug_source) for obj in batch)
                for obj in batch:
                    obj.slug = slugs.make(getattr(obj, model.slug_source))
            bulk_create_with_history(batch, model, **self.history)

    def _create_claims(self):
        """
        A batch at a time: the claims and their history (chained by the
        history manager), their topic links, and the history's record of
        those links, chained after the claims' records, as a save chains them.
        Each batch costs a fixed number of queries: the claims, their history
        and its append; the history ids read back; the links; their history
        rows and its append.
        """
        if not self.new_claims:
            return
        through = Claim.topics.through
        snapshot_model = Claim.history.model.topics.model
        slugs = SlugMaker(Claim)
        self.progress.start("Importing claims", len(self.new_claims))
        for rows in _batches(self.new_claims, self.importer.batch_size):
            # The taken slugs of the batch's bases (a query per 500), then free ones.
            slugs.reserve(row.claim_text for row in rows)
            claims = [self._new_claim(row, slugs.make(row.claim_text)) for row in rows]
            bulk_create_with_history(claims, Claim, **self.history)
            self._note_review_claims(claims, rows)
            links = [
                through(claim_id=claim.pk, topic_id=topic_id)
                for claim, row in zip(claims, rows, strict=True)
                for topic_id in sorted(
                    self.topic_ids[name.casefold()] for name in row.topics or ()
                )
            ]
            if links:
                through.objects.bulk_create(links)
                records = dict(
                    Claim.history.filter(id__in=[claim.pk for claim in claims]).values_list(
                        "id", "history_id"
                    )
                )
                snapshots = snapshot_model.objects.bulk_create(
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
                chain.append(snapshots)
            self.progress.advance(len(rows))
        self.progress.finish()

    def _note_review_claims(self, claims, rows):
        """Keep the ids of the claims created for review rows, for their reviews."""
        for claim, row in zip(claims, rows, strict=True):
            if row.review is not None:
                self.review_claim_ids[(row.speaker_key, row.claim_text)] = claim.pk

    def _new_claim(self, row, slug):
        """A new claim, from its checked row."""
        status = ClaimStatus(row.status or ClaimStatus.UNVERIFIED)
        claim = Claim(
            text=row.claim_text,
            speaker_id=self.speaker_ids[row.speaker_key],
            source_id=self.source_ids[row.source_key],
            said_on=row.said_on,
            context=row.context or "",
            language=row.language or "en",
            status=status,
            summary=row.summary or "",
            # A named user's import writes its verdicts (Claim.rated_by).
            rated_by=self.importer.by if status.is_verdict else None,
            slug=slug,
            published_at=row.published_at,
            created_at=self.now,
            updated_at=self.now,
            external_id=row.external_id,
        )
        return self._reason(claim, row)

    def _update(self, model, changes_by_id):
        if not changes_by_id:
            return
        for batch_ids in _batches(list(changes_by_id), self.importer.batch_size):
            objs = list(model._base_manager.filter(pk__in=batch_ids))
            fields = set()
            for obj in objs:
                changes, row = changes_by_id[obj.pk]
                for field, value in changes.items():
                    setattr(obj, field, value)
                    fields.add(field)
                self._reason(obj, row)
            bulk_update_with_history(objs, model, sorted(fields), **self.history)

    def _change_claims(self):
        """
        Each changed claim through the verbs a desk uses, as the import's
        user: its own fields saved, then its verdict rated or retracted, then
        published, then its topics set; each step records its history and
        whatever correction the workflow's rule gives readers. A few queries
        per claim.
        """
        if not self.changed_claims:
            return
        for batch_ids in _batches(list(self.changed_claims), self.importer.batch_size):
            for claim in Claim._base_manager.filter(pk__in=batch_ids).order_by("pk"):
                row = self.changed_claims[claim.pk][0]
                try:
                    self._change_claim(claim)
                except (ValidationError, PermissionDenied) as refusal:
                    # What the rows' own checks cannot see (a saved source's
                    # date, another claim's text): the verbs refuse it, and
                    # the row is reported like any other problem.
                    self._refused(row, refusal)
        if self.importer.errors:
            raise ImportFailed(self.importer.errors.lines)

    def _change_claim(self, claim):
        row, changes, topics, saved = self.changed_claims[claim.pk]
        rule, reason = self.rules[claim.pk], self.importer.reason_for(row)
        user, by = self.user, self.importer.by
        edited = []
        for field, value in changes.items():
            if field in ("status", "summary", "published_at"):
                continue
            if field == "speaker":
                claim.speaker_id, field = self.speaker_ids[value], "speaker_id"
            elif field == "source":
                claim.source_id, field = self.source_ids[value], "source_id"
            else:
                setattr(claim, field, value)
            edited.append(field)
        if edited:
            # As the admin validates an edit before saving it.
            claim.full_clean()
            claim.save_recorded(reason=reason, by=user, update_fields=[*edited, "updated_at"])
        status = changes.get("status", saved["status"])
        summary = changes.get("summary", saved["summary"])
        if rule.withdraws_summary:
            claim.retract(reason=reason, by=by, history_user=user)
        elif status != saved["status"] or summary != saved["summary"]:
            claim.rate(status, summary=summary, reason=reason, by=by, history_user=user)
        if "published_at" in changes:
            claim.publish(by=by, reason=reason, history_user=user, at=changes["published_at"])
        if topics is not None:
            wanted = [self.topic_ids[name.casefold()] for name in topics]
            claim.set_topics(wanted, reason=reason, by=by, history_user=user)

    def _refused(self, row, refusal):
        if isinstance(refusal, PermissionDenied):
            self.importer.errors.add(row.file, row.line, "claim_text", str(refusal))
            return
        if not hasattr(refusal, "error_dict"):
            # A refusal of the whole step (the sign-off panel's), not of a field.
            for message in refusal.messages:
                self.importer.errors.add(row.file, row.line, "status", message)
            return
        for field, messages in refusal.message_dict.items():
            column = CLAIM_COLUMNS.get(field, "claim_text")
            for message in messages:
                self.importer.errors.add(row.file, row.line, column, message)
