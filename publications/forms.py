from django import forms

from editorial.forms import FilterForm, slug_choice, year_choice
from editorial.models import Region, Topic
from people.models import Person
from publications.models import PublicationType

#: The longest author search read; a longer one is cut, not refused.
AUTHOR_QUERY_LENGTH = 100


class PublicationFilterForm(FilterForm):
    type = slug_choice(PublicationType.objects.all())
    topic = slug_choice(Topic.objects.public())
    region = slug_choice(Region.objects.public())
    expert = slug_choice(Person.objects.public())
    year = year_choice()
    # Not a filter: it finds authors by name for the author filter's list of choices.
    author_q = forms.CharField(required=False)

    LOOKUPS = {
        "type": "type",
        "topic": "topic_links__tag",
        "region": "regions",
        "expert": "authorships__person",
        "year": "publish_at__year",
    }

    def clean_author_q(self):
        return " ".join(self.cleaned_data["author_q"].split()[:8])[:AUTHOR_QUERY_LENGTH]
