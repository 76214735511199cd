"""Pictures reach readers at the size their screen needs: renditions made when a picture is
saved, offered with srcset and sizes, every <img> sized, and each copy as private as the picture
it was made from."""

from datetime import timedelta
from http import HTTPStatus
from io import BytesIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from editorial.models import Topic
from editorial.revisions import record_revision, restore
from publications.models import Publication
from tests.factories import (
    jpeg_bytes,
    make_person,
    make_publication,
    make_region,
    make_topic,
    uploaded_jpeg,
)
from tests.support.admin_forms import publication_form_data
from tests.support.images import (
    chosen_candidate,
    parse_srcset,
    pictures_on,
    rendition_urls,
    uploaded_photo,
)

pytestmark = pytest.mark.django_db

PHONE_PIXELS = 390 * 3  # a 390-pixel-wide phone at three device pixels a CSS pixel
PHONE_BUDGET = 150_000


@pytest.fixture
def staff_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture(scope="module")
def camera_photo():
    return uploaded_photo().read()


@pytest.fixture
def photographed(camera_photo):
    return make_publication(
        "Ceasefire lines",
        image=ContentFile(camera_photo, name="camera.jpg"),
        image_alt="Soldiers at a checkpoint",
    )


def rendition_files(item, field="image"):
    renditions = getattr(item, f"{field}_renditions")
    storage = getattr(item, field).storage
    return [Path(storage.path(rendition["name"])) for rendition in renditions]


def test_a_camera_photo_gets_webp_and_jpeg_copies_at_each_width_below_its_own(photographed):
    renditions = photographed.image_renditions

    widths = {(r["width"], r["type"]) for r in renditions}
    assert widths == {
        (width, kind) for width in (400, 800, 1200, 1600) for kind in ("image/webp", "image/jpeg")
    }
    for rendition in renditions:
        assert rendition["height"] == round(rendition["width"] * 3200 / 4800)
    for path in rendition_files(photographed):
        with Image.open(path) as picture:
            assert picture.format in {"WEBP", "JPEG"}
            assert picture.width < 4800


def test_the_detail_page_hero_offers_every_width_with_sizes_and_dimensions(client, photographed):
    html = client.get(photographed.get_absolute_url()).content.decode()

    page = pictures_on(html)
    hero = next(img for img in page.images if img.get("alt") == "Soldiers at a checkpoint")
    assert (hero["width"], hero["height"]) == ("4800", "3200")
    assert hero["fetchpriority"] == "high"
    assert "loading" not in hero
    assert "sizes" in hero
    assert sorted(parse_srcset(hero["srcset"])) == [400, 800, 1200, 1600]
    assert hero["src"] == rendition_urls(photographed.image, "image/jpeg")[1]  # 800 wide
    webp = next(source for source in page.sources if source["type"] == "image/webp")
    assert webp["sizes"] == hero["sizes"]
    assert sorted(parse_srcset(webp["srcset"])) == [400, 800, 1200, 1600]
    assert photographed.image.url not in html.split("<main", 1)[1]


def test_a_phone_gets_the_hero_under_150_kb_and_a_jpeg_where_webp_is_unknown(client, photographed):
    html = client.get(photographed.get_absolute_url()).content.decode()
    page = pictures_on(html)
    hero = next(img for img in page.images if img.get("fetchpriority") == "high")
    webp = next(source for source in page.sources if source["type"] == "image/webp")

    phone_copy = client.get(chosen_candidate(webp["srcset"], PHONE_PIXELS))
    fallback = client.get(chosen_candidate(hero["srcset"], PHONE_PIXELS))

    assert phone_copy.status_code == HTTPStatus.OK
    assert phone_copy["Content-Type"] == "image/webp"
    body = b"".join(phone_copy.streaming_content)
    assert len(body) < PHONE_BUDGET
    with Image.open(ContentFile(body)) as picture:
        assert picture.width == 1200
    assert fallback.status_code == HTTPStatus.OK
    assert fallback["Content-Type"] == "image/jpeg"


def test_a_hero_uploaded_through_the_admin_gets_renditions_of_the_stripped_picture(
    staff_client,
):
    response = staff_client.post(
        reverse("admin:publications_publication_add"),
        publication_form_data(image=uploaded_photo("phone photo.jpg", size=(2000, 1500))),
    )

    assert response.status_code == HTTPStatus.FOUND
    publication = Publication.objects.get(slug="a-new-brief")
    assert sorted({r["width"] for r in publication.image_renditions}) == [400, 800, 1200, 1600]
    assert all(
        r["name"].startswith(f"renditions/{publication.image.name}/")
        for r in publication.image_renditions
    )
    assert all(path.exists() for path in rendition_files(publication))


def test_renditions_of_an_embargoed_report_are_served_only_once_it_is_published(client, editor):
    embargoed = make_publication(
        image=uploaded_jpeg(size=(1000, 600)),
        status="published",
        publish_at=timezone.now() + timedelta(days=2),
    )
    urls = rendition_urls(embargoed.image)
    assert len(urls) == 6  # 400, 800 and 1000 wide, as WebP and JPEG

    assert all(client.get(url).status_code == HTTPStatus.NOT_FOUND for url in urls)

    client.force_login(editor)
    preview = client.get(urls[0])
    assert preview.status_code == HTTPStatus.OK
    assert "no-store" in preview["Cache-Control"]
    client.logout()

    embargoed.publish_at = timezone.now() - timedelta(minutes=1)
    embargoed.save()
    for url in urls:
        response = client.get(url)
        assert response.status_code == HTTPStatus.OK
        assert response["Cache-Control"] == "public, max-age=86400"


def test_replacing_the_image_deletes_its_old_renditions(client, django_capture_on_commit_callbacks):
    publication = make_publication(image=uploaded_jpeg(name="first.jpg", size=(900, 600)))
    old_files = rendition_files(publication)
    old_urls = rendition_urls(publication.image)

    with django_capture_on_commit_callbacks(execute=True):
        publication.image.save("second.jpg", ContentFile(jpeg_bytes(size=(900, 600))), save=False)
        publication.save()

    assert not any(path.exists() for path in old_files)
    assert all(client.get(url).status_code == HTTPStatus.NOT_FOUND for url in old_urls)
    assert all("second" in r["name"] for r in publication.image_renditions)
    new_urls = rendition_urls(publication.image)
    assert all(client.get(url).status_code == HTTPStatus.OK for url in new_urls)


def test_a_removed_image_or_deleted_publication_leaves_no_renditions(
    client, django_capture_on_commit_callbacks
):
    cleared = make_publication(image=uploaded_jpeg(size=(900, 600)))
    deleted = make_publication(image=uploaded_jpeg(size=(900, 600)))
    cleared_files, deleted_files = rendition_files(cleared), rendition_files(deleted)
    deleted_urls = rendition_urls(deleted.image)

    with django_capture_on_commit_callbacks(execute=True):
        cleared.image = None
        cleared.save()
        deleted.delete()

    assert cleared.image_renditions == []
    assert not any(path.exists() for path in cleared_files + deleted_files)
    assert all(client.get(url).status_code == HTTPStatus.NOT_FOUND for url in deleted_urls)


def test_saving_without_changing_the_image_makes_no_new_copies(monkeypatch):
    publication = make_publication(image=uploaded_jpeg(size=(900, 600)))
    before = publication.image_renditions

    def fail(field_file):
        raise AssertionError("renditions were made again")

    monkeypatch.setattr("editorial.images.make_renditions", fail)
    reloaded = Publication.objects.get(pk=publication.pk)
    reloaded.title = "Retitled"
    reloaded.save()

    assert reloaded.image_renditions == before


def test_restoring_a_revision_with_the_earlier_image_remakes_its_copies(client, editor):
    publication = make_publication(image=uploaded_jpeg(name="before.jpg", size=(900, 600)))
    record_revision(publication, user=editor)
    earlier = publication.history.first()
    publication.image.save("after.jpg", ContentFile(jpeg_bytes(size=(900, 600))), save=False)
    publication.save()

    restored, _left_out = restore(earlier, user=editor, topic_model=Topic)

    assert "before" in restored.image.name
    assert all("before" in r["name"] for r in restored.image_renditions)
    assert all(
        client.get(url).status_code == HTTPStatus.OK for url in rendition_urls(restored.image)
    )


def test_a_png_keeps_png_copies_and_a_small_picture_is_not_enlarged():
    publication = make_publication(image=ContentFile(_png_bytes((300, 200)), name="chart.png"))

    assert [(r["width"], r["type"]) for r in publication.image_renditions] == [
        (300, "image/webp"),
        (300, "image/png"),
    ]


def test_a_webp_upload_is_offered_as_webp_without_a_picture_element(client):
    publication = make_publication(image=ContentFile(_webp_bytes((900, 600)), name="map.webp"))

    html = client.get(publication.get_absolute_url()).content.decode()

    assert {r["type"] for r in publication.image_renditions} == {"image/webp"}
    assert "<picture>" not in html.split("<main", 1)[1]
    hero = next(img for img in pictures_on(html).images if img.get("fetchpriority") == "high")
    assert sorted(parse_srcset(hero["srcset"])) == [400, 800, 900]


def test_photo_renditions_follow_the_person(client):
    expert = make_person("Miriam Garrow", is_expert=True, photo=uploaded_jpeg(size=(600, 600)))
    unlisted = make_person("Not Yet Named", photo=uploaded_jpeg(size=(600, 600)))

    assert all(client.get(url).status_code == HTTPStatus.OK for url in rendition_urls(expert.photo))
    assert all(
        client.get(url).status_code == HTTPStatus.NOT_FOUND
        for url in rendition_urls(unlisted.photo)
    )


def test_a_file_in_a_renditions_folder_of_no_picture_is_not_served(client, media_root):
    stray = media_root / "renditions" / "publications" / "2026" / "gone.jpg" / "400w.webp"
    stray.parent.mkdir(parents=True)
    stray.write_bytes(_webp_bytes((400, 300)))

    response = client.get("/media/renditions/publications/2026/gone.jpg/400w.webp")

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_make_renditions_makes_what_is_missing_and_nothing_twice(photographed, capsys):
    person = make_person("Anna Strand", is_expert=True, photo=uploaded_jpeg(size=(500, 500)))
    Publication.objects.filter(pk=photographed.pk).update(image_renditions=[])
    type(person).objects.filter(pk=person.pk).update(photo_renditions=[])

    call_command("make_renditions")
    call_command("make_renditions")

    photographed.refresh_from_db()
    person.refresh_from_db()
    assert len(photographed.image_renditions) == 8
    assert len(person.photo_renditions) == 4  # 400 and 500 wide, as WebP and JPEG
    output = capsys.readouterr().out.splitlines()
    assert output == [
        "publications: renditions made for 1",
        "people: renditions made for 1",
        "publications: renditions made for 0",
        "people: renditions made for 0",
    ]


def test_every_picture_on_public_pages_has_its_dimensions(client, photographed):
    topic = make_topic("Global Policy")
    region = make_region("Kazakhstan")
    author = make_person(
        "Miriam Garrow", is_expert=True, photo=uploaded_jpeg(name="garrow.jpg", size=(600, 800))
    )
    photographed.topics.add(topic)
    photographed.regions.add(region)
    photographed.authors.add(author)
    for number in range(3):
        make_publication(
            f"Card {number}",
            image=uploaded_jpeg(size=(1200, 675)),
            topics=[topic],
            authors=[author],
        )
    pages = [
        "/",
        reverse("publications:list"),
        photographed.get_absolute_url(),
        topic.get_absolute_url(),
        author.get_absolute_url(),
        reverse("people:directory"),
    ]

    for url in pages:
        response = client.get(url)
        assert response.status_code == HTTPStatus.OK, url
        images = pictures_on(response.content.decode()).images
        assert images, url
        for img in images:
            assert img["width"].isdigit(), (url, img)
            assert img["height"].isdigit(), (url, img)
            if img.get("fetchpriority") != "high":
                assert (img["loading"], img["decoding"]) == ("lazy", "async"), (url, img)
        assert sum(img.get("fetchpriority") == "high" for img in images) <= 1, url


def _png_bytes(size):
    output = BytesIO()
    Image.new("RGBA", size, (200, 30, 30, 128)).save(output, "PNG")
    return output.getvalue()


def _webp_bytes(size):
    output = BytesIO()
    Image.effect_noise(size, 40).convert("RGB").save(output, "WEBP")
    return output.getvalue()
