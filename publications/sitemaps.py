from editorial.listings import EditionsSitemap
from publications.models import Publication


class PublicationSitemap(EditionsSitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return self.entries(Publication.objects.published()).order_by("-publish_at", "-pk")
