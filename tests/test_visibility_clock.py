"""The visibility rule reads the clock when a query runs, not when a queryset is built.

The filter form's choices are built once, when the server starts. Here they are built with the
clock moved a month back, as if the server had been running since then; an author and a topic
whose first publication went out after that moment must still be found.
"""

from datetime import timedelta
from http import HTTPStatus

import pytest
import time_machine
from django.utils import timezone

from editorial.models import Topic
from people.models import Person
from publications.forms import PublicationFilterForm
from tests.factories import make_person, make_publication, make_topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def server_started_a_month_ago(monkeypatch):
    """Builds the long-lived querysets (the filter form's choices) a month in the past."""
    with time_machine.travel(timezone.now() - timedelta(days=30), tick=False):
        experts = Person.objects.public()
        topics = Topic.objects.public()
    fields = PublicationFilterForm.base_fields
    monkeypatch.setattr(fields["expert"], "queryset", experts)
    monkeypatch.setattr(fields["topic"], "queryset", topics)


@pytest.fixture
def newcomer(db):
    """An author and a topic known only from a piece published yesterday."""
    author = make_person("Orla Venn")
    topic = make_topic("Arctic Shipping")
    make_publication("First brief", authors=[author], topics=[topic], days_ago=1)
    return author, topic


def test_an_author_first_published_after_start_up_is_a_valid_filter(
    client, newcomer, server_started_a_month_ago
):
    author, _ = newcomer

    response = client.get(f"/publications/?expert={author.slug}")

    assert response.status_code == HTTPStatus.OK
    assert "First brief" in response.content.decode()


def test_an_author_first_published_after_start_up_has_a_feed(
    client, newcomer, server_started_a_month_ago
):
    author, _ = newcomer

    response = client.get(f"/publications/feed/expert/{author.slug}/rss/")

    assert response.status_code == HTTPStatus.OK
    assert "First brief" in response.content.decode()


def test_a_topic_first_used_after_start_up_is_a_valid_filter_and_feed(
    client, newcomer, server_started_a_month_ago
):
    _, topic = newcomer

    listing = client.get(f"/publications/?topic={topic.slug}")
    feed = client.get(f"/publications/feed/topic/{topic.slug}/atom/")

    assert listing.status_code == HTTPStatus.OK
    assert "First brief" in listing.content.decode()
    assert feed.status_code == HTTPStatus.OK
