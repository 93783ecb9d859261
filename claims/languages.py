"""
The language a page is in: English or Traditional Chinese (settings.LANGUAGES).

One URL serves both, so public URLs stay as they are (no /zh-hant/ prefix):
Django's LocaleMiddleware picks the language from the reader's cookie, which
only the switcher sets (set_language in ledger/urls.py), else from
Accept-Language. Such a response varies by both, and says so (`Vary:
Accept-Language, Cookie`), so no cache hands one reader's language to
another; the server's own page cache keys on the language chosen
(claims/caching.py, page_language).

Search engines need a URL per language for `hreflang`, and a CDN a URL whose
answer does not vary: `?lang=en` and `?lang=zh-hant` on a public page fix its
language, with no Vary, and name themselves canonical; the plain URL is the
`x-default`, negotiated. The parameter is honoured on public pages only (the
admin's changelist would read it as a filter) and an unknown value is
ignored, so it cannot make new cache entries.

Data is language-independent: the API, feeds, sitemaps and the ledger's JSON
are read by programs and our own importer, which expect the labels as written
(English) whatever the reader's browser asks, and each URL there means one
document. docs/i18n.md says more.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.encoding import escape_uri_path

# URL names of the public data answers, beside the whole "api" namespace.
DATA_URLS = {
    "claims:feed",
    "claims:corrections_feed",
    "sitemap_index",
    "sitemap",
    "claims:ledger_head",
    "claims:ledger_entries",
    "claims:ledger_entry",
}


def language_tag(code):
    """BCP 47 as written in `lang` and `hreflang` ("zh-Hant") for a Django code ("zh-hant")."""
    return translation.to_locale(code).replace("_", "-")


class ReaderLanguageMiddleware(LocaleMiddleware):
    """
    LocaleMiddleware, plus a language fixed by the URL: `?lang=` on a public
    page, English for data. `request.language_from` says which: "url",
    "data", or None when negotiated.
    """

    def process_request(self, request):
        super().process_request(request)
        request.language_from = None

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match.namespace == "api" or match.view_name in DATA_URLS:
            self._fix(request, settings.LANGUAGE_CODE, "data")
        # Without a query string there is no ?lang= to read: a claim's or a
        # speaker's page, most often served from the cache, parses none.
        elif getattr(view_func, "cached_publicly", False) and request.META.get("QUERY_STRING"):
            wanted = request.GET.get("lang", "").lower()
            if wanted in dict(settings.LANGUAGES):
                self._fix(request, wanted, "url")

    @staticmethod
    def _fix(request, code, source):
        translation.activate(code)
        request.LANGUAGE_CODE = code
        request.language_from = source

    def process_response(self, request, response):
        if getattr(request, "language_from", None) is not None:
            # Nothing the client sends changes this answer's language.
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        response = super().process_response(request, response)
        # The switcher's cookie chooses the language too.
        patch_vary_headers(response, ("Cookie",))
        return response


def language_alternates(request):
    """
    Template context: `language_tag` for <html lang>; on a public page, its
    `hreflang` alternates (absolute, from LEDGER_SITE_URL, with the page's
    own query) and `x_default_url`; and `language_query`, "?lang=..." on a
    page whose language its URL fixed, for its canonical link.
    """
    context = {"language_tag": language_tag(translation.get_language() or settings.LANGUAGE_CODE)}
    match = getattr(request, "resolver_match", None)
    if match is None or not getattr(match.func, "cached_publicly", False):
        return context
    page = settings.LEDGER_SITE_URL + escape_uri_path(request.path)

    def url(code=None):
        # The page's own parameters: claims/caching.py dropped every other.
        query = request.GET.copy()
        if code:
            query["lang"] = code
        return f"{page}?{query.urlencode()}" if query else page

    fixed = getattr(request, "language_from", None) == "url"
    return {
        **context,
        "language_alternates": [(language_tag(code), url(code)) for code, _ in settings.LANGUAGES],
        "x_default_url": url(),
        "language_query": f"?lang={translation.get_language()}" if fixed else "",
    }
