"""A claim's public revision log: what readers saw change, when and why, from publication on."""

import re

from django.utils.html import escape


def entries(client, claim):
    page = client.get(claim.get_history_url()).content.decode()
    return re.findall(r'<li class="revision revision-(\w+)">(.*?)</li>', page, re.S)


def test_it_starts_at_publication_and_hides_drafting(client, make_claim, reviewer, editor):
    claim = make_claim(text="Draft wording")
    claim.rate("false", reason="Internal first pass", by=reviewer, summary="Draft verdict")
    claim.rate("true", reason="Second look", by=reviewer, summary="It checks out.")
    claim.assign(reviewer, by=editor)
    claim.publish(by=editor, reason="Signed off")

    log = entries(client, claim)
    assert [kind for kind, _ in log] == ["published"]
    page = client.get(claim.get_history_url()).content.decode()
    for internal in ("Internal first pass", "Draft verdict", "Assigned to", "ravi"):
        assert internal not in page
    assert "Signed off" in page


def test_it_shows_each_public_change_with_its_reason(
    client, make_verdict, make_topic, editor, make_editor
):
    claim = make_verdict(status="half_true")
    # Another editor approves the new verdict first: Erin writes it, so hers does not count.
    claim.approve(by=make_editor(), status="false", summary="It is false.")
    claim.rate("false", reason="New figures from the bureau", by=editor, summary="It is false.")
    claim.set_topics([make_topic(name="Budgets")], reason="Filed under budgets", by=editor)
    claim.assign(None, by=editor)  # internal: not an entry

    log = entries(client, claim)
    assert [kind for kind, _ in log] == ["published", "changed", "changed"]
    rating = log[1][1]
    assert "New figures from the bureau" in rating
    assert "<dt>Status</dt>" in rating
    assert '<del dir="auto">Half true</del> <ins dir="auto">False</ins>' in rating
    assert "<dt>Summary</dt>" in rating
    topics = log[2][1]
    assert "Filed under budgets" in topics and '<ins dir="auto">Budgets</ins>' in topics


def test_taking_a_claim_down_and_back_shows_what_changed_meanwhile(
    client, make_verdict, reviewer, editor
):
    claim = make_verdict(status="true", summary="Correct.")
    claim.unpublish(reason="Rechecking after a complaint", by=editor)
    claim.rate("mostly_true", reason="Missing context", by=reviewer, summary="Mostly correct.")
    claim.rate("misleading", reason="Worse than thought", by=reviewer, summary="Misleading.")
    claim.publish(by=editor, reason="Back after recheck")

    log = entries(client, claim)
    assert [kind for kind, _ in log] == ["published", "withdrawn", "published"]
    assert "Rechecking after a complaint" in log[1][1]
    back = log[2][1]
    assert '<del dir="auto">True</del> <ins dir="auto">Misleading</ins>' in back
    assert "Missing context" not in back
    assert escape("Back after recheck") in back


def test_one_edit_recorded_in_several_entries_is_one_revision(
    client, make_verdict, make_topic, editor
):
    old, new, extra = make_topic(name="Old"), make_topic(name="New"), make_topic(name="Extra")
    claim = make_verdict()
    claim.set_topics([old], reason="First filing", by=editor)
    # One removal and two additions: three history entries, one edit.
    claim.set_topics([new, extra], reason="Refiled", by=editor)

    log = entries(client, claim)
    assert [kind for kind, _ in log] == ["published", "changed", "changed"]
    assert '<del dir="auto">Old</del> <ins dir="auto">Extra, New</ins>' in log[2][1]


def test_a_seed_claim_shows_its_publication_date_and_no_loading_steps(client, seeded):
    from claims.models import Claim

    claim = Claim.objects.get(slug="no-direct-threat-against-amnesty-offices")
    log = entries(client, claim)
    assert [kind for kind, _ in log] == ["published"]
    assert 'datetime="2021-10-26T09:15:00+00:00"' in log[0][1]


def test_a_change_of_the_claims_words_keeps_their_language(client, make_verdict, editor):
    claim = make_verdict(text="國安法保障人權", language="zh-Hant")
    claim.text = "國安法保障人權和自由"
    claim.save_recorded(reason="The speaker's full sentence", by=editor)

    changed = entries(client, claim)[1][1]
    assert '<dd lang="zh-Hant"><del dir="auto">國安法保障人權</del>' in changed
    # The desk's own words (the status) are in the page's language, not the claim's.
    assert changed.count('lang="zh-Hant"') == 1
