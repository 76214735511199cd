"""Builders of the objects tests need: published by default, filled with plausible values."""

import itertools
from datetime import timedelta
from io import BytesIO

from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from editorial.models import Region, Topic
from events.models import Event, EventKind, EventSpeaker
from people.models import Person
from publications.models import Authorship, Publication, PublicationType

_sequence = itertools.count(1)


def jpeg_bytes(size=(64, 36), colour=(20, 40, 80)):
    output = BytesIO()
    Image.new("RGB", size, colour).save(output, "JPEG")
    return output.getvalue()


def uploaded_jpeg(name="photo.jpg", **kwargs):
    return SimpleUploadedFile(name, jpeg_bytes(**kwargs), content_type="image/jpeg")


def make_type(name="Analysis", plural_name=None, **fields):
    slug = fields.pop("slug", None) or name.lower().replace(" ", "-")
    publication_type, _ = PublicationType.objects.get_or_create(
        slug=slug, defaults={"name": name, "plural_name": plural_name or f"{name}s", **fields}
    )
    return publication_type


def make_topic(name="Global Policy", **fields):
    topic, _ = Topic.objects.get_or_create(name=name, defaults=fields)
    return topic


def make_region(name="Russia", **fields):
    slug = fields.pop("slug", None) or name.lower().replace(" ", "-")
    region, _ = Region.objects.get_or_create(slug=slug, defaults={"name": name, **fields})
    return region


def make_person(name=None, **fields):
    name = name or f"Person {next(_sequence)}"
    return Person.objects.create(name=name, **fields)


def make_publication(
    title=None,
    *,
    authors=(),
    topics=(),
    regions=(),
    experts_quoted=(),
    days_ago=1,
    **fields,
):
    number = next(_sequence)
    fields.setdefault("type", make_type())
    fields.setdefault("summary", f"Summary of publication {number}.")
    fields.setdefault("body", f"<p>Body of publication {number}.</p>")
    fields.setdefault("status", "published")
    if "publish_at" not in fields:
        fields["publish_at"] = timezone.now() - timedelta(days=days_ago)
    publication = Publication.objects.create(title=title or f"Publication {number}", **fields)
    for order, person in enumerate(authors):
        Authorship.objects.create(publication=publication, person=person, order=order)
    if topics:
        publication.topics.set(topics)
    if regions:
        publication.regions.set(regions)
    if experts_quoted:
        publication.experts_quoted.set(experts_quoted)
    return publication


def make_event(
    title=None,
    *,
    starts_in=timedelta(days=7),
    duration=timedelta(hours=2),
    speakers=(),
    topics=(),
    regions=(),
    kind="forum",
    **fields,
):
    number = next(_sequence)
    starts_at = fields.pop("starts_at", None) or timezone.now() + starts_in
    fields.setdefault("status", "published")
    fields.setdefault("publish_at", timezone.now() - timedelta(days=30))
    fields.setdefault("timezone", "America/New_York")
    event = Event.objects.create(
        title=title or f"Event {number}",
        kind=EventKind.objects.get(slug=kind),
        starts_at=starts_at,
        ends_at=starts_at + duration,
        **fields,
    )
    for order, speaker in enumerate(speakers):
        person, role = speaker if isinstance(speaker, tuple) else (speaker, "speaker")
        EventSpeaker.objects.create(event=event, person=person, role=role, order=order)
    if topics:
        event.topics.set(topics)
    if regions:
        event.regions.set(regions)
    return event


def staff_user(username, group_name):
    user = User.objects.create_user(username, f"{username}@example.org", "pw", is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user
