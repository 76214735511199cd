"""Pages that stay cheap as the archive grows: related items, counts and cards kept once per
content generation, and never stale for it. Timing lives in `make bench`; these check what
readers see while values are reused."""

import re
import uuid
from datetime import timedelta

import feedparser
import pytest
import time_machine
from django.db import connection
from django.template.base import PartialTemplate
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from editorial import page_cache
from publications import models as publication_models
from tests.factories import (
    make_event,
    make_person,
    make_publication,
    make_region,
    make_topic,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def local_cache(settings):
    """A fresh local-memory cache (its own LOCATION: locmem caches are shared by name), with
    the page cache off: what is reused here is reused by every request, cached pages or not."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"page-scale-test-{uuid.uuid4()}",
        }
    }
    settings.PAGE_CACHE = False
    page_cache._state.update(down_until=0.0, warned_at=0.0)
    yield settings
    page_cache._state.update(down_until=0.0, warned_at=0.0)


def related_titles(client, publication):
    response = client.get(publication.get_absolute_url())
    assert response.status_code == 200
    return [item.title for item in response.context["related"]]


def card_titles(html):
    return re.findall(r'<h3 class="card__title"><a href="[^"]*">([^<]*)</a>', html)


@pytest.fixture
def topics():
    return [make_topic(name) for name in ("Sanctions", "Energy", "Arctic")]


# --- related publications -------------------------------------------------------------------


def test_related_are_those_sharing_most_topics_newest_first(client, topics):
    sanctions, energy, arctic = topics
    page = make_publication("The page", topics=[sanctions, energy, arctic])
    make_publication("Shares one, newest", topics=[sanctions], days_ago=1)
    make_publication("Shares all three, oldest", topics=topics, days_ago=40)
    make_publication("Shares two, newer", topics=[energy, arctic], days_ago=5)
    make_publication("Shares two, older", topics=[sanctions, arctic], days_ago=9)
    make_publication("Shares none", topics=[make_topic("Elections")], days_ago=0)
    make_publication("Shares one, older", topics=[energy], days_ago=3)

    assert related_titles(client, page) == [
        "Shares all three, oldest",
        "Shares two, newer",
        "Shares two, older",
        "Shares one, newest",
    ]


def test_related_leave_out_what_readers_cannot_see(client, topics, unpublished):
    page = make_publication("The page", topics=topics[:1])
    make_publication("Draft twin", topics=topics[:1], status="draft")
    make_publication("Public twin", topics=topics[:1])
    assert related_titles(client, page) == ["Public twin"]


def test_related_are_weighed_among_the_newest_of_each_topic(client, topics, monkeypatch):
    """However large a topic, only its newest publications are candidates: what the page
    costs does not grow with the archive."""
    monkeypatch.setattr(publication_models, "RELATED_CANDIDATES_PER_TOPIC", 2)
    sanctions, energy, _arctic = topics
    page = make_publication("The page", topics=[sanctions, energy])
    make_publication("Old, shares both", topics=[sanctions, energy], days_ago=300)
    make_publication("Sanctions, newest", topics=[sanctions], days_ago=1)
    make_publication("Sanctions, newer", topics=[sanctions], days_ago=2)
    make_publication("Energy, newest", topics=[energy], days_ago=3)
    make_publication("Energy, newer", topics=[energy], days_ago=4)

    assert related_titles(client, page) == [
        "Sanctions, newest",
        "Sanctions, newer",
        "Energy, newest",
        "Energy, newer",
    ]


def test_a_publication_without_topics_has_no_related(client):
    page = make_publication("Loner")
    make_publication("Other")
    assert related_titles(client, page) == []


def test_chosen_related_lead_and_a_hidden_choice_falls_back_to_topics(client, topics):
    page = make_publication("The page", topics=topics[:1])
    chosen = make_publication("Chosen")
    hidden = make_publication("Chosen but a draft", status="draft")
    make_publication("Shares the topic", topics=topics[:1])
    page.related_links.create(to_publication=hidden, order=1)
    assert related_titles(client, page) == ["Shares the topic"]
    page.related_links.create(to_publication=chosen, order=2)
    assert related_titles(client, page) == ["Chosen"]


def test_related_kept_between_requests_and_a_published_change_shows(client, local_cache, topics):
    page = make_publication("The page", topics=topics[:1])
    make_publication("Older neighbour", topics=topics[:1], days_ago=10)
    assert related_titles(client, page) == ["Older neighbour"]
    assert related_titles(client, page) == ["Older neighbour"]

    make_publication("New neighbour", topics=topics[:1], days_ago=0)
    assert related_titles(client, page) == ["New neighbour", "Older neighbour"]

    draft = make_publication("Draft neighbour", topics=topics[:1], days_ago=0, status="draft")
    assert related_titles(client, page) == ["New neighbour", "Older neighbour"]
    draft.status = "published"
    draft.save()
    assert related_titles(client, page)[0] == "Draft neighbour"


def test_the_second_view_of_a_publication_asks_nothing_for_its_related(client, local_cache, topics):
    page = make_publication("The page", topics=topics[:1])
    make_publication("Neighbour", topics=topics[:1])
    with CaptureQueriesContext(connection) as first:
        related_titles(client, page)
    with CaptureQueriesContext(connection) as second:
        related_titles(client, page)
    assert len(second) <= len(first) - 3, "the related cards come from the kept value"


def test_a_renamed_author_shows_on_a_related_card_at_once(client, local_cache, topics):
    author = make_person("Miriam Garrow")
    page = make_publication("The page", topics=topics[:1])
    make_publication("Neighbour", topics=topics[:1], authors=[author])
    assert "Miriam Garrow" in client.get(page.get_absolute_url()).text
    author.name = "Miriam Garrow-Hale"
    author.save()
    html = client.get(page.get_absolute_url()).text
    assert "Miriam Garrow-Hale" in html


# --- cards kept per item and content generation ---------------------------------------------


def test_a_kept_card_shows_a_renamed_author_on_the_next_request(client, local_cache):
    author = make_person("Miriam Garrow")
    make_publication("Harbour talks", authors=[author])
    for url in (reverse("publications:home"), reverse("publications:list")):
        assert "Miriam Garrow</a>" in client.get(url).text
    author.name = "Miriam Garrow-Hale"
    author.save()
    for url in (reverse("publications:home"), reverse("publications:list")):
        html = client.get(url).text
        assert "Miriam Garrow-Hale</a>" in html, url
        assert "Miriam Garrow</a>" not in html, url


def test_a_kept_card_shows_a_renamed_topic(client, local_cache, topics):
    make_publication("Harbour talks", topics=topics[:1])
    assert ">Sanctions</a>" in client.get(reverse("publications:list")).text
    topics[0].name = "Sanctions policy"
    topics[0].save()
    assert ">Sanctions policy</a>" in client.get(reverse("publications:list")).text


def test_cards_are_rendered_once_and_then_come_from_the_cache(client, local_cache, monkeypatch):
    for number in range(5):
        make_publication(f"Piece {number}", days_ago=number + 1)
    renders = []
    original = PartialTemplate.render
    monkeypatch.setattr(
        PartialTemplate,
        "render",
        lambda self, context: renders.append(self.name) or original(self, context),
    )
    first = client.get(reverse("publications:list")).text
    assert renders.count("card") == 5
    renders.clear()
    second = client.get(reverse("publications:list")).text
    assert card_titles(second) == card_titles(first) == [f"Piece {n}" for n in range(5)]
    assert "card" not in renders


def test_cards_without_a_cache_are_the_same_as_with_one(client, settings):
    author = make_person("Miriam Garrow")
    make_publication("Harbour talks", authors=[author], topics=[make_topic("Sanctions")])
    uncached = client.get(reverse("publications:list")).text
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"page-scale-test-{uuid.uuid4()}",
        }
    }
    page_cache._state.update(down_until=0.0, warned_at=0.0)
    client.get(reverse("publications:list"))
    kept = client.get(reverse("publications:list")).text
    assert kept == uncached


def test_cards_render_when_the_cache_is_unreachable(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    page_cache._state.update(down_until=0.0, warned_at=0.0)
    make_publication("Harbour talks")
    try:
        response = client.get(reverse("publications:list"))
    finally:
        page_cache._state.update(down_until=0.0, warned_at=0.0)
    assert response.status_code == 200
    assert card_titles(response.text) == ["Harbour talks"]


def test_a_kept_event_card_says_the_summary_is_posted_once_the_event_is_over(client, local_cache):
    event = make_event(
        "Harbour forum",
        starts_in=timedelta(minutes=-119),
        duration=timedelta(hours=2),
        summary="<p>What was said.</p>",
    )
    listing = reverse("events:list")
    assert "Summary posted" not in client.get(listing).text
    assert "Summary posted" not in client.get(listing).text
    # The clock moves (less than the cache keeps anything); nothing is saved, so the content
    # generation stays the same.
    with time_machine.travel(event.ends_at + timedelta(minutes=1)):
        assert "Summary posted" in client.get(listing).text


# --- values counted over the archive ---------------------------------------------------------


def home_topic_counts(client):
    response = client.get(reverse("publications:home"))
    return {topic.name: topic.count for topic in response.context["topics"]}


def test_home_counts_are_kept_and_follow_a_published_change(client, local_cache, topics):
    make_publication("One", topics=topics[:2])
    make_publication("Two", topics=topics[:1])
    assert home_topic_counts(client) == {"Sanctions": 2, "Energy": 1}
    with CaptureQueriesContext(connection) as warm:
        assert home_topic_counts(client) == {"Sanctions": 2, "Energy": 1}
    assert not [q for q in warm.captured_queries if "publications_topic" in q["sql"]]

    draft = make_publication("Three", topics=topics, status="draft")
    assert home_topic_counts(client) == {"Sanctions": 2, "Energy": 1}
    draft.status = "published"
    draft.save()
    assert home_topic_counts(client) == {"Sanctions": 3, "Energy": 2, "Arctic": 1}
    types = client.get(reverse("publications:home")).context["types"]
    assert [(kind.plural_name, kind.count) for kind in types] == [("Analysiss", 3)]


def test_the_topic_page_counts_what_the_topic_holds(client, topics):
    for number in range(14):
        make_publication(topics=topics[:1] if number % 2 else topics[:2])
    make_publication(topics=topics[:1], status="draft")
    response = client.get(topics[0].get_absolute_url())
    assert response.context["publication_count"] == 14
    assert "All 14 publications" in response.text
    assert client.get(topics[1].get_absolute_url()).context["publication_count"] == 7


def test_the_regions_index_counts_publications_and_events_apart(client):
    russia, caucasus = make_region("Russia"), make_region("Caucasus")
    for _ in range(3):
        make_publication(regions=[russia, caucasus])
    make_publication(regions=[russia], status="draft")
    for _ in range(2):
        make_event(regions=[russia])
    make_event(regions=[caucasus], status="draft")
    regions = client.get(reverse("publications:regions")).context["regions"]
    assert [(r.name, r.count, r.event_count) for r in regions] == [
        ("Caucasus", 3, 0),
        ("Russia", 3, 2),
    ]


def test_a_region_page_lists_experts_who_wrote_about_it_once_each(client):
    russia = make_region("Russia")
    prolific = make_person("Prolific Expert", is_expert=True)
    other = make_person("Other Expert", is_expert=True)
    make_person("Silent Expert", is_expert=True)
    for _ in range(4):
        make_publication(authors=[prolific], regions=[russia])
    make_publication(authors=[other], regions=[russia])
    make_publication(
        authors=[make_person("Drafted Expert", is_expert=True)], regions=[russia], status="draft"
    )
    experts = client.get(russia.get_absolute_url()).context["experts"]
    assert [person.name for person in experts] == ["Other Expert", "Prolific Expert"]


# --- a person's page -------------------------------------------------------------------------


def test_a_regular_speaker_page_lists_their_latest_events_and_says_so(client):
    speaker = make_person("Regular Speaker", is_expert=True)
    for day in range(1, 14):
        make_event(f"Past {day:02d}", speakers=[speaker], starts_in=-timedelta(days=day))
    make_event("Next", speakers=[speaker], starts_in=timedelta(days=3))
    response = client.get(speaker.get_absolute_url())
    past = [event.title for event in response.context["past_events"]]
    assert past == [f"Past {day:02d}" for day in range(1, 11)]
    assert "The latest 10 shown." in response.text
    assert [event.title for event in response.context["upcoming_events"]] == ["Next"]
    assert "The next" not in response.text


def test_a_prolific_author_count_is_kept_and_follows_a_change(client, local_cache):
    author = make_person("Prolific Author", is_expert=True)
    for _ in range(12):
        make_publication(authors=[author])
    page = client.get(author.get_absolute_url())
    assert page.context["paginator"].count == 12
    assert page.context["paginator"].num_pages == 2
    make_publication(authors=[author])
    assert client.get(author.get_absolute_url()).context["paginator"].count == 13


# --- feeds and sitemaps ----------------------------------------------------------------------


def test_a_scoped_feed_lists_each_publication_once_newest_first(client, topics):
    author = make_person("Co Author")
    other = make_person("Other Author")
    for number in range(3):
        make_publication(
            f"Piece {number}",
            authors=[author, other],
            topics=topics,
            regions=[make_region("Russia"), make_region("Caucasus")],
            days_ago=number + 1,
        )
    for kind, slug in (("topic", "sanctions"), ("region", "russia"), ("expert", author.slug)):
        feed = feedparser.parse(
            client.get(reverse("publications:scoped_feed", args=[kind, slug])).content
        )
        assert [entry.title for entry in feed.entries] == ["Piece 0", "Piece 1", "Piece 2"], kind


def test_topic_and_region_sitemaps_give_the_newest_public_date(client, topics):
    russia = make_region("Russia")
    newest = make_publication(topics=topics[:1], regions=[russia], days_ago=2)
    make_publication(topics=topics[:1], regions=[russia], days_ago=9)
    make_publication(topics=topics[:1], regions=[russia], days_ago=0, status="draft")
    make_event(topics=topics[1:2])  # Energy is known by an event alone: no date
    body = client.get("/sitemap-topics.xml").text
    entries = dict(re.findall(r"<loc>[^<]*/topics/([^/<]+)/</loc>\s*(?:<lastmod>([^<]*))?", body))
    assert entries["sanctions"] == newest.publish_at.date().isoformat()
    assert entries["energy"] == ""
    regions = client.get("/sitemap-regions.xml").text
    assert f"<lastmod>{newest.publish_at.date().isoformat()}</lastmod>" in regions
