"""Search at scale: matches are counted up to a limit and paged no further, a page comes from
title matches, then summary matches, then the rest, excerpts are highlighted for the rows
shown and no others, and the page runs the same queries however many items match."""

import re
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from editorial import search_results
from publications.models import Publication
from tests.factories import make_event, make_person, make_publication

pytestmark = pytest.mark.django_db

SEARCH_URL = reverse("publications:search")
# The function that highlights excerpts: PostgreSQL's, or SQLite FTS5's.
HIGHLIGHT = "ts_headline" if connection.vendor == "postgresql" else "snippet("
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the generated columns are PostgreSQL's"
)


@pytest.fixture
def count_limit(monkeypatch):
    """Counting stops at 30 matches, so a test needs dozens of items, not hundreds."""
    monkeypatch.setattr(search_results, "COUNT_LIMIT", 30)
    return 30


@pytest.fixture
def kestrels():
    """35 publications with "kestrel": the oldest 15 in the title, the next 10 in the summary
    only, the newest 10 in the body only. Returns their titles in the order a reader gets."""
    in_title = [make_publication(f"Kestrel report {n}", days_ago=40 + n) for n in range(15)]
    in_summary = [
        make_publication(f"Summary piece {n}", summary="On the kestrel.", days_ago=20 + n)
        for n in range(10)
    ]
    in_body = [
        make_publication(f"Body piece {n}", body="<p>A kestrel, seen.</p>", days_ago=1 + n)
        for n in range(10)
    ]
    return [item.title for item in [*in_title, *in_summary, *in_body]]


def search(client, **params):
    response = client.get(SEARCH_URL, params)
    assert response.status_code == HTTPStatus.OK
    return response


def titles(response):
    return [item.title for item in response.context["page_obj"].object_list]


def test_pages_run_through_title_then_summary_then_body_matches(client, kestrels):
    first, second = search(client, q="kestrel"), search(client, q="kestrel", page=2)

    assert titles(first) == kestrels[:20]
    assert titles(second) == kestrels[20:]
    assert first.context["counts"]["publications"] == 35
    assert "Page 2 of 2" in second.content.decode()


def test_a_huge_result_set_is_counted_to_the_limit_and_paged_as_far(client, kestrels, count_limit):
    first, second = search(client, q="kestrel"), search(client, q="kestrel", page=2)
    content = first.content.decode()

    assert first.context["counts"]["publications"] == count_limit
    assert first.context["capped"] == {"publications"}
    assert 'Publications <span class="count">30+</span>' in content
    assert 'Everything <span class="count">30+</span>' in content
    assert titles(first) + titles(second) == kestrels[:count_limit]
    assert client.get(SEARCH_URL, {"q": "kestrel", "page": 3}).status_code == 404
    assert client.get(SEARCH_URL, {"q": "kestrel", "page": 10**20}).status_code == 404


def test_a_word_in_the_title_and_excluded_from_the_body_is_not_found(client):
    make_publication("Kestrel report", body="<p>Kestrels in China.</p>")
    make_publication("Kestrel notes", summary="About kestrels.")

    assert titles(search(client, q="kestrel -china")) == ["Kestrel notes"]


def test_excerpts_are_highlighted_only_for_the_rows_shown(client, kestrels):
    with CaptureQueriesContext(connection) as captured:
        response = search(client, q="kestrel", page=2)

    highlighting = [query["sql"] for query in captured if HIGHLIGHT in query["sql"]]
    assert len(highlighting) == 1
    # It reads the page's rows by primary key, from a subquery of at most a page of them.
    assert re.search(r'"id" IN \(', highlighting[0])
    limits = [int(n) for n in re.findall(r"LIMIT (\d+)", highlighting[0])]
    assert limits
    assert sum(limits) <= 20
    assert len(titles(response)) == 15
    assert "<mark>kestrel</mark>" in response.content.decode()


def test_the_queries_are_the_same_whatever_the_number_of_matches(client, count_limit):
    made = []

    def queries(matching):
        for number in range(len(made), matching):
            made.append(number)
            author = make_person(f"Kestrel Author {number}", is_expert=True)
            make_publication(f"Kestrel {number}", authors=[author], summary="Kestrel.")
            make_event(f"Kestrel forum {number}", speakers=[author])
        with CaptureQueriesContext(connection) as captured:
            search(client, q="kestrel")
            search(client, q="kestrel", page=2)
            search(client, q="kestrel", kind="events")
        return len(captured)

    assert queries(21) == queries(count_limit)


def test_counting_stops_at_the_limit_for_every_kind(client, count_limit):
    for number in range(count_limit + 5):
        make_event(f"Kestrel forum {number}")
    make_publication("Kestrel report")

    response = search(client, q="kestrel")

    assert response.context["counts"] == {"publications": 1, "experts": 0, "events": 30}
    assert response.context["capped"] == {"events"}
    assert 'Events <span class="count">30+</span>' in response.content.decode()


@postgres_only
def test_the_title_and_summary_words_are_kept_current_by_postgres_itself(client):
    publication = make_publication("Plain title", summary="Plain summary.")

    # An update sends no signal: the generated column follows all the same.
    Publication.objects.filter(pk=publication.pk).update(title="Kestrel in the title")

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_lead::text FROM publications_publication WHERE id = %s",
            [publication.pk],
        )
        (lead,) = cursor.fetchone()
    assert "'kestrel':1A" in lead
    assert "'plain':5B" in lead


# (lexeme, position, weight) of a row's search_lead missing from its search_vector.
LEAD_NOT_IN_VECTOR = """
    SELECT count(*) FROM (
        SELECT lexeme, p, w FROM {table} AS row, unnest(row.search_lead) AS u,
            unnest(u.positions, u.weights) AS t(p, w) WHERE row.id = %s
        EXCEPT
        SELECT lexeme, p, w FROM {table} AS row, unnest(row.search_vector) AS u,
            unnest(u.positions, u.weights) AS t(p, w) WHERE row.id = %s
    ) AS missing
"""


@postgres_only
def test_the_title_and_summary_words_are_where_the_whole_vector_has_them():
    """The tiers trust that words found in `search_lead` are in `search_vector` too, at the
    same positions, so a phrase found in the one is found in the other."""
    author = make_person("Zoë Marchetti")
    publication = make_publication(
        "Émigré media: the exiles' view", summary="Independent media, abroad.", authors=[author]
    )
    event = make_event("Exile forum", description="<p>Independent <em>media</em> in exile.</p>")

    missing = {}
    with connection.cursor() as cursor:
        for table, pk in (("publications_publication", publication.pk), ("events_event", event.pk)):
            cursor.execute(LEAD_NOT_IN_VECTOR.format(table=table), [pk, pk])
            missing[table] = cursor.fetchone()[0]

    assert missing == {"publications_publication": 0, "events_event": 0}
