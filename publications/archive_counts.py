"""How many publications each topic and each type has. Counted over the whole archive, so
kept once per content generation (editorial/page_cache.py) and shared by every page that
shows them: the home page and the topics index."""

from django.db.models import Count

from editorial.models import Topic
from editorial.page_cache import per_generation
from publications.models import Publication, PublicationType

#: What the home page shows of a type.
TYPE_FIELDS = ("id", "name", "plural_name", "slug", "display_order", "translations")


def _published():
    return Publication.objects.for_readers().order_by().values("pk")


def topics_with_counts():
    """Topics with published publications, each with its `count`, the most used first."""

    def compute():
        # Counted from the link table (a topic and a publication meet there once), no DISTINCT.
        return list(
            Topic.objects.filter(publication_links__content_object__in=_published())
            .annotate(count=Count("publication_links"))
            .order_by("-count", "name")
        )

    return per_generation("publications:topic-counts", compute)


def types_with_counts():
    """Types with published publications, each with its `count`, in their display order."""

    def compute():
        # Grouped on the publications alone, the types joined to the groups: half the work of
        # grouping types joined to their publications.
        rows = (
            Publication.objects.for_readers()
            .order_by()
            .values(*(f"type__{field}" for field in TYPE_FIELDS))
            .annotate(count=Count("*"))
            .order_by("type__display_order", "type__name")
        )
        types = []
        for row in rows:
            kind = PublicationType(**{field: row[f"type__{field}"] for field in TYPE_FIELDS})
            kind.count = row["count"]
            types.append(kind)
        return types

    return per_generation("publications:type-counts", compute)
