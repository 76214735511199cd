"""The three staff roles, as groups with exactly these permissions.

Data migrations call `sync_roles`, so every deploy brings the groups in line with this file.
When a role changes here, add a migration that calls it again.
"""

from django.contrib.auth.management import create_permissions

ALL = ("add", "change", "delete", "view")
EDIT = ("add", "change", "view")
VIEW = ("view",)

EDITORS = "Editors"
WRITERS = "Writers"
EVENT_ORGANIZERS = "Event organizers"

ROLES = {
    EDITORS: {
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
    WRITERS: {
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
    EVENT_ORGANIZERS: {
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


def codenames(app_label, model, actions):
    return [f"{action}_{model}" for action in actions]


def sync_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, apps_models in ROLES.items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = []
        for app_label, models in apps_models.items():
            for model, actions in models.items():
                for codename in codenames(app_label, model, actions):
                    wanted.append(
                        Permission.objects.get(content_type__app_label=app_label, codename=codename)
                    )
        group.permissions.set(wanted)
