from datetime import timedelta
from http import HTTPStatus

import feedparser
import pytest
from django.urls import reverse

from tests.factories import (
    make_event,
    make_person,
    make_publication,
    make_region,
    make_topic,
    make_type,
    uploaded_jpeg,
)
from tests.support.sitemaps import whole_sitemap

pytestmark = pytest.mark.django_db


def parse(client, url):
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return response, feed


@pytest.fixture
def analysis():
    return make_publication(
        "Exiles and the West",
        summary="Why the exile community matters, in full.",
        authors=[make_person("Miriam Garrow"), make_person("Anna Strand")],
        topics=[make_topic("Global Policy"), make_topic("Human Rights")],
        regions=[make_region("Russia")],
        image=uploaded_jpeg(size=(800, 450)),
    )


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("publications:feed", "application/rss+xml"),
        ("publications:feed_atom", "application/atom+xml"),
    ],
)
def test_feed_items_carry_summary_authors_categories_and_image(
    client, analysis, name, content_type
):
    response, feed = parse(client, reverse(name))
    [entry] = feed.entries

    assert response["Content-Type"].startswith(content_type)
    assert entry.title == "Exiles and the West"
    assert entry.summary == "Why the exile community matters, in full."
    assert entry.link.endswith(analysis.get_absolute_url())
    assert "Miriam Garrow and Anna Strand" in entry.author
    assert {tag.term for tag in entry.tags} == {"Global Policy", "Human Rights"}
    [enclosure] = [link for link in entry.links if link.rel == "enclosure"]
    assert enclosure.href == f"http://testserver{analysis.image.url}"
    assert enclosure.type == "image/jpeg"
    assert int(enclosure.length) == analysis.image.size


def test_feeds_hold_only_published_publications(client, analysis):
    make_publication("Draft piece", status="draft")
    make_publication("Embargoed piece", publish_at=analysis.publish_at + timedelta(days=400))

    _response, feed = parse(client, reverse("publications:feed"))

    assert [entry.title for entry in feed.entries] == ["Exiles and the West"]


@pytest.mark.parametrize(
    ("kind", "slug"),
    [
        ("topic", "global-policy"),
        ("region", "russia"),
        ("expert", "miriam-garrow"),
        ("type", "analysis"),
    ],
)
def test_scoped_feeds_hold_only_their_scope(client, analysis, kind, slug):
    make_publication("Unrelated", type=make_type("Report"))

    for name in ["publications:scoped_feed", "publications:scoped_feed_atom"]:
        _response, feed = parse(client, reverse(name, args=[kind, slug]))
        assert [entry.title for entry in feed.entries] == ["Exiles and the West"]


@pytest.mark.parametrize(
    "url", ["/publications/feed/topic/nope/rss/", "/publications/feed/colour/red/rss/"]
)
def test_unknown_feed_is_404(client, url):
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_events_feed_lists_published_events(client):
    make_event("Exiles forum", summary="<p>What was <strong>said</strong>.</p>")
    make_event("Draft forum", status="draft")

    for name in ["events:feed", "events:feed_atom"]:
        _response, feed = parse(client, reverse(name))
        [entry] = feed.entries
        assert entry.title.startswith("Exiles forum (Forum, ")
        assert entry.summary == "What was said."


@pytest.mark.parametrize(
    ("url_for", "feed_url"),
    [
        (lambda a: "/", "/publications/feed/rss/"),
        (lambda a: "/publications/", "/publications/feed/atom/"),
        (
            lambda a: "/publications/?topic=global-policy",
            "/publications/feed/topic/global-policy/rss/",
        ),
        (lambda a: "/topics/global-policy/", "/publications/feed/topic/global-policy/atom/"),
        (lambda a: "/regions/russia/", "/publications/feed/region/russia/rss/"),
        (lambda a: "/experts/miriam-garrow/", "/publications/feed/expert/miriam-garrow/rss/"),
        (lambda a: "/events/", "/events/feed/rss/"),
    ],
)
def test_pages_announce_their_feeds(client, analysis, url_for, feed_url):
    content = client.get(url_for(analysis)).content.decode()

    assert f'href="{feed_url}"' in content
    assert 'rel="alternate"' in content


def test_sitemap_lists_public_pages_with_lastmod(client, analysis):
    draft = make_publication("Draft piece", status="draft")
    expert = make_person("Anna Strand Expert", is_expert=True)
    event = make_event("Exiles forum")

    content = whole_sitemap(client)

    for page in [analysis, expert, event, analysis.topics.first()]:
        assert f"<loc>http://testserver{page.get_absolute_url()}</loc>" in content
    assert draft.get_absolute_url() not in content
    assert content.count("<lastmod>") == content.count("<loc>")


def test_robots_txt_names_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
    assert "Disallow: /admin/" in response.content.decode()
