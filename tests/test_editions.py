"""Editions in other languages on the public site: each is its own item, seen by the readers
of its language once published, and by no one else."""

from http import HTTPStatus

import pytest
from django.conf import settings
from django.utils import translation

from editorial import page_cache
from tests.factories import make_event, make_person, make_publication, make_region, make_topic

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def main_language_after():
    """A request under /ru/ leaves Russian active in the thread: later tests expect English."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def original():
    return make_publication(
        "Russians in exile", slug="russians-in-exile", topics=[make_topic("Diaspora")]
    )


def russian_edition(original, **fields):
    fields.setdefault("status", "published")
    return make_publication(
        "Россияне в эмиграции",
        slug="rossiyane-v-emigratsii",
        language="ru",
        edition_of=original,
        topics=list(original.topics.all()),
        **fields,
    )


def test_draft_edition_is_invisible_to_russian_readers(client, original):
    russian_edition(original, status="draft")
    assert client.get("/ru/publications/rossiyane-v-emigratsii/").status_code == 404
    assert "Россияне в эмиграции" not in client.get("/ru/publications/").content.decode()
    assert "Россияне в эмиграции" not in client.get("/ru/publications/feed/rss/").content.decode()
    assert "Россияне в эмиграции" not in client.get("/ru/").content.decode()


def test_published_edition_appears_in_russian_pages_and_feed(client, original):
    russian_edition(original)
    page = client.get("/ru/publications/rossiyane-v-emigratsii/")
    assert page.status_code == HTTPStatus.OK
    assert "Россияне в эмиграции" in page.content.decode()
    assert "Россияне в эмиграции" in client.get("/ru/publications/").content.decode()
    assert "Россияне в эмиграции" in client.get("/ru/publications/feed/rss/").content.decode()
    assert "Россияне в эмиграции" in client.get("/ru/").content.decode()


def test_english_pages_never_show_russian_items(client, original):
    russian_edition(original)
    for address in ["/", "/publications/", "/publications/feed/rss/", "/topics/diaspora/"]:
        content = client.get(address).content.decode()
        assert "Russians in exile" in content, address
        assert "Россияне в эмиграции" not in content, address


def test_russian_pages_never_show_english_items(client, original):
    russian_edition(original)
    for address in ["/ru/", "/ru/publications/", "/ru/publications/feed/rss/"]:
        content = client.get(address).content.decode()
        assert "Russians in exile" not in content, address


def test_russian_topic_feed_contains_only_russian_items(client, original):
    russian_edition(original)
    content = client.get("/ru/publications/feed/topic/diaspora/rss/").content.decode()
    assert "Россияне в эмиграции" in content
    assert "Russians in exile" not in content


def test_edition_is_found_by_slug_within_its_language(client, original):
    russian_edition(original)
    assert client.get("/publications/rossiyane-v-emigratsii/").status_code == 404
    assert client.get("/ru/publications/russians-in-exile/").status_code == 404


def test_editions_may_share_the_original_slug(client, original):
    make_publication("Россияне", slug="russians-in-exile", language="ru", edition_of=original)
    assert "Россияне" in client.get("/ru/publications/russians-in-exile/").content.decode()
    assert "Russians in exile" in client.get("/publications/russians-in-exile/").content.decode()


def test_staff_preview_of_a_draft_edition_finds_it_in_its_language(admin_client, original):
    make_publication(
        "Черновик", slug="russians-in-exile", language="ru", edition_of=original, status="draft"
    )
    assert "Черновик" in admin_client.get("/ru/publications/russians-in-exile/").content.decode()
    assert "Черновик" not in admin_client.get("/publications/russians-in-exile/").content.decode()


def test_event_edition_is_listed_in_its_language_only(client):
    forum = make_event("Forum on exile", slug="forum")
    make_event("Форум об эмиграции", slug="forum-ru", language="ru", edition_of=forum)
    assert "Форум об эмиграции" in client.get("/ru/events/").content.decode()
    assert "Forum on exile" not in client.get("/ru/events/").content.decode()
    assert "Форум об эмиграции" not in client.get("/events/").content.decode()
    assert client.get("/ru/events/forum-ru/").status_code == HTTPStatus.OK
    assert client.get("/events/forum-ru/").status_code == 404


def test_person_page_lists_publications_in_the_page_language(client):
    author = make_person("Maria Lipman", slug="maria-lipman")
    english = make_publication("English analysis", authors=[author])
    make_publication("Русский анализ", authors=[author], language="ru", edition_of=english)
    assert "Русский анализ" in client.get("/ru/experts/maria-lipman/").content.decode()
    assert "Русский анализ" not in client.get("/experts/maria-lipman/").content.decode()


def test_topic_and_region_names_in_russian(client, original):
    topic = original.topics.get()
    topic.translations = {"ru": {"name": "Диаспора", "description": "Эмиграция и её голоса."}}
    topic.save()
    region = make_region("Russia", translations={"ru": {"name": "Россия"}})
    russian_edition(original).regions.set([region])
    topics = client.get("/ru/topics/").content.decode()
    assert "Диаспора" in topics
    topic_page = client.get("/ru/topics/diaspora/").content.decode()
    assert "Эмиграция и её голоса." in topic_page
    assert "Россия" in client.get("/ru/regions/").content.decode()
    assert "Диаспора" not in client.get("/topics/").content.decode()


def test_russian_publication_list_filter_shows_russian_topic_name(client, original):
    topic = original.topics.get()
    topic.translations = {"ru": {"name": "Диаспора"}}
    topic.save()
    russian_edition(original)
    assert "Диаспора" in client.get("/ru/publications/").content.decode()


def test_person_bio_in_russian_with_english_fallback(client):
    person = make_person(
        "Andrei Soldatov",
        slug="andrei-soldatov",
        bio="<p>Journalist.</p>",
        bio_translations={"ru": "<p>Журналист.</p>"},
    )
    make_publication(authors=[person])
    assert "Журналист." in client.get("/ru/experts/andrei-soldatov/").content.decode()
    assert "Journalist." in client.get("/uk/experts/andrei-soldatov/").content.decode()
    assert "Journalist." in client.get("/experts/andrei-soldatov/").content.decode()


def test_sitemap_lists_published_editions_at_their_addresses(client, original):
    russian_edition(original)
    make_publication(
        "Чернетка", slug="chernetka", language="uk", edition_of=original, status="draft"
    )
    content = client.get("/sitemap-publications.xml").content.decode()
    assert "/ru/publications/rossiyane-v-emigratsii/" in content
    assert "/publications/russians-in-exile/" in content
    assert "chernetka" not in content


def test_sitemap_entries_name_their_published_editions_as_alternates(client, original):
    russian_edition(original)
    make_publication(
        "Чернетка", slug="chernetka", language="uk", edition_of=original, status="draft"
    )
    content = client.get("/sitemap-publications.xml").content.decode()
    expected = [
        '<xhtml:link rel="alternate" hreflang="en" '
        'href="http://testserver/publications/russians-in-exile/"/>',
        '<xhtml:link rel="alternate" hreflang="ru" '
        'href="http://testserver/ru/publications/rossiyane-v-emigratsii/"/>',
        '<xhtml:link rel="alternate" hreflang="x-default" '
        'href="http://testserver/publications/russians-in-exile/"/>',
    ]
    for link in expected:
        # Both the original's entry and the edition's name the whole group.
        assert content.count(link) == 2, link
    assert 'hreflang="uk"' not in content


def test_cyrillic_title_gets_a_latin_slug(original):
    edition = make_publication("Россияне в эмиграции", language="ru", edition_of=original)
    assert edition.slug == "rossiyane-v-emigracii"


def test_topic_sitemap_lists_every_language_with_alternates(client, original):
    content = client.get("/sitemap-topics.xml").content.decode()
    for address in ["/topics/diaspora/", "/ru/topics/diaspora/", "/uk/topics/diaspora/"]:
        assert f"<loc>http://testserver{address}</loc>" in content
    assert 'hreflang="x-default" href="http://testserver/topics/diaspora/"' in content


def test_values_kept_per_generation_are_kept_per_language(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "editions-per-language",
        }
    }
    page_cache._state.update(down_until=0.0, warned_at=0.0)
    with translation.override("ru"):
        assert page_cache.per_generation("editions-test", lambda: "русский") == "русский"
    assert page_cache.per_generation("editions-test", lambda: "english") == "english"
    with translation.override("ru"):
        assert page_cache.per_generation("editions-test", lambda: "recomputed") == "русский"
