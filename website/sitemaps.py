"""Sitemaps of the pages that gather several kinds: topics and regions."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.db.models.functions import Coalesce

from editorial.models import Region, Topic
from events.models import Event
from publications.models import Publication


class TopicSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        published = Publication.objects.published()
        # Every topic with a public page, including those known only by events or expertise
        # (their lastmod is then unknown).
        return (
            Topic.objects.public()
            .annotate(
                latest=Max(
                    "publication_links__content_object__publish_at",
                    filter=Q(publication_links__content_object__in=published),
                )
            )
            .order_by("name")
        )

    def lastmod(self, topic):
        return topic.latest


class RegionSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        published = Publication.objects.published()
        # A region known only by its events changes when one of them is published.
        return (
            Region.objects.public()
            .annotate(
                latest=Coalesce(
                    Max("publications__publish_at", filter=Q(publications__in=published)),
                    Max("events__publish_at", filter=Q(events__in=Event.objects.published())),
                )
            )
            .order_by("name")
        )

    def lastmod(self, region):
        return region.latest
