"""A reader (or a search engine) who starts at the home page, robots.txt or the sitemap and
follows every link never reaches an error."""

from io import StringIO

import pytest
from django.core.management import call_command

from tests.support.crawler import Crawl

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_site(db):
    call_command("load_demo", allow_production=True, stdout=StringIO())


def describe(broken):
    return "\n".join(
        f"{status} {url}\n    linked from: {', '.join(pages[:5])}" for url, status, pages in broken
    )


def test_every_link_in_the_demo_resolves(client, demo_site):
    crawl = Crawl(limit=2000).run(client)

    assert crawl.broken == [], describe(crawl.broken)
    # It really went everywhere: the flagship analysis, a person it quotes, feeds, files.
    for address in (
        "/publications/russias-anti-war-exiles/",
        "/experts/yevgenia-albats/",
        "/publications/feed/atom/",
        "/regions/",
        "/sitemap.xml",
    ):
        assert crawl.statuses.get(address) == 200, address
    assert any(address.startswith("/media/") for address in crawl.statuses)
    assert len(crawl.statuses) > 200
