"""The archive's listing index leads with the language: each language's pages, positions deep
in them and their counts stay index-only however large the archive grows."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("publications", "0017_editions"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="publication",
            name="publication_listing_idx",
        ),
        migrations.AddIndex(
            model_name="publication",
            index=models.Index(
                fields=["language", "status", "publish_at", "id", "type"],
                name="publication_listing_idx",
            ),
        ),
    ]
