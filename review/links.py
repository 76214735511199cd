"""Embargoed review links: a draft shown to someone without an account.

An editor makes a link for one item that is not public yet. Its address carries a signed
token naming a ReviewLink row; the row says until when it works and whether it was revoked,
so a link can be withdrawn although its token never changes. Opening it shows the item's
preview (review/views.py) and lets that browser load the item's own hero image and PDF;
nothing else: no account, no admin, no other draft.
"""

import datetime
from copy import copy

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format

from editorial.workflow import add_panel
from review.models import ReviewLink

#: Tokens read "12.<signature>": short, and safe in a URL path as they are.
SIGNER = signing.Signer(salt="review.link", sep=".")
#: The session remembers the links its browser opened (newest last), for their files.
SESSION_KEY = "review_links"
SESSION_LIMIT = 20


def token_for(link):
    return SIGNER.sign(str(link.pk))


def review_url(request, link):
    return request.build_absolute_uri(reverse("review:page", args=[token_for(link)]))


def link_for_token(token):
    """The active ReviewLink `token` names, or None (bad signature, unknown, revoked, expired)."""
    try:
        pk = int(SIGNER.unsign(token))
    except (signing.BadSignature, ValueError):
        return None
    return (
        ReviewLink.objects.filter(pk=pk, revoked_at__isnull=True, expires_at__gt=timezone.now())
        .select_related("content_type")
        .first()
    )


def record_opening(request, link):
    """Count the opening on the link, and let this browser load the item's own files."""
    ReviewLink.objects.filter(pk=link.pk).update(
        last_opened_at=timezone.now(), times_opened=F("times_opened") + 1
    )
    opened = [pk for pk in request.session.get(SESSION_KEY, []) if pk != link.pk]
    request.session[SESSION_KEY] = [*opened, link.pk][-SESSION_LIMIT:]


def granted_item_ids(request, model):
    """Ids of the items of `model` shown by the active links this browser has opened."""
    session = getattr(request, "session", None)
    opened = session.get(SESSION_KEY) if session is not None else None
    if not opened:
        return []
    return list(
        ReviewLink.objects.filter(
            pk__in=opened,
            content_type=ContentType.objects.get_for_model(model, for_concrete_model=False),
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        ).values_list("object_id", flat=True)
    )


def site_today():
    return timezone.localdate(timezone=timezone.get_default_timezone())


class ReviewLinkForm(forms.Form):
    label = forms.CharField(
        label="Who it is for",
        max_length=ReviewLink._meta.get_field("label").max_length,
        required=False,
        help_text="Optional: e.g. “Ministry press office”, so colleagues know whose it is.",
    )
    expires_on = forms.DateField(
        label="Works until",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = site_today()
        self.last_day = self.today + datetime.timedelta(days=ReviewLink.MAX_DAYS)
        field = self.fields["expires_on"]
        field.initial = self.today + datetime.timedelta(days=7)
        field.widget.attrs.update(min=self.today.isoformat(), max=self.last_day.isoformat())
        field.help_text = (
            f"The link stops working at 11:59 p.m. that day "
            f"({timezone.get_default_timezone_name()} time), "
            f"and never later than {ReviewLink.MAX_DAYS} days from now."
        )

    def clean_expires_on(self):
        day = self.cleaned_data["expires_on"]
        if day < self.today:
            raise forms.ValidationError(
                "That date has passed. Choose today or a later day for the link to work until."
            )
        if day > self.last_day:
            raise forms.ValidationError(
                f"A review link works for at most {ReviewLink.MAX_DAYS} days: choose "
                f"{date_format(self.last_day, 'DATE_FORMAT')} or an earlier day."
            )
        return day

    def expires_at(self):
        """The end of the chosen day in the site's zone, and at most MAX_DAYS from now."""
        end_of_day = datetime.datetime.combine(
            self.cleaned_data["expires_on"],
            datetime.time(23, 59, 59),
            tzinfo=timezone.get_default_timezone(),
        )
        return min(end_of_day, timezone.now() + datetime.timedelta(days=ReviewLink.MAX_DAYS))


def link_name(link):
    """How the panel and its messages tell one link from another."""
    if link.label:
        return f"for {link.label}"
    made = timezone.localtime(link.created_at, timezone.get_default_timezone())
    return f"made on {date_format(made, 'DATE_FORMAT')}"


def link_state(link, now):
    if link.revoked_at is not None:
        return "Revoked"
    if link.expires_at <= now:
        return "Expired"
    return "Active"


class ReviewLinksAdminMixin:
    """The change form's "Review links" panel and the two forms it posts to. Only those who
    may publish the item make or revoke links; nobody else sees the panel."""

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/review-links/",
                view(self.create_review_link_view),
                name=f"{name}_review_links",
            ),
            path(
                "<path:object_id>/review-links/<int:link_id>/revoke/",
                view(self.revoke_review_link_view),
                name=f"{name}_revoke_review_link",
            ),
            *super().get_urls(),
        ]

    @property
    def media(self):
        return super().media + forms.Media(css={"all": ["css/admin.css"]})

    def may_manage_review_links(self, request, obj):
        return self.can_publish(request) and self.has_change_permission(request, obj)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk and self.may_manage_review_links(request, obj):
            context.update(self.review_links_context(request, obj))
            add_panel(context, "after", "admin/review/review_links.html")
        return super().render_change_form(request, context, add, change, form_url, obj)

    def review_links_context(self, request, obj):
        opts = self.model._meta
        name = f"admin:{opts.app_label}_{opts.model_name}"
        now = timezone.now()
        links = ReviewLink.objects.about(obj).select_related("created_by", "revoked_by")
        return {
            "review_links_item_is_public": obj.is_published,
            "review_link_form": getattr(request, "review_link_form", None) or ReviewLinkForm(),
            "review_links_create_url": reverse(f"{name}_review_links", args=[obj.pk]),
            "review_links": [
                {
                    "link": link,
                    "name": link_name(link),
                    "state": link_state(link, now),
                    "url": review_url(request, link),
                    "revoke_url": reverse(f"{name}_revoke_review_link", args=[obj.pk, link.pk]),
                }
                for link in links
            ],
        }

    def review_links_item(self, request, object_id):
        """The item whose links a POST manages, once it is known the user may manage them."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(f"No {self.model._meta.verbose_name} with that ID.")
        if not self.may_manage_review_links(request, obj):
            raise PermissionDenied
        return obj

    def back_to_review_links(self, obj):
        opts = self.model._meta
        change_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        return HttpResponseRedirect(f"{change_url}#review-links")

    def create_review_link_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.review_links_item(request, object_id)
        if obj.is_published:
            messages.error(
                request,
                f"“{obj}” is public: anyone can read it at its address, so no review link "
                "was made.",
            )
            return self.back_to_review_links(obj)
        form = ReviewLinkForm(request.POST)
        if not form.is_valid():
            # The change form again, as a GET so its own form is not submitted, with this
            # form and its errors in the panel.
            as_shown = copy(request)
            as_shown.method = "GET"
            as_shown.review_link_form = form
            return self.change_view(as_shown, object_id)
        link = ReviewLink.objects.create(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
            object_id=obj.pk,
            label=form.cleaned_data["label"],
            created_by=request.user,
            expires_at=form.expires_at(),
        )
        until = timezone.localtime(link.expires_at, timezone.get_default_timezone())
        messages.success(
            request,
            f"A review link to “{obj}” was made. It works until "
            f"{date_format(until, 'DATETIME_FORMAT')} {until:%Z}; copy it from the list "
            "under “Review links”.",
        )
        return self.back_to_review_links(obj)

    def revoke_review_link_view(self, request, object_id, link_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.review_links_item(request, object_id)
        link = ReviewLink.objects.about(obj).filter(pk=link_id).first()
        if link is None:
            raise Http404("This item has no such review link.")
        revoked = ReviewLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_by=request.user
        )
        name = link_name(link)
        if revoked:
            messages.success(
                request, f"The review link {name} was revoked: it no longer opens “{obj}”."
            )
        else:
            messages.info(request, f"The review link {name} had already been revoked.")
        return self.back_to_review_links(obj)
