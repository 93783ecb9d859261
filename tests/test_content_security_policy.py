"""Every page has a Content-Security-Policy, no inline script or style, and refuses framing."""

import re

import pytest
from django.contrib import admin
from django.urls import reverse

# The only inline <script> elements allowed are data blocks, which browsers never run.
DATA_BLOCK_TYPES = {"application/ld+json", "application/json"}


def directives(response):
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


def assert_no_inline_code(html):
    for attributes in re.findall(r"<script\b([^>]*)>", html, re.I):
        if "src=" in attributes:
            continue
        kind = re.search(r'type="([^"]+)"', attributes)
        assert kind and kind.group(1) in DATA_BLOCK_TYPES, f"inline script: <script{attributes}>"
    # Event handler attributes (onclick=, onload=...) and javascript: links run inline code.
    assert not re.search(r"<[^>]+\son[a-z]+\s*=", html, re.I)
    assert "javascript:" not in html.lower()
    # style-src 'self' refuses <style> elements and style= attributes alike.
    assert not re.search(r"<style\b", html, re.I), "inline <style> element"
    assert not re.search(r"<[^>]+\sstyle\s*=", html, re.I), "inline style= attribute"


def public_urls(claim):
    return [
        "/claims/",
        "/claims/?q=threat",
        claim.get_absolute_url(),
        claim.get_history_url(),
        claim.speaker.get_absolute_url(),
        claim.source.get_absolute_url(),
        "/methodology/",
        "/ledger/",
        "/feeds/claims/",
        "/sitemap.xml",
        "/api/claims/",
        "/api/docs/",
        "/claims/no-such-claim/",
        "/admin/login/",
    ]


@pytest.fixture
def claim(make_verdict):
    return make_verdict()


def test_every_public_response_carries_the_policy(client, claim):
    for url in public_urls(claim):
        response = client.get(url)
        assert response.status_code == (404 if "no-such" in url else 200), url
        policy = directives(response)
        assert policy["script-src"] == ["'self'"], url
        assert policy["style-src"] == ["'self'"], url
        assert policy["object-src"] == ["'none'"], url
        assert policy["frame-ancestors"] == ["'none'"], url
        assert response["X-Frame-Options"] == "DENY", url
        assert response["X-Content-Type-Options"] == "nosniff", url
        if response["Content-Type"].startswith("text/html"):
            assert_no_inline_code(response.content.decode())


CLAIMS_MODELS = [model for model in admin.site._registry if model._meta.app_label == "claims"]


@pytest.mark.parametrize("model", CLAIMS_MODELS, ids=lambda model: model.__name__)
def test_the_admin_pages_have_no_inline_code(admin_client, claim, model):
    opts = model._meta
    prefix = f"admin:{opts.app_label}_{opts.model_name}"
    record = model.objects.first()
    urls = [reverse(f"{prefix}_changelist"), reverse(f"{prefix}_add")]
    if record is not None:
        urls += [
            reverse(f"{prefix}_change", args=[record.pk]),
            reverse(f"{prefix}_history", args=[record.pk]),
        ]
    for url in urls:
        response = admin_client.get(url)
        if response.status_code == 403:  # corrections are only issued by the workflow
            continue
        assert response.status_code == 200, url
        assert directives(response)["script-src"] == ["'self'"]
        assert_no_inline_code(response.content.decode())


def test_the_claim_changelist_and_recent_changes_have_no_inline_code(admin_client, claim):
    for url in (
        reverse("admin:claims_claim_changelist"),
        reverse("admin:claims_claim_recent_changes"),
        reverse("admin:index"),
    ):
        assert_no_inline_code(admin_client.get(url).content.decode())


def test_the_json_ld_data_block_is_the_claim_pages_only_inline_script(client, claim):
    html = client.get(claim.get_absolute_url()).content.decode()
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts == ['<script type="application/ld+json">']
