"""Two people save the same item: the second save is refused and nothing of either is lost."""

import re
from http import HTTPStatus

import pytest
from django.urls import reverse

from tests.factories import make_event, make_person, make_publication
from tests.support.admin_forms import event_form_data, publication_form_data

pytestmark = pytest.mark.django_db


def opened_version(client, url):
    """Open the change form as a browser would and read the version it carries."""
    content = client.get(url).content.decode()
    return re.search(r'name="edit_version" value="(\d+)"', content).group(1)


@pytest.fixture
def two_editors(client, django_user_model, editor):
    from django.test import Client

    other = django_user_model.objects.create_user("editor2", password="pw", is_staff=True)
    other.groups.set(editor.groups.all())
    first, second = client, Client()
    first.force_login(editor)
    second.force_login(other)
    return first, second


def test_second_save_of_a_publication_is_refused_and_both_texts_survive(two_editors):
    first, second = two_editors
    publication = make_publication("Shared piece", status="draft")
    url = reverse("admin:publications_publication_change", args=[publication.pk])
    first_version = opened_version(first, url)
    second_version = opened_version(second, url)

    def form(body, version):
        return publication_form_data(
            title="Shared piece",
            slug=publication.slug,
            status="draft",
            body=body,
            edit_version=version,
        )

    saved = first.post(url, form("<p>First editor's paragraph.</p>", first_version))
    refused = second.post(url, form("<p>Second editor's paragraph.</p>", second_version))

    assert saved.status_code == HTTPStatus.FOUND
    assert refused.status_code == HTTPStatus.OK
    content = refused.content.decode()
    assert "saved this publication at" in content
    assert "while you were editing it" in content
    assert "Second editor&#x27;s paragraph." in content or "Second editor's paragraph." in content
    publication.refresh_from_db()
    assert publication.body == "<p>First editor's paragraph.</p>"
    assert publication.history.count() == 2  # created, then the first save


def test_the_refused_editor_can_save_knowingly_and_nothing_is_lost(two_editors):
    first, second = two_editors
    publication = make_publication("Shared piece", status="draft")
    url = reverse("admin:publications_publication_change", args=[publication.pk])
    stale = opened_version(second, url)
    first.post(
        url,
        publication_form_data(
            slug=publication.slug, status="draft", body="<p>First.</p>", edit_version=stale
        ),
    )
    refused = second.post(
        url,
        publication_form_data(
            slug=publication.slug, status="draft", body="<p>Second.</p>", edit_version=stale
        ),
    )
    refreshed = re.search(r'name="edit_version" value="(\d+)"', refused.content.decode()).group(1)

    saved = second.post(
        url,
        publication_form_data(
            slug=publication.slug, status="draft", body="<p>Second.</p>", edit_version=refreshed
        ),
    )

    assert saved.status_code == HTTPStatus.FOUND
    publication.refresh_from_db()
    assert publication.body == "<p>Second.</p>"
    assert "<p>First.</p>" in [revision.body for revision in publication.history.all()]


def test_the_refused_editor_can_save_after_reloading(two_editors):
    first, second = two_editors
    publication = make_publication("Shared piece", status="draft")
    url = reverse("admin:publications_publication_change", args=[publication.pk])
    stale = opened_version(second, url)
    first.post(
        url, publication_form_data(slug=publication.slug, status="draft", edit_version=stale)
    )

    fresh = opened_version(second, url)
    response = second.post(
        url,
        publication_form_data(
            slug=publication.slug, status="draft", body="<p>Merged.</p>", edit_version=fresh
        ),
    )

    assert response.status_code == HTTPStatus.FOUND
    publication.refresh_from_db()
    assert publication.body == "<p>Merged.</p>"


def test_second_save_of_an_event_is_refused(two_editors):
    first, second = two_editors
    event = make_event("Shared forum")
    url = reverse("admin:events_event_change", args=[event.pk])
    version = opened_version(first, url)
    opened_version(second, url)

    first.post(url, event_form_data(event, description="<p>First.</p>", edit_version=version))
    refused = second.post(
        url, event_form_data(event, description="<p>Second.</p>", edit_version=version)
    )

    assert "while you were editing it" in refused.content.decode()
    event.refresh_from_db()
    assert event.description == "<p>First.</p>"


def test_second_save_of_a_person_is_refused(two_editors):
    first, second = two_editors
    person = make_person("Anna Strand")
    url = reverse("admin:people_person_change", args=[person.pk])
    version = opened_version(first, url)

    def form(bio):
        return {
            "name": "Anna Strand",
            "sort_name": "Strand, Anna",
            "slug": person.slug,
            "bio": bio,
            "edit_version": version,
        }

    first.post(url, form("<p>First bio.</p>"))
    refused = second.post(url, form("<p>Second bio.</p>"))

    assert refused.status_code == HTTPStatus.OK
    assert "while you were editing it" in refused.content.decode()
    person.refresh_from_db()
    assert person.bio == "<p>First bio.</p>"
