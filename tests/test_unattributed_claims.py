"""
A review naming no claimant gives its claim an explicit "no claimant named"
speaker (SpeakerKind.UNATTRIBUTED), as a source not known is explicit: our
ClaimReview, feed and pages never present "Unattributed" as a person, and no
speaker page gathers those claims together.
"""

import json
import re

from django.urls import reverse

from claims.models import Claim, Speaker, SpeakerKind

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def review(url, text, **item):
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": text,
        "author": {"@type": "Organization", "name": "AFP Fact Check"},
        "datePublished": "2021-10-25",
        "reviewRating": {"@type": "Rating", "alternateName": "錯誤"},
        "itemReviewed": {"@type": "Claim", **item},
    }


def published_unattributed_claim(tmp_path, import_claims, reviewer, editor):
    path = tmp_path / "feed.json"
    feed = [
        review("https://factcheck.example/1", "香港國安法保障了人權"),
        review("https://factcheck.example/2", "لم يكن هناك أي تهديد مباشر", author={"name": " "}),
    ]
    path.write_text(json.dumps(feed, ensure_ascii=False), encoding="utf-8")
    import_claims(str(path))
    claim = Claim.objects.get(text="香港國安法保障了人權")
    claim.rate("false", reason="Our own check", by=reviewer, summary="The law curtailed rights.")
    claim.assign(reviewer, by=editor)
    claim.publish(by=editor, reason="Signed off")
    return claim


def test_a_review_without_a_claimant_imports_as_no_claimant_named(
    tmp_path, import_claims, reviewer, editor
):
    published_unattributed_claim(tmp_path, import_claims, reviewer, editor)
    speaker = Speaker.objects.get()
    assert speaker.kind == SpeakerKind.UNATTRIBUTED
    # Both claims, one with a blank name: one explicit state, not two speakers.
    assert set(Claim.objects.values_list("speaker__kind", flat=True)) == {"unattributed"}


def test_our_verdict_on_it_names_no_author_and_no_person(
    client, tmp_path, import_claims, reviewer, editor
):
    claim = published_unattributed_claim(tmp_path, import_claims, reviewer, editor)

    page = client.get(claim.get_absolute_url())
    html = page.content.decode()
    item = json.loads(JSON_LD.search(html).group(1))["itemReviewed"]
    assert "author" not in item
    assert "No claimant named" in html
    assert claim.speaker.get_absolute_url() not in html

    api = client.get(reverse("api:claim", args=[claim.slug])).json()
    assert api["speaker"]["kind"] == "unattributed"
    feed = client.get(reverse("claims:feed")).content.decode()
    entry = feed.split("<entry", 1)[1]
    assert "<author>" not in entry

    listed = client.get(reverse("claims:list")).content.decode()
    assert "No claimant named" in listed and claim.speaker.get_absolute_url() not in listed


def test_no_page_or_sitemap_gathers_unattributed_claims(
    client, tmp_path, import_claims, reviewer, editor
):
    claim = published_unattributed_claim(tmp_path, import_claims, reviewer, editor)
    assert client.get(claim.speaker.get_absolute_url()).status_code == 404
    sitemap = client.get("/sitemap-speakers.xml")
    assert claim.speaker.slug not in sitemap.content.decode()


def test_a_chinese_reader_is_told_in_chinese(client, tmp_path, import_claims, reviewer, editor):
    claim = published_unattributed_claim(tmp_path, import_claims, reviewer, editor)
    html = client.get(claim.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-HK").content.decode()
    assert "未具名" in html and "No claimant named" not in html
