from editorial.listings import ArchiveSitemap
from people.models import Person


class PersonSitemap(ArchiveSitemap):
    """Every public person's page: our experts, and everyone named on published work."""

    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return self.entries(Person.objects.public()).order_by("sort_name", "pk")
