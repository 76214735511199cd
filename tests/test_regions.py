"""Readers can browse by region: an index, and a page per region like a topic's."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse

from tests.factories import make_event, make_person, make_publication, make_region
from tests.support.sitemaps import whole_sitemap

pytestmark = pytest.mark.django_db


def test_regions_index_lists_regions_with_their_public_publication_counts(client):
    baltics = make_region("Baltic States", description="Estonia, Latvia and Lithuania.")
    steppe = make_region("Steppe")
    make_publication(regions=[baltics])
    make_publication(regions=[baltics, steppe])

    response = client.get("/regions/")
    html = response.content.decode()

    assert response.status_code == HTTPStatus.OK
    assert '<a href="/regions/baltic-states/">Baltic States</a>' in html
    assert "Estonia, Latvia and Lithuania." in html
    assert "2 publications" in html
    assert "1 publication<" in html


def test_regions_index_leaves_out_regions_with_nothing_public(client, unpublished):
    make_region("Empty Quarter")

    html = client.get(reverse("publications:regions")).content.decode()

    assert "Nowhere" not in html  # only on drafts, reviews and embargoed items
    assert "Empty Quarter" not in html
    assert "Nothing has been published about a region yet." in html


def test_region_known_only_by_drafts_is_not_found(client, unpublished):
    response = client.get("/regions/nowhere/")

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_regions_are_in_the_main_navigation_and_on_the_topics_page(client):
    assert 'href="/regions/"' in client.get("/").content.decode()
    assert 'href="/regions/"' in client.get("/topics/").content.decode()


def test_region_page_shows_upcoming_events_and_experts_who_wrote_about_it(client):
    region = make_region("Caspian")
    writer = make_person("Oskar Lindqvist", is_expert=True)
    make_person("Unrelated Expert", is_expert=True)
    make_publication("Caspian pipelines", regions=[region], authors=[writer])
    make_event("Caspian roundtable", regions=[region], starts_in=timedelta(days=10))
    make_event("Elsewhere meeting", starts_in=timedelta(days=10))

    html = client.get(region.get_absolute_url()).content.decode()

    assert "Upcoming events" in html
    assert "Caspian roundtable" in html
    assert "Elsewhere meeting" not in html
    assert '<a href="/experts/oskar-lindqvist/">Oskar Lindqvist</a>' in html
    assert "Unrelated Expert" not in html
    assert 'href="/events/?region=caspian"' in html


def test_region_page_falls_back_to_recent_events_when_none_are_coming(client):
    region = make_region("Caspian")
    make_publication(regions=[region])
    make_event("Last spring's forum", regions=[region], starts_in=-timedelta(days=60))

    html = client.get(region.get_absolute_url()).content.decode()

    assert "Recent events" in html
    assert "Last spring" in html


def test_sitemap_lists_public_region_pages_with_lastmod(client, unpublished):
    make_publication(regions=[make_region("Baltic States")])
    make_event(regions=[make_region("Caspian")])

    xml = whole_sitemap(client)

    for slug in ("baltic-states", "caspian"):
        entry = xml.split(f"<loc>http://testserver/regions/{slug}/</loc>")[1].split("</url>")[0]
        assert "<lastmod>" in entry
    assert "/regions/nowhere/" not in xml
