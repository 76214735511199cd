"""Pictures on the site: what an upload must be, and the small copies listings show.

Publications own the idea; people's photos go through the same code.
"""

from io import BytesIO
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from PIL import Image, ImageOps

CARD_WIDTH = 720
CARD_QUALITY = 78


def rendition(field_file, width):
    """A WebP copy of the image in `field_file`, at most `width` pixels wide."""
    field_file.open("rb")
    try:
        with Image.open(field_file) as source:
            picture = ImageOps.exif_transpose(source)
            picture = picture.convert("RGBA" if picture.mode in {"RGBA", "LA", "P"} else "RGB")
            if picture.width > width:
                height = round(picture.height * width / picture.width)
                picture = picture.resize((width, height), Image.Resampling.LANCZOS)
            output = BytesIO()
            picture.save(output, "WEBP", quality=CARD_QUALITY, method=4)
    finally:
        field_file.close()
    stem = PurePosixPath(field_file.name).stem
    return ContentFile(output.getvalue(), name=f"{stem}-{width}w.webp")


def refresh_rendition(instance, source_field, rendition_field, width=CARD_WIDTH):
    """Keep `rendition_field` a small copy of `source_field`; call before saving."""
    source = getattr(instance, source_field)
    current = getattr(instance, rendition_field)
    if not source:
        if current:
            setattr(instance, rendition_field, None)
        return
    if not source._committed:
        # Store the upload first, so the copy is named after the file's final name; the
        # field's own pre_save does it, so whatever it does on the way in (stripping
        # metadata) happens before the copy is made.
        instance._meta.get_field(source_field).pre_save(instance, instance._state.adding)
        source = getattr(instance, source_field)
    # The model records the source's name as loaded (see Publication.from_db); comparing
    # names the storage may have shortened would remake the copy on every save.
    loaded_name = getattr(instance, f"_loaded_{source_field}", None)
    if current and source.name == loaded_name:
        return
    copy = rendition(source, width)
    current.save(copy.name, copy, save=False)
    setattr(instance, f"_loaded_{source_field}", source.name)
