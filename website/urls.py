"""Every public address. Pages that cut across kinds join the namespaces of the kinds they
present ("publications:home", "people:detail"), so templates name each page the same way
whichever app serves it."""

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.utils.functional import lazy
from django.views.generic import RedirectView

import people.urls
import publications.urls
from events.sitemaps import EventSitemap
from people.sitemaps import PersonSitemap
from publications.sitemaps import PublicationSitemap
from website import person_page, subject_pages, views
from website.sitemaps import RegionSitemap, TopicSitemap

# Resolved per request: hashed static names exist only once collectstatic has run.
lazy_static = lazy(static, str)

SITEMAPS = {
    "publications": PublicationSitemap,
    "topics": TopicSitemap,
    "regions": RegionSitemap,
    "people": PersonSitemap,
    "events": EventSitemap,
}

site_pages = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("topics/", subject_pages.TopicListView.as_view(), name="topics"),
    path("topics/<slug:slug>/", subject_pages.TopicDetailView.as_view(), name="topic"),
    path("regions/", subject_pages.RegionListView.as_view(), name="regions"),
    path("regions/<slug:slug>/", subject_pages.RegionDetailView.as_view(), name="region"),
]

person_pages = [
    path("<slug:slug>/", person_page.PersonDetailView.as_view(), name="detail"),
]

#: The reader's pages, in every language: the main one at /, the others under /<code>/
#: (config/urls.py mounts them with i18n_patterns).
pages = [
    path("", include((site_pages + publications.urls.urlpatterns, "publications"))),
    path("experts/", include((people.urls.urlpatterns + person_pages, "people"))),
    path("events/", include("events.urls")),
]

#: What exists once for the whole site, whatever the language.
urlpatterns = [
    # An index of sections, each paginated (?p=2) so no file is too large to serve quickly.
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<slug:section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("robots.txt", views.robots_txt, name="robots"),
    # Browsers ask for /favicon.ico on pages without an icon link (the admin's).
    path("favicon.ico", RedirectView.as_view(url=lazy_static("img/favicon.svg"), permanent=True)),
]

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.+)$", views.serve_media, name="media")
    ]
