"""RSS 2.0 and Atom feeds of publications: all of them, or one topic's, type's, region's or
author's. Each item carries the full summary, the authors, the topics as categories and the
hero image as an enclosure."""

import copy

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext

from editorial.models import Region, Topic
from editorial.uploads import MEDIA_CONTENT_TYPES
from people.models import Person
from publications.forms import PublicationFilterForm
from publications.models import CARD_DEFERRED, Publication, PublicationType
from publications.sources import SourceNote
from publications.views import list_url

FEED_SIZE = 30

#: The feeds narrow publications as the list's filters do, e.g. /feed/topic/<slug>/.
SCOPES = ("topic", "type", "region", "expert")


class PublicationsFeed(Feed):
    feed_type = Rss201rev2Feed

    def __call__(self, request, *args, **kwargs):
        # The URLconf holds one instance for every request: keep this request's state apart.
        feed = copy.copy(self)
        feed.request = request
        return Feed.__call__(feed, request, *args, **kwargs)

    def get_object(self, request, kind=None, slug=None):
        if kind is None:
            return None
        if kind not in SCOPES:
            raise Http404("No such feed.")
        self.kind = kind
        queryset = PublicationFilterForm.base_fields[kind].queryset
        return get_object_or_404(queryset, slug=slug)

    def title(self, scope):
        if scope is None:
            return gettext("%(site)s: publications") % {"site": settings.SITE_NAME}
        label = (
            scope.display_plural_name
            if isinstance(scope, PublicationType)
            else getattr(scope, "display_name", str(scope))
        )
        return f"{settings.SITE_NAME}: {label}"

    def link(self, scope):
        if scope is None:
            return reverse("publications:list")
        if isinstance(scope, (Topic, Region, Person)):
            return scope.get_absolute_url()
        return list_url(type=scope.slug)

    def description(self, scope):
        if scope is None:
            return gettext("The latest analyses, reports and briefs.")
        latest = gettext("The latest publications: %(scope)s.") % {"scope": scope}
        return getattr(scope, "description", "") or latest

    subtitle = description

    def items(self, scope):
        # A feed carries summaries, never bodies.
        publications = Publication.objects.for_readers().for_cards().defer(*CARD_DEFERRED)
        if scope is not None:
            lookup = PublicationFilterForm.LOOKUPS[self.kind]
            # Each scope follows a link held once per publication: no DISTINCT needed, which
            # would make the database read every publication in scope before the newest 30.
            publications = publications.filter(**{lookup: scope})
        return publications[:FEED_SIZE]

    def item_title(self, publication):
        return publication.title

    def item_description(self, publication):
        # Feed readers render descriptions as HTML; the summary is plain text.
        source = SourceNote.of(publication)
        if source:
            return f"<p>{escape(publication.summary)}</p><p>{escape(source.plain())}</p>"
        return escape(publication.summary)

    def item_pubdate(self, publication):
        return publication.publish_at

    def item_updateddate(self, publication):
        return publication.updated_at

    def item_author_name(self, publication):
        return publication.byline or None

    def item_categories(self, publication):
        return [topic.name for topic in publication.topics.all()]

    def item_enclosure_url(self, publication):
        if publication.image:
            return self.request.build_absolute_uri(publication.image.url)
        return None

    def item_enclosure_length(self, publication):
        try:
            return publication.image.size
        except (OSError, ValueError):
            return 0

    def item_enclosure_mime_type(self, publication):
        suffix = "." + publication.image.name.rsplit(".", 1)[-1].lower()
        return MEDIA_CONTENT_TYPES.get(suffix, "image/jpeg")


class PublicationsAtomFeed(PublicationsFeed):
    feed_type = Atom1Feed
