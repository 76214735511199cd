from django.contrib.sitemaps import Sitemap

from publications.models import Publication


class PublicationSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Publication.objects.published().order_by("-publish_at")

    def lastmod(self, publication):
        return publication.updated_at
