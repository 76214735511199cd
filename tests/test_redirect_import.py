"""Redirects from a CSV file: a site moving here brings its old addresses, and a file that
would loop, or that is not a CSV file at all, is refused saying why, with nothing saved."""

import codecs
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from editorial.models import Redirect
from editorial.redirects import find_loops
from tests.factories import jpeg_bytes, make_publication

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:editorial_redirect_import")
CHANGELIST_URL = reverse("admin:editorial_redirect_changelist")


def redirects():
    return set(Redirect.objects.values_list("old_path", "new_path"))


def csv_upload(text, name="old-site.csv"):
    data = text.encode() if isinstance(text, str) else text
    return SimpleUploadedFile(name, data, content_type="text/csv")


def import_csv(client, text, name="old-site.csv"):
    return client.post(IMPORT_URL, {"csv_file": csv_upload(text, name)}, follow=True)


def page_text(response):
    return response.content.decode()


def test_csv_import_adds_and_updates_redirects(client, editor):
    make_publication("Exiles", slug="exiles")
    Redirect.objects.create(old_path="/people/glantz.php", new_path="/events/")
    client.force_login(editor)
    csv_text = (
        "old_path,new_path\r\n"
        "/research/2019/exiles.html,/publications/exiles/\r\n"
        "\r\n"
        "/people/glantz.php,/experts/\r\n"
        "/feeds/all.xml,https://feeds.example.org/meridian\r\n"
    )

    response = client.post(
        IMPORT_URL, {"csv_file": csv_upload(codecs.BOM_UTF8 + csv_text.encode())}
    )

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == CHANGELIST_URL
    message = page_text(client.get(CHANGELIST_URL))
    assert "Imported 3 redirects from “old-site.csv”: 2 added, 1 changed" in message
    client.logout()
    assert client.get("/research/2019/exiles.html")["Location"] == "/publications/exiles/"
    assert client.get("/people/glantz.php")["Location"] == "/experts/"
    assert client.get("/feeds/all.xml")["Location"] == "https://feeds.example.org/meridian"


def test_csv_import_without_a_header_works_too(client, editor):
    client.force_login(editor)

    response = import_csv(client, "/old-a,/publications/\n/old-b,/events/\n")

    assert "Imported 2 redirects" in page_text(response)
    assert redirects() == {("/old-a", "/publications/"), ("/old-b", "/events/")}


def test_csv_with_a_loop_is_refused_naming_its_lines_and_nothing_is_saved(client, editor):
    client.force_login(editor)
    csv_text = "old_path,new_path\n/fine,/publications/\n/about-us,/a\n/a,/b\n/b,/a\n"

    response = import_csv(client, csv_text)
    page = page_text(response)

    assert response.status_code == HTTPStatus.OK
    assert "Nothing was imported: 3 lines of the file have problems." in page
    assert "Line 3: /about-us → /a leads into a loop: /about-us → /a → /b → /a." in page
    assert "Line 4: /a → /b makes a loop: /a → /b → /a." in page
    assert "Line 5: /b → /a makes a loop: /b → /a → /b." in page
    assert "Line 2:" not in page
    assert not Redirect.objects.exists()


def test_csv_leading_into_a_loop_through_saved_redirects_is_refused(client, editor):
    Redirect.objects.create(old_path="/x/", new_path="/y/")
    client.force_login(editor)

    response = import_csv(client, "/y/,/z/\n/z/,/x/\n")

    assert "Line 1: /y/ → /z/ makes a loop: /y/ → /z/ → /x/ → /y/." in page_text(response)
    assert redirects() == {("/x/", "/y/")}


def test_csv_names_every_bad_line_and_why(client, editor):
    make_publication("Exiles", slug="exiles")
    client.force_login(editor)
    too_long = "/" + "a" * 500
    csv_text = "\n".join(
        [
            "old_path,new_path",
            "old-page.html,/publications/",
            f"{too_long},/publications/",
            "/dup,/publications/",
            "/dup,/events/",
            "/same/,/same/",
            "/publications/exiles/,/events/",
            "/one-value-only",
            "/x,/y,/z",
            "/ok,ftp://files.example.org/",
        ]
    )

    page = page_text(import_csv(client, csv_text))

    assert "Line 2: “old-page.html” is not a path on this site" in page
    assert "Line 3: the old path is 501 characters long as browsers send it; at most 500" in page
    assert "Line 5: /dup is already redirected on line 4." in page
    assert "Line 6: /same/ → /same/ leads back to itself." in page
    assert "Line 7: /publications/exiles/ is a page readers can see" in page
    assert "Line 8: 1 value where two are expected" in page
    assert "Line 9: 3 values where two are expected" in page
    assert "Line 10: “ftp://files.example.org/” is not an address readers can be sent to" in page
    assert not Redirect.objects.exists()


HOSTILE_FILES = {
    "a JPEG": (jpeg_bytes(), "not a CSV text file"),
    "Latin-1 text": ("/caf\xe9,/publications/\n".encode("latin-1"), "is not UTF-8 text"),
    "UTF-16 text": ("/a,/publications/\n".encode("utf-16"), "not a CSV text file"),
    "a NUL in the text": (b"/a\x00b,/publications/\n", "holds NUL bytes"),
    "a three-megabyte file": (b"/a,/b\n" * (3 * 1024 * 1024 // 6 + 1), "at most 2 MB"),
    "one huge line": (b"/" + b"a" * 1_500_000 + b",/b\n", "Line 1 cannot be read as CSV"),
    "too many lines": (
        "".join(f"/old-{n},/publications/\n" for n in range(20_001)).encode(),
        "more than 20,000 redirects",
    ),
    "only a header": (b"old_path,new_path\n", "The file holds no redirects"),
    "a quote left open": (b'"/a,/b\n' * 3, "Line 1: the old path holds a control character"),
}


@pytest.mark.parametrize("name", HOSTILE_FILES)
def test_hostile_csv_files_get_a_form_error(client, editor, name):
    data, message = HOSTILE_FILES[name]
    client.force_login(editor)

    response = import_csv(client, data)

    assert response.status_code == HTTPStatus.OK
    assert message in page_text(response)
    assert "errornote" in page_text(response)
    assert not Redirect.objects.exists()


def test_the_import_page_explains_the_format_with_a_labelled_file_input(client, editor):
    client.force_login(editor)

    changelist = page_text(client.get(CHANGELIST_URL))
    page = page_text(client.get(IMPORT_URL))

    assert f'href="{IMPORT_URL}"' in changelist
    assert '<label for="id_csv_file">CSV file:</label>' in page
    assert 'enctype="multipart/form-data"' in page
    assert "old_path,new_path" in page
    assert "All or nothing" in page


@pytest.mark.parametrize("role", ["writer", "organizer"])
def test_only_editors_may_import(client, request, role):
    client.force_login(request.getfixturevalue(role))

    assert client.get(IMPORT_URL).status_code == HTTPStatus.FORBIDDEN
    response = client.post(IMPORT_URL, {"csv_file": csv_upload("/a,/publications/\n")})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert client.get(CHANGELIST_URL).status_code == HTTPStatus.FORBIDDEN
    assert not Redirect.objects.exists()


# --- loops, as the middleware follows redirects ---------------------------------------------


def test_find_loops_names_every_pair_in_a_circle_and_those_leading_into_one():
    existing = [("/c/", "/d/"), ("/d/", "/c/"), ("/fine/", "/publications/")]
    proposed = [("/a/", "/b/"), ("/b/", "/a/"), ("/e/", "/c"), ("/g/", "/fine/")]

    loops = find_loops(existing, proposed)

    assert loops == {
        "/a/": ["/a/", "/b/", "/a/"],
        "/b/": ["/b/", "/a/", "/b/"],
        "/e/": ["/e/", "/c/", "/d/", "/c/"],
    }


def test_find_loops_leaves_other_sites_alone():
    assert find_loops([("/a/", "https://elsewhere.example/a/")], [("/b/", "/a/")]) == {}


def test_find_loops_cuts_a_long_circle_short_and_still_calls_it_a_circle():
    circle = [(f"/{n}/", f"/{(n + 1) % 20}/") for n in range(20)]

    loops = find_loops([], circle)

    assert loops["/0/"] == [*(f"/{n}/" for n in range(8)), "…", "/0/"]
