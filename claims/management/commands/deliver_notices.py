import http.client
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from claims.models import Delivery
from claims.webhooks import WebhookRefused, post


class Command(BaseCommand):
    help = (
        "Post the queued correction notices to partners' webhooks, signed "
        "(docs/correction-notices.md), retrying failures with backoff. Runs until "
        "stopped, or with --once posts what is due and exits (cron, tests)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Post what is due, then exit.")
        parser.add_argument(
            "--interval", type=float, default=10, help="Seconds between looks at the queue."
        )
        parser.add_argument(
            "--batch", type=int, default=100, help="The most deliveries one look attempts."
        )

    def handle(self, *, once, interval, batch, **options):
        while True:
            delivered, retried, postponed = self.deliver_due(batch)
            if delivered or retried or postponed or once:
                self.stdout.write(
                    self.style.SUCCESS(
                        f"{delivered} delivered, {retried} to be retried, "
                        f"{postponed} postponed behind a failing partner."
                    )
                )
            if once:
                return
            time.sleep(interval)

    def deliver_due(self, batch):
        """
        One look at the queue. A partner that fails (an error, a timeout, a
        refused address) gets no other attempt in this look: its remaining
        deliveries wait for the next one, so a slow partner costs the others
        at most one timeout a look, and never the desk anything.
        """
        delivered = retried = postponed = 0
        failing = set()
        ids = list(Delivery.objects.due().values_list("pk", flat=True)[:batch])
        for pk in ids:
            delivery, postponed_now = self._take(pk, failing)
            postponed += postponed_now
            if delivery is None:
                continue
            # No transaction is open while the partner answers: SQLite's
            # IMMEDIATE transactions would hold the desk's writes that long.
            code, answer = self._attempt(delivery)
            delivery.record_attempt(code=code, response=answer, now=timezone.now())
            if delivery.status == Delivery.Status.DELIVERED:
                delivered += 1
            else:
                retried += delivery.status == Delivery.Status.PENDING
                failing.add(delivery.partner_id)
        return delivered, retried, postponed

    def _take(self, pk, failing):
        """
        Lease the delivery `pk` if it is still pending and due: its next
        attempt moves past the time one attempt can take, so another worker
        leaves it alone, and a worker killed mid-attempt leaves it to be
        retried. Returns (the delivery to attempt or None, whether it was
        postponed because its partner failed in this run or is inactive).
        """
        with transaction.atomic():
            # skip_locked: another worker is taking it (PostgreSQL; SQLite has one writer).
            delivery = (
                Delivery.objects.select_for_update(skip_locked=True)
                .select_related("partner")
                .filter(pk=pk, status=Delivery.Status.PENDING, next_attempt_at__lte=timezone.now())
                .first()
            )
            if delivery is None:
                return None, False
            if delivery.partner_id in failing or not delivery.partner.active:
                delivery.postpone(
                    why="Postponed: this partner failed a moment ago."
                    if delivery.partner.active
                    else "Postponed: the partner is inactive."
                )
                return None, True
            delivery.lease(seconds=3 * settings.LEDGER_WEBHOOK_TIMEOUT)
        return delivery, False

    def _attempt(self, delivery):
        """(status code or None, what the partner said or why there was no answer)."""
        try:
            return post(
                delivery.partner.webhook_url,
                delivery.body.encode(),
                secret=delivery.partner.secret,
            )
        except WebhookRefused as refusal:
            return None, f"Refused: {refusal}"
        except (OSError, http.client.HTTPException) as error:
            # OSError: timeouts, refused connections, TLS failures;
            # HTTPException: an answer that is not HTTP.
            return None, f"No answer: {type(error).__name__}: {error}"
