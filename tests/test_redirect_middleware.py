"""Which request a redirect catches, what it costs, and who made it. The rule (the path with
its query, then with APPEND_SLASH's slash, then the path alone) is the one the loop checks
follow; slug changes, the admin form and CSV imports are in test_redirects.py and
test_redirect_import.py."""

import re
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from editorial.models import Redirect
from tests.factories import make_publication
from tests.support.admin_forms import admin_post, change_url, publication_form_data

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:editorial_redirect_add")
CHANGELIST_URL = reverse("admin:editorial_redirect_changelist")
IMPORT_URL = reverse("admin:editorial_redirect_import")


def redirect_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, [query for query in queries if "editorial_redirect" in query["sql"]]


def test_an_old_address_with_a_tracking_query_still_redirects_without_it(client):
    Redirect.objects.create(old_path="/research/exiles.html", new_path="/publications/")

    response = client.get("/research/exiles.html?utm_source=newsletter")

    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"] == "/publications/"


def test_an_old_path_with_a_query_catches_that_query_only(client):
    Redirect.objects.create(old_path="/article.php?id=12", new_path="/publications/")

    assert client.get("/article.php?id=12")["Location"] == "/publications/"
    assert client.get("/article.php?id=13").status_code == HTTPStatus.NOT_FOUND
    assert client.get("/article.php").status_code == HTTPStatus.NOT_FOUND


def test_a_redirect_naming_the_query_wins_over_one_from_the_path_alone(client):
    Redirect.objects.create(old_path="/article.php?id=12", new_path="/publications/")
    Redirect.objects.create(old_path="/article.php", new_path="/events/")

    assert client.get("/article.php?id=12")["Location"] == "/publications/"
    assert client.get("/article.php?id=99")["Location"] == "/events/"
    assert client.get("/article.php")["Location"] == "/events/"


def test_a_path_without_its_slash_is_caught_with_its_query_dropped(client):
    Redirect.objects.create(old_path="/old-reports/", new_path="/publications/")

    response = client.get("/old-reports?page=2")

    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"] == "/publications/"


def test_a_full_address_is_sent_as_written(client):
    Redirect.objects.create(old_path="/feeds/all.xml", new_path="https://feeds.example.org/m")

    assert client.get("/feeds/all.xml?format=rss")["Location"] == "https://feeds.example.org/m"


def test_head_is_redirected_and_a_post_keeps_its_404(client):
    Redirect.objects.create(old_path="/contact.php", new_path="/about/")

    head = client.head("/contact.php")
    post = client.post("/contact.php", {"message": "hello"})

    assert head.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert head["Location"] == "/about/"
    assert post.status_code == HTTPStatus.NOT_FOUND


def test_a_missing_page_costs_one_redirect_query_and_a_page_none(client):
    publication = make_publication("Exiles", slug="exiles")
    Redirect.objects.create(old_path="/old/", new_path=publication.get_absolute_url())

    found, found_queries = redirect_queries(client, "/old?utm_source=mail")
    missing, missing_queries = redirect_queries(client, "/nothing-here/?page=2")
    page, page_queries = redirect_queries(client, publication.get_absolute_url())

    assert found.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert missing.status_code == HTTPStatus.NOT_FOUND
    assert page.status_code == HTTPStatus.OK
    assert (len(found_queries), len(missing_queries), len(page_queries)) == (1, 1, 0)


def test_admin_refuses_a_loop_made_through_a_query_the_path_alone_catches(client, editor):
    Redirect.objects.create(old_path="/a/", new_path="/b/?from=a")
    client.force_login(editor)

    response = client.post(ADD_URL, {"old_path": "/b/", "new_path": "/a/"})

    assert "/b/ → /a/ makes a loop: /b/ → /a/ → /b/" in response.content.decode()
    assert Redirect.objects.count() == 1


def test_the_list_says_who_made_each_redirect_by_hand_by_import_or_by_a_slug_change(client, editor):
    publication = make_publication("Exiles", slug="exiles")
    client.force_login(editor)

    admin_post(client, ADD_URL, {"old_path": "/by-hand.html", "new_path": "/publications/"})
    upload = SimpleUploadedFile("old.csv", b"/imported.html,/events/\n", "text/csv")
    admin_post(client, IMPORT_URL, {"csv_file": upload})
    data = publication_form_data(
        title=publication.title,
        slug="russias-exiles",
        status=publication.status,
        edit_version=publication.version,
    )
    admin_post(client, change_url(publication), data)

    made_by = dict(Redirect.objects.values_list("old_path", "created_by__username"))
    assert made_by == {
        "/by-hand.html": "editor",
        "/imported.html": "editor",
        "/publications/exiles/": "editor",
    }
    changelist = client.get(CHANGELIST_URL).content.decode()
    assert len(re.findall(r'<td class="field-created_by[^"]*">editor</td>', changelist)) == 3


def test_reimporting_a_changed_redirect_keeps_who_made_it(client, editor, writer):
    Redirect.objects.create(old_path="/old.html", new_path="/events/", created_by=writer)
    client.force_login(editor)

    upload = SimpleUploadedFile("old.csv", b"/old.html,/publications/\n", "text/csv")
    admin_post(client, IMPORT_URL, {"csv_file": upload})

    redirect = Redirect.objects.get()
    assert (redirect.new_path, redirect.created_by) == ("/publications/", writer)


def test_a_redirects_change_form_is_the_plain_one_with_when_and_who(client, editor):
    redirect = Redirect.objects.create(old_path="/old.html", new_path="/events/")
    redirect.created_by = editor
    redirect.save()
    client.force_login(editor)

    page = client.get(change_url(redirect)).content.decode()

    assert 'name="old_path"' in page
    assert 'name="new_path"' in page
    assert "Created by" in page
    assert "Submit for review" not in page
