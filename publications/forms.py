from editorial.forms import FilterForm, slug_choice, year_choice
from editorial.models import Region, Topic
from people.models import Person
from publications.models import PublicationType


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
