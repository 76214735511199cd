"""PostgreSQL only: what search reads to order and count matches without reading them all.

- `search_lead` on publications and events: the title (weight A) and the summary, or an
  event's description (weight B), as a tsvector. Search puts title matches first, then
  summary matches, then the rest (editorial/search_results.py); this small vector answers
  "where are the words?" without reading `search_vector`, which is several kilobytes and kept
  out of line. It is built exactly as `search_vector` begins, so words found in it are
  found in `search_vector` at the same positions.
- `search_document` on people: name (A), role and affiliation (B), biography (C), which
  search used to build for every person on every query.

They are generated columns: PostgreSQL keeps them current on every write, bulk or not, with
nothing for the models or signals to do, so the models do not declare them (Django never
writes them). Each has a GIN index; fastupdate is off on every search index, so a search
never scans a pending list of recent writes (the archive changes a few times an hour).
"""

from django.db import migrations

CONFIG = "'english_unaccent'::regconfig"


def vector(sql, weight):
    return f"setweight(to_tsvector({CONFIG}, COALESCE({sql}, '')), '{weight}')"


def without_tags(column):
    return f"regexp_replace({column}, '<[^>]+>', ' ', 'g')"


ROLE = "COALESCE(title, '') || ' ' || COALESCE(affiliation, '')"


COLUMNS = [
    (
        "publications_publication",
        "search_lead",
        f"{vector('title', 'A')} || {vector('summary', 'B')}",
        "publication_search_lead_gin",
    ),
    (
        "events_event",
        "search_lead",
        f"{vector('title', 'A')} || {vector(without_tags('description'), 'B')}",
        "event_search_lead_gin",
    ),
    (
        "people_person",
        "search_document",
        f"{vector('name', 'A')}"
        f" || {vector(ROLE, 'B')}"
        f" || {vector(without_tags('bio'), 'C')}",
        "person_search_document_gin",
    ),
]
EXISTING_INDEXES = ["publication_search_vector_gin", "event_search_vector_gin"]


def add_columns(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column, expression, index in COLUMNS:
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN {column} tsvector "
            f"GENERATED ALWAYS AS ({expression}) STORED"
        )
        schema_editor.execute(
            f"CREATE INDEX {index} ON {table} USING gin ({column}) WITH (fastupdate = off)"
        )
    for index in EXISTING_INDEXES:
        schema_editor.execute(f"ALTER INDEX {index} SET (fastupdate = off)")


def drop_columns(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in EXISTING_INDEXES:
        schema_editor.execute(f"ALTER INDEX {index} RESET (fastupdate)")
    for table, column, _expression, _index in COLUMNS:
        # The index goes with its column.
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN {column}")


class Migration(migrations.Migration):
    dependencies = [
        ("publications", "0012_image_renditions"),
        ("events", "0008_kinds_share_their_fields"),
        ("people", "0004_publish_person_single_line_fields"),
    ]

    operations = [migrations.RunPython(add_columns, drop_columns)]
