"""Rich text that is safe to render: every stored HTML value passes our nh3 allow-list.

Publications own the idea; people (bios) and events (descriptions, summaries) use the same
field, so what a reader's browser can receive is decided here and nowhere else.
"""

from html import unescape

import nh3
from django.utils.html import strip_tags
from django_prose_editor.fields import ProseEditorField

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "h2",
        "h3",
        "h4",
        "strong",
        "b",
        "em",
        "i",
        "a",
        "ul",
        "ol",
        "li",
        "blockquote",
        "figure",
        "figcaption",
    }
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})
# nh3 puts this on every link it keeps: external ones must not get a handle on our window,
# and on internal ones it costs nothing.
LINK_REL = "noopener noreferrer"

_cleaner = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
    url_schemes=set(ALLOWED_URL_SCHEMES),
    link_rel=LINK_REL,
    strip_comments=True,
)


def plain_text(html):
    """The words of sanitised HTML as plain text: no tags, no entities, single spaces.

    For places that are not HTML: meta tags, JSON-LD, calendar files, excerpts.
    """
    return " ".join(unescape(strip_tags(html or "")).split())


def sanitize_html(html):
    """Return `html` reduced to the allow-list; anything else is dropped, text is kept."""
    if not html:
        return ""
    return _cleaner.clean(html).strip()


#: What the admin's editor offers: a subset of the allow-list (figures come from pasted HTML).
EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "Link": {"protocols": sorted(ALLOWED_URL_SCHEMES), "enableTarget": False},
}


class RichTextField(ProseEditorField):
    """HTML edited with django-prose-editor (assets ship with the package: no CDN).

    The value is sanitised against our allow-list when a form is cleaned and again on every
    save, whatever path the save takes (admin, shell, demo loader, a restore).
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("config", {"extensions": EDITOR_EXTENSIONS})
        kwargs.setdefault("sanitize", sanitize_html)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        value = sanitize_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.TextField", args, kwargs
