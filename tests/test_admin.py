from http import HTTPStatus

import pytest
from django.urls import reverse

from publications.models import Publication
from tests.factories import make_person, make_publication, make_region, make_topic, make_type
from tests.support.admin_forms import inline_management, publication_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_changelist_shows_columns_and_filters(staff_client):
    author = make_person("Miriam Garrow")
    make_publication("Listed piece", authors=[author], topics=[make_topic()])
    make_publication(
        "Another",
        type=make_type("Report"),
        topics=[make_topic("Human Rights")],
        regions=[make_region("China"), make_region("Russia")],
    )

    response = staff_client.get(reverse("admin:publications_publication_changelist"))
    content = response.content.decode()

    assert response.status_code == HTTPStatus.OK
    for column in ["Title", "Type", "Status", "Publish date", "Authors"]:
        assert f">{column}</a>" in content or f">{column}</span>" in content
    assert "Listed piece" in content
    assert "Miriam Garrow" in content
    for filter_title in ["By status", "By type", "By topics", "By regions"]:
        assert filter_title in content


def test_changelist_filters_by_status(staff_client):
    make_publication("Draft piece", status="draft")
    make_publication("Public piece")

    response = staff_client.get(
        reverse("admin:publications_publication_changelist") + "?status__exact=draft"
    )

    assert "Draft piece" in response.content.decode()
    assert "Public piece" not in response.content.decode()


def test_changelist_search_finds_by_author_name(staff_client):
    make_publication("By Strand", authors=[make_person("Anna Strand")])
    make_publication("By someone else")

    response = staff_client.get(reverse("admin:publications_publication_changelist") + "?q=Strand")

    assert "By Strand" in response.content.decode()
    assert "By someone else" not in response.content.decode()


def test_add_form_offers_autocomplete_inline_and_prepopulated_slug(staff_client):
    response = staff_client.get(reverse("admin:publications_publication_add"))
    content = response.content.decode()

    assert response.status_code == HTTPStatus.OK
    assert 'data-field-name="experts_quoted"' in content
    assert 'data-field-name="topics"' in content
    assert 'data-field-name="person"' in content
    assert 'data-field-name="to_publication"' in content
    assert "authors (in byline order)" in content.lower()
    assert "prepopulated_fields" in content or "data-prepopulated-field" in content


def test_staff_create_publication_through_admin(staff_client):
    garrow = make_person("Miriam Garrow")
    strand = make_person("Anna Strand")
    topic = make_topic("Global Policy")
    region = make_region("Russia")
    data = publication_form_data(
        topics=[str(topic.pk)],
        regions=[str(region.pk)],
        experts_quoted=[str(garrow.pk)],
        body='<p>Text</p><script>alert("x")</script>',
        **inline_management("authorships", total=2),
        **{
            "authorships-0-person": str(strand.pk),
            "authorships-0-order": "1",
            "authorships-1-person": str(garrow.pk),
            "authorships-1-order": "0",
        },
    )

    response = staff_client.post(reverse("admin:publications_publication_add"), data)

    assert response.status_code == HTTPStatus.FOUND, response.context["adminform"].errors
    publication = Publication.objects.get(slug="a-new-brief")
    assert publication.ordered_authors == [garrow, strand]
    assert list(publication.topics.all()) == [topic]
    assert list(publication.regions.all()) == [region]
    assert list(publication.experts_quoted.all()) == [garrow]
    assert publication.body == "<p>Text</p>"
    assert staff_client.get(publication.get_absolute_url()).status_code == HTTPStatus.OK


def test_change_form_shows_image_preview_and_view_on_site(staff_client):
    from tests.factories import uploaded_jpeg

    publication = make_publication(image=uploaded_jpeg(size=(800, 450)))

    response = staff_client.get(
        reverse("admin:publications_publication_change", args=[publication.pk])
    )
    content = response.content.decode()

    preview = publication.image.storage.url(publication.image_renditions[0]["name"])
    assert preview.endswith("/400w.webp")
    assert f'class="image-preview" src="{preview}"' in content
    assert "View on site" in content


def test_topic_autocomplete_answers_staff(staff_client):
    make_topic("Global Policy")
    make_topic("Human Rights")

    response = staff_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "publications",
            "model_name": "publication",
            "field_name": "topics",
            "term": "glob",
        },
    )

    assert response.status_code == HTTPStatus.OK
    assert [result["text"] for result in response.json()["results"]] == ["Global Policy"]


def test_author_autocomplete_answers_staff(staff_client):
    make_person("Anna Strand")
    make_person("Miriam Garrow")

    response = staff_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "publications",
            "model_name": "authorship",
            "field_name": "person",
            "term": "stra",
        },
    )

    assert [result["text"] for result in response.json()["results"]] == ["Anna Strand"]


@pytest.mark.parametrize("model", ["publicationtype", "topic", "region", "publication"])
def test_publications_admins_load(staff_client, model):
    assert staff_client.get(reverse(f"admin:publications_{model}_changelist")).status_code == 200
    assert staff_client.get(reverse(f"admin:publications_{model}_add")).status_code == 200


def test_people_admin_loads_and_edits_expertise(staff_client):
    topic = make_topic("Global Policy")
    person = make_person("Anna Strand")

    response = staff_client.post(
        reverse("admin:people_person_change", args=[person.pk]),
        {
            "name": "Anna Strand",
            "sort_name": "Strand, Anna",
            "slug": "anna-strand",
            "title": "Senior Advisor",
            "is_expert": "on",
            "bio": "<p>Russia scholar.</p>",
            "topics": [str(topic.pk)],
            "edit_version": str(person.version),
        },
    )

    assert response.status_code == HTTPStatus.FOUND
    person.refresh_from_db()
    assert person.is_expert
    assert list(person.topics.all()) == [topic]


def test_anonymous_user_is_sent_to_login(client):
    response = client.get(reverse("admin:publications_publication_changelist"))

    assert response.status_code == HTTPStatus.FOUND
    assert reverse("admin:login") in response["Location"]
