from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext, gettext_lazy
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from editorial.images import delete_renditions_with, refresh_renditions
from editorial.models import Topic, named_on_something_public, public_mentions, reader_language
from editorial.plaintext import SingleLineField
from editorial.revisions import Revisions
from editorial.richtext import RichTextField
from editorial.search import keep_search_current
from editorial.uploads import SanitisedImageField


class PersonQuerySet(models.QuerySet):
    def experts(self):
        return self.filter(is_expert=True)

    def public(self):
        """People readers may see: experts, and anyone named on something published.

        Someone added for an embargoed report's byline, or a speaker at an event still in
        draft, has no public page until that item goes out.
        """
        return self.filter(Q(is_expert=True) | named_on_something_public(self.model))

    def with_roles(self):
        """Annotates what each person is to our published work: `role_label` reads it.

        Subqueries rather than prefetches, so a listing costs no extra query.
        """
        mentions = public_mentions(self.model)
        return self.annotate(
            is_author=mentions["publications"],
            is_quoted=mentions["quoted_in"],
            is_speaker=mentions["events"],
        )


class Person(models.Model):
    """Anyone named on the site: staff experts, outside authors, speakers, people quoted."""

    name = SingleLineField(max_length=200)
    sort_name = SingleLineField(
        max_length=200,
        blank=True,
        db_index=True,
        help_text='How the name is alphabetised, e.g. "Stent, Angela". Filled in when left empty.',
    )
    slug = models.SlugField(max_length=200, unique=True)
    title = SingleLineField(
        "role", max_length=200, blank=True, help_text='e.g. "Senior Advisor, Russia and Europe".'
    )
    affiliation = SingleLineField(
        max_length=200, blank=True, help_text="The organisation, when it is not ours."
    )
    is_expert = models.BooleanField(
        "listed as an expert",
        default=False,
        help_text="Experts appear in the experts directory. Everyone keeps a page of their own.",
    )
    bio = RichTextField(blank=True)
    #: {language code: bio} in the site's other languages, sanitised like `bio`.
    bio_translations = models.JSONField(default=dict, blank=True)
    photo = SanitisedImageField(
        upload_to="people/",
        blank=True,
        width_field="photo_width",
        height_field="photo_height",
    )
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_renditions = models.JSONField(default=list, blank=True, editable=False)
    photo_alt = SingleLineField("photo alt text", max_length=300, blank=True)
    photo_credit = SingleLineField(max_length=200, blank=True)
    topics = TaggableManager("expertise", through="PersonTopic", related_name="people", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    #: Set when someone without the publish permission asks an editor to list this person as
    #: an expert or to look over their page; cleared when an editor has done so.
    submitted_for_review_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = PersonQuerySet.as_manager()
    history = Revisions(excluded_fields=["photo_renditions"])

    class Meta:
        ordering = ["sort_name", "name"]
        indexes = [models.Index(fields=["photo"], name="person_photo_name_idx")]
        verbose_name_plural = "people"
        permissions = [("publish_person", "Can make people public and change public people")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.sort_name:
            self.sort_name = default_sort_name(self.name)
        if not self.slug:
            self.slug = slugify(self.name)
        refresh_renditions(self, "photo", "photo_renditions")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("people:detail", args=[self.slug])

    @property
    def display_bio(self):
        """The bio in the reader's language, or the main one when it has not been written."""
        return (self.bio_translations or {}).get(reader_language()) or self.bio

    @property
    def initials(self):
        parts = [part for part in self.name.replace("-", " ").split() if part[:1].isalpha()]
        return "".join(part[0] for part in parts[:1] + parts[1:][-1:]).upper()

    @property
    def is_ours(self):
        # Without a migration, the affiliation tells them apart: it names the organisation
        # of anyone who is not on our staff.
        return not self.affiliation

    @property
    def role_label(self):
        """What this person is to our work: "Expert" for our own experts, otherwise what they
        did in published items ("Quoted · Speaker"). Needs PersonQuerySet.with_roles()."""
        if self.is_expert and self.is_ours:
            return gettext("Expert")
        roles = [str(label) for flag, label in ROLE_FLAGS if getattr(self, flag, False)]
        return " · ".join(roles) or (gettext("Expert") if self.is_expert else "")

    @property
    def role_line(self):
        """ "Senior Advisor, Free Russia Foundation": what a byline or card shows under a name."""
        return ", ".join(part for part in (self.title, self.affiliation) if part)


#: The annotations of PersonQuerySet.with_roles() and the label each gives.
ROLE_FLAGS = (
    ("is_author", gettext_lazy("Author")),
    ("is_quoted", gettext_lazy("Quoted")),
    ("is_speaker", gettext_lazy("Speaker")),
)


def default_sort_name(name):
    parts = name.split()
    if len(parts) < 2:
        return name
    return f"{parts[-1]}, {' '.join(parts[:-1])}"


class PersonTopic(TaggedItemBase):
    content_object = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="topic_links")
    tag = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="person_links")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_person_topic")
        ]


# On SQLite people have search rows of their own; PostgreSQL searches their columns live.
keep_search_current(Person)

# A deleted item's renditions go with it; "Recover deleted" remakes them from the upload.
delete_renditions_with(Person, "photo", "photo_renditions")
