"""One address of every kind of public page, picked from whatever the database holds.

Used to check each page's queries (``manage.py explain_pages``) and to load the site
(``make bench``) on the demo and on a bulk-loaded archive alike. A kind with nothing public is
left out rather than sampled as a 404.
"""

import math
import re
from collections import Counter
from urllib.parse import urlencode

from django.urls import reverse

from editorial.listings import PAGE_SIZE
from events.models import Event
from people.models import Person
from publications.models import Publication

#: At 100,000 publications the last page is 5,000; the issue measured page 2,000.
DEEP_PAGE_LIMIT = 2000


def search_word(titles):
    """The most common word of five letters or more in `titles`: one that surely exists and
    matches more than a single item."""
    words = Counter(word.lower() for title in titles for word in re.findall(r"[^\W\d_]{5,}", title))
    return min(words.items(), key=lambda item: (-item[1], item[0]))[0] if words else "policy"


def _author(newest_authored):
    """An author of recent work, an expert if any is; else anyone readers may see."""
    authors = [
        authorship.person
        for publication in newest_authored
        for authorship in publication.authorships.all()
    ]
    for person in authors:
        if person.is_expert:
            return person
    return authors[0] if authors else Person.objects.public().order_by("sort_name").first()


def sample_pages():
    """{label: path} for every kind of public page that has something to show."""
    published = Publication.objects.published().order_by("-publish_at", "-pk")
    recent = list(
        published.select_related("type").prefetch_related(
            "topics", "regions", "authorships__person"
        )[:50]
    )
    listing = reverse("publications:list")
    pages = {"home": reverse("publications:home"), "list": listing}
    tagged = next((item for item in recent if item.topics.all()), None)
    if tagged is not None:
        query = urlencode({"type": tagged.type.slug, "topic": tagged.topics.all()[0].slug})
        pages["list, two filters"] = f"{listing}?{query}"
    last_page = math.ceil(published.count() / PAGE_SIZE)
    if last_page > 1:
        pages["deep page"] = f"{listing}?page={min(last_page, DEEP_PAGE_LIMIT)}"
    if recent:
        pages["detail"] = recent[0].get_absolute_url()
    if tagged is not None:
        pages["topic"] = tagged.topics.all()[0].get_absolute_url()
    located = next((item for item in recent if item.regions.all()), None)
    if located is not None:
        pages["region"] = located.regions.all()[0].get_absolute_url()
    pages["experts"] = reverse("people:directory")
    person = _author(item for item in recent if item.authorships.all())
    if person is not None:
        pages["expert"] = person.get_absolute_url()
    pages["events list"] = reverse("events:list")
    event = Event.objects.published().order_by("-starts_at", "-pk").first()
    if event is not None:
        pages["event"] = event.get_absolute_url()
    word = search_word(item.title for item in recent[:20])
    search = reverse("publications:search")
    pages["search, one word"] = f"{search}?{urlencode({'q': word})}"
    other = "policy" if word == "security" else "security"
    pages["search, two words"] = f"{search}?{urlencode({'q': f'{word} {other}'})}"
    pages["search, phrase"] = f"{search}?{urlencode({'q': f'"{word} {other}"'})}"
    pages["RSS feed"] = reverse("publications:feed")
    pages["events feed"] = reverse("events:feed")
    pages["sitemap"] = reverse("sitemap")
    pages["sitemap section"] = reverse("sitemap_section", args=["publications"])
    return pages
