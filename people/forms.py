from publications.forms import FilterForm, slug_choice
from publications.models import Topic


class ExpertFilterForm(FilterForm):
    topic = slug_choice(Topic.objects.public())

    LOOKUPS = {"topic": "topic_links__tag"}
