from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q

from publications.models import Publication, Topic


class PublicationSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Publication.objects.published().order_by("-publish_at")

    def lastmod(self, publication):
        return publication.updated_at


class TopicSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        published = Publication.objects.published()
        return (
            Topic.objects.annotate(
                latest=Max(
                    "publication_links__content_object__publish_at",
                    filter=Q(publication_links__content_object__in=published),
                )
            )
            .filter(latest__isnull=False)
            .order_by("name")
        )

    def lastmod(self, topic):
        return topic.latest
