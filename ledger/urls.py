from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import RedirectView
from django.views.i18n import set_language

from claims import views
from claims.api import urls as api_urls
from claims.caching import public
from claims.sitemaps import sitemaps

# A 404 that caches must not keep (a draft's URL turns 200 once it is published).
handler404 = views.page_not_found

urlpatterns = [
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico on pages that name no icon (the admin's,
    # the API's JSON): the site's own, rather than a 404 in every console.
    path(
        "favicon.ico",
        RedirectView.as_view(url=lazy(static, str)("claims/favicon.svg"), permanent=True),
    ),
    path("", include("claims.urls")),
    # The language switcher's form, on every public page. Those pages are
    # cached and cookie-free, so they cannot carry a CSRF token; all a forged
    # post can do is choose a reader's language, which the switcher undoes.
    # Django's view refuses a `next` off this site.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("api/", api_urls()),
    # An index of each section's pages: one sitemap holds 50,000 URLs at most.
    path("sitemap.xml", views.sitemap_index, name="sitemap_index"),
    path(
        "sitemap-<slug:section>.xml",
        public(sitemap_views.sitemap),
        {"sitemaps": sitemaps},
        name="sitemap",
    ),
]
