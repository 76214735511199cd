from django import forms

from people.models import Person
from publications.models import PublicationType, Region, Topic


def slug_choice(queryset):
    return forms.ModelChoiceField(queryset, to_field_name="slug", required=False)


class PublicationFilterForm(forms.Form):
    """Validates the filters of /publications/. The page renders its own facet lists."""

    type = forms.ModelChoiceField(
        PublicationType.objects.all(), to_field_name="slug", required=False
    )
    topic = forms.ModelChoiceField(Topic.objects.all(), to_field_name="slug", required=False)
    region = forms.ModelChoiceField(Region.objects.all(), to_field_name="slug", required=False)
    expert = forms.ModelChoiceField(Person.objects.all(), to_field_name="slug", required=False)
    year = forms.IntegerField(min_value=1900, max_value=2999, required=False)

    #: Filter name -> the lookup that applies a cleaned value to a Publication queryset.
    LOOKUPS = {
        "type": "type",
        "topic": "topic_links__tag",
        "region": "regions",
        "expert": "authorships__person",
        "year": "publish_at__year",
    }

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
            name: (value if name == "year" else value.slug)
            for name, value in self.active().items()
            if name != leave_out
        }
