"""The machinery of public listings and pages, shared by every content kind: filters with
counts (facets), staff preview at the public address, feed links and JSON-LD."""

from dataclasses import dataclass, field
from urllib.parse import quote

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Count, Max
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode

PAGE_SIZE = 20


def feed_links(title, name, *args):
    """The RSS and Atom <link rel="alternate"> entries of the feed named `name`."""
    return [
        {
            "title": f"{title} (RSS)",
            "content_type": "application/rss+xml",
            "url": reverse(name, args=args),
        },
        {
            "title": f"{title} (Atom)",
            "content_type": "application/atom+xml",
            "url": reverse(f"{name}_atom", args=args),
        },
    ]


def organisation_json_ld(request):
    return {
        "@type": "Organization",
        "name": settings.SITE_NAME,
        "url": request.build_absolute_uri(reverse("publications:home")),
        "logo": request.build_absolute_uri(static("img/favicon.svg")),
    }


def person_ref_json_ld(request, person):
    return {
        "@type": "Person",
        "name": person.name,
        "url": request.build_absolute_uri(person.get_absolute_url()),
    }


def share_links(title, url):
    """Plain links to share a page: no third-party script runs on our pages."""
    return [
        ("Email", f"mailto:?subject={quote(title, safe='')}&body={quote(url, safe='')}"),
        ("Bluesky", "https://bsky.app/intent/compose?" + urlencode({"text": f"{title} {url}"})),
        ("LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url})),
        ("X", "https://x.com/intent/post?" + urlencode({"text": title, "url": url})),
        ("Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})),
    ]


@dataclass
class FacetOption:
    label: str
    count: int
    url: str
    selected: bool = False


@dataclass
class Facet:
    name: str
    label: str
    options: list[FacetOption] = field(default_factory=list)
    remove_url: str = ""


class FacetedListMixin:
    """A listing filtered from the query string, each filter shown with its choices and counts.

    Subclasses set `filter_form_class` and `facet_labels`, and return from `facet_rows()` the
    choices of each filter as (value, label, count) rows, one query per filter.
    """

    filter_form_class = None
    facet_labels = {}

    def get(self, request, *args, **kwargs):
        self.filters = self.filter_form_class(request.GET)
        if not self.filters.is_valid():
            raise Http404("Unknown filter value.")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        facets = self.facets()
        context["facets"] = facets
        context["active_filters"] = [
            (facet.label, option.label, facet.remove_url)
            for facet in facets
            for option in facet.options
            if option.selected
        ]
        context["filter_params"] = self.filters.params()
        page = context.get("page_obj")
        canonical = self.filters.params() | (
            {"page": page.number} if page and page.number > 1 else {}
        )
        context["canonical_query"] = f"?{urlencode(canonical)}" if canonical else ""
        return context

    def url_with(self, leave_out, **params):
        query = self.filters.params(leave_out=leave_out) | params
        return "?" + urlencode(query) if query else self.request.path

    def facets(self):
        rows = self.facet_rows()
        active = self.filters.params()
        facets = []
        for name, label in self.facet_labels.items():
            selected_value = str(active.get(name, ""))
            facet = Facet(name=name, label=label, remove_url=self.url_with(name))
            for value, option_label, count in rows[name]:
                facet.options.append(
                    FacetOption(
                        label=option_label,
                        count=count,
                        url=self.url_with(name, **{name: value}),
                        selected=str(value) == selected_value,
                    )
                )
            if selected_value and not any(option.selected for option in facet.options):
                # A valid choice that gives nothing within the other filters stays visible,
                # so the reader can see and remove it.
                chosen = self.filters.cleaned_data[name]
                facet.options.insert(
                    0,
                    FacetOption(
                        label=getattr(chosen, "plural_name", None) or str(chosen),
                        count=0,
                        url=self.url_with(name, **{name: selected_value}),
                        selected=True,
                    ),
                )
            facets.append(facet)
        return facets


def year_rows(items, date_field):
    return [
        (row["year"], str(row["year"]), row["count"])
        for row in items.annotate(year=ExtractYear(date_field))
        .values("year")
        .annotate(count=Count("pk", distinct=True))
        .order_by("-year")
    ]


class PreviewMixin:
    """Staff who may change an item see it at its public address before it is public.

    The page says so, is never cached and asks search engines not to index it; to everyone
    else an unpublished item does not exist (404).

    A DetailView gets its item this way as it is. A page built on another view (a ListView
    of what the item holds, say) calls `get_object()` itself and says in `find_object()` how
    its item is looked up.
    """

    is_preview = False

    def public_queryset(self):
        """What readers may see."""
        return self.model.objects.published()

    def page_queryset(self, items):
        """`items` with what the page shows of each fetched along with it."""
        return items

    def get_queryset(self):
        return self.page_queryset(self.public_queryset())

    def preview_queryset(self):
        return self.page_queryset(self.model.objects.all())

    def may_preview(self):
        opts = self.model._meta
        return self.request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}")

    def get_object(self, queryset=None):
        try:
            return self.find_object(queryset)
        except Http404:
            if not self.may_preview():
                raise
            self.is_preview = True
            return self.find_object(self.preview_queryset())

    def find_object(self, queryset=None):
        """The item at this address in `queryset` (by default what readers may see)."""
        return super().get_object(queryset)

    def get_context_data(self, **kwargs):
        return super().get_context_data(is_preview=self.is_preview, **kwargs)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if self.is_preview:
            patch_cache_control(response, private=True, no_store=True)
        return response


def subject_rows(subjects, relation, items):
    """(slug, name, count) of the subjects (topics, regions) linked to `items`, one query.

    `relation` leads from a subject to the items: "publications" for regions, or for topics
    through their tag rows, "publication_links__content_object".
    """
    counted = relation.split("__")[0]
    return [
        (subject.slug, subject.name, subject.count)
        for subject in subjects.filter(**{f"{relation}__in": items})
        .annotate(count=Count(counted, distinct=True))
        .order_by("name")
    ]


class ArchiveSitemap(Sitemap):
    """A sitemap section that stays cheap however large the archive grows.

    Each file holds at most `limit` addresses (the protocol allows 50,000; fewer keeps every
    file quick to render), and the index learns a section's latest change from one aggregate
    over `lastmod_field` instead of loading every item, as Django's default would.
    """

    limit = 10_000
    lastmod_field = "updated_at"
    #: The columns a sitemap entry needs, so no body text is read.
    fields = ("slug", "updated_at")

    def lastmod(self, item):
        return getattr(item, self.lastmod_field)

    def get_latest_lastmod(self):
        items = self.items().order_by()
        return items.aggregate(latest=Max(self.lastmod_field))["latest"]

    def entries(self, queryset):
        return queryset.only(*self.fields)
