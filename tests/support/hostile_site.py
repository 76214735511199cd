"""Hostile data built through the admin: every text field of every kind of item holds a payload,
saved over HTTP by a superuser exactly as the admin forms submit it."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from editorial.models import Region, Topic
from editorial.plaintext import flatten, has_control_characters
from events.models import Event, EventKind
from people.models import Person
from publications.models import Publication, PublicationType
from tests.factories import uploaded_jpeg
from tests.support.admin_forms import (
    admin_post,
    admin_url,
    event_form_data,
    inline_management,
    local_parts,
    publication_form_data,
)


@dataclass
class HostileSite:
    payload: str
    publication_type: PublicationType
    kind: EventKind
    topic: Topic
    region: Region
    person: Person
    publication: Publication
    event: Event


def hostile_jpeg():
    # The file name is hostile too: it ends up in every src= of the picture.
    return uploaded_jpeg(name="hero\" onerror=\"alert('xss-file').jpg", size=(800, 450))


def one_line(payload):
    """What a single-line field takes of a payload: those refuse line breaks outright
    (tests/test_single_line_output.py), so only the rest of the payload is tried there."""
    return flatten(payload) if has_control_characters(payload) else payload


def hostile_event_form_data(payload, *, kind, topic, region, person, publication, starts_at):
    """A new event with `payload` in each of its text fields, speaker and relations set."""
    return event_form_data(
        **{
            "title": one_line(payload),
            "slug": "hostile-event",
            "kind": str(kind.pk),
            "description": payload,
            **local_parts(starts_at, "starts_at"),
            **local_parts(starts_at + timedelta(hours=2), "ends_at"),
            "timezone": "Europe/Berlin",
            "venue_name": one_line(payload),
            "venue_address": f"{payload}\n{payload}",
            "is_online": "on",
            "registration_url": "https://example.org/register",
            "topics": [str(topic.pk)],
            "regions": [str(region.pk)],
            "status": "published",
            **local_parts(timezone.now() - timedelta(days=1), "publish_at"),
            "summary": "",
            "related_publications": [str(publication.pk)],
            "video_url": "",
            "edit_version": "",
            **inline_management("speaker_links", total=1),
            "speaker_links-0-person": str(person.pk),
            "speaker_links-0-role": "keynote",
            "speaker_links-0-order": "0",
        }
    )


def build_through_admin(client, payload):
    """Every text field of every kind of item, filled with `payload`, saved by a superuser."""
    line = one_line(payload)
    admin_post(
        client,
        admin_url(PublicationType, "add"),
        {
            "name": line,
            "plural_name": line,
            "slug": "hostile-type",
            "description": payload,
            "display_order": "0",
        },
    )
    admin_post(
        client,
        admin_url(EventKind, "add"),
        {"name": line, "plural_name": line, "slug": "hostile-kind", "display_order": "0"},
    )
    admin_post(
        client,
        admin_url(Topic, "add"),
        {"name": line, "slug": "hostile-topic", "description": payload},
    )
    admin_post(
        client,
        admin_url(Region, "add"),
        {"name": line, "slug": "hostile-region", "description": payload},
    )
    publication_type = PublicationType.objects.get(slug="hostile-type")
    kind = EventKind.objects.get(slug="hostile-kind")
    topic = Topic.objects.get(slug="hostile-topic")
    region = Region.objects.get(slug="hostile-region")

    admin_post(
        client,
        admin_url(Person, "add"),
        {
            "name": line,
            "sort_name": line,
            "slug": "hostile-person",
            "title": line,
            "affiliation": line,
            "is_expert": "on",
            "bio": payload,
            "topics": [str(topic.pk)],
            "photo": uploaded_jpeg(name="face\"><script>alert('xss-face')</script>.jpg"),
            "photo_alt": line,
            "photo_credit": line,
            "edit_version": "",
        },
    )
    person = Person.objects.get(slug="hostile-person")

    admin_post(
        client,
        admin_url(Publication, "add"),
        publication_form_data(
            title=line,
            slug="hostile-publication",
            type=str(publication_type.pk),
            summary=payload,
            body=payload,
            image=hostile_jpeg(),
            image_alt=line,
            image_caption=line,
            image_credit=line,
            topics=[str(topic.pk)],
            regions=[str(region.pk)],
            experts_quoted=[str(person.pk)],
            is_featured="on",
            edit_version="",
            **inline_management("authorships", total=1),
            **{"authorships-0-person": str(person.pk), "authorships-0-order": "0"},
        ),
    )
    publication = Publication.objects.get(slug="hostile-publication")

    starts_at = (timezone.now() + timedelta(days=10)).replace(microsecond=0)
    common = {
        "kind": kind,
        "topic": topic,
        "region": region,
        "person": person,
        "publication": publication,
        "starts_at": starts_at,
    }
    admin_post(client, admin_url(Event, "add"), hostile_event_form_data(payload, **common))
    event = Event.objects.get(slug="hostile-event")
    # The summary goes in through the change form, as organizers post it.
    speaker = event.speaker_links.get()
    admin_post(
        client,
        admin_url(Event, "change", event.pk),
        hostile_event_form_data(payload, **common)
        | {
            "summary": f"<p>Summary</p>{payload}",
            "edit_version": str(event.version),
            **inline_management("speaker_links", total=1, initial=1),
            "speaker_links-0-id": str(speaker.pk),
            "speaker_links-0-event": str(event.pk),
        },
    )
    event.refresh_from_db()
    assert event.summary.startswith("<p>Summary</p>")

    return HostileSite(payload, publication_type, kind, topic, region, person, publication, event)
