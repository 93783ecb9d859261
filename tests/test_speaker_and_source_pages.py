"""
A speaker's admin page lists their claims; a source's lists the claims that
appeared in it. The admin keeps one speaker to a name, as imports match them.
"""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Speaker


def test_a_speakers_page_lists_their_claims(admin_client, make_claim, make_speaker):
    speaker = make_speaker(name="Kyle Ward")
    claim = make_claim(speaker=speaker, text="No direct threat was made.", published=True)
    make_claim(text="Someone else said this.")

    page = admin_client.get(reverse("admin:claims_speaker_change", args=[speaker.pk]))

    content = page.content.decode()
    assert "No direct threat was made." in content
    assert reverse("admin:claims_claim_change", args=[claim.pk]) in content
    assert "Someone else said this." not in content


def test_a_sources_page_lists_its_claims_and_their_speakers(
    admin_client, make_claim, make_source, make_speaker
):
    source = make_source(title="Amnesty to close offices")
    make_claim(source=source, speaker=make_speaker(name="Kyle Ward"), text="We had no choice.")

    content = admin_client.get(
        reverse("admin:claims_source_change", args=[source.pk])
    ).content.decode()

    assert "We had no choice." in content
    assert "by <bdi>Kyle Ward</bdi>" in content


def query_count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("view", ["speaker", "source"])
def test_the_pages_do_not_query_once_per_claim(admin_client, make_claim, make_speaker, view):
    counts = []
    for claims in (1, 20):
        speaker = make_speaker()
        claim = None
        for _ in range(claims):
            claim = make_claim(speaker=speaker, **({"source": claim.source} if claim else {}))
        target = speaker if view == "speaker" else claim.source
        counts.append(
            query_count(admin_client, reverse(f"admin:claims_{view}_change", args=[target.pk]))
        )
    assert counts[0] == counts[1]


def test_the_admin_refuses_a_second_speaker_by_the_same_name(admin_client, make_speaker):
    # Imports match speakers ignoring case and spacing, so two would become one.
    make_speaker(name="Kyle Ward")
    form = {"name": "  kyle   WARD ", "slug": "", "kind": "person", "description": ""}
    form["same_as"] = ""

    response = admin_client.post(reverse("admin:claims_speaker_add"), form)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["name"] == [
        "There is already a speaker named “Kyle Ward”; names are told apart ignoring case and "
        "spacing. Add to that speaker, or name this one more fully."
    ]
    assert Speaker.objects.count() == 1
    form["name"] = "Kyle Ward Jr"
    assert admin_client.post(reverse("admin:claims_speaker_add"), form).status_code == 302
    assert Speaker.objects.get(slug="kyle-ward-jr").name == "Kyle Ward Jr"


def test_namesakes_are_found_as_imports_find_them_and_old_ones_stay_editable(db):
    Speaker.objects.create(name="Émile Zola", slug="emile-zola")
    # SQLite folds only ASCII case; the check folds as the importer does.
    with pytest.raises(ValidationError, match="already a speaker named “Émile Zola”"):
        Speaker(name="émile   ZOLA", slug="z").full_clean()
    # A pair saved before the check: each can still be edited, not renamed onto the other.
    older = Speaker.objects.create(name="Jo Lee", slug="jo-lee")
    Speaker.objects.create(name="jo lee", slug="jo-lee-2")
    older.description = "mayor"
    older.full_clean()
    older.name = "JO  LEE"
    older.full_clean()
    assert older.name == "JO LEE"
