"""Search per language: a page searches the items of its own language, parsed as that
language's words (editorial/search.py CONFIGS)."""

from http import HTTPStatus

import pytest
from django.db import connection

from editorial.search_index import INDEXES
from tests.factories import make_event, make_publication

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Russian stemming is PostgreSQL's `russian` configuration; SQLite's FTS5 has no "
    "Russian stemmer and finds the word as written",
)
sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the FTS5 index exists on SQLite only"
)


def found(client, path, query):
    response = client.get(path, {"q": query})
    assert response.status_code == HTTPStatus.OK
    return [item.title for item in response.context["page_obj"].object_list]


def found_events(client, path, query):
    response = client.get(path, {"q": query, "kind": "events"})
    assert response.status_code == HTTPStatus.OK
    return [item.title for item in response.context["page_obj"].object_list]


@postgres_only
def test_russian_search_finds_other_forms_of_a_word(client):
    make_publication(
        "Новая волна",
        language="ru",
        slug="novaya-volna",
        summary="Обзор.",
        body="<p>Число эмигрантов в Казахстане растёт третий год.</p>",
    )

    assert found(client, "/ru/search/", "эмигранты") == ["Новая волна"]
    assert found(client, "/ru/search/", "Эмигрант") == ["Новая волна"]


@postgres_only
def test_russian_title_matches_come_before_body_matches(client):
    make_publication(
        "Эмигранты в Грузии",
        language="ru",
        slug="emigranty-v-gruzii",
        days_ago=5,
    )
    make_publication(
        "Обзор прессы",
        language="ru",
        slug="obzor-pressy",
        body="<p>Об эмигрантах пишут мало.</p>",
        days_ago=1,
    )

    assert found(client, "/ru/search/", "эмигрантами") == ["Эмигранты в Грузии", "Обзор прессы"]


def test_ukrainian_search_folds_case_and_finds_the_exact_word(client):
    make_publication(
        "Огляд",
        language="uk",
        slug="ohliad",
        summary="Короткий огляд.",
        body="<p>Допомога, яку отримує україна від діаспори.</p>",
    )

    assert found(client, "/uk/search/", "Україна") == ["Огляд"]
    assert found(client, "/uk/search/", "ДІАСПОРИ") == ["Огляд"]
    assert found(client, "/uk/search/", "Польща") == []


def test_each_language_searches_only_its_own_items(client):
    make_publication("Bishkek notes", body="<p>Bishkek in winter.</p>")
    make_publication("Заметки о Бишкеке", language="ru", slug="zametki", body="<p>Bishkek.</p>")
    make_event("Bishkek forum")
    make_event("Форум в Бишкеке", language="ru", slug="forum-ru", summary="<p>Bishkek.</p>")

    assert found(client, "/search/", "Bishkek") == ["Bishkek notes"]
    assert found(client, "/ru/search/", "Bishkek") == ["Заметки о Бишкеке"]
    assert found(client, "/uk/search/", "Bishkek") == []
    assert found_events(client, "/search/", "Bishkek") == ["Bishkek forum"]
    assert found_events(client, "/ru/search/", "Bishkek") == ["Форум в Бишкеке"]


def test_a_russian_draft_is_never_found(client):
    make_publication(
        "Черновик об эмигрантах",
        language="ru",
        slug="chernovik",
        status="draft",
        body="<p>эмигрантов</p>",
    )

    assert found(client, "/ru/search/", "эмигрантов") == []
    assert found(client, "/ru/search/", "Черновик") == []


def test_russian_excerpt_highlights_the_word_found(client):
    make_publication(
        "Сети",
        language="ru",
        slug="seti",
        summary="Обзор.",
        body="<p>Независимые редакции работают из Риги.</p>",
    )

    response = client.get("/ru/search/", {"q": "редакции"})

    assert "<mark>редакции</mark>" in response.content.decode()


@sqlite_only
def test_sqlite_index_keeps_cyrillic_words_whole_and_lower_cased(client):
    """FTS5's Porter stemmer leaves words that are not ASCII as the tokenizer gives them, and
    unicode61 folds Cyrillic case but keeps й and ё (its accent folding is for Latin)."""
    make_publication(
        "Мой край",
        language="ru",
        slug="moi-krai",
        summary="Обзор.",
        body="<p>ЭМИГРАНТОВ стало больше, чем ждали. Ещё</p>",
    )
    table = INDEXES["publications.publication"].table
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, {table}, 'row')")
        cursor.execute("SELECT term FROM temp.vocab")
        terms = {row[0] for row in cursor.fetchall()}
        cursor.execute("DROP TABLE temp.vocab")

    assert {"эмигрантов", "стало", "больше", "мой", "край", "ещё"} <= terms
    assert found(client, "/ru/search/", "эмигрантов") == ["Мой край"]
    assert found(client, "/ru/search/", "эмигранты") == []
