from django.urls import path, re_path

from publications import feeds, views

app_name = "publications"

urlpatterns = [
    path("publications/", views.PublicationListView.as_view(), name="list"),
    path("publications/feed/rss/", feeds.PublicationsFeed(), name="feed"),
    path("publications/feed/atom/", feeds.PublicationsAtomFeed(), name="feed_atom"),
    path(
        "publications/feed/<str:kind>/<slug:slug>/rss/",
        feeds.PublicationsFeed(),
        name="scoped_feed",
    ),
    path(
        "publications/feed/<str:kind>/<slug:slug>/atom/",
        feeds.PublicationsAtomFeed(),
        name="scoped_feed_atom",
    ),
    path("publications/<slug:slug>/", views.PublicationDetailView.as_view(), name="detail"),
    re_path(
        r"^publications/(?P<slug>[-a-zA-Z0-9_]+)/cite\.(?P<file_format>bib|ris)$",
        views.citation_download,
        name="cite",
    ),
]
