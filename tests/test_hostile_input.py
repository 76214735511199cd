"""Hostile input typed into the admin never runs in a reader's (or an editor's) browser.

Every payload goes through every plain and rich text field staff can fill in, over HTTP as a
superuser, exactly as the admin forms submit it. Then every public page is fetched as an
anonymous reader and parsed: no script of our making, no event-handler attribute, no
`javascript:`/`data:` URL, no CSS expression, no embedding element. Plain text is escaped;
rich text is reduced to the allow-list of `publications/richtext.py`.

Pages added later are checked as soon as they exist: parameterless routes (search, feeds,
sitemaps, robots.txt) are read from the URLconf, and from the pages listed here the site's own
links are followed (scoped feeds, citations, facets, pagination), a few pages of each view.
Feeds are parsed as XML and what feed readers render as HTML is held to the same rules;
the iCalendar file must keep hostile text inside its properties.
"""

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import timedelta
from html.parser import HTMLParser
from http import HTTPStatus
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import (
    Resolver404,
    URLPattern,
    URLResolver,
    get_resolver,
    resolve,
    reverse,
)
from django.utils import timezone
from icalendar import Calendar

from editorial.models import Region, Topic
from editorial.plaintext import flatten, has_control_characters
from events.models import Event, EventKind
from people.models import Person
from publications.models import Publication, PublicationType
from tests.conftest import make_person, make_publication, make_region, make_topic, uploaded_jpeg
from tests.test_admin import inline_management, publication_form_data

pytestmark = pytest.mark.django_db

#: Real-world vectors, each with a unique marker. None is longer than 80 characters, the
#: shortest limit of a field it goes into (publication type and event kind names).
PAYLOADS = [
    '<script>alert("xss-1")</script>',
    '<img src=x onerror=alert("xss-2")>',
    "<a href=\"javascript:alert('xss-3')\">xss-3</a>",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">xss-4</a>',
    '<svg onload=alert("xss-5")>',
    "<iframe src=\"javascript:alert('xss-6')\"></iframe>",
    "<div style=\"width: expression(alert('xss-7'))\">xss-7</div>",
    "<p onmouseover=\"alert('xss-8')\">hover xss-8</p>",
    '"><script>alert("xss-9")</script>',
    '</textarea><script>alert("xss-10")</script>',
    '<scr<script>ipt>alert("xss-11")</script>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert("xss-12")>',
    "<a href=\"jav&#x09;ascript:alert('xss-13')\">xss-13</a>",
    "<object data=\"javascript:alert('xss-14')\"></object>",
    '<body onload=alert("xss-15")>',
    "'';!--\"<XSS>=&{()} xss-16",
    # Header and iCalendar injection: a line break must never start a property of its own.
    "xss-17\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:<script>alert('xss-17')</script>",
    "<a href=\" &#14;  javascript:alert('xss-18')\">xss-18</a>",
    "<details open ontoggle=alert('xss-19')>xss-19",
    '<img src="x" alt="" onerror\n=alert(\'xss-20\')>',
    "<style>@import 'javascript:alert(\"xss-21\")';</style>",
    "<!--<img src=\"--><img src=x onerror=alert('xss-22')//\">",
]
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
#: Routes that take a slug and show one item; anything else resolving to them is not routed.
SLUG_VIEWS = frozenset(
    {
        "publications:detail",
        "publications:topic",
        "publications:region",
        "people:detail",
        "events:detail",
        "events:calendar",
    }
)
#: Places feeds, sitemaps and robots.txt usually live, checked when the URLconf routes them.
CANDIDATE_PATHS = [
    "/search/",
    "/feed/",
    "/feeds/",
    "/feeds/publications/",
    "/feeds/events/",
    "/feeds/latest/",
    "/publications/feed/",
    "/events/feed/",
    "/rss/",
    "/atom/",
    "/sitemap.xml",
    "/robots.txt",
]
#: Parameterless routes that are not pages (a redirect to the icon).
NOT_PAGES = frozenset({"/favicon.ico"})


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


# -- Building hostile data through the admin -------------------------------------------------


@dataclass
class HostileSite:
    payload: str
    publication_type: PublicationType
    kind: EventKind
    topic: Topic
    region: Region
    person: Person
    publication: Publication
    event: Event


def admin_url(model, action, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{action}", args=args)


def form_errors(response):
    context = response.context
    if context is None:
        return response.content[:500]
    errors = []
    if "adminform" in context:
        errors.append(context["adminform"].form.errors)
    for formset in context.get("inline_admin_formsets", []):
        errors.append(formset.formset.errors)
        errors.append(formset.formset.non_form_errors())
    return errors


def admin_post(client, url, data):
    response = client.post(url, data)
    assert response.status_code == HTTPStatus.FOUND, form_errors(response)
    return response


def local_parts(moment, prefix):
    local = timezone.localtime(moment)
    return {f"{prefix}_0": local.strftime("%Y-%m-%d"), f"{prefix}_1": local.strftime("%H:%M:%S")}


def hostile_jpeg():
    # The file name is hostile too: it ends up in every src= of the picture.
    return uploaded_jpeg(name="hero\" onerror=\"alert('xss-file').jpg", size=(800, 450))


def one_line(payload):
    """What a single-line field takes of a payload: those refuse line breaks outright
    (tests/test_single_line_output.py), so only the rest of the payload is tried there."""
    return flatten(payload) if has_control_characters(payload) else payload


def event_form_data(payload, *, kind, topic, region, person, publication, starts_at):
    return {
        "title": one_line(payload),
        "slug": "hostile-event",
        "kind": str(kind.pk),
        "description": payload,
        **local_parts(starts_at, "starts_at"),
        **local_parts(starts_at + timedelta(hours=2), "ends_at"),
        "timezone": "Europe/Berlin",
        "venue_name": one_line(payload),
        "venue_address": f"{payload}\n{payload}",
        "is_online": "on",
        "registration_url": "https://example.org/register",
        "topics": [str(topic.pk)],
        "regions": [str(region.pk)],
        "status": "published",
        **local_parts(timezone.now() - timedelta(days=1), "publish_at"),
        "summary": "",
        "related_publications": [str(publication.pk)],
        "video_url": "",
        "edit_version": "",
        **inline_management("speaker_links", total=1),
        "speaker_links-0-person": str(person.pk),
        "speaker_links-0-role": "keynote",
        "speaker_links-0-order": "0",
    }


def build_through_admin(client, payload):
    """Every text field of every kind of item, filled with `payload`, saved by a superuser."""
    line = one_line(payload)
    admin_post(
        client,
        admin_url(PublicationType, "add"),
        {
            "name": line,
            "plural_name": line,
            "slug": "hostile-type",
            "description": payload,
            "display_order": "0",
        },
    )
    admin_post(
        client,
        admin_url(EventKind, "add"),
        {"name": line, "plural_name": line, "slug": "hostile-kind", "display_order": "0"},
    )
    admin_post(
        client,
        admin_url(Topic, "add"),
        {"name": line, "slug": "hostile-topic", "description": payload},
    )
    admin_post(
        client,
        admin_url(Region, "add"),
        {"name": line, "slug": "hostile-region", "description": payload},
    )
    publication_type = PublicationType.objects.get(slug="hostile-type")
    kind = EventKind.objects.get(slug="hostile-kind")
    topic = Topic.objects.get(slug="hostile-topic")
    region = Region.objects.get(slug="hostile-region")

    admin_post(
        client,
        admin_url(Person, "add"),
        {
            "name": line,
            "sort_name": line,
            "slug": "hostile-person",
            "title": line,
            "affiliation": line,
            "is_expert": "on",
            "bio": payload,
            "topics": [str(topic.pk)],
            "photo": uploaded_jpeg(name="face\"><script>alert('xss-face')</script>.jpg"),
            "photo_alt": line,
            "photo_credit": line,
            "edit_version": "",
        },
    )
    person = Person.objects.get(slug="hostile-person")

    admin_post(
        client,
        admin_url(Publication, "add"),
        publication_form_data(
            title=line,
            slug="hostile-publication",
            type=str(publication_type.pk),
            summary=payload,
            body=payload,
            image=hostile_jpeg(),
            image_alt=line,
            image_caption=line,
            image_credit=line,
            topics=[str(topic.pk)],
            regions=[str(region.pk)],
            experts_quoted=[str(person.pk)],
            is_featured="on",
            edit_version="",
            **inline_management("authorships", total=1),
            **{"authorships-0-person": str(person.pk), "authorships-0-order": "0"},
        ),
    )
    publication = Publication.objects.get(slug="hostile-publication")

    starts_at = (timezone.now() + timedelta(days=10)).replace(microsecond=0)
    common = {
        "kind": kind,
        "topic": topic,
        "region": region,
        "person": person,
        "publication": publication,
        "starts_at": starts_at,
    }
    admin_post(client, admin_url(Event, "add"), event_form_data(payload, **common))
    event = Event.objects.get(slug="hostile-event")
    # The summary goes in through the change form, as organizers post it.
    speaker = event.speaker_links.get()
    admin_post(
        client,
        admin_url(Event, "change", event.pk),
        event_form_data(payload, **common)
        | {
            "summary": f"<p>Summary</p>{payload}",
            "edit_version": str(event.version),
            **inline_management("speaker_links", total=1, initial=1),
            "speaker_links-0-id": str(speaker.pk),
            "speaker_links-0-event": str(event.pk),
        },
    )
    event.refresh_from_db()
    assert event.summary.startswith("<p>Summary</p>")

    return HostileSite(payload, publication_type, kind, topic, region, person, publication, event)


# -- Which public pages exist ----------------------------------------------------------------


def routes(patterns=None, prefix="", namespace=""):
    """(path template, view name, has parameters) of every public route in the URLconf."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        route = str(entry.pattern).lstrip("^").rstrip("$").replace("\\", "")
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin" or entry.app_name == "admin":
                continue
            inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace or ""
            yield from routes(entry.url_patterns, prefix + route, inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            has_parameters = bool(entry.pattern.regex.groups) or "<" in route
            yield "/" + prefix + route, name, has_parameters


def routed(path):
    """Whether `path` has a view of its own (a slug route answering for it does not count)."""
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.view_name not in SLUG_VIEWS and not match.view_name.startswith("admin:")


def extra_public_paths():
    """Parameterless public pages beyond the ones listed by hand: search, feeds, sitemaps."""
    found = {
        path
        for path, name, has_parameters in routes()
        if not has_parameters and path not in NOT_PAGES and name != "media"
    }
    found.update(path for path in CANDIDATE_PATHS if routed(path))
    return sorted(found)


def public_pages(site):
    """The pages that must show the hostile data; `crawl` finds the rest from their links."""
    payload = site.payload
    filters = {
        "type": site.publication_type.slug,
        "topic": site.topic.slug,
        "region": site.region.slug,
        "expert": site.person.slug,
    }
    pages = [
        "/",
        "/publications/",
        site.publication.get_absolute_url(),
        "/publications/?" + urlencode(filters),
        "/topics/",
        site.topic.get_absolute_url(),
        site.region.get_absolute_url(),
        "/experts/",
        "/experts/?" + urlencode({"topic": site.topic.slug}),
        site.person.get_absolute_url(),
        "/events/",
        "/events/?" + urlencode({"topic": site.topic.slug, "region": site.region.slug}),
        site.event.get_absolute_url(),
    ]
    if not site.event.is_over:
        pages.append(reverse("events:calendar", args=[site.event.slug]))
    pages += [path for path in extra_public_paths() if path not in pages]
    # Search for the words and for the hostile text itself, when search exists.
    if routed("/search/"):
        pages.append("/search/?" + urlencode({"q": payload}))
        pages.append("/search/?" + urlencode({"q": "Summary"}))
        pages.append("/search/?" + urlencode({"q": " ".join(MARKER.findall(payload))}))
    return pages


class LinkCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag in {"a", "link"} and href:
            self.links.append(href)


#: Where links go that are not public pages of ours.
NOT_CRAWLED = ("/admin/", settings.MEDIA_URL, settings.STATIC_URL)
#: Pages of one view, with or without a query, are alike: a few of each is enough.
SAME_KIND_LIMIT = 3
CRAWL_LIMIT = 150


def crawl(client, seeds, check):
    """Fetch `seeds`, then every same-site link found on the pages, and `check` each answer.

    Seeds must answer 200. A link found on a page must not be broken (no 4xx or 5xx);
    redirects are not followed. Returns the URLs checked.
    """
    queue = list(dict.fromkeys(seeds))
    seen = set(queue)
    kinds = {}
    checked = []
    while queue and len(checked) < CRAWL_LIMIT:
        url = queue.pop(0)
        response = client.get(url)
        if url not in seeds:
            assert response.status_code < HTTPStatus.BAD_REQUEST, (
                f"broken link {url} answered {response.status_code}"
            )
            if response.status_code != HTTPStatus.OK:
                continue
        check(url, response)
        checked.append(url)
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        collector = LinkCollector()
        collector.feed(response.content.decode())
        for href in collector.links:
            parts = urlsplit(urljoin(f"http://testserver{url}", href))
            if parts.scheme not in {"http", "https"} or parts.netloc != "testserver":
                continue
            if parts.path.startswith(NOT_CRAWLED):
                continue
            link = parts.path + (f"?{parts.query}" if parts.query else "")
            if link in seen:
                continue
            try:
                view_name = resolve(parts.path).view_name
            except Resolver404:
                pytest.fail(f"{url} links to {link}, which is not routed")
            kind = (view_name, bool(parts.query))
            if kinds.get(kind, 0) >= SAME_KIND_LIMIT:
                continue
            kinds[kind] = kinds.get(kind, 0) + 1
            seen.add(link)
            queue.append(link)
    return checked


# -- The tests -------------------------------------------------------------------------------


def test_payloads_are_distinct_and_fit_every_field():
    markers = [MARKER.search(payload).group() for payload in PAYLOADS]
    assert len(PAYLOADS) >= 12
    assert len(set(markers)) == len(PAYLOADS)
    assert all(len(payload) <= 80 for payload in PAYLOADS)


@pytest.mark.parametrize("payload", PAYLOADS, ids=[MARKER.search(p).group() for p in PAYLOADS])
def test_hostile_input_never_runs_on_public_pages(admin_client, payload):
    site = build_through_admin(admin_client, payload)

    # Plain text is stored as typed (it is escaped on output, not mangled on input).
    assert site.publication.title == one_line(payload).strip()
    assert site.person.name == one_line(payload).strip()
    # Rich text is stored already sanitised.
    rich = {
        "publication body": site.publication.body,
        "person bio": site.person.bio,
        "event description": site.event.description,
        "event summary": site.event.summary,
    }
    for label, value in rich.items():
        lowered = value.lower()
        for fragment in ["<script", "javascript:", "data:", "<iframe", "<svg", "expression("]:
            assert fragment not in lowered, f"{label} keeps {fragment!r}: {value!r}"
        assert not executable_markup(value), f"{label} keeps {value!r}"
        assert not re.search(r"<[^>]*\son[a-z]*\s*=", lowered), f"{label}: {value!r}"

    reader = Client()
    checked = crawl(
        reader,
        public_pages(site),
        lambda url, response: assert_response_is_inert(url, response, payload, site.event),
    )

    # The hostile text really is on the pages (escaped), so the checks above checked something.
    detail = reader.get(site.publication.get_absolute_url()).content.decode()
    assert site.person.get_absolute_url() in detail
    assert site.topic.get_absolute_url() in detail
    assert len(checked) >= 14


def test_calendar_keeps_hostile_text_inside_its_properties(admin_client):
    payload = next(p for p in PAYLOADS if "\r\n" in p)
    site = build_through_admin(admin_client, payload)

    response = Client().get(reverse("events:calendar", args=[site.event.slug]))

    assert response.status_code == HTTPStatus.OK
    entry = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(entry["SUMMARY"]) == flatten(site.event.title)
    assert payload.split("\r\n")[0] in str(entry["LOCATION"])
    lines = response.content.split(b"\r\n")
    assert lines.count(b"BEGIN:VEVENT") == 1
    assert sum(line.startswith(b"SUMMARY:") for line in lines) == 1
    assert sum(line.startswith(b"LOCATION:") for line in lines) == 1


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert('xss-url')",
        " javascript:alert('xss-url')",
        "jav\tascript:alert('xss-url')",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "vbscript:msgbox('xss-url')",
    ],
)
def test_event_links_refuse_script_urls(admin_client, url):
    """The two links staff type in are printed as href=: only web addresses are accepted."""
    data = event_form_data(
        "Another event",
        kind=EventKind.objects.get(slug="forum"),
        topic=make_topic(),
        region=make_region(),
        person=make_person(),
        publication=make_publication(),
        starts_at=timezone.now() + timedelta(days=3),
    ) | {"slug": "another-event", "registration_url": url, "video_url": url}

    response = admin_client.post(admin_url(Event, "add"), data)

    assert response.status_code == HTTPStatus.OK
    errors = response.context["adminform"].form.errors
    assert "registration_url" in errors
    assert "video_url" in errors
    assert not Event.objects.filter(slug="another-event").exists()


@pytest.mark.parametrize("payload", PAYLOADS, ids=[MARKER.search(p).group() for p in PAYLOADS])
def test_admin_pages_render_hostile_data_inertly(admin_client, payload):
    site = build_through_admin(admin_client, payload)
    items = [
        site.publication,
        site.person,
        site.event,
        site.topic,
        site.region,
        site.publication_type,
        site.kind,
    ]
    pages = []
    for item in items:
        model = type(item)
        pages.append(admin_url(model, "changelist"))
        pages.append(admin_url(model, "change", item.pk))
        if hasattr(item, "history"):
            pages.append(admin_url(model, "history", item.pk))
    revisions = list(site.event.history.order_by("history_id").values_list("history_id", flat=True))
    assert len(revisions) == 2
    pages.append(
        admin_url(Event, "compare", site.event.pk)
        + "?"
        + urlencode({"old": revisions[0], "new": revisions[1]})
    )
    # The search box echoes what was searched for; the index lists recent actions by name.
    pages.append(admin_url(Publication, "changelist") + "?" + urlencode({"q": payload}))
    pages.append(reverse("admin:index"))

    for url in pages:
        response = admin_client.get(url)
        assert_response_is_inert(url, response, payload, admin=True)


def test_site_pages_carry_no_code_of_their_own(client):
    """The checks above allow no script the site wrote itself: public pages carry only data."""
    for url in ["/", "/publications/", "/topics/", "/experts/", "/events/"]:
        html = client.get(url).content.decode()
        assert not executable_markup(html), url


def test_the_checker_catches_what_it_looks_for():
    cases = [
        '<script>alert("x")</script>',
        '<img src=x onerror=alert("x")>',
        '<a href="jav&#x09;ascript:alert(1)">x</a>',
        '<a href=" data:text/html,hi">x</a>',
        '<div style="width: expression(alert(1))">',
        "<svg></svg>",
        "<iframe></iframe>",
        '<object data="x"></object>',
        "<math></math>",
        "<XSS>",
        "<script src='https://evil.example/x.js'></script>",
        '<script type="application/ld+json">{"name": "</script><script>alert(1)</script>',
        '<script type="application/ld+json">{"name": "<!--<script>"}</script>',
        '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    ]
    for html in cases:
        assert executable_markup(f"<p>{html}</p>"), html
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt; <img alt='&lt;img onerror=x&gt;' src='/a.jpg'>"
    assert not executable_markup(escaped)
    assert not executable_markup(
        '<script type="application/ld+json">{"name": "\\u003Cscript\\u003Ealert(1)"}</script>'
    )
    assert not executable_markup("<textarea>&lt;script&gt;</textarea>", admin=True)
    assert settings.STATIC_URL.startswith("/")
