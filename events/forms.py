from editorial.forms import FilterForm, slug_choice, year_choice
from editorial.models import Region, Topic


class EventFilterForm(FilterForm):
    topic = slug_choice(Topic.objects.public())
    region = slug_choice(Region.objects.public())
    year = year_choice()

    LOOKUPS = {"topic": "topic_links__tag", "region": "regions", "year": "starts_at__year"}
