"""Listings stay small and cheap however large the archive: a long filter lists its most used
choices and finds the rest; pages deep into the archive follow on from the page before."""

import re
from datetime import timedelta
from html import unescape
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from editorial.deep_pages import encode_position
from events.views import EventListView
from publications.views import PublicationListView
from tests.factories import (
    make_event,
    make_person,
    make_publication,
    make_region,
    make_topic,
    make_type,
)

pytestmark = pytest.mark.django_db

LIST_URL = reverse("publications:list")
EVENTS_URL = reverse("events:list")


def titles(response, key="publications"):
    return [item.title for item in response.context[key]]


def facet(response, name):
    return next(f for f in response.context["facets"] if f.name == name)


def link(response, rel):
    """The address of the page's rel="next" or rel="prev" link, or None."""
    found = re.search(rf'rel="{rel}" href="([^"]*)"', response.content.decode())
    return unescape(found[1]) if found else None


# -- A long filter: the most used, the chosen one, and a finder for the rest -----------------


@pytest.fixture
def prolific_and_occasional():
    """Fifteen authors: "Prolific n" wrote n + 1 publications, "Occasional Ruth" one."""
    people = {}
    for n in range(14):
        person = people[f"Prolific {n:02}"] = make_person(f"Prolific {n:02}")
        for _ in range(n + 1):
            make_publication(authors=[person])
    people["Occasional Ruth"] = make_person("Occasional Ruth")
    make_publication("Ruth's only piece", authors=[people["Occasional Ruth"]], days_ago=400)
    return people


def test_authors_list_the_twelve_most_published(client, prolific_and_occasional):
    response = client.get(LIST_URL)

    authors = facet(response, "expert")
    assert [o.label for o in authors.options] == [f"Prolific {n:02}" for n in range(13, 1, -1)]
    assert authors.options[0].count == 14
    html = response.content.decode()
    assert "Occasional Ruth" not in html
    assert "The 12 most published; find others below." in html


def test_the_chosen_author_is_shown_with_their_count_even_outside_the_top(
    client, prolific_and_occasional
):
    ruth = prolific_and_occasional["Occasional Ruth"]

    response = client.get(LIST_URL + f"?expert={ruth.slug}")

    chosen = facet(response, "expert").options[0]
    assert (chosen.label, chosen.count, chosen.selected) == ("Occasional Ruth", 1, True)
    assert titles(response) == ["Ruth's only piece"]
    assert "Remove filter Author: Occasional Ruth" in response.content.decode()


def test_an_author_outside_the_top_is_found_by_name_with_a_plain_form(
    client, prolific_and_occasional
):
    html = client.get(LIST_URL).content.decode()
    # A GET form, no script: a label, a search box and a button.
    assert '<label for="find-expert">Find an author</label>' in html
    assert 'name="author_q"' in html

    response = client.get(LIST_URL + "?author_q=ruth")

    options = facet(response, "expert").options
    assert [(o.label, o.count) for o in options] == [("Occasional Ruth", 1)]
    assert options[0].url == f"?expert={prolific_and_occasional['Occasional Ruth'].slug}"
    assert "Show the most published" in response.content.decode()
    # Finding an author is not a filter: the results and the canonical address are the list's.
    assert len(titles(response)) == 20
    assert 'rel="canonical" href="http://testserver/publications/"' in response.content.decode()


def test_the_author_finder_keeps_the_other_filters(client):
    brief = make_type("Peace Brief")
    ruth = make_person("Ruth Calder")
    make_publication(type=brief, authors=[ruth])
    make_publication(type=brief, authors=[ruth])
    make_publication(authors=[ruth])
    make_publication(type=brief, authors=[make_person("Ruth Other")])

    response = client.get(LIST_URL + "?type=peace-brief&author_q=calder+ruth")

    options = facet(response, "expert").options
    assert [(o.label, o.count) for o in options] == [("Ruth Calder", 2)]
    assert options[0].url == f"?type=peace-brief&expert={ruth.slug}"
    assert '<input type="hidden" name="type" value="peace-brief">' in response.content.decode()


def test_an_author_search_that_finds_no_one_says_so(client, prolific_and_occasional):
    response = client.get(LIST_URL + "?author_q=nobody+at+all")

    assert response.status_code == HTTPStatus.OK
    assert "None matching “nobody at all” here." in response.content.decode()


def test_a_long_author_search_is_cut_not_refused(client, prolific_and_occasional):
    response = client.get(LIST_URL + "?author_q=" + "ruth+" * 300)

    assert response.status_code == HTTPStatus.OK


def test_years_are_a_way_into_the_archive(client):
    for year in (2019, 2021, 2024):
        make_publication(f"From {year}", publish_at=timezone.now().replace(year=year, month=3))

    html = client.get(LIST_URL).content.decode()

    years = html[html.index('id="archive-years"') :]
    assert re.findall(r"href=\"\?year=(\d{4})\"", years) == ["2024", "2021", "2019"]
    assert '<a href="#archive-years">Browse by year</a>' in html


# -- Deep pages ------------------------------------------------------------------------------


@pytest.fixture
def few_numbered(monkeypatch):
    """Two numbered pages of publications (20 each), then pages that follow on by position."""
    monkeypatch.setattr(PublicationListView, "numbered_pages", 2)


def walk(client, url, rel="next", key="publications"):
    """Every page from `url` on, following rel links: (titles of each page, last response)."""
    pages = []
    while url:
        response = client.get(url, follow=True)
        assert response.status_code == HTTPStatus.OK, url
        pages.append(titles(response, key))
        url = link(response, rel)
        url = url and (url if url.startswith("/") else LIST_URL + url)
    return pages, response


def make_archive(count, name="Item", **fields):
    """`count` publications, newest first as the list shows them."""
    moment = timezone.now() - timedelta(days=1)
    made = []
    for n in range(count):
        # Every third shares its date with the one before: the id decides between them.
        if n % 3:
            moment -= timedelta(hours=5)
        made.append(make_publication(f"{name} {n:03}", publish_at=moment, **fields))
    return sorted(made, key=lambda item: (item.publish_at, item.pk), reverse=True)


def test_older_pages_follow_on_with_no_gap_or_repeat(client, few_numbered):
    expected = [item.title for item in make_archive(87)]

    pages, last = walk(client, LIST_URL)

    assert [title for page in pages for title in page] == expected
    assert [len(page) for page in pages] == [20, 20, 20, 20, 7]
    assert link(last, "next") is None


def test_newer_links_lead_back_to_the_first_page(client, few_numbered):
    expected = [item.title for item in make_archive(87)]
    _, last = walk(client, LIST_URL)
    last_url = last.wsgi_request.get_full_path()

    pages, first = walk(client, last_url, rel="prev")

    # The newest page is the first page, by its own address.
    assert first.redirect_chain == [(LIST_URL, HTTPStatus.FOUND)]
    assert [title for page in reversed(pages) for title in page] == expected
    assert link(first, "prev") is None


def test_newer_from_the_top_goes_to_the_first_page(client, few_numbered):
    newest = make_archive(25)[0]
    response = client.get(LIST_URL + "?after=" + encode_position(newest.publish_at, newest.pk))

    assert response.status_code == HTTPStatus.FOUND
    assert response.url == LIST_URL


def test_pages_past_the_numbered_ones_have_their_own_canonical_address(client, few_numbered):
    make_archive(50)
    second = client.get(LIST_URL + "?page=2")
    older = link(second, "next")

    response = client.get(LIST_URL + older)

    assert older.startswith("?before=")
    assert f'rel="canonical" href="http://testserver/publications/{older}"' in unescape(
        response.content.decode()
    )
    assert "Publications from" in response.content.decode()
    assert "Page 2 of 3" in second.content.decode()


def test_an_old_numbered_link_deep_in_the_archive_still_works(client, few_numbered):
    expected = [item.title for item in make_archive(87)]

    response = client.get(LIST_URL + "?page=4")
    pages, _ = walk(client, LIST_URL + "?page=4")

    assert titles(response) == expected[60:80]
    assert "Page 4 of 5" in response.content.decode()
    assert [title for page in pages for title in page] == expected[60:]
    assert titles(client.get(LIST_URL + "?page=last")) == expected[80:]
    assert client.get(LIST_URL + "?page=6").status_code == HTTPStatus.NOT_FOUND


def test_deep_pages_keep_the_filters(client, few_numbered):
    topic = make_topic("Water Policy")
    expected = [item.title for item in make_archive(60, topics=[topic])]
    make_archive(30, name="Elsewhere")

    pages, _ = walk(client, LIST_URL + "?topic=water-policy")

    assert [title for page in pages for title in page] == expected
    assert len(pages) == 3


def test_a_deep_page_runs_no_more_queries_than_the_first(client, few_numbered):
    make_archive(87)

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == HTTPStatus.OK
        return len(captured)

    first = queries(LIST_URL)
    older = link(client.get(LIST_URL + "?page=2"), "next")

    # An old numbered link past the numbered pages looks up its ids once (kept until the
    # content changes; with the tests' dummy cache, every time).
    assert queries(LIST_URL + "?page=4") == first + 1
    assert queries(LIST_URL + older) == first


@pytest.mark.parametrize(
    "query",
    [
        "?page=abc",
        "?page=0",
        "?page=-3",
        "?page=1e3",
        "?page=" + "9" * 40,
        "?page=999999999",
        "?before=abc",
        "?before=",
        "?before=12.34.56",
        "?before=1.2&after=1.2",
        "?before=1.2&page=2",
        "?before=1.2&before=3.4",
        "?before=-" + "9" * 17 + ".1",
        "?before=%00",
        "?after=x",
        # Older than anything: nothing to show.
        "?before=-1000000.1",
    ],
)
def test_an_unknown_page_or_position_is_a_404(client, query):
    make_archive(3)

    assert client.get(LIST_URL + query).status_code == HTTPStatus.NOT_FOUND


def test_past_events_page_on_by_position_too(client, monkeypatch):
    monkeypatch.setattr(EventListView, "numbered_pages", 1)
    for day in range(30):
        make_event(f"Past {day:02}", starts_in=-timedelta(days=day + 1))
    make_event("Coming up", starts_in=timedelta(days=3))

    first = client.get(EVENTS_URL)
    older = client.get(EVENTS_URL + link(first, "next"))
    last = client.get(EVENTS_URL + link(older, "next"))

    assert titles(first, "upcoming_events") == ["Coming up"]
    assert "upcoming_events" not in older.context
    shown = [titles(page, "past_events") for page in (first, older, last)]
    assert shown == [
        [f"Past {day:02}" for day in range(start, min(start + 12, 30))] for start in (0, 12, 24)
    ]
    assert client.get(EVENTS_URL + "?page=3").context["past_events"][0].title == "Past 24"


def test_the_first_events_page_shows_the_soonest_upcoming_and_links_to_the_rest(client):
    for day in range(15):
        make_event(f"Soon {day:02}", starts_in=timedelta(days=day + 1))
    make_event("Over", starts_in=-timedelta(days=2))

    first = client.get(EVENTS_URL)
    all_upcoming = client.get(EVENTS_URL + "?when=upcoming")
    second = client.get(EVENTS_URL + link(all_upcoming, "next"))

    assert titles(first, "upcoming_events") == [f"Soon {day:02}" for day in range(12)]
    assert titles(first, "past_events") == ["Over"]
    assert 'href="?when=upcoming">All upcoming events</a>' in first.content.decode()
    assert titles(all_upcoming, "upcoming_events") == [f"Soon {day:02}" for day in range(12)]
    assert "Over" not in all_upcoming.content.decode()
    assert titles(second, "upcoming_events") == ["Soon 12", "Soon 13", "Soon 14"]
    assert client.get(EVENTS_URL + "?when=past").status_code == HTTPStatus.NOT_FOUND
    assert client.get(EVENTS_URL + "?when=upcoming&before=1.2").status_code == 404


def test_the_chosen_author_stays_with_their_count_while_another_is_searched(
    client, prolific_and_occasional
):
    ruth = prolific_and_occasional["Occasional Ruth"]

    response = client.get(LIST_URL + f"?expert={ruth.slug}&author_q=prolific+13")

    options = facet(response, "expert").options
    assert [(o.label, o.count, o.selected) for o in options] == [
        ("Occasional Ruth", 1, True),
        ("Prolific 13", 14, False),
    ]


def test_every_filter_at_once_lists_an_item_once_and_counts_it_once(client):
    topics = [make_topic("Water Policy"), make_topic("Energy")]
    regions = [make_region("Central Asia"), make_region("Caucasus")]
    authors = [make_person("Ada One"), make_person("Bo Two")]
    piece = make_publication("Everywhere", topics=topics, regions=regions, authors=authors)
    query = (
        f"?type={piece.type.slug}&topic=water-policy&region=central-asia"
        f"&expert={authors[0].slug}&year={piece.publish_at.year}"
    )

    response = client.get(LIST_URL + query)

    assert titles(response) == ["Everywhere"]
    assert response.context["paginator"].count == 1
    counts = {f.name: {o.label: o.count for o in f.options} for f in response.context["facets"]}
    assert counts["topic"] == {"Energy": 1, "Water Policy": 1}
    assert counts["expert"] == {"Ada One": 1, "Bo Two": 1}
