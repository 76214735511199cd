"""A page's language is said by its address alone, never by the browser or a cookie."""

import pytest
from django.utils import translation

from editorial.languages import (
    current_language,
    language_name,
    main_language,
    site_languages,
)

pytestmark = pytest.mark.django_db


def test_russian_prefix_gives_a_russian_page(client):
    response = client.get("/ru/")

    assert response.status_code == 200
    assert response["Content-Language"] == "ru"
    assert '<html lang="ru"' in response.content.decode()


def test_ukrainian_prefix_gives_a_ukrainian_page(client):
    response = client.get("/uk/publications/")

    assert response.status_code == 200
    assert response["Content-Language"] == "uk"
    assert '<html lang="uk"' in response.content.decode()


def test_browser_asking_for_russian_still_gets_english_at_the_unprefixed_address(client):
    response = client.get("/", headers={"accept-language": "ru,uk;q=0.8"})

    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    assert '<html lang="en"' in response.content.decode()
    assert "accept-language" not in response.get("Vary", "").lower()


def test_language_cookie_is_ignored(client):
    client.cookies["django_language"] = "ru"

    response = client.get("/publications/")

    assert response["Content-Language"] == "en"
    assert '<html lang="en"' in response.content.decode()


def test_admin_stays_english_whatever_the_browser_asks(client):
    response = client.get("/admin/login/", headers={"accept-language": "ru"})

    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    assert "Log in" in response.content.decode()
    assert "accept-language" not in response.get("Vary", "").lower()


def test_language_helpers_follow_settings_and_the_active_language(settings):
    assert main_language() == "en"
    assert [code for code, _ in site_languages()] == ["en", "ru", "uk"]
    assert language_name("uk") == "Українська"
    with translation.override("ru-ru"):
        assert current_language() == "ru"
    with translation.override("de"):
        assert current_language() == "en"


def test_main_menu_marks_the_section_in_every_language(client):
    for prefix in ("", "/ru", "/uk"):
        html = client.get(f"{prefix}/events/").content.decode()

        assert f'<a href="{prefix}/events/" aria-current="page">' in html
        assert f'<a href="{prefix}/publications/" aria-current' not in html
