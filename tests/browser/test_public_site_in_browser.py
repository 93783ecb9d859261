"""The public pages in a real browser: they render, search works, nothing errors."""

import pytest
from django.core.management import call_command

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


def test_a_reader_searches_and_opens_a_claim(page, site):
    page.goto(f"{site}/claims/")
    assert page.get_by_role("heading", level=1).inner_text() == "Published claims"
    assert page.locator("li.claim").count() == 5
    # Readable on a phone: nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    page.get_by_label("Search claims").fill("direct threat")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/claims/?q=direct+threat*")
    results = page.locator("li.claim")
    assert results.count() == 1

    results.get_by_role("link", name="No direct threat").click()
    page.wait_for_url("**/claims/no-direct-threat-against-amnesty-offices/")
    assert "No direct threat had been made" in page.locator("blockquote.claim-text").inner_text()
    assert page.get_by_role("link", name="Kyle Ward").is_visible()
    assert page.get_by_role("link", name="Report an error").is_visible()
    assert page.get_by_role("link", name="Unverified").get_attribute("href") == (
        "/methodology/#status-unverified"
    )
    # The site's own stylesheet applied (no CDN): the page is styled.
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith("system-ui")
    assert page.problems == []


def test_a_reader_searches_in_chinese(page, site):
    page.goto(f"{site}/claims/")
    page.get_by_label("Search claims").fill("香港辦事處")
    page.get_by_label("Search claims").press("Enter")
    # wait_for_load_state() can return on the list page before the search is loaded.
    page.wait_for_url("**/claims/?q=*")
    assert page.locator("li.claim").count() == 1
    assert "國際特赦組織" in page.locator("li.claim").inner_text()
    assert page.problems == []


def test_the_api_docs_render_from_the_sites_own_files(page, site):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{site}/api/docs/")
    page.get_by_text("/api/claims/{slug}/").first.wait_for()
    assert all(url.startswith((site, "data:")) for url in requested), requested
    assert page.problems == []
