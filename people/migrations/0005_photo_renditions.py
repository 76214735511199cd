from django.db import migrations, models

from editorial.images import make_renditions


def make_missing_renditions(apps, schema_editor):
    """Photos stored before renditions existed get theirs now (skipped if the file is gone)."""
    Person = apps.get_model("people", "Person")
    for person in Person.objects.exclude(photo="").filter(photo_renditions=[]).iterator():
        person.photo_renditions = make_renditions(person.photo)
        person.save(update_fields=["photo_renditions"])


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0004_publish_person_single_line_fields"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="photo_renditions",
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["photo"], name="person_photo_name_idx"),
        ),
        migrations.RunPython(make_missing_renditions, migrations.RunPython.noop, elidable=True),
    ]
