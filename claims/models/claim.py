from collections import defaultdict
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxLengthValidator
from django.db import connections, models, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from claims.history import HistoricalRecords
from claims.models.base import (
    NOT_XML_TEXT,
    RecordedModel,
    SluggedModel,
    SlugQuerySet,
    language_tag_validator,
    slugs_among,
    visible_text_validator,
    xml_text_validator,
)
from claims.models.evidence import Correction
from claims.models.notices import Delivery
from claims.models.sign_off import Vote, sign_off
from claims.models.sources import Source
from claims.models.speakers import Speaker
from claims.models.statuses import ClaimStatus, CorrectionKind
from claims.models.topics import Topic
from claims.search import in_order_of, matching_claim_ids

# The longest claim text and verdict summary: a claim is a sentence or a
# paragraph, a summary a few; a 50 MB summary once imported and made the
# claim's page 105 MB. A change's reason goes in the history and may become
# a public correction's note, which is longer (CORRECTION_NOTE_MAX_LENGTH).
CLAIM_TEXT_MAX_LENGTH = 2000
SUMMARY_MAX_LENGTH = 5000
CHANGE_REASON_MAX_LENGTH = 1000


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

    def moved_from(self, slug):
        """The slug now of the claim here that had `slug` before (see OldSlug), or None."""
        return (
            self.filter(old_slugs__slug=slug).values_list("slug", flat=True).first()
        )

    def waiting_for_sign_off(self):
        """
        The claims whose verdict waits for the panel: drafts with a verdict
        and a summary that fewer than LEDGER_SIGN_OFF_MAJORITY editors other
        than the reviewer and the verdict's author approve in their latest
        vote on it; and published claims with a pending proposal (as
        Claim.pending_proposal: the latest proposal, not the verdict shown,
        and no other verdict written since it was made). One query.
        """
        proposals = Vote.objects.filter(
            claim=OuterRef("pk"), decision=Vote.Decision.PROPOSE
        ).order_by("-created_at", "-pk")
        history = self.model.history.filter(id=OuterRef("pk"))
        proposed_over = history.filter(history_date__lte=OuterRef("proposed_at")).order_by(
            "-history_date", "-history_id"
        )
        changed_since = history.filter(history_date__gt=OuterRef("proposed_at")).exclude(
            status=OuterRef("status"), summary=OuterRef("summary")
        )
        drafts_waiting = Q(
            published_at__isnull=True,
            status__in=ClaimStatus.verdicts(),
            approvals__lt=settings.LEDGER_SIGN_OFF_MAJORITY,
        ) & ~Q(summary="")
        proposal_pending = (
            Q(published_at__isnull=False, proposed_at__isnull=False)
            & ~Q(status=F("proposed_status"), summary=F("proposed_summary"))
            & Q(status=F("proposed_over_status"), summary=F("proposed_over_summary"))
            & ~Q(Exists(changed_since))
        )
        return (
            self.annotate(
                approvals=Coalesce(Subquery(Vote.objects.approvals_of_outer_claim()), 0),
                proposed_at=Subquery(proposals.values("created_at")[:1]),
                proposed_status=Subquery(proposals.values("status")[:1]),
                proposed_summary=Subquery(proposals.values("summary")[:1]),
            )
            .annotate(
                proposed_over_status=Subquery(proposed_over.values("status")[:1]),
                proposed_over_summary=Subquery(proposed_over.values("summary")[:1]),
            )
            .filter(drafts_waiting | proposal_pending)
        )

    def for_list(self):
        """Everything a list of claims shows, in a fixed number of queries."""
        return self.select_related("speaker", "source").prefetch_related("topics")

    def for_detail(self):
        """
        Everything a claim's public page shows: four queries after the claim's
        own (topics, evidence in order, corrections by date, other desks' reviews).
        """
        return self.select_related("speaker", "source", "reviewer").prefetch_related(
            "topics", "evidence", "corrections", "external_reviews"
        )

    def filtered(self, *, q="", status="", speaker="", topic="", source=""):
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
            claims = claims.filter(source__in=Source.objects.named(source))
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


class StatusChange(NamedTuple):
    """What a change of a claim's status or publication asks for, and gives readers."""

    # What the acting user must hold, every one of them.
    permissions: frozenset
    # The Correction.Kind readers get, from the status they last saw, or None.
    correction: str | None
    previous_status: str | None
    # A retraction takes the withdrawn summary off the page (history keeps it).
    withdraws_summary: bool
    # The result is a published verdict, which readers must be able to read about.
    needs_summary: bool
    # A change of status or publication, which an edit must give a reason for
    # (the history keeps it, a correction quotes it); a summary edit alone
    # needs none. The verbs ask a reason of every call: each is such a step.
    needs_reason: bool
    # A verdict goes public, or a public verdict changes: the sign-off panel
    # must have agreed on the status and summary it will show (claims/models/
    # sign_off.py; Claim.require_sign_off counts the votes). A retraction
    # needs none: withdrawing a verdict must never wait for a quorum.
    needs_sign_off: bool = False


def status_change(
    old,
    new,
    *,
    was_published,
    published,
    summary_changed=False,
    last_public_status=None,
):
    """
    The workflow's one rule: what moving a claim from status `old` to `new`,
    and from `was_published` to `published`, asks for. `last_public_status`
    is what readers last saw of a claim being republished. Every path that
    changes a claim asks this (the verbs on Claim, which also has it as
    `Claim.status_change`, the admin form, the admin actions, the importer).
    No queries.
    """
    old, new = ClaimStatus(old), ClaimStatus(new)
    permissions, correction, previous, withdraws = set(), None, None, False
    if published != was_published:
        permissions.add("claims.publish_claim")
    if was_published and published:
        # Readers saw the old status: they get a correction.
        if new == ClaimStatus.UNVERIFIED and old.is_verdict:
            permissions.add("claims.retract_claim")
            correction, previous, withdraws = CorrectionKind.RETRACTION, old, True
        elif new != old:
            permissions.add("claims.rate_published_claim")
            correction, previous = CorrectionKind.RATING_CHANGE, old
        elif summary_changed:
            permissions.add("claims.rate_published_claim")
    else:
        # A draft, or a claim changed as it goes off the site (unpublished
        # first) or before it goes on (published last).
        if new != old or summary_changed:
            permissions.add("claims.change_claim")
        if published and last_public_status and ClaimStatus(last_public_status) != new:
            correction, previous = CorrectionKind.RATING_CHANGE, ClaimStatus(last_public_status)
    return StatusChange(
        permissions=frozenset(permissions),
        correction=correction,
        previous_status=previous,
        withdraws_summary=withdraws,
        needs_summary=published and new.is_verdict,
        needs_reason=new != old or published != was_published,
        needs_sign_off=published
        and new.is_verdict
        and (published != was_published or new != old or summary_changed),
    )


# The refusal of a published verdict without a summary, wherever it is made:
# the database's constraint, the verbs, the admin form.
class SlugChange(NamedTuple):
    """What changing a claim's slug (its URL) asks for."""

    permission: str
    needs_reason: bool
    # Readers, feeds and other sites link to a published claim's URL: the
    # old one must keep working, as a permanent redirect.
    keeps_old_url: bool


def slug_change(*, published):
    """
    The rule for a claim's slug: a draft's URL is nobody's yet; a published
    claim's is public, so changing it is an editor's call, with a reason, and
    the old URL redirects. No queries.
    """
    if not published:
        return SlugChange("claims.change_claim", needs_reason=False, keeps_old_url=False)
    return SlugChange("claims.rate_published_claim", needs_reason=True, keeps_old_url=True)


# Lazy: the refusal is put in the language of whoever reads it (an import,
# which reads in the site's language, gets it in English).
SUMMARY_NEEDED = _("A published verdict needs a summary explaining it.")


# The fields imports and exports tell a claim without an external ID apart
# by, with that ID (Claim._refuse_twin).
CLAIM_IDENTITY = ("speaker_id", "source_id", "text", "external_id")


class Claim(SluggedModel):
    # Declared at module level so Meta's constraints can name its values.
    Status = ClaimStatus
    slug_source = "text"

    text = models.TextField(
        _("text"),
        validators=[MaxLengthValidator(CLAIM_TEXT_MAX_LENGTH), xml_text_validator],
        help_text=_("What was said: verbatim where possible, otherwise a close paraphrase."),
    )
    # No index of their own: claim_speaker_published_idx and
    # claim_source_published_idx start with these columns and serve every
    # lookup by them, and each index is written on every insert.
    speaker = models.ForeignKey(
        Speaker,
        on_delete=models.PROTECT,
        related_name="claims",
        db_index=False,
        verbose_name=_("speaker"),
    )
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="claims",
        help_text=_("Where the claim first appeared."),
        db_index=False,
        verbose_name=_("source"),
    )
    said_on = models.DateField(_("said on"), null=True, blank=True)
    context = models.CharField(
        _("context"),
        max_length=300,
        blank=True,
        validators=[xml_text_validator],
        help_text=_('Where and how it was said: "speaking to the Post from London".'),
    )
    language = models.CharField(
        _("language"), max_length=35, default="en", validators=[language_tag_validator]
    )
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="claims", verbose_name=_("topics")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.UNVERIFIED
    )
    summary = models.TextField(
        _("summary"),
        blank=True,
        validators=[MaxLengthValidator(SUMMARY_MAX_LENGTH), xml_text_validator],
        help_text=_("The verdict in a few sentences, as the public will read it."),
    )
    # PROTECT: deleting a user would null this with a plain UPDATE that leaves
    # no history; deactivate the account instead.
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims_to_review",
        verbose_name=_("reviewer"),
    )
    # Who wrote the verdict the claim carries (its status and summary): set
    # by rate() and retract(), a proposal's editor when the panel applies it.
    # Their own approval never counts for it (Claim.sign_off): nobody signs
    # off their own work, whoever the claim's reviewer is. PROTECT, like
    # reviewer: who wrote a verdict stays on the record.
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("verdict written by"),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        blank=True,
        allow_unicode=True,
        help_text=_("Left empty, it is made for you."),
    )
    published_at = models.DateTimeField(
        _("published at"), null=True, blank=True, help_text=_("Empty while the claim is a draft.")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    external_id = models.CharField(
        _("external ID"),
        max_length=200,
        blank=True,
        validators=[xml_text_validator],
        help_text=_(
            "The claim's id in the system it was imported from; re-imports match on it."
        ),
    )

    # A claim's history is read by claim (`id`) and by date, never by these
    # columns; unindexed, an import writes four fewer indexes per entry.
    history = HistoricalRecords(
        m2m_fields=[topics], no_db_index=["speaker", "source", "reviewer", "rated_by", "slug"]
    )
    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
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
                violation_error_message=_("Unknown verification status."),
            ),
            models.CheckConstraint(
                condition=~Q(text=""),
                name="claim_text_not_blank",
                violation_error_message=_("A claim needs its text."),
            ),
            # Imports match claims by external_id; an empty one means "none".
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~Q(external_id=""),
                name="claim_external_id_unique",
                violation_error_message=_("A claim with this external ID already exists."),
            ),
            # A reader who sees a verdict must be able to read why.
            models.CheckConstraint(
                condition=(
                    Q(published_at__isnull=True)
                    | ~Q(status__in=[status.value for status in ClaimStatus.verdicts()])
                    | ~Q(summary="")
                ),
                name="claim_published_verdict_has_summary",
                violation_error_message=SUMMARY_NEEDED,
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

    def save_recorded(self, *, reason, by=None, update_fields=None):
        """
        RecordedModel.save_recorded, keeping the verdict's author (rated_by)
        true of what it writes: whoever creates a claim with a verdict (the
        admin's add form), or rewrites a verdict's summary in an edit that
        does not go through rate() (the claim form's summary alone), wrote it,
        so their publishing it is no sign-off of it.
        """
        verdict = ClaimStatus(self.status).is_verdict
        if self._state.adding:
            if self.rated_by_id is None and verdict:
                self.rated_by = by
        elif (
            update_fields is not None
            and "summary" in update_fields
            and verdict
            and not getattr(self, "_rating", False)
        ):
            self.rated_by = by
            update_fields = [*update_fields, "rated_by"]
        super().save_recorded(reason=reason, by=by, update_fields=update_fields)

    def get_absolute_url(self):
        return reverse("claims:detail", args=[self.slug])

    def get_history_url(self):
        return reverse("claims:history", args=[self.slug])

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = ["claims.speaker", "claims.source", "claims.topic"]

    @classmethod
    def taken_slugs(cls, bases):
        """
        SluggedModel's, and the old slugs (OldSlug) among them: a new claim
        must not take the URL that redirects to another. One query.
        """
        return super().taken_slugs(bases).union(slugs_among(OldSlug._base_manager.all(), bases))

    def _refuse_status_change(self):
        """One query: compares with the row itself, so a stale or partial copy cannot slip past."""
        saved = Claim._base_manager.filter(pk=self.pk).values_list("status", flat=True).first()
        if saved is not None and saved != self.status:
            raise ValidationError(
                {
                    "status": gettext(
                        "Change a claim's status with Claim.rate(), which records "
                        "the reason and, once published, a public correction."
                    )
                }
            )

    def clean(self):
        if self.said_on and self.said_on > timezone.localdate():
            raise ValidationError(
                {"said_on": gettext("A claim cannot have been said in the future.")}
            )
        source_published_on = self.source.published_on if self.source_id else None
        if self.said_on and source_published_on and source_published_on < self.said_on:
            raise ValidationError(
                {
                    "said_on": gettext(
                        "The claim is dated after the source that first reported it."
                    )
                }
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
        if NOT_XML_TEXT.search(self.text):
            return  # the field's validator refuses it, and no query could carry a lone surrogate
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
                    "text": gettext(
                        "The ledger already has this claim from this speaker and source: "
                        "“%(claim)s” (slug %(slug)s). Edit that claim instead; imports and "
                        "exports could not tell the two apart."
                    )
                    % {"claim": twin, "slug": twin.slug}
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
                gettext("%(user)s does not have the permission to %(action)s.")
                % {
                    "user": by.get_username(),
                    "action": PERMISSION_ACTIONS.get(permission, permission),
                }
            )

    @classmethod
    def check_permissions(cls, by, change):
        """
        Refuse `change` (a StatusChange) to a user without each permission it
        asks for, in the words check_permission() uses. No queries beyond the
        user's permissions, which Django caches on the user.
        """
        for permission in sorted(change.permissions):
            cls.check_permission(by, permission)

    # The workflow's one rule (status_change above), asked as Claim.status_change().
    status_change = staticmethod(status_change)
    slug_change = staticmethod(slug_change)

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
            .values("status", "summary", "published_at", "reviewer_id", "rated_by_id")
            .get(pk=self.pk)
        )

    @transaction.atomic
    def rate(self, status, *, reason, by, summary=None, history_user=None, author=None):
        """
        Set the verification status (and, if given, the summary), recording
        why. What the change asks for is the workflow's rule's (status_change):
        on a published claim a new status issues a public Correction, and a
        verdict set back to Unverified is a retraction, as retract() does.
        `history_user` is who the history and any correction name when that is
        not `by` (an import run by the system names its own account); `author`
        who wrote the verdict (rated_by), `by` unless given (a proposal the
        panel applies is its proposer's). Returns False when nothing changed.
        """
        reason = _required_reason(reason, field="status")
        saved = self._lock()
        status, summary, change = self._verdict_change(saved, status, summary)
        author = by if author is None else author
        self.check_permissions(by, change)
        # Before the panel's tally: a verdict without a summary is no verdict to sign off.
        if change.needs_summary and not summary:
            raise ValidationError({"summary": SUMMARY_NEEDED})
        self.require_sign_off(
            change,
            status,
            summary,
            saved=saved,
            by=by,
            note=reason,
            author_id=author.pk if author is not None else None,
        )
        return self._change_status(
            status,
            summary,
            change,
            saved=saved,
            reason=reason,
            recorded_by=history_user or by,
            author=author,
        )

    def _verdict_change(self, saved, status, summary):
        """
        The verdict rate() or propose() would write over the `saved` row (the
        summary kept when None), and the workflow rule's answer for it.
        """
        status = self.Status(status)
        summary = saved["summary"] if summary is None else summary.strip()
        published = saved["published_at"] is not None
        change = status_change(
            saved["status"],
            status,
            was_published=published,
            published=published,
            summary_changed=summary != saved["summary"],
        )
        return status, summary, change

    @transaction.atomic
    def propose(self, status, *, reason, by, summary=None):
        """
        Change the verdict as rate() does, or, when it is a change of a
        published verdict the sign-off panel has not agreed on, propose it:
        the published verdict stays, and the proposal (status, summary, the
        reason as its note, `by`) is recorded as a Vote of decision
        "propose", which editors approve or reject (approve() applies it once
        they agree). Returns the proposal, or None when the change was made
        (a draft, a retraction, or a panel already agreed: with the default
        panel of one, an editor's own act). The form calls this.
        """
        reason = _required_reason(reason, field="status")
        saved = self._lock()
        status, summary, change = self._verdict_change(saved, status, summary)
        # `by` writes this verdict: their act is no approval of it.
        on = (saved["reviewer_id"], by.pk if by is not None else None)
        if (
            by is None
            or not change.needs_sign_off
            or self.sign_off(status, summary, on=on).agreed
        ):
            self.rate(status, summary=summary, reason=reason, by=by)
            return None
        self.check_permissions(by, change)
        if change.needs_summary and not summary:
            raise ValidationError({"summary": SUMMARY_NEEDED})
        return Vote.cast(
            self, by, Vote.Decision.PROPOSE, status, summary, note=reason, reason="Verdict proposed"
        )

    @transaction.atomic
    def retract(self, *, reason, by, history_user=None):
        """
        Withdraw a published verdict. The claim stays public, back to
        Unverified and without the withdrawn summary (it stays in the history),
        with a retraction in its corrections log.
        """
        reason = _required_reason(reason, field="status")
        saved = self._lock()
        published = saved["published_at"] is not None
        change = status_change(
            saved["status"],
            self.Status.UNVERIFIED,
            was_published=published,
            published=published,
            summary_changed=saved["summary"] != "",
        )
        if not change.withdraws_summary:
            raise ValidationError(gettext("Only a published verdict can be retracted."))
        self.check_permissions(by, change)
        return self._change_status(
            self.Status.UNVERIFIED,
            "",
            change,
            saved=saved,
            reason=reason,
            recorded_by=history_user or by,
            author=by,
        )

    def _change_status(self, status, summary, change, *, saved, reason, recorded_by, author):
        """
        Write what `change` (the rule's answer) describes on the row `saved`
        locked, as written by `author`; the history and any correction name
        `recorded_by`.
        """
        if change.withdraws_summary:
            summary = ""
        if status == saved["status"] and summary == saved["summary"]:
            return False
        before = (self.status, self.summary, self.published_at, self.rated_by_id)
        self.status, self.summary, self.published_at = status, summary, saved["published_at"]
        self.rated_by = author
        try:
            self.full_clean()
        except ValidationError:
            self.status, self.summary, self.published_at, self.rated_by_id = before
            raise
        self._rating = True
        try:
            self.save_recorded(
                reason=reason,
                by=recorded_by,
                update_fields=["status", "summary", "rated_by", "updated_at"],
            )
        finally:
            del self._rating
        self._issue_status_correction(change, status, note=reason, by=recorded_by)
        if change.correction:
            Delivery.objects.enqueue_notice(
                self, change.correction, change.previous_status, status, note=reason
            )
        return True

    def _issue_status_correction(self, change, new, *, note, by):
        """The public correction `change` gives readers, if any."""
        if change.correction is None:
            return
        Correction(
            claim=self,
            kind=change.correction,
            note=note,
            previous_status=change.previous_status,
            new_status=new,
            created_by=by,
        ).save_recorded(reason=note, by=by)

    @transaction.atomic
    def publish(self, *, by, reason="Published", history_user=None, at=None):
        """
        Put the claim on the public site, as published `at` (now by default;
        an import keeps the date its file gives). If it was public before with
        another status (unpublished, re-rated, republished), readers get a
        correction from the status they last saw. Two queries before the
        write: the lock, and what readers last saw.
        """
        reason = _required_reason(reason, field="published_at")
        saved = self._lock()
        if saved["published_at"] is not None:
            raise ValidationError(gettext("This claim is already published."))
        change = status_change(
            saved["status"],
            saved["status"],
            was_published=False,
            published=True,
            last_public_status=self.last_public_statuses([self.pk]).get(self.pk),
        )
        self.check_permissions(by, change)
        if change.needs_summary and not saved["summary"]:
            raise ValidationError({"summary": SUMMARY_NEEDED})
        self.require_sign_off(
            change,
            saved["status"],
            saved["summary"],
            saved=saved,
            by=by,
            note=reason,
            author_id=saved["rated_by_id"],
        )
        before = (self.status, self.summary, self.published_at)
        self.status, self.summary = saved["status"], saved["summary"]
        # The history entry records the author of the verdict it publishes, as saved.
        self.rated_by_id = saved["rated_by_id"]
        self.published_at = at or timezone.now()
        try:
            self.full_clean()
        except ValidationError:
            self.status, self.summary, self.published_at = before
            raise
        recorded_by = history_user or by
        self.save_recorded(
            reason=reason, by=recorded_by, update_fields=["published_at", "updated_at"]
        )
        self._issue_status_correction(change, self.verdict, note=reason, by=recorded_by)
        Delivery.objects.enqueue_notice(
            self, "publication", change.previous_status, self.verdict, note=reason
        )

    # Sign-off ---------------------------------------------------------------

    def sign_off(self, status=None, summary=None, *, on=None, counting=None):
        """
        Where the panel stands on the verdict (`status`, `summary`; the
        claim's own by default): each editor's latest vote on exactly that
        verdict, never the claim's reviewer's or the verdict's author's.
        `on` is (reviewer id, author id) when that is not the claim's own
        reviewer and rated_by (a verdict being written now is its writer's).
        `counting` is an editor whose act (publishing, re-rating) is their
        approval. One query.
        """
        status = self.status if status is None else status
        summary = self.summary if summary is None else summary
        on = (self.reviewer_id, self.rated_by_id) if on is None else on
        return self.votes.on(status, summary).tally(excluding=on, counting=counting)

    @staticmethod
    def new_claim_sign_off(by):
        """
        Where the panel stands on the verdict of a claim `by` creates already
        published (the admin's add form, an import): they wrote it, so their
        act is no approval, and nobody can have voted on a claim not yet made.
        None for the system (`by` None), which is exempt as in the verbs. No
        queries.
        """
        return None if by is None else sign_off({})

    def can_sign_off(self, user, *, on=None):
        """
        Whether `user` may sign off the verdict: an editor, neither the
        claim's reviewer nor the verdict's author (`on` as for sign_off).
        """
        on = (self.reviewer_id, self.rated_by_id) if on is None else on
        return user.has_perm("claims.publish_claim") and user.pk not in on

    def pending_proposal(self, saved=None):
        """
        The proposed change of this published verdict that waits for the
        panel, or None: the latest proposal, unless it is the verdict shown
        (applied) or the verdict has changed since it was made (another
        proposal applied, a retraction), which leaves it standing on nothing.
        `saved` is the claim's locked row (_lock), the instance otherwise.
        Three queries at most.
        """
        saved = saved or {
            "status": self.status, "summary": self.summary, "published_at": self.published_at
        }
        if saved["published_at"] is None:
            return None
        proposal = (
            self.votes.filter(decision=Vote.Decision.PROPOSE)
            .select_related("editor")
            .order_by("-created_at", "-pk")
            .first()
        )
        verdict = (saved["status"], saved["summary"])
        if proposal is None or (proposal.status, proposal.summary) == verdict:
            return None
        # The verdict it proposed to change is no longer the one shown (a
        # retraction, a re-rating since), or was changed and put back.
        proposed_over = (
            self.history.filter(history_date__lte=proposal.created_at)
            .order_by("-history_date", "-history_id")
            .values_list("status", "summary")
            .first()
        )
        changed_since = self.history.filter(history_date__gt=proposal.created_at).exclude(
            status=saved["status"], summary=saved["summary"]
        )
        if proposed_over != verdict or changed_since.exists():
            return None
        return proposal

    def proposal_sign_off(self, proposal, *, reviewer_id=None):
        """
        Where the panel stands on `proposal`: the votes cast on its verdict
        since it was made (a newer proposal, even of the same words, starts
        the count again), never the reviewer's or the proposer's (the
        proposal's author). One query.
        """
        reviewer_id = self.reviewer_id if reviewer_id is None else reviewer_id
        votes = self.votes.on(proposal.status, proposal.summary).filter(pk__gt=proposal.pk)
        return votes.tally(excluding=(reviewer_id, proposal.editor_id))

    def require_sign_off(self, change, status, summary, *, saved, by, note, author_id):
        """
        Refuse `change` (the rule's answer) when it needs the panel's sign-off
        of (`status`, `summary`, written by `author_id`) and the panel has not
        agreed (sign_off_refusal). The acting editor's own act counts as their
        approval unless they are the reviewer or the verdict's author, and is
        recorded as their vote. Two queries and the vote's write when a
        sign-off is needed, none otherwise.
        """
        refusal = self.sign_off_refusal(
            change, status, summary, reviewer_id=saved["reviewer_id"], by=by, author_id=author_id
        )
        if refusal:
            raise ValidationError(refusal)
        if not change.needs_sign_off or by is None:
            return
        counts = self.can_sign_off(by, on=(saved["reviewer_id"], author_id))
        votes = self.votes.on(status, summary)
        if counts and votes.latest_decision(by) != Vote.Decision.APPROVE:
            Vote.cast(
                self, by, Vote.Decision.APPROVE, status, summary, note=note, reason="Signed off"
            )

    def sign_off_refusal(self, change, status, summary, *, reviewer_id, by, author_id):
        """
        Why `by` may not make `change` (the rule's answer) to the verdict
        (`status`, `summary`, written by `author_id`), or None: it needs the
        panel's sign-off and fewer than the majority of editors other than the
        reviewer and the author approve it, counting `by`'s act unless they
        are one of those. `by=None` is the system (fixtures, imports of the
        desk's archive), which the permissions exempt too: see
        docs/sign-off.md. The import asks this before it writes. One query
        when a sign-off is needed, none otherwise.
        """
        if not change.needs_sign_off or by is None:
            return None
        on = (reviewer_id, author_id)
        counts = self.can_sign_off(by, on=on)
        tally = self.sign_off(status, summary, on=on, counting=by if counts else None)
        if tally.agreed:
            return None
        values = {"standing": tally.standing}
        if counts:
            return gettext(
                "The sign-off panel has not agreed on this verdict: %(standing)s from editors "
                "other than the claim's reviewer and the verdict's author, counting yours."
            ) % values
        if by.pk == author_id and by.has_perm("claims.publish_claim"):
            return gettext(
                "The sign-off panel has not agreed on this verdict: %(standing)s from editors "
                "other than the claim's reviewer and the verdict's author (you wrote this "
                "verdict, so yours does not count)."
            ) % values
        return gettext(
            "The sign-off panel has not agreed on this verdict: %(standing)s from editors "
            "other than the claim's reviewer and the verdict's author."
        ) % values

    @transaction.atomic
    def approve(self, *, by, note="", status=None, summary=None):
        """
        `by` approves the claim's pending proposal (pending_proposal) if it
        has one, otherwise its verdict (or the given `status` and `summary`,
        for a change of a published verdict). The approval that completes the
        panel's majority on a proposal applies it, through rate() by `by`
        with the proposal's reason, in this transaction. Returns False when
        their latest vote on it already approves it.
        """
        return self._vote(by, Vote.Decision.APPROVE, note, status, summary)

    @transaction.atomic
    def reject(self, *, by, note, status=None, summary=None):
        """`by` rejects the verdict, saying why (the desk reads the note; readers never do)."""
        if not (note or "").strip():
            raise ValidationError(
                {"note": gettext("Say why you reject this verdict; the desk reads it.")}
            )
        return self._vote(by, Vote.Decision.REJECT, note, status, summary)

    def _vote(self, by, decision, note, status, summary):
        if by is None:
            raise ValueError("A vote is an editor's: pass by=<the editor>.")
        saved = self._lock()
        self.check_permission(by, "claims.publish_claim")
        if by.pk == saved["reviewer_id"]:
            raise PermissionDenied(
                gettext("%(user)s is this claim's reviewer: nobody signs off their own work.")
                % {"user": by.get_username()}
            )
        proposal = self.pending_proposal(saved)
        if proposal is not None and status is None and summary is None:
            status, summary = proposal.status, proposal.summary
        status = self.Status(saved["status"] if status is None else status)
        summary = saved["summary"] if summary is None else summary.strip()
        if proposal is not None and (proposal.status, proposal.summary) != (status, summary):
            proposal = None
        if proposal is not None and proposal.editor_id == by.pk:
            raise PermissionDenied(
                gettext("%(user)s proposed this verdict: nobody approves their own proposal.")
                % {"user": by.get_username()}
            )
        written = proposal is None and (status, summary) == (saved["status"], saved["summary"])
        if written and by.pk == saved["rated_by_id"]:
            raise PermissionDenied(
                gettext("%(user)s wrote this verdict: nobody signs off their own work.")
                % {"user": by.get_username()}
            )
        if not status.is_verdict:
            raise ValidationError(
                gettext("Only a verdict is signed off; this claim is %(status)s. Rate it first.")
                % {"status": status.label}
            )
        votes = self.votes.on(status, summary)
        if proposal is not None:
            votes = votes.filter(pk__gt=proposal.pk)
        if votes.latest_decision(by) == decision:
            return False
        reason = "Verdict approved" if decision == Vote.Decision.APPROVE else "Verdict rejected"
        Vote.cast(self, by, decision, status, summary, note=note, reason=reason)
        if (
            proposal is not None
            and decision == Vote.Decision.APPROVE
            and self.proposal_sign_off(proposal, reviewer_id=saved["reviewer_id"]).agreed
        ):
            self.rate(
                proposal.status,
                summary=proposal.summary,
                reason=proposal.note,
                by=by,
                author=proposal.editor,
            )
        return True

    @transaction.atomic
    def unpublish(self, *, reason, by, history_user=None):
        """Take a claim off the public site; its history and corrections stay."""
        reason = _required_reason(reason, field="published_at")
        saved = self._lock()
        if saved["published_at"] is None:
            raise ValidationError(gettext("This claim is not published."))
        self.check_permissions(
            by,
            status_change(saved["status"], saved["status"], was_published=True, published=False),
        )
        # The history entry records the verdict as saved, not a stale copy's.
        self.status, self.summary = saved["status"], saved["summary"]
        self.rated_by_id = saved["rated_by_id"]
        self.published_at = None
        self.save_recorded(
            reason=reason, by=history_user or by, update_fields=["published_at", "updated_at"]
        )

    @transaction.atomic
    def change_slug(self, slug, *, reason, by):
        """
        Give the claim another slug, and so another URL. On a published
        claim (see slug_change) the old slug is kept as an OldSlug, which
        the claim's page, history and API answer with a permanent redirect.
        Returns False when the slug is the same.
        """
        saved = Claim._base_manager.select_for_update().values("slug", "published_at")
        saved = saved.get(pk=self.pk)
        if slug == saved["slug"]:
            return False
        rule = slug_change(published=saved["published_at"] is not None)
        self.check_permission(by, rule.permission)
        reason = _required_reason(reason, field="slug") if rule.needs_reason else reason
        if OldSlug.objects.filter(slug=slug).exclude(claim=self).exists():
            raise ValidationError({"slug": gettext("Another claim's old URL uses this slug.")})
        self.slug = slug
        self.validate_unique()
        # Back to a slug it had: that URL is its own again, not a redirect.
        OldSlug.objects.filter(claim=self, slug=slug).delete()
        if rule.keeps_old_url:
            OldSlug(claim=self, slug=saved["slug"]).save_recorded(reason=reason, by=by)
        self.save_recorded(reason=reason or None, by=by, update_fields=["slug", "updated_at"])
        return True

    @transaction.atomic
    def assign(self, reviewer, *, by):
        """
        Set the claim's reviewer (None unassigns). Returns False when it is
        already theirs: nothing is written, so the edit version a colleague's
        open form carries stays valid.
        """
        self.check_permission(by, "claims.change_claim")
        reviewer_id = reviewer.pk if reviewer else None
        saved = self._lock()
        unchanged = saved["reviewer_id"] == reviewer_id
        self.reviewer = reviewer
        if unchanged:
            return False
        # The history entry records the verdict as saved, not a stale copy's.
        self.status, self.summary = saved["status"], saved["summary"]
        self.rated_by_id = saved["rated_by_id"]
        # The reason is public (ledger entries publish it): never the sign-in name.
        reason = f"Assigned to {_desk_name(reviewer)}" if reviewer else "Unassigned"
        self.save_recorded(reason=reason, by=by, update_fields=["reviewer", "updated_at"])
        return True

    @transaction.atomic
    def set_topics(self, topics, *, reason, by, history_user=None):
        """
        Replace the claim's topics; the change is one history entry per add or
        removal, and moves the claim's "last updated" (see _touch_for_topics).
        Nothing is written when the topics are the same. `history_user` is who
        the entries name when that is not `by`.
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
        self._history_user = history_user or by
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
            raise ValidationError(gettext("Change or retract a verdict with rate() or retract()."))
        if self._lock()["published_at"] is None:
            raise ValidationError(
                gettext("Corrections are for published claims; edit the draft instead.")
            )
        correction = Correction(claim=self, kind=kind, note=note.strip(), created_by=by)
        correction.full_clean()
        with translation.override(None):
            # The history is the ledger's record, the same whatever language the desk reads in.
            reason = f"{correction.get_kind_display()} issued"
        correction.save_recorded(reason=reason, by=by)
        self.mark_updated(reason=reason, by=by)
        Delivery.objects.enqueue_notice(self, kind, None, self.verdict, note=correction.note)
        return correction


# How a refusal names what the user tried to do: "… does not have the
# permission to %(action)s."
PERMISSION_ACTIONS = {
    "claims.change_claim": pgettext_lazy("permission", "change claims"),
    "claims.publish_claim": pgettext_lazy("permission", "publish or unpublish claims"),
    "claims.rate_published_claim": pgettext_lazy(
        "permission", "change the verdict of a published claim"
    ),
    "claims.retract_claim": pgettext_lazy("permission", "retract a published verdict"),
    "claims.add_correction": pgettext_lazy("permission", "issue corrections"),
}


def _desk_name(user):
    """How a reason names a desk user: their full name, never their sign-in name."""
    return user.get_full_name().strip() or f"reviewer #{user.pk}"


def reason_problem(reason):
    """
    What is wrong with `reason` (stripped) as the reason for a change, or
    None: the one check of every reason, which the history keeps and a
    correction may quote to the public. Blank, invisible (only zero-width or
    direction characters, which made an empty public note), too long, or
    holding what the feed's XML cannot carry.
    """
    if not reason:
        return gettext("Give a reason for this change; it goes in the history.")
    if len(reason) > CHANGE_REASON_MAX_LENGTH:
        return gettext(
            "A reason is at most %(limit)d characters (this one has %(length)d); put the "
            "detail in a correction's note."
        ) % {"limit": CHANGE_REASON_MAX_LENGTH, "length": len(reason)}
    for validator in (visible_text_validator, xml_text_validator):
        try:
            validator(reason)
        except ValidationError as error:
            return error.messages[0]
    return None


def reason_validator(value):
    """A form's reason field, which may be left empty: given, it must pass reason_problem."""
    problem = reason_problem(value.strip()) if value.strip() else None
    if problem is not None:
        raise ValidationError(problem, code="invalid_reason")


def _required_reason(reason, *, field):
    reason = (reason or "").strip()
    problem = reason_problem(reason)
    if problem is not None:
        raise ValidationError({field: problem})
    return reason


class OldSlug(RecordedModel):
    """
    A slug a published claim had before it was given another: its old URL,
    which keeps answering with a permanent redirect to the claim.
    """

    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=True)
    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="old_slugs", verbose_name=_("claim")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["claim", "created_at", "pk"]
        verbose_name = _("old slug")
        verbose_name_plural = _("old slugs")

    def __str__(self):
        return self.slug
