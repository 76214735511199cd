"""Search across publications, experts and events.

On PostgreSQL: full-text search over a stored, weighted search vector (title over summary
over body and people's names), and generated columns of the title and summary words and of
people's words (migration 0013). Each item's words are parsed in the configuration of its
own language (CONFIGS below: English stemmed with accents folded, Russian stemmed, any
other language folded to lower case and matched word for word), and a reader's words in
that of the page's language; a page searches only the items of its language. People have
no language: their words are English's. On SQLite (the demo): FTS5 tables of plain text
with Porter stemming of ASCII words, case folded in every script and accents in Latin
(editorial/search_index.py). Both understand "a phrase" and -word, put title matches first
and highlight excerpts; neither ever looks at markup. Either way only published items are
ever searched. How matches are counted, ordered and fetched a page at a time is
editorial/search_results.py.
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
from django.db.models import (
    Case,
    F,
    Func,
    OuterRef,
    StringAgg,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Left
from django.db.models.signals import post_delete, post_save
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import ngettext

from editorial import search_index
from editorial.languages import current_language
from editorial.search_results import Found, GeneratedColumn, RankedMatches, TieredMatches

#: The configuration of the main language's words, and of people's (who have no language).
CONFIG = "english_unaccent"
#: The PostgreSQL text search configuration for each language's words. Russian is stemmed
#: ("эмигранты" finds "эмигрантов"); PostgreSQL has no Ukrainian stemmer, so Ukrainian, like
#: any language not named here, is `simple`: lower-cased, every word found as written.
#: Changing a configuration needs a migration rebuilding the stored vectors and the
#: generated `search_lead` columns, as publications 0019 does.
CONFIGS = {"en": CONFIG, "ru": "russian"}
OTHER_LANGUAGES_CONFIG = "simple"
MAX_QUERY_LENGTH = 200
# Beyond this many words a search gets no better, only slower to run.
MAX_QUERY_WORDS = 32
EXCERPT_WORDS = 35
# ts_headline parses all the text it is given, a few microseconds a word: a report of 20,000
# words would cost milliseconds a result. Excerpts come from the first ~1,000 words.
EXCERPT_SOURCE_LENGTH = 6000
# Private-use characters mark highlights, so a reader's text can never forge one.
MARK_START, MARK_STOP = "\ue000", "\ue001"
# Between the two passages (lead, body) SQLite offers for an excerpt.
PASSAGE_BREAK = "\ue002"


def full_text_available():
    return connection.vendor == "postgresql"


def clean_query(raw):
    """(query, notice): the reader's query made safe to search, and why it was changed, if it
    was. Control characters are dropped and very long queries are cut short."""
    text = "".join(ch for ch in raw if ch.isprintable()).strip()
    words = text.split()
    text = " ".join(words[:MAX_QUERY_WORDS])
    if len(text) > MAX_QUERY_LENGTH:
        text = text[:MAX_QUERY_LENGTH].rsplit(" ", 1)[0] or text[:MAX_QUERY_LENGTH]
    used = text.split()
    if used == words:
        return text, ""
    if used == words[: len(used)]:
        notice = ngettext(
            "Your search was long, so we used its first %(count)d word.",
            "Your search was long, so we used its first %(count)d words.",
            len(used),
        )
        return text, notice % {"count": len(used)}
    notice = ngettext(
        "Your search was long, so we used its first %(count)d character.",
        "Your search was long, so we used its first %(count)d characters.",
        len(text),
    )
    return text, notice % {"count": len(text)}


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


def config_for(language):
    """The configuration a text in `language` is searched with."""
    return CONFIGS.get(language, OTHER_LANGUAGES_CONFIG)


def config_of_row(field="language"):
    """Each row's configuration, by the language in its `field`."""
    return Case(
        *(When(**{field: code}, then=Value(config)) for code, config in CONFIGS.items()),
        default=Value(OTHER_LANGUAGES_CONFIG),
        output_field=TextField(),
    )


def config_of_row_sql(column="language"):
    """config_of_row() as SQL for a generated column: constant configurations only, so the
    expression is immutable."""
    branches = " ".join(
        f"WHEN '{code}' THEN '{config}'::regconfig" for code, config in CONFIGS.items()
    )
    return f"CASE {column} {branches} ELSE '{OTHER_LANGUAGES_CONFIG}'::regconfig END"


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


def weighted_vector(title, standfirst, body, names, config=None):
    """Title weighs most, then the summary, then the body and the people's names. Without a
    `config`, each row's words are parsed in the configuration of its `language`."""
    if config is None:
        config = config_of_row()
    return (
        SearchVector(title, weight="A", config=config)
        + SearchVector(standfirst, weight="B", config=config)
        + SearchVector(body, weight="C", config=config)
        + SearchVector(names, weight="C", config=config)
    )


def refresh_search_vectors(queryset):
    """Bring what search knows of the items in `queryset` up to date: the stored vector on
    PostgreSQL (publications and events), the FTS5 rows on SQLite (people too)."""
    if full_text_available():
        if hasattr(queryset.model, "search_vector_expression"):
            queryset.update(search_vector=queryset.model.search_vector_expression())
    elif connection.vendor == "sqlite":
        search_index.rewrite_rows(queryset)


def forget_in_search(model, pk):
    """A deleted item leaves the SQLite index (PostgreSQL's vector went with its row)."""
    if not full_text_available():
        search_index.remove_rows(model, [pk])


def keep_search_current(model, *, links=(), people=None):
    """Register the signal receivers that keep search current for `model`: a saved item is
    reindexed and a deleted one leaves the index. `links` are (through model, the attribute
    naming the item) pairs, e.g. a byline, whose rows change what the item is found by;
    `people` is the lookup from the item to a person named on it, so a renamed person is
    found under the new name."""
    label = model._meta.label_lower

    def saved(sender, instance, raw=False, **kwargs):
        if not raw:
            refresh_search_vectors(model.objects.filter(pk=instance.pk))

    def deleted(sender, instance, **kwargs):
        forget_in_search(model, instance.pk)

    post_save.connect(saved, sender=model, weak=False, dispatch_uid=f"{label}:saved")
    post_delete.connect(deleted, sender=model, weak=False, dispatch_uid=f"{label}:deleted")
    for through, item_attname in links:

        def link_changed(sender, instance, raw=False, _attname=item_attname, **kwargs):
            if not raw:
                refresh_search_vectors(model.objects.filter(pk=getattr(instance, _attname)))

        uid = f"{label}:{through._meta.label_lower}"
        post_save.connect(link_changed, sender=through, weak=False, dispatch_uid=uid)
        post_delete.connect(link_changed, sender=through, weak=False, dispatch_uid=uid)
    if people:

        def person_saved(sender, instance, raw=False, **kwargs):
            if not raw:
                refresh_search_vectors(model.objects.filter(**{people: instance}))

        uid = f"{label}:people"
        post_save.connect(person_saved, sender="people.Person", weak=False, dispatch_uid=uid)


def search_items(candidates, query, *, text_fields, date_field, shown, language=None):
    """The items of `candidates` in `language` (the page's, unless given) matching `query`,
    best first (editorial/search_results.py), fetched from `shown` a page at a time, each
    with a `.headline` for `excerpt`. The query's words are parsed as that language's."""
    model = candidates.model
    language = language or current_language()
    candidates = candidates.filter(language=language)
    if not full_text_available():
        match = search_index.match_expression(*words_of(query))
        if not match:
            return RankedMatches(candidates.none())
        order = ("search_rank", f"-{date_field}", "-pk")
        return RankedMatches(
            search_index.matching(candidates, match).order_by(*order),
            shown=shown,
            order=order,
            annotations={"search_rank": search_index.rank(model, match)},
            excerpt=search_index.passages(
                model, match, MARK_START, MARK_STOP, PASSAGE_BREAK, EXCERPT_WORDS
            ),
        )
    config = config_for(language)
    search_query = SearchQuery(query, search_type="websearch", config=config)
    lead, rest = (without_tags(name) for name in text_fields)
    return TieredMatches(
        candidates,
        search_query,
        date_field=date_field,
        shown=shown,
        excerpt=SearchHeadline(
            Left(
                Func(lead, Value(" "), rest, function="concat", output_field=TextField()),
                EXCERPT_SOURCE_LENGTH,
            ),
            search_query,
            config=config,
            start_sel=MARK_START,
            stop_sel=MARK_STOP,
            max_words=EXCERPT_WORDS,
            min_words=15,
        ),
        # websearch_to_tsquery reads a leading minus as "without"; any minus may be one.
        excludes="-" in query,
    )


def search_people(people, query):
    """People whose name, role, affiliation or biography holds every word asked for, the
    name counting most; stemmed and with accents folded, as for items."""
    if not full_text_available():
        match = search_index.match_expression(*words_of(query))
        if not match:
            return RankedMatches(people.none())
        return RankedMatches(
            search_index.matching(people, match).order_by("search_rank", "sort_name", "pk")
        )
    # Name (A), role and affiliation (B), biography (C): migration publications 0013.
    document = GeneratedColumn("search_document")
    search_query = SearchQuery(query, search_type="websearch", config=CONFIG)
    return RankedMatches(
        people.filter(Found(document, search_query))
        .annotate(rank=SearchRank(document, search_query))
        .order_by("-rank", "sort_name", "pk")
    )


def excerpt(item):
    """The item's passage with the query's words highlighted, safe to render; "" for people."""
    headline = getattr(item, "headline", None) or ""
    if PASSAGE_BREAK in headline:
        # SQLite's two passages: the one with a highlight, else the first with any text.
        passages = headline.split(PASSAGE_BREAK)
        headline = next((p for p in passages if MARK_START in p), None) or next(
            (p for p in passages if p.strip()), ""
        )
    return _render_marks(headline)


def _render_marks(text):
    safe = escape(html.unescape(text))
    return mark_safe(  # noqa: S308 -- everything but our own markers was escaped just above
        safe.replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>")
    )
