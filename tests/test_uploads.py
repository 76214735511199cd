"""Uploads are checked by what they are, not by what they are called, and pictures lose their
metadata on the way in. Hostile files get a form error in the admin, never a 500."""

import struct
import zlib
from http import HTTPStatus
from io import BytesIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, ImageFile

from editorial import uploads
from people.models import Person
from publications.models import Publication
from tests.factories import make_person, make_publication, uploaded_jpeg
from tests.support.admin_forms import publication_form_data

pytestmark = pytest.mark.django_db

NOT_A_PICTURE = "This file is not a JPEG, PNG or WebP picture."
TOO_MANY_PIXELS = "This picture has too many pixels: the most we accept is 40 megapixels."
DAMAGED_PICTURE = "This picture is incomplete or damaged and cannot be read."
NOT_A_PDF = "This file is not a PDF."
DAMAGED_PDF = "This PDF is incomplete or damaged"
ACTIVE_PDF = "This PDF contains active content"

GPS_IFD = 0x8825
ORIENTATION = 0x0112
MAKE = 0x010F


def picture_bytes(image_format, size=(64, 36), colour=(20, 40, 80), **options):
    output = BytesIO()
    Image.new("RGB", size, colour).save(output, image_format, **options)
    return output.getvalue()


def noisy_jpeg_bytes(size=(400, 300)):
    output = BytesIO()
    Image.effect_noise(size, 60).convert("RGB").save(output, "JPEG")
    return output.getvalue()


def png_bomb(width, height):
    """A real PNG of `width` x `height` black pixels, a few kilobytes compressed."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    row = bytes(1 + (width + 7) // 8)  # filter byte, then one bit a pixel
    compressor = zlib.compressobj(9)
    pixels = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def pdf_bytes():
    output = BytesIO()
    Image.new("RGB", (40, 40), "white").save(output, "PDF")
    return output.getvalue()


def handmade_pdf(catalog_extra=b"", page_extra=b""):
    return (
        b"%PDF-1.4\n"
        b"1 0 obj << /Type /Catalog /Pages 2 0 R " + catalog_extra + b" >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
        b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] "
        + page_extra
        + b" >> endobj\n"
        b"trailer << /Root 1 0 R >>\n%%EOF\n"
    )


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def stored_files(media_root):
    return [path for path in Path(media_root).rglob("*") if path.is_file()]


def person_form_data(**overrides):
    return {
        "name": "Anna Strand",
        "sort_name": "Strand, Anna",
        "slug": "anna-strand",
        "title": "Senior Advisor",
        "affiliation": "",
        "bio": "<p>Russia scholar.</p>",
        "photo_alt": "",
        "photo_credit": "",
        **overrides,
    }


@pytest.fixture
def staff_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture(params=["publication image", "person photo"])
def send_picture(request, staff_client):
    """Sends a file to a picture field in the admin; gives the response and the stored
    picture, or None when nothing was stored."""
    if request.param == "publication image":

        def send(file):
            response = staff_client.post(
                reverse("admin:publications_publication_add"), publication_form_data(image=file)
            )
            publication = Publication.objects.filter(slug="a-new-brief").first()
            return response, publication.image if publication else None

    else:

        def send(file):
            response = staff_client.post(
                reverse("admin:people_person_add"), person_form_data(photo=file)
            )
            person = Person.objects.filter(slug="anna-strand").first()
            return response, person.photo if person else None

    return send


@pytest.fixture
def send_pdf(staff_client):
    def send(file):
        response = staff_client.post(
            reverse("admin:publications_publication_add"), publication_form_data(pdf=file)
        )
        publication = Publication.objects.filter(slug="a-new-brief").first()
        return response, publication.pdf if publication else None

    return send


def assert_refused(response, stored, message, media_root):
    assert response.status_code == HTTPStatus.OK
    assert message in response.content.decode()
    assert stored is None
    assert stored_files(media_root) == []


# Pictures that must be refused


def test_svg_with_a_script_is_refused_as_not_a_picture(send_picture, media_root):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>'

    response, stored = send_picture(upload("portrait.svg", svg, "image/svg+xml"))

    assert_refused(response, stored, NOT_A_PICTURE, media_root)


def test_html_renamed_to_png_is_refused_as_not_a_picture(send_picture, media_root):
    page = b"<html><body><script>alert(document.cookie)</script></body></html>"

    response, stored = send_picture(upload("portrait.png", page, "image/png"))

    assert_refused(response, stored, NOT_A_PICTURE, media_root)


def test_gif_is_refused_as_not_a_picture_we_take(send_picture, media_root):
    response, stored = send_picture(upload("portrait.gif", picture_bytes("GIF"), "image/gif"))

    assert_refused(response, stored, NOT_A_PICTURE, media_root)


def test_truncated_jpeg_is_refused_as_damaged(send_picture, media_root):
    whole = noisy_jpeg_bytes()

    response, stored = send_picture(upload("portrait.jpg", whole[: len(whole) // 2], "image/jpeg"))

    assert_refused(response, stored, DAMAGED_PICTURE, media_root)


@pytest.mark.parametrize(
    "size",
    [(7_000, 7_000), (10_000, 10_000), (20_000, 20_000)],
    ids=["over our limit", "over Pillow's warning", "over Pillow's error"],
)
def test_decompression_bomb_is_refused_without_being_decoded(
    send_picture, media_root, monkeypatch, size
):
    def never_decode(image):
        raise AssertionError("a decompression bomb was decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", never_decode)
    bomb = png_bomb(*size)
    assert len(bomb) < 100_000

    response, stored = send_picture(upload("portrait.png", bomb, "image/png"))

    assert_refused(response, stored, TOO_MANY_PIXELS, media_root)


def test_picture_over_the_size_limit_is_refused(send_picture, media_root, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_IMAGE_BYTES", 1000)
    content = noisy_jpeg_bytes()
    assert len(content) > 1000

    response, stored = send_picture(upload("portrait.jpg", content, "image/jpeg"))

    assert_refused(response, stored, "the largest we accept is 1000\xa0bytes", media_root)


def test_picture_size_limit_is_ten_megabytes():
    assert uploads.MAX_IMAGE_BYTES == 10 * 1024 * 1024
    assert uploads.MAX_IMAGE_PIXELS == 40_000_000

    with pytest.raises(ValidationError) as refusal:
        uploads.validate_image_upload(upload("huge.jpg", bytes(10 * 1024 * 1024 + 1)))

    assert "the largest we accept is 10.0\xa0MB" in refusal.value.messages[0]


def test_pillow_still_refuses_truncated_images():
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


# Pictures that are taken


@pytest.mark.parametrize(
    ("image_format", "name", "extension"),
    [("JPEG", "photo.jpg", ".jpg"), ("PNG", "photo.png", ".png"), ("WEBP", "photo.webp", ".webp")],
)
def test_jpeg_png_and_webp_pictures_are_accepted(send_picture, image_format, name, extension):
    response, stored = send_picture(upload(name, picture_bytes(image_format, size=(80, 50))))

    assert response.status_code == HTTPStatus.FOUND
    assert stored.name.endswith(extension)
    with Image.open(stored.path) as picture:
        assert picture.format == image_format
        assert picture.size == (80, 50)


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
def test_exif_and_gps_are_stripped_from_stored_pictures(send_picture, image_format):
    exif = Image.Exif()
    exif[MAKE] = "SecretCam-1234"
    gps = exif.get_ifd(GPS_IFD)
    gps[1], gps[2] = "N", (55.0, 45.0, 21.0)
    gps[3], gps[4] = "E", (37.0, 37.0, 4.0)
    content = picture_bytes(image_format, exif=exif)
    with Image.open(BytesIO(content)) as original:
        assert original.getexif().get_ifd(GPS_IFD)

    response, stored = send_picture(upload("in-exile.jpg", content))

    assert response.status_code == HTTPStatus.FOUND
    with Image.open(stored.path) as picture:
        assert not picture.getexif()
        assert not picture.getexif().get_ifd(GPS_IFD)
        assert "exif" not in picture.info
        assert "xmp" not in picture.info
        assert "icc_profile" not in picture.info
    assert b"SecretCam" not in Path(stored.path).read_bytes()


def test_png_uploaded_as_jpg_is_stored_as_png(send_picture):
    response, stored = send_picture(upload("photo.jpg", picture_bytes("PNG"), "image/jpeg"))

    assert response.status_code == HTTPStatus.FOUND
    assert stored.name.endswith(".png")
    with Image.open(stored.path) as picture:
        assert picture.format == "PNG"


def test_rotated_jpeg_is_stored_upright(send_picture):
    sideways = Image.new("RGB", (60, 30), (0, 0, 255))
    sideways.paste((255, 0, 0), (0, 0, 30, 30))  # red on the left, which is the top
    exif = Image.Exif()
    exif[ORIENTATION] = 6  # turn 90 degrees clockwise to display
    output = BytesIO()
    sideways.save(output, "JPEG", exif=exif, quality=95)

    response, stored = send_picture(upload("sideways.jpg", output.getvalue(), "image/jpeg"))

    assert response.status_code == HTTPStatus.FOUND
    with Image.open(stored.path) as picture:
        assert picture.size == (30, 60)
        assert ORIENTATION not in picture.getexif()
        red, _green, blue = picture.getpixel((15, 10))
        assert red > 200
        assert blue < 60
    width_field, height_field = stored.field.width_field, stored.field.height_field
    assert getattr(stored.instance, width_field) == 30
    assert getattr(stored.instance, height_field) == 60


def test_publication_renditions_are_made_after_the_picture_is_stripped(staff_client):
    exif = Image.Exif()
    exif.get_ifd(GPS_IFD)[1] = "N"
    content = picture_bytes("PNG", size=(900, 500), exif=exif)

    response = staff_client.post(
        reverse("admin:publications_publication_add"),
        publication_form_data(image=upload("hero.jpeg", content, "image/jpeg")),
    )

    assert response.status_code == HTTPStatus.FOUND
    publication = Publication.objects.get(slug="a-new-brief")
    assert publication.image.name.endswith(".png")
    assert {rendition["name"] for rendition in publication.image_renditions} == {
        f"renditions/{publication.image.name}/{width}w.{suffix}"
        for width in (400, 800, 900)
        for suffix in ("webp", "png")
    }
    with Image.open(publication.image.path) as picture:
        assert not picture.getexif()


def test_stored_files_are_not_checked_again_on_save():
    publication = make_publication(
        image=uploaded_jpeg(), pdf=upload("report.pdf", pdf_bytes(), "application/pdf")
    )
    person = make_person("Anna Strand", photo=uploaded_jpeg())
    # Were they read again, these would be refused.
    for field_file in [publication.image, publication.pdf, person.photo]:
        Path(field_file.path).write_bytes(b'<svg onload="alert(1)"/>')

    for item in [publication, person]:
        item.full_clean()
        item.save()


# PDFs


def test_text_file_renamed_to_pdf_is_refused(send_pdf, media_root):
    response, stored = send_pdf(upload("report.pdf", b"Just some notes.\n", "application/pdf"))

    assert_refused(response, stored, NOT_A_PDF, media_root)


def test_html_renamed_to_pdf_is_refused(send_pdf, media_root):
    page = b"<html><script>alert(1)</script></html>\n%%EOF\n"

    response, stored = send_pdf(upload("report.pdf", page, "application/pdf"))

    assert_refused(response, stored, NOT_A_PDF, media_root)


def test_truncated_pdf_is_refused_as_damaged(send_pdf, media_root):
    whole = pdf_bytes()

    response, stored = send_pdf(upload("report.pdf", whole[: len(whole) // 2], "application/pdf"))

    assert_refused(response, stored, DAMAGED_PDF, media_root)


@pytest.mark.parametrize(
    "catalog_extra",
    [
        b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>",
        b"/OpenAction << /S /Launch /F (cmd.exe) >>",
        b"/Names << /EmbeddedFiles << /Names [(x.exe) 4 0 R] >> >>",
    ],
    ids=["javascript", "launch", "embedded file"],
)
def test_pdf_with_active_content_is_refused(send_pdf, media_root, catalog_extra):
    content = handmade_pdf(catalog_extra=catalog_extra)

    response, stored = send_pdf(upload("report.pdf", content, "application/pdf"))

    assert_refused(response, stored, ACTIVE_PDF, media_root)


def test_pdf_over_the_size_limit_is_refused(send_pdf, media_root, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_PDF_BYTES", 100)

    response, stored = send_pdf(upload("report.pdf", pdf_bytes(), "application/pdf"))

    assert_refused(response, stored, "the largest we accept is 100\xa0bytes", media_root)


def test_pdf_size_limit_is_fifty_megabytes():
    assert uploads.MAX_PDF_BYTES == 50 * 1024 * 1024

    with pytest.raises(ValidationError) as refusal:
        uploads.validate_pdf_upload(upload("huge.pdf", bytes(50 * 1024 * 1024 + 1)))

    assert "the largest we accept is 50.0\xa0MB" in refusal.value.messages[0]


def test_pdf_whose_font_name_starts_with_js_is_accepted():
    content = handmade_pdf(
        page_extra=b"/Resources << /Font << /F1 << /BaseFont /JSKQWE+Arial >> >> >>"
    )

    uploads.validate_pdf_upload(upload("report.pdf", content))


def test_valid_pdf_is_accepted_and_linked_on_the_public_page(send_pdf, client):
    response, stored = send_pdf(upload("report.pdf", pdf_bytes(), "application/pdf"))

    assert response.status_code == HTTPStatus.FOUND
    assert stored.name.endswith(".pdf")
    page = client.get(Publication.objects.get(slug="a-new-brief").get_absolute_url())
    assert page.status_code == HTTPStatus.OK
    assert f'href="{stored.url}"' in page.content.decode()


# Fields


def test_admin_file_inputs_offer_only_the_kinds_we_take(staff_client):
    publication_form = staff_client.get(reverse("admin:publications_publication_add"))
    person_form = staff_client.get(reverse("admin:people_person_add"))

    assert 'accept="image/jpeg,image/png,image/webp"' in publication_form.content.decode()
    assert 'accept="application/pdf"' in publication_form.content.decode()
    assert 'accept="image/jpeg,image/png,image/webp"' in person_form.content.decode()


@pytest.mark.parametrize(
    ("model", "field_name", "path"),
    [
        (Publication, "image", "django.db.models.ImageField"),
        (Publication, "pdf", "django.db.models.FileField"),
        (Person, "photo", "django.db.models.ImageField"),
    ],
)
def test_upload_fields_deconstruct_to_stock_django_fields(model, field_name, path):
    _name, field_path, _args, kwargs = model._meta.get_field(field_name).deconstruct()

    assert field_path == path
    assert "validators" not in kwargs
