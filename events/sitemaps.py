from editorial.listings import EditionsSitemap
from events.models import Event


class EventSitemap(EditionsSitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return self.entries(Event.objects.published()).order_by("-starts_at", "-pk")
