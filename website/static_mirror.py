"""Where each address of the static mirror is written, and how links in its pages and
stylesheets are rewritten (website/static_export.py explains the scheme)."""

import html
import re
from urllib.parse import parse_qsl, unquote

from django.utils.text import slugify

EXTENSIONS = {
    "text/html": ".html",
    "text/css": ".css",
    "text/plain": ".txt",
    "text/calendar": ".ics",
    "application/rss+xml": ".xml",
    "application/atom+xml": ".xml",
    "application/xml": ".xml",
    "text/xml": ".xml",
    "application/json": ".json",
}
TAG = re.compile(r"<(a|link|img|source|script|meta|area|iframe)\b[^>]*>", re.IGNORECASE)
ATTRIBUTE = re.compile(r'(\s)(href|src|srcset|content)="([^"]*)"', re.IGNORECASE)
FORM = re.compile(r"<form\b([^>]*)>.*?</form>", re.IGNORECASE | re.DOTALL)
FORM_ACTION = re.compile(r'\saction="([^"]*)"', re.IGNORECASE)
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
#: The time a feed or calendar file was made, not a change in it: an empty feed says "updated
#: now", and every .ics carries the moment it was written (DTSTAMP).
VOLATILE = re.compile(rb"<updated>[^<]*</updated>|<lastBuildDate>[^<]*</lastBuildDate>|DTSTAMP:\S*")
META_IMAGES = {"og:image", "og:image:url", "og:image:secure_url", "twitter:image"}


class ExportRefused(Exception):
    """The export cannot start or go on; the message says why in the reader's terms."""


def file_for(url, content_type):
    """The relative file path of `url` (path and normalised query) in the export."""
    path, _, query = url.partition("?")
    parts = [unquote(part) for part in path.split("/") if part]
    if any(part in (".", "..") or "\\" in part for part in parts):
        raise ExportRefused(f"Refusing an address that climbs out of the folder: {url}")
    extension = EXTENSIONS.get(content_type, "")
    if path.endswith("/"):
        folders, name = parts, "index" + (extension or ".html")
    else:
        folders, name = parts[:-1], parts[-1]
        if extension and "." not in name:
            name += extension
    if query:
        folders = [*folders, "_"] + [
            f"{slugify(key)}-{slugify(value)}" if value else slugify(key) or "_"
            for key, value in parse_qsl(query, keep_blank_values=True)
        ]
    return "/".join([*folders, name])


def same_content(old, new):
    return old == new or VOLATILE.sub(b"", old) == VOLATILE.sub(b"", new)


def rewrite_html(text, link, is_search):
    """`text` with every link passed through `link(value)`: to find them while crawling, to
    point them at files when writing. Forms go unless `is_search(action)`."""

    def form(match):
        action = FORM_ACTION.search(match.group(1))
        if not action or not is_search(html.unescape(action.group(1))):
            # A filter's "find by name" box needs the server; its links stay around it.
            return ""
        new = html.escape(link(html.unescape(action.group(1))))
        return match.group(0).replace(action.group(0), f' action="{new}"', 1)

    def tag(match):
        whole = match.group(0)
        name = match.group(1).lower()
        lowered = whole.lower()
        if "data-main-site" in lowered or (
            name == "link" and ('rel="canonical"' in lowered or "hreflang=" in lowered)
        ):
            return whole
        if name == "meta":
            kind = re.search(r'(?:property|name)="([^"]+)"', whole)
            if not kind or kind.group(1).lower() not in META_IMAGES:
                return whole

        def attribute(found):
            attr, value = found.group(2).lower(), html.unescape(found.group(3))
            if attr == "content" and name != "meta":
                return found.group(0)
            if attr == "srcset":
                candidates = [c.strip().split(None, 1) for c in value.split(",") if c.strip()]
                value = ", ".join(" ".join([link(c[0]), *c[1:]]) for c in candidates)
            else:
                value = link(value)
            return f'{found.group(1)}{found.group(2)}="{html.escape(value)}"'

        return ATTRIBUTE.sub(attribute, whole)

    return TAG.sub(tag, FORM.sub(form, text))


def rewrite_css(text, link):
    return CSS_URL.sub(lambda m: f"url({m.group(1)}{link(m.group(2))}{m.group(1)})", text)
