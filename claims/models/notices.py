"""
Correction notices: the partners (other newsrooms, platforms) told of every
publication and public correction, and the queue of deliveries to them.

A notice is built inside the transaction that publishes or corrects (so it
names that change's ledger entry and head) and queued once the transaction
commits (`transaction.on_commit`): a rolled-back edit tells nobody. The
`deliver_notices` command posts the queue (claims/webhooks.py); the editor's
save never waits for a partner. docs/correction-notices.md is the format.

Neither table keeps a history: a partner's secret must not be copied into
the audit history, and a delivery is the queue's working state, rewritten on
every attempt; the admin shows both, read-only for deliveries.
"""

import json
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinLengthValidator
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from claims.models.base import HttpURLField
from claims.models.ledger import LedgerHead

# The longest excerpt of a partner's response the delivery keeps.
RESPONSE_EXCERPT_LENGTH = 500


def new_secret():
    """A secret for a new partner, as the admin offers one: 48 random letters and digits."""
    return get_random_string(48)


class Partner(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    webhook_url = HttpURLField(
        _("webhook URL"), help_text=_("Notices are POSTed here, signed with the secret.")
    )
    # No model default (a migration would have to import the function); the
    # admin offers new_secret() on the add page.
    secret = models.CharField(
        _("secret"),
        max_length=200,
        validators=[MinLengthValidator(16)],
        help_text=_(
            "Shared with the partner: each notice's X-Ledger-Signature is the "
            "HMAC-SHA256 of its body with this key."
        ),
    )
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Untick to stop sending notices.")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self):
        return self.name

    def clean(self):
        from claims.webhooks import WebhookRefused, check_webhook_url

        if not self.webhook_url:
            return
        try:
            check_webhook_url(self.webhook_url)
        except WebhookRefused as refusal:
            raise ValidationError({"webhook_url": str(refusal)}) from None


class DeliveryQuerySet(models.QuerySet):
    def due(self, now=None):
        """Deliveries to attempt now, oldest first."""
        return self.filter(
            status=Delivery.Status.PENDING, next_attempt_at__lte=now or timezone.now()
        ).order_by("next_attempt_at", "pk")

    def enqueue(self, notice, *, using="default"):
        """
        Queue `notice` (a dict) for every active partner once the current
        transaction commits; nothing if it rolls back. `robust`: a failure to
        queue is logged, and never turns the editor's committed save into an
        error page.
        """
        body = json.dumps(notice, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

        def queue():
            partners = Partner.objects.using(using).filter(active=True)
            self.model.objects.using(using).bulk_create(
                [self.model(partner=partner, body=body) for partner in partners]
            )

        transaction.on_commit(queue, using=using, robust=True)

    def enqueue_notice(self, claim, event, previous, new, *, note):
        """
        Queue the notice of `event` (a publication or a Correction.Kind) on
        `claim`, from status `previous` (or None) to `new`. Called last in the
        claim's verb: its transaction holds the ledger's head (chain.append
        locks it), so the head read here ends with this change's records.
        One query now, and after the commit one for the partners and one insert.
        """
        using = claim._state.db or "default"
        head = LedgerHead.current(using)
        self.enqueue(
            {
                "event": str(event),
                "claim": {
                    "url": f"{settings.LEDGER_SITE_URL}{claim.get_absolute_url()}",
                    "text": claim.text,
                },
                "previous_verdict": str(previous) if previous else None,
                "new_verdict": str(new),
                "summary": claim.summary,
                "note": note,
                "issued_at": timezone.now().isoformat(),
                "ledger": {"position": head.entries, "head": head.hash},
            },
            using=using,
        )


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Given up")


class Delivery(models.Model):
    Status = DeliveryStatus

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("partner")
    )
    # The exact bytes signed and sent (UTF-8 JSON).
    body = models.TextField(_("body"))
    status = models.CharField(
        pgettext_lazy("a delivery's", "status"),
        max_length=10,
        choices=Status.choices,
        default=Status.PENDING,
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    last_response_code = models.PositiveIntegerField(
        _("last response code"), null=True, blank=True
    )
    last_response = models.TextField(
        _("last response"),
        blank=True,
        help_text=_("The start of the partner's last answer, or why there was none."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        indexes = [
            # deliver_notices: the pending deliveries that are due.
            models.Index(
                fields=["next_attempt_at"],
                name="delivery_due_idx",
                condition=Q(status="pending"),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=DeliveryStatus.values),
                name="delivery_status_valid",
                violation_error_message=_("Unknown delivery status."),
            ),
        ]

    def __str__(self):
        return gettext("Notice %(number)s to %(partner)s") % {
            "number": self.pk,
            "partner": self.partner,
        }

    @property
    def notice(self):
        return json.loads(self.body)

    def record_attempt(self, *, code=None, response="", now=None):
        """
        Record one attempt's outcome: delivered on a 2xx answer; otherwise
        tried again after 1, 2, 4, ... minutes, until LEDGER_WEBHOOK_MAX_ATTEMPTS.
        """
        now = now or timezone.now()
        self.attempts += 1
        self.last_response_code = code
        self.last_response = response[:RESPONSE_EXCERPT_LENGTH]
        if code is not None and 200 <= code < 300:
            self.status, self.delivered_at = self.Status.DELIVERED, now
        elif self.attempts >= settings.LEDGER_WEBHOOK_MAX_ATTEMPTS:
            self.status = self.Status.FAILED
        else:
            self.next_attempt_at = now + timedelta(minutes=2 ** (self.attempts - 1))
        self.save(
            update_fields=[
                "attempts", "last_response_code", "last_response", "status",
                "delivered_at", "next_attempt_at",
            ]
        )

    def lease(self, *, seconds):
        """Keep other workers off this delivery while one attempt runs (deliver_notices)."""
        self.next_attempt_at = timezone.now() + timedelta(seconds=seconds)
        self.save(update_fields=["next_attempt_at"])

    def postpone(self, *, why, now=None):
        """Leave this delivery for the next run, without an attempt: its partner just failed."""
        self.next_attempt_at = (now or timezone.now()) + timedelta(minutes=1)
        self.last_response = why[:RESPONSE_EXCERPT_LENGTH]
        self.save(update_fields=["next_attempt_at", "last_response"])
