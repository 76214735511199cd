"""Events happen in their own time zone: staff type local times in it, readers see them in it."""

import zoneinfo
from datetime import UTC, datetime

from django import forms
from django.contrib import admin
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

MINUS = "\u2212"


def zone_label(zone_name, moment):
    """'Almaty time, UTC+5': the zone's city and its offset from UTC at `moment`."""
    zone = zoneinfo.ZoneInfo(zone_name)
    offset = moment.astimezone(zone).utcoffset()
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else MINUS
    hours, rest = divmod(abs(minutes), 60)
    hours_and_minutes = f"{hours}:{rest:02d}" if rest else str(hours)
    utc = f"UTC{sign}{hours_and_minutes}" if minutes else "UTC"
    area, _, city = zone_name.rpartition("/")
    # "UTC", "Etc/GMT-5" and the like name no place: the offset says it all.
    if not area or area == "Etc":
        return utc
    return gettext("%(city)s time, %(offset)s") % {"city": city.replace("_", " "), "offset": utc}


def local_wall_time(moment, zone_name):
    """An instant as the naive date and time a clock in the zone shows, for staff to edit."""
    return moment.astimezone(zoneinfo.ZoneInfo(zone_name)).replace(tzinfo=None)


def instant_in_zone(wall_time, zone_name):
    """The instant a wall-clock time names in a zone, refusing times the clocks skip or repeat."""
    zone = zoneinfo.ZoneInfo(zone_name)
    earlier = wall_time.replace(tzinfo=zone, fold=0)
    later = wall_time.replace(tzinfo=zone, fold=1)
    if earlier.utcoffset() == later.utcoffset():
        return earlier
    when = date_format(wall_time, "DATETIME_FORMAT")
    place = zone_name.rpartition("/")[2].replace("_", " ")
    # A time the clocks jump over does not come back unchanged from UTC.
    skipped = earlier.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != wall_time
    if skipped:
        message = (
            f"{when} does not exist in {place}: the clocks go forward then. Choose a time "
            "before or after the change."
        )
    else:
        message = (
            f"{when} happens twice in {place}: the clocks go back then. Choose a time an hour "
            "earlier or later."
        )
    raise forms.ValidationError(message, code="ambiguous_local_time")


class WallTimeField(forms.SplitDateTimeField):
    """A date and time as typed, not yet tied to a zone: the form ties it to the event's."""

    def compress(self, data_list):
        if data_list and None not in data_list:
            return datetime.combine(*data_list)
        return super().compress(data_list)


class EventTimesFormMixin:
    """Start and end are typed, and shown back, in the zone chosen on the same form.

    The publish date is a site matter and stays in the site's zone.
    """

    wall_time_fields = ("starts_at", "ends_at")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.wall_time_fields:
            if name in self.fields:
                # The class keeps the admin's script from adding its "Enter times in the
                # America/New_York timezone" note, which is untrue of these two fields.
                self.fields[name].help_text = mark_safe(
                    '<span class="timezonewarning">In the event\'s own time zone (chosen '
                    "below).</span>"
                )
        if "publish_at" in self.fields:
            self.fields[
                "publish_at"
            ].help_text = (
                "In the site's time zone, not the event's: when the event's page goes public."
            )
        if self.instance.pk:
            for name in self.wall_time_fields:
                stored = getattr(self.instance, name)
                if stored is not None:
                    self.initial[name] = local_wall_time(stored, self.instance.timezone)

    def event_zone(self):
        if "timezone" in self.fields:
            return self.cleaned_data.get("timezone")
        return self.instance.timezone

    def clean(self):
        zone_name = self.event_zone()
        for name in self.wall_time_fields:
            wall_time = self.cleaned_data.get(name)
            if wall_time is None or wall_time.tzinfo is not None:
                continue
            if not zone_name:
                # The time zone field carries its own error; nothing to read the time in.
                del self.cleaned_data[name]
                continue
            try:
                self.cleaned_data[name] = instant_in_zone(wall_time, zone_name)
            except forms.ValidationError as error:
                self.add_error(name, error)
        return super().clean()


class EventTimesAdminMixin:
    """For the event admin: start and end typed in the event's zone, and listed in it."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in EventTimesFormMixin.wall_time_fields:
            kwargs["form_class"] = WallTimeField
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description="starts (local time)", ordering="starts_at")
    def local_start(self, event):
        when = date_format(local_wall_time(event.starts_at, event.timezone), "DATETIME_FORMAT")
        return f"{when} ({event.zone_label})"
