"""SQLite only: FTS5 tables for search, filled from the rows already there.

PostgreSQL searches its stored vectors (0004 here, 0005 in events) and skips this.
"""

from django.db import migrations

from editorial import search_index

SEARCHED = [("publications", "Publication"), ("events", "Event"), ("people", "Person")]


def create_and_fill(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    search_index.create_tables(schema_editor.connection)
    for app_label, model_name in SEARCHED:
        model = apps.get_model(app_label, model_name)
        search_index.rewrite_rows(model._base_manager.using(schema_editor.connection.alias))


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        search_index.drop_tables(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("publications", "0008_staff_roles_publish_people_and_topics"),
        ("events", "0007_single_line_fields"),
        ("people", "0004_publish_person_single_line_fields"),
    ]

    operations = [migrations.RunPython(create_and_fill, drop)]
