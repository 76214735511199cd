from datetime import UTC, datetime, timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from events.models import Event
from tests.factories import make_event, make_person, make_publication, make_region, make_topic

pytestmark = pytest.mark.django_db

LIST_URL = reverse("events:list")


def titles(events):
    return [event.title for event in events]


def test_published_upcoming_and_past_querysets():
    soon = make_event("Soon", starts_in=timedelta(days=1))
    later = make_event("Later", starts_in=timedelta(days=10))
    under_way = make_event("Under way", starts_in=-timedelta(hours=1))
    yesterday = make_event("Yesterday", starts_in=-timedelta(days=1))
    last_month = make_event("Last month", starts_in=-timedelta(days=30))
    make_event("Draft", status="draft")
    make_event("Scheduled", publish_at=timezone.now() + timedelta(days=1))

    published = Event.objects.published()

    assert list(published.upcoming()) == [under_way, soon, later]
    assert list(published.past()) == [yesterday, last_month]


def test_list_shows_upcoming_soonest_first_then_past_newest_first(client):
    make_event("Far future", starts_in=timedelta(days=40))
    make_event("Next week", starts_in=timedelta(days=7))
    make_event("Long ago", starts_in=-timedelta(days=400))
    make_event("Last week", starts_in=-timedelta(days=7))

    response = client.get(LIST_URL)

    assert titles(response.context["upcoming_events"]) == ["Next week", "Far future"]
    assert titles(response.context["past_events"]) == ["Last week", "Long ago"]
    content = response.content.decode()
    assert content.index("Next week") < content.index("Far future") < content.index("Last week")


def test_past_events_are_paginated(client):
    for day in range(14):
        make_event(f"Past {day:02}", starts_in=-timedelta(days=day + 1))

    first = client.get(LIST_URL)
    second = client.get(LIST_URL + "?page=2")

    assert len(first.context["past_events"]) == 12
    assert titles(second.context["past_events"]) == ["Past 12", "Past 13"]


def test_list_filters_by_topic_region_and_year(client):
    topic = make_topic("Migration")
    region = make_region("Georgia")
    make_event("On topic", topics=[topic])
    make_event("In region", regions=[region], starts_in=-timedelta(days=3))
    make_event("In 2023", starts_at=datetime(2023, 9, 26, 14, tzinfo=UTC))

    def shown(query):
        response = client.get(LIST_URL + query)
        return titles(response.context["upcoming_events"]) + titles(response.context["past_events"])

    assert shown("?topic=migration") == ["On topic"]
    assert shown("?region=georgia") == ["In region"]
    assert shown("?year=2023") == ["In 2023"]


@pytest.mark.parametrize(
    "query", ["?topic=nope", "?region=nope", "?year=abc", "?page=abc", "?page=5", "?year=1"]
)
def test_list_bad_filters_are_404(client, query):
    make_event(starts_in=-timedelta(days=2))

    assert client.get(LIST_URL + query).status_code == HTTPStatus.NOT_FOUND


def test_event_page_shows_times_in_the_events_own_named_time_zone(client):
    event = make_event(
        "Kyiv briefing",
        starts_at=datetime(2030, 3, 10, 8, 0, tzinfo=UTC),
        duration=timedelta(hours=1, minutes=30),
        timezone="Europe/Kyiv",
    )

    content = client.get(event.get_absolute_url()).content.decode()

    assert "Sunday, March 10, 2030" in content
    assert "10:00 AM–11:30 AM" in content
    assert "(Kyiv time, UTC+2)" in content


def test_event_page_shows_venue_speakers_topics_and_regions(client):
    moderator = make_person("Dana Moderator", title="Senior Fellow")
    speaker = make_person("Aleksei Solvin", affiliation="Independent journalist")
    event = make_event(
        "Exiles forum",
        venue_name="Conference Hall",
        venue_address="2301 Example Avenue\nWashington, DC",
        is_online=True,
        description="<p>What exiles need.</p>",
        speakers=[(moderator, "moderator"), speaker],
        topics=[make_topic("Global Policy")],
        regions=[make_region("Russia")],
    )

    content = client.get(event.get_absolute_url()).content.decode()

    assert "Conference Hall" in content
    assert "2301 Example Avenue<br>Washington, DC" in content
    assert "Online" in content
    assert "<p>What exiles need.</p>" in content
    assert '<a href="/experts/dana-moderator/">Dana Moderator</a>' in content
    assert "Moderator · Senior Fellow" in content
    assert '<a href="/experts/aleksei-solvin/">Aleksei Solvin</a>' in content
    assert '<a href="/topics/global-policy/">Global Policy</a>' in content
    assert '<a href="/regions/russia/">Russia</a>' in content


def test_upcoming_event_shows_registration_and_calendar_not_video(client):
    event = make_event(
        registration_url="https://example.org/register",
        video_url="https://example.org/video",
    )

    content = client.get(event.get_absolute_url()).content.decode()

    assert 'href="https://example.org/register"' in content
    assert f'href="{reverse("events:calendar", args=[event.slug])}"' in content
    assert "https://example.org/video" not in content


def test_event_that_ended_yesterday_is_past_and_shows_video_not_registration(client):
    event = make_event(
        "Ended yesterday",
        starts_in=-timedelta(days=1, hours=2),
        registration_url="https://example.org/register",
        video_url="https://example.org/video",
    )

    page = client.get(event.get_absolute_url()).content.decode()
    listing = client.get(LIST_URL)

    assert 'href="https://example.org/video"' in page
    assert "https://example.org/register" not in page
    assert "calendar.ics" not in page
    assert titles(listing.context["past_events"]) == ["Ended yesterday"]
    assert listing.context["upcoming_events"] == []


def test_summary_leads_the_event_page_once_posted(client):
    event = make_event(
        "Forum",
        starts_in=-timedelta(days=3),
        description="<p>The description.</p>",
        summary="<p>What the speakers said.</p>",
        summary_published_at=timezone.now() - timedelta(days=2),
    )
    analysis = make_publication("The analysis")
    event.related_publications.add(analysis)

    content = client.get(event.get_absolute_url()).content.decode()
    content = content[content.index("<main") :]

    assert "Event summary" in content
    assert content.index("What the speakers said.") < content.index("The description.")
    assert "Analysis from this event" in content
    assert analysis.get_absolute_url() in content


def test_ics_file_parses_with_the_events_details(client):
    event = make_event(
        "Exiles forum",
        starts_at=datetime(2031, 1, 15, 15, 0, tzinfo=UTC),
        duration=timedelta(minutes=90),
        venue_name="Conference Hall",
        description="<p>About <strong>exiles</strong>.</p>",
    )

    response = client.get(reverse("events:calendar", args=[event.slug]))

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert 'filename="exiles-forum.ics"' in response["Content-Disposition"]
    calendar = Calendar.from_ical(response.content)
    [entry] = calendar.walk("VEVENT")
    assert str(entry["summary"]) == "Exiles forum"
    assert entry.decoded("dtstart") == datetime(2031, 1, 15, 15, 0, tzinfo=UTC)
    assert entry.decoded("dtend") == datetime(2031, 1, 15, 16, 30, tzinfo=UTC)
    assert str(entry["description"]) == "About exiles."
    assert str(entry["location"]) == "Conference Hall"
    assert str(entry["url"]) == f"http://testserver{event.get_absolute_url()}"
    assert entry["uid"]


def test_ics_for_past_or_unpublished_event_is_404(client):
    past = make_event(starts_in=-timedelta(days=2))
    draft = make_event(status="draft")

    assert client.get(reverse("events:calendar", args=[past.slug])).status_code == 404
    assert client.get(reverse("events:calendar", args=[draft.slug])).status_code == 404


@pytest.mark.parametrize("status", ["draft", "review"])
def test_unpublished_event_appears_nowhere(client, status):
    speaker = make_person("Some Speaker", is_expert=True)
    event = make_event("Hidden event", status=status, speakers=[speaker])

    assert client.get(event.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    for url in [LIST_URL, speaker.get_absolute_url(), reverse("publications:home")]:
        assert "Hidden event" not in client.get(url).content.decode()


def test_scheduled_event_appears_nowhere_before_its_time(client):
    event = make_event("Embargoed event", publish_at=timezone.now() + timedelta(hours=1))

    assert client.get(event.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    assert "Embargoed event" not in client.get(LIST_URL).content.decode()


def test_event_page_hides_unpublished_related_publications(client):
    event = make_event(starts_in=-timedelta(days=2), summary="<p>Summary</p>")
    event.related_publications.add(make_publication("Draft analysis", status="draft"))

    assert "Draft analysis" not in client.get(event.get_absolute_url()).content.decode()


def test_home_lists_upcoming_events(client):
    make_event("Coming forum", starts_in=timedelta(days=3))
    make_event("Old forum", starts_in=-timedelta(days=3))

    content = client.get(reverse("publications:home")).content.decode()

    assert "Coming forum" in content
    assert "Old forum" not in content


def test_unknown_event_is_404(client):
    assert client.get("/events/no-such-event/").status_code == HTTPStatus.NOT_FOUND
