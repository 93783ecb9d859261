"""
The sign-off panel: editors other than a claim's reviewer and its verdict's
author (Claim.rated_by) approve or reject the verdict proposed for it (a
status and a summary), and a verdict goes public, or a public verdict
changes, only once enough of them approve it (settings LEDGER_SIGN_OFF and
LEDGER_SIGN_OFF_MAJORITY; docs/sign-off.md).

A vote is tied to the status and summary it was cast on: when either
changes, the votes stop counting (they stay in the history and the ledger,
saying what they approved), so nothing is deleted and no vote is rewritten.
"""

from typing import NamedTuple

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from claims.history import HistoricalRecords
from claims.models.base import RecordedModel, xml_text_validator
from claims.models.statuses import ClaimStatus

VOTE_NOTE_MAX_LENGTH = 2000


class VoteDecision(models.TextChoices):
    APPROVE = "approve", _("Approve")
    REJECT = "reject", _("Reject")
    # A change of a published verdict put to the panel (Claim.propose); its
    # note is the change's reason. It never counts as an approval.
    PROPOSE = "propose", _("Propose")


class SignOff(NamedTuple):
    """Where the panel stands on one proposed verdict."""

    approvals: int
    rejections: int
    panel: int
    majority: int

    @property
    def agreed(self):
        return self.approvals >= self.majority

    @property
    def missing(self):
        """
        The tally, "1 of 2 approvals", in English whatever language is active:
        for what is read in the site's language, the import's problems and the
        command line (docs/i18n.md). The desk's refusals and the admin show
        `standing`.
        """
        with translation.override("en"):
            return self.standing

    @property
    def standing(self):
        """
        The tally in the active language: "1 of 2 approvals", or, once
        approvals exceed the majority, "2 approvals, 1 needed" (never "2 of 1").
        """
        values = {"approvals": self.approvals, "majority": self.majority}
        if self.approvals <= self.majority:
            words = ngettext(
                "%(approvals)d of %(majority)d approval",
                "%(approvals)d of %(majority)d approvals",
                self.majority,
            )
        else:
            words = ngettext(
                "%(approvals)d approval, %(majority)d needed",
                "%(approvals)d approvals, %(majority)d needed",
                self.approvals,
            )
        words %= values
        if self.rejections:
            rejections = ngettext(
                "%(rejections)d rejection", "%(rejections)d rejections", self.rejections
            ) % {"rejections": self.rejections}
            # Translators: a sign-off tally and its rejections: "1 of 2 approvals, 1 rejection".
            words = gettext("%(approvals)s, %(rejections)s") % {
                "approvals": words,
                "rejections": rejections,
            }
        return words


def sign_off(decisions, *, panel=None, majority=None):
    """
    The panel's tally of `decisions` ({editor id: VoteDecision}, each
    editor's latest vote on one verdict). No queries.
    """
    panel = settings.LEDGER_SIGN_OFF if panel is None else panel
    majority = settings.LEDGER_SIGN_OFF_MAJORITY if majority is None else majority
    approvals = sum(decision == VoteDecision.APPROVE for decision in decisions.values())
    return SignOff(approvals, len(decisions) - approvals, panel, majority)


class VoteQuerySet(models.QuerySet):
    def on(self, status, summary):
        """The votes cast on this verdict: the ones that count for it."""
        return self.filter(status=status, summary=summary)

    def decisions(self, *, excluding=()):
        """
        Each editor's latest decision, {editor id: decision}, leaving out the
        editor ids in `excluding` (a claim's reviewer, who may have been
        assigned since voting, and the verdict's author). One query.
        """
        latest = {}
        votes = self.exclude(decision=VoteDecision.PROPOSE)
        excluding = [pk for pk in excluding if pk is not None]
        votes = votes.exclude(editor_id__in=excluding) if excluding else votes
        for editor_id, decision in votes.order_by("editor_id", "-created_at", "-pk").values_list(
            "editor_id", "decision"
        ):
            latest.setdefault(editor_id, decision)
        return latest

    def approvals_of_outer_claim(self):
        """
        A subquery for a query of claims: how many editors other than the
        outer claim's reviewer and its verdict's author approve its status and
        summary in their latest vote on it.
        """
        later = self.filter(
            claim=OuterRef("claim"),
            editor=OuterRef("editor"),
            status=OuterRef("status"),
            summary=OuterRef("summary"),
            created_at__gt=OuterRef("created_at"),
        ).exclude(decision=VoteDecision.PROPOSE)
        return (
            self.filter(
                Q(claim__reviewer__isnull=True) | ~Q(editor=OuterRef("reviewer")),
                Q(claim__rated_by__isnull=True) | ~Q(editor=OuterRef("rated_by")),
                claim=OuterRef("pk"),
                status=OuterRef("status"),
                summary=OuterRef("summary"),
                decision=VoteDecision.APPROVE,
            )
            .filter(~Exists(later))
            .order_by()
            .values("claim")
            .annotate(editors=Count("editor", distinct=True))
            .values("editors")
        )

    def latest_decision(self, editor):
        """`editor`'s latest decision among these votes, or None. One query."""
        latest = self.filter(editor=editor).exclude(decision=VoteDecision.PROPOSE)
        latest = latest.order_by("-created_at", "-pk")
        return latest.values_list("decision", flat=True).first()

    def tally(self, *, excluding=(), counting=None):
        """
        The panel's SignOff on these votes (one verdict's), leaving out the
        editor ids in `excluding` and counting `counting` (an editor whose
        act is their approval) as approving. One query.
        """
        decisions = self.decisions(excluding=excluding)
        if counting is not None:
            decisions[counting.pk] = VoteDecision.APPROVE
        return sign_off(decisions)


class Vote(RecordedModel):
    """
    An editor's approval or rejection of the verdict a claim carried, or was
    proposed; or a proposal itself, of a new verdict for a published claim.
    """

    Decision = VoteDecision

    claim = models.ForeignKey(
        "claims.Claim", on_delete=models.CASCADE, related_name="votes", verbose_name=_("claim")
    )
    # PROTECT, like Claim.reviewer: who signed off stays on the record.
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="sign_off_votes",
        verbose_name=_("editor"),
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    status = models.CharField(_("status"), max_length=20, choices=ClaimStatus.choices)
    summary = models.TextField(_("summary"), blank=True)
    # The desk's own words: never on a public page, in a feed or a notice.
    note = models.TextField(
        pgettext_lazy("a vote's", "note"),
        blank=True,
        validators=[MaxLengthValidator(VOTE_NOTE_MAX_LENGTH), xml_text_validator],
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords()
    objects = VoteQuerySet.as_manager()

    class Meta:
        ordering = ["claim", "created_at", "pk"]
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        indexes = [
            # The tally of a claim's verdict: its votes, each editor's latest.
            models.Index(fields=["claim", "status", "editor"], name="vote_claim_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision__in=VoteDecision.values),
                name="vote_decision_valid",
                violation_error_message=_("A vote approves, rejects or proposes."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=[status.value for status in ClaimStatus.verdicts()]),
                name="vote_on_a_verdict",
                violation_error_message=_("Only a verdict is signed off."),
            ),
        ]

    def __str__(self):
        return f"{self.get_decision_display()} {self.get_status_display()} by {self.editor}"

    @classmethod
    def cast(cls, claim, editor, decision, status, summary, *, note, reason):
        """
        Record `editor`'s vote on (`status`, `summary`) of `claim`; the claim's
        verbs decide whether they may (Claim.approve, reject, require_sign_off).
        The history's reason is our own words; the note stays in the vote.
        """
        vote = cls(
            claim=claim,
            editor=editor,
            decision=decision,
            status=status,
            summary=summary,
            note=(note or "").strip(),
        )
        vote.full_clean()
        vote.save_recorded(reason=reason, by=editor)
        return vote
