"""PostgreSQL only: search folds accents, so "emigres" finds "emigrés".

`english_unaccent` is the English configuration with the unaccent dictionary before the
English stemmer for words with letters outside ASCII. The stored vectors are rebuilt with it.
"""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

from editorial.search import names_of, weighted_vector, without_tags

CREATE_CONFIGURATION = """
CREATE TEXT SEARCH CONFIGURATION english_unaccent (COPY = english);
ALTER TEXT SEARCH CONFIGURATION english_unaccent
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
"""
DROP_CONFIGURATION = "DROP TEXT SEARCH CONFIGURATION IF EXISTS english_unaccent;"


def configure(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_CONFIGURATION)
        rebuild_vectors(apps, "english_unaccent")


def unconfigure(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        rebuild_vectors(apps, "english")
        schema_editor.execute(DROP_CONFIGURATION)


def rebuild_vectors(apps, config):
    Publication = apps.get_model("publications", "Publication")
    Authorship = apps.get_model("publications", "Authorship")
    Event = apps.get_model("events", "Event")
    EventSpeaker = apps.get_model("events", "EventSpeaker")
    Publication.objects.update(
        search_vector=weighted_vector(
            "title",
            "summary",
            without_tags("body"),
            names_of(Authorship, "publication"),
            config=config,
        )
    )
    Event.objects.update(
        search_vector=weighted_vector(
            "title",
            without_tags("description"),
            without_tags("summary"),
            names_of(EventSpeaker, "event"),
            config=config,
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("publications", "0009_search_index_sqlite"),
        ("events", "0007_single_line_fields"),
    ]

    operations = [
        # Does nothing on other databases (Django checks the vendor itself).
        UnaccentExtension(),
        migrations.RunPython(configure, unconfigure),
    ]
