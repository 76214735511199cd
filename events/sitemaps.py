from editorial.listings import ArchiveSitemap
from events.models import Event


class EventSitemap(ArchiveSitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return self.entries(Event.objects.published()).order_by("-starts_at", "-pk")
