from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import capfirst

from people.approval import is_public_topic, may_approve_topics
from publications.internal_links import InternalLinksForm
from publications.models import (
    Authorship,
    Publication,
    PublicationType,
    Region,
    RelatedPublication,
    SiteSettings,
    Status,
    Topic,
)
from publications.revisions import RestoreRefused, compare, record_revision, restore


class TopicAutocompleteMixin:
    """Topics are typed with autocompletion, like authors, instead of taggit's free-text box.

    A topic is created on purpose in the Topic admin (with its description), never as a
    side effect of a typo in a publication's form.
    """

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "topics":
            return forms.ModelMultipleChoiceField(
                queryset=Topic.objects.all(),
                required=False,
                widget=AutocompleteSelectMultiple(db_field, self.admin_site),
                help_text="Start typing a topic's name.",
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class EditGuardForm(InternalLinksForm):
    """Refuses a save based on a version someone else has saved over in the meantime.

    (Every admin form of a written item builds on this one, so its rich-text links are
    checked too: see InternalLinksForm.)

    The form is re-shown with everything the second person typed; the first person's
    save stands. Nothing of either is lost.
    """

    edit_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["edit_version"].initial = self.instance.version

    def clean(self):
        cleaned_data = super().clean()
        self.current_version = self.instance.version
        if not self.instance.pk:
            return cleaned_data
        # The admin validates and saves inside one transaction: lock the row so two saves
        # cannot both pass this check.
        model = type(self.instance)
        current = model.objects.select_for_update().filter(pk=self.instance.pk).first()
        if current is None:
            raise forms.ValidationError("Someone deleted this item while you were editing it.")
        self.current_version = current.version
        if cleaned_data.get("edit_version") != current.version:
            # The re-shown form carries the new version: saving it again is a decision taken
            # knowingly, and the other person's text stays in the history either way.
            self.data = self.data.copy()
            self.data["edit_version"] = str(current.version)
            raise forms.ValidationError(self.conflict_message(current), code="edit_conflict")
        return cleaned_data

    def conflict_message(self, current):
        latest = current.history.select_related("history_user").first()
        who = str(latest.history_user) if latest and latest.history_user else "Someone"
        when = timezone.localtime(latest.history_date if latest else current.updated_at)
        opts = current._meta
        history_url = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_history", args=[current.pk]
        )
        return format_html(
            "{} saved this {} at {} while you were editing it, so your changes have not been "
            "saved yet: everything you typed is still in the form below. "
            '<a href="{}" target="_blank">See what they changed</a> (opens in a new tab), '
            "bring their changes into yours if you want them, then save again. Their version "
            "stays in the history whatever you decide.",
            who,
            opts.verbose_name,
            date_format(when, "DATETIME_FORMAT"),
            history_url,
        )


class EditGuardMixin:
    form = EditGuardForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = [(name, dict(options)) for name, options in super().get_fieldsets(request, obj)]
        first = fieldsets[0][1]
        first["fields"] = [*first["fields"], "edit_version"]
        return fieldsets

    def save_model(self, request, obj, form, change):
        if change:
            obj.version = form.current_version + 1
        super().save_model(request, obj, form, change)


class RevisionsAdminMixin:
    """History of every save, field-by-field comparison, restore, and recovery of deleted items.

    Each view checks the same permissions as the item itself.
    """

    change_list_template = "admin/editorial/change_list.html"
    object_history_template = "admin/editorial/history.html"

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path("recover/", view(self.recover_list_view), name=f"{name}_recover_list"),
            path("recover/<int:history_id>/", view(self.recover_view), name=f"{name}_recover"),
            path(
                "<path:object_id>/history/compare/",
                view(self.compare_view),
                name=f"{name}_compare",
            ),
            path(
                "<path:object_id>/history/<int:history_id>/restore/",
                view(self.restore_view),
                name=f"{name}_restore",
            ),
            *super().get_urls(),
        ]

    def save_model(self, request, obj, form, change):
        # One revision per save, taken once the byline, topics and inlines are saved too.
        obj.skip_history_when_saving = True
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        del obj.skip_history_when_saving
        record_revision(obj, created=not change, user=request.user)

    def delete_model(self, request, obj):
        obj._history_user = request.user
        super().delete_model(request, obj)

    def get_object_or_404(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(f"No {self.model._meta.verbose_name} with that ID.")
        return obj

    def revision_context(self, request, obj, title, **extra):
        opts = self.model._meta
        return {
            **self.admin_site.each_context(request),
            "opts": opts,
            "app_label": opts.app_label,
            "object": obj,
            "title": title,
            "subtitle": str(obj),
            **extra,
        }

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object_or_404(request, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        revisions = Paginator(
            obj.history.select_related("history_user").order_by("-history_date", "-history_id"),
            50,
        ).get_page(request.GET.get("p"))
        context = self.revision_context(
            request,
            obj,
            f"History: {obj}",
            revisions=revisions,
            can_restore=self.has_change_permission(request, obj),
        )
        return TemplateResponse(request, self.object_history_template, context)

    def compare_view(self, request, object_id):
        obj = self.get_object_or_404(request, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        try:
            ids = sorted({int(request.GET["old"]), int(request.GET["new"])})
        except (KeyError, ValueError):
            raise Http404("Choose two revisions to compare.") from None
        # Two exact lookups, not __in: Django answers "nothing" for a number out of the
        # column's range, where an __in list would hand it to the database and fail.
        chosen = Q(history_id=ids[0]) | Q(history_id=ids[-1])
        found = {r.history_id: r for r in obj.history.filter(chosen)}
        if len(found) != 2:
            raise Http404("Choose two revisions of this item to compare.")
        older, newer = found[ids[0]], found[ids[1]]
        context = self.revision_context(
            request,
            obj,
            f"Compare revisions: {obj}",
            older=older,
            newer=newer,
            changes=compare(older, newer, Topic),
            can_restore=self.has_change_permission(request, obj),
        )
        return TemplateResponse(request, "admin/editorial/compare.html", context)

    def restore_view(self, request, object_id, history_id):
        obj = self.get_object_or_404(request, object_id)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        revision = get_object_or_404(obj.history, history_id=history_id)
        opts = self.model._meta
        try:
            _item, left_out = restore(revision, user=request.user, topic_model=Topic)
        except RestoreRefused as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_history", obj.pk)
        when = date_format(timezone.localtime(revision.history_date), "DATETIME_FORMAT")
        self.message_user(
            request,
            f"Restored the revision of {when}. The version it replaced is kept in the history.",
            messages.SUCCESS,
        )
        self.report_left_out(request, left_out)
        return redirect(f"admin:{opts.app_label}_{opts.model_name}_change", obj.pk)

    def report_left_out(self, request, left_out):
        if left_out:
            self.message_user(
                request,
                f"{left_out} link{'s' if left_out > 1 else ''} to people or publications deleted "
                "since that revision could not be restored.",
                messages.WARNING,
            )

    def may_recover(self, request):
        return self.has_add_permission(request) and self.has_delete_permission(request)

    def deleted_revisions(self):
        """The last saved revision of each deleted item, newest deletion first."""
        history = self.model.history
        deleted_ids = set(
            history.filter(history_type="-")
            .exclude(id__in=self.model.objects.values("pk"))
            .values_list("id", flat=True)
        )
        last_saves = {}
        for revision in (
            history.filter(id__in=deleted_ids)
            .exclude(history_type="-")
            .select_related("history_user")
            .order_by("history_date", "history_id")
        ):
            last_saves[revision.id] = revision
        deletions = {
            revision.id: revision
            for revision in history.filter(id__in=deleted_ids, history_type="-")
            .select_related("history_user")
            .order_by("history_date")
        }
        return sorted(
            ((last_saves[pk], deletions[pk]) for pk in last_saves),
            key=lambda pair: pair[1].history_date,
            reverse=True,
        )

    def recover_list_view(self, request):
        if not self.may_recover(request):
            raise PermissionDenied
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "app_label": opts.app_label,
            "title": f"Recover deleted {opts.verbose_name_plural}",
            "deleted": self.deleted_revisions(),
        }
        return TemplateResponse(request, "admin/editorial/recover_list.html", context)

    def recover_view(self, request, history_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.may_recover(request):
            raise PermissionDenied
        revision = get_object_or_404(
            self.model.history.exclude(history_type="-"), history_id=history_id
        )
        if self.model.objects.filter(pk=revision.id).exists():
            self.message_user(request, "That item is not deleted.", messages.WARNING)
        else:
            try:
                item, left_out = restore(revision, user=request.user, topic_model=Topic)
            except RestoreRefused as refusal:
                self.message_user(request, str(refusal), messages.ERROR)
            else:
                self.message_user(
                    request,
                    f"Recovered “{item}”" + (" as a draft." if hasattr(item, "status") else "."),
                    messages.SUCCESS,
                )
                self.report_left_out(request, left_out)
        opts = self.model._meta
        return redirect(f"admin:{opts.app_label}_{opts.model_name}_changelist")

    def changelist_view(self, request, extra_context=None):
        opts = self.model._meta
        extra_context = {
            "recover_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_recover_list")
            if self.may_recover(request)
            else None,
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)


WORKFLOW_ACTIONS = {
    "_submit_for_review": "submit",
    "_publish": "publish",
    "_schedule": "schedule",
    "_unpublish": "unpublish",
}


SUBMITTABLE = {Status.DRAFT, Status.UNPUBLISHED}


class PublishingAdminMixin:
    """Draft → in review → published (now, or scheduled) → unpublished.

    Only staff with the model's publish permission may publish, schedule or unpublish;
    others write drafts and submit them for review. `live_items_editable_by_writers` says
    whether they may still edit an item once it is public (event organizers must, to post
    summaries) or only look at it (writers of publications).
    """

    live_items_editable_by_writers = False
    change_form_template = "admin/editorial/change_form.html"
    view_on_site = False

    def can_publish(self, request):
        opts = self.model._meta
        return request.user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")

    has_publish_permission = can_publish

    @staticmethod
    def is_public_or_scheduled(obj):
        return obj is not None and obj.status == Status.PUBLISHED

    def has_change_permission(self, request, obj=None):
        if (
            not self.live_items_editable_by_writers
            and self.is_public_or_scheduled(obj)
            and not self.can_publish(request)
        ):
            return False
        return super().has_change_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = [*super().get_readonly_fields(request, obj), "current_state"]
        if self.is_public_or_scheduled(obj) and not self.can_publish(request):
            fields += ["status", "publish_at"]
        return fields

    def workflow_action(self, request):
        if request.method != "POST":
            return None
        return next(
            (action for key, action in WORKFLOW_ACTIONS.items() if key in request.POST), None
        )

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        can_publish = self.can_publish(request)
        action = self.workflow_action(request)

        class WorkflowForm(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                if not can_publish and "status" in self.fields:
                    self.fields["status"].choices = [
                        choice for choice in Status.choices if choice[0] != Status.PUBLISHED
                    ]

            def clean_status(self):
                status = self.cleaned_data["status"]
                if status == Status.PUBLISHED and not can_publish:
                    raise forms.ValidationError(
                        "You do not have permission to publish. Submit it for review and "
                        "an editor will publish it."
                    )
                return status

            def clean(self):
                cleaned_data = super().clean()
                if action in {"publish", "schedule", "unpublish"} and not can_publish:
                    raise forms.ValidationError(
                        "You do not have permission to publish, schedule or unpublish. "
                        "Submit it for review and an editor will take it from there."
                    )
                # clean() runs before the form's values are applied to the instance.
                current_status = self.instance.status if self.instance.pk else Status.DRAFT
                if action == "submit" and current_status not in SUBMITTABLE:
                    raise forms.ValidationError(
                        "Only a draft or an unpublished item can be submitted for review."
                    )
                if action == "schedule":
                    publish_at = cleaned_data.get("publish_at", self.instance.publish_at)
                    if publish_at is None or publish_at <= timezone.now():
                        self.add_error(
                            "publish_at" if "publish_at" in self.fields else None,
                            "To schedule, set a publish date in the future.",
                        )
                return cleaned_data

        return WorkflowForm

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        action = self.workflow_action(request)
        now = timezone.now()
        if action == "submit":
            obj.status = Status.REVIEW
        elif action == "publish":
            obj.status = Status.PUBLISHED
            if obj.publish_at is None or obj.publish_at > now:
                obj.publish_at = now
        elif action == "schedule":
            obj.status = Status.PUBLISHED
        elif action == "unpublish":
            obj.status = Status.UNPUBLISHED
        super().save_model(request, obj, form, change)
        if action:
            request.workflow_message = self.workflow_message(obj, action)

    @staticmethod
    def workflow_message(obj, action):
        if action == "submit":
            return f"“{obj}” was submitted for review."
        if obj.is_scheduled:
            when = date_format(timezone.localtime(obj.publish_at), "DATETIME_FORMAT")
            # "9 a.m." already ends the sentence.
            return f"“{obj}” is scheduled for {when.removesuffix('.')}."
        return f"“{obj}” is {obj.get_status_display().lower()}."

    def respond_to_workflow_action(self, request, obj):
        """One message for a workflow action, in place of the admin's "changed successfully"."""
        self.message_user(request, request.workflow_message, messages.SUCCESS)
        return self.response_post_save_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        if hasattr(request, "workflow_message"):
            return self.respond_to_workflow_action(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if hasattr(request, "workflow_message"):
            return self.respond_to_workflow_action(request, obj)
        return super().response_change(request, obj)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        can_publish = self.can_publish(request)
        editable = self.has_change_permission(request, obj) if obj else True
        status = obj.status if obj else Status.DRAFT
        transitions = []
        if editable:
            if status in SUBMITTABLE:
                transitions.append(("_submit_for_review", "Submit for review"))
            if can_publish:
                if not (obj and obj.is_published):
                    transitions.append(("_publish", "Publish"))
                    transitions.append(("_schedule", "Schedule"))
                if status == Status.PUBLISHED:
                    transitions.append(("_unpublish", "Unpublish"))
        context.update(
            workflow_transitions=transitions,
            public_url=obj.get_absolute_url() if obj else None,
            is_public=bool(obj and obj.is_published),
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.display(description="status", ordering="status")
    def state(self, obj):
        return obj.state_label

    @admin.display(description="currently")
    def current_state(self, obj):
        return obj.state_label if obj.pk else "Not saved yet"

    @transaction.atomic
    def bulk_transition(self, request, queryset, allowed_from, apply, done):
        """Change the workflow state of the selected items, touching nothing else.

        Rows are locked and only the workflow columns are written, so a colleague's edit saved
        meanwhile is neither overwritten nor mistaken for this one.
        """
        selected = list(self.model.objects.select_for_update().filter(pk__in=queryset.values("pk")))
        changed = 0
        for obj in selected:
            if obj.status not in allowed_from or not self.has_change_permission(request, obj):
                continue
            before = (obj.status, obj.publish_at)
            apply(obj)
            if (obj.status, obj.publish_at) == before:
                continue
            obj.version += 1
            obj.skip_history_when_saving = True
            obj.save(update_fields=["status", "publish_at", "version", "updated_at"])
            del obj.skip_history_when_saving
            record_revision(obj, user=request.user, reason=done)
            changed += 1
        self.message_user(request, f"{done}: {changed} of {len(selected)} selected.")

    @admin.action(description="Submit selected for review", permissions=["change"])
    def submit_for_review(self, request, queryset):
        def apply(obj):
            obj.status = Status.REVIEW

        self.bulk_transition(request, queryset, SUBMITTABLE, apply, "Submitted for review")

    @admin.action(description="Publish selected now", permissions=["publish"])
    def publish_now(self, request, queryset):
        now = timezone.now()

        def apply(obj):
            obj.status = Status.PUBLISHED
            if obj.publish_at is None or obj.publish_at > now:
                obj.publish_at = now

        self.bulk_transition(
            request,
            queryset,
            {Status.DRAFT, Status.REVIEW, Status.UNPUBLISHED, Status.PUBLISHED},
            apply,
            "Published",
        )

    @admin.action(description="Unpublish selected", permissions=["publish"])
    def unpublish(self, request, queryset):
        def apply(obj):
            obj.status = Status.UNPUBLISHED

        self.bulk_transition(request, queryset, {Status.PUBLISHED}, apply, "Unpublished")

    actions = ["submit_for_review", "publish_now", "unpublish"]


class EditorialAdmin(
    PublishingAdminMixin,
    RevisionsAdminMixin,
    EditGuardMixin,
    TopicAutocompleteMixin,
    admin.ModelAdmin,
):
    """The admin of things staff write and publish: publications and events."""

    list_per_page = 50


class LabelledInlineMixin:
    """Tabular inlines name their inputs only in the column header; give each input its own."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None:
            formfield.widget.attrs.setdefault("aria-label", capfirst(formfield.label))
        return formfield


class AuthorshipInline(LabelledInlineMixin, admin.TabularInline):
    model = Authorship
    autocomplete_fields = ["person"]
    extra = 1
    verbose_name = "author"
    verbose_name_plural = "authors (in byline order)"


class RelatedPublicationInline(LabelledInlineMixin, admin.TabularInline):
    model = RelatedPublication
    fk_name = "from_publication"
    autocomplete_fields = ["to_publication"]
    extra = 0
    verbose_name = "related publication"
    verbose_name_plural = "related publications (optional, in order)"


@admin.register(Publication)
class PublicationAdmin(EditorialAdmin):
    list_display = ["title", "type", "state", "publish_at", "author_names", "is_featured"]
    list_filter = [
        "status",
        "type",
        ("topics", admin.RelatedOnlyFieldListFilter),
        "regions",
        "is_featured",
    ]
    list_select_related = ["type"]
    search_fields = ["title", "summary", "authors__name"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["experts_quoted", "regions"]
    readonly_fields = ["image_preview", "created_at", "updated_at"]
    inlines = [AuthorshipInline, RelatedPublicationInline]

    class Media:
        css = {"all": ["css/admin.css"]}
        js = ["js/admin-a11y.js"]

    fieldsets = [
        (None, {"fields": ["title", "slug", "type", "summary", "body"]}),
        ("People", {"fields": ["experts_quoted"]}),
        ("Classification", {"fields": ["topics", "regions"]}),
        (
            "Hero image",
            {"fields": ["image", "image_preview", "image_alt", "image_caption", "image_credit"]},
        ),
        ("Files", {"fields": ["pdf"]}),
        (
            "Source",
            {
                "fields": [
                    "source_relation",
                    "source_title",
                    "source_publisher",
                    "source_date",
                    "source_url",
                ],
                "description": "Only when this piece retells or republishes work that "
                "first appeared elsewhere: readers see the note under the byline.",
            },
        ),
        ("Publishing", {"fields": ["current_state", "status", "publish_at", "is_featured"]}),
        ("History", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch("authorships", queryset=Authorship.objects.select_related("person"))
            )
        )

    @admin.display(description="authors")
    def author_names(self, publication):
        return ", ".join(person.name for person in publication.ordered_authors)

    @admin.display(description="preview")
    def image_preview(self, publication):
        picture = publication.image_card or publication.image
        if not picture:
            return "No image yet."
        return format_html('<img class="image-preview" src="{}" alt="">', picture.url)


@admin.register(PublicationType)
class PublicationTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "plural_name", "slug", "display_order"]
    list_editable = ["display_order"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    """Writers add topics and edit those nothing public uses yet; once readers can see a
    topic, changing or deleting it needs `publications.publish_topic`."""

    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]

    def locked_for(self, request, topic):
        return topic is not None and not may_approve_topics(request.user) and is_public_topic(topic)

    def has_change_permission(self, request, obj=None):
        return not self.locked_for(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self.locked_for(request, obj) and super().has_delete_permission(request, obj)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    """One row of switches: editors change it, nobody adds or deletes it."""

    fields = ["shows_demo_notice"]

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        settings_row, _ = SiteSettings.objects.get_or_create(pk=1)
        return redirect("admin:publications_sitesettings_change", settings_row.pk)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
