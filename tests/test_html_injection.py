"""What a claim says cannot break out of the JSON-LD or inject markup anywhere it is shown."""

import json
import re
from xml.etree import ElementTree

import pytest

HOSTILE = 'He said "</script><script>alert(1)</script>" & left 🙂 <!-- <b>bold</b>'


@pytest.fixture
def hostile(make_verdict, make_speaker, make_topic):
    speaker = make_speaker(name="Mx </script><img src=x onerror=alert(2)>", description="<i>role")
    claim = make_verdict(text=HOSTILE, speaker=speaker, summary="<script>alert(3)</script>")
    claim.set_topics([make_topic(name="<svg onload=alert(4)>")], reason="Tagged", by=None)
    return claim


def test_the_json_ld_stays_valid_json_with_the_exact_text(client, hostile):
    page = client.get(hostile.get_absolute_url()).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert len(blocks) == 1
    review = json.loads(blocks[0])
    assert review["claimReviewed"] == HOSTILE
    assert review["itemReviewed"]["author"]["name"] == hostile.speaker.name
    assert "<" not in blocks[0] and ">" not in blocks[0]


@pytest.mark.parametrize("page", ["detail", "history", "list", "search", "speaker", "topic"])
def test_no_page_renders_the_markup(client, hostile, page):
    url = {
        "detail": hostile.get_absolute_url(),
        "history": hostile.get_history_url(),
        "list": "/claims/",
        "search": "/claims/?q=alert",
        "speaker": hostile.speaker.get_absolute_url(),
        "topic": hostile.topics.get().get_absolute_url(),
    }[page]
    content = client.get(url).content.decode()
    assert "&lt;/script&gt;&lt;script&gt;alert(1)" in content
    for injected in ("<script>alert", "<img src=x", "<svg onload", "<b>bold", "<i>role"):
        assert injected not in content
    # Only the site's own script element (the JSON-LD, on the claim page) is there.
    assert content.count("<script") == (1 if page == "detail" else 0)


def test_the_feed_and_the_api_carry_the_text_as_data(client, hostile):
    feed = ElementTree.fromstring(client.get("/feeds/claims/").content)
    atom = "{http://www.w3.org/2005/Atom}"
    assert HOSTILE in feed.find(f"{atom}entry/{atom}title").text
    api = client.get(f"/api/claims/{hostile.slug}/").json()
    assert api["text"] == HOSTILE
