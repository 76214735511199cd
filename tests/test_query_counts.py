"""Every public page runs the same number of queries whether it lists 3 items or 30."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from editorial.deep_pages import encode_position
from tests.factories import (
    make_event,
    make_person,
    make_publication,
    make_region,
    make_topic,
    make_type,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    topic = make_topic("Global Policy")
    other_topic = make_topic("Human Rights")
    region = make_region("Russia")
    author = make_person("Miriam Garrow", is_expert=True)
    quoted = make_person("Aleksei Solvin")
    types = [make_type("Analysis", "Analyses"), make_type("Report")]
    lead = make_publication("Lead", authors=[author], topics=[topic], regions=[region])
    forum = make_event("Forum", speakers=[author, quoted], starts_in=-timedelta(days=3))
    future_event = make_event("Future", starts_in=timedelta(days=60))
    state = {"count": 0}

    def add(n):
        for _ in range(n):
            state["count"] += 1
            co_author = make_person(f"Co-author {state['count']}", is_expert=True)
            make_publication(
                type=types[state["count"] % 2],
                authors=[author, co_author],
                experts_quoted=[quoted],
                topics=[topic, other_topic],
                regions=[region, make_region(f"Region {state['count']}")],
                is_featured=state["count"] % 3 == 0,
                days_ago=state["count"],
            )
            co_author.topics.set([topic, other_topic])
            event = make_event(
                speakers=[(author, "moderator"), co_author],
                topics=[topic, other_topic],
                regions=[region],
                starts_in=timedelta(days=state["count"] * (1 if state["count"] % 2 else -1)),
                summary="<p>Summary.</p>",
            )
            forum.related_publications.add(lead)
            event.related_publications.add(lead)

    return {
        "add": add,
        "lead": lead,
        "author": author,
        "topic": topic,
        "region": region,
        "forum": forum,
        "future_event": future_event,
    }


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


#: Every HTML page counts one query for the site settings its footer reads (the demo notice).
PAGES = {
    "home": (lambda w: reverse("publications:home"), 11),
    "list": (lambda w: reverse("publications:list"), 9),
    # A page deep in the archive, reached from the one before it (editorial/deep_pages.py).
    "list, older page": (
        lambda w: reverse("publications:list") + "?before=" + encode_position(timezone.now(), 0),
        9,
    ),
    "list filtered": (
        lambda w: (
            reverse("publications:list")
            + "?topic=global-policy&region=russia&year="
            + str(w["lead"].publish_at.year)
        ),
        11,
    ),
    # Whether staff chose related publications comes with the publication itself.
    # Detail pages read their edition group (hreflang, the language switcher): one query.
    "detail": (lambda w: w["lead"].get_absolute_url(), 10),
    "topics": (lambda w: reverse("publications:topics"), 2),
    "topic": (lambda w: w["topic"].get_absolute_url(), 9),
    "regions": (lambda w: reverse("publications:regions"), 2),
    "region": (lambda w: w["region"].get_absolute_url(), 9),
    "person": (lambda w: w["author"].get_absolute_url(), 10),
    "experts": (lambda w: reverse("people:directory"), 5),
    "experts filtered": (lambda w: reverse("people:directory") + "?topic=global-policy", 6),
    "events": (lambda w: reverse("events:list"), 9),
    "events filtered": (lambda w: reverse("events:list") + "?topic=global-policy", 10),
    "event": (lambda w: w["forum"].get_absolute_url(), 9),
    "calendar": (lambda w: reverse("events:calendar", args=[w["future_event"].slug]), 1),
    "search": (lambda w: reverse("publications:search") + "?q=publication", 6),
    "feed": (lambda w: reverse("publications:feed"), 3),
    "topic feed": (
        lambda w: reverse("publications:scoped_feed", args=["topic", "global-policy"]),
        4,
    ),
    "events feed": (lambda w: reverse("events:feed"), 3),
    "sitemap": (lambda w: "/sitemap.xml", 10),
}


@pytest.mark.parametrize("page", PAGES)
def test_query_count_is_fixed_whatever_the_number_listed(client, world, page):
    url_for, expected = PAGES[page]
    world["add"](3)
    with_three = queries_for(client, url_for(world))
    world["add"](27)
    with_thirty = queries_for(client, url_for(world))

    assert with_three == with_thirty == expected
