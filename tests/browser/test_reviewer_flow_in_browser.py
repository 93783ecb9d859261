"""
An editor's day in a real browser: sign in, add a claim with its speaker,
source and evidence, set a verdict with a reason, publish, read the public
page and the history's diff; a colleague editing the same claim meanwhile is
refused and keeps what they typed. Screenshots go to test-output/browser/.
"""

import json
from pathlib import Path

import pytest

from claims.models import Claim

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parent.parent.parent / "test-output" / "browser"


def sign_in(page, base, username, password):
    page.goto(f"{base}/admin/login/?next=/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/admin/")


def choose(page, field, text):
    """Pick `text` in an autocomplete (select2) field, as a person would: open, type, pick."""
    page.locator(f".field-{field} .select2-selection").click()
    # The open dropdown's search box (the topics field has one of its own inline).
    page.locator(".select2-dropdown .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).click()


def save(page):
    # A save always answers with a new page (the next one, or the form again with
    # its errors); wait for it, not only for the current page's load state,
    # which can be reached before the post has even left.
    with page.expect_navigation():
        page.get_by_role("button", name="Save", exact=True).click()


def test_an_editor_checks_publishes_and_reads_the_history(
    desk_page, live_server, editor, reviewer, make_editor
):
    base, page = live_server.url, desk_page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    sign_in(page, base, "erin", "erin-password")

    page.goto(f"{base}/admin/claims/speaker/add/")
    page.get_by_label("Name").fill("Kyle Ward")
    page.get_by_label("Description").fill("deputy secretary general, Amnesty International")
    save(page)
    page.goto(f"{base}/admin/claims/source/add/")
    page.get_by_label("Title").fill("Amnesty to close Hong Kong offices")
    page.get_by_label("Publisher").fill("South China Morning Post")
    page.locator("#id_url").fill("https://www.scmp.com/news/amnesty-hong-kong")
    save(page)

    # The claim, first as a draft with its evidence.
    page.goto(f"{base}/admin/claims/claim/add/")
    page.get_by_label("Text:", exact=True).fill(
        "No direct threat had been made against the offices."
    )
    choose(page, "speaker", "Kyle Ward")
    choose(page, "source", "Amnesty to close")
    page.get_by_role("button", name="Add another evidence").click()
    page.locator("#id_evidence-0-url").fill("https://www.amnesty.org/en/latest/news/2021/10/")
    page.locator("#id_evidence-0-title").fill("Amnesty's statement")
    page.locator("#id_evidence-0-stance").select_option("refutes")
    save(page)
    assert page.locator(".messagelist .success").count() == 1, page.content()[-3000:]
    page.locator("#result_list").get_by_role("link", name="No direct threat had been").click()
    change_url = page.url

    # A colleague on the panel has approved the verdict Erin is about to write:
    # she writes it, so her own act is no sign-off of it.
    Claim.objects.get(text="No direct threat had been made against the offices.").approve(
        by=make_editor(),
        status="false",
        summary="The police had written to the group about its work.",
    )

    # The verdict, with its reason, and publication.
    page.get_by_label("Status").select_option("false")
    page.get_by_label("Summary").fill("The police had written to the group about its work.")
    page.get_by_label("Published").check()
    page.get_by_label("Reason for this change").fill("Checked against the police letter")
    page.screenshot(path=SCREENSHOTS / "admin-claim-change-form.png", full_page=True)
    save(page)
    assert page.locator(".messagelist .success").count() == 1, page.content()[-3000:]

    # The public page: the verdict, and its ClaimReview.
    page.goto(change_url)
    page.get_by_role("link", name="View on site").click()
    page.wait_for_url(f"{base}/claims/*/")
    public = page
    assert public.locator(".verdict .verdict-label").inner_text() == "False"
    assert "police had written" in public.locator(".verdict .summary").inner_text()
    review = json.loads(public.locator('script[type="application/ld+json"]').text_content())
    assert review["claimReviewed"] == "No direct threat had been made against the offices."
    assert review["reviewRating"]["alternateName"] == "False"
    evidence = public.locator(".evidence-item")
    assert evidence.count() == 1
    assert evidence.get_by_role("link", name="Amnesty's statement").get_attribute("href") == (
        "https://www.amnesty.org/en/latest/news/2021/10/"
    )
    assert "Refutes" in evidence.inner_text()
    public.screenshot(path=SCREENSHOTS / "public-claim-page.png", full_page=True)

    # The public revision log: the publication, with the reason the desk gave.
    public.get_by_role("link", name="Full revision history").click()
    public.wait_for_url(f"{base}/claims/*/history/")
    published = public.locator(".revision-published")
    assert published.count() == 1
    assert published.locator(".reason").inner_text() == "Checked against the police letter"

    # The history: who, why, and the change field by field (old → new).
    page.goto(change_url)
    page.get_by_role("link", name="History").click()
    rating = page.locator("tr.history-entry").filter(has_text="Status:")
    assert rating.count() == 1
    assert rating.locator(".history-user").inner_text() == "erin"
    assert rating.locator(".history-reason").inner_text() == "Checked against the police letter"
    assert rating.locator(".history-changes del").first.inner_text() == "Unverified"
    assert rating.locator(".history-changes ins").first.inner_text() == "False"
    publication = page.locator("tr.history-entry").filter(has_text="Published at:")
    assert publication.locator(".history-reason").inner_text() == (
        "Checked against the police letter"
    )

    assert page.problems == [], page.problems


def test_a_colleague_saving_the_same_claim_meanwhile_is_refused_and_keeps_their_input(
    desk_page, live_server, editor, reviewer, make_claim
):
    base = live_server.url
    claim = make_claim(context="on the radio")
    change_url = f"{base}/admin/claims/claim/{claim.pk}/change/"
    erin, ravi = desk_page, desk_page.another()
    sign_in(erin, base, "erin", "erin-password")
    sign_in(ravi, base, "ravi", "ravi-password")
    erin.goto(change_url)
    ravi.goto(change_url)

    erin.get_by_label("Context").fill("on television")
    erin.get_by_label("Reason for this change").fill("Checked the recording")
    save(erin)
    assert erin.locator(".messagelist .success").count() == 1

    ravi.get_by_label("Context").fill("in parliament")
    ravi.get_by_label("Summary").fill("Ravi's draft of the verdict.")
    save(ravi)

    error = ravi.locator(".errornote, .errorlist.nonfield").all_inner_texts()
    assert any("erin changed this claim at" in text for text in error), error
    assert ravi.get_by_label("Context").input_value() == "in parliament"
    assert ravi.get_by_label("Summary").input_value() == "Ravi's draft of the verdict."
    ravi.screenshot(path=SCREENSHOTS / "admin-claim-edit-refused.png", full_page=True)
    claim.refresh_from_db()
    assert claim.context == "on television"
    assert erin.problems == [] and ravi.problems == []
