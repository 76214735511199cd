"""When a revision was saved, as staff read it: in the site's time zone, to the second.

Two saves a few seconds apart must not look like one, and a time without its zone is read
as the reader's own; so every place that names a revision's time (the history, compare,
the restore confirmation, messages and the reasons kept with restored revisions) uses this.
"""

from django import template
from django.utils import timezone
from django.utils.dateformat import format as format_datetime

register = template.Library()

#: "28 Nov 2026, 10:42:07 EST": the zone's abbreviation says which offset applies that day.
REVISION_TIME_FORMAT = "j M Y, H:i:s T"


@register.filter
def revision_time(moment):
    """`moment` in the site's zone (settings.TIME_ZONE) with seconds and the zone's name."""
    if not moment:
        return ""
    local = timezone.localtime(moment, timezone.get_default_timezone())
    return format_datetime(local, REVISION_TIME_FORMAT)
