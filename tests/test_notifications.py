"""Notifications: who is told of a submission, a request for changes, a publication, a
schedule or a comment; the list and unread count in the admin; email sent as a task, turned
off by its recipient, retried after a failure, and never in the way of a save."""

import re
from datetime import timedelta
from http import HTTPStatus
from io import StringIO

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection
from django.tasks import default_task_backend
from django.tasks.backends.base import BaseTaskBackend
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from editorial.revisions import record_revision
from publications.models import Publication
from review.models import Comment, Notification, NotificationSettings
from review.notifications import notify
from review.tasks import send_notification_email
from tests.factories import make_publication, staff_user
from tests.support.admin_forms import change_url, publication_form_data

pytestmark = pytest.mark.django_db

Verb = Notification.Verb
Email = Notification.Email
LIST_URL = reverse("admin:review_notification_changelist")
SETTINGS_URL = reverse("admin:review_notification_email_settings")
DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


class RefusingMailer(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("Connection refused by mail.example.org")


class RefusingQueue(BaseTaskBackend):
    """A task queue whose database or broker is down."""

    supports_defer = True

    def enqueue(self, task, args, kwargs):
        raise ConnectionError("The task queue is unreachable")


REFUSING_MAILERS = {"default": {"BACKEND": f"{__name__}.RefusingMailer"}}
REFUSING_TASKS = {"default": {"BACKEND": f"{__name__}.RefusingQueue"}}


def named(user, first_name, last_name):
    user.first_name, user.last_name = first_name, last_name
    user.save()
    return user


@pytest.fixture
def writer(writer):
    return named(writer, "Wendy", "Writer")


@pytest.fixture
def editor(editor):
    return named(editor, "Ann", "Editor")


@pytest.fixture
def second_editor(db):
    return named(staff_user("second-editor", "Editors"), "Ed", "Second")


@pytest.fixture
def draft(writer):
    return make_publication("Water and the Steppe", status="draft", created_by=writer)


@pytest.fixture
def in_review(writer):
    return make_publication(
        "Rivers of the Steppe",
        status="review",
        publish_at=None,
        created_by=writer,
        submitted_by=writer,
    )


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """What the admin queues once its transaction commits runs at the end of the block."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def edit(client, publication, **fields):
    data = publication_form_data(
        title=publication.title,
        slug=publication.slug,
        status=publication.status,
        edit_version=publication.version,
        **fields,
    )
    return client.post(change_url(publication), data)


def submit(client, publication):
    return edit(client, publication, _submit_for_review="Submit for review")


def publish(client, publication):
    # Past the content checks' warnings (a short body, no topic): they are not the point here.
    return edit(
        client,
        publication,
        publish_at_0="",
        publish_at_1="",
        _publish="Publish",
        _publish_past_checks="1",
    )


def notified(verb=None):
    rows = Notification.objects.all() if verb is None else Notification.objects.filter(verb=verb)
    return {notification.recipient.username for notification in rows}


def outbox_to():
    return sorted(address for message in mail.outbox for address in message.to)


def test_submission_tells_every_editor_in_the_admin_and_by_email(
    client, writer, editor, second_editor, organizer, draft, run_on_commit
):
    inactive = staff_user("former-editor", "Editors")
    inactive.is_active = False
    inactive.save()
    client.force_login(writer)

    with run_on_commit():
        response = submit(client, draft)

    assert response.status_code == HTTPStatus.FOUND
    assert notified(Verb.SUBMITTED) == {"editor", "second-editor"}
    assert outbox_to() == ["editor@example.org", "second-editor@example.org"]
    message = next(message for message in mail.outbox if message.to == ["editor@example.org"])
    assert message.subject == (
        "[Meridian Institute for Peace] “Water and the Steppe” was submitted for review "
        "by Wendy Writer"
    )
    assert f"http://127.0.0.1:8000{change_url(draft)}" in message.body
    assert f"http://127.0.0.1:8000{SETTINGS_URL}" in message.body
    assert "because you may publish publications" in message.body
    assert Notification.objects.filter(email=Email.SENT, emailed_at__isnull=False).count() == 2


def test_editor_publishing_tells_the_writers_but_not_the_editor(
    client, writer, editor, in_review, run_on_commit
):
    reviser = staff_user("reviser", "Writers")
    record_revision(in_review, user=reviser)
    client.force_login(editor)

    with run_on_commit():
        response = publish(client, in_review)

    assert response.status_code == HTTPStatus.FOUND

    assert notified() == {"writer", "reviser"}
    assert notified(Verb.PUBLISHED) == {"writer", "reviser"}
    assert outbox_to() == ["reviser@example.org", "writer@example.org"]
    assert mail.outbox[0].subject.endswith("“Rivers of the Steppe” was published by Ann Editor")


def test_scheduling_tells_the_writers_it_was_scheduled(
    client, writer, editor, in_review, run_on_commit
):
    release = timezone.localtime() + timedelta(days=2)
    client.force_login(editor)

    with run_on_commit():
        edit(
            client,
            in_review,
            publish_at_0=release.strftime("%Y-%m-%d"),
            publish_at_1=release.strftime("%H:%M:%S"),
            _schedule="Schedule",
            _publish_past_checks="1",
        )

    assert notified(Verb.SCHEDULED) == {"writer"}
    assert mail.outbox[0].subject.endswith("“Rivers of the Steppe” was scheduled by Ann Editor")


def test_publishing_from_the_list_tells_the_writers(
    client, writer, editor, in_review, run_on_commit
):
    client.force_login(editor)

    with run_on_commit():
        client.post(
            reverse("admin:publications_publication_changelist"),
            {"action": "publish_now", "_selected_action": [in_review.pk]},
        )

    assert notified(Verb.PUBLISHED) == {"writer"}
    assert outbox_to() == ["writer@example.org"]


def test_unpublishing_tells_nobody(client, writer, editor, run_on_commit):
    public = make_publication(created_by=writer)
    client.force_login(editor)

    with run_on_commit():
        edit(client, public, _unpublish="Unpublish")

    public.refresh_from_db()
    assert public.status == "unpublished"
    assert not Notification.objects.exists()


def test_a_request_for_changes_tells_the_writers_what_was_asked(
    writer, editor, in_review, run_on_commit
):
    request = RequestFactory().post("/")
    request.user = editor
    request.change_request = Comment.objects.create(
        item=in_review, author=editor, body="Cite the 2023 forum.", requests_changes=True
    )

    with run_on_commit():
        admin.site._registry[Publication].workflow_transition_done(
            request, in_review, "request_changes"
        )

    notification = Notification.objects.get()
    assert (notification.recipient, notification.verb) == (writer, Verb.CHANGES_REQUESTED)
    assert notification.note == "Cite the 2023 forum."
    assert "What they asked for:\n\n    Cite the 2023 forum." in mail.outbox[0].body


def test_a_comment_tells_everyone_else_on_the_item(writer, editor, second_editor, in_review):
    """Comments are posted through review.comments, which calls notify(); called directly
    here so this module does not depend on that form."""
    organizer = staff_user("commenter", "Event organizers")
    Comment.objects.create(item=in_review, author=editor, body="Tighten the summary.")
    Comment.objects.create(item=in_review, author=organizer, body="Link our forum.")

    notify(in_review, Verb.COMMENTED, actor=writer, note="Done, see the new summary.")

    assert notified(Verb.COMMENTED) == {"editor", "commenter"}
    assert Notification.objects.filter(note="Done, see the new summary.").count() == 2


def test_people_who_can_no_longer_open_the_item_are_not_told(
    client, writer, editor, in_review, run_on_commit
):
    writer.groups.clear()
    client.force_login(editor)

    with run_on_commit():
        response = publish(client, in_review)

    assert response.status_code == HTTPStatus.FOUND

    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_email_turned_off_keeps_the_notification_but_sends_nothing(
    client, writer, editor, second_editor, draft, run_on_commit
):
    NotificationSettings.objects.create(user=editor, email_enabled=False)
    client.force_login(writer)

    with run_on_commit():
        submit(client, draft)

    assert Notification.objects.get(recipient=editor).email == Email.OFF
    assert outbox_to() == ["second-editor@example.org"]


def test_each_person_turns_their_own_email_off_and_on(client, editor, second_editor):
    client.force_login(editor)

    page = client.get(SETTINGS_URL)
    assert page.status_code == HTTPStatus.OK
    assert "Notification email goes to editor@example.org." in page.content.decode()
    assert re.search(
        r'<input type="checkbox" name="email_enabled"[^>]* checked>', page.content.decode()
    )

    response = client.post(SETTINGS_URL, {}, follow=True)

    assert "Notification email is off: your notifications appear only in the admin." in (
        response.content.decode()
    )
    assert NotificationSettings.wants_email(editor) is False
    assert NotificationSettings.wants_email(second_editor) is True

    client.post(SETTINGS_URL, {"email_enabled": "on"})
    assert NotificationSettings.wants_email(editor) is True


def test_the_list_links_to_the_email_settings(client, editor):
    client.force_login(editor)

    assert f'href="{SETTINGS_URL}"' in client.get(LIST_URL).content.decode()


@override_settings(TASKS=DUMMY_TASKS)
def test_emails_are_queued_as_tasks_and_sent_when_the_worker_runs_them(
    client, writer, editor, second_editor, draft, run_on_commit
):
    client.force_login(writer)

    with run_on_commit():
        submit(client, draft)

    queued = default_task_backend.results
    assert sorted(result.args[0] for result in queued) == sorted(
        Notification.objects.values_list("pk", flat=True)
    )
    assert {result.task.name for result in queued} == {"send_notification_email"}
    assert mail.outbox == []
    assert set(Notification.objects.values_list("email", flat=True)) == {Email.PENDING}

    for result in queued:
        result.task.call(*result.args, **result.kwargs)

    assert outbox_to() == ["editor@example.org", "second-editor@example.org"]
    assert set(Notification.objects.values_list("email", flat=True)) == {Email.SENT}


def test_a_failing_mail_server_does_not_block_the_save_and_the_email_is_sent_later(
    client, writer, editor, draft, run_on_commit
):
    client.force_login(writer)

    with override_settings(MAILERS=REFUSING_MAILERS), run_on_commit():
        response = submit(client, draft)

    assert response.status_code == HTTPStatus.FOUND
    draft.refresh_from_db()
    assert draft.status == "review"
    failed = Notification.objects.get(recipient=editor)
    assert (failed.email, failed.email_attempts) == (Email.FAILED, 1)
    assert failed.email_error == "Connection refused by mail.example.org"
    assert mail.outbox == []

    output = StringIO()
    call_command("send_pending_notifications", stdout=output)

    assert outbox_to() == ["editor@example.org"]
    failed.refresh_from_db()
    assert failed.email == Email.SENT
    assert "Queued 1 notification email (0 never tried, 1 failed before)." in output.getvalue()
    assert "So far 1 sent, 0 failed again" in output.getvalue()


@override_settings(TASKS=DUMMY_TASKS, MAILERS=REFUSING_MAILERS)
def test_a_failed_email_is_queued_again_after_a_pause_where_the_queue_can_wait(
    editor, in_review, run_on_commit
):
    notification = Notification.objects.create(
        item=in_review, recipient=editor, verb=Verb.COMMENTED, item_title="Water"
    )
    before = timezone.now()

    with run_on_commit():
        send_notification_email.call(notification.pk)

    retry = default_task_backend.results[-1]
    assert retry.args == [notification.pk]
    assert retry.task.run_after >= before + timedelta(minutes=5)
    notification.refresh_from_db()
    assert (notification.email, notification.email_attempts) == (Email.FAILED, 1)


def test_an_email_is_given_up_after_five_failures(editor, in_review):
    notification = Notification.objects.create(
        item=in_review,
        recipient=editor,
        verb=Verb.PUBLISHED,
        item_title="Water",
        email=Email.FAILED,
        email_attempts=4,
    )

    with override_settings(MAILERS=REFUSING_MAILERS):
        call_command("send_pending_notifications", stdout=StringIO())
    output = StringIO()
    call_command("send_pending_notifications", stdout=output)

    notification.refresh_from_db()
    assert (notification.email, notification.email_attempts) == (Email.FAILED, 5)
    assert "Queued 0 notification emails" in output.getvalue()
    assert mail.outbox == []


def test_a_broken_task_queue_does_not_block_the_save(client, writer, editor, draft, run_on_commit):
    client.force_login(writer)

    with override_settings(TASKS=REFUSING_TASKS), run_on_commit():
        response = submit(client, draft)

        assert response.status_code == HTTPStatus.FOUND
        with pytest.raises(CommandError, match="The task queue refused notification emails"):
            call_command("send_pending_notifications", stdout=StringIO())

    draft.refresh_from_db()
    assert draft.status == "review"
    assert Notification.objects.get().email == Email.PENDING

    call_command("send_pending_notifications", stdout=StringIO())

    assert outbox_to() == ["editor@example.org"]


def test_notifications_that_cannot_be_recorded_do_not_block_the_save(
    client, writer, editor, draft, run_on_commit, monkeypatch
):
    def fail(*args):
        raise DatabaseError("The notifications table is locked")

    monkeypatch.setattr("review.notifications.record", fail)
    client.force_login(writer)

    with run_on_commit():
        response = submit(client, draft)

    assert response.status_code == HTTPStatus.FOUND
    draft.refresh_from_db()
    assert draft.status == "review"
    assert not Notification.objects.exists()


def test_a_recipient_without_an_address_gets_the_notification_only(
    client, writer, editor, draft, run_on_commit
):
    editor.email = ""
    editor.save()
    client.force_login(writer)

    with run_on_commit():
        submit(client, draft)
    client.force_login(editor)

    notification = Notification.objects.get()
    assert (notification.email, notification.email_error) == (Email.OFF, "no address")
    assert "Not sent: your account has no email address." in client.get(LIST_URL).content.decode()


def test_unread_count_is_in_the_admin_header_and_drops_once_opened(
    client, writer, editor, draft, in_review
):
    notify(draft, Verb.SUBMITTED, actor=writer)
    notify(in_review, Verb.SUBMITTED, actor=writer)
    client.force_login(editor)

    assert "Notifications (2 unread)" in client.get(reverse("admin:index")).content.decode()

    opened = Notification.objects.get(object_id=draft.pk)
    response = client.get(reverse("admin:review_notification_open", args=[opened.pk]))

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == change_url(draft)
    assert "Notifications (1 unread)" in client.get(change_url(draft)).content.decode()

    client.post(reverse("admin:review_notification_read_all"))

    header = client.get(reverse("admin:index")).content.decode()
    assert ">Notifications</a>" in header
    assert "unread)" not in header


def test_the_list_shows_my_notifications_newest_first_with_the_unread_marked(
    client, writer, editor, draft, in_review
):
    notify(draft, Verb.SUBMITTED, actor=writer)
    notify(in_review, Verb.SUBMITTED, actor=writer)
    Notification.objects.filter(object_id=draft.pk).update(read_at=timezone.now())
    client.force_login(editor)

    content = client.get(LIST_URL).content.decode()

    newest, oldest = Notification.objects.order_by("-pk")
    open_newest = reverse("admin:review_notification_open", args=[newest.pk])
    open_oldest = reverse("admin:review_notification_open", args=[oldest.pk])
    assert content.index(open_newest) < content.index(open_oldest)
    assert (
        f'<a href="{open_newest}"><strong>“Rivers of the Steppe” was submitted for review by '
        "Wendy Writer</strong></a>" in content
    )
    assert "<h1>Your notifications</h1>" in content
    assert "You have 1 unread notification." in content


def test_nobody_sees_or_opens_another_persons_notifications(
    client, writer, editor, second_editor, draft
):
    notify(draft, Verb.SUBMITTED, actor=writer)
    theirs = Notification.objects.get(recipient=second_editor)
    client.force_login(editor)

    listing = client.get(LIST_URL).content.decode()
    opened = client.get(reverse("admin:review_notification_open", args=[theirs.pk]))
    detail = client.get(reverse("admin:review_notification_change", args=[theirs.pk]))

    assert reverse("admin:review_notification_open", args=[theirs.pk]) not in listing
    assert opened.status_code == HTTPStatus.NOT_FOUND
    assert detail.status_code == HTTPStatus.FOUND
    assert detail["Location"] == reverse("admin:index")
    theirs.refresh_from_db()
    assert theirs.read_at is None

    client.post(reverse("admin:review_notification_read_all"))
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_as_read_takes_a_post(client, editor):
    client.force_login(editor)

    response = client.get(reverse("admin:review_notification_read_all"))

    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_every_staff_member_has_a_list_of_their_own_without_any_permission(client):
    nobody_special = User.objects.create_user("intern", "intern@example.org", "pw", is_staff=True)
    client.force_login(nobody_special)

    assert client.get(LIST_URL).status_code == HTTPStatus.OK
    assert client.get(SETTINGS_URL).status_code == HTTPStatus.OK


def test_opening_a_notification_of_a_deleted_item_says_so(client, writer, editor, draft):
    notify(draft, Verb.SUBMITTED, actor=writer)
    notification = Notification.objects.get()
    draft.delete()
    client.force_login(editor)

    response = client.get(
        reverse("admin:review_notification_open", args=[notification.pk]), follow=True
    )

    assert response.redirect_chain[-1][0] == LIST_URL
    assert "“Water and the Steppe” has been deleted since." in response.content.decode()


def test_public_pages_never_count_notifications(client, writer, editor, draft):
    notify(draft, Verb.SUBMITTED, actor=writer)
    make_publication("Out now")
    client.force_login(editor)

    with CaptureQueriesContext(connection) as captured:
        assert client.get("/").status_code == HTTPStatus.OK

    assert not [query for query in captured if "review_notification" in query["sql"]]
