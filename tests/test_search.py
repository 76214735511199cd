from datetime import UTC, datetime, timedelta
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    make_event,
    make_person,
    make_publication,
    make_topic,
    make_type,
)

pytestmark = pytest.mark.django_db

SEARCH_URL = reverse("publications:search")
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search runs on PostgreSQL"
)


def search(client, **params):
    response = client.get(SEARCH_URL, params)
    assert response.status_code == HTTPStatus.OK
    return response


def titles(response):
    return [item.title for item in response.context["page_obj"].object_list]


def test_empty_query_shows_the_form_and_no_results(client):
    make_publication("Anything")

    response = search(client)

    assert 'name="q"' in response.content.decode()
    assert "page_obj" not in response.context


def test_finds_publications_by_title_summary_body_and_author(client):
    solvin = make_person("Aleksei Solvin")
    make_publication("Exiles in the Baltic states")
    make_publication("Other", summary="Kazakhstan hosts many newcomers.")
    make_publication("Third", body="<p>A note on drones and software.</p>")
    make_publication("Fourth", authors=[solvin])

    assert titles(search(client, q="exiles")) == ["Exiles in the Baltic states"]
    assert titles(search(client, q="Kazakhstan")) == ["Other"]
    assert titles(search(client, q="drones")) == ["Third"]
    assert titles(search(client, q="Solvin")) == ["Fourth"]


def test_results_are_labelled_by_kind_with_counts(client):
    person = make_person("Aleksei Solvin", title="Journalist", is_expert=True)
    make_publication("Solvin on surveillance", authors=[person])
    make_event("Solvin briefing", speakers=[person])

    response = search(client, q="Solvin")
    content = response.content.decode()

    assert response.context["counts"] == {"publications": 1, "experts": 1, "events": 1}
    assert "Solvin on surveillance" in content
    assert '<a href="/experts/aleksei-solvin/">Aleksei Solvin</a>' in content
    assert "Solvin briefing" in content


def test_kind_narrows_to_one_kind_paginated(client):
    for number in range(3):
        make_person(f"Expert Kazakhstan {number}", title="Kazakhstan specialist", is_expert=True)
    make_publication("Kazakhstan report")

    response = search(client, q="Kazakhstan", kind="experts")

    assert len(response.context["page_obj"].object_list) == 3
    assert response.context["previews"] == []


def test_only_published_items_are_ever_found(client):
    make_publication("Draft about exiles", status="draft")
    make_publication("Review about exiles", status="review")
    make_event("Draft exiles forum", status="draft")

    response = search(client, q="exiles")

    assert response.context["total"] == 0
    assert "Nothing matches" in response.content.decode()


def test_filters_by_type_topic_and_year(client):
    topic = make_topic("Migration & Displacement")
    brief = make_type("Peace Brief")
    make_publication("Exiles brief", type=brief)
    make_publication("Exiles on migration", topics=[topic])
    make_publication("Exiles long ago", publish_at=datetime(2023, 5, 1, tzinfo=UTC))

    assert titles(search(client, q="exiles", type="peace-brief")) == ["Exiles brief"]
    assert titles(search(client, q="exiles", topic=topic.slug)) == ["Exiles on migration"]
    assert titles(search(client, q="exiles", year=2023)) == ["Exiles long ago"]


@pytest.mark.parametrize("query", [{"type": "nope"}, {"topic": "nope"}, {"year": "abc"}])
def test_unknown_filter_is_404(client, query):
    assert client.get(SEARCH_URL, {"q": "exiles", **query}).status_code == 404


def test_page_past_the_end_is_404(client):
    make_publication("Exiles")

    assert client.get(SEARCH_URL, {"q": "exiles", "page": "9"}).status_code == 404


def test_very_long_query_is_trimmed_with_a_message(client):
    make_publication("Exiles")

    response = search(client, q="exiles " + "x" * 10_000)

    assert len(response.context["query"]) <= 200
    assert "Your search was long" in response.content.decode()


@pytest.mark.parametrize(
    "query", ["\x00exiles", "exiles\x00\x01", '"unbalanced', "-", '""', "OR", "&&||!!", "日本語"]
)
def test_odd_queries_never_fail(client, query):
    make_publication("Exiles")

    assert client.get(SEARCH_URL, {"q": query}).status_code == HTTPStatus.OK


def test_query_is_escaped_and_excerpts_highlight_matches(client):
    make_publication("Exiles", body="<p>Exiles keep independent media alive.</p>")

    hostile = search(client, q='<script>alert("q")</script>').content.decode()
    found = search(client, q="independent").content.decode()

    assert '<script>alert("q")' not in hostile
    assert "&lt;script&gt;" in hostile
    assert "<mark>independent</mark>" in found


def test_hostile_text_in_a_body_is_escaped_in_excerpts(client):
    make_publication("Exiles", body="<p>Exiles &lt;img src=x onerror=alert(1)&gt; here.</p>")

    content = search(client, q="exiles").content.decode()

    assert "<img src=x" not in content
    assert "&lt;img src=x onerror=alert(1)&gt;" in content


def test_search_page_runs_a_fixed_number_of_queries(client):
    def count(n):
        for _ in range(n):
            author = make_person()
            make_publication(f"Exiles piece {author.pk}", authors=[author])
            make_event(f"Exiles event {author.pk}", speakers=[author], starts_in=-timedelta(days=2))
            make_person(f"Exiles expert {author.pk}")
        with CaptureQueriesContext(connection) as queries:
            client.get(SEARCH_URL, {"q": "exiles"})
        return len(queries)

    assert count(3) == count(27)


def test_postgres_stems_words(client):
    make_publication("An exile's view", body="<p>Those who were exiled.</p>")

    assert titles(search(client, q="exiles")) == ["An exile's view"]


def test_postgres_understands_phrases_and_exclusions(client):
    make_publication("Independent media in exile")
    make_publication("Media that are independent of the state")
    make_publication("Independent media in China")

    assert titles(search(client, q='"independent media" -china')) == ["Independent media in exile"]


def test_postgres_ranks_title_over_summary_over_body(client):
    make_publication("In the body", body="<p>Sanctions matter.</p>", days_ago=1)
    make_publication("In the summary", summary="About sanctions.", days_ago=2)
    make_publication("Sanctions in the title", days_ago=3)

    assert titles(search(client, q="sanctions")) == [
        "Sanctions in the title",
        "In the summary",
        "In the body",
    ]


def test_postgres_vector_follows_authors_and_edits(client):
    author = make_person("Ilona Brevik")
    publication = make_publication("Plain title", authors=[author])

    author.name = "Ilona Vantsova"
    author.save()
    publication.title = "Renamed about Kyrgyzstan"
    publication.save()

    assert titles(search(client, q="Vantsova")) == ["Renamed about Kyrgyzstan"]
    assert titles(search(client, q="Kyrgyzstan")) == ["Renamed about Kyrgyzstan"]
    assert titles(search(client, q="Brevik")) == []


@postgres_only
def test_postgres_has_gin_indexes_on_the_stored_vectors():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename, indexdef FROM pg_indexes WHERE tablename IN "
            "('publications_publication', 'events_event', 'people_person') "
            "AND indexdef ILIKE '%gin%'"
        )
        indexed = {(table, definition.split("(")[1].split(")")[0]) for table, definition in cursor}

    assert indexed == {
        ("publications_publication", "search_vector"),
        ("publications_publication", "search_lead"),
        ("events_event", "search_vector"),
        ("events_event", "search_lead"),
        ("people_person", "search_document"),
    }


def test_postgres_vector_is_current_after_a_restore(client, editor):
    from editorial.models import Topic
    from editorial.revisions import record_revision, restore
    from publications.models import Publication

    strand = make_person("Anna Strand")
    publication = make_publication("Plain title", authors=[strand])
    record_revision(publication, user=editor)
    old = publication.history.first()
    publication.authorships.all().delete()

    restore(old, user=editor, topic_model=Topic)

    assert titles(search(client, q="Strand")) == ["Plain title"]
    assert Publication.objects.get().ordered_authors == [strand]


def test_event_excerpts_are_plain_text(client):
    make_event("Water talks", description="<p>A <strong>forum</strong> about rivers.</p>")

    content = search(client, q="rivers", kind="events").content.decode()

    assert "<mark>rivers</mark>" in content
    assert "&lt;p&gt;" not in content
    assert "&lt;strong&gt;" not in content
