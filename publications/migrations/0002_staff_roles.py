from django.db import migrations

from editorial.roles import sync_roles

# Frozen here, as roles stood when this migration was written.
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
            "topic": ALL,
            "region": ALL,
        },
        "people": {"person": ALL},
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
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("publications", "0001_initial"),
        ("people", "0002_initial"),
        ("events", "0002_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
