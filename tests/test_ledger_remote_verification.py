"""
A reader who saved a checkpoint checks a ledger site from its published
hashes alone (verify_ledger --url), without access to its database.
"""

import html
import re

import pytest
from django.core.management import CommandError, call_command

from claims.ledger import LedgerEntry, LedgerHead, entry_hash
from claims.models import Claim

pytestmark = pytest.mark.django_db(transaction=True)


def verify_site(live_server, *checkpoints):
    options = [f"--checkpoint={checkpoint}" for checkpoint in checkpoints]
    call_command("verify_ledger", f"--url={live_server.url}", *options)


def test_a_site_that_extends_the_checkpoint_verifies(live_server, make_claim, editor, capsys):
    claim = make_claim(summary="Right.")
    earlier = LedgerHead.objects.get().checkpoint
    claim.rate(Claim.Status.TRUE, reason="Checked", by=editor)

    verify_site(live_server, earlier)

    head = LedgerHead.objects.get()
    assert f"Ledger intact at {live_server.url}: {head.entries} entries, head {head.hash}" in (
        capsys.readouterr().out
    )


def test_a_site_whose_hashes_were_rewritten_fails_the_checkpoint(live_server, make_claim):
    make_claim()
    earlier = LedgerHead.objects.get().checkpoint
    make_claim()
    # A rewrite that replaces a record's content hash and recomputes the chain
    # after it, head included: consistent, but not what the checkpoint saw.
    previous = "0" * 64
    for entry in LedgerEntry.objects.order_by("position"):
        if entry.position == 2:
            entry.content_hash = "f" * 64
        entry.entry_hash = previous = entry_hash(entry.position, previous, entry.content_hash)
        entry.save()
    LedgerHead.objects.update(hash=previous)

    with pytest.raises(CommandError, match="Ledger broken at entry 3: it does not match"):
        verify_site(live_server, earlier)


def test_an_unreachable_site_is_a_clear_error(db):
    with pytest.raises(
        CommandError, match=re.escape("Could not read http://127.0.0.1:9/ledger/head.json")
    ):
        call_command("verify_ledger", "--url=http://127.0.0.1:9")


def test_the_python_recipe_on_the_ledger_page_verifies_the_site(
    live_server, make_claim, client, settings, capsys
):
    make_claim()
    earlier = LedgerHead.objects.get().checkpoint
    make_claim()
    settings.LEDGER_SITE_URL = live_server.url
    page = client.get("/ledger/").content.decode()
    recipe = html.unescape(re.search(r"<pre><code>(import hashlib.*?)</code></pre>", page, re.S)[1])
    recipe = recipe.replace(LedgerHead.objects.get().checkpoint, earlier)

    exec(recipe, {})

    head = LedgerHead.objects.get()
    assert capsys.readouterr().out == f"extends the checkpoint: {head.entries} {head.hash}\n"
