from django import forms
from django.utils.translation import gettext_lazy

from editorial.forms import FilterForm, slug_choice, year_choice
from editorial.models import Topic
from publications.models import PublicationType


class SearchForm(FilterForm):
    KINDS = [
        ("", gettext_lazy("Everything")),
        ("publications", gettext_lazy("Publications")),
        ("experts", gettext_lazy("Experts")),
        ("events", gettext_lazy("Events")),
    ]

    q = forms.CharField(required=False, strip=True)
    kind = forms.ChoiceField(choices=KINDS, required=False)
    type = slug_choice(PublicationType.objects.all())
    topic = slug_choice(Topic.objects.public())
    year = year_choice()

    # Applied to publications; events and people are narrowed with their own forms' lookups.
    LOOKUPS = {"type": "type", "topic": "topic_links__tag", "year": "publish_at__year"}

    def __init__(self, data=None, **kwargs):
        if data is not None and "\x00" in data.get("q", ""):
            # A stray NUL in what a reader typed is noise, not a reason to refuse the search.
            data = data.copy()
            data["q"] = data["q"].replace("\x00", "")
        super().__init__(data, **kwargs)
