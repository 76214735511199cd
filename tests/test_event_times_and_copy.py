"""Events are typed and shown in their own time zone; the copy around them says true things."""

from datetime import UTC, datetime
from http import HTTPStatus
from io import StringIO

import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.urls import reverse
from icalendar import Calendar

from events.models import Event
from publications.models import Publication
from tests.factories import make_event, make_person, make_publication
from tests.support.admin_forms import event_form_data, publication_form_data

pytestmark = pytest.mark.django_db

EVENT_ADD_URL = reverse("admin:events_event_add")


def event_change_url(event):
    return reverse("admin:events_event_change", args=[event.pk])


def messages_shown(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_almaty_event_typed_at_3pm_starts_at_10_utc_and_shows_3pm_almaty_time(admin_client):
    response = admin_client.post(EVENT_ADD_URL, event_form_data())
    assert response.status_code == HTTPStatus.FOUND
    event = Event.objects.get(slug="water-and-the-steppe")

    page = admin_client.get(event.get_absolute_url()).content.decode()

    assert event.starts_at == datetime(2030, 10, 15, 10, 0, tzinfo=UTC)
    assert event.ends_at == datetime(2030, 10, 15, 11, 30, tzinfo=UTC)
    assert "Tuesday, October 15, 2030" in page
    assert "3:00 PM–4:30 PM" in page
    assert "(Almaty time, UTC+5)" in page


def test_almaty_event_calendar_file_starts_at_3pm_almaty_time(client, admin_client):
    admin_client.post(EVENT_ADD_URL, event_form_data())

    response = client.get(reverse("events:calendar", args=["water-and-the-steppe"]))

    assert response.status_code == HTTPStatus.OK
    text = response.content.decode()
    assert "DTSTART;TZID=Asia/Almaty:20301015T150000" in text
    assert "DTEND;TZID=Asia/Almaty:20301015T163000" in text
    [entry] = Calendar.from_ical(response.content).walk("VEVENT")
    assert entry.decoded("dtstart") == datetime(2030, 10, 15, 10, 0, tzinfo=UTC)
    assert Calendar.from_ical(response.content).walk("VTIMEZONE")


def test_change_form_shows_the_times_back_as_typed_in_the_events_zone(admin_client):
    admin_client.post(EVENT_ADD_URL, event_form_data())
    event = Event.objects.get(slug="water-and-the-steppe")

    form = admin_client.get(event_change_url(event)).content.decode()

    assert 'name="starts_at_0" value="2030-10-15"' in form
    assert 'name="starts_at_1" value="15:00:00"' in form
    assert 'name="ends_at_1" value="16:30:00"' in form


def test_change_form_shows_stored_times_in_the_events_zone_not_the_sites(admin_client):
    event = make_event(
        "Almaty roundtable",
        starts_at=datetime(2030, 10, 15, 10, 0, tzinfo=UTC),
        timezone="Asia/Almaty",
    )

    form = admin_client.get(event_change_url(event)).content.decode()

    assert 'name="starts_at_1" value="15:00:00"' in form
    assert 'name="ends_at_1" value="17:00:00"' in form


def test_saving_the_change_form_unchanged_keeps_the_same_instant(admin_client):
    admin_client.post(EVENT_ADD_URL, event_form_data())
    event = Event.objects.get(slug="water-and-the-steppe")

    response = admin_client.post(
        event_change_url(event), event_form_data(edit_version=str(event.version))
    )

    assert response.status_code == HTTPStatus.FOUND
    event.refresh_from_db()
    assert event.starts_at == datetime(2030, 10, 15, 10, 0, tzinfo=UTC)


def test_changing_the_zone_keeps_the_local_time_typed(admin_client):
    admin_client.post(EVENT_ADD_URL, event_form_data())
    event = Event.objects.get(slug="water-and-the-steppe")

    admin_client.post(
        event_change_url(event),
        event_form_data(timezone="Europe/Berlin", edit_version=str(event.version)),
    )

    event.refresh_from_db()
    # 3 pm in Berlin in October (summer time, UTC+2) is 1 pm UTC.
    assert event.starts_at == datetime(2030, 10, 15, 13, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("day", "time", "says"),
    [
        ("2030-03-10", "02:30:00", "does not exist in New York: the clocks go forward"),
        ("2030-11-03", "01:30:00", "happens twice in New York: the clocks go back"),
    ],
)
def test_a_time_the_clocks_skip_or_repeat_is_a_form_error(admin_client, day, time, says):
    data = event_form_data(
        timezone="America/New_York", starts_at_0=day, starts_at_1=time, ends_at_0=day
    )
    data["ends_at_1"] = "05:00:00"

    response = admin_client.post(EVENT_ADD_URL, data)

    assert response.status_code == HTTPStatus.OK
    assert says in " ".join(response.context["adminform"].form.errors["starts_at"])
    assert not Event.objects.exists()


def test_an_unknown_zone_is_a_form_error_not_a_crash(admin_client):
    response = admin_client.post(EVENT_ADD_URL, event_form_data(timezone="Mars/Olympus_Mons"))

    assert response.status_code == HTTPStatus.OK
    assert "timezone" in response.context["adminform"].form.errors
    assert not Event.objects.exists()


def test_event_form_says_which_zone_each_time_is_in(admin_client):
    form = admin_client.get(EVENT_ADD_URL).content.decode()

    assert "In the event's own time zone" in form
    assert "In the site's time zone, not the event's" in form


def test_new_york_event_names_its_summer_offset(client):
    event = make_event(
        "Summer briefing",
        starts_at=datetime(2030, 7, 1, 18, 0, tzinfo=UTC),
        timezone="America/New_York",
    )

    page = client.get(event.get_absolute_url()).content.decode()

    assert "2:00 PM–4:00 PM" in page
    assert "(New York time, UTC\u22124)" in page


def test_online_only_event_says_online_once(client):
    event = make_event("Webinar on ceasefires", venue_name="Online", is_online=True)

    page = client.get(event.get_absolute_url()).content.decode()
    listing = client.get(reverse("events:list")).content.decode()

    assert "Online · Online" not in listing
    assert listing.count("· Online") == 1
    assert "Online only" in page
    assert page.count(">Online<") + page.count("Online only") == 1


def test_calendar_file_of_online_only_event_gives_online_as_location(client):
    event = make_event("Webinar on ceasefires", venue_name="Online", is_online=True)

    response = client.get(reverse("events:calendar", args=[event.slug]))

    [entry] = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(entry["location"]) == "Online"


def test_undated_draft_preview_has_a_byline_without_a_stray_separator(admin_client):
    draft = make_publication(
        "Undated draft", status="draft", publish_at=None, authors=[make_person("Ola Fictive")]
    )

    page = admin_client.get(draft.get_absolute_url()).content.decode()
    meta = page[page.index('class="meta article__meta"') :]
    meta = meta[: meta.index("</p>")]

    assert "By <a" in meta
    assert "·" not in meta
    assert "<time" not in meta


def test_scheduling_says_so_once_with_a_capitalised_month_and_one_full_stop(admin_client):
    draft = make_publication("Grain corridors", status="draft", publish_at=None)
    data = publication_form_data(
        title=draft.title,
        slug=draft.slug,
        status="draft",
        publish_at_0="2030-01-20",
        publish_at_1="09:00:00",
        edit_version=draft.version,
        _schedule="Schedule",
        _publish_past_checks="1",
    )

    response = admin_client.post(
        reverse("admin:publications_publication_change", args=[draft.pk]), data, follow=True
    )

    assert messages_shown(response) == ["“Grain corridors” is scheduled for Jan. 20, 2030, 9 a.m."]
    assert "changed successfully" not in response.content.decode()


def test_publishing_says_so_once(admin_client):
    draft = make_publication("Grain corridors", status="draft", publish_at=None)
    data = publication_form_data(
        title=draft.title,
        slug=draft.slug,
        status="draft",
        publish_at_0="",
        publish_at_1="",
        edit_version=draft.version,
        _publish="Publish",
        _publish_past_checks="1",
    )

    response = admin_client.post(
        reverse("admin:publications_publication_change", args=[draft.pk]), data, follow=True
    )

    assert messages_shown(response) == ["“Grain corridors” is published."]
    assert Publication.objects.get(pk=draft.pk).is_published


def test_submitting_a_new_item_for_review_says_so_once_naming_the_reviewer(client, writer, editor):
    client.force_login(writer)
    data = publication_form_data(status="draft", _submit_for_review="Submit for review")

    response = client.post(reverse("admin:publications_publication_add"), data, follow=True)

    assert messages_shown(response) == [
        "“A new brief” was submitted for review: editor will review it and has been notified."
    ]


def test_publishing_an_event_says_so_once(admin_client):
    data = event_form_data(
        status="draft",
        publish_at_0="",
        publish_at_1="",
        _publish="Publish",
        _publish_past_checks="1",
    )

    response = admin_client.post(EVENT_ADD_URL, data, follow=True)

    assert messages_shown(response) == ["“Water and the Steppe” is published."]


def test_plain_save_keeps_the_admins_own_message(admin_client):
    response = admin_client.post(EVENT_ADD_URL, event_form_data(), follow=True)

    [message] = messages_shown(response)
    assert "was added successfully" in message


def test_demo_past_events_do_not_point_readers_below_for_a_recording(client, settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    past_with_video = [event for event in Event.objects.published().past() if event.show_video]
    assert past_with_video

    for event in past_with_video:
        page = client.get(event.get_absolute_url()).content.decode()
        header = page[: page.index('class="article__layout')]
        assert f'href="{event.video_url}"' in header
        assert "available below" not in page


def test_event_times_ignore_the_site_zone_of_the_reader(client, settings):
    settings.TIME_ZONE = "Pacific/Auckland"
    event = make_event(
        "Almaty roundtable",
        starts_at=datetime(2030, 10, 15, 10, 0, tzinfo=UTC),
        timezone="Asia/Almaty",
    )

    page = client.get(event.get_absolute_url()).content.decode()

    assert "3:00 PM–5:00 PM" in page


def test_event_list_in_the_admin_gives_each_start_in_its_own_zone(admin_client):
    make_event(
        "Almaty roundtable",
        starts_at=datetime(2030, 10, 15, 10, 0, tzinfo=UTC),
        timezone="Asia/Almaty",
    )

    listing = admin_client.get(reverse("admin:events_event_changelist")).content.decode()

    assert "Oct. 15, 2030, 3 p.m. (Almaty time, UTC+5)" in listing
