"""Pages of a long listing, newest first, that cost about the same at page 2,000 as at page 2.

The first `numbered_pages` pages are numbered, each read with a small OFFSET. The pages
after them start just past the last item of the page before ("keyset" paging):
`?before=<position>` going on to older items, `?after=<position>` coming back, which an
index on the listing's order serves directly however deep. An old `?page=N` link deeper
than the numbered pages still works: the ids of its items are found from that index alone,
and only the items shown are read whole. Past the end is a 404, never an empty page.

A position is the item's date in microseconds since 1970 and its id ("1614852000000000.17"),
so a page of older items needs nothing but the link: no lookup, and no error if that item
has gone since.
"""

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from math import ceil

from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.utils.http import urlencode

from editorial.page_cache import per_generation

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
POSITION = re.compile(r"(-?\d{1,17})\.(\d{1,18})")
PAGE_NUMBER = re.compile(r"[1-9]\d{0,8}")
WAYS = ("page", "before", "after")


def encode_position(moment, pk):
    delta = moment - EPOCH
    return f"{(delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds}.{pk}"


def decode_position(text):
    match = POSITION.fullmatch(text)
    if match is None:
        raise Http404("Unknown position in the list.")
    try:
        moment = EPOCH + timedelta(microseconds=int(match[1]))
    except OverflowError:
        raise Http404("Unknown position in the list.") from None
    return moment, int(match[2])


class Relocated(Exception):
    """This page is better served at another address."""

    def __init__(self, url):
        super().__init__(url)
        self.url = url


@dataclass
class DeepPage:
    """One page of the listing; also what templates know as `paginator` (count, num_pages)."""

    object_list: list
    count: int
    num_pages: int
    #: The page's number when it has one (numbered pages and old ?page=N links).
    number: int | None = None
    newer_url: str = ""
    older_url: str = ""
    #: The query parameters that name this page, for its canonical address.
    params: dict = field(default_factory=dict)
    first_moment: datetime | None = None
    last_moment: datetime | None = None

    @property
    def has_previous(self):
        return bool(self.newer_url)

    @property
    def has_next(self):
        return bool(self.older_url)

    @property
    def paginator(self):
        return self

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)


class DeepPagesMixin:
    """For a ListView (with FacetedListMixin) whose queryset is ordered newest first by
    (`position_field`, pk): pages as described above. `count_results()` may say how many
    items the listing holds without a query. A listing in another order (soonest first,
    say) sets `by_position` false: all its pages are numbered."""

    position_field = "publish_at"
    numbered_pages = 50
    by_position = True

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Relocated as moved:
            return HttpResponseRedirect(moved.url)

    def count_results(self, queryset):
        return queryset.count()

    def filter_params(self):
        filters = getattr(self, "filters", None)
        return sorted(filters.params().items()) if filters is not None else []

    def position_params(self, page):
        return page.params if page else {}

    def page_url(self, **position):
        query = self.filters.params() | position
        return "?" + urlencode(query) if query else self.request.path

    def paginate_queryset(self, queryset, page_size):
        given = {way: self.request.GET.getlist(way) for way in WAYS if way in self.request.GET}
        if len(given) > 1 or any(len(values) > 1 for values in given.values()):
            raise Http404("One page at a time.")
        way, (value,) = next(iter(given.items()), ("page", [""]))
        if way != "page" and not self.by_position:
            raise Http404("This list has numbered pages only.")
        if way == "page":
            page = self.numbered_page(queryset, page_size, value)
        else:
            page = self.page_from(queryset, page_size, way, *decode_position(value))
        return page, page, page.object_list, page.num_pages > 1

    def page_count(self, queryset, page_size):
        count = self.count_results(queryset)
        return count, max(1, ceil(count / page_size))

    def numbered_page(self, queryset, page_size, value):
        count, num_pages = self.page_count(queryset, page_size)
        if value in ("", "1"):
            number = 1
        elif value == "last":
            number = num_pages
        elif PAGE_NUMBER.fullmatch(value):
            number = int(value)
        else:
            raise Http404("Unknown page.")
        if number > num_pages:
            raise Http404("There are not that many pages.")
        start = (number - 1) * page_size
        if number <= self.numbered_pages or not self.by_position:
            items = list(queryset[start : start + page_size])
        else:
            # Ids from the index on the listing's order, kept until the content changes (an
            # index-only walk past every newer item is still work); only the page's own rows
            # are read whole.
            ids = per_generation(
                f"deep-page:{self.request.path}?{urlencode(self.filter_params())}:{number}",
                lambda: list(queryset.values_list("pk", flat=True)[start : start + page_size]),
            )
            items = list(queryset.filter(pk__in=ids))
        if not items and number > 1:
            raise Http404("There are not that many pages.")
        page = self.make_page(items, count, num_pages, number=number)
        if number > 1:
            page.params = {"page": number}
            page.newer_url = self.numbered_url(number - 1) or self.after_url(items)
        if number < num_pages:
            page.older_url = self.numbered_url(number + 1) or self.before_url(items)
        return page

    def numbered_url(self, number):
        """The address of page `number` if it is among the numbered ones, else ""."""
        if number == 1:
            return self.page_url()
        numbered = number <= self.numbered_pages or not self.by_position
        return self.page_url(page=number) if numbered else ""

    def page_from(self, queryset, page_size, way, moment, pk):
        field = self.position_field
        if way == "before":
            rows = queryset.filter(
                Q(**{f"{field}__lt": moment}) | Q(**{field: moment, "pk__lt": pk}),
                # The bound alone, so the index scan starts at the position.
                **{f"{field}__lte": moment},
            )
        else:
            rows = queryset.filter(
                Q(**{f"{field}__gt": moment}) | Q(**{field: moment, "pk__gt": pk}),
                **{f"{field}__gte": moment},
            ).order_by(field, "pk")
        rows = list(rows[: page_size + 1])
        more = len(rows) > page_size
        items = rows[:page_size]
        if way == "after":
            if not more:
                # Back among the newest: the first page is this page.
                raise Relocated(self.page_url())
            items.reverse()
        elif not items:
            raise Http404("Nothing is older than that.")
        count, num_pages = self.page_count(queryset, page_size)
        page = self.make_page(items, count, num_pages)
        page.params = {way: encode_position(moment, pk)}
        page.newer_url = self.after_url(items)
        if way == "after" or more:
            page.older_url = self.before_url(items)
        return page

    def make_page(self, items, count, num_pages, **kwargs):
        moments = [getattr(item, self.position_field) for item in items[:1] + items[-1:]]
        return DeepPage(
            items,
            count,
            num_pages,
            first_moment=moments[0] if moments else None,
            last_moment=moments[-1] if moments else None,
            **kwargs,
        )

    def before_url(self, items):
        last = items[-1]
        return self.page_url(before=encode_position(getattr(last, self.position_field), last.pk))

    def after_url(self, items):
        first = items[0]
        return self.page_url(after=encode_position(getattr(first, self.position_field), first.pk))
