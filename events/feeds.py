from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape

from editorial.richtext import plain_text
from events.models import Event

FEED_SIZE = 30


class EventsFeed(Feed):
    """Published events, latest start first, with their summaries once posted."""

    feed_type = Rss201rev2Feed
    description = "Forums, panels and webinars: what is coming, and what was said."
    subtitle = description

    def title(self):
        return f"{settings.SITE_NAME}: events"

    def link(self):
        return reverse("events:list")

    def items(self):
        return Event.objects.published().for_cards().prefetch_related("topics")[:FEED_SIZE]

    def item_title(self, event):
        when = event.starts_at.astimezone(event.zone_info).strftime("%B %-d, %Y")
        return f"{event.title} ({event.kind.name}, {when})"

    def item_description(self, event):
        # Feed readers render descriptions as HTML: escape the plain text once.
        return escape(plain_text(event.summary or event.description))

    def item_pubdate(self, event):
        return event.publish_at

    def item_updateddate(self, event):
        return event.updated_at

    def item_author_name(self, event):
        return ", ".join(link.person.name for link in event.ordered_speakers) or None

    def item_categories(self, event):
        return [topic.name for topic in event.topics.all()]


class EventsAtomFeed(EventsFeed):
    feed_type = Atom1Feed
