from django.db import migrations

KINDS = [
    ("Forum", "Forums", "forum"),
    ("Panel discussion", "Panel discussions", "panel-discussion"),
    ("Webinar", "Webinars", "webinar"),
    ("Conference", "Conferences", "conference"),
    ("Book launch", "Book launches", "book-launch"),
]


def add_kinds(apps, schema_editor):
    EventKind = apps.get_model("events", "EventKind")
    for order, (name, plural_name, slug) in enumerate(KINDS, start=1):
        EventKind.objects.get_or_create(
            slug=slug, defaults={"name": name, "plural_name": plural_name, "display_order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("events", "0002_initial")]

    operations = [migrations.RunPython(add_kinds, migrations.RunPython.noop)]
