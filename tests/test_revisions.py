"""Every save keeps a revision; staff compare, restore, and (Editors) recover deleted items."""

from http import HTTPStatus

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from people.models import Person
from publications.models import Publication
from tests.factories import make_event, make_person, make_publication, make_topic
from tests.support.admin_forms import inline_management, publication_form_data

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"admin:publications_publication_{name}", args=args)


def save(client, publication, **fields):
    publication.refresh_from_db()
    data = publication_form_data(
        title=publication.title,
        slug=publication.slug,
        status=publication.status,
        edit_version=publication.version,
    )
    data.update(fields)
    response = client.post(url("change", publication.pk), data)
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:2000]
    return response


@pytest.fixture
def edited(client, editor):
    """A draft written in two saves through the admin, with its byline and topics."""
    client.force_login(editor)
    strand = make_person("Anna Strand")
    garrow = make_person("Miriam Garrow")
    policy = make_topic("Global Policy")
    rights = make_topic("Human Rights")
    client.post(
        url("add"),
        publication_form_data(
            title="First title",
            status="draft",
            body="<p>The original argument about visas.</p>",
            topics=[str(policy.pk)],
            **inline_management("authorships", total=1),
            **{"authorships-0-person": str(strand.pk), "authorships-0-order": "0"},
        ),
    )
    publication = Publication.objects.get()
    authorship = publication.authorships.get()
    save(
        client,
        publication,
        title="Second title",
        body="<p>The revised argument about passports.</p>",
        topics=[str(rights.pk)],
        **inline_management("authorships", total=2, initial=1),
        **{
            "authorships-0-id": str(authorship.pk),
            "authorships-0-publication": str(publication.pk),
            "authorships-0-person": str(strand.pk),
            "authorships-0-order": "1",
            "authorships-1-person": str(garrow.pk),
            "authorships-1-order": "0",
        },
    )
    publication.refresh_from_db()
    return publication


def test_each_admin_save_keeps_one_revision_with_who_and_what(edited, editor):
    revisions = list(edited.history.order_by("history_date"))

    assert [r.title for r in revisions] == ["First title", "Second title"]
    assert {r.history_user for r in revisions} == {editor}
    assert revisions[0].body == "<p>The original argument about visas.</p>"
    assert [row.person.name for row in revisions[1].authors.order_by("order")] == [
        "Miriam Garrow",
        "Anna Strand",
    ]


def test_history_page_lists_revisions(client, edited):
    response = client.get(url("history", edited.pk))
    content = response.content.decode()

    assert response.status_code == HTTPStatus.OK
    assert content.count('name="old"') == 2
    assert "editor" in content
    assert "Compare selected revisions" in content


def test_compare_shows_changes_field_by_field(client, edited):
    older, newer = edited.history.order_by("history_date")

    response = client.get(
        url("compare", edited.pk), {"old": older.history_id, "new": newer.history_id}
    )
    content = response.content.decode()

    assert response.status_code == HTTPStatus.OK
    assert "<del>First title</del>" in content
    assert "<ins>Second title</ins>" in content
    assert "<del>visas.</del>" in content
    assert "<ins>passports.</ins>" in content
    assert "Anna Strand, Miriam Garrow" not in content or "Miriam Garrow, Anna Strand" in content
    assert "<del>Global Policy</del>" in content
    assert "<ins>Human Rights</ins>" in content


@pytest.mark.parametrize("query", [{}, {"old": "x", "new": "1"}, {"old": "999", "new": "998"}])
def test_compare_with_bad_revisions_is_404(client, edited, query):
    assert client.get(url("compare", edited.pk), query).status_code == HTTPStatus.NOT_FOUND


def test_restore_brings_back_content_byline_and_topics_as_a_new_revision(client, edited):
    first = edited.history.order_by("history_date").first()

    response = client.post(url("restore", edited.pk, first.history_id))

    assert response.status_code == HTTPStatus.FOUND
    edited.refresh_from_db()
    assert edited.title == "First title"
    assert edited.body == "<p>The original argument about visas.</p>"
    assert [p.name for p in edited.ordered_authors] == ["Anna Strand"]
    assert [t.name for t in edited.topics.all()] == ["Global Policy"]
    assert edited.status == "draft"
    assert edited.history.count() == 3
    assert "Restored" in edited.history.first().history_change_reason


def test_restore_keeps_the_workflow_state(client, edited, editor):
    Publication.objects.filter(pk=edited.pk).update(status="published")
    first = edited.history.order_by("history_date").first()

    client.post(url("restore", edited.pk, first.history_id))

    edited.refresh_from_db()
    assert edited.status == "published"


def test_restore_by_get_only_asks_for_confirmation(client, edited):
    first = edited.history.order_by("history_date").first()

    response = client.get(url("restore", edited.pk, first.history_id))

    assert response.status_code == HTTPStatus.OK
    assert "Yes, restore this revision" in response.content.decode()
    edited.refresh_from_db()
    assert edited.title == "Second title"
    assert edited.history.count() == 2


def test_editor_recovers_a_deleted_publication_as_a_draft(client, edited):
    pk = edited.pk
    client.post(url("delete", pk), {"post": "yes"})
    assert not Publication.objects.filter(pk=pk).exists()

    listing = client.get(url("recover_list"))
    last_save = Publication.history.filter(id=pk).exclude(history_type="-").first()
    response = client.post(url("recover", last_save.history_id))

    assert "Second title" in listing.content.decode()
    assert response.status_code == HTTPStatus.FOUND
    recovered = Publication.objects.get(pk=pk)
    assert recovered.title == "Second title"
    assert recovered.status == "draft"
    assert [p.name for p in recovered.ordered_authors] == ["Miriam Garrow", "Anna Strand"]
    assert [t.name for t in recovered.topics.all()] == ["Human Rights"]


def test_changelist_links_to_recovery_for_editors_only(client, edited, writer):
    assert "Recover deleted" in client.get(url("changelist")).content.decode()

    client.force_login(writer)

    assert "Recover deleted" not in client.get(url("changelist")).content.decode()
    assert client.get(url("recover_list")).status_code == HTTPStatus.FORBIDDEN


def test_history_checks_the_items_permissions(client, edited, organizer, writer):
    first = edited.history.order_by("history_date").first()
    nobody = User.objects.create_user("nobody", password="pw", is_staff=True)

    client.force_login(nobody)
    assert client.get(url("history", edited.pk)).status_code == HTTPStatus.FORBIDDEN

    client.force_login(organizer)
    assert client.get(url("history", edited.pk)).status_code == HTTPStatus.OK
    assert client.post(url("restore", edited.pk, first.history_id)).status_code == 403

    Publication.objects.filter(pk=edited.pk).update(status="published")
    client.force_login(writer)
    assert client.post(url("restore", edited.pk, first.history_id)).status_code == 403


def test_people_and_events_keep_revisions_too(client, editor):
    client.force_login(editor)
    person = make_person("Anna Strand", bio="<p>Old bio.</p>")
    event = make_event("Forum", description="<p>Old description.</p>")
    person_url = reverse("admin:people_person_change", args=[person.pk])
    client.post(
        person_url,
        {
            "name": "Anna Strand",
            "slug": person.slug,
            "bio": "<p>New bio.</p>",
            "edit_version": "1",
        },
    )

    assert [r.bio for r in person.history.order_by("history_date")] == [
        "<p>Old bio.</p>",
        "<p>New bio.</p>",
    ]
    assert client.get(reverse("admin:people_person_history", args=[person.pk])).status_code == 200
    assert client.get(reverse("admin:events_event_history", args=[event.pk])).status_code == 200
    assert event.history.count() == 1
    assert Person.history.filter(id=person.pk).count() == 2


def test_bulk_delete_records_who_deleted_and_can_be_recovered(client, edited, editor):
    pk = edited.pk

    client.post(
        url("changelist"),
        {"action": "delete_selected", "_selected_action": [str(pk)], "post": "yes"},
    )

    deletion = Publication.history.get(id=pk, history_type="-")
    assert deletion.history_user == editor
    assert "Second title" in client.get(url("recover_list")).content.decode()


def test_restore_leaves_out_links_to_deleted_people_and_says_so(client, edited):
    quoted = make_person("Quoted Then Deleted")
    edited.experts_quoted.add(quoted)
    Publication.objects.get(pk=edited.pk).save()
    with_quote = edited.history.first()
    edited.experts_quoted.clear()
    quoted.delete()

    response = client.post(url("restore", edited.pk, with_quote.history_id), follow=True)

    assert response.status_code == HTTPStatus.OK
    assert "could not be restored" in response.content.decode()
    assert list(edited.experts_quoted.all()) == []


def test_recovering_over_a_reused_address_is_refused_with_a_message(client, edited):
    pk, slug = edited.pk, edited.slug
    client.post(url("delete", pk), {"post": "yes"})
    make_publication("Newcomer", slug=slug)
    last_save = Publication.history.filter(id=pk).exclude(history_type="-").first()

    response = client.post(url("recover", last_save.history_id), follow=True)

    assert response.status_code == HTTPStatus.OK
    assert "now uses the address" in response.content.decode()
    assert not Publication.objects.filter(pk=pk).exists()
