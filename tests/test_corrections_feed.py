"""/feeds/corrections/: every public correction, newest first, as Atom."""

from xml.etree import ElementTree

import pytest

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def corrected(settings, make_verdict, make_claim, editor, make_editor):
    settings.LEDGER_SITE_URL = "https://factcheck.example.org"
    chinese = make_verdict(text="政府說失業率減半了。", summary="統計處的數字顯示上升。")
    # Another editor approves the new verdict first: Erin writes it, so hers does not count.
    chinese.approve(by=make_editor(), status="misleading", summary="數字被斷章取義。")
    chinese.rate("misleading", reason="統計處更正了數字", by=editor, summary="數字被斷章取義。")
    arabic = make_verdict(text="قال الوزير إن البطالة انخفضت.", summary="الأرقام تظهر ارتفاعها.")
    arabic.issue_correction("correction", "صححنا تاريخ التصريح.", by=editor)
    hindi = make_verdict(text="मंत्री ने कहा कि बेरोज़गारी आधी हो गई।")
    hindi.retract(reason="स्रोत ने रिपोर्ट वापस ले ली।", by=editor)
    hidden = make_verdict(text="A claim taken off the site.")
    hidden.issue_correction("update", "Not for readers any more.", by=editor)
    hidden.unpublish(reason="Off the site", by=editor)
    return chinese, arabic, hindi


def test_the_feed_parses_as_atom_with_every_public_correction_newest_first(client, corrected):
    chinese = corrected[0]

    response = client.get("/feeds/corrections/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    entries = list(feed.iter(f"{ATOM}entry"))
    titles = [entry.find(f"{ATOM}title").text for entry in entries]
    assert len(titles) == 3
    assert titles[0].startswith("Retraction (False → Unverified): ")
    assert titles[1].startswith("Correction: ") and "قال الوزير" in titles[1]
    assert titles[2].startswith("Rating change (False → Misleading): ")
    summaries = [entry.find(f"{ATOM}summary").text for entry in entries]
    assert "صححنا تاريخ التصريح." in summaries[1] and "統計處更正了數字" in summaries[2]
    links = [entry.find(f"{ATOM}link").get("href") for entry in entries]
    assert links[2].startswith(f"https://factcheck.example.org{chinese.get_absolute_url()}#")
    ids = {entry.find(f"{ATOM}id").text for entry in entries}
    assert len(ids) == 3
    assert "Not for readers" not in response.content.decode()


def test_the_feed_is_cacheable_like_the_other(client, corrected):
    response = client.get("/feeds/corrections/")
    assert "public" in response["Cache-Control"]
    again = client.get("/feeds/corrections/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_the_feed_runs_a_fixed_number_of_queries(client, corrected, django_assert_num_queries):
    # The corrections with their claims and speakers.
    with django_assert_num_queries(1):
        client.get("/feeds/corrections/")


def test_the_feed_is_data_and_stays_english_whatever_the_reader_asks(client, corrected):
    english = client.get("/feeds/corrections/")
    chinese = client.get("/feeds/corrections/", headers={"Accept-Language": "zh-Hant"})

    assert chinese.content == english.content
    assert "Accept-Language" not in chinese.get("Vary", "")
