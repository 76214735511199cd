"""Making a person or a topic public, or changing one that is, is an editor's decision.

Writers and organizers can still do their work (write people up, add topics, run live events)
but every path by which they could put someone or something in front of readers goes
through review: the person form, the topic form, a live event's speakers and topics, and
restoring an old revision.
"""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from events.models import EventSpeaker
from people.models import Person
from tests.factories import (
    make_event,
    make_person,
    make_publication,
    make_topic,
    staff_user,
    uploaded_jpeg,
)
from tests.support.admin_forms import change_url, event_form_data, inline_management

pytestmark = pytest.mark.django_db

PERSON_ADD_URL = reverse("admin:people_person_add")


def person_form_data(person=None, **overrides):
    data = {
        "name": person.name if person else "Imogen Varga",
        "sort_name": person.sort_name if person else "",
        "slug": person.slug if person else "imogen-varga",
        "title": person.title if person else "",
        "affiliation": person.affiliation if person else "",
        "bio": person.bio if person else "",
        "photo_alt": "",
        "photo_credit": "",
        "edit_version": str(person.version) if person else "",
    }
    if person and person.is_expert:
        data["is_expert"] = "on"
    data.update(overrides)
    return data


def topic_form_data(topic, **overrides):
    return {"name": topic.name, "slug": topic.slug, "description": topic.description, **overrides}


def embargoed_author(name="Tobias Wren"):
    """Someone named only on a report that goes out next week: no public page yet."""
    person = make_person(name)
    make_publication(
        "Embargoed report", authors=[person], publish_at=timezone.now() + timedelta(days=7)
    )
    return person


def with_speaker(data, person, role="speaker"):
    return {
        **data,
        **inline_management("speaker_links", total=1),
        "speaker_links-0-person": str(person.pk),
        "speaker_links-0-role": role,
        "speaker_links-0-order": "0",
    }


def editors_desk(client):
    """The desk's columns only, without the messages and the list of models around them."""
    content = client.get(reverse("admin:index")).content.decode()
    return content.split('class="editorial-desk"')[1].split('<div class="app-')[0]


def page_status(client, person_or_topic):
    client.logout()
    return client.get(person_or_topic.get_absolute_url()).status_code


# People


def test_writer_ticking_listed_as_expert_on_a_hidden_person_changes_nothing(client, writer):
    hidden = make_person("Ilse Marten")
    client.force_login(writer)

    form = client.get(change_url(hidden)).content.decode()
    response = client.post(change_url(hidden), person_form_data(hidden, is_expert="on"))

    assert 'name="is_expert"' not in form
    assert response.status_code == HTTPStatus.FOUND
    hidden.refresh_from_db()
    assert not hidden.is_expert
    assert page_status(client, hidden) == HTTPStatus.NOT_FOUND


def test_writer_only_views_a_public_experts_page_and_cannot_change_the_bio(client, writer):
    expert = make_person("Ruth Calder", is_expert=True, bio="<p>Writes on arms control.</p>")
    client.force_login(writer)

    form = client.get(change_url(expert))
    response = client.post(
        change_url(expert), person_form_data(expert, bio="<p>Defaced biography.</p>")
    )

    assert form.status_code == HTTPStatus.OK
    assert 'name="bio"' not in form.content.decode()
    assert 'name="_save"' not in form.content.decode()
    assert response.status_code == HTTPStatus.FORBIDDEN
    client.logout()
    page = client.get(expert.get_absolute_url()).content.decode()
    assert "Writes on arms control." in page
    assert "Defaced biography." not in page


def test_writer_cannot_change_the_photo_of_someone_named_on_a_live_publication(client, writer):
    author = make_person("Piet Okafor")
    make_publication("Live analysis", authors=[author])
    client.force_login(writer)

    response = client.post(
        change_url(author), person_form_data(author, photo=uploaded_jpeg(), photo_alt="A face")
    )

    assert response.status_code == HTTPStatus.FORBIDDEN
    author.refresh_from_db()
    assert not author.photo
    assert "A face" not in client.get(author.get_absolute_url()).content.decode()


def test_staff_who_may_delete_people_still_cannot_delete_a_public_one(client):
    expert = make_person("Oona Brandt", is_expert=True)
    hidden = make_person("Lev Tamm")
    deleter = staff_user("deleter", "Writers")
    deleter.user_permissions.add(Permission.objects.get(codename="delete_person"))
    client.force_login(deleter)

    refused = client.post(reverse("admin:people_person_delete", args=[expert.pk]), {"post": "yes"})
    allowed = client.post(reverse("admin:people_person_delete", args=[hidden.pk]), {"post": "yes"})

    assert refused.status_code == HTTPStatus.FORBIDDEN
    assert allowed.status_code == HTTPStatus.FOUND
    assert list(Person.objects.values_list("name", flat=True)) == ["Oona Brandt"]


def test_writer_submits_a_new_person_for_review_and_editors_find_them_on_the_desk(
    client, writer, editor
):
    client.force_login(writer)

    form = client.get(PERSON_ADD_URL).content.decode()
    response = client.post(
        PERSON_ADD_URL, person_form_data(_submit_for_review="Submit for review"), follow=True
    )

    assert 'name="_submit_for_review"' in form
    person = Person.objects.get(slug="imogen-varga")
    assert person.submitted_for_review_at is not None
    assert not person.is_expert
    assert "submitted for review" in response.content.decode()
    client.force_login(editor)
    desk = editors_desk(client)
    assert f'href="{change_url(person)}"' in desk
    assert "Imogen Varga" in desk
    assert "Submitted for review" in desk


def test_writer_is_not_offered_review_of_someone_already_public(client, writer):
    expert = make_person("Ruth Calder", is_expert=True)
    client.force_login(writer)

    form = client.get(change_url(expert)).content.decode()

    assert 'name="_submit_for_review"' not in form
    assert "Public: readers can see" in form


def test_editor_lists_a_submitted_person_as_expert_and_clears_them_from_the_desk(client, editor):
    person = make_person("Imogen Varga", submitted_for_review_at=timezone.now())
    client.force_login(editor)
    assert f'href="{change_url(person)}"' in editors_desk(client)

    response = client.post(change_url(person), person_form_data(person, is_expert="on"))

    assert response.status_code == HTTPStatus.FOUND
    person.refresh_from_db()
    assert person.is_expert
    assert person.submitted_for_review_at is None
    assert f'href="{change_url(person)}"' not in editors_desk(client)
    assert page_status(client, person) == HTTPStatus.OK


def test_writer_cannot_restore_a_revision_that_lists_a_hidden_person_as_expert(
    client, writer, editor
):
    person = make_person("Ilse Marten")
    client.force_login(editor)
    client.post(change_url(person), person_form_data(person, is_expert="on"))
    person.refresh_from_db()
    client.post(change_url(person), person_form_data(person, is_expert=""))
    listed = person.history.filter(is_expert=True).get()
    client.force_login(writer)

    response = client.post(
        reverse("admin:people_person_restore", args=[person.pk, listed.history_id]), follow=True
    )

    assert "only an editor can restore it" in response.content.decode()
    person.refresh_from_db()
    assert not person.is_expert
    assert page_status(client, person) == HTTPStatus.NOT_FOUND


# Topics


def test_writer_cannot_edit_the_description_of_a_topic_readers_see(client, writer):
    topic = make_topic("Arms Control", description="Treaties and verification.")
    make_publication(topics=[topic])
    client.force_login(writer)

    response = client.post(change_url(topic), topic_form_data(topic, description="Defaced."))

    assert response.status_code == HTTPStatus.FORBIDDEN
    client.logout()
    page = client.get(topic.get_absolute_url()).content.decode()
    assert "Treaties and verification." in page
    assert "Defaced." not in page


def test_writer_adds_a_topic_and_edits_one_used_only_on_drafts(client, writer):
    draft_topic = make_topic("Sanctions", description="Old words.")
    make_publication(status="draft", topics=[draft_topic])
    client.force_login(writer)

    added = client.post(
        reverse("admin:publications_topic_add"),
        {"name": "Water Security", "slug": "water-security", "description": "Rivers."},
    )
    changed = client.post(
        change_url(draft_topic), topic_form_data(draft_topic, description="New words.")
    )

    assert added.status_code == HTTPStatus.FOUND
    assert changed.status_code == HTTPStatus.FOUND
    draft_topic.refresh_from_db()
    assert draft_topic.description == "New words."


# Live events


def test_organizer_cannot_make_an_embargoed_author_a_speaker_at_a_live_event(client, organizer):
    hidden = embargoed_author()
    event = make_event("Live forum")
    client.force_login(organizer)

    response = client.post(change_url(event), with_speaker(event_form_data(event), hidden))

    assert response.status_code == HTTPStatus.OK
    assert (
        "Tobias Wren has no public page yet; an editor must approve them before they can be "
        "listed on a live event." in response.content.decode()
    )
    assert not EventSpeaker.objects.exists()
    assert page_status(client, hidden) == HTTPStatus.NOT_FOUND


def test_organizer_cannot_add_a_hidden_speaker_to_a_scheduled_event(client, organizer):
    hidden = embargoed_author()
    event = make_event("Announced forum", publish_at=timezone.now() + timedelta(days=1))
    client.force_login(organizer)

    response = client.post(change_url(event), with_speaker(event_form_data(event), hidden))

    assert "has no public page yet" in response.content.decode()
    assert not EventSpeaker.objects.exists()


def test_editor_can_make_an_embargoed_author_a_speaker_at_a_live_event(client, editor):
    hidden = embargoed_author()
    event = make_event("Live forum")
    client.force_login(editor)

    response = client.post(change_url(event), with_speaker(event_form_data(event), hidden))

    assert response.status_code == HTTPStatus.FOUND
    assert page_status(client, hidden) == HTTPStatus.OK
    assert "Tobias Wren" in client.get(event.get_absolute_url()).content.decode()


def test_organizer_may_add_public_people_to_live_events_and_anyone_to_drafts(client, organizer):
    expert = make_person("Ruth Calder", is_expert=True)
    hidden = embargoed_author()
    live = make_event("Live forum")
    draft = make_event("Draft forum", status="draft")
    client.force_login(organizer)

    to_live = client.post(change_url(live), with_speaker(event_form_data(live), expert))
    to_draft = client.post(change_url(draft), with_speaker(event_form_data(draft), hidden))

    assert to_live.status_code == HTTPStatus.FOUND
    assert to_draft.status_code == HTTPStatus.FOUND
    assert set(EventSpeaker.objects.values_list("event__title", "person__name")) == {
        ("Live forum", "Ruth Calder"),
        ("Draft forum", "Tobias Wren"),
    }
    assert page_status(client, hidden) == HTTPStatus.NOT_FOUND


def test_organizer_can_still_save_a_live_event_whose_speakers_an_editor_chose(client, organizer):
    hidden = embargoed_author()
    event = make_event("Announced forum", publish_at=timezone.now() + timedelta(days=1))
    speaker = EventSpeaker.objects.create(event=event, person=hidden, order=0)
    client.force_login(organizer)
    data = with_speaker(event_form_data(event, title="Announced forum, room 4"), hidden)
    data.update(
        {
            **inline_management("speaker_links", total=1, initial=1),
            "speaker_links-0-id": str(speaker.pk),
            "speaker_links-0-event": str(event.pk),
        }
    )

    response = client.post(change_url(event), data)

    assert response.status_code == HTTPStatus.FOUND
    event.refresh_from_db()
    assert event.title == "Announced forum, room 4"


def test_organizer_cannot_put_a_topic_used_only_on_drafts_on_a_live_event(client, organizer):
    hidden_topic = make_topic("Sanctions")
    make_publication(status="draft", topics=[hidden_topic])
    event = make_event("Live forum")
    client.force_login(organizer)

    response = client.post(change_url(event), event_form_data(event, topics=[str(hidden_topic.pk)]))

    assert "The topic “Sanctions” is not public yet" in response.content.decode()
    assert not event.topics.exists()
    assert page_status(client, hidden_topic) == HTTPStatus.NOT_FOUND


def test_organizer_cannot_restore_an_event_revision_naming_a_now_hidden_speaker(
    client, organizer, editor
):
    hidden = embargoed_author()
    event = make_event("Live forum")
    client.force_login(editor)
    client.post(change_url(event), with_speaker(event_form_data(event), hidden))
    event.refresh_from_db()
    with_hidden = event.history.latest("history_date")
    # Taken off the programme again: their only other mention is still under embargo.
    EventSpeaker.objects.all().delete()
    client.force_login(organizer)

    response = client.post(
        reverse("admin:events_event_restore", args=[event.pk, with_hidden.history_id]),
        follow=True,
    )

    assert "That revision cannot be restored: Tobias Wren has no public page yet" in (
        response.content.decode()
    )
    assert not EventSpeaker.objects.exists()
    assert page_status(client, hidden) == HTTPStatus.NOT_FOUND


def test_a_live_event_linked_to_an_embargoed_report_shows_nothing_of_it(client, organizer):
    hidden = embargoed_author()
    report = hidden.authorships.get().publication
    event = make_event("Live forum", starts_in=-timedelta(days=2))
    client.force_login(organizer)

    response = client.post(
        change_url(event), event_form_data(event, related_publications=[str(report.pk)])
    )

    assert response.status_code == HTTPStatus.FOUND
    client.logout()
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Embargoed report" not in page
    assert "Tobias Wren" not in page
    assert page_status(client, hidden) == HTTPStatus.NOT_FOUND
