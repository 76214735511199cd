from django.contrib.sitemaps import Sitemap

from events.models import Event


class EventSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return Event.objects.published().order_by("-starts_at")

    def lastmod(self, event):
        return event.updated_at
