"""Make the renditions (editorial/images.py) that hero images and people's photos lack.

Pictures saved through the models get theirs on save; this is for files stored before
renditions existed, restored from a backup, or whose copies were lost. With --all every
picture's copies are made again (after a change of widths or quality).
"""

from django.core.management.base import BaseCommand

from editorial.images import renditions_current, replace_renditions
from people.models import Person
from publications.models import Publication

#: Each model with a picture: (the picture's field, the field listing its renditions).
PICTURES = ((Publication, "image", "image_renditions"), (Person, "photo", "photo_renditions"))


class Command(BaseCommand):
    help = "Make the smaller copies of hero images and photos that are missing."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Make every picture's copies again.")

    def handle(self, *args, **options):
        for model, source_field, renditions_field in PICTURES:
            made = missing = 0
            items = model.objects.exclude(**{source_field: ""}).only(
                "pk", source_field, renditions_field
            )
            for item in items.iterator(chunk_size=200):
                source = getattr(item, source_field)
                old = getattr(item, renditions_field)
                if not options["all"] and renditions_current(source.name, old):
                    continue
                fresh = replace_renditions(source, old)
                # An update, not save(): a derived copy is no new revision of the item.
                model.objects.filter(pk=item.pk).update(**{renditions_field: fresh})
                if fresh:
                    made += 1
                else:
                    missing += 1
            label = model._meta.verbose_name_plural
            self.stdout.write(f"{label}: renditions made for {made}")
            if missing:
                self.stderr.write(f"{label}: {missing} pictures could not be read; see the log")
