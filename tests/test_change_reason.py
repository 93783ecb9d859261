"""The claim form's "reason for this change": required to change status or publication; kept."""

from django.urls import reverse


def change_url(claim):
    return reverse("admin:claims_claim_change", args=[claim.pk])


def test_a_status_change_without_a_reason_is_refused(client, reviewer, form_data, make_claim):
    client.force_login(reviewer)
    claim = make_claim(context="on the radio")
    data = form_data(client.get(change_url(claim)))
    data.update(status="in_review", context="on TV", change_reason="  ")

    response = client.post(change_url(claim), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["change_reason"] == [
        "Give a reason for this change of status or publication; it goes in the history."
    ]
    # The user's input is still on the form.
    assert response.context["adminform"].form["context"].value() == "on TV"
    claim.refresh_from_db()
    assert (claim.status, claim.context) == ("unverified", "on the radio")


def test_a_publication_change_without_a_reason_is_refused(client, editor, form_data, make_claim):
    client.force_login(editor)
    claim = make_claim()
    data = form_data(client.get(change_url(claim)))
    data["is_published"] = "on"

    response = client.post(change_url(claim), data)

    assert "change_reason" in response.context["adminform"].form.errors
    claim.refresh_from_db()
    assert not claim.is_published


def test_the_reason_lands_in_the_history_with_the_user(client, reviewer, form_data, make_claim):
    client.force_login(reviewer)
    claim = make_claim()
    data = form_data(client.get(change_url(claim)))
    data.update(status="in_review", change_reason="The bureau's figures are out")

    assert client.post(change_url(claim), data).status_code == 302

    entry = claim.history.first()
    assert (entry.status, entry.history_user, entry.history_change_reason) == (
        "in_review",
        reviewer,
        "The bureau's figures are out",
    )


def test_a_plain_edit_keeps_its_reason_when_given_and_needs_none(
    client, reviewer, form_data, make_claim, make_topic
):
    client.force_login(reviewer)
    claim, topic = make_claim(), make_topic(name="Policing")
    data = form_data(client.get(change_url(claim)))
    data.update(context="at the Legislative Council", topics=[str(topic.pk)])
    data["change_reason"] = "Venue from the transcript"
    assert client.post(change_url(claim), data).status_code == 302

    reasons = list(claim.history.values_list("history_change_reason", flat=True)[:2])
    assert reasons == ["Venue from the transcript", "Venue from the transcript"]
    assert list(claim.topics.all()) == [topic]

    data = form_data(client.get(change_url(claim)))
    data.update(context="at LegCo", change_reason="")
    assert client.post(change_url(claim), data).status_code == 302
    assert claim.history.first().history_change_reason is None


def test_a_status_change_alone_writes_one_history_entry(client, reviewer, form_data, make_claim):
    client.force_login(reviewer)
    claim = make_claim()
    entries_before = claim.history.count()
    data = form_data(client.get(change_url(claim)))
    data.update(status="in_review", change_reason="Checking")

    client.post(change_url(claim), data)

    assert claim.history.count() == entries_before + 1


def test_evidence_added_on_the_claim_form_carries_the_reason(
    client, reviewer, form_data, make_claim
):
    client.force_login(reviewer)
    claim = make_claim()
    data = form_data(client.get(change_url(claim)))
    data.update(
        {
            "evidence-TOTAL_FORMS": "1",
            "evidence-0-position": "1",
            "evidence-0-stance": "refutes",
            "evidence-0-url": "https://example.org/census",
            "evidence-0-title": "Census table",
            "change_reason": "Found the census table",
        }
    )

    assert client.post(change_url(claim), data).status_code == 302

    entry = claim.evidence.get().history.get()
    assert (entry.history_user, entry.history_change_reason) == (reviewer, "Found the census table")


def test_a_long_reason_lands_whole_in_the_history_and_the_correction(
    client, editor, make_editor, form_data, make_claim
):
    client.force_login(editor)
    claim = make_claim(status="false", summary="Not so.", published=True)
    # Another editor approves the new verdict first: Erin writes it, so hers does not count.
    claim.approve(by=make_editor(), status="mostly_false", summary="Mostly not so.")
    reason = "The ministry's revised series, published after our check, shows " + "x" * 900
    data = form_data(client.get(change_url(claim)))
    data.update(status="mostly_false", summary="Mostly not so.", change_reason=reason)

    assert client.post(change_url(claim), data).status_code == 302

    assert claim.history.first().history_change_reason == reason
    assert claim.corrections.get().note == reason


def test_a_reason_over_the_limit_is_refused_on_the_form(client, editor, form_data, make_claim):
    client.force_login(editor)
    claim = make_claim()
    data = form_data(client.get(change_url(claim)))
    data.update(context="on TV", change_reason="x" * 1001)

    response = client.post(change_url(claim), data)

    assert response.status_code == 200
    assert "change_reason" in response.context["adminform"].form.errors
