"""The editorial foundation's models: the one rule of what readers may see, and what every
content kind shares (kinds, topics, regions, site settings), and the redirects of addresses
that moved.

Topic, Region and SiteSettings are defined here, below every content kind, but keep the
`publications` app label they were created under: their tables, permissions and admin
addresses stay where they were, and their migrations stay in publications/migrations.
Redirect came later and is the editorial app's own (editorial/migrations).
"""

from functools import reduce
from operator import or_

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Now
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from taggit.models import TagBase

from editorial.languages import current_language
from editorial.plaintext import SingleLineField


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    REVIEW = "review", "In review"
    PUBLISHED = "published", "Published"
    UNPUBLISHED = "unpublished", "Unpublished"


def default_language():
    """The site's main language (settings.LANGUAGE_CODE): what an item is written in unless
    it is an edition in another of settings.LANGUAGES."""
    return settings.LANGUAGE_CODE


def reader_language():
    """The language of the current request, one of settings.LANGUAGES."""
    return current_language()


def translated(item, field, fallback):
    """The `field` text of a kind, topic or region in the reader's language, or its main text."""
    text = (item.translations or {}).get(reader_language(), {}).get(field)
    return text or fallback


class PublishableQuerySet(models.QuerySet):
    """The one place that decides what readers may see. Events subclass it."""

    def published(self):
        # Now() is evaluated by the database when the query runs, so a queryset built once
        # (a form field's choices, a module-level constant) never freezes the clock.
        return self.filter(status=Status.PUBLISHED, publish_at__lte=Now())

    def in_language(self, code):
        return self.filter(language=code)

    def for_readers(self, code=None):
        """What readers of one language may see: published items written in `code`, or in
        the language of the current request when none is given."""
        return self.published().in_language(code or reader_language())


def staff_stamp(**kwargs):
    """The staff member the admin records on an item for something they did (created it,
    posted its summary): never edited in a form, and forgotten, not the item deleted, when
    their account goes."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        **kwargs,
    )


class Publishable(models.Model):
    status = models.CharField(
        max_length=20,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text="Readers see the item only when it is published and its publish date has come.",
    )
    publish_at = models.DateTimeField(
        "publish date",
        null=True,
        blank=True,
        help_text=(
            "When the item goes public. Leave empty to publish at once; a future date "
            "schedules it and it appears by itself at that time."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = staff_stamp(related_name="+")
    #: Who last submitted the item for review, and when: the desk shows how long it waits.
    submitted_by = staff_stamp(related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    #: The language the item is written in, one of settings.LANGUAGES. An item in another
    #: language than the site's main one is usually an edition of an original: its own item,
    #: reviewed and published on its own, linked by `edition_of`.
    language = models.CharField(max_length=10, default=default_language, db_index=True)
    edition_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="editions",
        verbose_name="edition of",
        help_text="The original this item translates. Delete the editions before the original.",
    )
    #: Raised by one on every save through the admin; a save based on an older version is
    #: refused, so two people editing at once cannot silently overwrite each other.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.status == Status.PUBLISHED and self.publish_at is None:
            self.publish_at = timezone.now()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        original = self.edition_of
        if original is None:
            return
        if original.edition_of_id is not None or original.pk == self.pk:
            raise ValidationError({"edition_of": "Choose the original item, not an edition of it."})
        if original.language == self.language:
            raise ValidationError(
                {"language": "An edition is in another language than its original."}
            )

    @property
    def is_published(self):
        return (
            self.status == Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= timezone.now()
        )

    @property
    def state_label(self):
        """What the item is to readers right now, in the words the editorial desk uses."""
        if self.is_scheduled:
            when = date_format(timezone.localtime(self.publish_at), "DATETIME_FORMAT")
            return f"Scheduled for {when}"
        return self.get_status_display()

    @property
    def is_scheduled(self):
        return (
            self.status == Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at > timezone.now()
        )


#: Our addresses take ASCII slugs: a Russian or Ukrainian title is spelt in Latin letters
#: for its slug, as the admin's slug field (Django's URLify) does while typing.
CYRILLIC_TO_LATIN = str.maketrans(
    {
        **dict(zip("абвгдезийклмнопрстуфхцыэ", "abvgdezijklmnoprstufhcye", strict=True)),
        **{"ё": "yo", "ж": "zh", "ч": "ch", "ш": "sh", "щ": "sch", "ъ": "", "ь": ""},
        **{"ю": "yu", "я": "ya", "є": "ye", "і": "i", "ї": "yi", "ґ": "g"},
    }
)


class TitledItem:
    """For a content model with `title` and `slug`: it is named by its title, and its slug
    is made from the title when left empty."""

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.title.lower().translate(CYRILLIC_TO_LATIN))[:255]
        super().save(*args, **kwargs)


def visible_to_readers(model):
    """What readers may see of `model`: published() for content, public() for the rest."""
    queryset = model._default_manager.all()
    return queryset.published() if issubclass(model, Publishable) else queryset.public()


def public_mentions(model):
    """{reverse accessor: condition} for each many-to-many field of a kind that names
    `model`'s rows (bylines, experts quoted, speakers, topics, regions): the condition holds
    when something readers may see names the row through that field. The keys are the names
    of the reverse lookups on `model` ("publications", "quoted_in", "events").

    Found through reverse relations, so this layer never imports the kinds above it.
    """
    return {
        rel.get_accessor_name(): Exists(
            visible_to_readers(rel.related_model).filter(**{rel.field.name: OuterRef("pk")})
        )
        for rel in model._meta.related_objects
        if rel.many_to_many
    }


def named_on_something_public(model):
    conditions = list(public_mentions(model).values())
    return reduce(or_, conditions) if conditions else Q(pk__in=[])


class TranslatedName:
    """For a model with `name` and a `translations` JSON: its name in the reader's language."""

    @property
    def display_name(self):
        return translated(self, "name", self.name)


class TranslatedSubject(TranslatedName):
    """A topic or region: its name and description in the reader's language."""

    @property
    def display_description(self):
        return translated(self, "description", self.description)


class Kind(TranslatedName, models.Model):
    """A kind of content staff can add without a deploy: publication types, event kinds."""

    name = SingleLineField(
        max_length=80, unique=True, help_text='Singular, e.g. "Peace Brief" or "Panel discussion".'
    )
    plural_name = SingleLineField(
        max_length=80, help_text='e.g. "Peace Briefs" or "Panel discussions".'
    )
    slug = models.SlugField(max_length=80, unique=True)
    display_order = models.PositiveSmallIntegerField(
        default=0, help_text="Lower numbers come first in menus and filters."
    )
    #: {language code: {"name": ..., "plural_name": ...}} for the site's other languages.
    translations = models.JSONField(default=dict, blank=True)

    class Meta:
        abstract = True
        ordering = ["display_order", "name"]

    def __str__(self):
        return self.name

    @property
    def display_plural_name(self):
        return translated(self, "plural_name", self.plural_name)


class TopicQuerySet(models.QuerySet):
    def public(self):
        """Topics readers may see: those on something published or on someone public.

        A public person's expertise counts: their page links the topic and the topic's page
        lists them, so the page has something to show. A topic used only on drafts, on
        scheduled items or on hidden people is, to readers, unknown.
        """
        return self.filter(named_on_something_public(self.model))


class Topic(TranslatedSubject, TagBase):
    """An issue area ("Global Policy"). Publications, people and events are tagged with it."""

    name = SingleLineField(unique=True, max_length=100)
    # taggit allows any Unicode letters in slugs; our URLs take ASCII slugs only.
    slug = models.SlugField(unique=True, max_length=100)
    description = models.TextField(blank=True, help_text="A sentence or two for the topic's page.")
    #: {language code: {"name": ..., "description": ...}} for the site's other languages.
    translations = models.JSONField(default=dict, blank=True)

    objects = TopicQuerySet.as_manager()

    class Meta:
        app_label = "publications"
        ordering = ["name"]
        permissions = [("publish_topic", "Can change topics readers can see")]

    def get_absolute_url(self):
        return reverse("publications:topic", args=[self.slug])


class RegionQuerySet(models.QuerySet):
    def public(self):
        """Regions readers may see: those of a published publication or event.

        A region used only on drafts or scheduled items is, to readers, unknown (404).
        """
        return self.filter(named_on_something_public(self.model))


class Region(TranslatedSubject, models.Model):
    name = SingleLineField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    #: {language code: {"name": ..., "description": ...}} for the site's other languages.
    translations = models.JSONField(default=dict, blank=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        app_label = "publications"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("publications:region", args=[self.slug])


class SiteSettings(models.Model):
    """Site-wide switches editors control, one row."""

    shows_demo_notice = models.BooleanField(
        "show the demo notice",
        default=False,
        help_text="Says in every page's footer that the institute and its staff are fictional "
        "and that real people are quoted from public reporting. load_demo turns it on.",
    )

    class Meta:
        app_label = "publications"
        verbose_name = verbose_name_plural = "site settings"

    def __str__(self):
        return "Site settings"

    @classmethod
    def current(cls):
        return cls.objects.filter(pk=1).first() or cls(pk=1)


class Redirect(models.Model):
    """An old address that answers 301 with a new one (editorial.redirects): left by a public
    item's slug change, added by hand or imported from an old site's list of addresses."""

    old_path = models.CharField(
        "old path",
        max_length=500,
        unique=True,
        help_text="The address readers or search engines still ask for, as a path on this "
        "site, e.g. “/research/2019/exiles.html”. It must not be a page readers can see: a "
        "redirect is followed only where there is no page.",
    )
    new_path = models.CharField(
        "new path",
        max_length=500,
        help_text="Where to send them: a path on this site, e.g. "
        "“/publications/russias-anti-war-exiles/”, or a full address starting with "
        "“https://”. Readers get a permanent redirect (301).",
    )
    created_at = models.DateTimeField("created", auto_now_add=True)
    created_by = staff_stamp(related_name="+", verbose_name="created by")

    class Meta:
        ordering = ["old_path"]
        verbose_name = "redirect"
        verbose_name_plural = "redirects"

    def __str__(self):
        return f"{self.old_path} → {self.new_path}"
