"""Filters with counts (facets) whose price does not grow with the archive on every request.

Each filter's choices are counted with one GROUP BY over the items' link table (or the items
themselves) within the other filters in use, and the rows are kept per content generation
(`per_generation`) under a name made of the listing, the filter and those other filters:
choosing a topic recounts only the other filters, and the same filters are not counted again
until something changes or the next scheduled item goes public.

A filter with more choices than a sidebar can carry (the authors of a large archive) lists
its most used `limit`, always with the one chosen, and finds the others by name.
"""

from dataclasses import dataclass, field

from django.db.models import Count, F
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.utils.http import urlencode

from editorial.languages import current_language
from editorial.page_cache import per_generation


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
    #: Only the `limit` most used choices are listed; the finder finds the others.
    more: bool = False
    limit: int = 0
    #: The finder: its query parameter, its label, what the reader asked for, and where the
    #: reader goes back to the most used choices.
    find_param: str = ""
    find_label: str = ""
    find_query: str = ""
    unfind_url: str = ""

    @property
    def open(self):
        """Whether the panel shows it unfolded: short, in use, or just searched."""
        return len(self.options) < 8 or any(o.selected for o in self.options) or self.find_query


@dataclass(frozen=True)
class Finder:
    """How a long facet finds a choice by name: `param` in the query string, `field` the
    name it matches (every word of the query, anywhere in it)."""

    param: str
    label: str
    field: str
    limit: int = 20


class FacetedListMixin:
    """A listing filtered from the query string, each filter shown with its choices and counts.

    Subclasses set `filter_form_class` and `facet_labels`, say in `facet_items()` what the
    counts are taken over, and return from `facet_counts()` a rows queryset per filter: one
    query each, `value`, `label` (optional) and `count` per choice, in the order shown. A
    filter in `facet_limits` lists its most used choices only (its rows come most used
    first); one in `facet_finders` also has a search box for the others.
    """

    filter_form_class = None
    facet_labels = {}
    facet_limits = {}
    facet_finders = {}

    def get(self, request, *args, **kwargs):
        self.filters = self.filter_form_class(request.GET)
        if not self.filters.is_valid():
            raise Http404("Unknown filter value.")
        self._facet_rows = {}
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
        canonical = self.filters.params() | self.position_params(context.get("page_obj"))
        context["canonical_query"] = f"?{urlencode(canonical)}" if canonical else ""
        return context

    def position_params(self, page):
        """The query parameters that say which page of the results this is."""
        return {"page": page.number} if page and page.number > 1 else {}

    def url_with(self, leave_out, **params):
        query = self.filters.params(leave_out=leave_out) | params
        return "?" + urlencode(query) if query else self.request.path

    # --- counting ---------------------------------------------------------------------

    def facet_items(self):
        """The items every filter's choices are counted over (what readers may see)."""
        raise NotImplementedError

    def facet_counts(self, name, items):
        """A queryset of {value, label, count} rows: filter `name`'s choices among `items`."""
        raise NotImplementedError

    def find_query(self, name):
        finder = self.facet_finders.get(name)
        return (self.filters.cleaned_data.get(finder.param) or "") if finder else ""

    def facet_rows(self, name):
        """[(value, label, count)] of filter `name` within the other filters in use."""
        if name not in self._facet_rows:
            others = sorted(self.filters.params(leave_out=name).items())
            query = self.find_query(name)
            key = f"facet:{type(self).__module__}.{type(self).__qualname__}:{name}:{others}"
            self._facet_rows[name] = per_generation(
                f"{key}:{query}" if query else key, lambda: self.count_facet(name, query)
            )
        return self._facet_rows[name]

    def count_facet(self, name, query):
        items = self.filters.apply(self.facet_items(), leave_out=name)
        rows = self.facet_counts(name, items)
        limit = self.facet_limits.get(name)
        if query:
            finder = self.facet_finders[name]
            for word in query.split():
                rows = rows.filter(**{f"{finder.field}__icontains": word})
            limit = finder.limit
        if limit:
            # One more than shown, to know whether there are more.
            rows = rows[: limit + 1]
        return [(row["value"], translated_label(row), row["count"]) for row in rows]

    def selected_count(self, name):
        """How many items the chosen value of `name` gives within the other filters, when
        its row is not among those listed: the number of results, by definition."""
        return per_generation(
            f"facet-total:{type(self).__module__}.{type(self).__qualname__}:"
            f"{sorted(self.filters.params().items())}",
            lambda: self.filters.apply(self.facet_items()).count(),
        )

    # --- showing ----------------------------------------------------------------------

    def facets(self):
        active = self.filters.params()
        return [self.facet(name, label, active) for name, label in self.facet_labels.items()]

    def facet(self, name, label, active):
        selected_value = str(active.get(name, ""))
        facet = Facet(name=name, label=label, remove_url=self.url_with(name))
        rows = self.facet_rows(name)
        query = self.find_query(name)
        limit = self.facet_finders[name].limit if query else self.facet_limits.get(name)
        if limit and len(rows) > limit:
            rows = rows[:limit]
            facet.more, facet.limit = True, limit
        for value, option_label, count in rows:
            facet.options.append(
                FacetOption(
                    label=option_label,
                    count=count,
                    url=self.url_with(name, **{name: value}),
                    selected=str(value) == selected_value,
                )
            )
        if selected_value and not any(option.selected for option in facet.options):
            # The chosen value stays visible, so the reader can see and remove it: left out
            # of a cut list, or giving nothing within the other filters.
            chosen = self.filters.cleaned_data[name]
            complete = not (facet.more or query)
            facet.options.insert(
                0,
                FacetOption(
                    label=getattr(chosen, "display_plural_name", None)
                    or getattr(chosen, "display_name", None)
                    or str(chosen),
                    count=0 if complete else self.selected_count(name),
                    url=self.url_with(name, **{name: selected_value}),
                    selected=True,
                ),
            )
        finder = self.facet_finders.get(name)
        if finder:
            facet.find_param, facet.find_label, facet.find_query = (
                finder.param,
                finder.label,
                query,
            )
            facet.unfind_url = self.url_with(None)
        return facet


# --- rows querysets for facet_counts() -------------------------------------------------------


def year_rows(items, date_field):
    """Years of `date_field` among `items`, newest first."""
    return (
        items.order_by()
        .values(value=ExtractYear(date_field))
        .annotate(count=Count("*"))
        .order_by("-value")
    )


def translated_label(row):
    """A facet row's label, in the reader's language when the row brought its translations."""
    label = str(row.get("label", row["value"]))
    translations = row.get("translations") or {}
    return translations.get(current_language(), {}).get(row.get("label_key", "name")) or label


def link_rows(links, subject, item, items, *, most_used=False):
    """The subjects (topics, regions, authors) linked to `items` through the link table
    `links` (a manager or queryset of a through model whose `subject` and `item` fields lead
    to them), with how many of the items each has; by name, or with `most_used`, most first.

    Counted straight from the link table, grouped by subject: no DISTINCT, since a link
    table holds a subject and an item together once.
    """
    labels = {"value": F(f"{subject}__slug"), "label": F(f"{subject}__name")}
    subject_model = links.model._meta.get_field(subject).related_model
    if any(field.name == "translations" for field in subject_model._meta.fields):
        # Topic and region names in the reader's language come along (see count_facet).
        labels["translations"] = F(f"{subject}__translations")
    rows = (
        links.filter(**{f"{item}__in": items.order_by().values("pk")})
        .values(**labels)
        .annotate(count=Count("*"))
    )
    if most_used:
        return rows.order_by("-count", f"{subject}__name")
    return rows.order_by(f"{subject}__name")
