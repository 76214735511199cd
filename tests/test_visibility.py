"""Drafts, items in review and embargoed items never reach a reader, on any public page."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from publications.models import Publication
from tests.factories import make_publication

pytestmark = pytest.mark.django_db

HIDDEN_TITLES = ["Secret draft", "Pending review", "Embargoed until later"]


def assert_hides_unpublished(response):
    assert response.status_code == HTTPStatus.OK
    content = response.content.decode()
    for title in HIDDEN_TITLES:
        assert title not in content


def test_published_excludes_draft_review_and_future(unpublished):
    visible = make_publication("Out in the open")

    assert list(Publication.objects.published()) == [visible]


def test_published_includes_item_whose_time_has_just_come():
    publication = make_publication(publish_at=timezone.now() - timedelta(seconds=1))

    assert publication in Publication.objects.published()


def test_publishing_without_a_date_publishes_now():
    publication = make_publication(publish_at=None)

    assert publication.publish_at is not None
    assert publication in Publication.objects.published()


@pytest.mark.parametrize("title", HIDDEN_TITLES)
def test_unpublished_detail_is_404(client, unpublished, title):
    publication = next(p for p in unpublished if p.title == title)

    response = client.get(publication.get_absolute_url())

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_home_hides_unpublished(client, unpublished):
    make_publication("Visible one", is_featured=True)

    assert_hides_unpublished(client.get(reverse("publications:home")))


def test_featured_draft_does_not_lead_home(client):
    make_publication("Featured draft", status="draft", is_featured=True)
    make_publication("Public piece")

    content = client.get(reverse("publications:home")).content.decode()

    assert "Featured draft" not in content
    assert "Public piece" in content


def published_alongside(unpublished):
    """A published piece on the hidden items' topic and region, which makes those public."""
    hidden = unpublished[0]
    return make_publication(
        "Out in the open", topics=hidden.topics.all(), regions=hidden.regions.all()
    )


@pytest.mark.parametrize("query", ["", "?topic=hidden-matters", "?region=nowhere"])
def test_list_and_filters_hide_unpublished(client, unpublished, query):
    published_alongside(unpublished)

    response = client.get(reverse("publications:list") + query)

    assert_hides_unpublished(response)


def test_topic_and_region_pages_hide_unpublished(client, unpublished):
    published_alongside(unpublished)
    assert_hides_unpublished(client.get(reverse("publications:topic", args=["hidden-matters"])))
    assert_hides_unpublished(client.get(reverse("publications:region", args=["nowhere"])))


def test_topic_list_counts_only_published(client, unpublished):
    content = client.get(reverse("publications:topics")).content.decode()

    assert "Hidden Matters" not in content


def test_expert_page_hides_unpublished(client, unpublished):
    author = unpublished[0].authors.get()
    make_publication("Out in the open", authors=[author])

    assert_hides_unpublished(client.get(author.get_absolute_url()))


def test_person_named_only_on_unpublished_items_has_no_public_page(client, unpublished):
    author = unpublished[0].authors.get()

    assert client.get(author.get_absolute_url()).status_code == 404
    assert client.get("/publications/?expert=hidden-author").status_code == 404
    assert "Hidden Author" not in client.get("/search/?q=Hidden").content.decode()


def test_related_lists_hide_unpublished(client, unpublished):
    topic = unpublished[0].topics.get()
    reader_facing = make_publication("Reader facing", topics=[topic])
    for hidden in unpublished:
        reader_facing.related_links.create(to_publication=hidden)

    response = client.get(reader_facing.get_absolute_url())

    assert_hides_unpublished(response)


def test_facets_do_not_count_unpublished(client, unpublished):
    make_publication("Visible one")

    content = client.get(reverse("publications:list")).content.decode()

    assert "Hidden Matters" not in content
    assert "Nowhere" not in content
    assert "Hidden Author" not in content
