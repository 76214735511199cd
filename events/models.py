import zoneinfo

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Prefetch, Q
from django.urls import reverse
from django.utils import timezone, translation
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from editorial.models import (
    Kind,
    Publishable,
    PublishableQuerySet,
    Region,
    TitledItem,
    Topic,
    staff_stamp,
)
from editorial.plaintext import SingleLineField
from editorial.revisions import Revisions
from editorial.richtext import RichTextField
from editorial.search import (
    keep_search_current,
    names_of,
    weighted_vector,
    without_tags,
)
from events.zones import zone_label
from people.models import Person
from publications.models import Publication

TIME_ZONE_CHOICES = [
    (name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())
]


class EventKind(Kind):
    """Forum, panel discussion, webinar...: data, so staff can add a kind without a deploy."""

    class Meta(Kind.Meta):
        pass


class EventQuerySet(PublishableQuerySet):
    def upcoming(self):
        """Events not yet over, soonest first. An event under way is still upcoming."""
        return self.filter(ends_at__gte=timezone.now()).order_by("starts_at", "pk")

    def past(self):
        return self.filter(ends_at__lt=timezone.now()).order_by("-starts_at", "-pk")

    def for_cards(self):
        return self.select_related("kind").prefetch_related(
            Prefetch("speaker_links", queryset=EventSpeaker.objects.select_related("person")),
        )


class EventSpeaker(models.Model):
    class Role(models.TextChoices):
        # Readers see these on the event's page, in the page's language.
        MODERATOR = "moderator", translation.gettext_lazy("Moderator")
        KEYNOTE = "keynote", translation.gettext_lazy("Keynote speaker")
        SPEAKER = "speaker", translation.gettext_lazy("Speaker")
        HOST = "host", translation.gettext_lazy("Host")

    event = models.ForeignKey("Event", on_delete=models.CASCADE, related_name="speaker_links")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="speaker_links")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.SPEAKER)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "speaker"
        constraints = [
            models.UniqueConstraint(fields=["event", "person"], name="unique_event_speaker")
        ]
        # Whether someone spoke at anything public (the directory's labels), from the index.
        indexes = [models.Index(fields=["person", "event"], name="eventspeaker_person_idx")]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()}) at {self.event}"


class Event(TitledItem, Publishable):
    title = SingleLineField(max_length=255)
    slug = models.SlugField(max_length=255)
    kind = models.ForeignKey(EventKind, on_delete=models.PROTECT, related_name="events")
    starts_at = models.DateTimeField(db_index=True)
    # upcoming() and past() split on it on every events listing.
    ends_at = models.DateTimeField(db_index=True)
    timezone = models.CharField(
        "time zone",
        max_length=64,
        choices=TIME_ZONE_CHOICES,
        default=settings.TIME_ZONE,
        help_text="Where the event takes place; readers see its times in this zone.",
    )
    venue_name = SingleLineField(max_length=200, blank=True)
    venue_address = models.TextField(blank=True)
    is_online = models.BooleanField(
        "online", default=False, help_text="Streamed or held online (with or without a venue)."
    )
    description = RichTextField(blank=True)
    speakers = models.ManyToManyField(
        Person, through="EventSpeaker", related_name="events", blank=True
    )
    topics = TaggableManager("topics", through="EventTopic", related_name="events", blank=True)
    regions = models.ManyToManyField(Region, related_name="events", blank=True)
    registration_url = models.URLField(
        "registration link", blank=True, help_text="Shown until the event ends."
    )
    video_url = models.URLField("video link", blank=True, help_text="Shown once the event is over.")
    summary = RichTextField(
        blank=True,
        help_text="The write-up after the event. Once posted, it leads the event's page.",
    )
    summary_published_at = models.DateTimeField(
        "summary posted", null=True, blank=True, editable=False
    )
    summary_author = staff_stamp(related_name="event_summaries")
    related_publications = models.ManyToManyField(
        Publication,
        related_name="events",
        blank=True,
        help_text="The analyses that report on this event.",
    )
    search_vector = SearchVectorField(null=True, editable=False)

    objects = EventQuerySet.as_manager()
    history = Revisions(
        m2m_fields=["speakers", "regions", "related_publications"],
        excluded_fields=["search_vector"],
    )

    class Meta:
        ordering = ["-starts_at", "-pk"]
        get_latest_by = "starts_at"
        indexes = [
            # What readers of one language may see.
            models.Index(fields=["language", "status", "publish_at"], name="event_listing_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=F("starts_at")), name="event_ends_after_it_starts"
            ),
            models.UniqueConstraint(
                fields=["language", "slug"], name="event_slug_unique_per_language"
            ),
            models.UniqueConstraint(
                fields=["edition_of", "language"],
                condition=Q(edition_of__isnull=False),
                name="one_event_edition_per_language",
            ),
        ]
        permissions = [("publish_event", "Can publish, schedule and unpublish events")]

    def get_absolute_url(self):
        # An edition lives under its own language's prefix, whatever the page linking to it.
        with translation.override(self.language):
            return reverse("events:detail", args=[self.slug])

    @classmethod
    def search_vector_expression(cls):
        return weighted_vector(
            "title",
            without_tags("description"),
            without_tags("summary"),
            names_of(EventSpeaker, "event"),
        )

    @property
    def zone_info(self):
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def zone_label(self):
        """'Almaty time, UTC+5', with the offset in force on the event's day."""
        return zone_label(self.timezone, self.starts_at)

    @property
    def venue_label(self):
        """The venue's name, unless it only repeats that the event is online."""
        if self.is_online and self.venue_name.strip().casefold() == "online":
            return ""
        return self.venue_name

    @property
    def is_over(self):
        return self.ends_at < timezone.now()

    @property
    def show_registration(self):
        return bool(self.registration_url) and not self.is_over

    @property
    def show_video(self):
        return bool(self.video_url) and self.is_over

    @property
    def ordered_speakers(self):
        return list(self.speaker_links.all())

    def post_summary(self, author):
        """Stamp the summary the first time it is posted; later edits keep the original date."""
        if self.summary and self.summary_published_at is None:
            self.summary_published_at = timezone.now()
            self.summary_author = author


class EventTopic(TaggedItemBase):
    content_object = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="topic_links")
    tag = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="event_links")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_event_topic")
        ]
        # A topic's events (the topic filter, its counts) from the index alone.
        indexes = [models.Index(fields=["tag", "content_object"], name="event_topic_tag_idx")]


keep_search_current(Event, links=[(EventSpeaker, "event_id")], people="speaker_links__person")
