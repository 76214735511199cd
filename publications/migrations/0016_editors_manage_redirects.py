from django.contrib.auth.management import create_permissions
from django.db import migrations

# Frozen here: Editors manage redirects (old addresses answering 301). Writers and event
# organizers get none; a slug change makes its own redirect whoever saves it.
EDITORS = "Editors"
REDIRECT_PERMISSIONS = ["view_redirect", "add_redirect", "change_redirect", "delete_redirect"]


def redirect_permissions(apps):
    # Permissions are normally created after all migrations; the group needs them now.
    app_config = apps.get_app_config("editorial")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(
        content_type__app_label="editorial", codename__in=REDIRECT_PERMISSIONS
    )


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.get_or_create(name=EDITORS)
    group.permissions.add(*redirect_permissions(apps))


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name=EDITORS):
        group.permissions.remove(*redirect_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("publications", "0015_submitted_by_and_at"),
        ("editorial", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
