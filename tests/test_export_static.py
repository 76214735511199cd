"""manage.py export_static on the demo: the folder it writes is read the way a static host
serves it (files on disk, links resolved relative to the file that holds them)."""

import re
import shutil
import threading
import time
from functools import partial
from html import unescape
from http import HTTPStatus
from http.client import HTTPConnection
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from urllib.parse import unquote, urlsplit

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from publications.models import Publication

pytestmark = pytest.mark.django_db

BASE_URL = "https://mirror-source.example"
EXILES = "russias-anti-war-exiles"
TAG = re.compile(r"<(a|link|img|source|script|form|meta|iframe)\b([^>]*)>", re.IGNORECASE)
ATTRIBUTE = re.compile(r'\b(href|src|srcset|action|content)="([^"]*)"', re.IGNORECASE)
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""")
SUMMARY = re.compile(r"(\d+) written, (\d+) unchanged, (\d+) deleted, in ([\d.]+) s")


def export(directory):
    output = StringIO()
    started = time.monotonic()
    call_command("export_static", str(directory), base_url=BASE_URL, verbosity=2, stdout=output)
    return output.getvalue(), time.monotonic() - started


@pytest.fixture(scope="module")
def exported(loaded_demo, django_db_blocker, tmp_path_factory):
    """The demo exported once for the module, with how long it took."""
    directory = tmp_path_factory.mktemp("mirror")
    with django_db_blocker.unblock(), override_settings(DEBUG=True):
        output, seconds = export(directory)
    print(f"First export of the demo: {seconds:.1f} s")
    return directory, output, seconds


@pytest.fixture(autouse=True)
def media_root(settings, demo_media):
    settings.MEDIA_ROOT = demo_media


def links_in(page):
    """(tag, attributes, link) for every address in an HTML page's tags."""
    for tag, attributes in TAG.findall(page.read_text()):
        for name, value in ATTRIBUTE.findall(attributes):
            value = unescape(value)
            if name.lower() == "content" and not re.search(
                r'(property|name)="(og:image|twitter:image)"', attributes
            ):
                continue
            values = [c.split()[0] for c in value.split(",")] if name == "srcset" else [value]
            for link in values:
                yield tag.lower(), attributes, link


def broken_links(directory):
    broken = []
    for page in directory.rglob("*"):
        if page.suffix == ".html":
            links = [link for _tag, _attributes, link in links_in(page)]
        elif page.suffix == ".css":
            links = CSS_URL.findall(page.read_text())
        else:
            continue
        for link in links:
            if urlsplit(link).scheme or link.startswith(("#", "//")):
                continue
            target = (page.parent / unquote(link.split("#")[0].split("?")[0])).resolve()
            if not target.is_file() or not target.is_relative_to(directory.resolve()):
                broken.append(f"{page.relative_to(directory)} → {link}")
    return broken


def test_export_of_the_demo_has_no_broken_links_and_finishes_in_a_minute(exported):
    directory, output, seconds = exported

    assert broken_links(directory) == []
    assert seconds < 60
    assert re.search(r"Exported \d+ pages in \d+ files", output)


def test_exported_pages_load_nothing_from_another_origin(exported):
    directory, _output, _seconds = exported
    fetched_elsewhere = [
        f"{page.relative_to(directory)}: <{tag}> {link}"
        for page in directory.rglob("*.html")
        for tag, attributes, link in links_in(page)
        if urlsplit(link).scheme
        and tag not in ("a", "meta")
        and not (tag == "link" and ("canonical" in attributes or "hreflang" in attributes))
    ]
    assert fetched_elsewhere == []


def test_every_exported_page_is_under_100_kb(exported):
    directory, _output, _seconds = exported
    pages = list(directory.rglob("*.html"))

    assert len(pages) > 50
    assert [p for p in pages if p.stat().st_size >= 100_000] == []


def test_export_holds_every_language_feeds_sitemap_images_and_stylesheet(exported):
    directory, _output, _seconds = exported

    for home in ("index.html", "ru/index.html", "uk/index.html"):
        assert (directory / home).is_file()
    assert f"publications/{EXILES}/index.html" in (directory / "index.html").read_text()
    assert (directory / "publications/feed/rss/index.xml").is_file()
    assert f"<loc>{BASE_URL}/" in (directory / "sitemap-publications.xml").read_text()
    assert (directory / "static/css/site.css").is_file()
    assert any(directory.glob("media/**/*.webp")) or any(directory.glob("media/**/*.jpg"))


def test_filtered_and_paged_lists_are_written_as_paths(exported):
    directory, _output, _seconds = exported
    listing = directory / "publications/index.html"

    filtered = [link for _t, _a, link in links_in(listing) if link.startswith("_/")]
    assert filtered
    assert all((listing.parent / link.split("#")[0]).is_file() for link in filtered)
    assert re.search(r"_/type-[a-z-]+/index\.html", " ".join(filtered))


def test_a_filter_chosen_on_a_filtered_list_leads_to_a_written_page(exported):
    directory, _output, _seconds = exported
    filtered = directory / "publications/_/type-analysis/index.html"
    links = [link for tag, _a, link in links_in(filtered) if tag == "a"]

    assert [link for link in links if link.startswith(f"{BASE_URL}/publications/?")] == []
    by_topic = [link for link in links if link.startswith("../topic-")]
    assert by_topic
    assert all((filtered.parent / link.split("#")[0]).resolve().is_file() for link in by_topic)


def test_search_box_leads_to_a_notice_linking_to_the_main_site(exported):
    directory, _output, _seconds = exported

    assert 'action="search/index.html"' in (directory / "index.html").read_text()
    assert 'action="search/index.html"' in (directory / "ru/index.html").read_text()
    assert 'action="../search/index.html"' in (directory / "ru/topics/index.html").read_text()
    assert "Search needs the main site" in (directory / "search/index.html").read_text()
    notice = (directory / "ru/search/index.html").read_text()
    assert f'href="{BASE_URL}/ru/search/"' in notice


def test_second_export_after_one_edit_rewrites_only_what_changed(exported, tmp_path, settings):
    settings.DEBUG = True
    directory = tmp_path / "mirror"
    shutil.copytree(exported[0], directory)
    publication = Publication.objects.get(slug=EXILES, language="en")
    publication.title = "Russia's anti-war exiles, revised"
    publication.save()

    output, seconds = export(directory)

    print(f"Second export after one edit: {seconds:.1f} s ({output.splitlines()[-1]})")
    written, unchanged, deleted, _ = SUMMARY.search(output).groups()
    assert 0 < int(written) < int(unchanged) / 5
    assert int(deleted) == 0
    rewritten = re.findall(r"^Written: (.+)$", output, re.MULTILINE)
    assert f"publications/{EXILES}/index.html" in rewritten
    assert [
        name
        for name in rewritten
        if "anti-war exiles, revised" not in (directory / name).read_text()
        and not name.startswith("sitemap")
    ] == []
    assert broken_links(directory) == []


def test_export_deletes_its_own_files_that_are_no_longer_published_and_keeps_others(
    exported, tmp_path, settings
):
    settings.DEBUG = True
    directory = tmp_path / "mirror"
    shutil.copytree(exported[0], directory)
    (directory / "notes-of-mine.txt").write_text("Not the export's.")
    Publication.objects.filter(slug=EXILES, language="en").update(status="draft")

    output, _seconds = export(directory)

    assert int(SUMMARY.search(output).group(3)) >= 1
    assert not (directory / f"publications/{EXILES}/index.html").exists()
    assert (directory / "notes-of-mine.txt").is_file()
    assert broken_links(directory) == []


def test_a_plain_file_server_serves_the_export_under_any_base_path(exported, tmp_path):
    hosted = tmp_path / "any" / "base"
    shutil.copytree(exported[0], hosted)
    handler = partial(SimpleHTTPRequestHandler, directory=tmp_path)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def get(name):
        connection = HTTPConnection("127.0.0.1", server.server_port)
        connection.request("GET", "/any/base/" + name)
        return connection.getresponse()

    try:
        answers = {
            name: get(name)
            for name in (
                "",
                "ru/",
                f"publications/{EXILES}/index.html",
                "publications/feed/rss/index.xml",
                "static/css/site.css",
            )
        }
    finally:
        server.shutdown()
        server.server_close()

    assert {name: a.status for name, a in answers.items()} == dict.fromkeys(answers, HTTPStatus.OK)
    assert answers[""].headers["Content-Type"].startswith("text/html")
    assert answers["publications/feed/rss/index.xml"].headers["Content-Type"].endswith("xml")
    assert answers["static/css/site.css"].headers["Content-Type"] == "text/css"


def test_export_refuses_a_folder_that_is_not_empty_and_not_an_export(tmp_path):
    (tmp_path / "thesis.docx").write_text("Someone's work.")

    with pytest.raises(CommandError, match="not empty"):
        call_command("export_static", str(tmp_path), base_url=BASE_URL)

    assert (tmp_path / "thesis.docx").read_text() == "Someone's work."


def test_export_stops_with_a_clear_message_past_the_address_cap(tmp_path, settings):
    settings.DEBUG = True

    with pytest.raises(CommandError, match="Stopped after 5 addresses"):
        call_command("export_static", str(tmp_path / "out"), base_url=BASE_URL, max_urls=5)
