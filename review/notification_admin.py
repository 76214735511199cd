"""Each staff member's own notifications in the admin, and their choice about email.

Nobody sees another person's notifications, whatever their permissions: every view here
starts from the rows addressed to the person signed in.
"""

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator

from review.models import Notification, NotificationSettings
from review.notifications import headline, item_admin_path, open_url, unread_count
from review.tasks import MAX_ATTEMPTS


class ReadFilter(admin.SimpleListFilter):
    title = "read or not"
    parameter_name = "read"

    def lookups(self, request, model_admin):
        return [("no", "Unread"), ("yes", "Read")]

    def queryset(self, request, queryset):
        if self.value() in {"no", "yes"}:
            return queryset.filter(read_at__isnull=self.value() == "no")
        return queryset


class WhatHappenedFilter(admin.ChoicesFieldListFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = "what happened"


class EmailSettingsForm(forms.ModelForm):
    class Meta:
        model = NotificationSettings
        fields = ["email_enabled"]


def is_staff(user):
    return user.is_active and user.is_staff


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """A list of the notifications addressed to me, newest first; opening one marks it read
    and goes to its item. Read-only otherwise: the review loop writes them."""

    list_display = ["notice", "happened", "read_state", "email_state"]
    list_display_links = None
    list_filter = [ReadFilter, ("verb", WhatHappenedFilter)]
    list_per_page = 50
    actions = ["mark_read"]
    change_list_template = "admin/review/notification_change_list.html"
    fields = [
        "item_title",
        "verb",
        "actor",
        "note",
        "created_at",
        "read_at",
        "email",
        "email_attempts",
        "email_error",
        "emailed_at",
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(recipient=request.user)
            .select_related("actor", "content_type")
        )

    def has_module_permission(self, request):
        return is_staff(request.user)

    def has_view_permission(self, request, obj=None):
        return is_staff(request.user) and (obj is None or obj.recipient_id == request.user.pk)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/open/", view(self.open_view), name="review_notification_open"),
            path("read-all/", view(self.mark_all_read_view), name="review_notification_read_all"),
            path(
                "email-settings/",
                view(self.email_settings_view),
                name="review_notification_email_settings",
            ),
            *super().get_urls(),
        ]

    @admin.display(description="what happened")
    def notice(self, notification):
        sentence = headline(notification)
        if notification.read_at is None:
            link = format_html(
                '<a href="{}"><strong>{}</strong></a>', open_url(notification), sentence
            )
        else:
            link = format_html('<a href="{}">{}</a>', open_url(notification), sentence)
        if not notification.note:
            return link
        return format_html("{}<br>{}", link, Truncator(notification.note).words(30))

    @admin.display(description="when", ordering="created_at")
    def happened(self, notification):
        return notification.created_at

    @admin.display(description="read")
    def read_state(self, notification):
        return "Unread" if notification.read_at is None else "Read"

    @admin.display(description="email")
    def email_state(self, notification):
        Email = Notification.Email
        if notification.email == Email.OFF and notification.email_error == "no address":
            return "Not sent: your account has no email address."
        if notification.email == Email.FAILED:
            tries = (
                f"{notification.email_attempts} attempt{'s' * (notification.email_attempts != 1)}"
            )
            if notification.email_attempts >= MAX_ATTEMPTS:
                return f"Not sent: gave up after {tries} ({notification.email_error})."
            return f"Failed after {tries} ({notification.email_error}); it will be tried again."
        return notification.get_email_display().capitalize()

    @admin.action(description="Mark selected notifications as read", permissions=["view"])
    def mark_read(self, request, queryset):
        marked = queryset.filter(read_at__isnull=True).update(read_at=timezone.now())
        self.message_user(request, f"Marked {marked} as read.", messages.SUCCESS)

    def open_view(self, request, pk):
        notification = get_object_or_404(
            Notification.objects.select_related("content_type"), pk=pk, recipient=request.user
        )
        if notification.read_at is None:
            Notification.objects.filter(pk=pk).update(read_at=timezone.now())
        if notification.item is None:
            self.message_user(
                request,
                f"“{notification.item_title}” has been deleted since.",
                messages.WARNING,
            )
            return redirect("admin:review_notification_changelist")
        return redirect(item_admin_path(notification))

    def mark_all_read_view(self, request):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        marked = Notification.objects.filter(recipient=request.user, read_at__isnull=True).update(
            read_at=timezone.now()
        )
        self.message_user(
            request,
            f"Marked {marked} notification{'s' * (marked != 1)} as read.",
            messages.SUCCESS,
        )
        return redirect("admin:review_notification_changelist")

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            "title": "Your notifications",
            "unread": unread_count(request.user),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    def email_settings_view(self, request):
        choice = NotificationSettings.objects.filter(user=request.user).first()
        form = EmailSettingsForm(
            request.POST if request.method == "POST" else None,
            instance=choice or NotificationSettings(user=request.user),
        )
        if request.method == "POST" and form.is_valid():
            choice = form.save()
            self.message_user(request, self.email_choice_message(request, choice), messages.SUCCESS)
            return redirect("admin:review_notification_email_settings")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Notification email",
            "form": form,
            "address": request.user.email,
        }
        return TemplateResponse(request, "admin/review/notification_settings.html", context)

    @staticmethod
    def email_choice_message(request, choice):
        if not choice.email_enabled:
            return "Notification email is off: your notifications appear only in the admin."
        if not request.user.email:
            return (
                "Notification email is on, but your account has no email address, so none "
                "can be sent; ask an administrator to add one."
            )
        return f"Notification email is on: each notification is also sent to {request.user.email}."
