"""Sitemaps of the pages that gather several kinds: topics and regions.

A subject's lastmod is the publish date of its newest public item: one row read from an
index per subject, rather than the newest of every item in it, and kept once per content
generation (editorial/page_cache.py).
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce

from editorial.models import Region, Topic
from editorial.page_cache import per_generation
from events.models import Event
from publications.models import Publication


def newest(items):
    """The publish date of the newest of `items` (filtered on an OuterRef), as a subquery."""
    return Subquery(items.order_by("-publish_at").values("publish_at")[:1])


class TopicSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5
    # Every language has the page: each is listed, naming the others as alternates.
    i18n = alternates = x_default = True

    def items(self):
        return per_generation("sitemap:topics", self.topics)

    @staticmethod
    def topics():
        # Every topic with a public page, including those known only by events or expertise
        # (their lastmod is then unknown).
        publications = Publication.objects.published().filter(topic_links__tag=OuterRef("pk"))
        return list(Topic.objects.public().annotate(latest=newest(publications)).order_by("name"))

    def lastmod(self, topic):
        return topic.latest


class RegionSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5
    # Every language has the page: each is listed, naming the others as alternates.
    i18n = alternates = x_default = True

    def items(self):
        return per_generation("sitemap:regions", self.regions)

    @staticmethod
    def regions():
        # A region known only by its events changes when one of them is published.
        publications = Publication.objects.published().filter(regions=OuterRef("pk"))
        events = Event.objects.published().filter(regions=OuterRef("pk"))
        return list(
            Region.objects.public()
            .annotate(latest=Coalesce(newest(publications), newest(events)))
            .order_by("name")
        )

    def lastmod(self, region):
        return region.latest
