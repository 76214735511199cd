"""Editors, Writers and Event organizers share one admin without stepping on each other."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from publications.models import Publication
from tests.factories import make_event, make_publication, make_type
from tests.support.admin_forms import change_url, event_form_data, publication_form_data

pytestmark = pytest.mark.django_db


def test_the_three_roles_exist_as_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Editors",
        "Writers",
        "Event organizers",
    }


def test_writer_post_of_published_status_is_refused(client, writer):
    client.force_login(writer)

    response = client.post(
        reverse("admin:publications_publication_add"), publication_form_data(status="published")
    )

    assert response.status_code == HTTPStatus.OK
    assert "Select a valid choice" in response.content.decode()
    assert not Publication.objects.exists()


def test_writer_cannot_flip_own_draft_to_published(client, writer):
    draft = make_publication("My draft", status="draft", type=make_type("Peace Brief"))
    client.force_login(writer)

    response = client.post(
        change_url(draft),
        publication_form_data(
            title="My draft", slug=draft.slug, status="published", edit_version=draft.version
        ),
    )

    assert response.status_code == HTTPStatus.OK
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_writer_can_write_a_draft_and_submit_it_for_review(client, writer):
    client.force_login(writer)

    response = client.post(
        reverse("admin:publications_publication_add"), publication_form_data(status="review")
    )

    assert response.status_code == HTTPStatus.FOUND
    assert Publication.objects.get().status == "review"


def test_writer_only_sees_a_published_publication(client, writer):
    live = make_publication("Live piece")
    client.force_login(writer)

    assert client.get(change_url(live)).status_code == HTTPStatus.OK
    response = client.post(
        change_url(live), publication_form_data(title="Defaced", edit_version=live.version)
    )

    assert response.status_code == HTTPStatus.FORBIDDEN
    live.refresh_from_db()
    assert live.title == "Live piece"


def test_editor_can_publish(client, editor):
    client.force_login(editor)

    response = client.post(
        reverse("admin:publications_publication_add"), publication_form_data(status="published")
    )

    assert response.status_code == HTTPStatus.FOUND
    assert Publication.objects.published().count() == 1


def test_organizer_gets_403_on_a_publication_change_form(client, organizer):
    publication = make_publication()
    client.force_login(organizer)

    assert client.get(reverse("admin:publications_publication_add")).status_code == 403
    response = client.post(change_url(publication), publication_form_data(title="Changed"))

    assert response.status_code == HTTPStatus.FORBIDDEN


def test_organizer_may_look_at_publications_and_people(client, organizer):
    publication = make_publication()
    client.force_login(organizer)

    assert client.get(reverse("admin:publications_publication_changelist")).status_code == 200
    assert client.get(reverse("admin:people_person_changelist")).status_code == 200
    assert "Save" not in client.get(change_url(publication)).content.decode().split("<form")[1]


def test_organizer_posts_a_summary_in_one_step(client, organizer):
    event = make_event("Exiles forum", starts_in=-timedelta(days=2))
    analysis = make_publication("Exiles analysis")
    client.force_login(organizer)

    response = client.post(
        change_url(event),
        event_form_data(
            event,
            summary="<p>The speakers agreed on visas.</p>",
            related_publications=[str(analysis.pk)],
        ),
    )

    assert response.status_code == HTTPStatus.FOUND
    event.refresh_from_db()
    assert event.summary == "<p>The speakers agreed on visas.</p>"
    assert event.summary_author == organizer
    assert event.summary_published_at is not None
    assert list(event.related_publications.all()) == [analysis]
    page = client.get(event.get_absolute_url()).content.decode()
    assert "The speakers agreed on visas." in page


def test_editing_a_summary_keeps_its_first_posting_date(client, organizer):
    posted = timezone.now() - timedelta(days=5)
    event = make_event(
        starts_in=-timedelta(days=6), summary="<p>First.</p>", summary_published_at=posted
    )
    client.force_login(organizer)

    client.post(change_url(event), event_form_data(event, summary="<p>Second.</p>"))

    event.refresh_from_db()
    assert event.summary == "<p>Second.</p>"
    assert event.summary_published_at == posted


def test_organizer_cannot_publish_an_event(client, organizer):
    event = make_event(status="draft")
    client.force_login(organizer)

    client.post(change_url(event), event_form_data(event, status="published"))

    event.refresh_from_db()
    assert event.status == "draft"


def test_organizer_can_add_an_event_for_review(client, organizer):
    client.force_login(organizer)
    template = make_event("Template", status="draft")
    data = event_form_data(template, title="New webinar", slug="new-webinar", status="review")

    response = client.post(reverse("admin:events_event_add"), data)

    assert response.status_code == HTTPStatus.FOUND
    assert Event.objects.get(slug="new-webinar").status == "review"


def test_writer_cannot_change_events(client, writer):
    event = make_event()
    client.force_login(writer)

    response = client.post(change_url(event), event_form_data(event, title="Changed"))

    assert response.status_code == HTTPStatus.FORBIDDEN


def test_organizer_cannot_take_a_live_event_off_the_site_by_submitting_it(client, organizer):
    event = make_event("Live forum")
    client.force_login(organizer)

    response = client.post(
        change_url(event), event_form_data(event, _submit_for_review="Submit for review")
    )

    assert "Only a draft or an unpublished item can be submitted" in response.content.decode()
    event.refresh_from_db()
    assert event.status == "published"
