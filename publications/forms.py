from django import forms

from people.models import Person
from publications.models import PublicationType, Region, Topic


def slug_choice(queryset):
    return forms.ModelChoiceField(queryset, to_field_name="slug", required=False)


def year_choice():
    return forms.IntegerField(min_value=1900, max_value=2999, required=False)


class FilterForm(forms.Form):
    """Validates a listing's filters from the query string; pages render their own choices.

    Subclasses declare their fields and, in LOOKUPS, the queryset lookup each one applies.
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
        for name, value in self.active().items():
            if name != leave_out:
                queryset = queryset.filter(**{self.LOOKUPS[name]: value})
        return queryset

    def params(self, *, leave_out=None):
        """The active filters as query-string values, for links that keep them."""
        return {
            name: getattr(value, "slug", value)
            for name, value in self.active().items()
            if name != leave_out
        }


class PublicationFilterForm(FilterForm):
    type = slug_choice(PublicationType.objects.all())
    topic = slug_choice(Topic.objects.public())
    region = slug_choice(Region.objects.public())
    expert = slug_choice(Person.objects.public())
    year = year_choice()

    LOOKUPS = {
        "type": "type",
        "topic": "topic_links__tag",
        "region": "regions",
        "expert": "authorships__person",
        "year": "publish_at__year",
    }


class SearchForm(FilterForm):
    KINDS = [
        ("", "Everything"),
        ("publications", "Publications"),
        ("experts", "Experts"),
        ("events", "Events"),
    ]

    q = forms.CharField(required=False, strip=True)
    kind = forms.ChoiceField(choices=KINDS, required=False)
    type = slug_choice(PublicationType.objects.all())
    topic = slug_choice(Topic.objects.public())
    year = year_choice()

    # Applied to publications; SearchView narrows events and people itself.
    LOOKUPS = {"type": "type", "topic": "topic_links__tag", "year": "publish_at__year"}

    def __init__(self, data=None, **kwargs):
        if data is not None and "\x00" in data.get("q", ""):
            # A stray NUL in what a reader typed is noise, not a reason to refuse the search.
            data = data.copy()
            data["q"] = data["q"].replace("\x00", "")
        super().__init__(data, **kwargs)
