"""
Hostile text typed into every field, through the admin and through the importer,
shows up as text everywhere the ledger shows it: nothing runs, the markup holds.
"""

import csv
import json
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from claims.models import Claim, Evidence, Source, Speaker, Topic
from tests.hostile_strings import HOSTILE, HOSTILE_URLS, INVISIBLE, NOT_XML, fit

ATOM = "{http://www.w3.org/2005/Atom}"


class Page(HTMLParser):
    """A page's start tags, in order, and its text, as a browser's parser would read them."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.tags, self.text, self.scripts = [], [], []
        self.in_script = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self.in_script = tag == "script"

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        self.in_script = False

    def handle_data(self, data):
        if self.in_script:
            self.scripts.append(data)
        else:
            self.text.append(data)

    @property
    def skeleton(self):
        """Tag names and attribute names: what a broken-out string would change."""
        return [(tag, sorted(attrs)) for tag, attrs in self.tags]

    @property
    def all_text(self):
        return "".join(self.text)


def assert_nothing_runs(html):
    page = Page(html)
    for tag, attrs in page.tags:
        if tag == "script":
            assert "src" in attrs or attrs.get("type") == "application/ld+json", attrs
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, attrs)
            if name in {"href", "src", "action", "formaction"}:
                assert not re.sub(r"\s", "", value or "").lower().startswith("javascript:")
        assert tag not in {"iframe", "object", "embed"}, (tag, attrs)
        assert attrs.get("src") != "x", (tag, attrs)
    return page


def imported_ledger(write_file, import_claims):
    """One published claim per hostile string, every text column holding it."""
    rows = [
        {
            "external_id": key,
            "claim_text": fit(value, 2000),
            "speaker_name": fit(value, 200),
            "speaker_description": fit(value, 300),
            "source_title": fit(value, 300),
            "source_publisher": fit(value, 200),
            "source_url": f"https://news.example.org/hostile/{key}",
            "context": fit(value, 300),
            "status": "false",
            "summary": fit(value, 5000),
            # `;` separates topics in the file: a hostile topic has it replaced.
            "topics": fit(value.replace(";", ","), 100),
            "published_at": "2024-05-01T09:00:00+00:00",
        }
        for key, value in HOSTILE.items()
    ]
    path = write_file("hostile.csv", "")
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    import_claims(path)
    return {key: Claim.objects.get(external_id=key) for key in HOSTILE}


def admin_post(client, url, data):
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def admin_ledger(client, form_data, editor):
    """
    The same, typed into the admin's forms, with evidence and a correction.
    The admin writes each verdict, so `editor` (another editor) approves it,
    and the new one, before the admin publishes it and re-rates it: nobody
    signs off their own work, and a claim added published would be its
    author's alone.
    """
    claim_form = form_data(client.get(reverse("admin:claims_claim_add")))
    claims = {}
    for number, (key, value) in enumerate(HOSTILE.items()):
        speaker_form = {"name": fit(value, 200), "kind": "person", "description": fit(value, 300)}
        admin_post(client, reverse("admin:claims_speaker_add"), speaker_form)
        source_form = {
            "title": fit(value, 300),
            "publisher": fit(value, 200),
            "url": f"https://news.example.org/hostile/{key}",
            "kind": "news_article",
            "language": "en",
        }
        admin_post(client, reverse("admin:claims_source_add"), source_form)
        # A topic name may not hold `;`, which separates topics in exports.
        topic_form = {"name": fit(value.replace(";", ","), 100), "slug": f"hostile-{number}"}
        admin_post(client, reverse("admin:claims_topic_add"), topic_form)
        admin_post(
            client,
            reverse("admin:claims_claim_add"),
            claim_form
            | {
                "text": fit(value, 2000),
                "speaker": Speaker.objects.latest("pk").pk,
                "source": Source.objects.latest("pk").pk,
                "context": fit(value, 300),
                "topics": [Topic.objects.latest("pk").pk],
                "status": "false",
                "summary": fit(value, 5000),
                "change_reason": fit(value, 100),
                "evidence-TOTAL_FORMS": "1",
                "evidence-0-url": f"https://stats.example.org/{key}",
                "evidence-0-title": fit(value, 300),
                "evidence-0-publisher": fit(value, 200),
                "evidence-0-excerpt": fit(value, 5000),
                "evidence-0-stance": "refutes",
                "evidence-0-position": "1",
            },
        )
        claim = Claim.objects.latest("pk")
        url = reverse("admin:claims_claim_change", args=[claim.pk])
        claim.approve(by=editor)
        data = form_data(client.get(url)) | {"is_published": "on", "change_reason": fit(value, 100)}
        admin_post(client, url, data)
        claim.approve(by=editor, status="misleading", summary=claim.summary)
        # A new verdict on the published claim: a public correction with the hostile reason.
        data = form_data(client.get(url)) | {"status": "misleading", "change_reason": value[:100]}
        admin_post(client, url, data)
        claims[key] = claim
    client.get(reverse("admin:index"))  # shows, and so clears, the "saved" messages
    return claims


@pytest.fixture(params=["importer", "admin"])
def ledger(request, write_file, import_claims, admin_client, form_data, editor):
    if request.param == "importer":
        return imported_ledger(write_file, import_claims)
    return admin_ledger(admin_client, form_data, editor)


def claim_pages(claim):
    topic = claim.topics.first()
    return {
        "detail": claim.get_absolute_url(),
        "history": claim.get_history_url(),
        "speaker": claim.speaker.get_absolute_url(),
        "source": claim.source.get_absolute_url(),
        "topic": topic.get_absolute_url() if topic else None,
        "admin change form": reverse("admin:claims_claim_change", args=[claim.pk]),
        "admin history": reverse("admin:claims_claim_history", args=[claim.pk]),
    }


def test_each_claims_pages_have_the_plain_claims_markup_and_show_the_text(admin_client, ledger):
    plain = {
        name: Page(admin_client.get(url).content.decode()).skeleton
        for name, url in claim_pages(ledger["plain"]).items()
        if url
    }
    for key, claim in ledger.items():
        claim.refresh_from_db()
        for name, url in claim_pages(claim).items():
            if url is None:
                continue
            response = admin_client.get(url)
            assert response.status_code == 200, (key, name)
            page = assert_nothing_runs(response.content.decode())
            assert page.skeleton == plain[name], (key, name)
        detail = Page(admin_client.get(claim.get_absolute_url()).content.decode())
        assert claim.text in detail.all_text, key
        assert claim.speaker.name in detail.all_text, key
        assert claim.context in detail.all_text, key


def test_the_lists_feed_api_and_json_ld_show_it_as_data(admin_client, client, ledger):
    public = Page(client.get("/claims/").content.decode())
    assert_nothing_runs(client.get("/claims/").content.decode())
    assert sum(tag == "li" and "claim" in attrs.get("class", "") for tag, attrs in public.tags) == (
        len(HOSTILE)
    )
    search = client.get("/claims/?q=alert").content.decode()
    assert_nothing_runs(search)

    for model in (Claim, Speaker, Source, Topic, Evidence):
        url = reverse(f"admin:claims_{model._meta.model_name}_changelist")
        page = assert_nothing_runs(admin_client.get(url).content.decode())
        # One row, with its selection box, for each record: none swallowed or split.
        rows = [attrs for tag, attrs in page.tags if attrs.get("class") == "action-select"]
        assert len(rows) == model.objects.count(), model
    recent = admin_client.get(reverse("admin:claims_claim_recent_changes")).content.decode()
    assert_nothing_runs(recent)

    # The same text as data: in the JSON-LD, the API, the feed and the sitemap.
    feed = ElementTree.fromstring(client.get("/feeds/claims/").content)
    titles = "".join(entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry"))
    summaries = feed_summaries(feed)
    sitemap = ElementTree.fromstring(client.get("/sitemap-claims.xml").content)
    locations = {element.text for element in sitemap.iter() if element.tag.endswith("loc")}
    listed = client.get("/api/claims/?page_size=50").json()
    assert listed["count"] == len(HOSTILE)

    for key, claim in ledger.items():
        claim.refresh_from_db()
        html = client.get(claim.get_absolute_url()).content.decode()
        (block,) = Page(html).scripts
        assert "<" not in block, key
        review = json.loads(block)
        assert review["claimReviewed"] == claim.text, key
        assert review["itemReviewed"]["author"]["name"] == claim.speaker.name, key

        api = client.get(f"/api/claims/{claim.slug}/").json()
        assert (api["text"], api["summary"]) == (claim.text, claim.summary), key

        assert claim.text[:40] in titles, key
        assert summaries[claim.get_absolute_url()] == claim.summary, key
        assert any(location.endswith(claim.get_absolute_url()) for location in locations), key


def feed_summaries(feed):
    """
    {claim path: the text a reader shows}: each entry's <summary>, decoded as
    XML, is HTML (type="html") that a feed reader renders: plain paragraphs.
    Its <title> is plain text, which no reader renders as markup.
    """
    summaries = {}
    for entry in feed.iter(f"{ATOM}entry"):
        assert entry.find(f"{ATOM}title").get("type", "text") == "text"
        summary = entry.find(f"{ATOM}summary")
        assert summary.get("type") == "html"
        page = assert_nothing_runs(summary.text)
        assert {tag for tag, _attributes in page.tags} <= {"p", "br"}, page.tags
        path = urlsplit(entry.find(f"{ATOM}link").get("href")).path
        summaries[path] = page.all_text
    return summaries


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_the_admin_refuses_links_that_are_not_http(admin_client, form_data, url, make_claim):
    add_source = reverse("admin:claims_source_add")
    response = admin_client.post(add_source, form_data(admin_client.get(add_source)) | {"url": url})
    assert response.status_code == 200
    assert "url" in response.context["adminform"].form.errors

    add_speaker = reverse("admin:claims_speaker_add")
    data = form_data(admin_client.get(add_speaker)) | {"name": "Mx Link", "same_as": url}
    response = admin_client.post(add_speaker, data)
    assert "same_as" in response.context["adminform"].form.errors

    claim = make_claim()
    change = reverse("admin:claims_claim_change", args=[claim.pk])
    data = form_data(admin_client.get(change)) | {
        "evidence-TOTAL_FORMS": "1",
        "evidence-0-title": "A link",
        "evidence-0-stance": "supports",
        "evidence-0-position": "1",
        "evidence-0-url": url,
        "evidence-0-archived_url": url,
    }
    response = admin_client.post(change, data)
    assert response.status_code == 200
    (evidence_form,) = response.context["inline_admin_formsets"][0].formset.forms
    assert set(evidence_form.errors) == {"url", "archived_url"}
    assert not Source.objects.exclude(url__startswith="https://").exists()
    assert not claim.evidence.exists()


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_the_importer_refuses_links_that_are_not_http(write_file, import_claims, url):
    from django.core.management.base import CommandError

    from tests.interchange_samples import HEADER, csv_row

    path = write_file("links.csv", HEADER + csv_row(source_url=url))
    with pytest.raises(CommandError, match=r"links\.csv:2: source_url: .* is not an http"):
        import_claims(path)
    assert not Claim.objects.exists()


# Refused on the way in: what XML cannot carry, in any text field (stored
# past the rule, the outputs leave it out: tests/test_text_xml_cannot_carry.py),
# and a reason or a correction's note with nothing to see.


# A browser cannot post a lone surrogate (UTF-8 has none): the others.
POSTABLE = {key: value for key, value in NOT_XML.items() if key != "lone_surrogate"}


@pytest.mark.parametrize("value", POSTABLE.values(), ids=POSTABLE.keys())
def test_the_admin_refuses_what_xml_cannot_carry_in_every_form(admin_client, form_data, value):
    forms = {
        "speaker": {"name": f"Kyle {value}", "description": value, "kind": "person"},
        "source": {"title": value, "publisher": value, "url": "https://example.org/x"},
        "topic": {"name": f"Budget {value}"},
    }
    for model, fields in forms.items():
        add = reverse(f"admin:claims_{model}_add")
        response = admin_client.post(add, form_data(admin_client.get(add)) | fields)
        assert response.status_code == 200, model
        errors = response.context["adminform"].form.errors
        assert set(fields) - {"kind", "url"} <= set(errors), (model, errors)
    assert not (Speaker.objects.exists() or Source.objects.exists() or Topic.objects.exists())


@pytest.mark.parametrize("value", NOT_XML.values(), ids=NOT_XML.keys())
def test_the_importer_refuses_what_xml_cannot_carry_in_every_column(
    write_file, import_claims, value
):
    from django.core.management.base import CommandError

    columns = ["claim_text", "speaker_name", "speaker_description", "source_title"]
    columns += ["source_publisher", "context", "summary", "topics", "external_id"]
    row = {"source_url": "https://example.org/x"} | dict.fromkeys(columns, f"a {value}")
    path = write_file("claims.jsonl", json.dumps(row) + "\n")
    with pytest.raises(CommandError) as refusal:
        import_claims(path)
    for column in columns:
        assert f"claims.jsonl:1: {column}: " in str(refusal.value), column
    assert not Claim.objects.exists()


@pytest.mark.parametrize("value", INVISIBLE.values(), ids=INVISIBLE.keys())
def test_an_invisible_reason_or_note_is_refused(admin_client, form_data, make_verdict, value):
    claim = make_verdict()
    change = reverse("admin:claims_claim_change", args=[claim.pk])
    data = form_data(admin_client.get(change)) | {"status": "misleading", "change_reason": value}
    response = admin_client.post(change, data)
    assert response.status_code == 200
    assert "change_reason" in response.context["adminform"].form.errors
    claim.refresh_from_db()
    assert claim.status == "false"
    assert not claim.corrections.exists()
