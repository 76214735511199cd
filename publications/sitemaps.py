from editorial.listings import ArchiveSitemap
from publications.models import Publication


class PublicationSitemap(ArchiveSitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return self.entries(Publication.objects.published()).order_by("-publish_at", "-pk")
