"""Crawls of the site with Django's test client.

`Crawl` is a reader's crawl: every page, feed and sitemap entry reachable from where readers
and search engines start (the home page, robots.txt, the sitemap). It follows each `href` and
`src` on our own origin found in HTML, and every address on our origin in XML (feeds, the
sitemap), and records each address that answers with an error together with the pages that
link to it.

`crawl` checks each page reachable by links from a few seeds, a few pages of each view, and
fails on the first broken or unrouted link.
"""

import re
from collections import deque
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from http import HTTPStatus
from urllib.parse import parse_qs, urldefrag, urljoin, urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import Resolver404, resolve
from django.utils import translation

from editorial.languages import language_from_path

HOST = "testserver"
LINK_ATTRIBUTES = {"href", "src", "srcset", "action", "poster"}
ABSOLUTE_URL = re.compile(r"https?://[^\s<>\"']+")


class LinkCollector(HTMLParser):
    """The addresses in a page's `attributes`, on any element or only on those in `tags`."""

    def __init__(self, *, attributes=LINK_ATTRIBUTES, tags=None):
        super().__init__(convert_charrefs=True)
        self.attributes = attributes
        self.tags = tags
        self.links = []

    def handle_starttag(self, tag, attrs):
        if self.tags is not None and tag not in self.tags:
            return
        for name, value in attrs:
            if name not in self.attributes or not value:
                continue
            if name == "srcset":
                self.links += [part.split()[0] for part in value.split(",") if part.strip()]
            else:
                self.links.append(value)


@dataclass
class Crawl:
    starts: tuple = ("/", "/robots.txt", "/sitemap.xml")
    limit: int = 2000
    skip_prefixes: tuple = ("/admin/",)
    #: Listing links combine filters; every value is checked on its own, and combinations are
    #: built from those values by the same code, so fetching them all would only cost time.
    max_filters: int = 1
    statuses: dict = field(default_factory=dict)
    found_on: dict = field(default_factory=dict)

    @property
    def broken(self):
        """[(address, status, [pages linking to it])] for every address that failed."""
        return [
            (url, status, sorted(self.found_on.get(url, ())))
            for url, status in sorted(self.statuses.items())
            if status >= 400
        ]

    def ours(self, url, base):
        url, _fragment = urldefrag(urljoin(base, url))
        parts = urlsplit(url)
        if parts.scheme not in ("", "http", "https") or parts.netloc not in ("", HOST):
            return None
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if not path.startswith("/") or path.startswith(self.skip_prefixes):
            return None
        filters = [name for name in parse_qs(parts.query, keep_blank_values=True) if name != "page"]
        if len(filters) > self.max_filters:
            return None
        return path

    def run(self, client):
        queue = deque(self.starts)
        for start in self.starts:
            self.found_on[start] = {"(start)"}
        while queue and len(self.statuses) < self.limit:
            url = queue.popleft()
            if url in self.statuses:
                continue
            for link in self.visit(client, url):
                self.found_on.setdefault(link, set()).add(url)
                if link not in self.statuses:
                    queue.append(link)
        return self

    def visit(self, client, url):
        static_url = "/" + settings.STATIC_URL.lstrip("/")
        if url.startswith(static_url):
            # Static files are served by whitenoise from collected files in production;
            # here, ask the finders whether the file exists.
            found = finders.find(urlsplit(url).path.removeprefix(static_url))
            self.statuses[url] = 200 if found else 404
            return []
        response = client.get(url)
        self.statuses[url] = response.status_code
        if response.status_code >= 300 and response.has_header("Location"):
            return [link for link in [self.ours(response["Location"], url)] if link]
        if response.status_code != 200 or getattr(response, "streaming", False):
            return []
        content_type = response.get("Content-Type", "")
        text = response.content.decode(response.charset or "utf-8", errors="replace")
        if "html" in content_type:
            collector = LinkCollector()
            collector.feed(text)
            candidates = collector.links
        elif "xml" in content_type or "text/plain" in content_type:
            candidates = [unescape(found) for found in ABSOLUTE_URL.findall(text)]
        else:
            return []
        return [link for link in (self.ours(c, url) for c in candidates) if link]


# -- A check of every page reachable from a few seeds ---------------------------------------

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
        collector = LinkCollector(attributes={"href"}, tags={"a", "link"})
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
                # A language's prefix (/ru/) resolves only with that language active.
                with translation.override(language_from_path(parts.path)):
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
