"""The public site as plain files that any static host (or a USB stick, or file://) can serve.

Pages are rendered in-process as an anonymous reader, starting from each language's home,
robots.txt, the sitemap and the search notice, following every same-site address found in
HTML (href, src, srcset, og:image), stylesheets (url(...)), feeds and sitemaps (<link>,
<loc>). Nothing off-site is ever fetched.

Where each address is written:

- a path ending in "/" becomes a folder with an index file named for the content type:
  "/" → index.html, "/publications/x/" → publications/x/index.html,
  "/publications/feed/rss/" → publications/feed/rss/index.xml;
- any other path keeps its name: /static/css/site.css, /media/..., /sitemap.xml,
  /events/x/calendar.ics;
- a query string becomes folders after "_", one per parameter as "key-value" with keys sorted
  and values slugified: "/publications/?type=report&page=2" →
  publications/_/page-2/type-report/index.html (a clash gets a short hash of the address).

Every link in the written HTML is relative to the file that holds it and names the file
(".../index.html"), so the folder works from any base path and from file://. Canonical and
hreflang links, feeds, the sitemap and robots.txt keep absolute addresses on the base URL:
they are read by crawlers and feed readers, which need the main site's addresses.

Search needs the server: every search address becomes a notice linking to the main site's
search, and the header's search box leads to it. The authors' "find by name" forms in filters
are dropped; the filter links around them stay. Lists are written with one filter at a time
(and every page of each), since all combinations would be tens of thousands of pages: in the
mirror, a filter chosen on a filtered list replaces the one before instead of adding to it
(`single_filter_for`), so every filter link leads to a written page. An address the site
does not answer with a page (the admin, an error) is linked absolutely on the base URL.

Writing is incremental: a file whose bytes are unchanged is left alone, and files an earlier
export wrote that this one did not are deleted (the manifest, .export-manifest.json, lists
them; nothing else in the folder is touched).
"""

import hashlib
import html
import json
import posixpath
import re
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, quote, unquote, urlencode, urljoin, urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string
from django.test import Client, RequestFactory, override_settings
from django.urls import Resolver404, resolve
from django.utils import translation

from editorial.languages import main_language, site_languages
from website.static_mirror import (
    EXTENSIONS,
    ExportRefused,
    file_for,
    rewrite_css,
    rewrite_html,
    same_content,
)

MANIFEST = ".export-manifest.json"
MAX_URLS = 50_000
#: Query parameters that page through a list rather than filter it.
PAGING_PARAMETERS = {"page", "p"}
#: Addresses that are not the readers' site: linked on the main site, never exported.
PRIVATE_PREFIXES = ("/admin/", "/review/")
SEARCH_VIEW = "publications:search"
XML_LINK = re.compile(r"<(?:link|loc|id)>\s*([^<\s]+)\s*</|\s(?:href|url)=\"([^\"]+)\"")
ROBOTS_SITEMAP = re.compile(r"^Sitemap:\s*(\S+)", re.MULTILINE | re.IGNORECASE)


@dataclass
class Page:
    url: str
    content_type: str
    body: bytes
    file: str = ""


@dataclass
class Summary:
    pages: int = 0
    files: int = 0
    written: int = 0
    unchanged: int = 0
    deleted: int = 0
    seconds: float = 0.0
    combinations: int = 0
    unanswered: list = field(default_factory=list)
    written_files: list = field(default_factory=list)
    deleted_files: list = field(default_factory=list)


def language_of(path):
    prefix = path.lstrip("/").partition("/")[0]
    codes = {code for code, _name in site_languages()}
    return prefix if prefix in codes else main_language()


def media_type(response):
    return response.headers.get("Content-Type", "").split(";")[0].strip().lower()


class StaticExport:
    """One export of the public site into `directory`; `run()` does it and gives a Summary."""

    def __init__(self, directory, base_url=None, max_urls=MAX_URLS, max_filters=1, progress=None):
        self.directory = Path(directory)
        self.base_url = (base_url or settings.SITE_URL).rstrip("/")
        parts = urlsplit(self.base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.path:
            raise ExportRefused(
                f"The base URL must be a scheme and a host only, like https://example.org; "
                f"got {self.base_url!r}."
            )
        self.scheme, self.host = parts.scheme, parts.netloc
        self.max_urls = max_urls
        self.max_filters = max_filters
        self.combinations = set()
        self.search_paths = {}
        self.progress = progress or (lambda done, queued: None)
        self.pages = {}
        self.aliases = {}
        self.unanswered = {}
        self.queue = deque()
        self.seen = set()

    # Addresses ------------------------------------------------------------------------

    def site_url(self, value, base):
        """The normalised same-site address (path?query) `value` names from `base`, and its
        fragment; None for another origin or a non-web link."""
        value = value.strip()
        if not value or value.startswith(("#", "mailto:", "tel:", "data:", "javascript:")):
            return None
        absolute = urljoin(f"{self.scheme}://{self.host}{base}", value)
        parts = urlsplit(absolute)
        if parts.scheme not in ("http", "https") or parts.netloc != self.host:
            return None
        query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
        return (parts.path or "/") + (f"?{query}" if query else ""), parts.fragment

    def search_notice_for(self, url):
        """The search notice's address when `url` is a search, else None."""
        path = url.partition("?")[0]
        if path not in self.search_paths:
            # Addresses under /<code>/ resolve only while their language is active.
            with translation.override(language_of(path)):
                try:
                    is_search = resolve(path).view_name == SEARCH_VIEW
                except Resolver404:
                    is_search = False
            self.search_paths[path] = is_search
        return path if self.search_paths[path] else None

    def enqueue(self, url):
        notice = self.search_notice_for(url)
        if notice and notice != url:
            self.aliases[url] = notice
            url = notice
        if url in self.seen or url in self.combinations:
            return
        filters = {key for key, _value in parse_qsl(url.partition("?")[2])} - PAGING_PARAMETERS
        if len(filters) > self.max_filters:
            # Every combination of filters would be tens of thousands of pages; one filter
            # at a time (and its pages) covers every item, the rest link to the main site.
            self.combinations.add(url)
            return
        if len(self.seen) >= self.max_urls:
            raise ExportRefused(
                f"Stopped after {self.max_urls} addresses: the site links to more pages than a "
                f"mirror should hold. Raise --max-urls if that many pages are expected."
            )
        self.seen.add(url)
        self.queue.append(url)

    def discover(self, value, base):
        found = self.site_url(value, base)
        if found:
            self.enqueue(found[0])
            if found[0] in self.combinations:
                single = self.single_filter_for(found[0], base)
                if single:
                    self.enqueue(single)
        return value

    @staticmethod
    def single_filter_for(url, base):
        """What a link to a combination of filters leads to in the mirror: the list with only
        the filter the page at `base` does not have yet, so a filter chosen on a filtered list
        replaces the one before instead of adding to it. None if the link adds no one filter."""
        path, _, query = url.partition("?")
        current = set(parse_qsl(base.partition("?")[2]))
        added = [
            (key, value)
            for key, value in parse_qsl(query)
            if key not in PAGING_PARAMETERS and (key, value) not in current
        ]
        return f"{path}?{urlencode(added)}" if len(added) == 1 else None

    # Fetching -------------------------------------------------------------------------

    def start_urls(self):
        homes = [
            "/" if code == main_language() else f"/{code}/" for code, _name in site_languages()
        ]
        return [*homes, *(home + "search/" for home in homes), "/robots.txt", "/sitemap.xml"]

    def crawl(self):
        # A page that fails is reported and linked on the main site; the rest still export.
        client = Client(HTTP_HOST=self.host, raise_request_exception=False)
        for url in self.start_urls():
            self.enqueue(url)
        while self.queue:
            url = self.queue.popleft()
            self.fetch(client, url)
            self.progress(len(self.seen) - len(self.queue), len(self.seen))

    def fetch(self, client, url):
        path = url.partition("?")[0]
        if path.startswith(PRIVATE_PREFIXES):
            self.unanswered[url] = None
            return
        if self.search_notice_for(url):
            self.keep(Page(url, "text/html", self.render_search_notice(url)))
            return
        if path.startswith("/" + settings.STATIC_URL.lstrip("/")):
            body = self.static_file(path)
            if body is None:
                self.unanswered[url] = None
            else:
                content_type = "text/css" if path.endswith(".css") else ""
                self.keep(Page(url, content_type, body))
            return
        response = client.get(url, secure=self.scheme == "https")
        # Read to the end: the test client closes a streamed file (and, safely for the
        # database connection, the response) once its content is consumed.
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if response.status_code in (301, 302, 303, 307, 308):
            target = self.site_url(response.headers["Location"], path)
            if target:
                self.aliases[url] = target[0]
                self.enqueue(target[0])
            else:
                self.unanswered[url] = None
        elif response.status_code == 200:
            self.keep(Page(url, media_type(response), body))
        else:
            self.unanswered[url] = response.status_code

    def static_file(self, path):
        name = unquote(path[len(settings.STATIC_URL.lstrip("/")) + 1 :])
        if staticfiles_storage.exists(name):
            with staticfiles_storage.open(name) as stored:
                return stored.read()
        found = finders.find(name)
        return Path(found).read_bytes() if found else None

    def keep(self, page):
        self.pages[page.url] = page
        if page.content_type == "text/html":
            rewrite_html(
                page.body.decode(),
                lambda value: self.discover(value, page.url),
                self.is_search_action(page),
            )
        elif page.content_type == "text/css":
            rewrite_css(page.body.decode(), lambda value: self.discover(value, page.url))
        elif page.content_type == "text/plain":
            for value in ROBOTS_SITEMAP.findall(page.body.decode("utf-8", "replace")):
                self.discover(value, page.url)
        elif page.content_type in EXTENSIONS and page.content_type.endswith("xml"):
            for link, attribute in XML_LINK.findall(page.body.decode("utf-8", "replace")):
                self.discover(html.unescape(link or attribute), page.url)

    def render_search_notice(self, path):
        language = language_of(path)
        request = RequestFactory().get(path, HTTP_HOST=self.host, secure=self.scheme == "https")
        request.user = AnonymousUser()
        with translation.override(language):
            request.LANGUAGE_CODE = language
            return render_to_string(
                "static_search_notice.html",
                {"main_site": self.base_url, "main_search_url": self.base_url + path},
                request=request,
            ).encode()

    # Rewriting ------------------------------------------------------------------------

    def is_search_action(self, page):
        def is_search(action):
            target = self.site_url(action, page.url)
            return bool(target and self.search_notice_for(target[0]))

        return is_search

    def relative_link(self, page):
        def link(value):
            found = self.site_url(value, page.url)
            if not found:
                return value
            url, fragment = found
            followed = {url}
            while url in self.aliases and self.aliases[url] not in followed:
                url = self.aliases[url]
                followed.add(url)
            target = self.pages.get(url)
            if target is None and url in self.combinations:
                target = self.pages.get(self.single_filter_for(url, page.url))
            if target is None:
                return f"{self.base_url}{url}" + (f"#{fragment}" if fragment else "")
            relative = posixpath.relpath(target.file, posixpath.dirname(page.file) or ".")
            return quote(relative, safe="/-._~") + (f"#{fragment}" if fragment else "")

        return link

    def assign_files(self):
        taken = {}
        for page in self.pages.values():
            name = file_for(page.url, page.content_type)
            if name in taken or name == MANIFEST:
                folder, _, base = name.rpartition("/")
                digest = hashlib.sha256(page.url.encode()).hexdigest()[:8]
                name = "/".join(filter(None, [folder, digest, base]))
            taken[name] = page.url
            page.file = name

    # Writing --------------------------------------------------------------------------

    def previous_files(self):
        """What an earlier export wrote here; refuses a folder that is neither empty nor ours."""
        manifest = self.directory / MANIFEST
        if manifest.exists():
            return set(json.loads(manifest.read_text())["files"])
        if self.directory.exists() and any(self.directory.iterdir()):
            raise ExportRefused(
                f"{self.directory} is not empty and holds no {MANIFEST} from an earlier export. "
                f"Choose an empty folder, so no file of yours is overwritten or deleted."
            )
        return set()

    def write(self, summary, previous):
        for page in self.pages.values():
            if page.content_type == "text/html":
                body = rewrite_html(
                    page.body.decode(), self.relative_link(page), self.is_search_action(page)
                ).encode()
            elif page.content_type == "text/css":
                body = rewrite_css(page.body.decode(), self.relative_link(page)).encode()
            else:
                body = page.body
            target = self.directory / page.file
            if target.is_file() and same_content(target.read_bytes(), body):
                summary.unchanged += 1
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(body)
            summary.written += 1
            summary.written_files.append(page.file)
        produced = {page.file for page in self.pages.values()}
        for stale in sorted(previous - produced):
            target = (self.directory / stale).resolve()
            if target.is_relative_to(self.directory.resolve()) and target.is_file():
                target.unlink()
                summary.deleted += 1
                summary.deleted_files.append(stale)
        (self.directory / MANIFEST).write_text(
            json.dumps({"base_url": self.base_url, "files": sorted(produced)}, indent=1)
        )

    def run(self):
        started = time.monotonic()
        previous = self.previous_files()
        self.directory.mkdir(parents=True, exist_ok=True)
        with override_settings(PAGE_CACHE=False, ALLOWED_HOSTS=[self.host.split(":")[0]]):
            self.crawl()
        self.assign_files()
        summary = Summary(
            pages=sum(page.content_type == "text/html" for page in self.pages.values()),
            files=len(self.pages),
            unanswered=sorted(self.unanswered.items()),
            combinations=len(self.combinations),
        )
        self.write(summary, previous)
        summary.seconds = time.monotonic() - started
        return summary
