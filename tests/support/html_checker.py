"""The HTML checker: finds every place where a response could run code it was not written with.

HTML is parsed for script of any kind, event-handler attributes, `javascript:`/`data:` URLs,
CSS expressions and embedding elements; feeds are parsed as XML and what feed readers render
as HTML is held to the same rules; an iCalendar file must keep hostile text inside its
properties. Hostile test data carries markers `xss-<n>` (MARKER) so a leak is recognisable.
"""

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from http import HTTPStatus

import pytest
from icalendar import Calendar

from editorial.plaintext import flatten

MARKER = re.compile(r"xss-\d+")

#: Elements that run code or embed another document: none may come from stored data.
FORBIDDEN_TAGS = frozenset(
    {
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "svg",
        "math",
        "base",
        "xss",
        "mglyph",
        "mtext",
    }
)
URL_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "data",
        "action",
        "formaction",
        "xlink:href",
        "poster",
        "background",
        "codebase",
        "cite",
        "srcset",
    }
)
BAD_SCHEMES = ("javascript:", "data:", "vbscript:")
#: Inline scripts that hold data, not code (import maps, json_script).
DATA_SCRIPT_TYPES = frozenset({"application/json", "importmap", "application/ld+json"})
#: What browsers ignore inside a URL: ASCII whitespace and control characters.
URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")


def normalised(value):
    return URL_NOISE.sub("", value or "").casefold()


class ExecutableMarkupFinder(HTMLParser):
    """Collects every place where a page could run code it was not written with."""

    def __init__(self, *, admin=False):
        super().__init__(convert_charrefs=True)
        self.problems = []
        # The admin's editor holds the stored HTML in a <textarea> (escaped: the editor's
        # business), and the admin draws its icons with inline SVG of its own.
        self.admin = admin
        self.forbidden_tags = FORBIDDEN_TAGS - {"svg"} if admin else FORBIDDEN_TAGS
        self.textarea_depth = 0
        self.raw_tag = None
        self.raw_attrs = {}
        self.raw_text = []

    def problem(self, message):
        self.problems.append(f"line {self.getpos()[0]}: {message}")

    def handle_starttag(self, tag, attrs):
        if tag == "textarea":
            self.textarea_depth += 1
        if self.admin and self.textarea_depth and tag != "textarea":
            return
        attributes = dict(attrs)
        if tag in self.forbidden_tags or "<" in tag:
            self.problem(f"<{tag}> element")
        if tag in {"script", "style"}:
            self.raw_tag, self.raw_attrs, self.raw_text = tag, attributes, []
        if tag == "script" and attributes.get("src") is not None:
            src = attributes["src"].strip()
            if not src.startswith("/") or src.startswith("//"):
                self.problem(f"<script src={src!r}> from elsewhere")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problem(f"<{tag} {name}={value!r}> event handler")
            if name in URL_ATTRIBUTES and normalised(value).startswith(BAD_SCHEMES):
                self.problem(f"<{tag} {name}={value!r}> script URL")
            if name == "srcset" and any(scheme in normalised(value) for scheme in BAD_SCHEMES):
                self.problem(f"<{tag} srcset={value!r}> script URL")
            if name == "style" and (
                "expression" in normalised(value) or "javascript:" in normalised(value)
            ):
                self.problem(f"<{tag} style={value!r}> CSS expression")
        if (
            tag == "meta"
            and (attributes.get("http-equiv") or "").lower() == "refresh"
            and any(scheme in normalised(attributes.get("content")) for scheme in BAD_SCHEMES)
        ):
            self.problem(f"<meta refresh {attributes.get('content')!r}>")

    def handle_endtag(self, tag):
        if tag == "textarea" and self.textarea_depth:
            self.textarea_depth -= 1
        if tag != self.raw_tag:
            return
        text = "".join(self.raw_text)
        if tag == "script":
            self.check_script(text)
        elif MARKER.search(text) or "expression" in text or "javascript:" in text:
            self.problem(f"<style> holding {text[:80]!r}")
        self.raw_tag = None

    def check_script(self, text):
        script_type = (self.raw_attrs.get("type") or "").strip().lower()
        if self.raw_attrs.get("src") is not None:
            if text.strip():
                self.problem(f"<script src> holding {text[:80]!r}")
        elif script_type in DATA_SCRIPT_TYPES:
            # Data is fine (JSON-LD, import maps) as long as it stays data: escaped the way
            # json_script does it, no "<" can end the element or open a comment inside it.
            if "<" in text:
                self.problem(f"raw '<' in a {script_type} script: {text[:120]!r}")
            try:
                json.loads(text)
            except ValueError:
                self.problem(f"{script_type} script is not JSON: {text[:120]!r}")
        else:
            self.problem(f"inline <script> {text[:80]!r}")

    def handle_data(self, data):
        if self.raw_tag:
            self.raw_text.append(data)


def executable_markup(html, *, admin=False):
    finder = ExecutableMarkupFinder(admin=admin)
    finder.feed(html)
    finder.close()
    return finder.problems


def assert_html_is_inert(url, html, payload, *, admin=False):
    problems = executable_markup(html, admin=admin)
    assert not problems, f"{url} runs hostile input {payload!r}:\n" + "\n".join(problems)
    # Every payload loses something to the sanitiser, so a verbatim copy is unescaped output.
    assert payload not in html, f"{url} prints {payload!r} unescaped"


ATOM = "{http://www.w3.org/2005/Atom}"
#: RSS item elements that feed readers render as HTML (`encoded` is content:encoded).
RSS_HTML_ITEM_ELEMENTS = frozenset({"description", "encoded"})


def html_in_feed(root):
    """(element name, text) of what a feed reader renders as HTML.

    Atom says so with type="html" (its default is plain text); in RSS an item's description
    (and content:encoded) is HTML, entity-escaped once inside the XML.
    """
    parents = {child: parent for parent in root.iter() for child in parent}
    for element in root.iter():
        if not element.text:
            continue
        local_name = element.tag.rpartition("}")[2]
        if element.tag.startswith(ATOM):
            if element.get("type") == "html":
                yield local_name, element.text
        elif local_name in RSS_HTML_ITEM_ELEMENTS and parents.get(element, root).tag == "item":
            yield local_name, element.text


def assert_xml_is_inert(url, body, payload):
    try:
        root = ET.fromstring(body)  # noqa: S314 - our own response, parsed to be checked
    except ET.ParseError as error:
        pytest.fail(f"{url} is not well-formed XML with {payload!r} in the data: {error}")
    for name, html in html_in_feed(root):
        problems = executable_markup(html)
        assert not problems, f"{url} <{name}> is HTML to feed readers and runs {payload!r}: " + (
            "; ".join(problems)
        )


def assert_calendar_is_inert(url, body, event):
    calendar = Calendar.from_ical(body)
    entries = calendar.walk("VEVENT")
    assert len(entries) == 1, f"{url}: {event.title!r} injected calendar entries"
    # iCalendar text has no carriage returns: a line break comes back as "\n".
    assert str(entries[0]["SUMMARY"]) == flatten(event.title)
    lines = body.split(b"\r\n")
    assert lines.count(b"BEGIN:VEVENT") == 1
    assert sum(line.startswith(b"SUMMARY:") for line in lines) == 1


def assert_response_is_inert(url, response, payload, event=None, *, admin=False):
    assert response.status_code == HTTPStatus.OK, f"{url} answered {response.status_code}"
    content_type = response.get("Content-Type", "").split(";")[0].strip()
    body = response.content
    if content_type == "text/html":
        assert_html_is_inert(url, body.decode(), payload, admin=admin)
    elif content_type.endswith("xml"):
        assert_xml_is_inert(url, body, payload)
    elif content_type == "text/calendar":
        assert_calendar_is_inert(url, body, event)
    elif content_type == "application/json":
        assert payload not in body.decode(), f"{url} holds {payload!r} unescaped"
