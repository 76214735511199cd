"""Editions in the admin: started from the original with its classification and no text,
listed on the original with what is out of date, and reviewed like any item."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from events.models import Event
from publications.models import Publication
from tests.factories import make_event, make_person, make_publication, make_region, make_topic
from tests.support.admin_forms import change_url, inline_management, publication_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def main_language_after():
    """A request under /ru/ leaves Russian active in the thread: later tests expect English."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


ADD_URL = reverse("admin:publications_publication_add")
CHANGELIST_URL = reverse("admin:publications_publication_changelist")


@pytest.fixture
def original():
    return make_publication(
        "Russians in exile",
        slug="russians-in-exile",
        summary="The English summary.",
        body="<p>The English body.</p>",
        topics=[make_topic("Diaspora")],
        regions=[make_region("Russia")],
        authors=[make_person("Maria Lipman"), make_person("Andrei Soldatov")],
        image_alt="A crowd at a border crossing",
    )


def test_original_lists_missing_editions_with_add_links(admin_client, original):
    content = admin_client.get(change_url(original)).content.decode()
    assert "Add Russian edition" in content
    assert "Add Ukrainian edition" in content
    assert f"{ADD_URL}?edition_of={original.pk}&amp;language=ru" in content


def test_add_russian_edition_prefills_classification_and_leaves_text_empty(admin_client, original):
    response = admin_client.get(f"{ADD_URL}?edition_of={original.pk}&language=ru")
    assert response.status_code == HTTPStatus.OK
    form = response.context["adminform"].form
    assert form.initial["language"] == "ru"
    assert str(form.initial["edition_of"]) == str(original.pk)
    assert form.initial["type"] == original.type_id
    assert form.initial["image_alt"] == "A crowd at a border crossing"
    assert [topic.name for topic in form.initial["topics"]] == ["Diaspora"]
    assert [region.name for region in form.initial["regions"]] == ["Russia"]
    for field in ("title", "slug", "summary", "body"):
        assert not form.initial.get(field), field
    content = response.content.decode()
    assert "The English summary." not in content
    assert "The English body." not in content
    (byline,) = [
        inline
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == "authorships"
    ]
    assert [form.initial.get("person") for form in byline.formset.forms[:2]] == [
        person.pk for person in original.ordered_authors
    ]


def test_edition_form_names_its_original(admin_client, original):
    edition = make_publication("Россияне", language="ru", edition_of=original, status="draft")
    content = admin_client.get(change_url(edition)).content.decode()
    assert "Russian edition of" in content
    assert change_url(original) in content


def test_out_of_date_edition_is_flagged_on_the_original(admin_client, original):
    edition = make_publication("Россияне", language="ru", edition_of=original)
    Publication.objects.filter(pk=edition.pk).update(
        updated_at=original.updated_at - timedelta(days=1)
    )
    content = admin_client.get(change_url(original)).content.decode()
    assert "Россияне" in content
    assert "out of date" in content


def test_current_edition_is_not_flagged(admin_client, original):
    edition = make_publication("Россияне", language="ru", edition_of=original)
    Publication.objects.filter(pk=edition.pk).update(
        updated_at=timezone.now() + timedelta(minutes=1)
    )
    assert "out of date" not in admin_client.get(change_url(original)).content.decode()


def test_changelist_has_a_language_column_and_filter(admin_client, original):
    make_publication("Россияне", language="ru", edition_of=original)
    content = admin_client.get(CHANGELIST_URL).content.decode()
    assert "Русский" in content
    filtered = admin_client.get(f"{CHANGELIST_URL}?language=ru").content.decode()
    assert "Россияне" in filtered
    assert "Russians in exile" not in filtered


def edition_post(original, **overrides):
    fields = {
        "title": "Россияне в эмиграции",
        "slug": "rossiyane-v-emigratsii",
        "type": str(original.type_id),
        "summary": "Русское резюме.",
        "body": "<p>Русский текст.</p>",
        "language": "ru",
        "edition_of": str(original.pk),
        "status": "draft",
        **inline_management("authorships"),
    }
    return publication_form_data(**{**fields, **overrides})


def test_writer_creates_an_edition_draft_and_only_an_editor_publishes_it(
    client, writer, editor, original
):
    address = "/ru/publications/rossiyane-v-emigratsii/"
    client.force_login(writer)
    client.post(f"{ADD_URL}?edition_of={original.pk}&language=ru", edition_post(original))
    edition = Publication.objects.get(slug="rossiyane-v-emigratsii")
    assert (edition.language, edition.edition_of, edition.status) == ("ru", original, "draft")

    client.post(
        change_url(edition),
        edition_post(original, edit_version=edition.version, _submit_for_review="x"),
    )
    edition.refresh_from_db()
    assert edition.status == "review"
    refused = client.post(
        change_url(edition), edition_post(original, edit_version=edition.version, _publish="x")
    )
    assert "You do not have permission to publish" in refused.content.decode()
    client.logout()
    assert client.get(address).status_code == 404

    client.force_login(editor)
    client.post(
        change_url(edition),
        edition_post(
            original, edit_version=edition.version, _publish="x", _publish_past_checks="1"
        ),
    )
    edition.refresh_from_db()
    assert edition.status == "published"
    assert edition.history.count() >= 3
    client.logout()
    assert "Россияне в эмиграции" in client.get(address).content.decode()


def test_topic_form_saves_names_and_descriptions_per_language(admin_client):
    topic = make_topic("Diaspora", slug="diaspora")
    url = reverse("admin:publications_topic_change", args=[topic.pk])
    form = admin_client.get(url).content.decode()
    assert "Name in Russian" in form
    assert "Description in Ukrainian" in form
    response = admin_client.post(
        url,
        {
            "name": "Diaspora",
            "slug": "diaspora",
            "description": "People abroad.",
            "name_ru": "Диаспора",
            "description_ru": "Люди за рубежом.",
            "name_uk": "",
            "description_uk": "",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    topic.refresh_from_db()
    assert topic.translations == {"ru": {"name": "Диаспора", "description": "Люди за рубежом."}}


def test_region_form_shows_stored_translations(admin_client):
    region = make_region("Russia", translations={"uk": {"name": "Росія"}})
    url = reverse("admin:publications_region_change", args=[region.pk])
    assert 'value="Росія"' in admin_client.get(url).content.decode()


def test_person_form_saves_a_sanitised_bio_per_language(admin_client):
    person = make_person("Anna Strand", slug="anna-strand")
    url = reverse("admin:people_person_change", args=[person.pk])
    assert "Bio in Russian" in admin_client.get(url).content.decode()
    response = admin_client.post(
        url,
        {
            "name": "Anna Strand",
            "sort_name": "Strand, Anna",
            "slug": "anna-strand",
            "bio": "<p>Russia scholar.</p>",
            "bio_translations_ru": "<p>Исследователь.<script>alert(1)</script></p>",
            "bio_translations_uk": "",
            "edit_version": str(person.version),
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    person.refresh_from_db()
    assert person.bio_translations == {"ru": "<p>Исследователь.</p>"}


def test_add_russian_event_edition_prefills_speakers_and_times_not_text(admin_client):
    speaker = make_person("Maria Lipman")
    forum = make_event("Forum on exile", description="<p>English description.</p>")
    forum.speaker_links.create(person=speaker, role="moderator", order=0)
    add_url = reverse("admin:events_event_add")
    assert (
        f"{add_url}?edition_of={forum.pk}&amp;language=ru"
        in admin_client.get(reverse("admin:events_event_change", args=[forum.pk])).content.decode()
    )
    response = admin_client.get(f"{add_url}?edition_of={forum.pk}&language=ru")
    form = response.context["adminform"].form
    assert form.initial["kind"] == forum.kind_id
    assert form.initial["starts_at"] == forum.starts_at
    assert not form.initial.get("description")
    assert "English description." not in response.content.decode()
    (speakers,) = [
        inline
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is Event.speakers.through
    ]
    assert speakers.formset.forms[0].initial["person"] == speaker.pk
    assert speakers.formset.forms[0].initial["role"] == "moderator"


def test_edition_in_the_originals_language_is_refused(admin_client, original):
    response = admin_client.post(ADD_URL, edition_post(original, language="en"))
    assert response.status_code == HTTPStatus.OK
    assert "An edition is in another language than its original." in response.content.decode()
    assert not Publication.objects.filter(slug="rossiyane-v-emigratsii").exists()


def test_edition_of_an_edition_is_refused(admin_client, original):
    russian = make_publication("Россияне", language="ru", edition_of=original)
    response = admin_client.post(
        ADD_URL, edition_post(original, language="uk", edition_of=str(russian.pk))
    )
    assert "Choose the original item, not an edition of it." in response.content.decode()


def test_second_edition_in_one_language_is_refused(admin_client, original):
    make_publication("Россияне", language="ru", edition_of=original)
    response = admin_client.post(ADD_URL, edition_post(original))
    assert response.status_code == HTTPStatus.OK
    assert not Publication.objects.filter(slug="rossiyane-v-emigratsii").exists()
