from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from editorial.images import refresh_rendition
from editorial.models import Kind, Publishable, PublishableQuerySet, Region, TitledItem, Topic
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
    ADAPTED = "adapted", "Adapted from"
    ORIGINAL = "original", "Originally published in"


class PublicationQuerySet(PublishableQuerySet):
    def for_cards(self):
        """Everything a card shows, fetched in a fixed number of queries however many cards."""
        return self.select_related("type").prefetch_related(
            Prefetch("authorships", queryset=Authorship.objects.select_related("person")),
            "topics",
        )

    def sharing_topics_with(self, publication):
        """Other publications, those sharing the most topics with `publication` first."""
        topic_ids = [topic.pk for topic in publication.topics.all()]
        return (
            self.exclude(pk=publication.pk)
            .filter(topic_links__tag_id__in=topic_ids)
            .annotate(shared_topics=Count("topic_links", distinct=True))
            .order_by("-shared_topics", "-publish_at")
        )


class Publication(TitledItem, Publishable):
    title = SingleLineField(max_length=255)
    slug = models.SlugField(
        max_length=255, unique=True, help_text="The last part of the address; keep it once public."
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
    image_card = models.ImageField(
        upload_to="publications/cards/%Y/",
        blank=True,
        editable=False,
        width_field="image_card_width",
        height_field="image_card_height",
    )
    image_card_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_card_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
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
        excluded_fields=["search_vector"],
    )

    class Meta:
        ordering = ["-publish_at", "-pk"]
        get_latest_by = "publish_at"
        indexes = [models.Index(fields=["status", "publish_at"])]
        permissions = [("publish_publication", "Can publish, schedule and unpublish publications")]

    def save(self, *args, **kwargs):
        refresh_rendition(self, "image", "image_card")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("publications:detail", args=[self.slug])

    @classmethod
    def from_db(cls, *args, **kwargs):
        instance = super().from_db(*args, **kwargs)
        # The image's stored name, before any change: the card copy is remade only if it moves.
        instance._loaded_image = instance.__dict__.get("image")
        return instance

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
        """The chosen related publications, or failing those, the closest by topic."""
        chosen = (
            Publication.objects.published()
            .for_cards()
            .filter(related_links_in__from_publication=self)
            .order_by("related_links_in__order")
        )[:limit]
        chosen = list(chosen)
        if chosen:
            return chosen
        return list(Publication.objects.published().for_cards().sharing_topics_with(self)[:limit])


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


keep_search_current(
    Publication, links=[(Authorship, "publication_id")], people="authorships__person"
)
