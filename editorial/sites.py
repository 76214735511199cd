from dataclasses import dataclass
from functools import wraps

from django.contrib import admin
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.http import HttpResponseBadRequest
from django.urls import reverse
from django.utils import timezone

from editorial.models import Publishable, Status


class EditorialAdminSite(admin.AdminSite):
    """The admin, whose start page is an editor's desk.

    Installed as the default site by publications.apps.EditorialAdminConfig. It lives apart
    from admin.py because resolving the default site must not register any model admin.
    """

    index_template = "admin/editorial/index.html"
    desk_size = 8

    def admin_view(self, view, cacheable=False):
        checked = super().admin_view(view, cacheable)

        @wraps(checked)
        def refusing_nul(request, *args, **kwargs):
            # PostgreSQL refuses a NUL in any query, so a search or filter value holding one
            # would fail in the database. No real value holds one: it is a bad request.
            parts = (part for key, values in request.GET.lists() for part in [key, *values])
            if any("\x00" in part for part in parts):
                return HttpResponseBadRequest("A search or filter value holds a NUL character.")
            return checked(request, *args, **kwargs)

        return refusing_nul

    def index(self, request, extra_context=None):
        return super().index(request, {"desk": self.desk(request), **(extra_context or {})})

    def desk(self, request):
        """What needs attention: items in review, scheduled, my drafts, recently published."""
        now = timezone.now()
        columns = {
            "In review": [],
            "Scheduled": [],
            "My recent drafts": [],
            "Recently published": [],
        }
        for model in self.publishable_models():
            opts = model._meta
            if not request.user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
                continue
            items = model.objects.all()
            columns["In review"] += items.filter(status=Status.REVIEW).order_by("-updated_at")[
                : self.desk_size
            ]
            columns["Scheduled"] += items.filter(
                status=Status.PUBLISHED, publish_at__gt=now
            ).order_by("publish_at")[: self.desk_size]
            columns["My recent drafts"] += items.filter(
                status=Status.DRAFT, created_by=request.user
            ).order_by("-updated_at")[: self.desk_size]
            columns["Recently published"] += items.published().order_by("-publish_at")[
                : self.desk_size
            ]
        columns["In review"] += self.people_in_review(request)
        order = {
            "In review": lambda item: item.updated_at,
            "Scheduled": lambda item: -item.publish_at.timestamp(),
            "My recent drafts": lambda item: item.updated_at,
            "Recently published": lambda item: item.publish_at,
        }
        return [
            (
                title,
                [
                    DeskEntry(item, reverse(admin_urlname(item._meta, "change"), args=[item.pk]))
                    for item in sorted(items, key=order[title], reverse=True)[: self.desk_size]
                ],
            )
            for title, items in columns.items()
        ]

    def publishable_models(self):
        """The content kinds with a workflow, as registered in this admin, in a stable order."""
        models = [model for model in self._registry if issubclass(model, Publishable)]
        return sorted(models, key=lambda model: model._meta.label)

    def people_in_review(self, request):
        """Rows someone asked an editor to look at (people, so far), for those who may make
        them public: registered models with a `submitted_for_review_at` field."""
        waiting = []
        for model in self._registry:
            opts = model._meta
            fields = {field.name for field in opts.get_fields()}
            if "submitted_for_review_at" not in fields:
                continue
            if not request.user.has_perm(f"{opts.app_label}.publish_{opts.model_name}"):
                continue
            waiting += model._default_manager.filter(
                submitted_for_review_at__isnull=False
            ).order_by("-submitted_for_review_at")[: self.desk_size]
        return waiting


@dataclass
class DeskEntry:
    item: object
    url: str

    @property
    def kind(self):
        return self.item._meta.verbose_name.capitalize()

    @property
    def state(self):
        # People have no workflow of their own: on the desk they are only awaiting review.
        return getattr(self.item, "state_label", "Submitted for review")
