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


def watched_page(context):
    """
    A new page in `context` that records console errors (a Content-Security-
    Policy violation is one), uncaught exceptions and failed requests in
    `page.problems`.
    """
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
    return page


@pytest.fixture
def page(browser):
    """A fresh phone-sized page, watched for problems (see watched_page)."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    yield watched_page(context)
    context.close()


@pytest.fixture
def desk_page(browser):
    """
    A desktop-sized page for the admin, watched for problems; call it again
    (`desk_page.another()`) for a second, separate browser context.
    """
    contexts = []

    def new():
        contexts.append(browser.new_context(viewport={"width": 1280, "height": 1000}))
        page = watched_page(contexts[-1])
        page.another = new
        return page

    yield new()
    for context in contexts:
        context.close()
