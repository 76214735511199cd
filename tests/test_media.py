"""Uploaded files are served only as the kinds we accept, never as HTML or script."""

from http import HTTPStatus

import pytest

from tests.conftest import jpeg_bytes


@pytest.fixture
def media_file(media_root):
    def write(name, content):
        path = media_root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        return f"/media/{name}"

    return write


def test_image_is_served_with_our_content_type_and_nosniff(client, media_file):
    url = media_file("publications/photo.jpg", jpeg_bytes())

    response = client.get(url)

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


@pytest.mark.parametrize("name", ["evil.html", "evil.svg", "evil.js", "evil", "photo.jpg.html"])
def test_other_kinds_of_file_are_not_served(client, media_file, name):
    url = media_file(name, b"<script>alert(1)</script>")

    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_html_renamed_to_jpg_is_still_served_as_an_image_only(client, media_file):
    url = media_file("sneaky.jpg", b"<html><script>alert(1)</script></html>")

    response = client.get(url)

    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("path", ["../settings.py", "..%2Fconfig%2Fsettings.py", "%2e%2e/x.jpg"])
def test_paths_outside_media_are_refused(client, path):
    response = client.get(f"/media/{path}")

    assert response.status_code in {HTTPStatus.BAD_REQUEST, HTTPStatus.NOT_FOUND}
