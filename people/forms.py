from editorial.forms import FilterForm, slug_choice
from editorial.models import Topic


class ExpertFilterForm(FilterForm):
    topic = slug_choice(Topic.objects.public())

    LOOKUPS = {"topic": "topic_links__tag"}
