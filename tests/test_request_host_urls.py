"""Feeds and sitemaps write their addresses on the host the reader asked, whichever of the
site's hosts that is (mirrors, localhost in the demo): never on a configured Site.domain,
which django.contrib.sites would impose (and "example.com" by default)."""

import re
from http import HTTPStatus

import feedparser
import pytest
from django.urls import reverse

from tests.factories import make_event, make_publication

pytestmark = pytest.mark.django_db

HOSTS = ["localhost", "127.0.0.1"]
LOC = re.compile(r"<loc>([^<]+)</loc>")


def get(client, url, host):
    response = client.get(url, headers={"host": host})
    assert response.status_code == HTTPStatus.OK, url
    return response


@pytest.mark.parametrize("host", HOSTS)
@pytest.mark.parametrize("name", ["publications:feed", "publications:feed_atom"])
def test_a_feeds_links_use_the_host_asked(client, host, name):
    publication = make_publication("Exiles and the West")

    feed = feedparser.parse(get(client, reverse(name), host).content)

    assert feed.feed.link == f"http://{host}/publications/"
    assert [entry.link for entry in feed.entries] == [
        f"http://{host}{publication.get_absolute_url()}"
    ]


@pytest.mark.parametrize("host", HOSTS)
def test_the_sitemaps_locations_use_the_host_asked(client, host):
    publication = make_publication("Exiles and the West")
    event = make_event("Exiles forum")

    sections = LOC.findall(get(client, "/sitemap.xml", host).content.decode())
    assert sections
    assert all(section.startswith(f"http://{host}/sitemap-") for section in sections)
    pages = []
    for section in sections:
        path = section.removeprefix(f"http://{host}").replace("&amp;", "&")
        pages += LOC.findall(get(client, path, host).content.decode())

    assert f"http://{host}{publication.get_absolute_url()}" in pages
    assert f"http://{host}{event.get_absolute_url()}" in pages
    assert all(page.startswith(f"http://{host}/") for page in pages)
