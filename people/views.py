from django.db.models import Q
from django.utils.translation import gettext_lazy
from django.views.generic import ListView

from editorial.facets import FacetedListMixin, link_rows
from people.forms import ExpertFilterForm
from people.models import Person, PersonTopic


class ExpertDirectoryView(FacetedListMixin, ListView):
    template_name = "people/expert_list.html"
    context_object_name = "experts"
    paginate_by = 24
    filter_form_class = ExpertFilterForm
    facet_labels = {"topic": gettext_lazy("Expertise")}

    def get_queryset(self):
        # Our own experts first, then those we quote: one ordered list, so pagination and
        # the topic filter work across both sections. The topic filter follows one link
        # unique per person, so no one comes twice and the count needs no DISTINCT.
        return (
            self.filters.apply(Person.objects.experts())
            .annotate(is_outside=~Q(affiliation=""))
            .order_by("is_outside", "sort_name", "name")
        )

    def paginate_queryset(self, queryset, page_size):
        paginator, page, people, is_paginated = super().paginate_queryset(queryset, page_size)
        # What each person is to our work is asked of the page's people alone: the
        # database then looks it up for each of them instead of for every expert at once.
        page.object_list = (
            queryset.filter(pk__in=people.values("pk")).with_roles().prefetch_related("topics")
        )
        return paginator, page, page.object_list, is_paginated

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        experts = context["experts"]
        context["our_experts"] = [person for person in experts if person.is_ours]
        context["outside_experts"] = [person for person in experts if not person.is_ours]
        return context

    def facet_items(self):
        return Person.objects.experts()

    def facet_counts(self, name, items):
        return link_rows(PersonTopic.objects, "tag", "content_object", items)
