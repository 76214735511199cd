"""`manage.py seed_bulk`: a large invented archive, loaded in bulk, that readers can browse
and search like any other, and that is never loaded twice."""

import re
import uuid
from collections import defaultdict
from http import HTTPStatus
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from editorial.models import Status
from events.models import Event, EventSpeaker
from people.models import Person
from publications.models import Authorship, Publication

pytestmark = pytest.mark.django_db

SMALL = {"publications": 60, "people": 30, "events": 20, "batch_size": 25}
LIST = reverse("publications:list")
SEARCH = reverse("publications:search")


def seed(**options):
    out = StringIO()
    call_command("seed_bulk", **(SMALL | options), no_progress=True, stdout=out)
    return out.getvalue()


def visible(queryset):
    return queryset.published()


def listed_hrefs(client, url):
    """Every link on every page of a paginated listing: pages are asked for by number until
    the one past the end, which is a 404."""
    hrefs = set()
    for page in range(1, 100):
        response = client.get(url, {"page": page})
        if response.status_code == HTTPStatus.NOT_FOUND and page > 1:
            return hrefs
        assert response.status_code == HTTPStatus.OK
        hrefs |= set(re.findall(r'href="([^"]+)"', response.content.decode()))
    raise AssertionError("the listing never ended")


def test_creates_what_was_asked_for_and_says_so():
    output = seed()

    assert Publication.objects.count() == 60
    assert Person.objects.count() == 30
    assert Event.objects.count() == 20
    assert "60 publications" in output
    assert "30 people" in output
    assert "20 events" in output
    assert re.search(r"in \d+\.\d s\.", output)


def test_publications_have_bylines_topics_and_a_believable_mix_of_states():
    seed()

    for publication in Publication.objects.prefetch_related("authorships", "topics", "regions"):
        orders = [authorship.order for authorship in publication.authorships.all()]
        assert sorted(orders) == list(range(len(orders))), publication.slug
        assert 1 <= len(orders) <= 3
        assert 1 <= len(publication.topics.all()) <= 3
        assert len(publication.regions.all()) <= 2
        assert len(publication.summary) <= 600
        assert publication.body.startswith("<p>")
        assert len(plain_words(publication.body)) >= 100
    statuses = set(Publication.objects.values_list("status", flat=True))
    assert Status.PUBLISHED in statuses
    assert statuses & {Status.DRAFT, Status.REVIEW, Status.UNPUBLISHED}
    assert any(publication.is_scheduled for publication in Publication.objects.all())
    years = {p.publish_at.year for p in visible(Publication.objects.all())}
    assert max(years) - min(years) >= 5


def plain_words(html):
    return re.sub(r"<[^>]+>", " ", html).split()


def test_people_include_experts_with_titles_and_every_slug_is_unique():
    seed()

    experts = Person.objects.experts()
    assert experts.exists()
    assert all(expert.title for expert in experts)
    slugs = list(Person.objects.values_list("slug", flat=True))
    assert len(slugs) == len(set(slugs))


def test_events_are_past_and_upcoming_with_ordered_speakers_in_their_own_time_zones():
    seed(events=60)

    events = Event.objects.all()
    assert Event.objects.upcoming().exists()
    assert Event.objects.past().filter(summary__gt="").exists()
    assert len({event.timezone for event in events}) > 1
    orders = defaultdict(list)
    for speaker in EventSpeaker.objects.all():
        orders[speaker.event_id].append(speaker.order)
    assert set(orders) == {event.pk for event in events}
    assert all(sorted(found) == list(range(len(found))) for found in orders.values())


def test_published_publications_are_listed_and_found_by_a_word_of_their_title(client):
    seed()
    newest = visible(Publication.objects.all()).first()
    word = max(re.findall(r"[A-Za-z]+", newest.title), key=len)

    listing = client.get(LIST)
    found = client.get(SEARCH, {"q": word})

    assert newest.get_absolute_url() in listing.content.decode()
    assert client.get(newest.get_absolute_url()).status_code == HTTPStatus.OK
    titles = [item.title.lower() for item in found.context["page_obj"].object_list]
    assert titles
    assert any(word.lower() in title for title in titles)


def test_seeded_people_and_events_are_found_by_search(client):
    seed()
    author = Authorship.objects.filter(publication__in=visible(Publication.objects.all()))
    surname = author.first().person.name.split()[-1]
    event = visible(Event.objects.all()).first()
    word = max(re.findall(r"[A-Za-z]+", event.title), key=len)

    people = client.get(SEARCH, {"q": surname, "kind": "experts"})
    events = client.get(SEARCH, {"q": word, "kind": "events"})

    assert any(surname in person.name for person in people.context["page_obj"].object_list)
    assert event.title in [item.title for item in events.context["page_obj"].object_list]


def test_no_draft_or_scheduled_publication_reaches_readers(client):
    seed()
    hidden = Publication.objects.exclude(pk__in=visible(Publication.objects.all()))
    assert hidden.count() >= 2

    hrefs = listed_hrefs(client, LIST)
    for publication in hidden:
        url = publication.get_absolute_url()
        assert url not in hrefs
        assert client.get(url).status_code == HTTPStatus.NOT_FOUND
        word = max(re.findall(r"[A-Za-z]+", publication.title), key=len)
        results = client.get(SEARCH, {"q": word}).context["page_obj"].object_list
        assert publication.pk not in [item.pk for item in results]


def test_a_second_run_refuses_and_creates_nothing():
    seed()
    counts = (Publication.objects.count(), Person.objects.count(), Event.objects.count())

    with pytest.raises(CommandError, match="already run on this database: 60 bulk publications"):
        seed()

    assert (Publication.objects.count(), Person.objects.count(), Event.objects.count()) == counts


def test_seeds_a_database_that_already_holds_the_demo(client, settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    demo = {model: model.objects.count() for model in (Publication, Person, Event)}

    seed()

    assert Publication.objects.count() == demo[Publication] + 60
    assert Person.objects.count() == demo[Person] + 30
    assert Event.objects.count() == demo[Event] + 20
    exiles = Publication.objects.get(slug="russias-anti-war-exiles")
    assert client.get(exiles.get_absolute_url()).status_code == HTTPStatus.OK
    assert client.get(SEARCH, {"q": "exiles"}).context["counts"]["publications"] >= 1


def test_a_reader_of_a_cached_page_sees_the_seeded_archive_at_once(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"seed-bulk-test-{uuid.uuid4()}",
        }
    }
    settings.PAGE_CACHE = True
    client.get(LIST)
    assert client.get(LIST)["X-Page-Cache"] == "hit"

    seed()

    response = client.get(LIST)
    assert response["X-Page-Cache"] == "miss"
    newest = visible(Publication.objects.all()).first()
    assert newest.get_absolute_url() in response.content.decode()


def test_the_same_seed_writes_the_same_archive_and_another_seed_a_different_one():
    def titles_after(**options):
        seed(publications=20, people=10, events=5, **options)
        found = sorted(Publication.objects.values_list("title", flat=True))
        found += sorted(Person.objects.values_list("name", flat=True))
        Publication.objects.all().delete()
        Event.objects.all().delete()
        Person.objects.all().delete()
        return found

    first = titles_after()

    assert titles_after() == first
    assert titles_after(seed=7) != first
