"""Every public page opens with the seed fixture and shows what the issue lists."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from claims.models import Claim, Correction, Source, Speaker, Topic


@pytest.fixture
def published(seeded):
    return Claim.objects.published().select_related("speaker", "source").first()


def text_of(response):
    return response.content.decode()


def test_the_home_page_sends_readers_to_the_claims_list(client, seeded):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("claims:list")


def test_the_list_shows_published_claims_newest_first(client, seeded):
    page = text_of(client.get(reverse("claims:list")))
    positions = [page.index(escape(claim.text)) for claim in Claim.objects.published()]
    assert positions == sorted(positions)
    assert len(positions) == 4


def test_the_claim_page_shows_the_claim_speaker_source_and_dates(client, published):
    page = text_of(client.get(published.get_absolute_url()))
    assert escape(published.text) in page
    assert escape(published.speaker.description) in page
    assert published.speaker.get_absolute_url() in page
    assert escape(published.source.title) in page
    assert published.source.get_absolute_url() in page
    assert published.published_at.strftime("%-d %B %Y") in page
    assert "Report an error" in page
    assert published.get_history_url() in page
    for topic in published.topics.all():
        assert topic.get_absolute_url() in page


def test_a_rated_claim_page_shows_its_verdict_evidence_reviewer_and_corrections(
    client, make_verdict, editor
):
    claim = make_verdict(status="mostly_false", summary="Half the story & more.")
    note = "We misspelt the minister's name."
    claim.issue_correction(Correction.Kind.CORRECTION, note, by=editor)
    page = text_of(client.get(claim.get_absolute_url()))

    assert f'href="{reverse("claims:methodology")}#status-mostly_false"' in page
    assert ">Mostly false<" in page
    assert escape("Half the story & more.") in page
    assert "https://stats.example.org/" in page and "Official figures" in page
    assert "Refutes the claim" in page
    assert "Checked by" in page and "Ravi" in page
    assert escape("We misspelt the minister's name.") in page
    assert claim.source.archived_url in page
    assert f'href="{claim.source.url}"' in page


def test_a_claims_public_history_opens(client, published):
    response = client.get(published.get_history_url())
    assert response.status_code == 200
    assert "Published" in text_of(response)


def test_a_speakers_page_has_a_scorecard_of_their_published_claims(client, seeded):
    speaker = Speaker.objects.get(slug="security-bureau-spokesman")
    page = text_of(client.get(speaker.get_absolute_url()))
    assert escape(speaker.description) in page
    unverified = re.search(r'scorecard-unverified".*?<td>(.*?)</td>', page, re.S).group(1)
    # Two of the spokesman's three claims in the seed are published.
    assert ">2<" in unverified
    false = re.search(r'scorecard-false".*?<td>(.*?)</td>', page, re.S).group(1)
    assert false == "0"


def test_a_sources_page_lists_its_published_claims(client, seeded):
    source = Source.objects.get()
    page = text_of(client.get(source.get_absolute_url()))
    assert escape(source.title) in page
    for claim in Claim.objects.published():
        assert escape(claim.text) in page


def test_a_topics_page_lists_its_published_claims(client, seeded):
    topic = Topic.objects.get(slug="civil-society")
    page = text_of(client.get(topic.get_absolute_url()))
    for claim in Claim.objects.published().filter(topics=topic):
        assert escape(claim.text) in page
    for claim in Claim.objects.drafts().filter(topics=topic):
        assert escape(claim.text) not in page


def test_the_methodology_page_explains_every_status_and_the_corrections_policy(client, db):
    page = text_of(client.get(reverse("claims:methodology")))
    for status in Claim.Status:
        assert f'id="status-{status.value}"' in page
        assert str(status.label) in page
    assert 'id="corrections"' in page


def test_pages_use_only_the_sites_own_static_files(client, published):
    page = text_of(client.get(published.get_absolute_url()))
    for url in re.findall(r'(?:src|href)="([^"]+\.(?:css|js))"', page):
        assert url.startswith("/static/"), url
    assert client.get("/static/claims/ledger.css").status_code == 200


def test_the_claims_text_is_marked_with_its_language_wherever_it_is_quoted(
    client, make_claim, make_speaker, make_topic, editor
):
    # Screen readers and fonts pick the language from `lang`: Chinese read as English is noise.
    speaker, topic = make_speaker(), make_topic()
    claim = make_claim(
        published=True, text="香港辦事處將於年底前關閉", language="zh-Hant", speaker=speaker
    )
    claim.set_topics([topic], reason="Tagged", by=editor)
    quoted = re.compile(r'<(blockquote|a)[^>]*lang="zh-Hant"[^>]*>(<a [^>]*>)?“?香港辦事處')
    for url in [
        reverse("claims:list"),
        reverse("claims:list") + "?q=香港辦事處",
        speaker.get_absolute_url(),
        claim.source.get_absolute_url(),
        topic.get_absolute_url(),
        claim.get_absolute_url(),
        claim.get_history_url(),
    ]:
        assert quoted.search(text_of(client.get(url))), url
