"""
The public site: published claims only, read-only, cacheable (claims/caching.py).
Each view runs a fixed number of queries whatever the number of rows it shows
(none when its page is served from the cache);
the queries live on the querysets (`for_list`, `for_detail`, `filtered`).
"""

from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views import defaults

from claims.caching import CountedPaginator, not_kept, public
from claims.claimreview import absolute_url, as_script_json, claim_review
from claims.forms import ClaimFilterForm
from claims.models import Claim, ClaimStatus, Source, Speaker, SpeakerKind, Topic
from claims.revisions import public_revisions
from claims.sitemaps import sitemaps

PAGE_SIZE = 50


def page_not_found(request, exception):
    """
    Django's 404 page, which caches must not keep: a draft's URL is a 404
    until the draft is published, and then it must not linger in a CDN.
    """
    return not_kept(defaults.page_not_found(request, exception))


def home(request):
    return redirect("claims:list")


def _get_published_claim(slug, queryset=None):
    queryset = Claim.objects.published() if queryset is None else queryset
    return get_object_or_404(queryset, slug=slug)


def _moved_or_404(slug, url_name):
    """
    A permanent redirect from a slug a published claim had before it was
    renamed (Claim.change_slug) to the same page under its slug now, else a
    404. One query, only for a slug no published claim has.
    """
    moved_to = Claim.objects.published().moved_from(slug)
    if moved_to is None:
        raise Http404("No published claim has this slug.")
    return redirect(url_name, slug=moved_to, permanent=True)


def _with_published_claims(model, claim_field):
    """Speakers, sources or topics with a published claim: the others do not exist publicly."""
    published = Claim.objects.published().filter(**{claim_field: OuterRef("pk")})
    return model.objects.filter(Exists(published))


def _page(request, claims):
    """The requested page of `claims`, counted once per change (CountedPaginator)."""
    return CountedPaginator(claims, PAGE_SIZE, request=request).get_page(request.GET.get("page"))


def _query_without_page(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _report_error_url(claim):
    claim_url = absolute_url(claim.get_absolute_url())
    if settings.LEDGER_REPORT_ERROR_URL:
        separator = "&" if "?" in settings.LEDGER_REPORT_ERROR_URL else "?"
        return f"{settings.LEDGER_REPORT_ERROR_URL}{separator}{urlencode({'claim': claim_url})}"
    if settings.LEDGER_CORRECTIONS_EMAIL:
        subject = urlencode({"subject": f"Error report: {claim_url}"}, quote_via=quote)
        return f"mailto:{settings.LEDGER_CORRECTIONS_EMAIL}?{subject}"
    return reverse("claims:methodology") + "#corrections"


@public
def claim_list(request):
    """Queries: with ?q= the search index; count (once per change); the page; its topics."""
    form = ClaimFilterForm(request.GET)
    claims = Claim.objects.none()
    if form.is_valid():
        claims = Claim.objects.published().filtered(**form.cleaned_data).for_list()
    return render(
        request,
        "claims/claim_list.html",
        {"form": form, "page": _page(request, claims), "query": _query_without_page(request)},
    )


@public
def claim_detail(request, slug):
    """
    Queries: the claim with its joins; topics; evidence; corrections; votes;
    other desks' reviews.
    """
    try:
        claim = _get_published_claim(slug, Claim.objects.published().for_detail())
    except Http404:
        return _moved_or_404(slug, "claims:detail")
    review = claim_review(claim)
    return render(
        request,
        "claims/claim_detail.html",
        {
            "claim": claim,
            "claim_review_json": as_script_json(review) if review else "",
            "report_error_url": _report_error_url(claim),
            "page_url": absolute_url(claim.get_absolute_url()),
        },
    )


@public
def claim_history(request, slug):
    """
    Queries: the claim; its history records; their topic rows; those
    topics; the records' ledger entries; the panel's votes.
    """
    try:
        claim = _get_published_claim(slug, Claim.objects.published().select_related("speaker"))
    except Http404:
        return _moved_or_404(slug, "claims:history")
    return render(
        request,
        "claims/claim_history.html",
        {"claim": claim, "revisions": public_revisions(claim)},
    )


@public
def speaker_detail(request, slug):
    """Queries: the speaker; the scorecard; count (once per change); the page; its topics."""
    # Claims with no claimant named share no speaker: no page, no scorecard.
    speakers = _with_published_claims(Speaker, "speaker").exclude(kind=SpeakerKind.UNATTRIBUTED)
    speaker = get_object_or_404(speakers, slug=slug)
    claims = Claim.objects.published().filter(speaker=speaker)
    return render(
        request,
        "claims/speaker_detail.html",
        {
            "speaker": speaker,
            "scorecard": claims.scorecard(),
            "page": _page(request, claims.for_list()),
        },
    )


@public
def source_detail(request, slug):
    """Queries: the source; count (once per change); the page; its topics."""
    source = get_object_or_404(_with_published_claims(Source, "source"), slug=slug)
    claims = Claim.objects.published().filter(source=source).for_list()
    return render(
        request,
        "claims/source_detail.html",
        {"source": source, "page": _page(request, claims)},
    )


@public
def source_by_id(request, pk):
    """
    A permanent redirect from a source's page as it was addressed before
    sources had slugs (/sources/12/) to its page now. One query.
    """
    source = get_object_or_404(_with_published_claims(Source, "source").only("slug"), pk=pk)
    return redirect(source, permanent=True)


@public
def topic_detail(request, slug):
    """Queries: the topic; count (once per change); the page; its topics."""
    topic = get_object_or_404(_with_published_claims(Topic, "topics"), slug=slug)
    claims = Claim.objects.published().filter(topics=topic).for_list()
    return render(
        request,
        "claims/topic_detail.html",
        {"topic": topic, "page": _page(request, claims)},
    )


@public
def methodology(request):
    """Queries: none."""
    return render(
        request,
        "claims/methodology.html",
        {
            "statuses": ClaimStatus,
            "publisher": settings.LEDGER_PUBLISHER_NAME,
            "report_error_url": settings.LEDGER_REPORT_ERROR_URL,
            "corrections_email": settings.LEDGER_CORRECTIONS_EMAIL,
        },
    )


@public
@x_robots_tag
def sitemap_index(request):
    """
    /sitemap.xml: every page of every section (claims/sitemaps.py). Django's
    own index view names the request's host; this one, like the sections,
    names LEDGER_SITE_URL. Queries: for each section, its count
    and its newest change.
    """
    pages = []
    for section, sitemap_class in sitemaps.items():
        sitemap = sitemap_class()
        location = absolute_url(reverse("sitemap", args=[section]))
        latest = sitemap.get_latest_lastmod()
        pages.append(SitemapIndexItem(location, latest))
        pages.extend(
            SitemapIndexItem(f"{location}?p={number}", latest)
            for number in range(2, sitemap.paginator.num_pages + 1)
        )
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": pages}, content_type="application/xml"
    )
