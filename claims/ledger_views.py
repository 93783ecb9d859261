"""
The ledger's public face: the head, the chain of hashes anyone can recompute,
and the content of the records that are public anyway, so a reader who saved
a checkpoint can check that nothing before it was rewritten.
"""

import re

from django.conf import settings
from django.db import router
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from claims.caching import public, revalidated
from claims.chain import GENESIS_HASH, LedgerBroken
from claims.claimreview import absolute_url
from claims.models import LedgerEntry, LedgerHead

ENTRIES_PAGE_SIZE = 1000

ALGORITHM = {
    "genesis": GENESIS_HASH,
    "content_hash": 'sha256(nonce + "\\n" + canonical)',
    "entry_hash": 'sha256(str(position) + "\\n" + previous entry_hash + "\\n" + content_hash)',
}


def _head_json(head):
    return {
        "entries": head.entries,
        "head": head.hash,
        "checkpoint": head.checkpoint,
        "algorithm": ALGORITHM,
        "entries_url": absolute_url(reverse("claims:ledger_entries")),
    }


@public
def ledger(request):
    head = LedgerHead.current(using=router.db_for_read(LedgerHead))
    return render(
        request,
        "claims/ledger.html",
        {
            "head": head,
            "head_json": _head_json(head),
            "site_url": settings.LEDGER_SITE_URL,
            "page_size": ENTRIES_PAGE_SIZE,
        },
    )


@revalidated
def ledger_head(request):
    return JsonResponse(_head_json(LedgerHead.current(using=router.db_for_read(LedgerHead))))


@revalidated
def ledger_entries(request):
    """
    The chain, `ENTRIES_PAGE_SIZE` entries at a time after position `after`:
    positions and hashes only, which say nothing about what was recorded.
    """
    after = request.GET.get("after", "0")
    # ASCII digits only (str.isdigit also takes "²"), and few enough of them
    # for a database integer.
    if not re.fullmatch(r"[0-9]{1,18}", after):
        return JsonResponse(
            {"error": f"after={after!r} is not a position: give a whole number, e.g. after=0."},
            status=400,
        )
    # Read the head first: every entry up to it is committed, so a page never
    # shows a position whose predecessors a reader cannot fetch yet. Both come
    # from the same database (a replica, for public reads: claims/routers.py).
    head = LedgerHead.current(using=router.db_for_read(LedgerHead))
    after = int(after)
    entries = list(
        LedgerEntry.objects.filter(position__gt=after, position__lte=head.entries)
        .order_by("position")
        .values_list("position", "content_hash", "entry_hash")[:ENTRIES_PAGE_SIZE]
    )
    last = entries[-1][0] if entries else after
    return JsonResponse(
        {
            "head": {"entries": head.entries, "head": head.hash},
            "entries": [
                {"position": position, "content_hash": content, "entry_hash": entry}
                for position, content, entry in entries
            ],
            "next": (
                absolute_url(f"{reverse('claims:ledger_entries')}?after={last}")
                if last < head.entries
                else None
            ),
        }
    )


@revalidated
def ledger_entry(request, position):
    """
    One entry of the chain (up to the head: anything past it is not part of
    it); with its record's canonical content when that record is public.
    """
    entry = get_object_or_404(LedgerEntry.objects.chained(), position=position)
    try:
        content, broken = entry.public_content(), None
    except LedgerBroken as error:
        # Only the publisher's verify_ledger may name the record; a reader
        # learns that this entry's content cannot be read back.
        content, broken = None, f"Entry {entry.position} cannot be read back: {error}"
    return JsonResponse(
        {
            "position": entry.position,
            "content_hash": entry.content_hash,
            "entry_hash": entry.entry_hash,
            "nonce": entry.nonce if content is not None else None,
            "canonical": content.decode() if content is not None else None,
            # Held back on purpose (a draft), not merely unreadable: a broken
            # entry says so in `error` instead.
            "withheld": content is None and broken is None,
        }
        | ({"error": broken} if broken else {})
    )
