from django.contrib.sitemaps import Sitemap

from people.models import Person


class ExpertSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return Person.objects.experts().order_by("sort_name")

    def lastmod(self, person):
        return person.updated_at
