"""The demo in the site's other languages: editions of demo items, and translated names and bios.

An edition is its own published item linked to its original (`edition_of`), so the loader
copies from the original what a translation does not change (type, people, topics, regions,
image, times) and takes from the content file only what is written in the edition's language.
Like the rest of the demo, loading is idempotent: editions are looked up by language and slug,
and translations only fill in languages an object does not have yet, never overwriting text
an editor may have changed since.
"""

from datetime import datetime

from django.conf import settings

from events.models import Event, EventSpeaker
from publications.models import Authorship, Publication


def add_missing_translations(obj, field, translations):
    """Give `obj.field` the languages of `translations` it lacks; how many it gained."""
    current = getattr(obj, field) or {}
    missing = {code: text for code, text in translations.items() if code not in current}
    if missing:
        setattr(obj, field, current | missing)
        obj.save(update_fields=[field])
    return len(missing)


def load_publication_editions(rows, count):
    """Editions of demo publications, each linked to its original in the main language."""
    for row in rows:
        if Publication.objects.filter(language=row["language"], slug=row["slug"]).exists():
            continue
        original = Publication.objects.get(slug=row["edition_of"], language=settings.LANGUAGE_CODE)
        edition = Publication(
            language=row["language"],
            edition_of=original,
            slug=row["slug"],
            title=row["title"],
            type=original.type,
            summary=row["summary"],
            body=row["body"],
            status="published",
            publish_at=datetime.fromisoformat(row["publish_at"]),
            is_featured=row.get("featured", False),
            # One picture for every edition; only the words around it are translated.
            image=original.image.name,
            image_alt=row["image_alt"],
            image_caption=row["image_caption"],
            image_credit=row["image_credit"],
            # The same source, cited by its own title; the publisher's name is translated.
            source_relation=original.source_relation,
            source_title=original.source_title,
            source_publisher=row.get("source_publisher", original.source_publisher),
            source_date=original.source_date,
            source_url=original.source_url,
        )
        edition.save()
        for authorship in original.authorships.order_by("order"):
            Authorship.objects.create(
                publication=edition, person=authorship.person, order=authorship.order
            )
        edition.experts_quoted.set(original.experts_quoted.all())
        edition.topics.set(list(original.topics.all()))
        edition.regions.set(original.regions.all())
        count("publication editions", True)


def load_event_editions(rows, organizer, count):
    """Editions of demo events: the same event at the same time with the same speakers,
    described in another language, linked to the editions of its publications in that
    language."""
    for row in rows:
        if Event.objects.filter(language=row["language"], slug=row["slug"]).exists():
            continue
        original = Event.objects.get(slug=row["edition_of"], language=settings.LANGUAGE_CODE)
        edition = Event.objects.create(
            language=row["language"],
            edition_of=original,
            slug=row["slug"],
            title=row["title"],
            kind=original.kind,
            starts_at=original.starts_at,
            ends_at=original.ends_at,
            timezone=original.timezone,
            venue_name=row.get("venue_name", original.venue_name),
            venue_address=original.venue_address,
            is_online=original.is_online,
            description=row["description"],
            registration_url=original.registration_url,
            video_url=original.video_url,
            summary=row.get("summary", ""),
            summary_published_at=original.summary_published_at if row.get("summary") else None,
            summary_author=organizer if row.get("summary") else None,
            status="published",
            publish_at=original.publish_at,
        )
        for link in original.speaker_links.order_by("order"):
            EventSpeaker.objects.create(
                event=edition, person=link.person, role=link.role, order=link.order
            )
        edition.topics.set(list(original.topics.all()))
        edition.regions.set(original.regions.all())
        edition.related_publications.set(
            Publication.objects.filter(
                edition_of__in=original.related_publications.all(), language=row["language"]
            )
        )
        count("event editions", True)
