"""
A Hong Kong reader's browser (locale zh-HK, so Accept-Language zh-HK) gets
the site in Traditional Chinese, searches, opens a claim, and switches to
English with the switcher, which alone sets the language cookie.
"""

import pytest
from django.core.management import call_command

from tests.browser.conftest import watched_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server, make_claim, make_speaker):
    call_command("loaddata", "amnesty-hk-2021", verbosity=0)
    make_claim(
        published=True,
        text="國際特赦組織香港辦事處將於年底前關閉",
        speaker=make_speaker(name="保安局發言人"),
        language="zh-Hant",
    )
    return live_server.url


@pytest.fixture
def chinese_page(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-HK")
    yield watched_page(context)
    context.close()


def test_a_hong_kong_reader_reads_in_chinese_and_switches_to_english(chinese_page, site):
    page = chinese_page
    page.goto(f"{site}/claims/")
    assert page.evaluate("navigator.language") == "zh-HK"
    assert page.get_attribute("html", "lang") == "zh-Hant"
    assert page.get_by_role("heading", level=1).inner_text() == "已發布的說法"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.context.cookies() == []

    page.get_by_label("搜尋說法").fill("香港辦事處")
    page.get_by_role("button", name="搜尋").click()
    page.wait_for_url("**/claims/?q=*")
    claim = page.locator("li.claim")
    assert claim.count() == 1
    assert claim.locator("blockquote").get_attribute("lang") == "zh-Hant"

    claim.get_by_role("link", name="國際特赦組織香港辦事處").click()
    page.get_by_role("heading", name="判定").wait_for()
    assert page.get_by_role("link", name="未查核").get_attribute("href").endswith(
        "#status-unverified"
    )
    assert page.get_by_role("link", name="報告錯誤").is_visible()
    claim_url = page.url
    assert page.context.cookies() == []

    page.get_by_role("button", name="English").click()
    page.wait_for_url(claim_url)
    page.get_by_role("heading", name="Verdict").wait_for()
    assert page.get_attribute("html", "lang") == "en"
    assert page.get_by_role("button", name="English").get_attribute("aria-pressed") == "true"
    cookies = {cookie["name"]: cookie["value"] for cookie in page.context.cookies()}
    assert cookies == {"django_language": "en"}
    # The choice holds on the next page, though the browser still asks for Chinese.
    page.get_by_role("link", name="Methodology").click()
    page.get_by_role("heading", name="How we check claims").wait_for()
    assert page.problems == []


def test_a_hong_kong_editor_signs_in_to_the_admin_in_chinese(chinese_page, site, editor):
    page = chinese_page
    page.goto(f"{site}/admin/login/?next=/admin/")
    assert page.get_attribute("html", "lang") == "zh-hant"
    page.get_by_label("使用者名稱").fill("erin")
    page.get_by_label("密碼").fill("erin-password")
    page.get_by_role("button", name="登入").click()
    page.wait_for_url(f"{site}/admin/")
    assert page.get_by_role("heading", name="網站管理").is_visible()

    page.goto(f"{site}/admin/claims/claim/")
    claim = page.locator("#result_list").get_by_role("link", name="國際特赦組織香港辦事處")
    claim.click()
    page.get_by_role("heading", level=1).wait_for()
    assert page.get_attribute("html", "lang") == "zh-hant"
    assert page.get_by_label("說法內容").input_value() == "國際特赦組織香港辦事處將於年底前關閉"
    # The desk's language is the browser's alone: no cookie but the session's.
    assert {cookie["name"] for cookie in page.context.cookies()} <= {"sessionid", "csrftoken"}
    assert page.problems == []
