from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.utils.functional import lazy
from django.views.generic import RedirectView

from events.sitemaps import EventSitemap
from people.sitemaps import ExpertSitemap
from publications.sitemaps import (
    PublicationSitemap,
    RegionSitemap,
    TopicSitemap,
)
from publications.views import robots_txt, serve_media

# Resolved per request: hashed static names exist only once collectstatic has run.
lazy_static = lazy(static, str)

admin.site.site_header = f"{settings.SITE_NAME} — editorial"
admin.site.site_title = settings.SITE_NAME
admin.site.index_title = "Editorial desk"

SITEMAPS = {
    "publications": PublicationSitemap,
    "topics": TopicSitemap,
    "regions": RegionSitemap,
    "experts": ExpertSitemap,
    "events": EventSitemap,
}

handler500 = "publications.errors.server_error"

urlpatterns = [
    path("sitemap.xml", sitemap_view, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
    # Browsers ask for /favicon.ico on pages without an icon link (the admin's).
    path("favicon.ico", RedirectView.as_view(url=lazy_static("img/favicon.svg"), permanent=True)),
    path("", include("publications.urls")),
    path("experts/", include("people.urls")),
    path("events/", include("events.urls")),
    path("admin/", admin.site.urls),
]

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.+)$", serve_media, name="media")
    ]
