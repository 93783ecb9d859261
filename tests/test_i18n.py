"""
The site and the admin in English and Traditional Chinese (claims/languages.py):
chosen by Accept-Language, by the switcher's cookie (set only when a reader
uses it) or by ?lang=; cached per language, never with a cookie; `<html
lang>`, hreflang alternates and a claim's own `lang`; data stays in English.
"""

import datetime
import re
from html import unescape
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from claims.models import Claim, ClaimStatus

ZH = {"Accept-Language": "zh-Hant"}
EN = {"Accept-Language": "en"}
SITE = "http://127.0.0.1:8000"


@pytest.fixture(autouse=True)
def english_afterwards():
    """The test client activates each request's language in this thread: undo it."""
    yield
    translation.activate("en")


@pytest.fixture
def verdict(make_verdict, make_speaker, make_topic):
    claim = make_verdict(
        text="國安法實施後，本會的工作環境已無法預測。",
        language="zh-Hant",
        said_on=datetime.date(2021, 10, 25),
        speaker=make_speaker(name="國際特赦組織發言人", description="香港分會"),
        status="mostly_false",
        summary="記錄顯示並非如此。",
    )
    claim.set_topics([make_topic(name="人權")], reason="Topic added", by=None)
    return claim


def _html_lang(response):
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


def _alternates(response):
    links = r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">'
    return {
        hreflang: unescape(href)
        for hreflang, href in re.findall(links, response.content.decode())
    }


def test_the_public_pages_are_in_traditional_chinese_by_accept_language(client, verdict):
    pages = {
        "/claims/": ["已發布的說法", "搜尋說法", "1 項說法", "大致錯誤"],
        verdict.get_absolute_url(): [
            *("判定", "證據", "反駁說法", "更正", "報告錯誤", "發言於", "2021年10月25日"),
        ],
        verdict.speaker.get_absolute_url(): ["判定統計", "查核狀態", "個人", "大致錯誤"],
        "/methodology/": ["我們如何查核說法", "更正政策", "未能證實", "說法不準確。"],
        verdict.get_history_url(): ["修訂紀錄", "帳本條目"],
        "/ledger/": ["如何核實", "檢查點"],
    }
    for url, words in pages.items():
        response = client.get(url, headers=ZH)
        page = response.content.decode()
        assert response.status_code == 200, url
        assert _html_lang(response) == "zh-Hant", url
        assert response["Content-Language"] == "zh-hant", url
        for word in words:
            assert word in page, (url, word)
        for english in ("Published claims", "Methodology", "Skip to content"):
            assert english not in page, (url, english)


class _InterfaceWords(HTMLParser):
    """
    The Latin-script words of a page's own text: not what the desk or a
    reader wrote (claims, names, titles, searches: isolated in <bdi>, `dir`,
    their own `lang` or the <title>), nor code, hashes or addresses.
    """

    WRITTEN = {"bdi", "blockquote", "code", "pre", "script", "style", "title"}
    VOID = {"meta", "link", "input", "br", "img", "hr"}

    def __init__(self, page):
        super().__init__()
        self.skipping, self.words = [], set()
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        attrs = dict(attrs)
        written = (
            tag in self.WRITTEN
            or attrs.get("dir") == "auto"
            or (tag != "html" and "lang" in attrs)
            or "hash" in (attrs.get("class") or "").split()
        )
        self.skipping.append(written or bool(self.skipping and self.skipping[-1]))

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.skipping:
            self.skipping.pop()

    def handle_data(self, data):
        if not (self.skipping and self.skipping[-1]):
            self.words.update(re.findall(r"[A-Za-z]{3,}", re.sub(r"\S*/\S*", "", data)))


def test_no_english_is_left_on_a_chinese_page(client, verdict):
    # The site's name, and names that stay as they are in Chinese text.
    kept = {"Ledger", "API", "JSON", "Python", "UTC", "nonce"}
    for url in (
        "/claims/",
        "/claims/?q=不存在",
        "/claims/?status=9",  # a bad value, echoed in the error
        f"/claims/?speaker={verdict.speaker.slug}",
        verdict.get_absolute_url(),
        verdict.get_history_url(),
        verdict.speaker.get_absolute_url(),
        verdict.source.get_absolute_url(),
        verdict.topics.get().get_absolute_url(),
        "/methodology/",
        "/ledger/",
        "/no-such-page/",
    ):
        words = _InterfaceWords(client.get(url, headers=ZH).content.decode()).words
        assert words <= kept, (url, words - kept)


def test_english_is_the_default_and_other_languages_get_it(client, verdict):
    for headers in ({}, EN, {"Accept-Language": "fr-FR, de;q=0.8"}):
        response = client.get("/claims/", headers=headers)
        assert _html_lang(response) == "en"
        assert "Published claims" in response.content.decode()
        assert response["Content-Language"] == "en"


def test_taiwan_and_hong_kong_browsers_get_traditional_chinese(client, verdict):
    for language in ("zh-TW", "zh-HK", "zh-Hant-TW,zh;q=0.9,en;q=0.8"):
        response = client.get("/methodology/", headers={"Accept-Language": language})
        assert _html_lang(response) == "zh-Hant", language


def test_the_status_labels_are_translated_and_their_values_are_not():
    with translation.override("zh-hant"):
        labels = {status.value: str(status.label) for status in ClaimStatus}
    assert labels == {
        "unverified": "未查核",
        "in_review": "查核中",
        "true": "正確",
        "mostly_true": "大致正確",
        "half_true": "半對半錯",
        "mostly_false": "大致錯誤",
        "false": "錯誤",
        "misleading": "誤導",
        "unproven": "未能證實",
    }
    with translation.override("en"):
        assert str(ClaimStatus.MOSTLY_FALSE.label) == "Mostly false"


def test_the_status_filter_offers_translated_labels(client, verdict):
    page = client.get("/claims/", headers=ZH).content.decode()
    assert '<option value="mostly_false">大致錯誤</option>' in page
    assert '<option value="" selected>所有狀態</option>' in page


def test_a_claim_keeps_its_own_language_on_an_english_page(client, verdict, make_verdict):
    english_claim = make_verdict(text="The figures rose.", language="en")
    for url in ("/claims/", verdict.get_absolute_url(), english_claim.get_absolute_url()):
        for headers in (EN, ZH):
            page = client.get(url, headers=headers).content.decode()
            if url != english_claim.get_absolute_url():
                assert f'lang="zh-Hant" dir="auto">{verdict.text}' in page or (
                    f'lang="zh-Hant" dir="auto"><a href="{verdict.get_absolute_url()}">'
                    f"{verdict.text}" in page
                ), (url, headers)
    page = client.get(english_claim.get_absolute_url(), headers=ZH).content.decode()
    assert '<blockquote class="claim-text" lang="en" dir="auto">The figures rose.' in page


def test_the_admin_sign_in_page_is_in_traditional_chinese(client, db):
    response = client.get("/admin/login/", headers=ZH)
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-hant"' in page
    assert "使用者名稱" in page and "登入" in page
    assert "Username" not in page


def test_the_admin_speaks_chinese_to_a_signed_in_desk(client, verdict, editor):
    client.force_login(editor)
    page = client.get("/admin/claims/claim/", headers=ZH).content.decode()
    assert "大致錯誤" in page  # the status column
    assert "登出" in page  # Django's own catalogue
    for ours in ("分派給我", "標示為查核中", "最近改動", "未分派", "發布狀態"):
        assert ours in page, ours
    change = client.get(f"/admin/claims/claim/{verdict.pk}/change/", headers=ZH).content.decode()
    assert "改動原因" in change and 'class="fieldset-heading">查核</h2>' in change
    assert '<label class="required" for="id_text">說法內容：</label>' in change
    history = client.get(f"/admin/claims/claim/{verdict.pk}/history/", headers=ZH).content.decode()
    assert "作出者" in history and "查看或還原" in history


def test_the_admin_reports_what_its_actions_did_in_chinese(client, editor, make_claim):
    from django.contrib.messages import get_messages

    client.force_login(editor)
    claims = [make_claim(), make_claim()]
    response = client.post(
        "/admin/claims/claim/",
        {"action": "mark_in_review", "_selected_action": [claims[0].pk]},
        headers=ZH,
    )
    client.post(
        "/admin/claims/claim/",
        {"action": "mark_in_review", "_selected_action": [claim.pk for claim in claims]},
        headers=ZH,
    )
    first = [str(message) for message in get_messages(response.wsgi_request)]
    assert first == ["已把 1 項說法標示為查核中。"]
    page = client.get("/admin/claims/claim/", headers=ZH).content.decode()
    assert "已把 1 項說法標示為查核中。" in page and "1 項說法本已如此，維持不變。" in page


def test_a_cached_page_is_served_in_each_readers_language_without_a_cookie(
    client, verdict, django_assert_num_queries
):
    url = verdict.get_absolute_url()
    built = {}
    for language, headers, word in (("en", EN, "Verdict"), ("zh-hant", ZH, "判定")):
        response = client.get(url, headers=headers)
        assert word in response.content.decode()
        built[language] = response
    assert built["en"]["ETag"] != built["zh-hant"]["ETag"]
    for language, headers in (("en", EN), ("zh-hant", ZH), ("en", EN)):
        # No query: each language's page comes from the cache.
        with django_assert_num_queries(0, info=language):
            response = client.get(url, headers=headers)
        assert response.content == built[language].content, language
        assert response["ETag"] == built[language]["ETag"]
        assert response["Content-Language"] == language
        vary = {value.strip() for value in response["Vary"].split(",")}
        assert {"Accept-Language", "Cookie"} <= vary
        assert not response.cookies and "Set-Cookie" not in response.headers
    # A reader holding the English ETag who now asks in Chinese gets the page.
    other = client.get(url, headers={**ZH, "If-None-Match": built["en"]["ETag"]})
    assert other.status_code == 200 and "判定" in other.content.decode()


def test_the_switcher_sets_the_cookie_only_when_used(client, verdict):
    url = verdict.get_absolute_url()
    page = client.get(url, headers=EN)
    assert not client.cookies
    form = re.search(
        r'<form class="language-switcher" action="([^"]+)" method="post"[^>]*>(.*?)</form>',
        page.content.decode(),
        re.S,
    )
    assert form.group(1) == "/i18n/setlang/"
    assert f'<input type="hidden" name="next" value="{url}">' in form.group(2)
    assert '<button type="submit" name="language" value="zh-hant" lang="zh-hant"' in form.group(2)

    chosen = client.post("/i18n/setlang/", {"language": "zh-hant", "next": url}, headers=EN)

    assert chosen.status_code == 302 and chosen["Location"] == url
    cookie = chosen.cookies["django_language"]
    assert cookie.value == "zh-hant" and cookie["httponly"] and cookie["samesite"] == "Lax"
    # The browser still says English; the reader's choice wins.
    again = client.get(url, headers=EN)
    assert "判定" in again.content.decode() and _html_lang(again) == "zh-Hant"
    assert not again.cookies, "the page itself never sets a cookie"
    back = client.post("/i18n/setlang/", {"language": "en", "next": url})
    assert back.cookies["django_language"].value == "en"
    assert "Verdict" in client.get(url, headers=ZH).content.decode()


def test_the_switcher_will_not_redirect_off_the_site(client, db):
    response = client.post(
        "/i18n/setlang/", {"language": "zh-hant", "next": "https://evil.example/"}
    )
    assert response.status_code == 302 and response["Location"] == "/"


def test_public_pages_name_their_language_versions(client, verdict, settings):
    settings.LEDGER_SITE_URL = SITE
    for url in ("/claims/", verdict.get_absolute_url(), "/methodology/"):
        for headers in (EN, ZH):
            assert _alternates(client.get(url, headers=headers)) == {
                "en": f"{SITE}{url}?lang=en",
                "zh-Hant": f"{SITE}{url}?lang=zh-hant",
                "x-default": f"{SITE}{url}",
            }, (url, headers)
    # The page's own parameters are kept; a cache-buster is not.
    paged = client.get("/claims/?status=mostly_false&cb=1")
    assert _alternates(paged)["zh-Hant"] == f"{SITE}/claims/?status=mostly_false&lang=zh-hant"


def test_lang_in_the_url_fixes_the_language_and_is_its_own_canonical(
    client, verdict, settings, django_assert_num_queries
):
    settings.LEDGER_SITE_URL = SITE
    url = verdict.get_absolute_url()
    negotiated = client.get(url, headers=ZH)
    fixed = client.get(f"{url}?lang=zh-hant", headers=EN)

    assert "判定" in fixed.content.decode() and _html_lang(fixed) == "zh-Hant"
    assert f'<link rel="canonical" href="{SITE}{url}?lang=zh-hant">' in fixed.content.decode()
    assert f'<link rel="canonical" href="{SITE}{url}">' in negotiated.content.decode()
    # Nothing the client sends changes it, so it does not vary.
    assert "Vary" not in fixed or "Accept-Language" not in fixed["Vary"]
    assert fixed["Content-Language"] == "zh-hant"
    assert fixed["ETag"] != negotiated["ETag"]
    with django_assert_num_queries(0):
        assert client.get(f"{url}?lang=zh-hant").content == fixed.content
    english = client.get(f"{url}?lang=EN", headers=ZH)
    assert "Verdict" in english.content.decode()


def test_an_unknown_lang_is_ignored_and_makes_no_new_page(client, verdict):
    url = verdict.get_absolute_url()
    plain = client.get(url, headers=ZH)
    for value in ("fr", "zh-hans", "x" * 300):
        response = client.get(url, {"lang": value}, headers=ZH)
        assert response["ETag"] == plain["ETag"], value
        assert "Accept-Language" in response["Vary"]


def test_lang_is_not_read_by_the_admin(client, verdict, editor):
    client.force_login(editor)
    response = client.get("/admin/claims/claim/?lang=zh-hant", headers=EN)
    # The changelist takes unknown parameters as a bad filter: ?e=1, in English.
    assert response.status_code == 302 and "e=1" in response["Location"]


def test_error_pages_are_translated(client, db, make_claim):
    draft = make_claim(text="草稿")
    response = client.get(draft.get_absolute_url(), headers=ZH)
    page = response.content.decode()
    assert response.status_code == 404
    assert "找不到頁面" in page and _html_lang(response) == "zh-Hant"
    assert 'hreflang="' not in page
    missing = client.get("/no-such-page/", headers=ZH)
    assert missing.status_code == 404 and "找不到頁面" in missing.content.decode()


def test_a_server_error_page_is_translated(client, db, settings):
    from django.template.loader import render_to_string

    with translation.override("zh-hant"):
        page = render_to_string("500.html")
    assert "出現錯誤" in page and '<html lang="zh-hant">' in page
    with translation.override("zh-hant"):
        assert "無效的請求" in render_to_string("400.html")


def test_data_stays_language_independent(client, verdict):
    """The API, feed, sitemap and ClaimReview are data: the same in every language."""
    for url in (
        f"/api/claims/{verdict.slug}/",
        "/api/claims/",
        "/feeds/claims/",
        "/sitemap.xml",
        "/sitemap-claims.xml",
        "/ledger/head.json",
    ):
        english, chinese = client.get(url, headers=EN), client.get(url, headers=ZH)
        assert english.content == chinese.content, url
        assert english["ETag"] == chinese["ETag"], url
        assert chinese["Content-Language"] == "en", url
        assert "Accept-Language" not in chinese.get("Vary", ""), url
        assert "Cookie" not in chinese.get("Vary", ""), url
    api = client.get(f"/api/claims/{verdict.slug}/", headers=ZH).json()
    assert api["status"] == "mostly_false" and api["status_label"] == "Mostly false"
    assert "Mostly false" in client.get("/feeds/claims/", headers=ZH).content.decode()
    refused = client.get("/api/claims/?status=sort-of", headers=ZH)
    assert refused.status_code == 422 and "Select a valid choice" in refused.content.decode()
    page = client.get(verdict.get_absolute_url(), headers=ZH).content.decode()
    assert '"alternateName": "Mostly false"' in page
    assert '"inLanguage": "zh-Hant"' in page


def test_the_list_speaks_of_its_filters_in_chinese(client, verdict):
    page = client.get("/claims/", {"speaker": verdict.speaker.slug}, headers=ZH).content.decode()
    assert "只顯示符合以下條件的說法：" in page
    assert f'<span class="filter">發言人 <strong dir="auto">{verdict.speaker.slug}</strong>' in page
    empty = client.get("/claims/", {"q": "不存在的字詞"}, headers=ZH).content.decode()
    assert "沒有已發布的說法符合「<bdi>不存在的字詞</bdi>」。" in empty


def test_what_the_ledger_records_is_the_same_in_any_language_the_desk_reads(
    client, verdict, editor, write_file, django_user_model
):
    """History reasons are chained and published: never in the editor's language."""
    with translation.override("zh-hant"):
        verdict.issue_correction("correction", "更正了日期。", by=editor)
    assert verdict.history.latest().history_change_reason == "Correction issued"

    client.force_login(editor)
    upload = (
        '{"claim_text": "本港失業率升至百分之五。", "speaker_name": "勞工處發言人", '
        '"source_title": "勞工處新聞稿", "status": "False"}\n'
    )
    url = "/admin/claims/externalreview/import/"
    checked = client.post(
        url, {"file": SimpleUploadedFile("t.jsonl", upload.encode())}, headers=ZH
    )
    client.post(url, {"upload": checked.context["upload"], "confirm": "1"}, headers=ZH)
    imported = Claim.objects.get(text="本港失業率升至百分之五。")
    assert imported.history.get().history_change_reason == "imported from t.jsonl"
