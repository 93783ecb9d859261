from django.core.management.base import BaseCommand, CommandError

from claims.interchange.claimreview import write_claimreview_feed
from claims.interchange.csv_format import write_csv
from claims.interchange.external import values_for_review
from claims.interchange.files import EXPORT_FORMATS
from claims.interchange.jsonl import write_jsonl
from claims.interchange.rows import values_for_claim
from claims.models import Claim, ExternalReview

CHUNK_SIZE = 2000


class Command(BaseCommand):
    help = (
        "Export claims in the interchange format: CSV, JSON Lines, or a ClaimReview "
        "DataFeed (our own verdicts only); or, with --format external-reviews, other desks' "
        "reviews with their claims as JSON Lines. Streams, so any size fits in memory."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=EXPORT_FORMATS, default="csv")
        parser.add_argument("--output", metavar="PATH", help="Write here instead of stdout.")
        parser.add_argument("--published-only", action="store_true", help="Leave out drafts.")

    def handle(self, *args, format="csv", output=None, published_only=False, **options):
        claims = Claim.objects.published() if published_only else Claim.objects.all()
        if not output:
            self._write(format, claims, _Raw(self.stdout))
            return
        try:
            with open(output, "w", encoding="utf-8", newline="") as stream:
                self._write(format, claims, stream)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}") from None

    def _warn_of_twins(self, claims):
        """
        Claims saved before the admin refused twins export as rows an import
        refuses ("matches the same claim"): say which, before writing, so
        they can be edited or deleted down to one, or re-imported with
        external IDs. The export itself goes on.
        """
        twins = claims.twins()
        if not twins:
            return
        warn = self.style.WARNING
        self.stderr.write(
            f"{len(twins)} group(s) of claims share a speaker, source and text, and not all "
            "of them have an external ID; importing this export will refuse all but the "
            "first of each. Edit or delete all but one of each in the admin, or re-import "
            "them with external IDs:",
            style_func=warn,
        )
        for slugs in twins:
            self.stderr.write(f"  {', '.join(slugs)}", style_func=warn)

    def _write(self, format, claims, stream):
        if format == "external-reviews":
            reviews = (
                ExternalReview.objects.filter(claim__in=claims)
                .select_related("claim__speaker", "claim__source")
                .order_by("id")
                .iterator(chunk_size=CHUNK_SIZE)
            )
            write_jsonl((values_for_review(review) for review in reviews), stream)
            return
        if format == "claimreview":
            # Only a verdict has a ClaimReview: the rest is neither read nor warned of.
            claims = claims.with_verdict()
        self._warn_of_twins(claims)
        claims = claims.for_list().order_by("id").iterator(chunk_size=CHUNK_SIZE)
        with_topics = ((claim, [topic.name for topic in claim.topics.all()]) for claim in claims)
        if format == "claimreview":
            write_claimreview_feed(with_topics, stream)
        else:
            writer = write_csv if format == "csv" else write_jsonl
            writer((values_for_claim(claim, names) for claim, names in with_topics), stream)


class _Raw:
    """Command output without the line ending OutputWrapper adds to each write."""

    def __init__(self, wrapper):
        self.wrapper = wrapper

    def write(self, text):
        self.wrapper.write(text, ending="")
