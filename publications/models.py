from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import translation
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from editorial.images import delete_renditions_with, refresh_renditions
from editorial.models import Kind, Publishable, PublishableQuerySet, Region, TitledItem, Topic
from editorial.page_cache import per_generation
from editorial.plaintext import SingleLineField
from editorial.revisions import Revisions
from editorial.richtext import RichTextField
from editorial.search import (
    keep_search_current,
    names_of,
    weighted_vector,
    without_tags,
)
from editorial.uploads import PdfField, SanitisedImageField


class PublicationType(Kind):
    description = models.TextField(blank=True, help_text="Shown on the listing of this type.")

    class Meta(Kind.Meta):
        pass

    def get_absolute_url(self):
        return reverse("publications:list") + f"?type={self.slug}"


class Authorship(models.Model):
    publication = models.ForeignKey(
        "Publication", on_delete=models.CASCADE, related_name="authorships"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="authorships"
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "person"], name="unique_author")
        ]
        # An author's publications, and the author filter's counts, from the index alone.
        indexes = [models.Index(fields=["person", "publication"], name="authorship_person_idx")]

    def __str__(self):
        return f"{self.person} on {self.publication}"


class RelatedPublication(models.Model):
    from_publication = models.ForeignKey(
        "Publication", on_delete=models.CASCADE, related_name="related_links"
    )
    to_publication = models.ForeignKey(
        "Publication",
        on_delete=models.CASCADE,
        related_name="related_links_in",
        verbose_name="related publication",
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_publication", "to_publication"], name="unique_related_publication"
            ),
            models.CheckConstraint(
                condition=~Q(from_publication=models.F("to_publication")),
                name="publication_not_related_to_itself",
            ),
        ]

    def __str__(self):
        return f"{self.from_publication} → {self.to_publication}"


class SourceRelation(models.TextChoices):
    # Readers see these in the article's source note, in the page's language.
    ADAPTED = "adapted", translation.gettext_lazy("Adapted from")
    ORIGINAL = "original", translation.gettext_lazy("Originally published in")


#: How many of the newest publications of each topic are weighed as related items: enough
#: that the closest recent ones are among them, few enough to cost the same at any size.
RELATED_CANDIDATES_PER_TOPIC = 60
#: Columns no card shows: kept out of card queries (and of the cards kept in the cache).
CARD_DEFERRED = ("body", "search_vector")


class PublicationQuerySet(PublishableQuerySet):
    def for_cards(self):
        """Everything a card shows, fetched in a fixed number of queries however many cards."""
        return self.select_related("type").prefetch_related(
            Prefetch("authorships", queryset=Authorship.objects.select_related("person")),
            "topics",
        )

    def with_chosen_related(self):
        """Annotates `has_chosen_related`: whether staff chose related publications readers
        may see (read by Publication.related_for_readers)."""
        return self.annotate(
            has_chosen_related=Exists(
                RelatedPublication.objects.filter(
                    from_publication=OuterRef("pk"),
                    to_publication__in=self.model.objects.published(),
                )
            )
        )

    def sharing_topics_with(self, publication, per_topic=None):
        """Other publications sharing topics with `publication`, those sharing the most first,
        then the newest, weighed among the newest `per_topic` of each of its topics (by default
        RELATED_CANDIDATES_PER_TOPIC).

        The candidates bound the work: each topic gives at most `per_topic` rows, read newest
        first from an index, however large the archive; counting shared topics over every
        publication of a topic grew with it.
        """
        per_topic = per_topic or RELATED_CANDIDATES_PER_TOPIC
        topic_ids = [topic.pk for topic in publication.topics.all()]
        if not topic_ids:
            return self.none()
        others = self.exclude(pk=publication.pk).order_by("-publish_at", "-pk")
        newest = [
            # Wrapped, so the union holds no LIMIT of its own (SQLite allows none there).
            self.model.objects.filter(
                pk__in=others.filter(topic_links__tag_id=topic_id).values("pk")[:per_topic]
            ).values("pk")
            for topic_id in topic_ids
        ]
        candidates = newest[0].union(*newest[1:], all=True) if len(newest) > 1 else newest[0]
        return (
            self.filter(pk__in=candidates)
            .annotate(
                shared_topics=Count("topic_links", filter=Q(topic_links__tag_id__in=topic_ids))
            )
            .order_by("-shared_topics", "-publish_at", "-pk")
        )


class Publication(TitledItem, Publishable):
    title = SingleLineField(max_length=255)
    slug = models.SlugField(
        max_length=255, help_text="The last part of the address; keep it once public."
    )
    type = models.ForeignKey(PublicationType, on_delete=models.PROTECT, related_name="publications")
    summary = models.TextField(
        max_length=600,
        help_text="Plain text, two or three sentences. Shown on cards, in search and in feeds.",
    )
    body = RichTextField(blank=True)
    image = SanitisedImageField(
        "hero image",
        upload_to="publications/%Y/%m/",
        blank=True,
        width_field="image_width",
        height_field="image_height",
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # Smaller copies of the hero (editorial/images.py), made when it is saved, so pages list
    # them without asking the storage anything.
    image_renditions = models.JSONField(default=list, blank=True, editable=False)
    image_alt = SingleLineField(
        "alt text",
        max_length=300,
        blank=True,
        help_text="What the image shows, for readers who cannot see it.",
    )
    image_caption = SingleLineField(max_length=500, blank=True)
    image_credit = SingleLineField(
        max_length=200, blank=True, help_text='Photographer and agency, e.g. "Jane Doe/Reuters".'
    )
    authors = models.ManyToManyField(
        "people.Person", through="Authorship", related_name="publications", blank=True
    )
    experts_quoted = models.ManyToManyField("people.Person", related_name="quoted_in", blank=True)
    topics = TaggableManager(
        "topics", through="PublicationTopic", related_name="publications", blank=True
    )
    regions = models.ManyToManyField(Region, related_name="publications", blank=True)
    related = models.ManyToManyField(
        "self",
        through="RelatedPublication",
        symmetrical=False,
        related_name="+",
        blank=True,
        help_text="Chosen in order. When none are chosen, readers see the most recent "
        "publications sharing the most topics.",
    )
    pdf = PdfField("PDF", upload_to="publications/pdf/%Y/", blank=True)
    source_relation = models.CharField(
        "source note",
        max_length=20,
        choices=SourceRelation.choices,
        blank=True,
        help_text="When this piece retells or republishes work that first appeared elsewhere.",
    )
    source_title = SingleLineField("source title", max_length=300, blank=True)
    source_publisher = SingleLineField("source publisher", max_length=200, blank=True)
    source_date = models.DateField("source date", null=True, blank=True)
    source_url = models.URLField("source link", max_length=500, blank=True)
    is_featured = models.BooleanField(
        "featured", default=False, help_text="Featured publications lead the home page."
    )
    # Kept current on PostgreSQL by refresh_search_vectors (see the signal receivers below);
    # a GIN index on it is created by migration on PostgreSQL only.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = PublicationQuerySet.as_manager()
    history = Revisions(
        m2m_fields=["authors", "experts_quoted", "regions", "related"],
        # Renditions are remade from the image; a restored revision remakes its own.
        excluded_fields=["search_vector", "image_renditions"],
    )

    class Meta:
        ordering = ["-publish_at", "-pk"]
        get_latest_by = "publish_at"
        indexes = [
            # The archive's order (newest first, the id breaking ties) for what readers of
            # one language may see: pages, positions deep in it, and the year and type
            # counts, from the index alone.
            models.Index(
                fields=["language", "status", "publish_at", "id", "type"],
                name="publication_listing_idx",
            ),
            # Uploaded files are served only after looking up what owns them by name.
            models.Index(fields=["image"], name="publication_image_name_idx"),
            models.Index(fields=["pdf"], name="publication_pdf_name_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["language", "slug"], name="publication_slug_unique_per_language"
            ),
            models.UniqueConstraint(
                fields=["edition_of", "language"],
                condition=Q(edition_of__isnull=False),
                name="one_publication_edition_per_language",
            ),
        ]
        permissions = [("publish_publication", "Can publish, schedule and unpublish publications")]

    def save(self, *args, **kwargs):
        refresh_renditions(self, "image", "image_renditions")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        # An edition lives under its own language's prefix, whatever the page linking to it.
        with translation.override(self.language):
            return reverse("publications:detail", args=[self.slug])

    @classmethod
    def search_vector_expression(cls):
        return weighted_vector(
            "title", "summary", without_tags("body"), names_of(Authorship, "publication")
        )

    @property
    def ordered_authors(self):
        return [authorship.person for authorship in self.authorships.all()]

    @property
    def byline(self):
        """ "Mary Glantz, Angela Stent and Andrei Soldatov" """
        names = [person.name for person in self.ordered_authors]
        return " and ".join(filter(None, [", ".join(names[:-1]), *names[-1:]]))

    def related_for_readers(self, limit=4):
        """The chosen related publications, or failing those, the closest by topic: computed
        once per content generation (editorial/page_cache.py) for each publication.

        A publication fetched with ``with_chosen_related()`` knows whether any chosen one is
        public, and spares the query for them when none is.
        """

        def compute():
            cards = Publication.objects.for_readers(self.language).for_cards().defer(*CARD_DEFERRED)
            if getattr(self, "has_chosen_related", True):
                chosen = list(
                    cards.filter(related_links_in__from_publication=self).order_by(
                        "related_links_in__order"
                    )[:limit]
                )
                if chosen:
                    return chosen
            return list(cards.sharing_topics_with(self)[:limit])

        return per_generation(f"publications:related:{self.pk}:{limit}", compute)


class PublicationTopic(TaggedItemBase):
    content_object = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="topic_links"
    )
    tag = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="publication_links")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="unique_topic_per_publication"
            )
        ]
        # A topic's publications (the topic filter, its counts) from the index alone.
        indexes = [models.Index(fields=["tag", "content_object"], name="publication_topic_tag_idx")]


keep_search_current(
    Publication, links=[(Authorship, "publication_id")], people="authorships__person"
)

# A deleted item's renditions go with it; "Recover deleted" remakes them from the upload.
delete_renditions_with(Publication, "image", "image_renditions")
