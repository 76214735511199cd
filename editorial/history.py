"""The admin's history of an item: revisions, comparison, restore, recovery of deleted items."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from editorial.models import Topic
from editorial.revision_summaries import with_summaries
from editorial.revisions import (
    RestoreRefused,
    compare,
    links_left_out,
    record_revision,
    restore,
)
from editorial.templatetags.revision_times import revision_time


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
        history = obj.history.select_related("history_user").order_by(
            "-history_date", "-history_id"
        )
        revisions = Paginator(history, 50).get_page(request.GET.get("p"))
        revisions.object_list = with_summaries(revisions, history)
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
        """GET asks for confirmation and shows what would change; POST restores."""
        obj = self.get_object_or_404(request, object_id)
        if request.method not in {"GET", "HEAD", "POST"}:
            return HttpResponseNotAllowed(["GET", "POST"])
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        revision = get_object_or_404(
            obj.history.select_related("history_user"), history_id=history_id
        )
        if request.method != "POST":
            return self.restore_confirmation(request, obj, revision)
        opts = self.model._meta
        try:
            _item, left_out = restore(revision, user=request.user, topic_model=Topic)
        except RestoreRefused as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_history", obj.pk)
        self.message_user(
            request,
            f"Restored the revision of {revision_time(revision.history_date)}. The version it "
            "replaced is kept in the history.",
            messages.SUCCESS,
        )
        self.report_left_out(request, left_out)
        return redirect(f"admin:{opts.app_label}_{opts.model_name}_change", obj.pk)

    def restore_refusals(self, request, obj, revision):
        """Why `request.user` may not restore `revision`; admins with rules of their own
        (a live event's speakers and topics) say so here, and the confirmation shows it."""
        return []

    def restore_confirmation(self, request, obj, revision):
        latest = obj.history.order_by("-history_date", "-history_id").first()
        context = self.revision_context(
            request,
            obj,
            f"Restore the revision of {revision_time(revision.history_date)} "
            f"by {revision.history_user or 'an unknown user'}?",
            revision=revision,
            is_latest=revision.history_id == latest.history_id,
            changes=compare(latest, revision, Topic, with_workflow=False),
            left_out=links_left_out(revision),
            refusals=self.restore_refusals(request, obj, revision),
            has_status=hasattr(obj, "status"),
        )
        return TemplateResponse(request, "admin/editorial/restore_confirm.html", context)

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
        """GET asks for confirmation and shows what would come back; POST recovers."""
        if request.method not in {"GET", "HEAD", "POST"}:
            return HttpResponseNotAllowed(["GET", "POST"])
        if not self.may_recover(request):
            raise PermissionDenied
        revision = get_object_or_404(
            self.model.history.exclude(history_type="-").select_related("history_user"),
            history_id=history_id,
        )
        opts = self.model._meta
        changelist = f"admin:{opts.app_label}_{opts.model_name}_changelist"
        if self.model.objects.filter(pk=revision.id).exists():
            self.message_user(request, "That item is not deleted.", messages.WARNING)
            return redirect(changelist)
        if request.method != "POST":
            return self.recover_confirmation(request, revision)
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
        return redirect(changelist)

    def recover_confirmation(self, request, revision):
        opts = self.model._meta
        deletion = (
            self.model.history.filter(id=revision.id, history_type="-")
            .select_related("history_user")
            .order_by("-history_date", "-history_id")
            .first()
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "app_label": opts.app_label,
            "title": f"Recover “{revision.history_object}” as saved on "
            f"{revision_time(revision.history_date)} by "
            f"{revision.history_user or 'an unknown user'}?",
            "revision": revision,
            "deletion": deletion,
            "changes": compare(None, revision, Topic, with_workflow=False),
            "left_out": links_left_out(revision),
            "has_status": any(f.name == "status" for f in opts.concrete_fields),
        }
        return TemplateResponse(request, "admin/editorial/recover_confirm.html", context)

    def changelist_view(self, request, extra_context=None):
        opts = self.model._meta
        extra_context = {
            "recover_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_recover_list")
            if self.may_recover(request)
            else None,
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)
