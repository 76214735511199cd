"""An editor sends an item in review back with a note; the writer sees it until they submit
again; "Submit for review" lands the writer back on the item, told who will review it."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from editorial.models import Status
from review.models import Comment, Notification
from tests.factories import make_event, make_publication, staff_user
from tests.support.admin_forms import change_url, event_form_data, publication_form_data

pytestmark = pytest.mark.django_db

NOTE = "The second section repeats the first.\nCut it and cite the 2023 survey."


@pytest.fixture
def ann(editor):
    editor.first_name, editor.last_name = "Ann", "Editor"
    editor.save()
    return editor


@pytest.fixture
def wendy(writer):
    writer.first_name, writer.last_name = "Wendy", "Writer"
    writer.save()
    return writer


@pytest.fixture
def in_review(wendy):
    return make_publication(
        "Water Wars", status="review", created_by=wendy, submitted_by=wendy, publish_at=None
    )


def edit(client, publication, **fields):
    data = publication_form_data(
        title=publication.title,
        slug=publication.slug,
        status=publication.status,
        publish_at_0="",
        publish_at_1="",
        edit_version=publication.version,
        **fields,
    )
    return client.post(change_url(publication), data)


def request_changes(client, publication, note=NOTE):
    return edit(client, publication, _request_changes="Request changes", review_note=note)


def top_of_form(content):
    """The change form up to its first field: where a request for changes must stand."""
    return content[: content.index('name="title"')]


def test_the_request_changes_button_is_offered_to_an_editor_on_an_item_in_review(
    client, ann, in_review
):
    client.force_login(ann)

    content = client.get(change_url(in_review)).content.decode()

    assert 'name="_request_changes"' in content
    assert '<label for="id_review_note">Note for the writer' in content


def test_the_request_changes_button_is_not_offered_on_a_draft(client, ann):
    draft = make_publication(status="draft")
    client.force_login(ann)

    assert 'name="_request_changes"' not in client.get(change_url(draft)).content.decode()


def test_the_request_changes_button_is_not_offered_to_a_writer(client, wendy, in_review):
    client.force_login(wendy)

    content = client.get(change_url(in_review)).content.decode()

    assert 'name="_request_changes"' not in content
    assert "review_note" not in content


def test_editor_requests_changes_and_the_item_returns_to_draft(client, ann, wendy, in_review):
    client.force_login(ann)

    response = request_changes(client, in_review)

    assert response.status_code == HTTPStatus.FOUND
    in_review.refresh_from_db()
    assert in_review.status == Status.DRAFT
    shown = client.get(response["Location"]).content.decode()
    assert "“Water Wars” was sent back to Wendy Writer with your note." in shown
    change_request = Comment.objects.about(in_review).get()
    assert change_request.requests_changes
    assert change_request.author == ann
    assert change_request.body == NOTE
    assert change_request.revision_id == in_review.history.first().history_id


def test_the_writer_is_told_with_the_note(client, ann, wendy, in_review):
    client.force_login(ann)

    request_changes(client, in_review)

    told = Notification.objects.about(in_review).get()
    assert (told.recipient, told.actor, told.verb, told.note) == (
        wendy,
        ann,
        Notification.Verb.CHANGES_REQUESTED,
        NOTE,
    )


def test_the_note_stands_at_the_top_of_the_writers_form(client, ann, wendy, in_review):
    client.force_login(ann)
    request_changes(client, in_review)
    client.force_login(wendy)

    top = top_of_form(client.get(change_url(in_review)).content.decode())

    assert '<h2 id="change-requests-heading">Changes requested</h2>' in top
    assert "Changes requested by Ann Editor on" in top
    assert "The second section repeats the first.<br>Cut it and cite the 2023 survey." in top


def test_the_note_is_shown_as_plain_text(client, ann, wendy, in_review):
    client.force_login(ann)
    request_changes(client, in_review, note="<em>Rewrite</em> the <script>lead</script>")
    client.force_login(wendy)

    top = top_of_form(client.get(change_url(in_review)).content.decode())

    assert "&lt;em&gt;Rewrite&lt;/em&gt; the &lt;script&gt;lead&lt;/script&gt;" in top
    assert "<script>lead" not in top


def test_request_changes_without_a_note_is_refused(client, ann, in_review):
    client.force_login(ann)

    response = request_changes(client, in_review, note="  \r\n ")

    assert response.status_code == HTTPStatus.OK
    assert "Say what needs to change" in response.content.decode()
    in_review.refresh_from_db()
    assert in_review.status == Status.REVIEW
    assert not Comment.objects.about(in_review).exists()


def test_writer_posting_request_changes_is_refused_and_nothing_changes(client, wendy, in_review):
    client.force_login(wendy)

    response = request_changes(client, in_review)

    assert response.status_code == HTTPStatus.OK
    assert "Only an editor who may publish this item can request changes" in (
        response.content.decode()
    )
    in_review.refresh_from_db()
    assert in_review.status == Status.REVIEW
    assert not Comment.objects.about(in_review).exists()


def test_request_changes_on_an_item_not_in_review_is_refused(client, ann):
    draft = make_publication("Still drafting", status="draft", publish_at=None)
    client.force_login(ann)

    response = request_changes(client, draft)

    assert response.status_code == HTTPStatus.OK
    assert "Only an item in review can be sent back" in response.content.decode()
    assert not Comment.objects.about(draft).exists()


def test_writer_resubmits_and_the_request_is_resolved(client, ann, wendy, in_review):
    client.force_login(ann)
    request_changes(client, in_review)
    client.force_login(wendy)
    in_review.refresh_from_db()

    edit(client, in_review, _submit_for_review="Submit for review")

    change_request = Comment.objects.about(in_review).get()
    assert change_request.resolved_by == wendy
    assert change_request.resolved_at is not None
    content = client.get(change_url(in_review)).content.decode()
    assert "Changes requested by" not in top_of_form(content)
    assert "resolved by Wendy Writer" in content


def test_bulk_submit_resolves_the_request_too(client, ann, wendy, in_review):
    client.force_login(ann)
    request_changes(client, in_review)
    client.force_login(wendy)

    client.post(
        reverse("admin:publications_publication_changelist"),
        {"action": "submit_for_review", "_selected_action": [in_review.pk]},
    )

    in_review.refresh_from_db()
    assert in_review.status == Status.REVIEW
    assert Comment.objects.about(in_review).get().resolved_by == wendy


def test_editor_requests_changes_on_an_event_and_its_organizer_sees_the_note(
    client, ann, organizer
):
    event = make_event("Water Forum", status="review", created_by=organizer)
    client.force_login(ann)

    response = client.post(
        change_url(event),
        event_form_data(event, _request_changes="Request changes", review_note="Add speakers."),
    )

    assert response.status_code == HTTPStatus.FOUND
    event.refresh_from_db()
    assert event.status == Status.DRAFT
    client.force_login(organizer)
    content = client.get(change_url(event)).content.decode()
    assert "Changes requested by Ann Editor on" in content
    assert "Add speakers." in content


def test_submit_lands_on_the_change_form_naming_the_reviewers(client, ann, wendy):
    ben = staff_user("ben", "Editors")
    ben.first_name, ben.last_name = "Ben", "Editor"
    ben.save()
    draft = make_publication("Water Wars", status="draft", created_by=wendy, publish_at=None)
    client.force_login(wendy)

    response = edit(client, draft, _submit_for_review="Submit for review")

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"{change_url(draft)}#content-start"
    shown = client.get(response["Location"]).content.decode()
    assert (
        "“Water Wars” was submitted for review: Ann Editor and Ben Editor will review it; "
        "they have been notified."
    ) in shown


def test_submit_names_a_single_reviewer(client, ann, wendy):
    draft = make_publication("Water Wars", status="draft", publish_at=None)
    client.force_login(wendy)

    response = edit(client, draft, _submit_for_review="Submit for review")

    shown = client.get(response["Location"]).content.decode()
    assert "Ann Editor will review it and has been notified." in shown


def test_submit_with_no_editor_to_review_says_nobody_was_told(client, wendy):
    draft = make_publication("Water Wars", status="draft", publish_at=None)
    client.force_login(wendy)

    response = edit(client, draft, _submit_for_review="Submit for review")

    assert response["Location"] == f"{change_url(draft)}#content-start"
    shown = client.get(response["Location"]).content.decode()
    assert (
        "“Water Wars” was submitted for review: no editor has been notified, as nobody else "
        "who may publish it has an active account."
    ) in shown
