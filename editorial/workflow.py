"""Draft, in review, published (now or scheduled), unpublished: the admin's side of it."""

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from editorial.models import Status
from editorial.revisions import record_revision

WORKFLOW_ACTIONS = {
    "_submit_for_review": "submit",
    "_publish": "publish",
    "_schedule": "schedule",
    "_unpublish": "unpublish",
}


SUBMITTABLE = {Status.DRAFT, Status.UNPUBLISHED}
#: The columns a change of state writes: a bulk action touches these and nothing else.
WORKFLOW_COLUMNS = ["status", "publish_at", "submitted_by", "submitted_at"]


def add_panel(context, where, template):
    """Show `template` on the change form: at the "top" of the form, in its "workflow" row,
    or "after" it (where a panel may hold forms of its own)."""
    panels = context.setdefault("panels", {"top": [], "workflow": [], "after": []})
    panels[where].append(template)


class WorkflowFormMixin:
    """What the workflow asks of a change form: only those who may publish choose
    "Published"; a transition is checked against the item's state. `can_publish` and
    `action` are set per request by PublishingAdminMixin.get_form."""

    can_publish = False
    action = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.can_publish and "status" in self.fields:
            self.fields["status"].choices = [
                choice for choice in Status.choices if choice[0] != Status.PUBLISHED
            ]

    def clean_status(self):
        status = self.cleaned_data["status"]
        if status == Status.PUBLISHED and not self.can_publish:
            raise forms.ValidationError(
                "You do not have permission to publish. Submit it for review and "
                "an editor will publish it."
            )
        return status

    def clean(self):
        cleaned_data = super().clean()
        if self.action in {"publish", "schedule", "unpublish"} and not self.can_publish:
            raise forms.ValidationError(
                "You do not have permission to publish, schedule or unpublish. "
                "Submit it for review and an editor will take it from there."
            )
        # clean() runs before the form's values are applied to the instance.
        current_status = self.instance.status if self.instance.pk else Status.DRAFT
        if self.action == "submit" and current_status not in SUBMITTABLE:
            raise forms.ValidationError(
                "Only a draft or an unpublished item can be submitted for review."
            )
        if self.action == "schedule":
            publish_at = cleaned_data.get("publish_at", self.instance.publish_at)
            if publish_at is None or publish_at <= timezone.now():
                self.add_error(
                    "publish_at" if "publish_at" in self.fields else None,
                    "To schedule, set a publish date in the future.",
                )
        return cleaned_data


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
        return type(
            form.__name__,
            (WorkflowFormMixin, form),
            {"can_publish": self.can_publish(request), "action": self.workflow_action(request)},
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        action = self.workflow_action(request)
        now = timezone.now()
        if action == "submit":
            obj.status = Status.REVIEW
            obj.submitted_by, obj.submitted_at = request.user, now
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

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        action = self.workflow_action(request)
        if action:
            self.workflow_transition_done(request, form.instance, action)

    def workflow_transition_done(self, request, obj, action):
        """Called once `obj` and everything saved with it are stored in a new state, whether
        by its change form or a bulk action: where the review loop tells people about it."""

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
    def bulk_transition(self, request, queryset, allowed_from, apply, done, action):
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
            obj.save(update_fields=[*WORKFLOW_COLUMNS, "version", "updated_at"])
            del obj.skip_history_when_saving
            record_revision(obj, user=request.user, reason=done)
            self.workflow_transition_done(request, obj, action)
            changed += 1
        self.message_user(request, f"{done}: {changed} of {len(selected)} selected.")

    @admin.action(description="Submit selected for review", permissions=["change"])
    def submit_for_review(self, request, queryset):
        now = timezone.now()

        def apply(obj):
            obj.status = Status.REVIEW
            obj.submitted_by, obj.submitted_at = request.user, now

        self.bulk_transition(
            request, queryset, SUBMITTABLE, apply, "Submitted for review", "submit"
        )

    @admin.action(description="Publish selected now", permissions=["publish"])
    def publish_now(self, request, queryset):
        self.publish_selected(request, queryset)

    def publish_selected(self, request, queryset, *, leave_out=frozenset()):
        """Publish the selected items now, except those whose pk is in `leave_out`."""
        now = timezone.now()

        def apply(obj):
            if obj.pk in leave_out:
                return
            obj.status = Status.PUBLISHED
            if obj.publish_at is None or obj.publish_at > now:
                obj.publish_at = now

        self.bulk_transition(
            request,
            queryset,
            {Status.DRAFT, Status.REVIEW, Status.UNPUBLISHED, Status.PUBLISHED},
            apply,
            "Published",
            "publish",
        )

    @admin.action(description="Unpublish selected", permissions=["publish"])
    def unpublish(self, request, queryset):
        def apply(obj):
            obj.status = Status.UNPUBLISHED

        self.bulk_transition(
            request, queryset, {Status.PUBLISHED}, apply, "Unpublished", "unpublish"
        )

    actions = ["submit_for_review", "publish_now", "unpublish"]
