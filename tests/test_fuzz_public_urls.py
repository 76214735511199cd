"""Property-based tests: whatever a reader (or a bot) puts in a public URL, no 5xx.

Query strings of arbitrary keys and values (control characters, very long text, huge and
negative numbers, "last", real slugs so the filters' own code runs), raw query strings sent
as they are, and arbitrary text in every parameter of every public route. The property is
deliberately simple: the answer is never a server error. (A view that crashes raises in the
test client, so the failure shows the traceback.)

Routes are read from the URLconf, so pages added later (search, feeds, sitemaps, citations)
are fuzzed as soon as they exist.
"""

import re
from datetime import timedelta
from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editorial.languages import language_from_path
from tests.factories import (
    make_event,
    make_person,
    make_publication,
    make_region,
    make_topic,
    make_type,
)
from tests.support.crawler import crawl

pytestmark = pytest.mark.django_db

FUZZ_SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    # No example database written into the project: a failure prints its input.
    database=None,
)

#: The slugs of the published data below: filters given them run their real code paths.
REAL_SLUGS = [
    "fuzz-topic",
    "fuzz-region",
    "fuzz-person",
    "fuzz-publication",
    "fuzz-event",
    "past-fuzz-event",
    "fuzz-brief",
]


def make_fuzz_site():
    """A little of everything, published: a publication with topic, region and author, an
    expert, an upcoming and a past event."""
    topic = make_topic("Fuzz Topic", slug="fuzz-topic")
    region = make_region("Fuzz Region", slug="fuzz-region")
    person = make_person("Fuzz Person", slug="fuzz-person", is_expert=True)
    person.topics.set([topic])
    publication = make_publication(
        "Fuzz publication",
        slug="fuzz-publication",
        type=make_type("Fuzz Brief", slug="fuzz-brief"),
        authors=[person],
        topics=[topic],
        regions=[region],
        experts_quoted=[person],
    )
    common = {"speakers": [person], "topics": [topic], "regions": [region]}
    upcoming = make_event("Fuzz event", slug="fuzz-event", **common)
    past = make_event("Past fuzz event", slug="past-fuzz-event", starts_in=-timedelta(30), **common)
    upcoming.related_publications.set([publication])
    past.related_publications.set([publication])
    return publication


@pytest.fixture
def fuzz_site(db):
    return make_fuzz_site()


# -- The public routes, read from the URLconf ------------------------------------------------

PLACEHOLDER = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


def route_templates(patterns=None, prefix=""):
    """Every public route as "/path/<conv:name>/..." (regex groups kept as they are)."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        route = str(entry.pattern).lstrip("^").rstrip("$").replace("\\", "")
        if isinstance(entry, URLResolver):
            if entry.namespace != "admin" and entry.app_name != "admin":
                yield from route_templates(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern):
            yield "/" + prefix + route


def fixed_paths():
    return sorted({t for t in route_templates() if not PLACEHOLDER.search(t)})


def parametrised_routes():
    return sorted({t for t in route_templates() if PLACEHOLDER.search(t)})


def real_item_urls():
    """The pages of the real items: the detail pages, and one of each kind of page they link
    to (scoped feeds, citations...), found by following the site's own links."""
    if not _real_item_urls:
        seeds = [
            "/publications/fuzz-publication/",
            "/topics/fuzz-topic/",
            "/regions/fuzz-region/",
            "/experts/fuzz-person/",
            "/events/fuzz-event/",
            "/events/fuzz-event/calendar.ics",
            "/events/past-fuzz-event/",
        ]
        fixed = set(fixed_paths())
        views = {}
        for url in crawl(Client(), seeds, lambda _url, _response: None):
            if "?" not in url and url not in fixed:
                # One page of each view beyond the seeds: the others run the same code.
                with translation.override(language_from_path(url)):
                    views.setdefault(resolve(url).view_name, url)
        _real_item_urls.extend(dict.fromkeys([*seeds, *views.values()]))
    return _real_item_urls


#: Filled once: the data is the same in every test.
_real_item_urls = []


# -- Strategies ------------------------------------------------------------------------------

#: Any text urlencode can take: everything but lone surrogates.
ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)
NASTY = st.sampled_from(
    [
        "",
        " ",
        "last",
        "first",
        "0",
        "-0",
        "1",
        "2",
        "-1",
        "00001",
        "1.5",
        "2025.0",
        "1e308",
        "-1e308",
        "nan",
        "inf",
        "-inf",
        "0x10",
        "9" * 40,
        "-" + "9" * 40,
        str(2**63),
        str(-(2**63) - 1),
        "١٩٩٩",
        "２０２５",
        "²",
        "\x00",
        "a\x00b",
        "\r\n",
        "\t",
        "%00",
        "%",
        "%%",
        "%ff",
        "null",
        "None",
        "true",
        "[]",
        "{}",
        "'",
        '"',
        "\\",
        "' OR 1=1 --",
        '"; DROP TABLE publications_publication; --',
        "<script>alert(1)</script>",
        "../../../../etc/passwd",
        "é",
        "😀",
        "\u202e",
        "\ufeff",
        "\u0301",
        "\ue000",
        "\uffff",
        "-",
        '"unclosed phrase',
        '-"excluded phrase" OR',
        "OR",
        "-",
        "&",
        "=",
        "publications",
        "experts",
        "events",
    ]
)
LONG_TEXT = st.builds(
    lambda character, count: character * count,
    st.characters(blacklist_categories=("Cs",)),
    st.integers(min_value=1_000, max_value=10_000),
)
NUMBERS = st.integers(min_value=-(10**30), max_value=10**30).map(str)
VALUES = st.one_of(ANY_TEXT, NASTY, LONG_TEXT, NUMBERS, st.sampled_from(REAL_SLUGS))
KEYS = st.one_of(
    st.sampled_from(["type", "topic", "region", "expert", "year", "page", "q", "kind", "format"]),
    ANY_TEXT,
)
PARAMS = st.dictionaries(KEYS, st.one_of(VALUES, st.lists(VALUES, max_size=3)), max_size=6)
RAW_QUERIES = st.one_of(
    ANY_TEXT,
    st.sampled_from(
        [
            "page=%E0%A4%A",
            "%ff%fe=%c0%af",
            "q=%00",
            "q=%F0%9F%98",
            "%00=%00",
            "a=1&&b==2;c=3",
            "=",
            "&",
            "page",
            "page=",
            "page=last&page=0",
            "topic=fuzz-topic&topic=nothing",
            "year=%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%95",
            "q=" + "%22" * 500,
            "q=" + "-a+" * 400,
            "type[]=x&type[]=y",
            "+" * 2000,
        ]
    ),
)
#: What goes into a route's parameters: real slugs, words the routes know, anything at all.
ROUTE_WORDS = st.sampled_from(
    ["topic", "type", "region", "expert", "bib", "ris", "rss", "atom", "json", "txt", "ics"]
)
PARAMETER_VALUES = st.one_of(
    st.sampled_from(REAL_SLUGS),
    ROUTE_WORDS,
    ANY_TEXT,
    NASTY,
    st.from_regex(r"[-\w]{1,300}", fullmatch=True),
    st.text(alphabet="ab-_09", min_size=200, max_size=400),
    st.builds(lambda slug, junk: slug + junk, st.sampled_from(REAL_SLUGS), ANY_TEXT),
)


def fill(template, values, *, slug=None):
    """`template` with each placeholder replaced by the next of `values`, percent-encoded;
    with `slug`, the placeholders named "slug" get it instead."""
    values = iter(values)

    def value(match):
        given = next(values)
        name = match.group(1) or match.group(2)
        return quote(slug if slug is not None and name == "slug" else given, safe="")

    return PLACEHOLDER.sub(value, template)


def assert_no_server_error(client, url):
    response = client.get(url, secure=False)
    assert response.status_code < 500, f"{url!r} answered {response.status_code}"
    return response


# -- The properties --------------------------------------------------------------------------
# Each example is sent to every route, so every route sees every example.


@FUZZ_SETTINGS
@given(params=PARAMS)
def test_public_pages_survive_any_query(fuzz_site, params):
    client = Client()
    query = urlencode(params, doseq=True)
    for path in fixed_paths():
        assert_no_server_error(client, f"{path}?{query}")


@FUZZ_SETTINGS
@given(raw=RAW_QUERIES)
def test_public_pages_survive_raw_query_strings(fuzz_site, raw):
    client = Client()
    for path in fixed_paths():
        assert_no_server_error(client, f"{path}?{raw}")


@FUZZ_SETTINGS
@given(
    values=st.lists(PARAMETER_VALUES, min_size=1, max_size=3),
    real_slug=st.sampled_from(REAL_SLUGS),
)
def test_every_route_survives_any_parameter(fuzz_site, values, real_slug):
    client = Client()
    for template in parametrised_routes():
        count = len(PLACEHOLDER.findall(template))
        filled = (values * count)[:count]
        assert_no_server_error(client, fill(template, filled))
        # And with a real item, the other parameters arbitrary.
        assert_no_server_error(client, fill(template, filled, slug=real_slug))


@FUZZ_SETTINGS
@given(params=PARAMS)
def test_real_items_survive_any_query(fuzz_site, params):
    client = Client()
    query = urlencode(params, doseq=True)
    for url in real_item_urls():
        assert_no_server_error(client, f"{url}?{query}")


@FUZZ_SETTINGS
@given(segments=st.lists(ANY_TEXT | NASTY, min_size=1, max_size=4), trailing=st.booleans())
def test_arbitrary_paths_survive(fuzz_site, segments, trailing):
    client = Client()
    tail = "/".join(quote(segment, safe="") for segment in segments) + ("/" if trailing else "")
    for prefix in ["/", "/publications/", "/experts/", "/events/", "/topics/", "/media/"]:
        assert_no_server_error(client, prefix + tail)


# -- Known tricky inputs, run every time ------------------------------------------------------


def real_urls():
    return [*fixed_paths(), *real_item_urls()]


@pytest.mark.parametrize(
    "query",
    [
        "page=last",
        "page=0",
        "page=-1",
        "page=" + "9" * 40,
        "page=1e3",
        "page=nan",
        "year=١٩٩٩",
        "year=２０２５",
        "year=" + "9" * 40,
        "year=99999999999999",
        "year=-2025",
        "topic=%00",
        "expert=fuzz-person&topic=fuzz-topic&region=fuzz-region&type=fuzz-brief&year=2025",
        "q=%00",
        "q=" + "x" * 10_000,
        "q=%22",
        "q=-",
        "q=%E0%A4%A",
        "kind=%00",
        "format=xml",
        "%ff=%fe",
    ],
)
def test_known_tricky_queries(fuzz_site, query):
    client = Client()
    for url in dict.fromkeys(real_urls()):
        assert_no_server_error(client, f"{url}?{query}")


@pytest.mark.parametrize(
    "suffix",
    ["cite.txt", "cite.json", "cite.BIB", "cite.", "cite.bib%00", "calendar.ics%00", "%00"],
)
def test_unknown_formats_of_real_items(fuzz_site, suffix):
    client = Client()
    for prefix in ["/publications/fuzz-publication/", "/events/fuzz-event/"]:
        assert_no_server_error(client, prefix + suffix)


@pytest.mark.parametrize("path", ["/media/x%00.jpg", "/media/publications/report%00.pdf"])
def test_nul_in_a_media_path(fuzz_site, path):
    # PostgreSQL refuses a NUL in a query: the path must be turned away before it gets there.
    assert_no_server_error(Client(), path)


def test_the_fuzzed_routes_cover_the_public_site(fuzz_site):
    fixed = fixed_paths()
    for path in ["/", "/publications/", "/topics/", "/experts/", "/events/"]:
        assert path in fixed
    templates = parametrised_routes()
    for route in [
        "/publications/<slug:slug>/",
        "/topics/<slug:slug>/",
        "/regions/<slug:slug>/",
        "/experts/<slug:slug>/",
        "/events/<slug:slug>/",
        "/events/<slug:slug>/calendar.ics",
    ]:
        assert route in templates
    assert not any(path.startswith("/admin/") for path in fixed + templates)
    assert fill("/a/<slug:slug>/cite.<str:f>", ["x y", "b/c"]) == "/a/x%20y/cite.b%2Fc"
    assert Client().get("/publications/fuzz-publication/").status_code == 200
