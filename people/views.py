from django.db.models import Q
from django.views.generic import ListView

from editorial.listings import FacetedListMixin, subject_rows
from editorial.models import Topic
from people.forms import ExpertFilterForm
from people.models import Person


class ExpertDirectoryView(FacetedListMixin, ListView):
    template_name = "people/expert_list.html"
    context_object_name = "experts"
    paginate_by = 24
    filter_form_class = ExpertFilterForm
    facet_labels = {"topic": "Expertise"}

    def get_queryset(self):
        # Our own experts first, then those we quote: one ordered list, so pagination and
        # the topic filter work across both sections.
        return (
            self.filters.apply(Person.objects.experts())
            .with_roles()
            .annotate(is_outside=~Q(affiliation=""))
            .prefetch_related("topics")
            .distinct()
            .order_by("is_outside", "sort_name", "name")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        experts = context["experts"]
        context["our_experts"] = [person for person in experts if person.is_ours]
        context["outside_experts"] = [person for person in experts if not person.is_ours]
        return context

    def facet_rows(self):
        return {
            "topic": subject_rows(
                Topic.objects, "person_links__content_object", Person.objects.experts()
            )
        }
