"""The SQLite search index: one FTS5 table per searchable model, holding plain text.

Every table and column name in the SQL here comes from INDEXES below; whatever a reader or
an editor typed travels only as a query parameter.

PostgreSQL keeps a stored tsvector on the row instead (editorial/search.py). Here each
table's rowid is the item's primary key; the columns are its words without markup, title
first, so bm25() can weigh them. The same signal receivers that keep the PostgreSQL vector
current call `rewrite_rows` and `remove_rows`.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connections, router
from django.db.models import Expression, F, FloatField, TextField
from django.db.models.expressions import RawSQL

from editorial.richtext import plain_text

# Porter stemming ("exiles" finds "exile"), Unicode word breaking, accents folded away
# ("emigres" finds "emigrés"). Cyrillic words are lower-cased and kept whole: Porter leaves
# words with letters outside ASCII alone, and the accent folding is for Latin letters only
# (й and ё stay). So Russian and Ukrainian are found word for word, not stemmed.
TOKENIZER = "porter unicode61 remove_diacritics 2"


@dataclass(frozen=True)
class Index:
    table: str
    #: FTS column -> the model fields whose text it holds; "__" marks a related field.
    columns: dict
    #: Relative weight of each column for bm25(), in the same order.
    weights: tuple
    #: Rich-text fields: stored HTML, indexed without its tags.
    rich: frozenset = field(default_factory=frozenset)

    def create_sql(self):
        columns = ", ".join(self.columns)
        return (
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {self.table} "
            f"USING fts5({columns}, tokenize = '{TOKENIZER}')"
        )

    def bm25(self):
        return f"bm25({self.table}, {', '.join(str(weight) for weight in self.weights)})"


INDEXES = {
    "publications.publication": Index(
        "search_publication",
        {
            "title": ["title"],
            "lead": ["summary"],
            "body": ["body"],
            "names": ["authorships__person__name"],
        },
        (10.0, 4.0, 1.0, 1.0),
        frozenset({"body"}),
    ),
    "events.event": Index(
        "search_event",
        {
            "title": ["title"],
            "lead": ["description"],
            "body": ["summary"],
            "names": ["speaker_links__person__name"],
        },
        (10.0, 4.0, 1.0, 1.0),
        frozenset({"description", "summary"}),
    ),
    "people.person": Index(
        "search_person",
        {"name": ["name"], "role": ["title", "affiliation"], "bio": ["bio"]},
        (10.0, 4.0, 1.0),
        frozenset({"bio"}),
    ),
}


def index_of(model):
    return INDEXES.get(model._meta.label_lower)


def create_tables(connection):
    with connection.cursor() as cursor:
        for index in INDEXES.values():
            cursor.execute(index.create_sql())


def drop_tables(connection):
    with connection.cursor() as cursor:
        for index in INDEXES.values():
            cursor.execute(f"DROP TABLE IF EXISTS {index.table}")


def rewrite_rows(queryset):
    """Replace the index rows of every item in `queryset` with its current text.

    Works with the migration's historical models too: it reads fields by name only.
    """
    index = index_of(queryset.model)
    if index is None:
        return
    rows = _rows(queryset.model._base_manager.filter(pk__in=queryset.values("pk")), index)
    columns = ", ".join(["rowid", *index.columns])
    values = ", ".join(["%s"] * (len(index.columns) + 1))
    insert = f"INSERT INTO {index.table} ({columns}) VALUES ({values})"  # noqa: S608 -- see the docstring
    with connections[queryset.db].cursor() as cursor:
        _delete(cursor, index, list(rows))
        cursor.executemany(insert, [(pk, *texts) for pk, texts in rows.items()])


def remove_rows(model, pks):
    index = index_of(model)
    if index is None:
        return
    with connections[router.db_for_write(model)].cursor() as cursor:
        _delete(cursor, index, list(pks))


def _delete(cursor, index, pks):
    # In batches: SQLite limits the number of parameters in one statement.
    for start in range(0, len(pks), 500):
        batch = pks[start : start + 500]
        marks = ", ".join(["%s"] * len(batch))
        cursor.execute(f"DELETE FROM {index.table} WHERE rowid IN ({marks})", batch)  # noqa: S608


def _rows(queryset, index):
    """{pk: (text of each column)} for the items of `queryset`."""
    direct = [name for names in index.columns.values() for name in names if "__" not in name]
    related = [name for names in index.columns.values() for name in names if "__" in name]
    values = {
        row[0]: dict(zip(direct, row[1:], strict=True))
        for row in queryset.values_list("pk", *direct)
    }
    for lookup in related:
        texts = defaultdict(list)
        linked = queryset.filter(**{f"{lookup}__isnull": False}).values_list("pk", lookup)
        for pk, text in linked:
            texts[pk].append(text)
        for pk, fields in values.items():
            fields[lookup] = " ".join(texts[pk])
    return {
        pk: tuple(
            " ".join(_text(name, fields[name], index) for name in names).strip()
            for names in index.columns.values()
        )
        for pk, fields in values.items()
    }


def _text(name, value, index):
    return plain_text(value) if name in index.rich else " ".join((value or "").split())


def match_expression(wanted, excluded):
    """The FTS5 query for a reader's words and phrases: all of `wanted`, none of `excluded`.

    Every word or phrase is quoted, so nothing a reader types (NEAR, *, ^, :, OR, a stray
    quote) is ever read as FTS5 syntax. A token with no letter or digit would be an empty
    phrase, which matches nothing, so it is left out. "" when nothing is left to look for.
    """
    wanted = [_quoted(phrase) for phrase in wanted if _has_word(phrase)]
    if not wanted:
        return ""
    excluded = [_quoted(phrase) for phrase in excluded if _has_word(phrase)]
    return "".join([f"({' AND '.join(wanted)})", *(f" NOT {phrase}" for phrase in excluded)])


def _quoted(phrase):
    return '"' + phrase.replace('"', '""') + '"'


def _has_word(phrase):
    return any(character.isalnum() for character in phrase)


class IndexValue(Expression):
    """What FTS5 computes for the outer row, e.g. its bm25() score for a query:
    `(SELECT <select> FROM <table> WHERE <table> MATCH <query> AND rowid = <the row's pk>)`."""

    def __init__(self, table, select, select_params, match, output_field):
        super().__init__(output_field=output_field)
        self.table, self.select, self.select_params, self.match = (
            table,
            select,
            select_params,
            match,
        )
        self.pk = F("pk")

    def get_source_expressions(self):
        return [self.pk]

    def set_source_expressions(self, expressions):
        (self.pk,) = expressions

    def as_sql(self, compiler, connection):
        pk_sql, pk_params = compiler.compile(self.pk)
        table = self.table
        sql = f"(SELECT {self.select} FROM {table} WHERE {table} MATCH %s AND rowid = {pk_sql})"  # noqa: S608
        return sql, [*self.select_params, self.match, *pk_params]


def matching(queryset, match):
    """`queryset` narrowed to the items matching the FTS5 query `match`, with `search_rank`
    (see `rank`)."""
    table = index_of(queryset.model).table
    # The rowids matching, as a subquery, so the page's queries stay the same in number.
    matches = RawSQL(f"SELECT rowid FROM {table} WHERE {table} MATCH %s", [match])  # noqa: S608, S611
    return queryset.filter(pk__in=matches).annotate(search_rank=rank(queryset.model, match))


def rank(model, match):
    """Each matching row's bm25 score for the FTS5 query `match`: lower is better, the title
    weighted most."""
    index = index_of(model)
    return IndexValue(index.table, index.bm25(), [], match, FloatField())


def passages(model, match, start, stop, separator, words):
    """The lead's and the body's best passages, `separator` between, matches between `start`
    and `stop`: plain text, as the index holds it."""
    index = index_of(model)
    table = index.table
    snippet = f"snippet({table}, %s, %s, %s, '…', {int(words)})"
    lead, body = list(index.columns).index("lead"), list(index.columns).index("body")
    return IndexValue(
        table,
        f"{snippet} || %s || {snippet}",
        [lead, start, stop, separator, body, start, stop],
        match,
        TextField(),
    )
