"""Fill the database with a large invented archive, to measure the site at the scale of a
think tank with decades of work: publications, people and events with bylines, topics,
regions and dates, and their search index.

Rows are written with bulk_create in batches, one transaction each, so no save() runs and
no signal reindexes search row by row; the index is filled with one statement per batch
instead. Every row it makes has a slug ending in a dash and six digits, which is how a
second run sees the first and refuses.
"""

import bisect
import itertools
import random
import time
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from tqdm import tqdm

from editorial.models import Region, Status, Topic
from editorial.page_cache import bump_generation
from editorial.search import refresh_search_vectors
from events.models import Event, EventKind, EventSpeaker, EventTopic
from people.models import Person, PersonTopic, default_sort_name
from publications.models import (
    Authorship,
    Publication,
    PublicationTopic,
    PublicationType,
    RelatedPublication,
)
from website.bulk_content import BulkWriter
from website.bulk_vocabulary import EVENT_KINDS, PUBLICATION_TYPES, REGIONS, TOPICS

SLUG_MARK = r"-[0-9]{6}$"
DEFAULT_SEED = 20_240_917
YEARS_OF_PUBLICATIONS = 30
YEARS_OF_EVENTS = 20
#: Most bylines come from this many people, a few of them far more often than the rest, so
#: the author filter has a long tail.
PROLIFIC_AUTHORS = 300
EXPERT_SHARE = 0.12
PublicationRegion = Publication.regions.through
PublicationQuoted = Publication.experts_quoted.through
EventRegion = Event.regions.through
EventPublication = Event.related_publications.through


def marked_slug(text, number):
    return f"{slugify(text)[:240].strip('-') or 'item'}-{number:06d}"


def bulk_rows(model):
    return model._default_manager.filter(slug__regex=SLUG_MARK)


def batches(items, size):
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


class Command(BaseCommand):
    help = (
        "Bulk-load an invented archive (default 100,000 publications, 2,000 people, 5,000 "
        "events) with its search index. Refuses to run on a database it has already seeded."
    )

    def add_arguments(self, parser):
        parser.add_argument("--publications", type=int, default=100_000)
        parser.add_argument("--people", type=int, default=2_000)
        parser.add_argument("--events", type=int, default=5_000)
        parser.add_argument("--batch-size", type=int, default=2_000)
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help="The same seed gives the same text."
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bars.")

    def handle(self, *args, **options):
        counts = [options[name] for name in ("publications", "people", "events", "batch_size")]
        if min(counts) < 0 or options["batch_size"] < 1:
            raise CommandError("Counts must be zero or more and the batch size at least one.")
        self.refuse_if_seeded()
        started = time.monotonic()
        self.batch_size = options["batch_size"]
        self.show_progress = not options["no_progress"]
        self.rng = random.Random(options["seed"])
        self.writer = BulkWriter(self.rng)
        self.now = timezone.now()
        self.made = {}
        self.ensure_vocabulary()
        self.create_people(options["people"])
        self.create_publications(options["publications"])
        self.create_events(options["events"])
        self.analyze()
        # bulk_create sends no signals: the page cache must be told by hand.
        bump_generation()
        elapsed = time.monotonic() - started
        made = ", ".join(f"{count:,} {label}" for label, count in self.made.items())
        self.stdout.write(self.style.SUCCESS(f"seed_bulk created {made} in {elapsed:.1f} s."))

    def refuse_if_seeded(self):
        found = {model: bulk_rows(model).count() for model in (Publication, Person, Event)}
        if any(found.values()):
            raise CommandError(
                f"seed_bulk has already run on this database: {found[Publication]:,} bulk "
                f"publications, {found[Person]:,} people and {found[Event]:,} events exist; "
                "use a fresh database"
            )

    def progress(self, total, label):
        # disable=None: quiet when stderr is not a terminal (tests, logs).
        return tqdm(
            total=total,
            desc=label,
            unit=" rows",
            file=getattr(self.stderr, "_out", self.stderr),
            disable=None if self.show_progress else True,
        )

    # --- what everything refers to --------------------------------------------------------

    def ensure_vocabulary(self):
        self.topics = {
            slug: self.ensure(Topic, slug, name).pk for slug, (name, _issues) in TOPICS.items()
        }
        self.topic_slugs = list(self.topics)
        # A few topics carry most of the archive, as in any institute.
        ranks = range(len(self.topic_slugs))
        self.topic_weights = list(itertools.accumulate(1 / (rank + 2) for rank in ranks))
        self.regions = {
            slug: self.ensure(Region, slug, name).pk for slug, (name, *_rest) in REGIONS.items()
        }
        self.types = self.kinds_or_defaults(PublicationType, PUBLICATION_TYPES)
        self.kinds = self.kinds_or_defaults(EventKind, EVENT_KINDS)

    def ensure(self, model, slug, name, **defaults):
        """The row with this slug, or else this name (both are unique), or a new one."""
        row = model.objects.filter(slug=slug).first() or model.objects.filter(name=name).first()
        return row or model.objects.create(slug=slug, name=name, **defaults)

    def kinds_or_defaults(self, model, defaults):
        """The kinds staff already have, first in their order, or the usual ones."""
        if not model.objects.exists():
            for order, (slug, name, plural) in enumerate(defaults, start=1):
                self.ensure(model, slug, name, plural_name=plural, display_order=order)
        pks = list(model.objects.values_list("pk", flat=True))
        weights = itertools.accumulate(len(pks) - rank for rank in range(len(pks)))
        return pks, list(weights)

    def pick_topics(self):
        picked = self.rng.choices(
            self.topic_slugs, cum_weights=self.topic_weights, k=self.rng.choice((1, 2, 2, 3))
        )
        return list(dict.fromkeys(picked))

    def pick_regions(self):
        count = self.rng.choices((0, 1, 2), weights=(25, 55, 20))[0]
        return self.rng.sample(list(self.regions), count)

    def insert(self, model, rows):
        if rows:
            model.objects.bulk_create(rows, batch_size=self.batch_size)

    # --- people ---------------------------------------------------------------------------

    def create_people(self, count):
        rng, writer = self.rng, self.writer
        names = writer.unique_names(count)
        experts = set(rng.sample(range(count), round(count * EXPERT_SHARE)))
        self.people, self.experts = [], []
        with self.progress(count, "People") as bar:
            for batch in batches(range(count), self.batch_size):
                rows, expertise = [], []
                for number in batch:
                    name, is_expert = names[number], number in experts
                    topics, regions = self.pick_topics(), self.pick_regions()
                    writer.about(topics, regions[0] if regions else None, self.now.year)
                    outside = not is_expert and rng.random() < 0.4
                    rows.append(
                        Person(
                            name=name,
                            sort_name=default_sort_name(name),
                            slug=marked_slug(name, number + 1),
                            is_expert=is_expert,
                            title=writer.expert_title() if is_expert else "",
                            affiliation=writer.affiliation() if outside else "",
                            bio=writer.bio(name) if is_expert or rng.random() < 0.3 else "",
                        )
                    )
                    expertise.append(topics if is_expert else [])
                with transaction.atomic():
                    Person.objects.bulk_create(rows)
                    self.insert(
                        PersonTopic,
                        [
                            PersonTopic(content_object_id=person.pk, tag_id=self.topics[slug])
                            for person, slugs in zip(rows, expertise, strict=True)
                            for slug in slugs
                        ],
                    )
                    refresh_search_vectors(Person.objects.filter(pk__in=[p.pk for p in rows]))
                self.people += [person.pk for person in rows]
                self.experts += [person.pk for person in rows if person.is_expert]
                bar.update(len(rows))
        self.made["people"] = count
        self.made["experts"] = len(self.experts)
        if not self.people:
            self.people = list(Person.objects.values_list("pk", flat=True))
            self.experts = list(Person.objects.experts().values_list("pk", flat=True))
        # The experts first, then others, ranked by how often they write.
        experts = set(self.experts)
        pool = self.experts + [pk for pk in self.people if pk not in experts]
        self.prolific = pool[:PROLIFIC_AUTHORS]
        rng.shuffle(self.prolific)
        self.prolific_weights = list(
            itertools.accumulate(1 / (rank + 8) for rank in range(len(self.prolific)))
        )

    def pick_people(self, count):
        picked = []
        while len(picked) < min(count, len(self.people)):
            if self.rng.random() < 0.85:
                pk = self.rng.choices(self.prolific, cum_weights=self.prolific_weights)[0]
            else:
                pk = self.rng.choice(self.people)
            if pk not in picked:
                picked.append(pk)
        return picked

    # --- publications ---------------------------------------------------------------------

    def create_publications(self, count):
        if count and not self.people:
            raise CommandError("Publications need authors: seed some --people first.")
        plan = self.writer.publication_plan(count, YEARS_OF_PUBLICATIONS, self.now)
        #: (publish_at, pk) of the published archive, oldest first: related items and the
        #: analyses an event links come from here.
        self.archive = []
        with self.progress(count, "Publications") as bar:
            for number, batch in enumerate(batches(plan, self.batch_size)):
                start = number * self.batch_size
                with transaction.atomic():
                    self.publication_batch(batch, start)
                bar.update(len(batch))
        self.made["publications"] = count

    def publication_batch(self, plan, start):
        rng, writer = self.rng, self.writer
        rows, links = [], []
        for offset, (status, publish_at) in enumerate(plan):
            topics, regions = self.pick_topics(), self.pick_regions()
            year = (publish_at or self.now).year
            title = writer.about(topics, regions[0] if regions else None, year).title()
            rows.append(
                Publication(
                    title=title,
                    slug=marked_slug(title, start + offset + 1),
                    type_id=rng.choices(self.types[0], cum_weights=self.types[1])[0],
                    summary=writer.summary(),
                    body=writer.body(),
                    status=status,
                    publish_at=publish_at,
                    is_featured=status == Status.PUBLISHED and rng.random() < 0.002,
                )
            )
            links.append((topics, regions))
        Publication.objects.bulk_create(rows)
        authorships, topic_links, region_links, quoted, related = [], [], [], [], []
        for publication, (topics, regions) in zip(rows, links, strict=True):
            pk = publication.pk
            authors = self.pick_people(rng.choices((1, 2, 3), weights=(60, 30, 10))[0])
            authorships += [
                Authorship(publication_id=pk, person_id=person, order=order)
                for order, person in enumerate(authors)
            ]
            topic_links += [
                PublicationTopic(content_object_id=pk, tag_id=self.topics[slug]) for slug in topics
            ]
            region_links += [
                PublicationRegion(publication_id=pk, region_id=self.regions[slug])
                for slug in regions
            ]
            if self.experts and rng.random() < 0.15:
                others = set(rng.sample(self.experts, min(2, len(self.experts)))) - set(authors)
                quoted += [PublicationQuoted(publication_id=pk, person_id=p) for p in others]
            if self.archive and rng.random() < 0.05:
                recent = [item_pk for _when, item_pk in self.archive[-500:]]
                related += [
                    RelatedPublication(from_publication_id=pk, to_publication_id=other, order=i)
                    for i, other in enumerate(rng.sample(recent, min(len(recent), 3)))
                ]
            if publication.status == Status.PUBLISHED and publication.publish_at <= self.now:
                self.archive.append((publication.publish_at, pk))
        for model, objects in [
            (Authorship, authorships),
            (PublicationTopic, topic_links),
            (PublicationRegion, region_links),
            (PublicationQuoted, quoted),
            (RelatedPublication, related),
        ]:
            self.insert(model, objects)
        refresh_search_vectors(Publication.objects.filter(pk__in=[row.pk for row in rows]))

    # --- events ---------------------------------------------------------------------------

    def create_events(self, count):
        if count and not self.people:
            raise CommandError("Events need speakers: seed some --people first.")
        starts = self.writer.event_days(count, YEARS_OF_EVENTS, self.now)
        with self.progress(count, "Events") as bar:
            for number, batch in enumerate(batches(starts, self.batch_size)):
                with transaction.atomic():
                    self.event_batch(batch, number * self.batch_size)
                bar.update(len(batch))
        self.made["events"] = count
        self.made["upcoming events"] = sum(day > self.now for day in starts)

    def event_batch(self, days, start):
        rng, writer, now = self.rng, self.writer, self.now
        rows, links = [], []
        for offset, day in enumerate(days):
            topics, regions = self.pick_topics(), self.pick_regions()
            starts, ends, zone, venue, online = writer.event_setting(day)
            year = min(starts, now).year
            title = writer.about(topics, regions[0] if regions else None, year).event_title()
            slug = marked_slug(title, start + offset + 1)
            past = ends < now
            draft = rng.random() < 0.02
            summary = past and not draft and rng.random() < 0.7
            posted = min(now, ends + timedelta(days=rng.randint(1, 5)))
            rows.append(
                Event(
                    title=title,
                    slug=slug,
                    kind_id=rng.choices(self.kinds[0], cum_weights=self.kinds[1])[0],
                    starts_at=starts,
                    ends_at=ends,
                    timezone=zone,
                    venue_name=venue,
                    is_online=online,
                    description=writer.event_description(),
                    registration_url="" if past else f"https://example.org/register/{slug}",
                    video_url=f"https://video.example.org/{slug}" if past and summary else "",
                    summary=writer.event_summary() if summary else "",
                    summary_published_at=posted if summary else None,
                    status=Status.DRAFT if draft else Status.PUBLISHED,
                    publish_at=None if draft else min(now, starts - timedelta(days=21)),
                )
            )
            links.append((topics, regions, ends))
        Event.objects.bulk_create(rows)
        speakers, topic_links, region_links, related = [], [], [], []
        for event, (topics, regions, ends) in zip(rows, links, strict=True):
            people = self.pick_people(rng.randint(1, 5))
            roles = ["moderator", *["speaker"] * 4] if len(people) >= 3 else ["speaker"] * 2
            if rng.random() < 0.15:
                roles[1 if len(people) >= 3 else 0] = EventSpeaker.Role.KEYNOTE
            speakers += [
                EventSpeaker(event_id=event.pk, person_id=person, role=role, order=order)
                for order, (person, role) in enumerate(zip(people, roles, strict=False))
            ]
            topic_links += [
                EventTopic(content_object_id=event.pk, tag_id=self.topics[slug]) for slug in topics
            ]
            region_links += [
                EventRegion(event_id=event.pk, region_id=self.regions[slug]) for slug in regions
            ]
            related += [
                EventPublication(event_id=event.pk, publication_id=pk)
                for pk in self.reported_in(ends)
            ]
        for model, objects in [
            (EventSpeaker, speakers),
            (EventTopic, topic_links),
            (EventRegion, region_links),
            (EventPublication, related),
        ]:
            self.insert(model, objects)
        refresh_search_vectors(Event.objects.filter(pk__in=[row.pk for row in rows]))

    def reported_in(self, ends):
        """Up to two analyses published in the days after an event, for a third of them."""
        if ends > self.now or self.rng.random() > 0.33 or not getattr(self, "archive", None):
            return []
        first = bisect.bisect_left(self.archive, (ends,))
        after = self.archive[first : first + 40]
        return [pk for _when, pk in self.rng.sample(after, min(len(after), 2))]

    # --- afterwards -----------------------------------------------------------------------

    def analyze(self):
        """Fresh planner statistics; on PostgreSQL also clear the row versions the search
        vector updates left behind (VACUUM cannot run inside a transaction)."""
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql" and not connection.in_atomic_block:
                cursor.execute("VACUUM ANALYZE")
            else:
                cursor.execute("ANALYZE")
