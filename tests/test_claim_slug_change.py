"""
A published claim's URL is public: changing its slug needs an editor and a
reason, and the old URL keeps working as a permanent redirect, for its page,
its history and the API; the feed entry keeps its id. A draft's slug is the
desk's to change.
"""

import xml.etree.ElementTree as ET

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from claims.models import Claim, OldSlug

ATOM = "{http://www.w3.org/2005/Atom}"


def change_url(claim):
    return reverse("admin:claims_claim_change", args=[claim.pk])


def feed_ids(client):
    feed = ET.fromstring(client.get(reverse("claims:feed")).content)
    return [entry.find(f"{ATOM}id").text for entry in feed.iter(f"{ATOM}entry")]


def test_a_reviewer_cannot_change_a_published_claims_slug(
    client, reviewer, form_data, make_verdict
):
    claim = make_verdict()
    client.force_login(reviewer)
    data = form_data(client.get(change_url(claim)))
    data.update(slug="a-new-name", change_reason="Shorter")

    response = client.post(change_url(claim), data)

    assert response.context["adminform"].form.errors["slug"] == [
        "Only editors may change the URL of a published claim."
    ]
    with pytest.raises(PermissionDenied):
        claim.change_slug("a-new-name", reason="Shorter", by=reviewer)
    claim.refresh_from_db()
    assert claim.slug != "a-new-name"


def test_an_editor_needs_a_reason(client, editor, form_data, make_verdict):
    claim = make_verdict()
    client.force_login(editor)
    data = form_data(client.get(change_url(claim)))
    data.update(slug="a-new-name", change_reason="")

    response = client.post(change_url(claim), data)

    assert "change_reason" in response.context["adminform"].form.errors
    assert response.context["adminform"].form["slug"].value() == "a-new-name"
    with pytest.raises(ValidationError):
        claim.change_slug("a-new-name", reason="\u200b", by=editor)


def test_the_old_url_redirects_permanently_and_the_feed_id_stays(
    client, editor, form_data, make_verdict
):
    claim = make_verdict()
    old = claim.slug
    ids_before = feed_ids(client)
    client.force_login(editor)
    data = form_data(client.get(change_url(claim)))
    data.update(slug="a-new-name", change_reason="The first slug named the wrong minister")

    assert client.post(change_url(claim), data).status_code == 302
    client.logout()

    claim.refresh_from_db()
    assert claim.slug == "a-new-name"
    for url_name, new_url in (
        ("claims:detail", claim.get_absolute_url()),
        ("claims:history", claim.get_history_url()),
        ("api:claim", reverse("api:claim", args=["a-new-name"])),
    ):
        response = client.get(reverse(url_name, args=[old]))
        assert (response.status_code, response["Location"]) == (301, new_url), url_name
        assert client.get(new_url).status_code == 200
    assert feed_ids(client) == ids_before
    entry = claim.history.first()
    assert entry.history_change_reason == "The first slug named the wrong minister"
    assert OldSlug.history.filter(slug=old).exists()


def test_a_slug_no_claim_ever_had_is_still_a_404(client, make_verdict):
    make_verdict()
    assert client.get(reverse("claims:detail", args=["never-was"])).status_code == 404
    assert client.get(reverse("api:claim", args=["never-was"])).status_code == 404


def test_a_drafts_slug_changes_freely_and_leaves_no_redirect(make_claim, reviewer):
    claim = make_claim()
    assert claim.change_slug("draft-renamed", reason="", by=reviewer)
    assert not OldSlug.objects.exists()


def test_renaming_back_makes_the_first_url_the_claims_own_again(make_verdict, editor, client):
    claim = make_verdict()
    first = claim.slug
    claim.change_slug("second", reason="Renamed", by=editor)
    claim.change_slug(first, reason="Renamed back", by=editor)

    assert client.get(reverse("claims:detail", args=[first])).status_code == 200
    response = client.get(reverse("claims:detail", args=["second"]))
    assert (response.status_code, response["Location"]) == (301, claim.get_absolute_url())
    assert list(OldSlug.objects.values_list("slug", flat=True)) == ["second"]


def test_a_slug_left_empty_keeps_the_published_url(client, editor, form_data, make_verdict):
    claim = make_verdict()
    old = claim.slug
    client.force_login(editor)
    data = form_data(client.get(change_url(claim)))
    data.update(slug="", context="at a press conference")

    assert client.post(change_url(claim), data).status_code == 302
    claim.refresh_from_db()
    assert (claim.slug, claim.context) == (old, "at a press conference")
    assert Claim.objects.get(slug=old)
