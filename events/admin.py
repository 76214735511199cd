from django.contrib import admin
from django.utils import timezone

from editorial.admin import EditGuardForm, KindAdmin, LabelledInlineMixin
from editorial.editions_admin import EditionInlineMixin
from editorial.sortable_inlines import SortableInlineMixin
from events.approval import ApprovedSpeakersInlineMixin, LiveEventApprovalMixin
from events.desk import EventDeskMixin
from events.models import Event, EventKind, EventSpeaker
from events.zones import EventTimesAdminMixin, EventTimesFormMixin
from review.admin import ReviewedAdmin


class EventSpeakerInline(
    EditionInlineMixin,
    SortableInlineMixin,
    ApprovedSpeakersInlineMixin,
    LabelledInlineMixin,
    admin.TabularInline,
):
    model = EventSpeaker
    near_top = True
    autocomplete_fields = ["person"]
    extra = 1
    verbose_name_plural = "speakers (in programme order)"


class EventForm(EventTimesFormMixin, EditGuardForm):
    pass


@admin.register(Event)
class EventAdmin(EventDeskMixin, LiveEventApprovalMixin, EventTimesAdminMixin, ReviewedAdmin):
    form = EventForm
    live_items_editable_by_writers = True
    list_display = ["title", "kind", "local_start", "state", "has_summary"]
    list_filter = ["status", "kind", ("topics", admin.RelatedOnlyFieldListFilter), "regions"]
    list_select_related = ["kind"]
    search_fields = ["title", "venue_name", "speakers__name"]
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["regions", "related_publications"]
    readonly_fields = ["summary_published_at", "summary_author"]
    inlines = [EventSpeakerInline]
    edition_inlines = {EventSpeaker: ("speaker_links", ["person", "role", "order"])}

    class Media:
        css = {"all": ["css/admin.css"]}
        js = ["js/admin-a11y.js"]

    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "description"]}),
        ("When", {"fields": ["starts_at", "ends_at", "timezone"]}),
        ("Where", {"fields": ["venue_name", "venue_address", "is_online", "registration_url"]}),
        ("Classification", {"fields": ["topics", "regions"]}),
        ("Publishing", {"fields": ["current_state", "status", "publish_at"]}),
        (
            "After the event",
            {
                "fields": [
                    "summary",
                    "related_publications",
                    "video_url",
                    "summary_published_at",
                    "summary_author",
                ],
                "description": "Write the summary, pick the analyses that report on the "
                "event, and save: the summary then leads the event's page.",
            },
        ),
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        # Once an event has begun, its organizer comes back for one thing: the summary.
        if obj is not None and obj.starts_at <= timezone.now():
            fieldsets = fieldsets[-1:] + fieldsets[:-1]
        return fieldsets

    @admin.display(boolean=True, description="summary")
    def has_summary(self, event):
        return bool(event.summary)

    def save_model(self, request, obj, form, change):
        obj.post_summary(request.user)
        super().save_model(request, obj, form, change)


@admin.register(EventKind)
class EventKindAdmin(KindAdmin):
    pass
