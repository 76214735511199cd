from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import wraps

from django.contrib import admin
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.http import HttpResponseBadRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator, capfirst
from django.utils.timesince import timesince


class EditorialAdminSite(admin.AdminSite):
    """The admin, whose start page is each staff member's desk.

    Installed as the default site by publications.apps.EditorialAdminConfig. It lives apart
    from admin.py because resolving the default site must not register any model admin.

    The desk is made of sections (DeskSection) that the model admins give: each registered
    ModelAdmin the user may view can define `desk_sections(request)`, about its own kind, and
    `shared_desk_sections(request)`, about no kind in particular (notifications), which is
    asked once however many admins share it. So the apps above this one add to the desk
    without this one knowing them.
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
        context = {"desk": self.desk(request), "title": self.desk_title(request)}
        return super().index(request, {**context, **(extra_context or {})})

    def desk_title(self, request):
        """The page's title: "Editor's desk" to those who may publish, else "Your desk"."""
        for model_admin in self.viewable_admins(request):
            may_publish = getattr(model_admin, "has_publish_permission", None)
            if may_publish is not None and may_publish(request):
                return "Editor's desk"
        return "Your desk"

    def desk(self, request):
        """The sections of the desk this user gets, in order, those of several kinds merged."""
        sections = []
        shared_providers = set()
        for model_admin in self.viewable_admins(request):
            if hasattr(model_admin, "desk_sections"):
                sections += model_admin.desk_sections(request)
            shared = getattr(type(model_admin), "shared_desk_sections", None)
            if shared is not None and shared not in shared_providers:
                shared_providers.add(shared)
                sections += model_admin.shared_desk_sections(request)
        sections += self.people_in_review(request)
        merged = {}
        for section in sections:
            if section.key in merged:
                merged[section.key].absorb(section)
            else:
                merged[section.key] = section
        shown = [
            section.trimmed(self.desk_size)
            for section in merged.values()
            if section.entries or section.show_when_empty
        ]
        return sorted(shown, key=lambda section: section.order)

    def viewable_admins(self, request):
        """The registered model admins whose kind the user may see, in a stable order."""
        return [
            model_admin
            for _model, model_admin in sorted(
                self._registry.items(), key=lambda pair: pair[0]._meta.label
            )
            if model_admin.has_view_or_change_permission(request)
        ]

    def people_in_review(self, request):
        """Rows someone asked an editor to look at (people, so far), for those who may make
        them public: registered models with a `submitted_for_review_at` field. They join the
        "In review" section the content kinds give."""
        sections = []
        for model in sorted(self._registry, key=lambda model: model._meta.label):
            opts = model._meta
            fields = {field.name for field in opts.get_fields()}
            if "submitted_for_review_at" not in fields:
                continue
            if not request.user.has_perm(f"{opts.app_label}.publish_{opts.model_name}"):
                continue
            waiting = model._default_manager.exclude(submitted_for_review_at=None)
            waiting = waiting.order_by("submitted_for_review_at", "pk")[: self.desk_size]
            sections.append(
                in_review_section(
                    [
                        DeskEntry(
                            title=str(item),
                            url=change_url(item, self.name),
                            kind=opts.verbose_name.capitalize(),
                            # People have no workflow of their own: on the desk they are
                            # only awaiting review.
                            state="Submitted for review",
                            since=Since.waiting(item.submitted_for_review_at),
                            sort_key=item.submitted_for_review_at,
                        )
                        for item in waiting
                    ]
                )
            )
        return sections


def change_url(item, site_name="admin"):
    return reverse(admin_urlname(item._meta, "change"), args=[item.pk], current_app=site_name)


def changelist_link(opts, label, site_name="admin", **filters):
    """A "see all" link: the kind's list in the admin, filtered as its own filters would."""
    url = reverse(admin_urlname(opts, "changelist"), current_app=site_name)
    query = "&".join(f"{name}={value}" for name, value in filters.items())
    return DeskLink(label, f"{url}?{query}" if query else url)


def person_name(user, viewer=None):
    """How the desk names a staff member: "you" to themselves, else their full name."""
    if user is None:
        return "someone whose account has since been removed"
    if viewer is not None and user.pk == viewer.pk:
        return "you"
    return user.get_full_name() or user.get_username()


def first_line(text, length=120):
    """The first non-empty line of a note, short enough for one line of the desk."""
    line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return Truncator(line).chars(length)


@dataclass(frozen=True)
class DeskLink:
    label: str
    url: str


@dataclass(frozen=True)
class Since:
    """A moment shown as time elapsed ("waiting 3 days", "updated 2 hours ago"), with the
    exact date and time, in the site's zone, for those who point at it."""

    moment: datetime
    before: str = ""
    after: str = ""

    @classmethod
    def waiting(cls, moment):
        return cls(moment, before="waiting")

    @classmethod
    def ago(cls, moment, what):
        return cls(moment, before=what, after="ago")

    @property
    def elapsed(self):
        if timezone.now() - self.moment < timedelta(minutes=1):
            return "under a minute"
        return timesince(self.moment, depth=1)

    @property
    def exact(self):
        local = timezone.localtime(self.moment)
        return f"{date_format(local, 'DATETIME_FORMAT')} {local.tzname()}"

    @property
    def iso(self):
        return self.moment.isoformat()


@dataclass
class DeskEntry:
    """One item on the desk: its title linking to where to work on it, and what to know."""

    title: str
    url: str | None
    kind: str = ""
    state: str = ""
    #: A date to go by, already in words: when an event takes place, in its own zone.
    when: str = ""
    #: Who did what last: "Submitted by Ada Okafor", "Sent back by Jon Ilves".
    detail: str = ""
    since: Since | None = None
    #: The first line of the note that came with it (an editor's request for changes).
    note: str = ""
    #: The one thing to do about it, when it is not just "open it".
    action: DeskLink | None = None
    is_yours: bool = False
    is_unread: bool = False
    #: Entries of a section from several kinds are merged in this order, ascending.
    sort_key: object = 0

    @property
    def since_words(self):
        """The words before the elapsed time, capitalised when they begin the line."""
        words = self.since.before if self.since else ""
        return words if self.detail else capfirst(words)


@dataclass
class DeskSection:
    """A list on the desk. Sections of the same key given by several kinds are one list."""

    key: str
    title: str
    entries: list
    #: What to say, and what to do, when the list is empty.
    empty_text: str
    order: int = 100
    #: "See all" links, to each kind's list in the admin, filtered.
    links: list = field(default_factory=list)
    #: A line under the heading: "2 unread".
    summary: str = ""
    show_when_empty: bool = True
    #: Spans the whole width of the desk.
    is_wide: bool = False

    def absorb(self, other):
        self.entries = [*self.entries, *other.entries]
        self.links = [*self.links, *other.links]
        self.show_when_empty = self.show_when_empty or other.show_when_empty

    def trimmed(self, size):
        self.entries = sorted(self.entries, key=lambda entry: entry.sort_key)[:size]
        return self

    @property
    def html_id(self):
        return f"desk-{self.key.replace('_', '-')}"


def in_review_section(entries, *, title="In review", links=(), order=20):
    """Items waiting for an editor, the longest waiting first."""
    return DeskSection(
        key="in_review",
        title=title,
        entries=entries,
        empty_text="Nothing waiting for review.",
        order=order,
        links=list(links),
    )
