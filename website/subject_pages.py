"""Pages about a subject, a topic (an issue area) or a region: the index of each, and a page
per subject with its latest publications, its events and the experts who work on it.

Topic and region pages are one kind of page: the mixin below owns the blocks, and each view
says only how its subject selects publications, events and experts.
"""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.http import urlencode
from django.views.generic import DetailView, ListView

from editorial.models import Region, Topic
from events.forms import EventFilterForm
from events.models import Event
from people.models import Person
from publications.forms import PublicationFilterForm
from publications.views import (
    PublishedPublicationsMixin,
    list_url,
    scoped_feeds,
    topics_with_counts,
)


class TopicListView(PublishedPublicationsMixin, ListView):
    template_name = "publications/topic_list.html"
    context_object_name = "topics"

    def get_queryset(self):
        return topics_with_counts(self.published_publications()).order_by("name")


class RegionListView(PublishedPublicationsMixin, ListView):
    """Every region with something public, and how many publications and events it has."""

    template_name = "publications/region_list.html"
    context_object_name = "regions"

    def get_queryset(self):
        published = self.published_publications()
        return (
            Region.objects.public()
            .annotate(
                count=Count("publications", filter=Q(publications__in=published), distinct=True),
                event_count=Count(
                    "events", filter=Q(events__in=Event.objects.published()), distinct=True
                ),
            )
            .order_by("name")
        )


class SubjectPageMixin(PublishedPublicationsMixin):
    """A page about one topic or region: its description, its latest publications, its
    events (upcoming ones, or else the most recent) and the experts who work on it.

    Subclasses set `filter_name`, the listing filter that selects the subject: publications
    and events belong to it as that filter of their listings says. Subclasses say which
    experts work on it in `experts_about`.
    """

    latest_count = 12
    related_count = 4
    experts_count = 8
    filter_name = ""

    def experts_url(self, subject):
        """The experts directory narrowed to the subject, where it can be."""
        return None

    def publications_about(self, subject):
        published = self.published_publications()
        return PublicationFilterForm.narrow(published, {self.filter_name: subject})

    def events_about(self, subject):
        return EventFilterForm.narrow(Event.objects.published(), {self.filter_name: subject})

    def get_context_data(self, **kwargs):
        subject = self.object
        publications = self.publications_about(subject)
        events = self.events_about(subject).for_cards()
        upcoming = list(events.upcoming()[: self.related_count])
        return super().get_context_data(
            publications=list(publications.for_cards()[: self.latest_count]),
            publication_count=publications.count(),
            all_url=list_url(**{self.filter_name: subject.slug}),
            feeds=scoped_feeds(self.filter_name, subject),
            events=upcoming or list(events.past()[: self.related_count]),
            events_are_upcoming=bool(upcoming),
            events_url=f"{reverse('events:list')}?{urlencode({self.filter_name: subject.slug})}",
            experts=list(self.experts_about(subject)[: self.experts_count]),
            experts_url=self.experts_url(subject),
            **kwargs,
        )


class TopicDetailView(SubjectPageMixin, DetailView):
    template_name = "publications/topic_detail.html"
    context_object_name = "topic"
    # A topic used only on drafts is, to readers, a topic that does not exist.
    queryset = Topic.objects.public()
    filter_name = "topic"

    def experts_about(self, topic):
        return Person.objects.experts().filter(topic_links__tag=topic).order_by("sort_name")

    def experts_url(self, topic):
        return f"{reverse('people:directory')}?{urlencode({'topic': topic.slug})}"


class RegionDetailView(SubjectPageMixin, DetailView):
    template_name = "publications/region_detail.html"
    context_object_name = "region"
    # Like topics: a region used only on drafts does not exist for readers.
    queryset = Region.objects.public()
    filter_name = "region"

    def experts_about(self, region):
        """Experts who wrote something public about the region."""
        return (
            Person.objects.experts()
            .filter(authorships__publication__in=self.publications_about(region))
            .distinct()
            .order_by("sort_name")
        )
