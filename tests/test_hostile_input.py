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

The checker is tests/support/html_checker.py, the hostile data is built by
tests/support/hostile_site.py and the link-following crawl is tests/support/crawler.py.
"""

import re
from datetime import timedelta
from http import HTTPStatus
from urllib.parse import urlencode

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

from editorial.plaintext import flatten
from events.models import Event, EventKind
from publications.models import Publication
from tests.factories import make_person, make_publication, make_region, make_topic
from tests.support.admin_forms import admin_url
from tests.support.crawler import crawl
from tests.support.hostile_site import build_through_admin, hostile_event_form_data, one_line
from tests.support.html_checker import MARKER, assert_response_is_inert, executable_markup

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
    data = hostile_event_form_data(
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
