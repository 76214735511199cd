"""hreflang alternates and the language switcher offer exactly the editions readers can open."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from tests.factories import make_event, make_publication

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def main_language_after():
    """A request under /ru/ leaves Russian active in the thread: later tests expect English."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def hreflang(content):
    """{hreflang: href} of the page's <link rel="alternate" hreflang> elements."""
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', content))


def switcher(content):
    """{language code: href} of the links in the page's language switcher."""
    nav = re.search(r'<nav class="language-switcher" aria-label="[^"]+">(.*?)</nav>', content, re.S)
    return {
        code: href for href, code in re.findall(r'<a href="([^"]+)" hreflang="([^"]+)"', nav[1])
    }


@pytest.fixture
def original():
    return make_publication("Russians in exile", slug="russians-in-exile")


def test_draft_edition_gets_no_hreflang_and_switcher_goes_home(client, original):
    make_publication(
        "Россияне", slug="rossiyane", language="ru", edition_of=original, status="draft"
    )
    content = client.get("/publications/russians-in-exile/").content.decode()
    assert "ru" not in hreflang(content)
    assert switcher(content)["ru"] == "/ru/"
    assert switcher(content)["uk"] == "/uk/"


def test_published_edition_is_an_alternate_both_ways(client, original):
    make_publication("Россияне", slug="rossiyane", language="ru", edition_of=original)
    english = client.get("/publications/russians-in-exile/").content.decode()
    russian = client.get("/ru/publications/rossiyane/").content.decode()
    for content in (english, russian):
        assert hreflang(content) == {
            "en": "http://testserver/publications/russians-in-exile/",
            "ru": "http://testserver/ru/publications/rossiyane/",
            "x-default": "http://testserver/publications/russians-in-exile/",
        }
    assert switcher(english)["ru"] == "/ru/publications/rossiyane/"
    assert switcher(russian)["en"] == "/publications/russians-in-exile/"
    assert switcher(russian)["uk"] == "/uk/"


def test_scheduled_edition_is_not_an_alternate_yet(client, original):
    make_publication(
        "Россияне",
        slug="rossiyane",
        language="ru",
        edition_of=original,
        publish_at=timezone.now() + timedelta(days=1),
    )
    content = client.get("/publications/russians-in-exile/").content.decode()
    assert "ru" not in hreflang(content)


def test_event_editions_are_alternates(client):
    forum = make_event("Forum", slug="forum")
    make_event("Форум", slug="forum-ru", language="ru", edition_of=forum)
    content = client.get("/events/forum/").content.decode()
    assert hreflang(content)["ru"] == "http://testserver/ru/events/forum-ru/"
    assert "uk" not in hreflang(content)


def test_list_pages_have_every_language_and_x_default(client, original):
    content = client.get("/ru/publications/?type=analysis&page=1").content.decode()
    assert hreflang(content) == {
        "en": "http://testserver/publications/",
        "ru": "http://testserver/ru/publications/",
        "uk": "http://testserver/uk/publications/",
        "x-default": "http://testserver/publications/",
    }


def test_switcher_on_a_filtered_list_goes_to_the_other_languages_list(client, original):
    content = client.get("/publications/?type=analysis").content.decode()
    assert switcher(content) == {
        "en": "/publications/",
        "ru": "/ru/publications/",
        "uk": "/uk/publications/",
    }


def test_switcher_names_languages_in_their_own_language_and_marks_current(client, original):
    content = client.get("/uk/").content.decode()
    assert re.search(r'hreflang="uk" lang="uk" aria-current="true">Українська</a>', content)
    assert re.search(r'hreflang="ru" lang="ru">Русский</a>', content)
    assert re.search(r'hreflang="en" lang="en">English</a>', content)


def test_detail_page_query_count_does_not_grow_with_editions(client, original):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            client.get("/publications/russians-in-exile/")
        return len(captured)

    without = queries()
    make_publication("Россияне", slug="rossiyane", language="ru", edition_of=original)
    make_publication("Росіяни", slug="rosiyany", language="uk", edition_of=original)
    assert queries() == without


def test_not_found_page_switcher_offers_each_language_home(client):
    content = client.get("/ru/no-such-page/").content.decode()
    assert hreflang(content) == {}
    assert switcher(content) == {"en": "/", "ru": "/ru/", "uk": "/uk/"}
