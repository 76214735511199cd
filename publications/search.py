"""Search across publications, experts and events.

On PostgreSQL: full-text search with English stemming over a stored, weighted search vector
(title over summary over body and people's names), web-search syntax ("a phrase", -word),
ranking and highlighted excerpts. Elsewhere (SQLite, for the demo): every item containing
all the words, newest first. Either way only published items are ever searched.
"""

import html
import re

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db import connection
from django.db.models import F, Func, OuterRef, Q, StringAgg, Subquery, TextField, Value
from django.db.models.functions import Coalesce
from django.utils.html import escape
from django.utils.safestring import mark_safe

from publications.richtext import plain_text

CONFIG = "english"
MAX_QUERY_LENGTH = 200
EXCERPT_WORDS = 35
# Private-use characters mark highlights, so a reader's text can never forge one.
MARK_START, MARK_STOP = "\ue000", "\ue001"


def full_text_available():
    return connection.vendor == "postgresql"


def clean_query(raw):
    """(query, notice): the reader's query made safe to search, and why it was changed, if it
    was. Control characters are dropped and very long queries are cut short."""
    text = "".join(ch for ch in raw if ch.isprintable()).strip()
    text = " ".join(text.split())
    notice = ""
    if len(text) > MAX_QUERY_LENGTH:
        text = text[:MAX_QUERY_LENGTH].rsplit(" ", 1)[0] or text[:MAX_QUERY_LENGTH]
        notice = f"Your search was long, so we used its first {len(text)} characters."
    return text, notice


def words_of(query):
    """The words a reader asked for and the ones they excluded with a leading minus."""
    wanted, excluded = [], []
    for match in re.finditer(r'(-?)"([^"]+)"|(-?)(\S+)', query):
        minus = match.group(1) or match.group(3)
        phrase = match.group(2) or match.group(4)
        phrase = phrase.strip('"').lower()
        if phrase.upper() == "OR" or not phrase.strip("-"):
            continue
        (excluded if minus else wanted).append(phrase)
    return wanted, excluded


def without_tags(field):
    return Func(
        F(field),
        Value("<[^>]+>"),
        Value(" "),
        Value("g"),
        function="regexp_replace",
        output_field=TextField(),
    )


def names_of(through_model, owner_field):
    """The names of the people linked to each row through `through_model`, space-separated."""
    return Coalesce(
        Subquery(
            through_model.objects.filter(**{owner_field: OuterRef("pk")})
            .values(owner_field)
            .annotate(names=StringAgg("person__name", Value(" ")))
            .values("names")[:1],
            output_field=TextField(),
        ),
        Value(""),
        output_field=TextField(),
    )


def weighted_vector(title, standfirst, body, names):
    """Title weighs most, then the summary, then the body and the people's names."""
    return (
        SearchVector(title, weight="A", config=CONFIG)
        + SearchVector(standfirst, weight="B", config=CONFIG)
        + SearchVector(body, weight="C", config=CONFIG)
        + SearchVector(names, weight="C", config=CONFIG)
    )


def refresh_search_vectors(queryset):
    """Recompute the stored vectors of `queryset` (a Publication or Event queryset)."""
    if full_text_available():
        queryset.update(search_vector=queryset.model.search_vector_expression())


def search_items(queryset, query, *, text_fields, name_lookup, date_field):
    """`queryset` narrowed to items matching `query`, best first, each with `.excerpt`."""
    if full_text_available():
        search_query = SearchQuery(query, search_type="websearch", config=CONFIG)
        return (
            queryset.filter(search_vector=search_query)
            .annotate(
                rank=SearchRank(F("search_vector"), search_query),
                headline=SearchHeadline(
                    Func(
                        without_tags(text_fields[0]),
                        Value(" "),
                        without_tags(text_fields[1]),
                        function="concat",
                        output_field=TextField(),
                    ),
                    search_query,
                    config=CONFIG,
                    start_sel=MARK_START,
                    stop_sel=MARK_STOP,
                    max_words=EXCERPT_WORDS,
                    min_words=15,
                ),
            )
            .order_by("-rank", f"-{date_field}")
        )
    wanted, excluded = words_of(query)
    if not wanted:
        return queryset.none()
    fields = [*text_fields, "title", name_lookup]
    for word in wanted:
        queryset = queryset.filter(_any_field_contains(fields, word))
    for word in excluded:
        queryset = queryset.exclude(_any_field_contains(fields, word))
    return queryset.distinct().order_by(f"-{date_field}")


def search_people(queryset, query):
    """People whose name, role, affiliation or biography holds every word asked for."""
    wanted, excluded = words_of(query)
    if not wanted:
        return queryset.none()
    fields = ["name", "title", "affiliation", "bio"]
    for word in wanted:
        queryset = queryset.filter(_any_field_contains(fields, word))
    for word in excluded:
        queryset = queryset.exclude(_any_field_contains(fields, word))
    return queryset.distinct().order_by("-is_expert", "sort_name")


def _any_field_contains(fields, word):
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__icontains": word})
    return condition


def excerpt(item, query, *, lead_field, body_field):
    """A short passage of the item with the query's words highlighted, safe to render."""
    headline = getattr(item, "headline", None)
    if headline is None:
        text = f"{plain_text(getattr(item, lead_field))} {plain_text(getattr(item, body_field))}"
        wanted, _excluded = words_of(query)
        headline = _window_with_marks(text, wanted)
    return _render_marks(headline)


def _window_with_marks(text, words):
    text = " ".join(text.split())
    lowered = text.lower()
    positions = [lowered.find(word) for word in words if word and word in lowered]
    start = max(min(positions, default=0) - 120, 0)
    window = text[start : start + 320]
    if start:
        window = "… " + window.split(" ", 1)[-1]
    if start + 320 < len(text):
        window = window.rsplit(" ", 1)[0] + " …"
    for word in sorted({w for w in words if w}, key=len, reverse=True):
        window = re.sub(
            re.escape(word), lambda m: f"{MARK_START}{m.group(0)}{MARK_STOP}", window, flags=re.I
        )
    return window


def _render_marks(text):
    safe = escape(html.unescape(text))
    return mark_safe(  # noqa: S308 -- everything but our own markers was escaped just above
        safe.replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>")
    )
