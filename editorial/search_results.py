"""A search's matches: counted up to a limit, ordered best first, fetched a page at a time.

A reader sees twenty matches, so in an archive of 100,000 nothing should cost more than those
twenty do:

- Matches are counted only up to COUNT_LIMIT, every kind in one query; past it a page says
  "500+" and pagination stops there (nobody reads page 26 of a search: they refine it).
- On PostgreSQL the order is where the words are found: every word in the title first, then
  in the title and summary (an event's description), then anywhere (body, people's names);
  newest first within each. ts_rank orders much the same way (it weights the title over the
  summary over the rest), but it has to read every match's vector to do it, and a common
  word matches half the archive. Each tier is a query of its own limited to the rows the
  page needs: PostgreSQL reads a common word's tier off the date index and stops once the
  page is full, and sorts a rare word's few matches. The title and summary words are in the
  small `search_lead` column (migration publications 0013), so telling the tiers apart never
  reads `search_vector`, which is kilobytes and kept out of line.
- Excerpts are highlighted by the query that fetches the page's own rows, by primary key.

People (a few thousand) are ranked by ts_rank over their generated `search_document`. One
case stays costly: a phrase of two common words that are seldom side by side must be looked
for in every item holding both.

On SQLite (the demo) FTS5 ranks every match by bm25, title weighted most: a few hundred
items, no need for more.
"""

from itertools import pairwise

from django.contrib.postgres.search import SearchQueryField, SearchVectorField
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import BooleanField, Case, Expression, F, Func, IntegerField, Value, When
from django.db.models.expressions import RawSQL

#: Matches counted; past this many a page says "500+" and pagination ends. Counting costs
#: a few microseconds a match: 500 keeps a common word's count to milliseconds.
COUNT_LIMIT = 500

# A lexeme as tsquery's text form writes it: quoted, with any quote inside doubled.
LEXEME = "'(?:[^']|'')*'"


class GeneratedColumn(Expression):
    """A column PostgreSQL generates that the model does not declare (Django never writes
    it), of the table the query is about."""

    output_field = SearchVectorField()

    def __init__(self, column):
        super().__init__()
        self.column = column

    def as_sql(self, compiler, connection):
        table = compiler.quote_name(compiler.query.base_table)
        return f"{table}.{connection.ops.quote_name(self.column)}", []


class Found(Func):
    """`vector @@ query`: the vector holds what the query asks for."""

    template = "(%(expressions)s)"
    arg_joiner = " @@ "
    output_field = BooleanField()


class TitleWords(Func):
    """The query with every word it asks for held to weight A: found in the title."""

    output_field = SearchQueryField()

    def as_sql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return (
            f"regexp_replace(({sql})::text, %s, %s, 'g')::tsquery",
            (*params, LEXEME, r"\&:A"),
        )


class Matches:
    """The matches of one kind, for a Paginator: count() first (see count_together), then
    slices, each fetched by one query."""

    #: How many matched, as counted: at most COUNT_LIMIT + 1.
    counted = 0

    def count(self):
        return min(self.counted, COUNT_LIMIT)

    def __len__(self):
        return self.count()

    @property
    def more(self):
        """More matched than were counted."""
        return self.counted > COUNT_LIMIT

    def __getitem__(self, window):
        return self.fetch(window.start or 0, window.stop, excerpts=True)

    def preview(self, size):
        return self.fetch(0, min(size, self.count()), excerpts=False)

    def to_count(self, start, stop):
        """The querysets to count, the total first, before rows start:stop are fetched."""
        raise NotImplementedError

    def take_counts(self, numbers):
        self.counted = numbers[0]

    def fetch(self, start, stop, *, excerpts):
        raise NotImplementedError


class RankedMatches(Matches):
    """Matches in one ranked order: `ranked`, sliced. With `shown`, the page's rows come from
    `shown` by primary key instead, with `annotations` and `excerpt` for them alone, in
    `order`."""

    def __init__(self, ranked, *, shown=None, order=(), annotations=None, excerpt=None):
        self.ranked, self.shown, self.order = ranked, shown, order
        self.annotations, self.excerpt = annotations or {}, excerpt

    def to_count(self, start, stop):
        return [self.ranked.order_by().values("pk")[: COUNT_LIMIT + 1]]

    def fetch(self, start, stop, *, excerpts):
        if stop <= start:
            return []
        if self.shown is None:
            return list(self.ranked[start:stop])
        ids = union_sql([self.ranked.values("pk")[start:stop]])
        rows = self.shown.filter(pk__in=ids).annotate(**self.annotations)
        if excerpts and self.excerpt is not None:
            rows = rows.annotate(headline=self.excerpt)
        return list(rows.order_by(*self.order))


class TieredMatches(Matches):
    """PostgreSQL: the words in the title, then in the title and summary, then anywhere;
    newest first within each tier (see the module's docstring).

    Without a "-word" in the query, words found in `search_lead` are found in
    `search_vector` too (it starts with the same words at the same positions), so the first
    two tiers never read the larger vector; with one, they must, to leave out items whose
    body has the word.
    """

    def __init__(self, candidates, search_query, *, date_field, shown, excerpt, excludes):
        lead = GeneratedColumn("search_lead")
        self.in_title = Found(lead, TitleWords(search_query))
        self.in_lead = Found(lead, search_query)
        anywhere = Found(F("search_vector"), search_query)
        whole = [anywhere] if excludes else []
        self.candidates = candidates.order_by()
        self.anywhere = anywhere
        # What puts an item in each tier; a tier's querysets are built only when needed.
        self.conditions = [
            [self.in_title, *whole],
            [self.in_lead, *whole, ~self.in_title],
            [anywhere, ~self.in_lead],
        ]
        # The first tier, and the first two, counted up to the end of the rows to fetch:
        # enough to tell which tiers those rows come from.
        self.counted_conditions = [[self.in_title, *whole], [self.in_lead, *whole]]
        self.date_field, self.shown, self.excerpt = date_field, shown, excerpt
        self.boundaries = None

    def to_count(self, start, stop):
        counts = [self.candidates.filter(self.anywhere).values("pk")[: COUNT_LIMIT + 1]]
        if stop > start:
            counts += [
                self.candidates.filter(*conditions).values("pk")[:stop]
                for conditions in self.counted_conditions
            ]
        return counts

    def take_counts(self, numbers):
        self.counted, *boundaries = numbers
        self.boundaries = [0, *boundaries, self.counted]

    def fetch(self, start, stop, *, excerpts):
        if stop <= start:
            return []
        parts = []
        order = (f"-{self.date_field}", "-pk")
        for conditions, (first, end) in zip(
            self.conditions, pairwise(self.boundaries), strict=True
        ):
            # The rows start:stop of the tiers laid end to end that fall in this tier.
            low, high = max(start, first), min(stop, end)
            if high > low:
                tier = self.candidates.filter(*conditions).order_by(*order)
                parts.append(tier.values("pk")[low - first : high - first])
        if not parts:
            return []
        rows = self.shown.filter(pk__in=union_sql(parts)).annotate(
            search_tier=Case(
                When(self.in_title, then=Value(2)),
                When(self.in_lead, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        if excerpts:
            rows = rows.annotate(headline=self.excerpt)
        return list(rows.order_by("-search_tier", f"-{self.date_field}", "-pk"))


def union_sql(querysets):
    """One subquery of the primary keys the (sliced) querysets select, for `pk__in`."""
    compiled = [queryset.query.sql_with_params() for queryset in querysets]
    sql = " UNION ALL ".join(f"({part})" if len(compiled) > 1 else part for part, _ in compiled)
    return RawSQL(sql, [param for _, params in compiled for param in params])  # noqa: S611 -- Django's own SQL


def count_together(windows, using="default"):
    """Count the matches of every kind in one query. `windows` maps each Matches to the
    (start, stop) of the rows it will be asked for, (0, 0) when none."""
    selects, params, owners = [], [], []
    for matches, (start, stop) in windows.items():
        # No row past the limit is ever shown, however far a reader asks to page.
        start, stop = min(start, COUNT_LIMIT), min(stop, COUNT_LIMIT)
        for queryset in matches.to_count(start, stop):
            owners.append(matches)
            try:
                sql, part_params = queryset.query.sql_with_params()
            except EmptyResultSet:
                selects.append("0")
                continue
            selects.append(f"(SELECT COUNT(*) FROM ({sql}) AS matched)")  # noqa: S608 -- Django's SQL
            params.extend(part_params)
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(selects)}", params)
        numbers = cursor.fetchone()
    counted = list(zip(owners, numbers, strict=True))
    for matches in windows:
        matches.take_counts([number for owner, number in counted if owner is matches])
