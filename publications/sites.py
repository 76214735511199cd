from dataclasses import dataclass

from django.contrib import admin
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.urls import reverse
from django.utils import timezone

from publications.models import Publication, Status


class EditorialAdminSite(admin.AdminSite):
    """The admin, whose start page is an editor's desk.

    Installed as the default site by publications.apps.EditorialAdminConfig. It lives apart
    from admin.py because resolving the default site must not register any model admin.
    """

    index_template = "admin/editorial/index.html"
    desk_size = 8

    def index(self, request, extra_context=None):
        return super().index(request, {"desk": self.desk(request), **(extra_context or {})})

    def desk(self, request):
        """What needs attention: items in review, scheduled, my drafts, recently published."""
        from events.models import Event

        now = timezone.now()
        columns = {
            "In review": [],
            "Scheduled": [],
            "My recent drafts": [],
            "Recently published": [],
        }
        for model in (Publication, Event):
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


@dataclass
class DeskEntry:
    item: object
    url: str

    @property
    def kind(self):
        return self.item._meta.verbose_name.capitalize()

    @property
    def state(self):
        return self.item.state_label
