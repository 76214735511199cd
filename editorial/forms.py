"""Filters read from a listing's query string: validated, applied, and kept in links."""

from django import forms


def slug_choice(queryset):
    return forms.ModelChoiceField(queryset, to_field_name="slug", required=False)


def year_choice():
    return forms.IntegerField(min_value=1900, max_value=2999, required=False)


class FilterForm(forms.Form):
    """Validates a listing's filters from the query string; pages render their own choices.

    Subclasses declare their fields and, in LOOKUPS, the queryset lookup each one applies.
    Each lookup takes one value and follows a link held once per item (a foreign key, or a
    link table with a unique pair), so a filtered listing never holds an item twice and
    needs no DISTINCT, which would make the database sort whole rows.
    """

    LOOKUPS = {}

    def active(self):
        """The filters in use, as {name: cleaned value}, in a stable order."""
        return {
            name: value
            for name in self.LOOKUPS
            if (value := self.cleaned_data.get(name)) not in (None, "")
        }

    def apply(self, queryset, *, leave_out=None):
        active = {name: value for name, value in self.active().items() if name != leave_out}
        return self.narrow(queryset, active)

    @classmethod
    def narrow(cls, queryset, filters):
        """`queryset` narrowed by `filters` ({name: cleaned value}, perhaps chosen on another
        form) with this form's lookups; nothing at all if one of them is not a filter here."""
        for name, value in filters.items():
            if name not in cls.LOOKUPS:
                return queryset.none()
            queryset = queryset.filter(**{cls.LOOKUPS[name]: value})
        return queryset

    def params(self, *, leave_out=None):
        """The active filters as query-string values, for links that keep them."""
        return {
            name: getattr(value, "slug", value)
            for name, value in self.active().items()
            if name != leave_out
        }
