from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView

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
