"""Tells people about what happens to the items they work on.

A notification is recorded in the same transaction as what it reports, so it exists exactly
when that change does; its email is queued as a task only once that transaction commits
(review/tasks.py sends it). Nothing here may make a save fail: a notification that cannot be
recorded or queued is logged and left for `manage.py send_pending_notifications`.
"""

import logging
from functools import partial, reduce
from operator import or_

from django.conf import settings
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.contrib.auth import get_user_model, load_backend
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse

from review.models import Comment, Notification, NotificationSettings

logger = logging.getLogger(__name__)

Verb = Notification.Verb

#: What a workflow action of the admin (editorial.workflow) tells people, if anything.
VERB_OF_ACTION = {
    "submit": Verb.SUBMITTED,
    "publish": Verb.PUBLISHED,
    "schedule": Verb.SCHEDULED,
    "request_changes": Verb.CHANGES_REQUESTED,
}


def holders_of(permission):
    """Active users granted `permission` ("app_label.codename") through a group, directly
    or as superusers, as every permission backend in use sees it."""
    users = get_user_model()._default_manager
    granted = [
        Q(pk__in=users.with_perm(permission, backend=path).values("pk"))
        for path in settings.AUTHENTICATION_BACKENDS
        if hasattr(load_backend(path), "with_perm")
    ]
    return users.filter(reduce(or_, granted, Q(pk__in=[])))


def may_view(opts):
    """Who can still open items of this kind in the admin (view or change permission)."""
    return Q(pk__in=holders_of(f"{opts.app_label}.view_{opts.model_name}").values("pk")) | Q(
        pk__in=holders_of(f"{opts.app_label}.change_{opts.model_name}").values("pk")
    )


def writers_of(item):
    """Whoever created the item, last submitted it, or saved a revision of it."""
    writers = Q(pk__in=[pk for pk in (item.created_by_id, item.submitted_by_id) if pk])
    history = getattr(item, "history", None)
    if history is not None:
        writers |= Q(pk__in=history.order_by().values("history_user_id"))
    return writers


def recipients(item, verb, actor):
    """The active staff told about `verb` on `item`: never the actor, and only those who may
    still open the item.

    A submission goes to those who may publish it; a request for changes, a publication or a
    schedule to its writers; a comment to its writers and everyone who commented on it or
    asked for changes to it.
    """
    opts = item._meta
    if verb == Verb.SUBMITTED:
        concerned = Q(pk__in=holders_of(f"{opts.app_label}.publish_{opts.model_name}").values("pk"))
    else:
        concerned = writers_of(item)
        if verb == Verb.COMMENTED:
            concerned |= Q(pk__in=Comment.objects.about(item).order_by().values("author_id"))
    users = get_user_model()._default_manager.filter(
        concerned, may_view(opts), is_active=True, is_staff=True
    )
    if actor is not None:
        users = users.exclude(pk=actor.pk)
    return users.order_by("pk")


def notify(item, verb, *, actor, note=""):
    """Tell the people concerned that `actor` did `verb` (a Notification.Verb) to `item`, in
    the admin and, for those who want it, by email once the current transaction commits.

    Gives the notifications made; none when they could not be recorded (that is logged, and
    whatever `item` was being saved is saved all the same).
    """
    try:
        # A savepoint: a failure here must not spoil the transaction the save runs in.
        with transaction.atomic():
            notifications = record(item, verb, actor, note)
    except Exception:
        logger.exception("Could not record the %r notifications about %r.", verb, item)
        return []
    to_email = [n.pk for n in notifications if n.email == Notification.Email.PENDING]
    if to_email:
        transaction.on_commit(partial(queue_emails, to_email), robust=True)
    return notifications


def record(item, verb, actor, note):
    users = list(recipients(item, verb, actor))
    if not users:
        return []
    email_off = set(
        NotificationSettings.objects.filter(user__in=users, email_enabled=False).values_list(
            "user_id", flat=True
        )
    )
    content_type = ContentType.objects.get_for_model(item, for_concrete_model=False)
    return Notification.objects.bulk_create(
        Notification(
            recipient=user,
            actor=actor,
            verb=verb,
            content_type=content_type,
            object_id=item.pk,
            item_title=str(item)[:300],
            note=note,
            email=Notification.Email.OFF if user.pk in email_off else Notification.Email.PENDING,
        )
        for user in users
    )


def queue_emails(notification_ids):
    """Queue the email of each notification; gives how many were queued.

    When the queue refuses one (its database or broker is down), the rest stay pending as
    well, for `manage.py send_pending_notifications` to queue again later.
    """
    # Imported here because review.tasks words its emails with this module's helpers.
    from review.tasks import send_notification_email

    for queued, notification_id in enumerate(notification_ids):
        try:
            send_notification_email.enqueue(notification_id)
        except Exception:
            logger.exception(
                "The task queue refused notification email %s; %s left pending.",
                notification_id,
                len(notification_ids) - queued,
            )
            return queued
    return len(notification_ids)


def person_name(user):
    return user.get_full_name() or user.get_username()


def headline(notification):
    """One sentence saying what happened: "“Title” was submitted for review by Ann Editor"."""
    title = f"“{notification.item_title}”"
    actor = notification.actor
    if notification.verb == Verb.COMMENTED:
        if actor is None:
            return f"A comment was posted on {title}"
        return f"{person_name(actor)} commented on {title}"
    sentence = f"{title} was {notification.get_verb_display()}"
    return f"{sentence} by {person_name(actor)}" if actor is not None else sentence


def item_admin_path(notification):
    """The item's change form in the admin, or the list of notifications when its kind is no
    longer in the admin."""
    model = notification.content_type.model_class()
    try:
        return reverse(admin_urlname(model._meta, "change"), args=[notification.object_id])
    except (AttributeError, NoReverseMatch):
        return reverse("admin:review_notification_changelist")


def open_url(notification):
    """Marks the notification read and goes to its item (for its recipient only)."""
    return reverse("admin:review_notification_open", args=[notification.pk])


def unread_count(user):
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def latest_for(user, n=8):
    """The user's newest notifications, read or not, with what their headlines need."""
    return list(
        Notification.objects.filter(recipient=user).select_related("actor", "content_type")[:n]
    )


class NotifyingAdminMixin:
    """Tells people about each workflow transition made in the admin, by its change form
    or a bulk action. Unpublishing tells nobody."""

    def workflow_transition_done(self, request, obj, action):
        super().workflow_transition_done(request, obj, action)
        verb = VERB_OF_ACTION.get(action)
        if verb is None:
            return
        if verb in {Verb.PUBLISHED, Verb.SCHEDULED}:
            verb = Verb.SCHEDULED if obj.is_scheduled else Verb.PUBLISHED
        note = ""
        if verb == Verb.CHANGES_REQUESTED:
            note = getattr(getattr(request, "change_request", None), "body", "")
        notify(obj, verb, actor=request.user, note=note)
