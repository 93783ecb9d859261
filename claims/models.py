"""
The ledger's domain: who said what, where, and what the desk found.

Every model keeps an audit history (claims/history.py). Writes that change a
claim's public record go through the verb-named methods on Claim (`rate`,
`publish`, `unpublish`, `retract`, ...), which record who and why; `save()` on
its own refuses to change a claim's status, so no code path can move a verdict
without a reason or, on a published claim, without a public correction.
"""

import itertools
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxLengthValidator, RegexValidator, URLValidator
from django.db import connections, models, transaction
from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator, slugify

from claims.history import HistoricalRecords
from claims.search import in_order_of, matching_claim_ids

# Only web links: a `javascript:` or `data:` URL in a source or evidence link
# would run in a reader's browser.
http_url_validator = URLValidator(schemes=["http", "https"])

# BCP 47 language tags as newsrooms use them: "en", "zh-Hant", "yue-HK".
language_tag_validator = RegexValidator(
    r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$",
    "Enter a language tag such as en, zh-Hant or yue-HK.",
)

CLAIM_TEXT_MAX_LENGTH = 2000

# The CSV and JSONL interchange lists a claim's topics in one cell split on
# ";" (claims/interchange/rows.py): a name holding one would come back from an
# export as two topics.
topic_name_validator = RegexValidator(
    r";",
    "A topic name cannot contain “;”: exports list a claim's topics separated by it.",
    inverse_match=True,
)


def web_link_only(field, model_name):
    """A check constraint: `field` is empty or an http(s) URL, whatever path wrote it."""
    return models.CheckConstraint(
        condition=Q(**{field: ""})
        | Q(**{f"{field}__startswith": "http://"})
        | Q(**{f"{field}__startswith": "https://"}),
        name=f"{model_name}_{field}_is_web_link",
        violation_error_message="Links must start with http:// or https://.",
    )


def name_key(name):
    """
    A speaker is one person, and a topic one topic, whatever the case and
    spacing of the name: what imports match them by, and the admin checks.
    """
    return " ".join(name.split()).casefold()


def lowercase_scheme(url):
    """
    `url` with its scheme in lower case: "HTTPS://example.org/" is the same
    link, but the web-link constraint, like PostgreSQL's LIKE, reads only
    the lower-case "https://" (SQLite's LIKE ignores case, so without this a
    link stored on SQLite could not be restored onto PostgreSQL).
    """
    scheme, separator, rest = url.partition("://")
    if separator and scheme.isalpha() and not scheme.islower():
        return f"{scheme.lower()}://{rest}"
    return url


class HttpURLField(models.URLField):
    default_validators = [http_url_validator]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 500)
        super().__init__(*args, **kwargs)

    def clean(self, value, model_instance):
        # When validating, which sets the cleaned value on the instance: in
        # to_python, which every save and lookup also calls, the saved row
        # would differ from the instance its history and ledger entry are
        # made from.
        value = super().clean(value, model_instance)
        return lowercase_scheme(value) if isinstance(value, str) else value

    def formfield(self, **kwargs):
        # A pasted "example.org/page" means the secure page.
        return super().formfield(**{"assume_scheme": "https", **kwargs})


class RecordedModel(models.Model):
    """A model whose writes carry a history user and a reason."""

    class Meta:
        abstract = True

    def save_recorded(self, *, reason, by=None, update_fields=None):
        """
        Save and record `by` as the author of the history entry and `reason` as
        its change reason. Both are cleared afterwards, so a later save of the
        same object cannot inherit a stale reason.
        """
        self._change_reason = reason
        if by is not None:
            self._history_user = by
        try:
            self.save(update_fields=update_fields)
        finally:
            del self._change_reason
            self.__dict__.pop("_history_user", None)


class SlugQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class SluggedModel(RecordedModel):
    """
    A record that URLs and fixtures name by its `slug`, made from the field
    named by `slug_source` when left empty.
    """

    slug_source = "name"

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self._unique_slug()
        super().save(*args, **kwargs)

    def natural_key(self):
        return (self.slug,)

    @classmethod
    def slug_candidates(cls, text, *, first_suffix=2, max_length=80):
        """
        The slugs to try for `text`, in order: "crime-halved", then
        "crime-halved-2", "crime-halved-3", ... (from `first_suffix`). Saves
        and imports both take the first one free.
        """
        base = slugify(text)[:max_length].strip("-") or cls._meta.model_name
        yield base
        for suffix in itertools.count(first_suffix):
            yield f"{base[: max_length - len(str(suffix)) - 1]}-{suffix}"

    def _unique_slug(self):
        """One query per candidate tried."""
        model = type(self)
        for slug in model.slug_candidates(getattr(self, self.slug_source)):
            if not model._base_manager.filter(slug=slug).exists():
                return slug


class Topic(SluggedModel):
    name = models.CharField(max_length=100, validators=[topic_name_validator])
    slug = models.SlugField(
        max_length=100, unique=True, blank=True, help_text="Left empty, it is made for you."
    )

    history = HistoricalRecords()
    objects = SlugQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            # "Human rights" and "human rights" are one topic.
            models.UniqueConstraint(
                Lower("name"),
                name="topic_name_unique_ignoring_case",
                violation_error_message="A topic with this name already exists.",
            ),
            models.CheckConstraint(
                condition=~Q(name=""),
                name="topic_name_not_blank",
                violation_error_message="A topic needs a name.",
            ),
            # No constraint refuses a ";" (topic_name_validator does, on every
            # form and full_clean()): topics saved before it may hold one, and
            # adding the constraint would fail on them, while renaming them in
            # a migration would write no history. Rename those in the admin.
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("claims:topic", args=[self.slug])

    @transaction.atomic
    def delete_recorded(self, *, reason, by):
        """
        Take the topic off every claim, each through Claim.set_topics() so the
        claim's history records it, then delete it. A plain delete() would drop
        it from claims by a cascade that writes no claim history. Costs a few
        queries per claim that has the topic.
        """
        for claim in self.claims.prefetch_related("topics"):
            remaining = [topic for topic in claim.topics.all() if topic.pk != self.pk]
            claim.set_topics(remaining, reason=reason, by=by)
        self._change_reason = reason
        if by is not None:
            self._history_user = by
        self.delete()


class SpeakerKind(models.TextChoices):
    PERSON = "person", "Person"
    ORGANISATION = "organisation", "Organisation"
    GOVERNMENT_BODY = "government_body", "Government body"


class Speaker(SluggedModel):
    # Declared at module level so Meta's constraints can name its values.
    Kind = SpeakerKind

    name = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=100, unique=True, blank=True, help_text="Left empty, it is made for you."
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PERSON)
    description = models.CharField(
        max_length=300,
        blank=True,
        help_text='Their role, as a reader needs it: "deputy secretary general, Amnesty '
        'International".',
    )
    same_as = HttpURLField(
        "same as",
        blank=True,
        help_text="A page that identifies them beyond doubt: Wikidata or an official page.",
    )

    history = HistoricalRecords()
    objects = SlugQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [
            # Importers match speakers by name, ignoring case.
            models.Index(Lower("name"), name="speaker_name_lower_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(name=""),
                name="speaker_name_not_blank",
                violation_error_message="A speaker needs a name.",
            ),
            web_link_only("same_as", "speaker"),
            models.CheckConstraint(
                condition=Q(kind__in=SpeakerKind.values),
                name="speaker_kind_valid",
                violation_error_message="Unknown speaker kind.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("claims:speaker", args=[self.slug])

    def clean(self):
        # Imports take "kyle  WARD" for Kyle Ward (name_key): with a second
        # speaker of that name, an export imported back would put the second
        # one's claims on the first.
        super().clean()
        if not self.name:
            return
        self.name = " ".join(self.name.split())
        key = name_key(self.name)
        names = Speaker._base_manager.values_list("name", flat=True)
        if self.pk is not None and any(
            name_key(name) == key for name in names.filter(pk=self.pk)
        ):
            return  # not renamed: an edit keeps the name the speaker has
        # Every name compared in Python, as imports compare: SQLite folds only
        # ASCII case, and a name saved before this check may be spaced oddly.
        others = names.exclude(pk=self.pk).iterator()
        namesake = next((name for name in others if name_key(name) == key), None)
        if namesake is not None:
            raise ValidationError(
                {
                    "name": f"There is already a speaker named “{namesake}”; names are "
                    "told apart ignoring case and spacing. Add to that speaker, or name "
                    "this one more fully."
                }
            )


class SourceKind(models.TextChoices):
    NEWS_ARTICLE = "news_article", "News article"
    SPEECH = "speech", "Speech"
    SOCIAL_POST = "social_post", "Social media post"
    PRESS_RELEASE = "press_release", "Press release"
    INTERVIEW = "interview", "Interview"
    OFFICIAL_DOCUMENT = "official_document", "Official document"
    OTHER = "other", "Other"


class SourceQuerySet(models.QuerySet):
    def get_by_natural_key(self, url, title="", publisher=""):
        if url:
            return self.get(url=url)
        return self.get(url="", title=title, publisher=publisher)


class Source(RecordedModel):
    """Where a claim appeared: identified by its URL, or by title and publisher if it has none."""

    # Declared at module level so Meta's constraints can name its values.
    Kind = SourceKind

    title = models.CharField(max_length=300, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    url = HttpURLField("URL", blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.NEWS_ARTICLE)
    published_on = models.DateField(null=True, blank=True)
    archived_url = HttpURLField(
        "archived URL",
        blank=True,
        help_text="A permanent copy (Wayback Machine, archive.today) in case the original "
        "changes or disappears.",
    )
    language = models.CharField(max_length=35, default="en", validators=[language_tag_validator])

    history = HistoricalRecords()
    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["url"],
                condition=~Q(url=""),
                name="source_url_unique",
                violation_error_message="A source with this URL already exists.",
            ),
            models.UniqueConstraint(
                fields=["title", "publisher"],
                condition=Q(url=""),
                name="source_title_publisher_unique_without_url",
                violation_error_message="A source with this title and publisher and no URL "
                "already exists.",
            ),
            models.CheckConstraint(
                condition=~Q(url="") | ~Q(title=""),
                name="source_has_url_or_title",
                violation_error_message="A source needs a URL or a title.",
            ),
            web_link_only("url", "source"),
            web_link_only("archived_url", "source"),
            models.CheckConstraint(
                condition=Q(kind__in=SourceKind.values),
                name="source_kind_valid",
                violation_error_message="Unknown source kind.",
            ),
        ]

    def __str__(self):
        label = self.title or self.url
        return f"{label} ({self.publisher})" if self.publisher else label

    def get_absolute_url(self):
        return reverse("claims:source", args=[self.pk])

    def natural_key(self):
        return (self.url, self.title, self.publisher)


# ClaimReview's ratingValue, worst 1 to best 5; statuses that are verdicts but
# not on the true-false scale (misleading, unproven) have none.
RATING_VALUES = {"true": 5, "mostly_true": 4, "half_true": 3, "mostly_false": 2, "false": 1}


class ClaimStatus(models.TextChoices):
    UNVERIFIED = "unverified", "Unverified"
    IN_REVIEW = "in_review", "In review"
    TRUE = "true", "True"
    MOSTLY_TRUE = "mostly_true", "Mostly true"
    HALF_TRUE = "half_true", "Half true"
    MOSTLY_FALSE = "mostly_false", "Mostly false"
    FALSE = "false", "False"
    MISLEADING = "misleading", "Misleading"
    UNPROVEN = "unproven", "Unproven"

    @property
    def is_verdict(self):
        return self not in (ClaimStatus.UNVERIFIED, ClaimStatus.IN_REVIEW)

    @property
    def rating_value(self):
        """ClaimReview ratingValue (1 worst, 5 best), or None where the scale has no number."""
        return RATING_VALUES.get(self.value)

    @classmethod
    def verdicts(cls):
        return [status for status in cls if status.is_verdict]


class ClaimQuerySet(SlugQuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)

    def drafts(self):
        return self.filter(published_at__isnull=True)

    def with_verdict(self):
        """The claims whose status is a verdict: those with a ClaimReview."""
        return self.filter(status__in=ClaimStatus.verdicts())

    def twins(self):
        """
        The slugs of claims an import could not tell apart, a list per group
        in id order: the same speaker, source and text, and not all of them
        with an external ID (Claim._refuse_twin refuses new ones; these were
        saved before it). Two queries, one when there are none.
        """
        groups = {
            (group["speaker_id"], group["source_id"], group["text"])
            for group in self.order_by()
            .values("speaker_id", "source_id", "text")
            .annotate(claims=Count("pk"), without_id=Count("pk", filter=Q(external_id="")))
            .filter(claims__gt=1, without_id__gt=0)
        }
        if not groups:
            return []
        slugs = defaultdict(list)
        for speaker_id, source_id, text, slug in (
            self.filter(
                speaker_id__in={key[0] for key in groups}, source_id__in={key[1] for key in groups}
            )
            .order_by("pk")
            .values_list("speaker_id", "source_id", "text", "slug")
        ):
            if (speaker_id, source_id, text) in groups:
                slugs[speaker_id, source_id, text].append(slug)
        return list(slugs.values())

    def for_list(self):
        """Everything a list of claims shows, in a fixed number of queries."""
        return self.select_related("speaker", "source").prefetch_related("topics")

    def for_detail(self):
        """
        Everything a claim's public page shows: three queries after the claim's
        own (topics, evidence in order, corrections by date).
        """
        return self.select_related("speaker", "source", "reviewer").prefetch_related(
            "topics", "evidence", "corrections"
        )

    def filtered(self, *, q="", status="", speaker="", topic="", source=None):
        """
        The public list's filters, shared by the pages and the API. Empty values
        do not filter; `q` ranks by relevance (see `search`), otherwise the
        default ordering (newest first) holds.
        """
        claims, q = self, q.strip()
        if status:
            claims = claims.filter(status=status)
        if speaker:
            claims = claims.filter(speaker__slug=speaker)
        if topic:
            claims = claims.filter(topics__slug=topic)
        if source:
            claims = claims.filter(source_id=source)
        if q:
            claims = claims.search(q)
        return claims

    def search(self, q):
        """
        Claims of this queryset whose text, speaker or source contain every
        word of `q`, best first: an exact phrase, then how densely the words occur,
        among the newest `search.CANDIDATES`; the rest newest first. At most
        `search.RESULTS` of them, the newest; `more_matches` says whether more
        match. Runs one query now, on the search index (claims/search.py),
        which applies this queryset's own conditions (publication, filters),
        so call it after them.
        """
        ids, more = matching_claim_ids(self, q)
        claims = self.filter(pk__in=ids).order_by(*in_order_of(ids, connections[self.db]))
        if not ids:
            claims = self.none()
        claims.more_matches = more
        return claims

    # Set by search(): more claims match than the search returns.
    more_matches = False

    def _clone(self):
        clone = super()._clone()
        clone.more_matches = self.more_matches
        return clone

    def scorecard(self):
        """
        Every status with its number of claims here, in the scale's order, in
        one aggregate query: [(status, count), ...].
        """
        counts = dict(self.order_by().values_list("status").annotate(count=models.Count("pk")))
        return [(status, counts.get(status.value, 0)) for status in ClaimStatus]


# The fields imports and exports tell a claim without an external ID apart
# by, with that ID (Claim._refuse_twin).
CLAIM_IDENTITY = ("speaker_id", "source_id", "text", "external_id")


class Claim(SluggedModel):
    # Declared at module level so Meta's constraints can name its values.
    Status = ClaimStatus
    slug_source = "text"

    text = models.TextField(
        validators=[MaxLengthValidator(CLAIM_TEXT_MAX_LENGTH)],
        help_text="What was said: verbatim where possible, otherwise a close paraphrase.",
    )
    # No index of their own: claim_speaker_published_idx and
    # claim_source_published_idx start with these columns and serve every
    # lookup by them, and each index is written on every insert.
    speaker = models.ForeignKey(
        Speaker, on_delete=models.PROTECT, related_name="claims", db_index=False
    )
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="claims",
        help_text="Where the claim first appeared.",
        db_index=False,
    )
    said_on = models.DateField(null=True, blank=True)
    context = models.CharField(
        max_length=300,
        blank=True,
        help_text='Where and how it was said: "speaking to the Post from London".',
    )
    language = models.CharField(max_length=35, default="en", validators=[language_tag_validator])
    topics = models.ManyToManyField(Topic, blank=True, related_name="claims")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.UNVERIFIED)
    summary = models.TextField(
        blank=True, help_text="The verdict in a few sentences, as the public will read it."
    )
    # PROTECT: deleting a user would null this with a plain UPDATE that leaves
    # no history; deactivate the account instead.
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims_to_review",
    )
    slug = models.SlugField(
        max_length=100, unique=True, blank=True, help_text="Left empty, it is made for you."
    )
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="Empty while the claim is a draft."
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    external_id = models.CharField(
        "external ID",
        max_length=200,
        blank=True,
        help_text="The claim's id in the system it was imported from; re-imports match on it.",
    )

    # A claim's history is read by claim (`id`) and by date, never by these
    # columns; unindexed, an import writes four fewer indexes per entry.
    history = HistoricalRecords(
        m2m_fields=[topics], no_db_index=["speaker", "source", "reviewer", "slug"]
    )
    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        # The editors' part of the workflow (claims/roles.py gives them to the
        # Editors group); reviewers work with the plain add and change permissions.
        permissions = [
            ("publish_claim", "Can publish and unpublish claims"),
            ("rate_published_claim", "Can set or change the verdict of a published claim"),
            ("retract_claim", "Can retract a published verdict"),
            ("view_recent_changes", "Can view recent changes across all claims"),
        ]
        indexes = [
            # The public list: published claims, newest first. Both keys of
            # the ordering, so a page is read off the index: with the first
            # alone, SQLite joined and sorted every published claim to show 50
            # (8 s at a million claims; bench/pages.py).
            models.Index(
                fields=["-published_at", "-created_at"],
                name="claim_published_idx",
                condition=Q(published_at__isnull=False),
            ),
            # The public list filtered by status, and the desk's triage by status.
            models.Index(fields=["status", "-published_at"], name="claim_status_published_idx"),
            models.Index(fields=["status", "-updated_at"], name="claim_status_updated_idx"),
            # A speaker's and a source's pages: their published claims, newest first.
            models.Index(fields=["speaker", "-published_at"], name="claim_speaker_published_idx"),
            models.Index(fields=["source", "-published_at"], name="claim_source_published_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ClaimStatus.values),
                name="claim_status_valid",
                violation_error_message="Unknown verification status.",
            ),
            models.CheckConstraint(
                condition=~Q(text=""),
                name="claim_text_not_blank",
                violation_error_message="A claim needs its text.",
            ),
            # Imports match claims by external_id; an empty one means "none".
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~Q(external_id=""),
                name="claim_external_id_unique",
                violation_error_message="A claim with this external ID already exists.",
            ),
            # A reader who sees a verdict must be able to read why.
            models.CheckConstraint(
                condition=(
                    Q(published_at__isnull=True)
                    | ~Q(status__in=[status.value for status in ClaimStatus.verdicts()])
                    | ~Q(summary="")
                ),
                name="claim_published_verdict_has_summary",
                violation_error_message="A published verdict needs a summary explaining it.",
            ),
        ]

    def __str__(self):
        return Truncator(self.text).chars(80)

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        checks_status = not self._state.adding and (
            update_fields is None or "status" in update_fields
        )
        with transaction.atomic():
            if checks_status and not getattr(self, "_rating", False):
                self._refuse_status_change()
            super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("claims:detail", args=[self.slug])

    def get_history_url(self):
        return reverse("claims:history", args=[self.slug])

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = ["claims.speaker", "claims.source", "claims.topic"]

    def _refuse_status_change(self):
        """One query: compares with the row itself, so a stale or partial copy cannot slip past."""
        saved = Claim._base_manager.filter(pk=self.pk).values_list("status", flat=True).first()
        if saved is not None and saved != self.status:
            raise ValidationError(
                {
                    "status": "Change a claim's status with Claim.rate(), which records "
                    "the reason and, once published, a public correction."
                }
            )

    def clean(self):
        if self.said_on and self.said_on > timezone.localdate():
            raise ValidationError({"said_on": "A claim cannot have been said in the future."})
        source_published_on = self.source.published_on if self.source_id else None
        if self.said_on and source_published_on and source_published_on < self.said_on:
            raise ValidationError(
                {"said_on": "The claim is dated after the source that first reported it."}
            )
        self._refuse_twin()

    def _refuse_twin(self):
        """
        Refuse a second claim of the same speaker, source and text, unless
        both have an external ID: imports and exports tell claims apart by
        those three when there is no ID, so the ledger's own export of such
        a pair would be refused on import ("matches the same claim").
        An edit that keeps these and the external ID as saved is never
        refused, so a pair saved before this check stays editable.
        """
        if not (self.speaker_id and self.source_id and self.text):
            return
        if not self._state.adding:
            # Compared with the row itself, so a stale or copied instance cannot slip past.
            saved = Claim._base_manager.filter(pk=self.pk).values_list(*CLAIM_IDENTITY).first()
            if saved == tuple(getattr(self, field) for field in CLAIM_IDENTITY):
                return
        twins = Claim._base_manager.filter(
            speaker_id=self.speaker_id, source_id=self.source_id, text=self.text
        ).exclude(pk=self.pk)
        if self.external_id:
            twins = twins.filter(external_id="")
        twin = twins.order_by("pk").first()
        if twin is not None:
            raise ValidationError(
                {
                    "text": "The ledger already has this claim from this speaker and "
                    f"source: “{twin}” (slug {twin.slug}). Edit that claim instead; "
                    "imports and exports could not tell the two apart."
                }
            )

    # Domain methods -------------------------------------------------------

    @property
    def is_published(self):
        return self.published_at is not None

    @property
    def verdict(self):
        return self.Status(self.status)

    @property
    def has_verdict(self):
        return self.verdict.is_verdict

    @staticmethod
    def check_permission(by, permission):
        """
        Refuse a workflow step to a user without `permission` ("claims.publish_claim").
        `by=None` is the system itself (imports, fixtures, management commands).
        """
        if by is not None and not by.has_perm(permission):
            raise PermissionDenied(
                f"{by.get_username()} does not have the permission to "
                f"{PERMISSION_ACTIONS.get(permission, permission)}."
            )

    @staticmethod
    def permission_to_rate(*, published):
        """Reviewers may move and propose verdicts on drafts; only editors on published claims."""
        return "claims.rate_published_claim" if published else "claims.change_claim"

    @staticmethod
    def is_withdrawal(previous, new):
        """A published verdict moved back to Unverified: what retract() does."""
        return new == ClaimStatus.UNVERIFIED and ClaimStatus(previous).is_verdict

    @classmethod
    def last_public_statuses(cls, ids):
        """
        The status readers last saw on each of these claims, by id, from their
        history (one query); a claim never published is left out. publish()
        and imports compare it with the status a claim is republished with.
        """
        statuses = {}
        for pk, status in (
            cls.history.filter(id__in=ids)
            .exclude(published_at=None)
            .order_by("id", "-history_date", "-history_id")
            .values_list("id", "status")
        ):
            statuses.setdefault(pk, status)
        return statuses

    def _lock(self):
        """
        Lock the claim's row until the transaction ends and return it as saved.
        Decisions about what readers saw are made on this, not on an in-memory
        copy another editor may have overtaken.
        """
        return (
            Claim._base_manager.select_for_update()
            .values("status", "summary", "published_at", "reviewer_id")
            .get(pk=self.pk)
        )

    @transaction.atomic
    def rate(self, status, *, reason, by, summary=None):
        """
        Set the verification status (and, if given, the summary), recording why.
        On a published claim a status change also issues a public Correction.
        Returns False when nothing changed.
        """
        return self._change_status(
            status, reason=reason, by=by, summary=summary, kind=Correction.Kind.RATING_CHANGE
        )

    @transaction.atomic
    def retract(self, *, reason, by):
        """
        Withdraw a published verdict. The claim stays public, back to
        Unverified and without the withdrawn summary (it stays in the history),
        with a retraction in its corrections log.
        """
        self.check_permission(by, "claims.retract_claim")
        saved = self._lock()
        if saved["published_at"] is None or not self.is_withdrawal(
            saved["status"], self.Status.UNVERIFIED
        ):
            raise ValidationError("Only a published verdict can be retracted.")
        return self._change_status(
            self.Status.UNVERIFIED,
            reason=reason,
            by=by,
            summary="",
            kind=Correction.Kind.RETRACTION,
            saved=saved,
        )

    def _change_status(self, status, *, reason, by, summary, kind, saved=None):
        status = self.Status(status)
        reason = _required_reason(reason, field="status")
        saved = saved or self._lock()
        if kind == Correction.Kind.RATING_CHANGE:
            self.check_permission(
                by, self.permission_to_rate(published=saved["published_at"] is not None)
            )
        previous = self.Status(saved["status"])
        new_summary = saved["summary"] if summary is None else summary.strip()
        if status == previous and new_summary == saved["summary"]:
            return False
        before = (self.status, self.summary, self.published_at)
        self.status, self.summary, self.published_at = status, new_summary, saved["published_at"]
        try:
            self.full_clean()
        except ValidationError:
            self.status, self.summary, self.published_at = before
            raise
        self._rating = True
        try:
            self.save_recorded(
                reason=reason, by=by, update_fields=["status", "summary", "updated_at"]
            )
        finally:
            del self._rating
        if self.is_published and status != previous:
            self._issue_status_correction(kind, previous, status, note=reason, by=by)
        return True

    def _issue_status_correction(self, kind, previous, new, *, note, by):
        Correction(
            claim=self,
            kind=kind,
            note=note,
            previous_status=previous,
            new_status=new,
            created_by=by,
        ).save_recorded(reason=note, by=by)

    @transaction.atomic
    def publish(self, *, by, reason="Published"):
        """
        Put the claim on the public site. If it was public before with another
        status (unpublished, re-rated, republished), readers get a correction
        from the status they last saw.
        """
        self.check_permission(by, "claims.publish_claim")
        reason = _required_reason(reason, field="published_at")
        saved = self._lock()
        if saved["published_at"] is not None:
            raise ValidationError("This claim is already published.")
        before = (self.status, self.summary, self.published_at)
        self.status, self.summary = saved["status"], saved["summary"]
        self.published_at = timezone.now()
        try:
            self.full_clean()
        except ValidationError:
            self.status, self.summary, self.published_at = before
            raise
        last_public_status = self.last_public_statuses([self.pk]).get(self.pk)
        self.save_recorded(reason=reason, by=by, update_fields=["published_at", "updated_at"])
        if last_public_status and last_public_status != self.status:
            self._issue_status_correction(
                Correction.Kind.RATING_CHANGE, last_public_status, self.status, note=reason, by=by
            )

    @transaction.atomic
    def unpublish(self, *, reason, by):
        """Take a claim off the public site; its history and corrections stay."""
        self.check_permission(by, "claims.publish_claim")
        reason = _required_reason(reason, field="published_at")
        if self._lock()["published_at"] is None:
            raise ValidationError("This claim is not published.")
        self.published_at = None
        self.save_recorded(reason=reason, by=by, update_fields=["published_at", "updated_at"])

    @transaction.atomic
    def assign(self, reviewer, *, by):
        """
        Set the claim's reviewer (None unassigns). Returns False when it is
        already theirs: nothing is written, so the edit version a colleague's
        open form carries stays valid.
        """
        self.check_permission(by, "claims.change_claim")
        reviewer_id = reviewer.pk if reviewer else None
        unchanged = self._lock()["reviewer_id"] == reviewer_id
        self.reviewer = reviewer
        if unchanged:
            return False
        reason = f"Assigned to {reviewer.get_username()}" if reviewer else "Unassigned"
        self.save_recorded(reason=reason, by=by, update_fields=["reviewer", "updated_at"])
        return True

    @transaction.atomic
    def set_topics(self, topics, *, reason, by):
        """
        Replace the claim's topics; the change is one history entry per add or
        removal, and moves the claim's "last updated" (see _touch_for_topics).
        Nothing is written when the topics are the same.
        """
        self.check_permission(by, "claims.change_claim")
        reason = _required_reason(reason, field="topics")
        # Read twice below: a generator would be spent by the comparison, and
        # topics.set() would then clear every topic.
        topics = list(topics)
        if {getattr(topic, "pk", topic) for topic in topics} == set(
            self.topics.values_list("pk", flat=True)
        ):
            return
        self._touch_for_topics()
        self._change_reason = reason
        self._history_user = by
        try:
            self.topics.set(topics)
        finally:
            del self._change_reason, self._history_user

    @transaction.atomic
    def mark_updated(self, *, reason, by):
        """
        Move `updated_at`, which readers see as "last updated" (the page, the
        ClaimReview dateModified, the feed and the sitemap), after a change
        kept outside the claim's row: a correction, its evidence. The history
        entry names who and why like the change itself. The claim is read
        again under a lock first, as the entry records every field.
        """
        self.refresh_from_db(from_queryset=Claim._base_manager.select_for_update())
        self.save_recorded(reason=reason, by=by, update_fields=["updated_at"])

    def _touch_for_topics(self):
        """
        Move `updated_at` before the caller changes the topics through this
        instance, in the same transaction. It writes no history entry of its
        own, which would show no change: each topics entry that follows
        records the whole claim, the new `updated_at` with it, and carries the
        reason and the user the caller sets.
        """
        self.refresh_from_db(from_queryset=Claim._base_manager.select_for_update())
        self.skip_history_when_saving = True
        try:
            self.save(update_fields=["updated_at"])
        finally:
            del self.skip_history_when_saving

    @transaction.atomic
    def issue_correction(self, kind, note, *, by):
        """A public note on a published claim that does not change its status."""
        self.check_permission(by, "claims.add_correction")
        kind = Correction.Kind(kind)
        if kind in (Correction.Kind.RATING_CHANGE, Correction.Kind.RETRACTION):
            raise ValidationError("Change or retract a verdict with rate() or retract().")
        if self._lock()["published_at"] is None:
            raise ValidationError("Corrections are for published claims; edit the draft instead.")
        correction = Correction(claim=self, kind=kind, note=note.strip(), created_by=by)
        correction.full_clean()
        reason = f"{correction.get_kind_display()} issued"
        correction.save_recorded(reason=reason, by=by)
        self.mark_updated(reason=reason, by=by)
        return correction


# How a refusal names what the user tried to do.
PERMISSION_ACTIONS = {
    "claims.change_claim": "change claims",
    "claims.publish_claim": "publish or unpublish claims",
    "claims.rate_published_claim": "change the verdict of a published claim",
    "claims.retract_claim": "retract a published verdict",
    "claims.add_correction": "issue corrections",
}


def _required_reason(reason, *, field):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({field: "Give a reason for this change; it goes in the history."})
    return reason


class EvidenceStance(models.TextChoices):
    SUPPORTS = "supports", "Supports the claim"
    REFUTES = "refutes", "Refutes the claim"
    CONTEXT = "context", "Context"


class Evidence(RecordedModel):
    # Declared at module level so Meta's constraints can name its values.
    Stance = EvidenceStance

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="evidence")
    position = models.PositiveIntegerField(default=0, help_text="Order in the evidence list.")
    url = HttpURLField("URL", blank=True)
    title = models.CharField(max_length=300, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    excerpt = models.TextField(
        blank=True, help_text="The passage relied on, or a note on what it shows."
    )
    stance = models.CharField(max_length=10, choices=Stance.choices, default=Stance.CONTEXT)
    archived_url = HttpURLField("archived URL", blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["claim", "position", "pk"]
        verbose_name_plural = "evidence"
        indexes = [
            # A claim page lists its evidence in order.
            models.Index(fields=["claim", "position"], name="evidence_claim_position_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "url"],
                condition=~Q(url=""),
                name="evidence_url_unique_per_claim",
                violation_error_message="This claim already cites this URL as evidence.",
            ),
            models.CheckConstraint(
                condition=~Q(url="") | ~Q(title=""),
                name="evidence_has_url_or_title",
                violation_error_message="Evidence needs a URL or a title.",
            ),
            web_link_only("url", "evidence"),
            web_link_only("archived_url", "evidence"),
            models.CheckConstraint(
                condition=Q(stance__in=EvidenceStance.values),
                name="evidence_stance_valid",
                violation_error_message="Unknown evidence stance.",
            ),
        ]

    def __str__(self):
        return self.title or self.url


class CorrectionKind(models.TextChoices):
    UPDATE = "update", "Update"
    CORRECTION = "correction", "Correction"
    RATING_CHANGE = "rating_change", "Rating change"
    RETRACTION = "retraction", "Retraction"


class Correction(RecordedModel):
    # Declared at module level so Meta's constraints can name its values.
    Kind = CorrectionKind

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    note = models.TextField(help_text="What changed and why, as the public will read it.")
    previous_status = models.CharField(max_length=20, choices=ClaimStatus.choices, blank=True)
    new_status = models.CharField(max_length=20, choices=ClaimStatus.choices, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # PROTECT, like Claim.reviewer: the issuer stays on the public record.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["claim", "created_at", "pk"]
        indexes = [
            # A claim page lists its corrections by date.
            models.Index(fields=["claim", "created_at"], name="correction_claim_date_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=CorrectionKind.values),
                name="correction_kind_valid",
                violation_error_message="Unknown correction kind.",
            ),
            models.CheckConstraint(
                condition=~Q(note=""),
                name="correction_note_not_blank",
                violation_error_message="A correction needs a note for the public.",
            ),
            # A rating change or retraction says from what to what.
            models.CheckConstraint(
                condition=(
                    ~Q(kind__in=[CorrectionKind.RATING_CHANGE, CorrectionKind.RETRACTION])
                    | (
                        ~Q(previous_status="")
                        & ~Q(new_status="")
                        & ~Q(previous_status=models.F("new_status"))
                    )
                ),
                name="correction_status_change_recorded",
                violation_error_message="A rating change or retraction records the previous "
                "and the new status, and they differ.",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.created_at:%Y-%m-%d}"


# The tamper-evident ledger's models live with its chain logic; imported here
# so Django registers them with the app.
from claims.ledger import LedgerEntry, LedgerHead  # noqa: E402, F401
