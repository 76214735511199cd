"""What each role's start page lists about the items of one kind, and the notifications that
belong to no kind in particular. The desk itself is assembled in editorial/sites.py."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from editorial.models import Status
from editorial.sites import (
    DeskEntry,
    DeskLink,
    DeskSection,
    Since,
    change_url,
    changelist_link,
    first_line,
    in_review_section,
    person_name,
)
from review.models import Comment
from review.notifications import headline, latest_for, unread_count

NOTIFICATIONS_ON_DESK = 8


class ReviewDeskMixin:
    """Desk sections about this admin's kind, each given to the roles it fits, as their
    permissions on the kind tell: those who may publish get what waits for them (in review,
    scheduled, recently published); those who may change items get what they write (sent
    back to them, their drafts). Those who may only look at the kind get nothing of it."""

    @property
    def desk_size(self):
        return getattr(self.admin_site, "desk_size", 8)

    def desk_sections(self, request):
        sections = []
        may_publish = self.has_publish_permission(request)
        if may_publish:
            sections += self.editor_desk_sections(request)
        if self.has_change_permission(request):
            sections += self.writer_desk_sections(request, may_publish=may_publish)
        return sections

    def shared_desk_sections(self, request):
        return [notifications_section(request, self.admin_site.name)]

    def editor_desk_sections(self, request):
        return [
            self.in_review_desk_section(request),
            self.scheduled_desk_section(request),
            self.recently_published_desk_section(request),
        ]

    def writer_desk_sections(self, request, *, may_publish):
        return [
            self.sent_back_desk_section(request, may_publish=may_publish),
            self.drafts_desk_section(request),
        ]

    # The sections

    def in_review_desk_section(self, request, *, title="In review", order=20):
        """Items submitted for review, those that have waited longest first."""
        waiting_since = Coalesce("submitted_at", "updated_at")
        items = (
            self.model._default_manager.filter(status=Status.REVIEW)
            .select_related("submitted_by")
            .annotate(waiting_since=waiting_since)
            .order_by("waiting_since", "pk")[: self.desk_size]
        )
        entries = [
            self.desk_entry(
                item,
                detail=(
                    f"Submitted by {person_name(item.submitted_by, request.user)}"
                    if item.submitted_at
                    else ""
                ),
                since=Since.waiting(item.waiting_since),
                sort_key=item.waiting_since,
            )
            for item in items
        ]
        link = self.changelist_desk_link("All {} in review", status__exact=Status.REVIEW)
        return in_review_section(entries, title=title, links=[link], order=order)

    def scheduled_desk_section(self, request):
        items = self.model._default_manager.filter(
            status=Status.PUBLISHED, publish_at__gt=timezone.now()
        ).order_by("publish_at", "pk")[: self.desk_size]
        return DeskSection(
            key="scheduled",
            title="Scheduled",
            entries=[self.desk_entry(item, sort_key=item.publish_at) for item in items],
            empty_text="Nothing is scheduled. “Schedule” on an item's form publishes it "
            "by itself at the date you set.",
            order=60,
        )

    def recently_published_desk_section(self, request):
        items = self.model._default_manager.published().order_by("-publish_at", "-pk")[
            : self.desk_size
        ]
        return DeskSection(
            key="recently_published",
            title="Recently published",
            entries=[
                self.desk_entry(
                    item,
                    since=Since.ago(item.publish_at, "published"),
                    sort_key=-item.publish_at.timestamp(),
                )
                for item in items
            ],
            empty_text="Nothing has been published yet.",
            order=70,
            links=[self.changelist_desk_link("All published {}", status__exact=Status.PUBLISHED)],
        )

    def sent_back_desk_section(self, request, *, may_publish=False):
        """Drafts of the user's that an editor sent back with changes still to make, with the
        first line of the editor's note. Editors seldom have any: for them the section shows
        only when it lists something."""
        items = list(
            self.writers_items(request.user)
            .filter(status=Status.DRAFT)
            .filter(Exists(self.change_requests().filter(object_id=OuterRef("pk"))))
            .order_by("-updated_at", "-pk")[: self.desk_size]
        )
        latest_request = {}
        if items:
            requests = (
                self.change_requests()
                .filter(object_id__in=[item.pk for item in items])
                .select_related("author")
                .order_by("created_at", "pk")
            )
            for change_request in requests:
                latest_request[change_request.object_id] = change_request
        entries = []
        for item in items:
            change_request = latest_request.get(item.pk)
            if change_request is None:  # resolved between the two queries
                continue
            entries.append(
                self.desk_entry(
                    item,
                    detail=f"Sent back by {person_name(change_request.author, request.user)}",
                    since=Since.ago(change_request.created_at, ""),
                    note=first_line(change_request.body),
                    sort_key=-change_request.created_at.timestamp(),
                )
            )
        return DeskSection(
            key="sent_back",
            title="Sent back to you",
            entries=entries,
            empty_text="Nothing has been sent back to you.",
            order=10,
            show_when_empty=not may_publish,
        )

    def drafts_desk_section(self, request):
        """The user's drafts, those worked on last first; those sent back are listed apart."""
        items = (
            self.writers_items(request.user)
            .filter(status=Status.DRAFT)
            .exclude(Exists(self.change_requests().filter(object_id=OuterRef("pk"))))
            .order_by("-updated_at", "-pk")[: self.desk_size]
        )
        return DeskSection(
            key="drafts",
            title="Your drafts",
            entries=[
                self.desk_entry(
                    item,
                    since=Since.ago(item.updated_at, "updated"),
                    sort_key=-item.updated_at.timestamp(),
                )
                for item in items
            ],
            empty_text="You have no drafts in progress.",
            order=50,
        )

    # What the sections share

    def writers_items(self, user):
        """Items the user wrote (created) or submitted for review."""
        return self.model._default_manager.filter(Q(created_by=user) | Q(submitted_by=user))

    def change_requests(self):
        """Unresolved requests for changes on items of this kind."""
        content_type = ContentType.objects.get_for_model(self.model, for_concrete_model=False)
        return Comment.objects.filter(
            content_type=content_type, requests_changes=True, resolved_at__isnull=True
        )

    def desk_entry(self, item, **details):
        return DeskEntry(
            title=str(item),
            url=change_url(item, self.admin_site.name),
            kind=self.model._meta.verbose_name.capitalize(),
            state=item.state_label,
            **details,
        )

    def changelist_desk_link(self, label, **filters):
        opts = self.model._meta
        return changelist_link(
            opts, label.format(opts.verbose_name_plural), self.admin_site.name, **filters
        )


def notifications_section(request, site_name="admin"):
    """The user's latest notifications, unread ones marked, and how many are unread."""
    entries = [
        DeskEntry(
            title=headline(notification),
            url=notification_url(notification, site_name),
            since=Since.ago(notification.created_at, ""),
            note=first_line(notification.note),
            is_unread=notification.read_at is None,
            sort_key=(-notification.created_at.timestamp(), -notification.pk),
        )
        for notification in latest_for(request.user, NOTIFICATIONS_ON_DESK)
    ]
    unread = unread_count(request.user)
    changelist = admin_url("admin:review_notification_changelist", site_name)
    return DeskSection(
        key="notifications",
        title="Notifications",
        entries=entries,
        empty_text="No notifications yet. You are told here when an item you work on is "
        "submitted, sent back, published or commented on.",
        order=0,
        links=[DeskLink("All notifications", changelist)] if changelist else [],
        summary=f"{unread} unread" if unread else "Nothing unread",
        is_wide=True,
    )


def notification_url(notification, site_name):
    """Where a notification leads: through the page that marks it read, to its item; or
    straight to the item's change form if that page is not there."""
    opening = admin_url("admin:review_notification_open", site_name, args=[notification.pk])
    if opening:
        return opening
    content_type = notification.content_type
    return admin_url(
        f"admin:{content_type.app_label}_{content_type.model}_change",
        site_name,
        args=[notification.object_id],
    )


def admin_url(name, site_name, args=()):
    """The address of an admin page, or None when there is no such page (its model is not
    registered)."""
    try:
        return reverse(name, args=args, current_app=site_name)
    except NoReverseMatch:
        return None
