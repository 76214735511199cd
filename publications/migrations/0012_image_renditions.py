from django.db import migrations, models

from editorial.images import make_renditions


def make_renditions_for_heroes(apps, schema_editor):
    """Heroes stored before renditions existed get theirs now (skipped if the file is gone);
    the single card copy they replace is deleted."""
    Publication = apps.get_model("publications", "Publication")
    for publication in Publication.objects.exclude(image="").iterator():
        publication.image_renditions = make_renditions(publication.image)
        publication.save(update_fields=["image_renditions"])
        if publication.image_card:
            publication.image_card.storage.delete(publication.image_card.name)


class Migration(migrations.Migration):
    dependencies = [
        ("publications", "0011_kinds_share_their_fields"),
    ]

    operations = [
        migrations.AddField(
            model_name="publication",
            name="image_renditions",
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.RunPython(make_renditions_for_heroes, migrations.RunPython.noop, elidable=True),
        migrations.RemoveField(model_name="historicalpublication", name="image_card"),
        migrations.RemoveField(model_name="historicalpublication", name="image_card_height"),
        migrations.RemoveField(model_name="historicalpublication", name="image_card_width"),
        migrations.RemoveField(model_name="publication", name="image_card"),
        migrations.RemoveField(model_name="publication", name="image_card_height"),
        migrations.RemoveField(model_name="publication", name="image_card_width"),
        migrations.AddIndex(
            model_name="publication",
            index=models.Index(fields=["image"], name="publication_image_name_idx"),
        ),
        migrations.AddIndex(
            model_name="publication",
            index=models.Index(fields=["pdf"], name="publication_pdf_name_idx"),
        ),
    ]
