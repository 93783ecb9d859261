from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, transaction
from tqdm import tqdm

from claims.interchange.files import FORMATS
from claims.interchange.importer import ClaimImporter, ImportFailed

# History entries of runs without --user name this account, so the audit
# trail says "the importer" rather than nobody.
IMPORT_USERNAME = "ledger-import"


class TerminalProgress:
    """tqdm's bar, redrawn in place on the terminal; only used on one."""

    def __init__(self, stream):
        self.stream = stream

    def start(self, label, total):
        self.bar = tqdm(total=total, desc=label, unit=" claims", unit_scale=False, file=self.stream)

    def advance(self, number):
        self.bar.update(number)

    def finish(self):
        self.bar.update(self.bar.total - self.bar.n)
        self.bar.close()


class LineProgress:
    """
    Progress as plain lines, for logs (with --verbosity 2 off a terminal): one
    as each step starts and one as each batch is done, so "Importing claims:
    2,000/5,000" says those claims are written, inside the run's transaction.
    """

    def __init__(self, stream):
        self.stream = stream

    def start(self, label, total):
        self.label, self.total, self.done = label, total, 0
        self._show()

    def advance(self, number):
        self.done = min(self.total, self.done + number)
        self._show()

    def finish(self):
        if self.done < self.total:
            self.done = self.total
            self._show()

    def _show(self):
        self.stream.write(f"{self.label}: {self.done:,}/{self.total:,}", style_func=str)
        self.stream.flush()


class Command(BaseCommand):
    help = (
        "Import claims from CSV, JSON Lines, ClaimReview or Fact Check Tools API files "
        "(other desks' reviews are kept as theirs, docs/external-reviews.md). Every file is "
        "checked "
        "first and every problem reported as FILE:LINE: field: message; then the whole "
        "run is written in one transaction, or nothing is. Rows the ledger already holds "
        "as they are write nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument(
            "--format",
            choices=FORMATS,
            help="The files' format; guessed from each file's extension and content if left out.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and count; write nothing."
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Import every valid row or review and list the rest with their places; "
            "without it, one problem imports nothing.",
        )
        parser.add_argument(
            "--as-own",
            action="store_true",
            help="The files' reviews are this desk's own verdicts (an archive from another "
            "system), whoever their author; without it, other publishers' reviews are "
            "imported as their external reviews.",
        )
        parser.add_argument(
            "--user",
            metavar="NAME",
            help=f'The username recorded in the history (default: "{IMPORT_USERNAME}").',
        )

    def handle(
        self, *args, paths, format=None, dry_run=False, user=None, skip_invalid=False,
        as_own=False, **options,
    ):
        if self.stderr.isatty():
            progress = TerminalProgress(self.stderr._out)
        else:
            progress = LineProgress(self.stderr) if options["verbosity"] >= 2 else None
        importer = ClaimImporter(user=None, progress=progress, as_own=as_own)
        for path in paths:
            importer.read(path, format)
        problems = []  # the command's own, beside the files'
        try:
            with transaction.atomic():
                importer.user = self._history_user(user, create=not dry_run, problems=problems)
                # A named user may do only what the admin would let them do;
                # the import account stands for the system, like by=None.
                importer.by = importer.user if user else None
                # With --user naming no one, the files are still checked in
                # full, so every problem is reported in one run; nothing is written.
                summary = importer.run(
                    dry_run=dry_run or bool(problems), skip_invalid=skip_invalid
                )
                if problems:
                    raise ImportFailed([])
        except ImportFailed as failure:
            problems = failure.errors + problems
            for line in problems:
                self.stderr.write(line)
            self._warn(importer)
            raise CommandError(
                f"{len(problems)} problem(s) found; nothing was imported."
            ) from None
        except DatabaseError as error:
            # Checks cover what the files can get wrong; this is the database
            # refusing (a concurrent edit took a URL or slug, a lock timed out).
            self._warn(importer)
            raise CommandError(
                f"The database refused the import, so nothing was imported: {error}"
            ) from None
        self._warn(importer)
        if importer.skipped:
            warn = self.style.WARNING
            self.stderr.write(
                f"{len(importer.skipped)} problem(s); those rows were left out:", style_func=warn
            )
            for line in importer.skipped:
                self.stderr.write(line, style_func=warn)
        heading = "Dry run, nothing written; would import" if dry_run else "Imported"
        self.stdout.write(
            self.style.SUCCESS(
                f"{heading} {len(importer.rows):,} row(s) in {summary.seconds:.1f} s:"
            )
        )
        for line in summary.lines():
            self.stdout.write(f"  {line}")

    def _warn(self, importer):
        # stderr styles every line as an error unless told otherwise.
        if importer.warnings:
            warn = self.style.WARNING
            self.stderr.write(f"{len(importer.warnings)} warning(s):", style_func=warn)
            for line in importer.warnings.lines:
                self.stderr.write(line, style_func=warn)

    def _history_user(self, name, *, create, problems):
        """The user the history records, or None with the problem added to `problems`."""
        User = get_user_model()
        if name:
            try:
                return User._default_manager.get_by_natural_key(name)
            except User.DoesNotExist:
                problems.append(f'--user: no user named "{name}"; name an existing username')
                return None
        user = User._default_manager.filter(**{User.USERNAME_FIELD: IMPORT_USERNAME}).first()
        if user is None and create:
            # An account that cannot sign in: it only names the importer in the history.
            user = User._default_manager.create_user(
                IMPORT_USERNAME, first_name="Ledger", last_name="importer", is_active=False
            )
        return user
