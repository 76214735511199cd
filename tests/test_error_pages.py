"""Readers who reach a page that does not exist, or one that failed, are helped on their way."""

from http import HTTPStatus

import pytest
from django.test import RequestFactory
from django.urls import get_resolver

pytestmark = pytest.mark.django_db


def assert_helps_the_lost_reader(html):
    assert 'class="site-header"' in html
    assert 'role="search"' in html
    assert 'action="/search/"' in html
    for address in ("/publications/", "/experts/", "/events/"):
        assert f'href="{address}"' in html


def test_unknown_address_gets_the_branded_not_found_page(client):
    response = client.get("/no-such-page/")

    assert response.status_code == HTTPStatus.NOT_FOUND
    html = response.content.decode()
    assert "We can't find that page" in html
    assert_helps_the_lost_reader(html)
    assert '<meta name="robots" content="noindex">' in html


def test_unknown_filter_value_gets_the_branded_not_found_page(client):
    response = client.get("/publications/?type=no-such-type")

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "We can't find that page" in response.content.decode()


def test_unpublished_item_gets_the_branded_not_found_page(client):
    response = client.get("/experts/nobody-by-that-name/")

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert_helps_the_lost_reader(response.content.decode())


def server_error_page():
    handler = get_resolver().resolve_error_handler(500)
    return handler(RequestFactory().get("/publications/"))


def test_server_error_page_renders_without_touching_the_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = server_error_page()

    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    html = response.content.decode()
    assert "We can't show that page right now" in html
    assert_helps_the_lost_reader(html)


def test_server_error_page_renders_with_the_database_blocked(settings, django_db_blocker):
    with django_db_blocker.block():
        response = server_error_page()

    html = response.content.decode()
    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    assert settings.SITE_NAME in html
    assert 'href="/static/css/site.css"' in html


def test_a_view_that_fails_shows_the_branded_server_error_page(client, monkeypatch):
    from publications import views

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(views.PublicationListView, "get_queryset", broken)
    client.raise_request_exception = False

    response = client.get("/publications/")

    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    assert "We can't show that page right now" in response.content.decode()
