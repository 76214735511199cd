from django.db import migrations

from editorial.roles import sync_roles

# Frozen here, as roles stood when this migration was written. New since 0002: only Editors
# make people and topics public or change public ones, and Editors control the site settings.
ALL = ("add", "change", "delete", "view")
EDIT = ("add", "change", "view")
VIEW = ("view",)

ROLES = {
    "Editors": {
        "publications": {
            "publication": (*ALL, "publish"),
            "authorship": ALL,
            "relatedpublication": ALL,
            "publicationtype": ALL,
            "topic": (*ALL, "publish"),
            "region": ALL,
            "sitesettings": ("change", "view"),
        },
        "people": {"person": (*ALL, "publish")},
        "events": {"event": (*ALL, "publish"), "eventspeaker": ALL, "eventkind": ALL},
    },
    "Writers": {
        "publications": {
            "publication": EDIT,
            "authorship": ALL,
            "relatedpublication": ALL,
            "publicationtype": VIEW,
            "topic": EDIT,
            "region": VIEW,
        },
        "people": {"person": EDIT},
        "events": {"event": VIEW},
    },
    "Event organizers": {
        "publications": {
            "publication": VIEW,
            "publicationtype": VIEW,
            "topic": VIEW,
            "region": VIEW,
        },
        "people": {"person": VIEW},
        "events": {"event": EDIT, "eventspeaker": ALL, "eventkind": VIEW},
    },
}


def forwards(apps, schema_editor):
    sync_roles(apps, ROLES)


class Migration(migrations.Migration):
    dependencies = [
        ("publications", "0007_source_note_single_line_fields_site_settings"),
        ("people", "0004_publish_person_single_line_fields"),
        ("events", "0007_single_line_fields"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
