"""The review loop's records: comments on drafts, the notifications they and the workflow
send, each person's choice about email, and embargoed review links.

Everything here points at an item (a publication, an event) through its content type, so
this layer knows no content kind by name. None of it is ever shown to readers.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone

from editorial.models import staff_stamp


class ItemQuerySet(models.QuerySet):
    def about(self, item):
        """The rows about `item`."""
        return self.filter(
            content_type=ContentType.objects.get_for_model(item, for_concrete_model=False),
            object_id=item.pk,
        )


class AboutItem(models.Model):
    """A row about one content item, whichever kind it is."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")

    objects = ItemQuerySet.as_manager()

    class Meta:
        abstract = True


class Comment(AboutItem):
    """One remark in the thread on a draft, or an editor's request for changes.

    Kept when the item is deleted or restored: the conversation belongs to its history.
    """

    author = staff_stamp(related_name="review_comments")
    body = models.TextField("comment", max_length=5000)
    #: A request for changes sends the item back to draft; it stands at the top of the
    #: writer's form until it is resolved.
    requests_changes = models.BooleanField(default=False)
    #: The revision (history_id) that was current when the comment was made.
    revision_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = staff_stamp(related_name="+")

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"])]

    def __str__(self):
        return self.body[:60]

    @property
    def is_resolved(self):
        return self.resolved_at is not None


class Notification(AboutItem):
    """Something a staff member should know about an item, in the admin and by email."""

    class Verb(models.TextChoices):
        SUBMITTED = "submitted", "submitted for review"
        CHANGES_REQUESTED = "changes_requested", "sent back with changes requested"
        PUBLISHED = "published", "published"
        SCHEDULED = "scheduled", "scheduled"
        COMMENTED = "commented", "commented on"

    class Email(models.TextChoices):
        PENDING = "pending", "to be sent"
        SENT = "sent", "sent"
        FAILED = "failed", "failed"
        OFF = "off", "not sent (email turned off)"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    actor = staff_stamp(related_name="+")
    verb = models.CharField(max_length=30, choices=Verb.choices)
    #: The item's title when this happened, so the list reads well after a rename or delete.
    item_title = models.CharField(max_length=300)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    email = models.CharField(max_length=10, choices=Email.choices, default=Email.PENDING)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_error = models.TextField(blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"]),
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="unread_idx"
            ),
        ]

    def __str__(self):
        return f"{self.item_title} {self.get_verb_display()}"


class NotificationSettings(models.Model):
    """A staff member's choice about notification email; in-admin notices always show."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    email_enabled = models.BooleanField(
        "email me notifications",
        default=True,
        help_text="Notifications always appear on your desk; this sends each one by email too.",
    )

    class Meta:
        verbose_name_plural = "notification settings"

    def __str__(self):
        return f"Notification settings of {self.user}"

    @classmethod
    def wants_email(cls, user):
        row = cls.objects.filter(user=user).first()
        return row.email_enabled if row else True


class ReviewLink(AboutItem):
    """A link that shows one draft or scheduled item, as staff preview it, to someone
    without an account, until it expires or is revoked. The address carries a signed token
    naming this row (review/links.py); the row is what makes revoking work."""

    MAX_DAYS = 30

    label = models.CharField(
        max_length=200, blank=True, help_text="Who it is for, e.g. “Ministry press office”."
    )
    created_by = staff_stamp(related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = staff_stamp(related_name="+")
    last_opened_at = models.DateTimeField(null=True, blank=True)
    times_opened = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return self.label or f"Review link {self.pk}"

    @property
    def is_active(self):
        return self.revoked_at is None and self.expires_at > timezone.now()
