"""What search engines, feed readers and link previews read: titles, descriptions, canonical
URLs, OpenGraph and Twitter cards, and JSON-LD that parses."""

import json
import re
from datetime import timedelta

import pytest

from tests.factories import (
    make_event,
    make_person,
    make_publication,
    make_region,
    make_topic,
    uploaded_jpeg,
)

pytestmark = pytest.mark.django_db


def head_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode().split("</head>", 1)[0]


def meta(head, key):
    match = re.search(rf'<meta (?:name|property)="{re.escape(key)}" content="([^"]*)"', head)
    return match.group(1) if match else None


def json_ld(head):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', head)
    assert len(blocks) == 1
    return json.loads(blocks[0])


@pytest.fixture
def world():
    garrow = make_person("Miriam Garrow", title="Analyst", is_expert=True)
    garrow.topics.add(make_topic("Global Policy"))
    publication = make_publication(
        "Exiles and the West",
        summary="Why the exile community matters.",
        authors=[garrow],
        topics=[make_topic("Global Policy")],
        regions=[make_region("Russia")],
        image=uploaded_jpeg(size=(1200, 630)),
        image_alt="Abstract rings",
    )
    event = make_event(
        "Exiles forum",
        venue_name="Conference Hall",
        venue_address="1450 Harbor Commons Avenue NW\nWashington, DC",
        is_online=True,
        speakers=[garrow],
        description="<p>Where exiles can live and work.</p>",
    )
    return {"publication": publication, "person": garrow, "event": event}


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/publications/",
        "/topics/",
        "/topics/global-policy/",
        "/regions/russia/",
        "/experts/",
        "/events/",
        "/search/",
    ],
)
def test_every_page_has_title_description_canonical_and_cards(client, world, url):
    head = head_of(client, url)

    assert re.search(r"<title>[^<]+— Meridian Institute for Peace</title>|<title>Meridian", head)
    assert meta(head, "description")
    assert f'<link rel="canonical" href="http://testserver{url}">' in head
    assert meta(head, "og:title")
    assert meta(head, "og:url") == f"http://testserver{url}"
    assert meta(head, "og:site_name") == "Meridian Institute for Peace"
    assert meta(head, "twitter:card") in {"summary", "summary_large_image"}


def test_filtered_list_is_canonical_with_its_filters_only(client, world):
    head = head_of(client, "/publications/?region=russia&utm_source=x")

    assert '<link rel="canonical" href="http://testserver/publications/?region=russia">' in head


def test_publication_page_has_article_cards_with_the_hero_image(client, world):
    publication = world["publication"]
    head = head_of(client, publication.get_absolute_url())
    image_url = f"http://testserver{publication.image.url}"

    assert "<title>Exiles and the West — Meridian Institute for Peace</title>" in head
    assert meta(head, "description") == "Why the exile community matters."
    assert meta(head, "og:type") == "article"
    assert meta(head, "og:image") == image_url
    assert meta(head, "og:image:alt") == "Abstract rings"
    assert meta(head, "twitter:card") == "summary_large_image"
    assert meta(head, "twitter:image") == image_url


def test_publication_json_ld_is_an_article_with_authors_and_publisher(client, world):
    publication = world["publication"]

    data = json_ld(head_of(client, publication.get_absolute_url()))

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Article"
    assert data["headline"] == "Exiles and the West"
    assert data["author"] == [
        {
            "@type": "Person",
            "name": "Miriam Garrow",
            "url": "http://testserver/experts/miriam-garrow/",
        }
    ]
    assert data["publisher"]["@type"] == "Organization"
    assert data["publisher"]["name"] == "Meridian Institute for Peace"
    assert data["image"] == [f"http://testserver{publication.image.url}"]
    assert data["datePublished"].startswith(str(publication.publish_at.date())[:4])


def test_person_json_ld(client, world):
    data = json_ld(head_of(client, world["person"].get_absolute_url()))

    assert data["@type"] == "Person"
    assert data["name"] == "Miriam Garrow"
    assert data["jobTitle"] == "Analyst"
    assert data["knowsAbout"] == ["Global Policy"]


def test_event_json_ld_has_location_and_performers(client, world):
    event = world["event"]

    data = json_ld(head_of(client, event.get_absolute_url()))

    assert data["@type"] == "Event"
    assert data["name"] == "Exiles forum"
    assert data["eventAttendanceMode"].endswith("MixedEventAttendanceMode")
    assert data["location"][0] == {
        "@type": "Place",
        "name": "Conference Hall",
        "address": "1450 Harbor Commons Avenue NW Washington, DC",
    }
    assert data["location"][1]["@type"] == "VirtualLocation"
    assert data["performer"][0]["name"] == "Miriam Garrow"
    assert data["startDate"].endswith("-05:00") or data["startDate"].endswith("-04:00")


def test_home_json_ld_offers_site_search(client, world):
    data = json_ld(head_of(client, "/"))

    assert data["@type"] == "WebSite"
    assert data["potentialAction"]["target"] == "http://testserver/search/?q={search_term_string}"


def test_json_ld_cannot_close_its_script_element(client):
    publication = make_publication("</script><script>alert(1)</script>")

    head = head_of(client, publication.get_absolute_url())

    assert json_ld(head)["headline"] == "</script><script>alert(1)</script>"
    assert "<script>alert(1)" not in head


def test_topic_page_lists_related_events_and_experts(client, world):
    topic = world["publication"].topics.get()
    world["event"].topics.add(topic)
    make_event("Old topic event", starts_in=-timedelta(days=30)).topics.add(topic)

    content = client.get(topic.get_absolute_url()).content.decode()

    assert "Upcoming events" in content
    assert "Exiles forum" in content
    assert "Old topic event" not in content
    assert '<a href="/experts/miriam-garrow/">Miriam Garrow</a>' in content


def test_print_stylesheet_hides_navigation_and_prints_link_addresses(client):
    css = pytest.importorskip("pathlib").Path(__file__).parent.parent / "static/css/site.css"
    stylesheet = css.read_text()
    print_rules = stylesheet.split("@media print", 1)[1]

    assert ".site-header" in print_rules
    assert "display: none" in print_rules
    assert 'content: " (" attr(href) ")"' in print_rules


def test_ampersands_reach_machines_as_text_not_entities(client):
    event = make_event("Guns & Butter", description="<p>Tom &amp; Jerry on trade.</p>")

    head = head_of(client, event.get_absolute_url())
    calendar = client.get(f"{event.get_absolute_url()}calendar.ics").content.decode()

    assert meta(head, "description") == "Tom &amp; Jerry on trade."
    assert json_ld(head)["description"] == "Tom & Jerry on trade."
    assert "DESCRIPTION:Tom & Jerry on trade." in calendar
