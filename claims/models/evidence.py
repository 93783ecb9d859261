from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from claims.history import HistoricalRecords
from claims.models.base import (
    HttpURLField,
    RecordedModel,
    visible_text_validator,
    web_link_only,
    xml_text_validator,
)
from claims.models.statuses import ClaimStatus, CorrectionKind

# The longest passage evidence quotes, and the longest public note of a
# correction: enough for a paragraph or two, where a pasted 50 MB text made
# a claim's page of 100 MB. A correction's note may be a change's reason,
# which is shorter (CHANGE_REASON_MAX_LENGTH).
EVIDENCE_EXCERPT_MAX_LENGTH = 5000
CORRECTION_NOTE_MAX_LENGTH = 2000


class EvidenceStance(models.TextChoices):
    SUPPORTS = "supports", _("Supports the claim")
    REFUTES = "refutes", _("Refutes the claim")
    CONTEXT = "context", _("Context")


class Evidence(RecordedModel):
    # Declared at module level so Meta's constraints can name its values.
    Stance = EvidenceStance

    claim = models.ForeignKey(
        "claims.Claim", on_delete=models.CASCADE, related_name="evidence", verbose_name=_("claim")
    )
    position = models.PositiveIntegerField(
        _("position"), default=0, help_text=_("Order in the evidence list.")
    )
    url = HttpURLField(_("URL"), blank=True)
    title = models.CharField(
        _("title"), max_length=300, blank=True, validators=[xml_text_validator]
    )
    publisher = models.CharField(
        _("publisher"), max_length=200, blank=True, validators=[xml_text_validator]
    )
    excerpt = models.TextField(
        _("excerpt"),
        blank=True,
        validators=[MaxLengthValidator(EVIDENCE_EXCERPT_MAX_LENGTH), xml_text_validator],
        help_text=_("The passage relied on, or a note on what it shows."),
    )
    stance = models.CharField(
        _("stance"), max_length=10, choices=Stance.choices, default=Stance.CONTEXT
    )
    archived_url = HttpURLField(_("archived URL"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["claim", "position", "pk"]
        verbose_name = _("evidence")
        verbose_name_plural = pgettext_lazy("plural", "evidence")
        indexes = [
            # A claim page lists its evidence in order.
            models.Index(fields=["claim", "position"], name="evidence_claim_position_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "url"],
                condition=~Q(url=""),
                name="evidence_url_unique_per_claim",
                violation_error_message=_("This claim already cites this URL as evidence."),
            ),
            models.CheckConstraint(
                condition=~Q(url="") | ~Q(title=""),
                name="evidence_has_url_or_title",
                violation_error_message=_("Evidence needs a URL or a title."),
            ),
            web_link_only("url", "evidence"),
            web_link_only("archived_url", "evidence"),
            models.CheckConstraint(
                condition=Q(stance__in=EvidenceStance.values),
                name="evidence_stance_valid",
                violation_error_message=_("Unknown evidence stance."),
            ),
        ]

    def __str__(self):
        return self.title or self.url



class Correction(RecordedModel):
    # Declared at module level so Meta's constraints can name its values.
    Kind = CorrectionKind

    claim = models.ForeignKey(
        "claims.Claim",
        on_delete=models.CASCADE,
        related_name="corrections",
        verbose_name=_("claim"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    note = models.TextField(
        pgettext_lazy("a correction's", "note"),
        validators=[MaxLengthValidator(CORRECTION_NOTE_MAX_LENGTH), xml_text_validator],
        help_text=_("What changed and why, as the public will read it."),
    )
    previous_status = models.CharField(
        _("previous status"), max_length=20, choices=ClaimStatus.choices, blank=True
    )
    new_status = models.CharField(
        _("new status"), max_length=20, choices=ClaimStatus.choices, blank=True
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # PROTECT, like Claim.reviewer: the issuer stays on the public record.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["claim", "created_at", "pk"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        indexes = [
            # A claim page lists its corrections by date.
            models.Index(fields=["claim", "created_at"], name="correction_claim_date_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=CorrectionKind.values),
                name="correction_kind_valid",
                violation_error_message=_("Unknown correction kind."),
            ),
            models.CheckConstraint(
                condition=~Q(note=""),
                name="correction_note_not_blank",
                violation_error_message=_("A correction needs a note for the public."),
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
                violation_error_message=_(
                    "A rating change or retraction records the previous and the new status, "
                    "and they differ."
                ),
            ),
        ]

    def __str__(self):
        # Translators: a correction as the admin names it: "Correction on 2026-01-05".
        return gettext("%(kind)s on %(date)s") % {
            "kind": self.get_kind_display(),
            "date": f"{self.created_at:%Y-%m-%d}",
        }

    def clean(self):
        # In clean(), not as the field's validator, which a migration would
        # have to import from the claims app. A note of only zero-width or
        # direction characters passed the not-blank constraint and went out
        # as an empty public correction.
        super().clean()
        try:
            visible_text_validator(self.note)
        except ValidationError as error:
            raise ValidationError({"note": error.messages}) from None
