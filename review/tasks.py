"""Notification email, sent in the background by Django's Tasks framework.

In production a database worker (`manage.py db_worker`, django-tasks-db) runs the task; in
the demo and the tests it runs as it is queued. Either way a failure is recorded on the
notification, never raised, and the email is tried again later.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from review.models import Notification
from review.notifications import headline, item_admin_path, person_name

logger = logging.getLogger(__name__)

#: An email that failed this many times is given up; the notification stays in the admin.
MAX_ATTEMPTS = 5
SENDABLE = [Notification.Email.PENDING, Notification.Email.FAILED]

NOTE_LEAD = {
    Notification.Verb.CHANGES_REQUESTED: "What they asked for:",
    Notification.Verb.COMMENTED: "The comment:",
}


def retry_delay(attempts):
    """5, 15, 45 and 135 minutes after the first to fourth failure: long enough for a mail
    server to come back, short enough that the news is still news."""
    return timedelta(minutes=5 * 3 ** (attempts - 1))


@task
def send_notification_email(notification_id):
    """Email one notification to its recipient, unless it was sent, turned off, or given up.

    The row is locked while it is sent, so two workers given the same notification (a retry
    and `send_pending_notifications`) cannot both send it.
    """
    try:
        with transaction.atomic():
            notification = (
                Notification.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("recipient", "actor", "content_type")
                .filter(pk=notification_id, email__in=SENDABLE, email_attempts__lt=MAX_ATTEMPTS)
                .first()
            )
            if notification is not None:
                deliver(notification)
    except Exception:
        logger.exception("Notification email %s could not be handled.", notification_id)


def deliver(notification):
    if not notification.recipient.email:
        notification.email = Notification.Email.OFF
        notification.email_error = "no address"
        notification.save(update_fields=["email", "email_error"])
        return
    try:
        mailers.default.send_messages([compose(notification)])
    except Exception as exc:
        notification.email = Notification.Email.FAILED
        notification.email_attempts += 1
        notification.email_error = str(exc)[:500] or type(exc).__name__
        notification.save(update_fields=["email", "email_attempts", "email_error"])
        logger.warning(
            "Notification email %s failed (attempt %s): %s",
            notification.pk,
            notification.email_attempts,
            notification.email_error,
        )
        if notification.email_attempts < MAX_ATTEMPTS:
            transaction.on_commit(lambda: retry_later(notification))
        return
    notification.email = Notification.Email.SENT
    notification.emailed_at = timezone.now()
    notification.email_error = ""
    notification.save(update_fields=["email", "emailed_at", "email_error"])


def retry_later(notification):
    """Queue the email again after a pause, where the task backend can defer a task; where
    it cannot (tasks run as they are queued), `send_pending_notifications` retries it."""
    if not send_notification_email.get_backend().supports_defer:
        return
    run_after = timezone.now() + retry_delay(notification.email_attempts)
    try:
        send_notification_email.using(run_after=run_after).enqueue(notification.pk)
    except Exception:
        logger.exception(
            "Could not queue a retry of notification email %s; it stays failed for "
            "send_pending_notifications.",
            notification.pk,
        )


def absolute(path):
    return f"{settings.SITE_URL}{path}"


def compose(notification):
    subject = f"[{settings.SITE_NAME}] {headline(notification)}"
    return EmailMessage(
        subject=subject,
        body=body(notification),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.recipient.email],
    )


def body(notification):
    paragraphs = [f"{headline(notification)}."]
    if notification.note:
        lead = NOTE_LEAD.get(notification.verb, "Their note:")
        quoted = "\n".join(f"    {line}" for line in notification.note.strip().splitlines())
        paragraphs.append(f"{lead}\n\n{quoted}")
    paragraphs.append(f"Open it in the admin:\n{absolute(item_admin_path(notification))}")
    paragraphs += [
        f"You are told because {reason(notification)}.",
        f"All your notifications:\n{absolute(reverse('admin:review_notification_changelist'))}",
        "To stop these emails (your notifications still appear in the admin):\n"
        + absolute(reverse("admin:review_notification_email_settings")),
    ]
    greeting = f"Hello {person_name(notification.recipient)},"
    return "\n\n".join([greeting, *paragraphs]) + "\n"


def reason(notification):
    if notification.verb == Notification.Verb.SUBMITTED:
        model = notification.content_type.model_class()
        kind = model._meta.verbose_name_plural if model else "items of this kind"
        return f"you may publish {kind}"
    if notification.verb == Notification.Verb.COMMENTED:
        return "you worked on it or took part in its discussion"
    return "you worked on it"
