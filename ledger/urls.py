from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from claims.api import urls as api_urls
from claims.caching import public
from claims.sitemaps import sitemaps

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("claims.urls")),
    path("api/", api_urls()),
    path(
        "sitemap.xml",
        public(sitemap_views.sitemap),
        {"sitemaps": sitemaps},
        name="django.contrib.sitemaps.views.sitemap",
    ),
]
