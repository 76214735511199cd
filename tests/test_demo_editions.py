"""The demo in Russian and Ukrainian: the exile analysis in both, the USIP forum in Russian,
topic and region names and staff bios in both, loaded by load_demo and read as readers do.

Real people's words stay in the English they were reported in, each quotation followed by
our translation, marked as ours.
"""

import re
from html import unescape
from http import HTTPStatus
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from editorial.models import Region, Topic
from events.models import Event
from people.models import Person
from publications.models import Publication

EXILES = "russias-anti-war-exiles"
FORUM = "usip-forum-on-russias-exile-community"
EDITIONS = {"ru": "rossiyskie-antivoennye-emigranty", "uk": "rosiyski-antyvoienni-emihranty"}
RUSSIAN_FORUM = "forum-usip-o-rossiyskoy-emigratsii"
OUR_TRANSLATION = {"ru": "перевод редакции", "uk": "переклад редакції"}
REAL_PEOPLE = ["mary-glantz", "angela-stent", "andrei-soldatov", "natalya-lunde", "yevgenia-albats"]
CYRILLIC = re.compile("[а-яёіїєґА-ЯЁІЇЄҐ]")
SEED_DIR = Path(settings.BASE_DIR).parent / "shared" / "seed"


@pytest.fixture(autouse=True)
def media_root(settings, demo_media):
    """The pages read the demo's illustrations where loading the demo stored them."""
    settings.MEDIA_ROOT = demo_media


@pytest.fixture
def demo(loaded_demo, db):
    """Each test runs in a savepoint inside the demo's transaction."""
    return loaded_demo


def page_text(client, url):
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK, url
    return unescape(response.content.decode())


def article_body(html):
    start = html.index('<div class="article__body prose">')
    return html[start : html.index("</div>", start)]


def normalise(text):
    return " ".join(text.replace("’", "'").replace("‘", "'").split())


# What load_demo creates


@pytest.mark.parametrize("language", EDITIONS)
def test_analysis_has_a_published_edition_in_each_language_sharing_its_people_and_subjects(
    demo, language
):
    original = Publication.objects.get(slug=EXILES, language="en")
    edition = Publication.objects.published().get(slug=EDITIONS[language], language=language)

    assert edition.edition_of == original
    assert edition.type == original.type
    assert edition.image.name == original.image.name
    assert CYRILLIC.search(edition.image_alt)
    assert CYRILLIC.search(edition.image_caption)
    assert list(edition.ordered_authors) == list(original.ordered_authors)
    assert set(edition.experts_quoted.values_list("slug", flat=True)) == set(REAL_PEOPLE)
    assert set(edition.topics.all()) == set(original.topics.all())
    assert set(edition.regions.all()) == set(original.regions.all())
    assert edition.publish_at > original.publish_at
    # The same source, credited in the edition's language where the field is free text.
    assert (edition.source_relation, edition.source_title) == (
        original.source_relation,
        original.source_title,
    )
    assert edition.source_publisher in {"Институт мира США", "Інститут миру США"}


def test_usip_forum_has_a_russian_edition_with_its_summary_speakers_and_time(demo):
    forum = Event.objects.get(slug=FORUM, language="en")
    edition = Event.objects.published().get(slug=RUSSIAN_FORUM, language="ru")

    assert edition.edition_of == forum
    assert (edition.starts_at, edition.ends_at) == (forum.starts_at, forum.ends_at)
    assert [link.person.slug for link in edition.speaker_links.order_by("order")] == [
        "natalya-lunde",
        "andrei-soldatov",
    ]
    assert "Андрей Солдатов" in edition.summary
    assert edition.summary_published_at == forum.summary_published_at
    assert list(edition.related_publications.values_list("slug", flat=True)) == [EDITIONS["ru"]]
    assert not Event.objects.filter(edition_of=forum, language="uk").exists()


def test_every_topic_and_region_is_named_and_described_in_russian_and_ukrainian(demo):
    for subject in [*Topic.objects.all(), *Region.objects.all()]:
        for language in EDITIONS:
            translation = subject.translations[language]
            assert CYRILLIC.search(translation["name"]), (subject.slug, language)
            assert bool(translation.get("description")) == bool(subject.description)


def test_staff_bios_are_translated_and_real_peoples_bios_are_not(demo):
    for person in Person.objects.all():
        if person.slug in REAL_PEOPLE:
            assert person.bio_translations == {}, person.slug
        else:
            assert set(person.bio_translations) == set(EDITIONS), person.slug


def test_load_demo_names_the_editions_and_translations_it_created(demo):
    assert "2 publication editions" in demo
    assert "1 event editions" in demo
    assert "20 translated topic names" in demo
    assert "30 translated region names" in demo
    assert "10 translated bios" in demo


def test_a_second_load_fills_in_missing_names_and_keeps_what_editors_wrote(demo):
    topic = Topic.objects.get(slug="human-rights")
    topic.translations = {"ru": {"name": "Права человека (правка редактора)"}}
    topic.save()
    output = StringIO()

    call_command("load_demo", stdout=output)

    topic.refresh_from_db()
    assert topic.translations["ru"] == {"name": "Права человека (правка редактора)"}
    assert topic.translations["uk"]["name"] == "Права людини"
    assert "created 1 translated topic names" in output.getvalue()


# What readers see


@pytest.mark.parametrize("language", EDITIONS)
def test_edition_page_is_served_under_its_language_with_its_own_title(demo, client, language):
    edition = Publication.objects.get(slug=EDITIONS[language])
    html = page_text(client, f"/{language}/publications/{edition.slug}/")

    assert f'<html lang="{language}"' in html
    assert f'<h1 class="article__title">{edition.title}</h1>' in html
    assert edition.source_title in html


def test_russian_forum_page_says_it_was_usips_and_shows_the_russian_summary(demo, client):
    html = page_text(client, f"/ru/events/{RUSSIAN_FORUM}/")

    assert "Форум USIP о сообществе российских эмигрантов" in html
    assert "Мы его не организовывали и в нём не участвовали" in html
    assert "Наталья Лунде из Free Russia Foundation" in html


def test_russian_topic_list_names_topics_in_russian(demo, client):
    html = page_text(client, "/ru/topics/")

    assert "Глобальная политика" in html
    assert "Анализ и предотвращение конфликтов" in html


# Real people's words


def seed_text():
    pages = sorted(SEED_DIR.glob("*.txt"))
    assert pages, f"the seed page is missing: expected it in {SEED_DIR}"
    return normalise("\n".join(path.read_text(encoding="utf-8") for path in pages))


@pytest.mark.parametrize("language", EDITIONS)
def test_edition_quotes_real_people_in_their_english_words_with_our_translation(
    demo, client, language
):
    body = article_body(page_text(client, f"/{language}/publications/{EDITIONS[language]}/"))
    seed = seed_text()
    quoted_paragraphs = [p for p in body.split("</p>") if "“" in p]

    quotes = re.findall(r"“([^”]*)”", body)
    assert len(quotes) >= 8
    for quote in quotes:
        assert normalise(quote).rstrip(",.") in seed, quote
    for paragraph in quoted_paragraphs:
        quotations = paragraph.count("“")
        translations = paragraph.count(OUR_TRANSLATION[language])
        # A quotation split by "he said" shares one translation with its second half.
        assert translations >= quotations - paragraph.count(",” —"), paragraph
        assert translations > 0, paragraph
