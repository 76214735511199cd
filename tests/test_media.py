"""Uploaded files are served only as the kinds we accept, never as HTML or script, and no
sooner than what they belong to is public."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.factories import jpeg_bytes, make_person, make_publication, uploaded_jpeg

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture
def media_file(media_root):
    def write(name, content):
        path = media_root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        return f"/media/{name}"

    return write


def test_published_hero_image_is_served_with_our_content_type_and_nosniff(client):
    publication = make_publication(image=uploaded_jpeg())

    response = client.get(publication.image.url)

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Cache-Control"] == "public, max-age=86400"


def test_smaller_copies_and_pdf_of_a_published_publication_are_served(client):
    publication = make_publication(image=uploaded_jpeg(size=(1200, 675)))
    publication.pdf.save("report.pdf", ContentFile(PDF))
    copies = {rendition["type"]: rendition["name"] for rendition in publication.image_renditions}

    webp = client.get(f"/media/{copies['image/webp']}")
    jpeg = client.get(f"/media/{copies['image/jpeg']}")
    pdf = client.get(publication.pdf.url)

    assert webp["Content-Type"] == "image/webp"
    assert jpeg["Content-Type"] == "image/jpeg"
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == 'attachment; filename="report.pdf"'


@pytest.mark.parametrize("status", ["draft", "review", "scheduled"])
def test_files_of_unpublished_publications_are_not_served(client, status):
    fields = {"status": status}
    if status == "scheduled":
        fields = {"status": "published", "publish_at": timezone.now() + timedelta(days=3)}
    publication = make_publication(image=uploaded_jpeg(), **fields)
    publication.pdf.save("embargoed.pdf", ContentFile(PDF))

    copies = [f"/media/{rendition['name']}" for rendition in publication.image_renditions]
    assert copies
    for url in [publication.image.url, *copies, publication.pdf.url]:
        assert client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_staff_who_may_preview_get_unpublished_files_uncached(client, editor):
    draft = make_publication(image=uploaded_jpeg(), status="draft")
    client.force_login(editor)

    response = client.get(draft.image.url)

    assert response.status_code == HTTPStatus.OK
    assert "no-store" in response["Cache-Control"]


def test_photos_of_public_people_only(client):
    expert = make_person("Miriam Garrow", is_expert=True, photo=uploaded_jpeg(name="garrow.jpg"))
    unlisted = make_person("Not Yet Named", photo=uploaded_jpeg(name="hidden.jpg"))

    assert client.get(expert.photo.url).status_code == HTTPStatus.OK
    assert client.get(unlisted.photo.url).status_code == HTTPStatus.NOT_FOUND


def test_files_nothing_refers_to_are_not_served(client, media_file):
    url = media_file("publications/2026/11/orphan.jpg", jpeg_bytes())

    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_pdf_uploaded_without_a_suffix_is_stored_as_pdf(client):
    publication = make_publication(pdf=SimpleUploadedFile("report", PDF))

    assert publication.pdf.name.endswith(".pdf")
    assert client.get(publication.pdf.url).status_code == HTTPStatus.OK


@pytest.mark.parametrize("name", ["evil.html", "evil.svg", "evil.js", "evil", "photo.jpg.html"])
def test_other_kinds_of_file_are_not_served(client, media_file, name):
    url = media_file(name, b"<script>alert(1)</script>")

    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_html_renamed_to_jpg_is_still_served_as_an_image_only(client, media_root):
    publication = make_publication()
    path = media_root / "publications" / "sneaky.jpg"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"<html><script>alert(1)</script></html>")
    type(publication).objects.filter(pk=publication.pk).update(image="publications/sneaky.jpg")

    response = client.get("/media/publications/sneaky.jpg")

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("path", ["../settings.py", "..%2Fconfig%2Fsettings.py", "%2e%2e/x.jpg"])
def test_paths_outside_media_are_refused(client, path):
    response = client.get(f"/media/{path}")

    assert response.status_code in {HTTPStatus.BAD_REQUEST, HTTPStatus.NOT_FOUND}
