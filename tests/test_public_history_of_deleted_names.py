"""The public history names a deleted speaker or topic as it was recorded, not as 'None'."""

from tests.test_public_history import entries


def test_a_deleted_former_speaker_and_topic_keep_their_recorded_names(
    client, make_verdict, make_speaker, make_topic, editor
):
    budgets = make_topic(name="Budgets")
    former = make_speaker(name="Mayor Ortiz")
    claim = make_verdict(speaker=former)
    claim.set_topics([budgets], reason="Filed under budgets", by=editor)
    # The speaker is renamed after the claim recorded it: the history shows
    # the name as it stood then.
    former.name = "Former Mayor Ortiz"
    former.save()
    claim.speaker = make_speaker(name="Deputy Chen")
    claim.save_recorded(reason="Misattributed", by=editor, update_fields=["speaker", "updated_at"])
    former.delete()
    budgets.delete_recorded(reason="Topic retired", by=editor)

    log = entries(client, claim)
    page = "".join(body for _, body in log)
    assert "None" not in page
    assert '<del dir="auto">Mayor Ortiz</del> <ins dir="auto">Deputy Chen</ins>' in log[2][1]
    assert '<ins dir="auto">Budgets</ins>' in log[1][1]
    assert '<del dir="auto">Budgets</del>' in log[3][1]
