"""What an uploaded picture or PDF must be before the site stores it.

Staff upload files they were sent by others: a "photo" may be an SVG or an HTML page in
disguise, a decompression bomb, or a phone picture that still says where it was taken. Every
check reads the bytes; the file's name decides nothing.
"""

from io import BytesIO
from pathlib import PurePosixPath

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.text import capfirst
from PIL import Image, ImageOps

from editorial.pdfs import check_pdf

MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
MAX_PDF_BYTES = 50 * 1024 * 1024
IMAGE_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}

SAVE_OPTIONS = {"JPEG": {"quality": 90}, "PNG": {"optimize": True}, "WEBP": {"quality": 90}}


def _is_stored(file):
    # A stored file was checked when it came in; re-reading it would fetch it from storage
    # on every save for nothing.
    return getattr(file, "_committed", False)


def _too_large(kind, size, limit):
    return ValidationError(
        f"This {kind} is {filesizeformat(size)}; the largest we accept is "
        f"{filesizeformat(limit)}. Make it smaller and upload it again.",
        code="too_large",
    )


IMAGE_PROBLEMS = {
    "format": (
        "This file is not a JPEG, PNG or WebP picture. Other kinds of file (SVG, GIF, HEIC, "
        "web pages, documents) are not accepted: export the picture as JPEG, PNG or WebP and "
        "upload that."
    ),
    "too_many_pixels": (
        f"This picture has too many pixels: the most we accept is "
        f"{MAX_IMAGE_PIXELS // 1_000_000} megapixels. Resize it and upload it again."
    ),
    "damaged": (
        "This picture is incomplete or damaged and cannot be read. Export it again and "
        "upload the new file."
    ),
}


def validate_image_upload(file):
    """Refuse anything but a whole JPEG, PNG or WebP picture of a reasonable size."""
    if not file or _is_stored(file):
        return
    if file.size > MAX_IMAGE_BYTES:
        raise _too_large("picture", file.size, MAX_IMAGE_BYTES)
    if problem := _picture_problem(file):
        raise ValidationError(IMAGE_PROBLEMS[problem], code=f"image_{problem}")


def _picture_problem(file):
    file.seek(0)
    try:
        with Image.open(file, formats=list(IMAGE_FORMATS)) as picture:
            width, height = picture.size
            # Only the header has been read: a decompression bomb is refused before decoding.
            if width * height > MAX_IMAGE_PIXELS:
                return "too_many_pixels"
            picture.load()
    # Pillow's own limit is above ours, so its bomb error (and its warning, when warnings
    # are errors) only ever means the same thing.
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return "too_many_pixels"
    except Image.UnidentifiedImageError:
        return "format"
    except Exception:  # whatever a damaged file makes Pillow raise
        return "damaged"
    finally:
        file.seek(0)
    return None


def validate_pdf_upload(file):
    """Refuse anything but a whole PDF of a reasonable size, without scripts or attachments
    (publications/pdfs.py says what that means)."""
    if not file or _is_stored(file):
        return
    if file.size > MAX_PDF_BYTES:
        raise _too_large("PDF", file.size, MAX_PDF_BYTES)
    file.seek(0)
    try:
        content = file.read()  # at most MAX_PDF_BYTES, checked above
    finally:
        file.seek(0)
    check_pdf(content)


def strip_image_metadata(file):
    """The picture re-encoded in its own format, upright, with no EXIF, GPS, XMP, ICC or
    comments, named with the extension of what it really is."""
    file.seek(0)
    with Image.open(file, formats=list(IMAGE_FORMATS)) as source:
        # Cameras' multi-picture JPEGs open as MPO; the first picture is the photo.
        image_format = "JPEG" if source.format == "MPO" else source.format
        # Turn the picture the way its EXIF says while there is still EXIF to say it.
        picture = ImageOps.exif_transpose(source)
    file.seek(0)
    if image_format == "JPEG" and picture.mode not in {"L", "RGB"}:
        picture = picture.convert("RGB")
    # Encoders copy some of .info (ICC profiles, comments) into the new file. Transparency is
    # the one entry that is about the pixels rather than about the photo.
    picture.info = {key: value for key, value in picture.info.items() if key == "transparency"}
    output = BytesIO()
    picture.save(output, image_format, **SAVE_OPTIONS[image_format])
    stem = PurePosixPath(file.name or "").stem or "image"
    return ContentFile(output.getvalue(), name=f"{stem}{IMAGE_FORMATS[image_format]}")


class _PictureFormField(forms.FileField):
    # The check must run while the form is cleaned: the model reads a picture's dimensions
    # the moment it is assigned, which would hand a bomb to Pillow before any model validator.
    # Django's forms.ImageField is not used because it lets any format Pillow knows through
    # and judges by extension.
    def to_python(self, data):
        upload = super().to_python(data)
        validate_image_upload(upload)
        return upload


class _CheckedUploadField:
    """What the checked upload fields share: an `accept` list and a name for the file input,
    a hook (`prepare_upload`) that reworks a new file before it is stored, and migrations
    that see Django's own field, since the checks are class defaults, never kwargs."""

    accept_types = ""
    upload_form_class = None
    plain_field_path = ""

    def formfield(self, **kwargs):
        if self.upload_form_class is not None:
            kwargs = {"form_class": self.upload_form_class, **kwargs}
        field = super().formfield(**kwargs)
        field.widget.attrs.setdefault("accept", self.accept_types)
        # The admin's file widget sits in a <fieldset>; its legend does not name the input.
        field.widget.attrs.setdefault("aria-label", capfirst(self.verbose_name))
        return field

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            self.prepare_upload(file)
        return super().pre_save(model_instance, add)

    def prepare_upload(self, file):
        raise NotImplementedError

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, self.plain_field_path, args, kwargs


class SanitisedImageField(_CheckedUploadField, models.ImageField):
    """Takes only whole JPEG, PNG and WebP pictures and stores them without metadata.

    Migrations see a plain ImageField: the validator is a class default, never a kwarg.
    """

    default_validators = [validate_image_upload]
    accept_types = "image/jpeg,image/png,image/webp"
    upload_form_class = _PictureFormField
    plain_field_path = "django.db.models.ImageField"

    def prepare_upload(self, file):
        clean = strip_image_metadata(file)
        file.save(clean.name, clean, save=False)


class PdfField(_CheckedUploadField, models.FileField):
    """Takes only PDFs without active content. Migrations see a plain FileField."""

    default_validators = [validate_pdf_upload]
    accept_types = "application/pdf"
    plain_field_path = "django.db.models.FileField"

    def prepare_upload(self, file):
        # Media is served by suffix: a PDF uploaded as "report" is stored as "report.pdf".
        file.name = f"{PurePosixPath(file.name).stem}.pdf"


#: The only kinds of file we ever store (uploads are checked by content), and the only
#: content types media is served with. Anything else under MEDIA_ROOT is not served.
MEDIA_CONTENT_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".pdf": "application/pdf",
}
