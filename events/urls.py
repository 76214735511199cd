from django.urls import path

from events import feeds, views

app_name = "events"

urlpatterns = [
    path("", views.EventListView.as_view(), name="list"),
    path("feed/rss/", feeds.EventsFeed(), name="feed"),
    path("feed/atom/", feeds.EventsAtomFeed(), name="feed_atom"),
    path("<slug:slug>/", views.EventDetailView.as_view(), name="detail"),
    path("<slug:slug>/calendar.ics", views.event_calendar, name="calendar"),
]
