"""What an event organizer's start page lists: the events they run, before and after."""

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.utils import timezone
from django.utils.formats import date_format

from editorial.sites import DeskLink, DeskSection, change_url
from events.zones import local_wall_time


class EventDeskMixin:
    """For the event admin, before ReviewDeskMixin: those who may change events but not
    publish them (event organizers) get, instead of a list of drafts, what they were sent
    back, the upcoming events, the past events still without a summary and the events in
    review. Someone who is also a writer gets the writer's sections of publications too.

    Whose events: the institute's organizers are few and stand in for one another, so the
    desk lists every event they may change, theirs first and marked as theirs. An event is
    theirs when they created it, submitted it for review or saved a revision of it.
    """

    def writer_desk_sections(self, request, *, may_publish):
        if may_publish:
            return super().writer_desk_sections(request, may_publish=may_publish)
        return [
            self.sent_back_desk_section(request),
            self.upcoming_events_desk_section(request),
            self.events_without_summary_desk_section(request),
            self.in_review_desk_section(request, title="Events in review", order=16),
        ]

    def upcoming_events_desk_section(self, request):
        """Events not yet over, in any state, soonest first (theirs before the others)."""
        events = (
            self.model._default_manager.upcoming()
            .annotate(is_theirs=self.theirs(request.user))
            .order_by("-is_theirs", "starts_at", "pk")[: self.desk_size]
        )
        return DeskSection(
            key="upcoming_events",
            title="Upcoming events, yours first",
            entries=[
                self.desk_entry(
                    event,
                    when=self.local_time(event),
                    is_yours=event.is_theirs,
                    sort_key=(not event.is_theirs, event.starts_at),
                )
                for event in events
            ],
            empty_text="No upcoming events. Add the next one under Events below.",
            order=12,
        )

    def events_without_summary_desk_section(self, request):
        """Published events that are over and have no summary yet, the latest first."""
        events = (
            self.model._default_manager.published()
            .filter(ends_at__lt=timezone.now(), summary="")
            .annotate(is_theirs=self.theirs(request.user))
            .order_by("-is_theirs", "-ends_at", "-pk")[: self.desk_size]
        )
        return DeskSection(
            key="events_without_summary",
            title="Past events without a summary",
            entries=[
                self.desk_entry(
                    event,
                    when=f"Took place {self.local_date(event)}",
                    is_yours=event.is_theirs,
                    action=DeskLink("Write the summary", change_url(event, self.admin_site.name)),
                    sort_key=(not event.is_theirs, -event.ends_at.timestamp()),
                )
                for event in events
            ],
            empty_text="Every past event has its summary.",
            order=14,
        )

    def theirs(self, user):
        revisions = self.model.history.model._default_manager.filter(
            id=OuterRef("pk"), history_user=user
        )
        return ExpressionWrapper(
            Q(created_by=user) | Q(submitted_by=user) | Exists(revisions),
            output_field=BooleanField(),
        )

    @staticmethod
    def local_time(event):
        """When the event starts, as a clock shows it where it takes place."""
        when = date_format(local_wall_time(event.starts_at, event.timezone), "DATETIME_FORMAT")
        return f"{when} ({event.zone_label})"

    @staticmethod
    def local_date(event):
        return date_format(local_wall_time(event.starts_at, event.timezone), "DATE_FORMAT")
