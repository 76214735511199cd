"""Single-line text: names, titles, labels.

A line break or other control character in a title would end up inside an HTTP header, an
RIS record or an iCalendar line and forge a field there, so single-line fields refuse them and
the writers of those formats flatten whatever they are given.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.db import models


def has_control_characters(text):
    return any(unicodedata.category(ch) in {"Cc", "Zl", "Zp"} for ch in text)


def validate_single_line(value):
    if value and has_control_characters(str(value)):
        raise ValidationError(
            "Line breaks and other control characters are not allowed here: keep it on one line.",
            code="control_characters",
        )


def flatten(text):
    """`text` on one line: every run of whitespace or control characters becomes one space."""
    cleaned = "".join(
        " " if unicodedata.category(ch) in {"Cc", "Zl", "Zp"} or ch.isspace() else ch
        for ch in str(text or "")
    )
    return " ".join(cleaned.split())


class SingleLineField(models.CharField):
    default_validators = [validate_single_line]
