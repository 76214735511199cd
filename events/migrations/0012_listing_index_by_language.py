"""What readers of one language may see of events, read from an index that leads with it."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0011_editions"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="event",
            name="events_even_status_6cccc7_idx",
        ),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(
                fields=["language", "status", "publish_at"], name="event_listing_idx"
            ),
        ),
    ]
