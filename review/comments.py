"""Comments on a draft and an editor's request for changes.

Comments live in the admin only: no public view, feed or search index reads them. They are
not part of an item's revisions, so restoring an older revision leaves the thread as it is;
each comment records the revision it was made on.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import get_text_list

from editorial.models import Status
from editorial.workflow import add_panel
from review.comment_forms import CommentForm, RequestChangesFormMixin, review_note_field
from review.models import Comment, Notification
from review.notifications import notify, recipients

#: Named one by one on the "Submitted for review" banner; more are counted.
MAX_NAMED = 5


def display_name(user):
    return user.get_full_name() or user.get_username()


def names_of(users):
    """'Ann Editor', 'Ann Editor and Ben Editor', 'Ann, Ben, Cid and 3 others'."""
    names = sorted(display_name(user) for user in users)
    if len(names) > MAX_NAMED:
        names = [*names[: MAX_NAMED - 1], f"{len(names) - MAX_NAMED + 1} others"]
    return get_text_list(names, "and")


def latest_revision_id(item):
    return (
        item.history.order_by("-history_date", "-history_id")
        .values_list("history_id", flat=True)
        .first()
    )


class CommentsAdminMixin:
    """A thread of comments on each item's change form, and "Request changes" for editors.

    Everyone who may change items of the kind reads and adds comments, including a writer
    looking at a publication that has gone public and is no longer theirs to edit; resolving
    a comment is for its author and for those who may publish. An editor's request for
    changes sends the item back to draft and stands at the top of the form until the item
    is submitted for review again or the request is resolved.
    """

    @property
    def media(self):
        return super().media + forms.Media(css={"all": ["css/admin.css"]})

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/comments/",
                view(self.add_comment_view),
                name=f"{name}_add_comment",
            ),
            path(
                "<path:object_id>/comments/<int:comment_id>/resolve/",
                view(self.resolve_comment_view),
                name=f"{name}_resolve_comment",
            ),
            path(
                "<path:object_id>/comments/<int:comment_id>/reopen/",
                view(self.reopen_comment_view),
                name=f"{name}_reopen_comment",
            ),
            *super().get_urls(),
        ]

    # -- Who may do what ----------------------------------------------------------------

    def may_discuss(self, request, obj):
        """Whether the user reads and adds comments on `obj`."""
        return self.has_change_permission(request, obj) or self.has_change_permission(request)

    def may_resolve(self, request, comment):
        return comment.author_id == request.user.pk or self.can_publish(request)

    def may_request_changes(self, request, obj):
        return (
            obj is not None
            and obj.status == Status.REVIEW
            and self.can_publish(request)
            and self.has_change_permission(request, obj)
        )

    # -- Request changes: a workflow action of the change form ---------------------------

    def workflow_action(self, request):
        if request.method == "POST" and "_request_changes" in request.POST:
            return "request_changes"
        return super().workflow_action(request)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(
            form.__name__,
            (RequestChangesFormMixin, form),
            {
                "may_request_changes": self.can_publish(request),
                "review_note": review_note_field(),
            },
        )

    def construct_change_message(self, request, form, formsets, add=False):
        # The note is a comment, not a change to the item.
        if "review_note" in form.changed_data:
            form.changed_data.remove("review_note")
        return super().construct_change_message(request, form, formsets, add)

    def save_model(self, request, obj, form, change):
        action = self.workflow_action(request)
        if action == "request_changes":
            obj.status = Status.DRAFT
        super().save_model(request, obj, form, change)
        if action == "request_changes":
            # Named as the notifier will tell them, so the message says exactly who hears.
            writers = list(recipients(obj, Notification.Verb.CHANGES_REQUESTED, request.user))
            request.workflow_message = (
                f"“{obj}” was sent back to {names_of(writers)} with your note."
                if writers
                else f"“{obj}” is a draft again, with your note at the top of its form."
            )
        elif action == "submit":
            reviewers = list(recipients(obj, Notification.Verb.SUBMITTED, request.user))
            request.workflow_message = f"“{obj}” was submitted for review: " + (
                "no editor has been notified, as nobody else who may publish it has an "
                "active account."
                if not reviewers
                else f"{names_of(reviewers)} will review it and has been notified."
                if len(reviewers) == 1
                else f"{names_of(reviewers)} will review it; they have been notified."
            )

    def save_related(self, request, form, formsets, change):
        obj = form.instance
        action = self.workflow_action(request)
        if action == "request_changes":
            # The notifier reads the note when the transition is done, inside super().
            request.change_request = Comment.objects.create(
                item=obj,
                author=request.user,
                body=form.cleaned_data["review_note"],
                requests_changes=True,
            )
        super().save_related(request, form, formsets, change)
        if action == "request_changes":
            # The note is about the revision this save has just recorded.
            request.change_request.revision_id = latest_revision_id(obj)
            request.change_request.save(update_fields=["revision_id"])

    def workflow_transition_done(self, request, obj, action):
        if action == "submit":
            # Here rather than in save_related: bulk "Submit selected for review" comes too.
            self.resolve_change_requests(obj, request.user)
        super().workflow_transition_done(request, obj, action)

    @staticmethod
    def resolve_change_requests(obj, user):
        Comment.objects.about(obj).filter(requests_changes=True, resolved_at=None).update(
            resolved_at=timezone.now(), resolved_by=user
        )

    def respond_to_workflow_action(self, request, obj):
        if self.workflow_action(request) != "submit":
            return super().respond_to_workflow_action(request, obj)
        # The writer stays with the item they just sent off, told who has it now.
        self.message_user(request, request.workflow_message, messages.SUCCESS)
        # To the top of the page's main part, where the message is, even when the form was
        # posted from further down (a comment's address).
        return redirect(self.item_change_url(obj, "content-start"))

    # -- The change form's panels --------------------------------------------------------

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and self.may_discuss(request, obj):
            thread = self.comment_thread(request, obj)
            context["review_comments"] = thread
            context["review_comment_form"] = CommentForm(auto_id="id_comment_%s")
            context["review_change_requests"] = [
                comment
                for comment in thread
                if comment.requests_changes and not comment.is_resolved
            ]
            if context["review_change_requests"]:
                add_panel(context, "top", "admin/review/change_requests.html")
            add_panel(context, "after", "admin/review/comments.html")
        if self.may_request_changes(request, obj):
            add_panel(context, "workflow", "admin/review/request_changes.html")
        return super().render_change_form(request, context, add, change, form_url, obj)

    def comment_thread(self, request, obj):
        """The comments on `obj`, oldest first, each with the revision it was made on and
        whether this user may resolve it: three queries however many there are."""
        comments = list(Comment.objects.about(obj).select_related("author", "resolved_by"))
        revision_ids = {comment.revision_id for comment in comments} - {None}
        saved_at = dict(
            obj.history.filter(history_id__in=revision_ids).values_list(
                "history_id", "history_date"
            )
        )
        latest = latest_revision_id(obj) if revision_ids else None
        opts = self.model._meta
        compare_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_compare", args=[obj.pk])
        for comment in comments:
            comment.author_name = display_name(comment.author) if comment.author else "Someone"
            comment.resolver_name = (
                display_name(comment.resolved_by) if comment.resolved_by else "Someone"
            )
            comment.revision_saved_at = saved_at.get(comment.revision_id)
            comment.changed_since_url = (
                f"{compare_url}?old={comment.revision_id}&new={latest}"
                if comment.revision_saved_at and comment.revision_id != latest
                else None
            )
            comment.may_resolve = self.may_resolve(request, comment)
        return comments

    # -- The thread's own forms ----------------------------------------------------------

    def item_change_url(self, obj, fragment=""):
        opts = self.model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        return f"{url}#{fragment}" if fragment else url

    def discussed_object(self, request, object_id):
        if request.method != "POST":
            return None
        obj = self.get_object_or_404(request, object_id)
        if not self.may_discuss(request, obj):
            raise PermissionDenied
        return obj

    def add_comment_view(self, request, object_id):
        obj = self.discussed_object(request, object_id)
        if obj is None:
            return HttpResponseNotAllowed(["POST"])
        form = CommentForm(request.POST)
        if not form.is_valid():
            for error in form.errors["body"]:
                self.message_user(request, f"Your comment was not posted: {error}", messages.ERROR)
            return redirect(self.item_change_url(obj, "comments"))
        with transaction.atomic():
            comment = Comment.objects.create(
                item=obj,
                author=request.user,
                body=form.cleaned_data["body"],
                revision_id=latest_revision_id(obj),
            )
            notify(obj, Notification.Verb.COMMENTED, actor=request.user, note=comment.body)
        self.message_user(request, "Your comment was posted.", messages.SUCCESS)
        return redirect(self.item_change_url(obj, f"comment-{comment.pk}"))

    def comment_to_settle(self, request, object_id, comment_id):
        obj = self.discussed_object(request, object_id)
        if obj is None:
            return None, None
        comment = get_object_or_404(Comment.objects.about(obj), pk=comment_id)
        if not self.may_resolve(request, comment):
            raise PermissionDenied
        return obj, comment

    def resolve_comment_view(self, request, object_id, comment_id):
        obj, comment = self.comment_to_settle(request, object_id, comment_id)
        if obj is None:
            return HttpResponseNotAllowed(["POST"])
        if not comment.is_resolved:
            comment.resolved_at, comment.resolved_by = timezone.now(), request.user
            comment.save(update_fields=["resolved_at", "resolved_by"])
        what = "request for changes" if comment.requests_changes else "comment"
        self.message_user(request, f"The {what} is marked resolved.", messages.SUCCESS)
        return redirect(self.item_change_url(obj, f"comment-{comment.pk}"))

    def reopen_comment_view(self, request, object_id, comment_id):
        obj, comment = self.comment_to_settle(request, object_id, comment_id)
        if obj is None:
            return HttpResponseNotAllowed(["POST"])
        comment.resolved_at = comment.resolved_by = None
        comment.save(update_fields=["resolved_at", "resolved_by"])
        what = "request for changes" if comment.requests_changes else "comment"
        self.message_user(request, f"The {what} is open again.", messages.SUCCESS)
        return redirect(self.item_change_url(obj, f"comment-{comment.pk}"))
