"""A U+202E in a speaker's name cannot reverse the text shown after it: each name is isolated."""

import re

from django.urls import reverse

NAME = "Evil\u202eNamed"


def test_a_speakers_name_sits_in_an_isolating_element_on_each_public_page(
    client, make_speaker, make_verdict
):
    speaker = make_speaker(name=NAME)
    claim = make_verdict(speaker=speaker)
    isolated = re.compile(r'<(bdi|[a-z0-9]+ [^>]*dir="auto")[^>]*>' + NAME + r"</(bdi|[a-z0-9]+)>")
    for url in [claim.get_absolute_url(), claim.get_history_url(), speaker.get_absolute_url()]:
        page = client.get(url).content.decode()
        shown = page.split("</head>", 1)[1]
        assert NAME in shown, url
        assert shown.count(NAME) == len(isolated.findall(shown)), url


def test_the_admin_lists_of_a_speakers_and_a_sources_claims_isolate_each_text(
    client, editor, make_claim, make_speaker
):
    speaker = make_speaker(name="Kyle \u202eWard")
    claim = make_claim(speaker=speaker, text="A claim \u202ewith an override.")
    client.force_login(editor)

    for url in (
        reverse("admin:claims_speaker_change", args=[speaker.pk]),
        reverse("admin:claims_source_change", args=[claim.source_id]),
    ):
        page = client.get(url).content.decode()
        assert "<bdi>A claim \u202ewith an override.</bdi>" in page, url
    assert "by <bdi>Kyle \u202eWard</bdi>" in page
