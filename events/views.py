from datetime import timedelta

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext, gettext_lazy
from django.views.generic import DetailView, ListView
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from editorial.deep_pages import DeepPagesMixin
from editorial.facets import FacetedListMixin, link_rows, year_rows
from editorial.listings import (
    PreviewMixin,
    edition_alternates,
    feed_links,
    organisation_json_ld,
    person_ref_json_ld,
)
from editorial.plaintext import flatten
from editorial.richtext import plain_text
from events.forms import EventFilterForm
from events.models import Event, EventTopic
from publications.models import CARD_DEFERRED

PAST_PAGE_SIZE = 12
#: Upcoming events the first page shows before the past ones; a link leads to all of them.
UPCOMING_SHOWN = 12
ZONE_RULES_MARGIN = timedelta(days=366)


def events_feeds():
    return feed_links(gettext("%(site)s: events") % {"site": settings.SITE_NAME}, "events:feed")


class PublishedEventsMixin:
    def published_events(self):
        return Event.objects.for_readers()


class EventListView(PublishedEventsMixin, DeepPagesMixin, FacetedListMixin, ListView):
    """Upcoming events, soonest first, then past ones, newest first and paginated.

    The first page shows the soonest upcoming events; `?when=upcoming` pages through all of
    them instead of the past ones.
    """

    template_name = "events/event_list.html"
    context_object_name = "past_events"
    paginate_by = PAST_PAGE_SIZE
    position_field = "starts_at"
    filter_form_class = EventFilterForm
    facet_labels = {
        "topic": gettext_lazy("Topic"),
        "region": gettext_lazy("Region"),
        "year": gettext_lazy("Year"),
    }

    @property
    def upcoming_only(self):
        return self.filters.cleaned_data.get("when") == "upcoming"

    @property
    def by_position(self):
        # Upcoming events, soonest first and a few dozen at most, have numbered pages only.
        return not self.upcoming_only

    def filtered_events(self):
        # Each filter follows one link unique per event: no row comes twice.
        return self.filters.apply(self.published_events())

    def cards(self, events):
        return events.for_cards().defer("description", "search_vector")

    def get_queryset(self):
        events = self.filtered_events()
        return self.cards(events.upcoming() if self.upcoming_only else events.past())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(feeds=events_feeds(), **kwargs)
        context["upcoming_only"] = self.upcoming_only
        if self.upcoming_only:
            context["upcoming_events"] = context.pop("past_events")
            context["all_events_url"] = self.url_with("when")
        elif context["page_obj"].number == 1:
            upcoming = list(self.cards(self.filtered_events().upcoming())[: UPCOMING_SHOWN + 1])
            context["upcoming_events"] = upcoming[:UPCOMING_SHOWN]
            if len(upcoming) > UPCOMING_SHOWN:
                context["all_upcoming_url"] = self.url_with(None, when="upcoming")
        return context

    def facet_items(self):
        return self.published_events()

    def facet_counts(self, name, items):
        if name == "topic":
            return link_rows(EventTopic.objects, "tag", "content_object", items)
        if name == "region":
            return link_rows(Event.regions.through.objects, "region", "event", items)
        return year_rows(items, "starts_at")


class EventDetailView(PreviewMixin, DetailView):
    template_name = "events/event_detail.html"
    context_object_name = "event"
    model = Event

    def page_queryset(self, events):
        return events.for_cards().prefetch_related("topics", "regions")

    def get_context_data(self, **kwargs):
        related = self.object.related_publications.for_readers().for_cards().defer(*CARD_DEFERRED)
        return super().get_context_data(
            related=list(related),
            feeds=events_feeds(),
            json_ld=event_json_ld(self.request, self.object),
            alternates=edition_alternates(self.request, self.object),
            **kwargs,
        )


def event_json_ld(request, event):
    url = request.build_absolute_uri(event.get_absolute_url())
    locations = []
    if event.venue_label or event.venue_address:
        locations.append(
            {
                "@type": "Place",
                "name": event.venue_label or event.venue_address.splitlines()[0],
                "address": " ".join(event.venue_address.split()),
            }
        )
    if event.is_online:
        locations.append({"@type": "VirtualLocation", "url": url})
    if event.is_online and len(locations) > 1:
        mode = "MixedEventAttendanceMode"
    elif event.is_online:
        mode = "OnlineEventAttendanceMode"
    else:
        mode = "OfflineEventAttendanceMode"
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": plain_text(event.description),
        "startDate": event.starts_at.astimezone(event.zone_info),
        "endDate": event.ends_at.astimezone(event.zone_info),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": f"https://schema.org/{mode}",
        "location": locations,
        "performer": [person_ref_json_ld(request, link.person) for link in event.ordered_speakers],
        "organizer": organisation_json_ld(request),
        "url": url,
    }
    return data


def event_calendar(request, slug):
    """An iCalendar file for an upcoming event, for readers' "Add to calendar"."""
    event = get_object_or_404(Event.objects.for_readers().select_related("kind"), slug=slug)
    if event.is_over:
        raise Http404("This event is over.")
    calendar = Calendar()
    # Every one-line property is flattened: a control character in a title must not end up
    # as a line of its own in the file.
    calendar.add("prodid", f"-//{flatten(settings.SITE_NAME)}//Events//EN")
    calendar.add("version", "2.0")
    entry = CalendarEvent()
    entry.add("uid", f"event-{event.pk}@{request.get_host()}")
    entry.add("dtstamp", timezone.now())
    # Local times with the zone (TZID and its VTIMEZONE): calendars show "3:00 PM Almaty".
    entry.add("dtstart", event.starts_at.astimezone(event.zone_info))
    entry.add("dtend", event.ends_at.astimezone(event.zone_info))
    entry.add("summary", flatten(event.title))
    entry.add("description", plain_text(event.description))
    entry.add("url", request.build_absolute_uri(event.get_absolute_url()))
    location = ", ".join(
        part for part in (event.venue_label, " ".join(event.venue_address.split())) if part
    )
    if event.is_online:
        location = f"{location} (and online)" if location else "Online"
    if location:
        entry.add("location", flatten(location))
    calendar.add_component(entry)
    # The zone's rules around the event only: short, and right however far ahead it is.
    calendar.add_missing_timezones(
        first_date=(event.starts_at - ZONE_RULES_MARGIN).date(),
        last_date=(event.ends_at + ZONE_RULES_MARGIN).date(),
    )
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{event.slug}.ics"
    )
    return response
