from django.shortcuts import get_object_or_404
from django.views.generic import ListView

from people.models import Person
from publications.models import Publication


class PersonDetailView(ListView):
    """A person's page: who they are, then what they wrote, newest first, paginated."""

    template_name = "people/person_detail.html"
    context_object_name = "publications"
    paginate_by = 10

    def get(self, request, *args, **kwargs):
        self.person = get_object_or_404(
            Person.objects.prefetch_related("topics"), slug=kwargs["slug"]
        )
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return Publication.objects.published().for_cards().filter(authorships__person=self.person)

    def get_context_data(self, **kwargs):
        quoted_in = Publication.objects.published().for_cards().filter(experts_quoted=self.person)
        return super().get_context_data(
            person=self.person, quoted_in=list(quoted_in[:6]), filter_params={}, **kwargs
        )
