"""A person's page: it gathers what they wrote, where they were quoted and where they spoke,
so it sits above every content kind."""

from django.conf import settings
from django.db.models import F
from django.http import Http404
from django.views.generic import ListView

from editorial.listings import PreviewMixin
from editorial.page_cache import per_generation
from editorial.richtext import plain_text
from events.models import Event
from people.models import Person
from publications.models import CARD_DEFERRED, Publication
from publications.views import scoped_feeds


class PersonDetailView(PreviewMixin, ListView):
    """A person's page: who they are, what they wrote (paginated), where they were quoted,
    and the events they speak at. Only published items appear."""

    template_name = "people/person_detail.html"
    context_object_name = "publications"
    #: Whom the page is about (and may be previewed); what it lists is their publications.
    model = Person
    paginate_by = 10
    quoted_in_count = 6
    #: The events listed of each kind, soonest or latest first: a regular speaker has hundreds.
    events_count = 10

    @staticmethod
    def public_objects():
        """Whose page readers may see; links to a person in rich text are checked with it."""
        return Person.objects.public()

    def public_queryset(self):
        return self.public_objects()

    def page_queryset(self, people):
        return people.with_roles().prefetch_related("topics")

    def find_object(self, queryset=None):
        if queryset is None:
            queryset = self.page_queryset(self.public_queryset())
        person = queryset.filter(slug=self.kwargs["slug"]).first()
        if person is None:
            raise Http404("No such person.")
        return person

    def get(self, request, *args, **kwargs):
        self.person = self.get_object()
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return (
            Publication.objects.for_readers()
            .for_cards()
            .defer(*CARD_DEFERRED)
            .filter(authorships__person=self.person)
        )

    def get_paginator(self, queryset, per_page, **kwargs):
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        # A prolific author has thousands: counted once per content generation.
        paginator.count = per_generation(
            f"person:{self.person.pk}:publication-count", queryset.count
        )
        return paginator

    def quoted_in(self):
        quoted_in = Publication.objects.for_readers().for_cards().defer(*CARD_DEFERRED)
        return list(quoted_in.filter(experts_quoted=self.person)[: self.quoted_in_count])

    def get_context_data(self, **kwargs):
        events = (
            Event.objects.for_readers()
            .filter(speaker_links__person=self.person)
            .annotate(role=F("speaker_links__role"))
            .select_related("kind")
        )
        person = self.person
        # One more than listed, to say when there are more.
        upcoming = list(events.upcoming()[: self.events_count + 1])
        past = list(events.past()[: self.events_count + 1])
        return super().get_context_data(
            feeds=scoped_feeds("expert", person),
            json_ld=person_json_ld(self.request, person),
            person=self.person,
            quoted_in=per_generation(
                f"person:{person.pk}:quoted-in:{self.quoted_in_count}", self.quoted_in
            ),
            upcoming_events=upcoming[: self.events_count],
            more_upcoming_events=len(upcoming) > self.events_count,
            past_events=past[: self.events_count],
            more_past_events=len(past) > self.events_count,
            filter_params={},
            **kwargs,
        )


def person_json_ld(request, person):
    data = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": person.name,
        "url": request.build_absolute_uri(person.get_absolute_url()),
        "knowsAbout": [topic.name for topic in person.topics.all()],
    }
    if person.title:
        data["jobTitle"] = person.title
    if person.affiliation:
        data["affiliation"] = {"@type": "Organization", "name": person.affiliation}
    else:
        data["worksFor"] = {"@type": "Organization", "name": settings.SITE_NAME}
    if person.bio:
        data["description"] = plain_text(person.bio)
    if person.photo:
        data["image"] = request.build_absolute_uri(person.photo.url)
    return data
