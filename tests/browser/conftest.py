"""
A headless Chromium for the browser tests: Debian's (/usr/bin/chromium),
driven by Playwright, which downloads no browser of its own here.
"""

from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(
            f"{CHROMIUM} is missing: install Debian's Chromium with `apt-get install chromium`"
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread for the whole
    # session, so Django's guard against database calls from async code must
    # be lifted for the tests' setup queries and the database flush after them.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """
    A fresh phone-sized page that records console errors, uncaught exceptions
    and failed requests in `page.problems`.
    """
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.problems = []
    page.on(
        "console",
        lambda message: message.type == "error" and page.problems.append(message.text),
    )
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    page.on(
        "response",
        lambda response: (
            response.status >= 400 and page.problems.append(f"{response.status} {response.url}")
        ),
    )
    yield page
    context.close()
