"""Load the demo institute: publications, people, topics, regions, events and demo logins.

Idempotent: objects are looked up by slug (users by username) and only missing ones are
created, so a second run changes nothing and says so.
"""

import functools
import hashlib
import math
import random
import tomllib
import zoneinfo
from datetime import datetime, time, timedelta
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFilter

from editorial.models import Region, SiteSettings, Topic
from editorial.revisions import record_revision
from editorial.roles import EDITORS, EVENT_ORGANIZERS, WRITERS
from events.models import Event, EventKind, EventSpeaker
from people.models import Person
from publications.models import Authorship, Publication, PublicationType, RelatedPublication
from review.models import Comment
from website.management.demo_editions import (
    add_missing_translations,
    load_event_editions,
    load_publication_editions,
)

CONTENT_FILE = Path(__file__).resolve().parent.parent / "demo_content.toml"

#: username -> (password, group, what the login is for). Published in the README: demo only.
DEMO_LOGINS = {
    "admin": ("demo-admin-pass", None, "superuser: everything"),
    "editor": ("demo-editor-pass", EDITORS, "Editors: write, review and publish"),
    "writer": ("demo-writer-pass", WRITERS, "Writers: draft and submit for review"),
    "organizer": ("demo-organizer-pass", EVENT_ORGANIZERS, "Event organizers: events, summaries"),
}

#: The fictional staff behind the demo logins, so messages and the desk name people.
DEMO_STAFF_NAMES = {
    "admin": ("Morgan", "Hale"),
    "editor": ("Rosa", "Delgado"),
    "writer": ("Sam", "Okafor"),
    "organizer": ("Lena", "Fischer"),
}

PALETTES = {
    "navy": ["#0c1c35", "#13294b", "#2c4a7a", "#8fa9cf", "#e9eef6"],
    "ember": ["#2b0f0e", "#6e1d1b", "#a4262c", "#e0875a", "#f6e3cf"],
    "forest": ["#0f2419", "#1f4a33", "#3f7a55", "#9cc5a1", "#eef5ec"],
    "slate": ["#1d2228", "#39424e", "#5d6b7b", "#aab6c3", "#eef1f4"],
    "dawn": ["#2a1f3d", "#553a73", "#a25d8f", "#eab08a", "#fbeee2"],
    "steppe": ["#2d2615", "#5e5129", "#9c8a4a", "#d9c98e", "#f7f1de"],
}


@functools.cache
def demo_illustration(seed_text, palette_name, size=(1600, 900)):
    """An abstract, deterministic illustration: a gradient field crossed by arcs and points."""
    colours = PALETTES.get(palette_name, PALETTES["navy"])
    seed = int(hashlib.sha256(seed_text.encode()).hexdigest()[:12], 16)
    rng = random.Random(seed)
    width, height = size
    gradient = Image.linear_gradient("L").resize(size)
    picture = Image.composite(
        Image.new("RGB", size, colours[1]), Image.new("RGB", size, colours[0]), gradient
    )
    draw = ImageDraw.Draw(picture)

    centre = (rng.randint(width // 4, 3 * width // 4), rng.randint(height // 4, 3 * height // 4))
    for ring in range(1, 14):
        radius = ring * rng.randint(45, 70)
        bbox = [centre[0] - radius, centre[1] - radius, centre[0] + radius, centre[1] + radius]
        start = rng.randint(0, 360)
        draw.arc(
            bbox, start, start + rng.randint(90, 300), fill=colours[2], width=rng.randint(2, 6)
        )

    for _ in range(rng.randint(3, 6)):
        x0 = rng.randint(-width // 4, width)
        draw.line(
            [(x0, 0), (x0 + rng.randint(-400, 400), height)],
            fill=colours[3],
            width=rng.randint(1, 3),
        )

    for _ in range(140):
        angle = rng.uniform(0, 2 * math.pi)
        distance = rng.gauss(0, width / 5)
        x = centre[0] + math.cos(angle) * distance
        y = centre[1] + math.sin(angle) * distance * 0.6
        r = rng.choice([2, 3, 3, 4, 6])
        draw.ellipse([x - r, y - r, x + r, y + r], fill=colours[4])

    picture = picture.filter(ImageFilter.SMOOTH)
    output = BytesIO()
    picture.save(output, "JPEG", quality=82, optimize=True, progressive=True)
    return output.getvalue()


class Command(BaseCommand):
    help = "Load the demo content and demo logins. Safe to run again: it only adds what is missing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run even with DEBUG off. The demo logins have published passwords.",
        )

    def handle(self, *args, allow_production=False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "load_demo creates logins whose passwords are published in the README. "
                "Run it with DEBUG=1 (make demo does), or pass --allow-production."
            )
        content = tomllib.loads(CONTENT_FILE.read_text(encoding="utf-8"))
        self.created = {}
        with transaction.atomic():
            self.load(content)
        if self.created:
            summary = ", ".join(f"{count} {label}" for label, count in self.created.items())
            self.stdout.write(self.style.SUCCESS(f"Demo content loaded: created {summary}."))
        else:
            self.stdout.write("Demo content is already loaded; nothing changed.")
        self.print_logins()

    def count(self, label, created):
        if created:
            self.created[label] = self.created.get(label, 0) + 1

    def load(self, content):
        types = self.load_types(content["types"])
        topics = self.load_simple(Topic, content["topics"], "topics")
        regions = self.load_simple(Region, content["regions"], "regions")
        people = self.load_people(content["people"], topics)
        publications = self.load_publications(
            content["publications"], types, topics, regions, people
        )
        users = self.load_users()
        self.load_events(content.get("events", []), topics, regions, people, publications, users)
        self.load_translations(content, topics, regions, people)
        load_publication_editions(content.get("publication_editions", []), self.count)
        load_event_editions(content.get("event_editions", []), users["organizer"], self.count)
        self.load_drafts(content.get("drafts", []), types, topics, people, users)
        self.show_demo_notice()

    def show_demo_notice(self):
        """Readers of a site running this content are told the institute is fictional."""
        site_settings = SiteSettings.current()
        if not site_settings.shows_demo_notice:
            site_settings.shows_demo_notice = True
            site_settings.save()
            self.count("demo notice", True)

    def load_translations(self, content, topics, regions, people):
        """Type, kind, topic and region names and staff bios in the site's other languages."""
        types = {kind.slug: kind for kind in PublicationType.objects.all()}
        kinds = {kind.slug: kind for kind in EventKind.objects.all()}
        for rows, objects, field, label in [
            (content["types"], types, "translations", "translated type names"),
            (content.get("event_kinds", []), kinds, "translations", "translated event kind names"),
            (content["topics"], topics, "translations", "translated topic names"),
            (content["regions"], regions, "translations", "translated region names"),
            (content["people"], people, "bio_translations", "translated bios"),
        ]:
            for row in rows:
                if row["slug"] not in objects:
                    continue  # a kind staff have since deleted
                added = add_missing_translations(objects[row["slug"]], field, row.get(field, {}))
                for _language in range(added):
                    self.count(label, True)

    def load_types(self, rows):
        types = {}
        for row in rows:
            fields = {key: row[key] for key in ("name", "plural_name", "description")}
            fields["display_order"] = row["display_order"]
            types[row["slug"]], created = PublicationType.objects.get_or_create(
                slug=row["slug"], defaults=fields
            )
            self.count("publication types", created)
        return types

    def load_simple(self, model, rows, label):
        objects = {}
        for row in rows:
            objects[row["slug"]], created = model.objects.get_or_create(
                slug=row["slug"],
                defaults={"name": row["name"], "description": row.get("description", "")},
            )
            self.count(label, created)
        return objects

    def load_people(self, rows, topics):
        people = {}
        for row in rows:
            person, created = Person.objects.get_or_create(
                slug=row["slug"],
                defaults={
                    key: row.get(key, "")
                    for key in ("name", "sort_name", "title", "affiliation", "bio")
                }
                | {"is_expert": row.get("is_expert", False)},
            )
            if created:
                person.topics.set([topics[slug] for slug in row.get("topics", [])])
            people[row["slug"]] = person
            self.count("people", created)
        return people

    def load_publications(self, rows, types, topics, regions, people):
        publications = {}
        new_rows = []
        for row in rows:
            existing = Publication.objects.filter(slug=row["slug"]).first()
            if existing:
                publications[row["slug"]] = existing
                continue
            publication = Publication(
                slug=row["slug"],
                title=row["title"],
                type=types[row["type"]],
                summary=row["summary"],
                body=row["body"],
                status=row.get("status", "published"),
                publish_at=datetime.fromisoformat(row["publish_at"]),
                is_featured=row.get("featured", False),
                image_alt=row.get("image_alt", ""),
                image_caption=row.get("image_caption", ""),
                image_credit=row.get("image_credit", ""),
                source_relation=row.get("source_relation", ""),
                source_title=row.get("source_title", ""),
                source_publisher=row.get("source_publisher", ""),
                source_date=row.get("source_date"),
                source_url=row.get("source_url", ""),
            )
            illustration = demo_illustration(row["slug"], row.get("palette", "navy"))
            publication.image.save(f"{row['slug']}.jpg", ContentFile(illustration), save=False)
            publication.save()
            for order, slug in enumerate(row.get("authors", [])):
                Authorship.objects.create(publication=publication, person=people[slug], order=order)
            publication.experts_quoted.set([people[slug] for slug in row.get("experts_quoted", [])])
            publication.topics.set([topics[slug] for slug in row.get("topics", [])])
            publication.regions.set([regions[slug] for slug in row.get("regions", [])])
            publications[row["slug"]] = publication
            new_rows.append(row)
            self.count("publications", True)
        # Related publications may point forward in the file, so link them once all exist.
        for row in new_rows:
            for order, slug in enumerate(row.get("related", [])):
                RelatedPublication.objects.create(
                    from_publication=publications[row["slug"]],
                    to_publication=publications[slug],
                    order=order,
                )
        return publications

    def load_events(self, rows, topics, regions, people, publications, users):
        kinds = {kind.slug: kind for kind in EventKind.objects.all()}
        now = timezone.now()
        for row in rows:
            if Event.objects.filter(slug=row["slug"]).exists():
                continue
            zone = zoneinfo.ZoneInfo(row["timezone"])
            if "starts_at" in row:
                starts_at = datetime.fromisoformat(row["starts_at"])
            else:
                # Upcoming events stay upcoming whenever the demo is loaded.
                day = (now + timedelta(days=row["starts_in_days"])).astimezone(zone).date()
                starts_at = datetime.combine(
                    day, time.fromisoformat(row["start_time"]), tzinfo=zone
                )
            ends_at = starts_at + timedelta(minutes=row["duration_minutes"])
            event = Event.objects.create(
                slug=row["slug"],
                title=row["title"],
                kind=kinds[row["kind"]],
                starts_at=starts_at,
                ends_at=ends_at,
                timezone=row["timezone"],
                venue_name=row.get("venue_name", ""),
                venue_address=row.get("venue_address", ""),
                is_online=row.get("online", False),
                description=row.get("description", ""),
                registration_url=row.get("registration_url", ""),
                video_url=row.get("video_url", ""),
                summary=row.get("summary", ""),
                summary_published_at=ends_at + timedelta(days=1) if row.get("summary") else None,
                summary_author=users["organizer"] if row.get("summary") else None,
                status="published",
                publish_at=min(now, starts_at - timedelta(days=21)),
            )
            for order, speaker in enumerate(row.get("speakers", [])):
                EventSpeaker.objects.create(
                    event=event, person=people[speaker["person"]], role=speaker["role"], order=order
                )
            event.topics.set([topics[slug] for slug in row.get("topics", [])])
            event.regions.set([regions[slug] for slug in row.get("regions", [])])
            event.related_publications.set(
                [publications[slug] for slug in row.get("related_publications", [])]
            )
            self.count("events", True)

    def load_drafts(self, rows, types, topics, people, users):
        """Work in progress for the desk: drafts by the writer, one waiting for review with a
        comment from the editor, one sent back with the editor's note."""
        now = timezone.now()
        writer = users["writer"]
        for row in rows:
            if Publication.objects.filter(slug=row["slug"]).exists():
                continue
            publication = Publication(
                slug=row["slug"],
                title=row["title"],
                type=types[row["type"]],
                summary=row["summary"],
                body=row["body"],
                status=row["status"],
                created_by=writer,
                image_alt=row.get("image_alt", ""),
            )
            if "submitted_days_ago" in row:
                publication.submitted_by = writer
                publication.submitted_at = now - timedelta(days=row["submitted_days_ago"])
            publication.skip_history_when_saving = True
            publication.save()
            del publication.skip_history_when_saving
            for order, slug in enumerate(row.get("authors", [])):
                Authorship.objects.create(publication=publication, person=people[slug], order=order)
            publication.topics.set([topics[slug] for slug in row.get("topics", [])])
            record_revision(publication, created=True, user=writer)
            for comment in row.get("comments", []):
                Comment.objects.create(
                    item=publication,
                    author=users[comment["by"]],
                    body=comment["text"],
                    created_at=now - timedelta(hours=comment["hours_ago"]),
                )
            sent_back = row.get("sent_back")
            if sent_back:
                Comment.objects.create(
                    item=publication,
                    author=users[sent_back["by"]],
                    body=sent_back["note"],
                    requests_changes=True,
                    created_at=now - timedelta(hours=sent_back["hours_ago"]),
                )
            self.count("drafts in progress", True)

    def load_users(self):
        User = get_user_model()
        users = {}
        for username, (password, group_name, _purpose) in DEMO_LOGINS.items():
            user = User.objects.filter(username=username).first()
            if user is None:
                email = f"{username}@example.org"
                if group_name is None:
                    user = User.objects.create_superuser(username, email, password)
                else:
                    user = User.objects.create_user(username, email, password, is_staff=True)
                    user.groups.add(Group.objects.get(name=group_name))
                user.first_name, user.last_name = DEMO_STAFF_NAMES[username]
                user.save(update_fields=["first_name", "last_name"])
                self.count("demo logins", True)
            users[username] = user
        return users

    def print_logins(self):
        self.stdout.write("\nDemo logins for the admin at /admin/ (for the demo only):")
        for username, (password, _group, purpose) in DEMO_LOGINS.items():
            self.stdout.write(f"  {username:<10} {password:<20} {purpose}")
