"""The three staff roles are groups whose permissions data migrations keep exactly in line.

Each role migration carries its own frozen table of permissions (the first is
publications/migrations/0002_staff_roles.py) and calls `sync_roles` with it, so a fresh
database is built step by step like a deployed one. To change a role, add a migration with
the new table.
"""

from django.contrib.auth.management import create_permissions

EDITORS = "Editors"
WRITERS = "Writers"
EVENT_ORGANIZERS = "Event organizers"


def codenames(app_label, model, actions):
    return [f"{action}_{model}" for action in actions]


def sync_roles(apps, roles):
    """Make each group in `roles` hold exactly the permissions listed for it."""
    # Permissions are normally created after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, apps_models in roles.items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = []
        for app_label, models in apps_models.items():
            for model, actions in models.items():
                for codename in codenames(app_label, model, actions):
                    wanted.append(
                        Permission.objects.get(content_type__app_label=app_label, codename=codename)
                    )
        group.permissions.set(wanted)
