"""Dates as readers see them, in the language of the page.

Django's own format names do not cover what the public pages print ("November 28, 2026",
"Saturday, November 28, 2026", "November 28"), and changing the English ones would change
the admin too. So each page's format is a translatable string: a translator writes the
Russian or Ukrainian pattern (the ``E`` letter gives the month in the genitive, "28 ноября").
"""

from django import template
from django.utils import formats
from django.utils.translation import pgettext_lazy

register = template.Library()

READER_DATE_FORMATS = {
    "date": pgettext_lazy("date format", "F j, Y"),
    "weekday": pgettext_lazy("date format", "l, F j, Y"),
    "month_day": pgettext_lazy("date format", "F j"),
    "month": pgettext_lazy("date format", "F Y"),
    "time": pgettext_lazy("time format", "g:i A"),
}


@register.filter(expects_localtime=True)
def reader_date(value, style="date"):
    """The date in the page's language: style is date, weekday, month_day, month or time."""
    if not value:
        return ""
    return formats.date_format(value, str(READER_DATE_FORMATS[style]))
