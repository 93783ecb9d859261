"""A U+202E in a speaker's name cannot reverse the text shown after it: each name is isolated."""

import re

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
