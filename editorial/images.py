"""Pictures on the site: the smaller copies ("renditions") pages offer instead of the upload.

A camera photo is thousands of pixels wide and megabytes heavy; a phone needs a tenth of it.
When a picture is saved, copies are made at a few widths, as WebP and in the upload's own
format for browsers without WebP, and listed on the item (a JSON field), so a page can offer
them all in `srcset` without asking the storage anything.

Every copy lives under `renditions/<the upload's stored name>/`, a folder no upload can be
stored in, so the media view can tell from the address alone which upload a copy was made
from and serve it exactly when it would serve that upload.

Publications own the idea; people's photos go through the same code.
"""

import logging
from io import BytesIO
from math import ceil

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models.signals import post_delete
from PIL import ExifTags, Image, ImageOps

logger = logging.getLogger(__name__)

#: Widths offered to browsers. None is made as wide as the upload or wider: an upload
#: narrower than the widest gets one more copy at its own width.
WIDTHS = (400, 800, 1200, 1600)
#: The width of the `src` every browser without `srcset` support gets.
DEFAULT_WIDTH = 800
RENDITIONS_DIR = "renditions/"

#: Tuned on detailed photos: a 1,200-pixel WebP stays near 100 KB, the JPEG beside it a bit
#: more; below these, noise and fine texture start to smear.
ENCODERS = {
    "WEBP": {"quality": 70, "method": 5},
    "JPEG": {"quality": 78, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
}
SUFFIXES = {"WEBP": "webp", "JPEG": "jpg", "PNG": "png"}
CONTENT_TYPES = {"WEBP": "image/webp", "JPEG": "image/jpeg", "PNG": "image/png"}


def renditions_folder(source_name):
    return f"{RENDITIONS_DIR}{source_name}/"


def source_of_rendition(path):
    """The stored name of the upload the rendition at `path` was made from, or None when
    `path` is not in a renditions folder."""
    if not path.startswith(RENDITIONS_DIR):
        return None
    source, _slash, file_name = path[len(RENDITIONS_DIR) :].rpartition("/")
    return source if source and file_name else None


def renditions_of(field_file):
    """The renditions listed beside `field_file` on its item, in `<field>_renditions`."""
    return getattr(field_file.instance, f"{field_file.field.name}_renditions", None) or []


def preview_url(field_file, width=DEFAULT_WIDTH):
    """The address of the widest WebP copy at most `width` wide (or the narrowest), else of
    the upload itself: for the admin's previews."""
    webp = [r for r in renditions_of(field_file) if r["type"] == CONTENT_TYPES["WEBP"]]
    fitting = [r for r in webp if r["width"] <= width] or webp[:1]
    return field_file.storage.url(fitting[-1]["name"]) if fitting else field_file.url


def widths_for(original_width):
    widths = [width for width in WIDTHS if width < original_width]
    if original_width <= WIDTHS[-1]:
        widths.append(original_width)
    return widths


def make_renditions(field_file):
    """Store the copies of the picture in `field_file` and return what was stored: a list of
    {"name", "width", "height", "type"}, narrowest first, WebP before the fallback format.

    A source that cannot be read gives no copies (pages then show the upload itself).
    """
    storage = field_file.storage
    folder = renditions_folder(field_file.name)
    try:
        pictures = _resized(field_file)
    except OSError:
        logger.warning("No renditions for %s: the picture cannot be read.", field_file.name)
        return []
    made = []
    for picture, image_format in pictures:
        for output_format in dict.fromkeys(("WEBP", image_format)):
            name = f"{folder}{picture.width}w.{SUFFIXES[output_format]}"
            # A copy left behind under the same name is replaced, never kept beside.
            storage.delete(name)
            stored = storage.save(name, ContentFile(_encoded(picture, output_format)))
            made.append(
                {
                    "name": stored,
                    "width": picture.width,
                    "height": picture.height,
                    "type": CONTENT_TYPES[output_format],
                }
            )
    return made


def _resized(field_file):
    """The picture at each width in `widths_for`, widest made from the source and the rest
    from the widest, with the format to fall back to."""
    field_file.open("rb")
    try:
        with Image.open(field_file) as source:
            image_format = "JPEG" if source.format in {"JPEG", "MPO"} else source.format
            if image_format not in SUFFIXES:
                raise OSError(f"Unexpected picture format {source.format}")
            # Uploads are stored upright, but a file from before that rule may still say
            # it is to be turned.
            turned = source.getexif().get(ExifTags.Base.Orientation, 1) in {5, 6, 7, 8}
            upright_width = source.height if turned else source.width
            widths = widths_for(upright_width)
            # A JPEG decoder can decode at a half, quarter or eighth of the size for less.
            scale = widths[-1] / upright_width
            source.draft(None, (ceil(source.width * scale), ceil(source.height * scale)))
            picture = ImageOps.exif_transpose(source)
            has_alpha = picture.mode in {"RGBA", "LA", "PA"} or "transparency" in picture.info
            picture = picture.convert("RGBA" if has_alpha else "RGB")
    finally:
        field_file.close()
    copies = []
    base = picture
    for width in reversed(widths):
        height = max(1, round(picture.height * width / picture.width))
        if (width, height) != base.size:
            base = base.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        copies.append((base, image_format))
    return list(reversed(copies))


def _encoded(picture, image_format):
    if image_format == "JPEG" and picture.mode == "RGBA":
        picture = picture.convert("RGB")
    output = BytesIO()
    picture.save(output, image_format, **ENCODERS[image_format])
    return output.getvalue()


def delete_renditions(storage, renditions):
    for rendition in renditions:
        storage.delete(rendition["name"])


def _delete_after_commit(storage, renditions):
    if renditions:
        # Until the new names are committed, the old copies are still what pages point at.
        transaction.on_commit(lambda: delete_renditions(storage, renditions))


def refresh_renditions(instance, source_field, renditions_field):
    """Keep `renditions_field` the copies of the picture in `source_field`; call before saving.

    Copies are remade when the picture is new or replaced, or when they are missing; the
    copies of a replaced or removed picture are deleted once the change is committed.
    """
    source = getattr(instance, source_field)
    current = getattr(instance, renditions_field) or []
    if not source:
        setattr(instance, renditions_field, [])
        _delete_after_commit(instance._meta.get_field(source_field).storage, current)
        return
    if not source._committed:
        # Store the upload first, so the copies are filed under the upload's final name; the
        # field's own pre_save does it, so whatever it does on the way in (stripping
        # metadata) happens before the copies are made.
        instance._meta.get_field(source_field).pre_save(instance, instance._state.adding)
        source = getattr(instance, source_field)
    if not renditions_current(source.name, current):
        setattr(instance, renditions_field, replace_renditions(source, current))


def renditions_current(source_name, renditions):
    """Whether `renditions` were made from the upload stored as `source_name`: their folder
    is named after it, and a replaced upload is stored under a new name."""
    folder = renditions_folder(source_name)
    return bool(renditions) and all(r["name"].startswith(folder) for r in renditions)


def replace_renditions(field_file, old):
    """Make the renditions of `field_file` and return them; those of `old` not made again are
    deleted once the change is committed."""
    fresh = make_renditions(field_file)
    kept = {rendition["name"] for rendition in fresh}
    _delete_after_commit(field_file.storage, [r for r in old if r["name"] not in kept])
    return fresh


def delete_renditions_with(model, source_field, renditions_field):
    """Delete an item's renditions once its deletion is committed."""
    storage = model._meta.get_field(source_field).storage

    def forget(sender, instance, **kwargs):
        _delete_after_commit(storage, getattr(instance, renditions_field, None) or [])

    post_delete.connect(forget, sender=model, weak=False)
