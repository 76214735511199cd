from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext, gettext_lazy

from editorial.richtext import plain_text
from editorial.templatetags.reader_dates import reader_date
from events.models import Event

FEED_SIZE = 30


class EventsFeed(Feed):
    """Published events, latest start first, with their summaries once posted."""

    feed_type = Rss201rev2Feed
    description = gettext_lazy("Forums, panels and webinars: what is coming, and what was said.")
    subtitle = description

    def title(self):
        return gettext("%(site)s: events") % {"site": settings.SITE_NAME}

    def link(self):
        return reverse("events:list")

    def items(self):
        return Event.objects.for_readers().for_cards().prefetch_related("topics")[:FEED_SIZE]

    def item_title(self, event):
        # The date in the feed's language, where the event takes place.
        when = reader_date(event.starts_at.astimezone(event.zone_info))
        return f"{event.title} ({event.kind.display_name}, {when})"

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
