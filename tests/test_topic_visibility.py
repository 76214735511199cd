"""A topic readers may see is one on something public: a published publication, a published
event, or the expertise of someone with a public page. Any other topic (one used only on
drafts, scheduled items or hidden people) behaves like a topic that does not exist, on every
surface: 404 for its page, its feeds and as a filter, and absent from menus and the sitemap.
"""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.utils import timezone

from editorial.models import Topic
from tests.factories import make_event, make_person, make_publication, make_topic
from tests.support.sitemaps import whole_sitemap

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_only_topic(db):
    """A topic on a draft, a piece in review, a scheduled piece, a draft event and a person
    with no public page: nothing readers may see."""
    topic = make_topic("Polar Claims")
    hidden_author = make_person("Ivo Marsh")
    hidden_author.topics.set([topic])
    common = {"authors": [hidden_author], "topics": [topic]}
    make_publication("Draft on claims", status="draft", **common)
    make_publication("Claims in review", status="review", **common)
    make_publication("Claims, embargoed", publish_at=timezone.now() + timedelta(days=2), **common)
    make_event("Claims workshop", status="draft", topics=[topic])
    return topic


@pytest.fixture
def public_topic(db):
    topic = make_topic("Arctic Shipping")
    make_publication("Ice routes", topics=[topic])
    return topic


TOPIC_ADDRESSES = [
    "/topics/{slug}/",
    "/publications/feed/topic/{slug}/rss/",
    "/publications/feed/topic/{slug}/atom/",
    "/publications/?topic={slug}",
    "/search/?q=claims&topic={slug}",
    "/experts/?topic={slug}",
    "/events/?topic={slug}",
]


@pytest.mark.parametrize("address", TOPIC_ADDRESSES)
def test_a_topic_used_only_on_drafts_is_unknown_to_readers(
    client, draft_only_topic, public_topic, address
):
    hidden = client.get(address.format(slug=draft_only_topic.slug))
    shown = client.get(address.format(slug=public_topic.slug))

    assert hidden.status_code == HTTPStatus.NOT_FOUND
    assert shown.status_code == HTTPStatus.OK


def test_the_search_forms_topic_menu_lists_only_public_topics(
    client, draft_only_topic, public_topic
):
    content = client.get("/search/").content.decode()

    assert f'<option value="{public_topic.slug}">Arctic Shipping</option>' in content
    assert "Polar Claims" not in content


def test_the_sitemap_lists_only_public_topics(client, draft_only_topic, public_topic):
    content = whole_sitemap(client)

    assert f"/topics/{public_topic.slug}/</loc>" in content
    assert f"/topics/{draft_only_topic.slug}/" not in content


def test_a_topic_of_a_published_event_alone_is_public(client):
    topic = make_topic("River Treaties")
    make_event("Treaty forum", topics=[topic])

    assert client.get(f"/topics/{topic.slug}/").status_code == HTTPStatus.OK
    assert f"/topics/{topic.slug}/</loc>" in whole_sitemap(client)


def test_a_public_experts_expertise_alone_makes_a_topic_public(client):
    """The expert's page links the topic and the topic's page lists the expert."""
    topic = make_topic("Water Security")
    expert = make_person("Lena Hart", is_expert=True)
    expert.topics.set([topic])

    page = client.get(f"/topics/{topic.slug}/")

    assert page.status_code == HTTPStatus.OK
    assert "Lena Hart" in page.content.decode()
    assert client.get(f"/experts/?topic={topic.slug}").status_code == HTTPStatus.OK


def test_a_topic_goes_public_with_its_first_piece_and_back_when_it_is_withdrawn(client):
    topic = make_topic("Grain Corridors")
    piece = make_publication("Grain study", status="draft", topics=[topic])
    assert client.get(f"/topics/{topic.slug}/").status_code == HTTPStatus.NOT_FOUND

    piece.status = "published"
    piece.save()
    assert client.get(f"/topics/{topic.slug}/").status_code == HTTPStatus.OK

    piece.status = "unpublished"
    piece.save()
    assert client.get(f"/topics/{topic.slug}/").status_code == HTTPStatus.NOT_FOUND


def test_public_topics_are_one_rule_over_every_kind_of_item(draft_only_topic, public_topic):
    assert list(Topic.objects.public()) == [public_topic]
