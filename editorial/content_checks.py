"""Content checks before publishing: what a careful editor would catch on reading a piece.

Each check is found by the fields a model has, so publications and events share them: a hero
image without alt text (`image`, `image_alt`), a summary longer than cards and search results
show (a plain-text `summary`), no topic (`topics`), a link readers could not follow (any rich
text), headings out of order and a body shorter than a sentence (the `body`, or an event's
`description`). All are warnings an editor may publish past, except the link: readers would
land on a missing or hidden page, so it blocks (editorial/internal_links.py refuses it on every
save, and the checks say so next to the others).
"""

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst

from editorial.internal_links import check_internal_links, named_model
from editorial.richtext import RichTextField, plain_text, sanitize_html
from editorial.search import EXCERPT_WORDS

#: Cards cut the summary after this many words (templates/publications/partials.html, "card").
CARD_SUMMARY_WORDS = 36
#: Search results show at most EXCERPT_WORDS of it: the fewer of the two is what fits both.
SUMMARY_WORDS_SHOWN = min(CARD_SUMMARY_WORDS, EXCERPT_WORDS)
#: Fewer words than this is not yet a sentence a reader could learn anything from.
SENTENCE_WORDS = 8
WORDS_PER_MINUTE = 230
#: The field that holds an item's main text: a publication's body, an event's description.
BODY_FIELDS = ("body", "description")
#: Where one block of text ends and the next begins: words on either side are two words.
BLOCK_BOUNDARY = re.compile(r"<(/?)(p|h[1-6]|li|ul|ol|blockquote|figure|figcaption|br)\b", re.I)
SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*(\s|$)")
ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]


@dataclass(frozen=True)
class ContentCheck:
    """A problem found in an item: what it is, the form field to fix it in, and whether it
    stops the item from being published."""

    message: str
    field: str
    blocks: bool = False
    label: str = ""


@dataclass(frozen=True)
class BodyLength:
    words: int

    @property
    def minutes(self):
        return max(1, round(self.words / WORDS_PER_MINUTE))

    def __str__(self):
        if not self.words:
            return "No text yet."
        noun = "word" if self.words == 1 else "words"
        return f"{self.words:,} {noun} · {self.minutes} min read"


def text_of(html):
    """The words of rich text, paragraphs, headings and list items kept apart."""
    return plain_text(BLOCK_BOUNDARY.sub(r" <\1\2", html or ""))


class _Headings(HTMLParser):
    """(level, text) of each heading in a piece of HTML, in order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.headings, self._open = [], None

    def handle_starttag(self, tag, attrs):
        if re.fullmatch(r"h[1-6]", tag):
            self._open = [int(tag[1]), ""]

    def handle_data(self, data):
        if self._open is not None:
            self._open[1] += data

    def handle_endtag(self, tag):
        if self._open is not None and tag == f"h{self._open[0]}":
            self.headings.append((self._open[0], " ".join(self._open[1].split())))
            self._open = None


def headings_in(html):
    parser = _Headings()
    parser.feed(html or "")
    parser.close()
    return parser.headings


class _Item:
    """The values checks read: those submitted in a form where given, else the saved ones."""

    def __init__(self, item, form_data):
        self.item, self.form_data = item, form_data or {}
        self.model = type(item)

    def field(self, name):
        try:
            return self.model._meta.get_field(name)
        except FieldDoesNotExist:
            return None

    def label(self, name):
        field = self.field(name)
        return capfirst(getattr(field, "verbose_name", name))

    def value(self, name):
        if name in self.form_data:
            value = self.form_data[name]
        elif name == "topics":
            value = list(self.item.topics.all()) if self.item.pk else []
        else:
            value = getattr(self.item, name, None)
        if isinstance(self.field(name), RichTextField):
            return sanitize_html(value if isinstance(value, str) else "")
        return value

    @property
    def body_field(self):
        return next((name for name in BODY_FIELDS if self.field(name) is not None), None)

    def rich_fields(self):
        return [field.name for field in self.model._meta.fields if isinstance(field, RichTextField)]

    def named_people(self):
        """People named on the saved item (byline, speakers, experts quoted): linking their
        pages is fine, since they become public with it."""
        person_model = named_model(self.model)
        if person_model is None or not self.item.pk:
            return []
        return [
            person
            for field in self.model._meta.many_to_many
            if field.related_model is person_model
            for person in getattr(self.item, field.name).all()
        ]


def body_length(item, form_data=None):
    """The length of the item's main text, with the time it takes to read."""
    values = _Item(item, form_data)
    if values.body_field is None:
        return BodyLength(0)
    return BodyLength(len(text_of(values.value(values.body_field)).split()))


def run_checks(item, form_data=None, named_people=None):
    """The content checks of `item`: its saved state, or with `form_data` (a form's cleaned
    values, by field name) in place of what was saved. `named_people` are those the form
    names, if it is a form's; by default those saved on the item."""
    values = _Item(item, form_data)
    checks = []
    checks += _hero_image(values)
    checks += _summary(values)
    checks += _topics(values)
    checks += _links(values, values.named_people() if named_people is None else named_people)
    if values.body_field is not None:
        checks += _headings(values)
        checks += _short_body(values)
    return checks


def _check(values, field, message, blocks=False):
    return ContentCheck(message, field, blocks, values.label(field))


def _hero_image(values):
    if values.field("image") is None or values.field("image_alt") is None:
        return []
    if values.value("image") and not (values.value("image_alt") or "").strip():
        return [
            _check(
                values,
                "image_alt",
                "The hero image has no alt text: readers who cannot see it are told nothing "
                "of what it shows.",
            )
        ]
    return []


def _summary(values):
    field = values.field("summary")
    if field is None or isinstance(field, RichTextField):
        return []
    words = len((values.value("summary") or "").split())
    if words <= SUMMARY_WORDS_SHOWN:
        return []
    return [
        _check(
            values,
            "summary",
            f"The summary has {words} words: cards show only its first {CARD_SUMMARY_WORDS} "
            f"and search results at most {EXCERPT_WORDS}, so readers there see it cut short. "
            f"Keep it to {SUMMARY_WORDS_SHOWN} words.",
        )
    ]


def _topics(values):
    if values.field("topics") is None or values.value("topics"):
        return []
    noun = values.model._meta.verbose_name
    return [
        _check(
            values,
            "topics",
            f"The {noun} has no topic: it will not be on any topic's page, in the topic "
            "filters or in topic feeds.",
        )
    ]


def _links(values, named_people):
    checks = []
    for name in values.rich_fields():
        try:
            check_internal_links(values.value(name), named_people)
        except forms.ValidationError as error:
            label = values.label(name)
            checks += [
                _check(values, name, f"{label}: {message}", blocks=True)
                for message in error.messages
            ]
    return checks


def _ordinal(index):
    return ORDINALS[index] if index < len(ORDINALS) else f"{index + 1}th"


def _headings(values):
    """The page's title is its h1, so the body's headings start at h2 and go down one level
    at a time: screen-reader users move through a page by them."""
    field = values.body_field
    label = values.label(field).lower()
    checks, previous = [], (1, None)
    for index, (level, text) in enumerate(headings_in(values.value(field))):
        if level > previous[0] + 1:
            where = f"The {_ordinal(index)} heading in the {label}, “{text}”, is level {level}"
            if previous[1] is None:
                reason = ", but the page title is level 1, so the first heading should be level 2."
            else:
                reason = (
                    f" and comes after “{previous[1]}” (level {previous[0]}) with no "
                    f"level-{previous[0] + 1} heading between."
                )
            checks.append(_check(values, field, where + reason))
        previous = (level, text)
    return checks


def _short_body(values):
    field = values.body_field
    label = f"The {values.label(field).lower()}"
    text = text_of(values.value(field))
    words = len(text.split())
    if not words:
        message = f"{label} is empty: readers who open the page find nothing but the title."
    elif words < SENTENCE_WORDS:
        noun = "word" if words == 1 else "words"
        message = (
            f"{label} is {words} {noun} long, shorter than a sentence: readers who open the "
            "page find almost nothing."
        )
    elif not SENTENCE_END.search(text):
        message = (
            f"{label} has no full sentence (nothing in it ends with “.”, “?” or “!”): is the "
            "text complete?"
        )
    else:
        return []
    return [_check(values, field, message)]
