from datetime import datetime
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

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


def titles(response):
    return [publication.title for publication in response.context["publications"]]


def test_list_shows_newest_first(client):
    make_publication("Older", days_ago=10)
    make_publication("Newest", days_ago=1)
    make_publication("Middle", days_ago=5)

    response = client.get(LIST_URL)

    assert titles(response) == ["Newest", "Middle", "Older"]


def test_list_pages_by_twenty(client):
    for day in range(25):
        make_publication(f"Piece {day:02}", days_ago=day + 1)

    first = client.get(LIST_URL)
    second = client.get(LIST_URL + "?page=2")

    assert len(titles(first)) == 20
    assert titles(second) == [f"Piece {day:02}" for day in range(20, 25)]
    assert "Page 1 of 2" in first.content.decode()
    assert 'rel="next" href="?page=2"' in first.content.decode()


def test_list_filters_by_type(client):
    brief = make_type("Peace Brief")
    make_publication("A brief", type=brief)
    make_publication("An analysis")

    response = client.get(LIST_URL + "?type=peace-brief")

    assert titles(response) == ["A brief"]


def test_list_filters_by_topic_region_expert_and_year(client):
    topic = make_topic("Conflict Analysis & Prevention")
    region = make_region("Kazakhstan")
    author = make_person("Anna Strand")
    make_publication("Topic match", topics=[topic])
    make_publication("Region match", regions=[region])
    make_publication("Author match", authors=[author])
    make_publication("From 2023", publish_at=datetime(2023, 6, 1, tzinfo=timezone.UTC))

    assert titles(client.get(LIST_URL + f"?topic={topic.slug}")) == ["Topic match"]
    assert titles(client.get(LIST_URL + "?region=kazakhstan")) == ["Region match"]
    assert titles(client.get(LIST_URL + f"?expert={author.slug}")) == ["Author match"]
    assert titles(client.get(LIST_URL + "?year=2023")) == ["From 2023"]


def test_list_filters_combine(client):
    topic = make_topic("Global Policy")
    region = make_region("China")
    make_publication("Both", topics=[topic], regions=[region])
    make_publication("Topic only", topics=[topic])
    make_publication("Region only", regions=[region])

    response = client.get(LIST_URL + "?topic=global-policy&region=china")

    assert titles(response) == ["Both"]


def test_publication_with_two_matching_authors_listed_once(client):
    topic = make_topic("Global Policy")
    make_publication("Co-written", topics=[topic], authors=[make_person("One"), make_person("Two")])

    response = client.get(LIST_URL + "?topic=global-policy")

    assert titles(response) == ["Co-written"]


def test_active_filters_are_shown_with_links_that_remove_them(client):
    topic = make_topic("Global Policy")
    region = make_region("China")
    make_publication("Both", topics=[topic], regions=[region])

    content = client.get(LIST_URL + "?topic=global-policy&region=china").content.decode()

    assert "Active filters" in content
    assert 'href="?region=china" aria-label="Remove filter Topic: Global Policy"' in content
    assert 'href="?topic=global-policy" aria-label="Remove filter Region: China"' in content


def test_facets_count_what_each_choice_would_give(client):
    topic = make_topic("Global Policy")
    china = make_region("China")
    russia = make_region("Russia")
    make_publication("A", topics=[topic], regions=[china])
    make_publication("B", topics=[topic], regions=[china])
    make_publication("C", topics=[topic], regions=[russia])
    make_publication("D", regions=[russia])

    facets = {
        facet.name: {option.label: option.count for option in facet.options}
        for facet in client.get(LIST_URL + "?topic=global-policy").context["facets"]
    }

    assert facets["region"] == {"China": 2, "Russia": 1}
    assert facets["topic"] == {"Global Policy": 3}


def test_facet_links_keep_other_filters_and_drop_page(client):
    topic = make_topic("Global Policy")
    make_publication("A", topics=[topic], regions=[make_region("China")])

    content = client.get(LIST_URL + "?topic=global-policy&page=1").content.decode()

    assert 'href="?topic=global-policy&amp;region=china"' in content


def test_empty_result_says_so(client):
    # Public through an event, so a valid filter that no publication matches.
    make_event("Policy forum", topics=[make_topic("Global Policy")])
    make_publication("Elsewhere")

    response = client.get(LIST_URL + "?topic=global-policy")

    assert response.status_code == HTTPStatus.OK
    assert "No publications match these filters" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "?type=no-such-type",
        "?topic=no-such-topic",
        "?region=atlantis",
        "?expert=nobody",
        "?year=abc",
        "?year=20231",
        "?year=-1",
        "?page=abc",
        "?page=0",
        "?page=99",
        "?topic=%00",
        "?expert=" + "x" * 10_000,
    ],
)
def test_list_bad_query_is_404(client, query):
    make_publication()

    response = client.get(LIST_URL + query)

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_list_ignores_unknown_parameters(client):
    make_publication("Still here")

    response = client.get(LIST_URL + "?utm_source=newsletter&" + "junk=" + "y" * 10_000)

    assert response.status_code == HTTPStatus.OK
    assert titles(response) == ["Still here"]
    assert "junk" not in response.content.decode()


def test_list_last_page_keyword_works(client):
    for day in range(21):
        make_publication(days_ago=day + 1)

    response = client.get(LIST_URL + "?page=last")

    assert response.status_code == HTTPStatus.OK
    assert len(titles(response)) == 1
