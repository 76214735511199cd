"""Pages about a subject, a topic (an issue area) or a region: the index of each, and a page
per subject with its latest publications, its events and the experts who work on it.

Topic and region pages are one kind of page: the mixin below owns the blocks, and each view
says only how its subject selects publications, events and experts. What a page or an index
counts over the archive is kept once per content generation (editorial/page_cache.py).
"""

from django.db.models import Count, Exists, F, Func, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.http import urlencode
from django.views.generic import DetailView, ListView

from editorial.models import Region, Topic
from editorial.page_cache import per_generation
from events.forms import EventFilterForm
from events.models import Event
from people.models import Person
from publications.archive_counts import topics_with_counts
from publications.forms import PublicationFilterForm
from publications.models import CARD_DEFERRED, Authorship, Publication
from publications.views import PublishedPublicationsMixin, list_url, scoped_feeds


class TopicListView(ListView):
    template_name = "publications/topic_list.html"
    context_object_name = "topics"

    def get_queryset(self):
        return sorted(topics_with_counts(), key=lambda topic: topic.name)


def count_of(rows):
    """The number of `rows` (a queryset filtered on an OuterRef) as a subquery: one row
    always, so no COALESCE, which would put the subquery in the GROUP BY of an aggregate
    around it and run it for every row grouped."""
    counted = rows.order_by().annotate(count=Func(F("pk"), function="COUNT")).values("count")
    return Subquery(counted)


class RegionListView(ListView):
    """Every region with something public, and how many publications and events it has."""

    template_name = "publications/region_list.html"
    context_object_name = "regions"

    def get_queryset(self):
        return per_generation("regions:counts", self.regions_with_counts)

    @staticmethod
    def regions_with_counts():
        published = Publication.objects.for_readers().order_by().values("pk")
        return list(
            Region.objects.public()
            .annotate(
                # The publications in one pass over the links, the events (far fewer) with a
                # count per region: two joins at once would multiply each other's rows.
                count=Count("publications", filter=Q(publications__in=published)),
                event_count=count_of(Event.objects.for_readers().filter(regions=OuterRef("pk"))),
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
        return EventFilterForm.narrow(Event.objects.for_readers(), {self.filter_name: subject})

    def kept_blocks(self, subject):
        """The latest publications, how many there are and the experts: they change only
        with content, so they are kept once per generation (events change with the clock)."""
        publications = self.publications_about(subject)
        return {
            "publications": list(
                publications.for_cards().defer(*CARD_DEFERRED)[: self.latest_count]
            ),
            "publication_count": self.publication_count(subject, publications),
            "experts": list(self.experts_about(subject)[: self.experts_count]),
        }

    def publication_count(self, subject, publications):
        return publications.count()

    def get_context_data(self, **kwargs):
        subject = self.object
        kept = per_generation(
            f"subject:{self.filter_name}:{subject.pk}:{self.latest_count}:{self.experts_count}",
            lambda: self.kept_blocks(subject),
        )
        events = self.events_about(subject).for_cards()
        upcoming = list(events.upcoming()[: self.related_count])
        return super().get_context_data(
            **kept,
            all_url=list_url(**{self.filter_name: subject.slug}),
            feeds=scoped_feeds(self.filter_name, subject),
            events=upcoming or list(events.past()[: self.related_count]),
            events_are_upcoming=bool(upcoming),
            events_url=f"{reverse('events:list')}?{urlencode({self.filter_name: subject.slug})}",
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

    def publication_count(self, topic, publications):
        # Every topic's count comes at once, kept for the home page and the topics index.
        return next((t.count for t in topics_with_counts() if t.pk == topic.pk), 0)

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
        wrote_about = Authorship.objects.filter(
            person=OuterRef("pk"), publication__in=self.publications_about(region)
        )
        # EXISTS stops at an expert's first such piece; a join would read every one.
        return Person.objects.experts().filter(Exists(wrote_about)).order_by("sort_name")
