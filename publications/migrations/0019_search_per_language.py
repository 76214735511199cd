"""PostgreSQL only: publications and events are searched in the configuration of their language.

Until now every item's words were parsed as English (`english_unaccent`). An edition in
Russian is now parsed with `russian` (stemmed), one in Ukrainian or any other language with
`simple` (lower-cased, words as written): editorial.search.CONFIGS. The stored vectors of
the items not in English are rebuilt, and the generated `search_lead` columns (0013) are
rebuilt with a CASE on the row's language, so they still begin exactly as `search_vector`.
People keep English: they have no language.
"""

from django.db import migrations

from editorial.search import (
    CONFIG,
    config_of_row,
    config_of_row_sql,
    names_of,
    weighted_vector,
    without_tags,
)

ENGLISH = f"'{CONFIG}'::regconfig"


def vector(config, sql, weight):
    return f"setweight(to_tsvector({config}, COALESCE({sql}, '')), '{weight}')"


def lead_columns(config):
    """(table, expression of its `search_lead`, its index) for both tables."""
    description = "regexp_replace(description, '<[^>]+>', ' ', 'g')"
    return [
        (
            "publications_publication",
            f"{vector(config, 'title', 'A')} || {vector(config, 'summary', 'B')}",
            "publication_search_lead_gin",
        ),
        (
            "events_event",
            f"{vector(config, 'title', 'A')} || {vector(config, description, 'B')}",
            "event_search_lead_gin",
        ),
    ]


def replace_lead_columns(schema_editor, config):
    for table, expression, index in lead_columns(config):
        # The index goes with its column.
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN search_lead")
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN search_lead tsvector "
            f"GENERATED ALWAYS AS ({expression}) STORED"
        )
        schema_editor.execute(
            f"CREATE INDEX {index} ON {table} USING gin (search_lead) WITH (fastupdate = off)"
        )


def rebuild_vectors(apps, config):
    """The stored vectors of the items not in English; English ones are parsed as before."""
    Publication = apps.get_model("publications", "Publication")
    Authorship = apps.get_model("publications", "Authorship")
    Event = apps.get_model("events", "Event")
    EventSpeaker = apps.get_model("events", "EventSpeaker")
    Publication.objects.exclude(language="en").update(
        search_vector=weighted_vector(
            "title",
            "summary",
            without_tags("body"),
            names_of(Authorship, "publication"),
            config=config,
        )
    )
    Event.objects.exclude(language="en").update(
        search_vector=weighted_vector(
            "title",
            without_tags("description"),
            without_tags("summary"),
            names_of(EventSpeaker, "event"),
            config=config,
        )
    )


def per_language(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        replace_lead_columns(schema_editor, config_of_row_sql())
        rebuild_vectors(apps, config_of_row())


def english_only(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        replace_lead_columns(schema_editor, ENGLISH)
        rebuild_vectors(apps, CONFIG)


class Migration(migrations.Migration):
    dependencies = [
        ("publications", "0017_editions"),
        ("publications", "0018_listing_index_by_language"),
        ("events", "0011_editions"),
    ]

    operations = [migrations.RunPython(per_language, english_only)]
