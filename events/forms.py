from django import forms
from django.utils.translation import pgettext_lazy

from editorial.forms import FilterForm, slug_choice, year_choice
from editorial.models import Region, Topic


class EventFilterForm(FilterForm):
    topic = slug_choice(Topic.objects.public())
    region = slug_choice(Region.objects.public())
    year = year_choice()
    # Not a filter of what is counted: which events the list pages through, past ones (the
    # default) or upcoming ones. Kept in the list's links like a filter.
    when = forms.ChoiceField(
        choices=[("upcoming", pgettext_lazy("events", "Upcoming"))], required=False
    )

    LOOKUPS = {"topic": "topic_links__tag", "region": "regions", "year": "starts_at__year"}

    def params(self, *, leave_out=None):
        params = super().params(leave_out=leave_out)
        if self.cleaned_data.get("when") and leave_out != "when":
            params["when"] = self.cleaned_data["when"]
        return params
