"""The sitemap is an index of section files, each paginated, so no file grows with the archive."""

import re
from http import HTTPStatus

import pytest

from publications.sitemaps import PublicationSitemap
from tests.factories import make_event, make_person, make_publication
from tests.support.sitemaps import section_urls, whole_sitemap

pytestmark = pytest.mark.django_db

LOC = re.compile(r"<loc>([^<]+)</loc>")


def test_the_sitemap_is_an_index_of_sections(client):
    make_publication("Exiles and the war")
    make_event("Exiles forum")

    sections = section_urls(client)

    assert "/sitemap-publications.xml" in sections
    assert "/sitemap-events.xml" in sections
    assert "/sitemap-people.xml" in sections
    index = client.get("/sitemap.xml").content.decode()
    assert index.count("<lastmod>") >= 2, "sections with content say when they last changed"


def test_a_large_section_is_split_into_files_of_at_most_its_limit(client, monkeypatch):
    monkeypatch.setattr(PublicationSitemap, "limit", 3)
    published = [make_publication(f"Piece {n}") for n in range(7)]
    make_publication("Still a draft", status="draft")

    files = [url for url in section_urls(client) if "publications" in url]

    assert files == [
        "/sitemap-publications.xml",
        "/sitemap-publications.xml?p=2",
        "/sitemap-publications.xml?p=3",
    ]
    listed = []
    for url in files:
        content = client.get(url).content.decode()
        urls = LOC.findall(content)
        assert 1 <= len(urls) <= 3
        listed += urls
    assert sorted(listed) == sorted(f"http://testserver{p.get_absolute_url()}" for p in published)
    assert client.get("/sitemap-publications.xml?p=4").status_code == HTTPStatus.NOT_FOUND


def test_authors_who_are_not_listed_experts_have_their_pages_in_the_sitemap(client):
    author = make_person("Mira Okafor")
    hidden_author = make_person("Tomas Brenner")
    make_publication("Published piece", authors=[author])
    make_publication("Embargoed piece", authors=[hidden_author], status="draft")

    content = whole_sitemap(client)

    assert f"<loc>http://testserver{author.get_absolute_url()}</loc>" in content
    assert hidden_author.get_absolute_url() not in content


def test_an_unknown_section_or_page_is_a_404(client):
    assert client.get("/sitemap-nothing.xml").status_code == HTTPStatus.NOT_FOUND
    assert client.get("/sitemap-publications.xml?p=abc").status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize("count", [1, 6])
def test_the_index_and_a_section_cost_the_same_queries_whatever_their_size(
    client, django_assert_max_num_queries, count
):
    for number in range(count):
        make_publication(f"Piece {number}")
        make_event(f"Forum {number}")
    with django_assert_max_num_queries(12):
        assert client.get("/sitemap.xml").status_code == HTTPStatus.OK
    with django_assert_max_num_queries(3):
        assert client.get("/sitemap-publications.xml").status_code == HTTPStatus.OK
