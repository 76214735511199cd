"""The anonymous page cache and HTTP caching (editorial/page_cache.py).

Each test turns the cache on with a local-memory cache of its own; the rest of the suite runs
with DummyCache and PAGE_CACHE off, so its query counts see every query.
"""

import logging
import os
import socket
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from http import HTTPStatus
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from editorial import page_cache
from editorial.models import Region, SiteSettings, Topic
from events.models import Event
from people.models import Person
from publications.models import Authorship, Publication
from tests.factories import make_person, make_publication, make_topic

pytestmark = pytest.mark.django_db

PROJECT = Path(__file__).resolve().parent.parent
LIST = "/publications/"


def reset_backoff():
    page_cache._state.update(down_until=0.0, warned_at=0.0)


@pytest.fixture
def cache_on(settings):
    """A fresh local-memory cache (its own LOCATION: locmem caches are shared by name)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"page-cache-test-{uuid.uuid4()}",
        }
    }
    settings.PAGE_CACHE = True
    settings.PAGE_CACHE_TIMEOUT = 300
    settings.PAGE_CACHE_MAX_AGE = 60
    reset_backoff()
    yield settings
    reset_backoff()


def cache_control(response):
    parts = [part.strip() for part in response.get("Cache-Control", "").split(",") if part]
    return {
        name.strip(): (value.strip() if value else True)
        for name, _, value in (part.partition("=") for part in parts)
    }


def test_reader_gets_a_cached_page_and_a_published_change_on_the_next_request(client, cache_on):
    publication = make_publication("Harbour talks stall")

    first = client.get(LIST)
    second = client.get(LIST)
    publication.title = "Harbour talks resume"
    publication.save()
    third = client.get(LIST)

    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert third["X-Page-Cache"] == "miss"
    assert "Harbour talks resume" in third.content.decode()
    assert "Harbour talks stall" not in third.content.decode()


def test_unpublish_delete_and_relation_changes_make_every_page_stale(client, cache_on):
    topic = make_topic("Maritime Law")
    publication = make_publication("Ferry routes", topics=[topic])
    url = publication.get_absolute_url()
    assert client.get(url).status_code == HTTPStatus.OK
    assert client.get(url)["X-Page-Cache"] == "hit"

    publication.regions.add(Region.objects.create(name="Baltic", slug="baltic"))
    assert client.get(url)["X-Page-Cache"] == "miss"

    publication.status = "unpublished"
    publication.save()
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND

    client.get(LIST)
    assert client.get(LIST)["X-Page-Cache"] == "hit"
    publication.delete()
    assert client.get(LIST)["X-Page-Cache"] == "miss"


def test_site_settings_and_people_changes_bump_the_generation(client, cache_on):
    make_publication("Grain corridor")
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"

    SiteSettings.objects.update_or_create(pk=1, defaults={"shows_demo_notice": True})
    assert client.get("/")["X-Page-Cache"] == "miss"

    before = page_cache.current_generation()
    make_person("Lena Okafor")
    assert page_cache.current_generation() != before


def test_every_model_of_our_apps_counts_and_no_other(cache_on):
    for model in (Publication, Authorship, Person, Event, Topic, Region, SiteSettings):
        assert page_cache.is_ours(model), model
    for model in (User, Group):
        assert not page_cache.is_ours(model), model
    assert set(page_cache.publishable_models()) == {Publication, Event}


def test_a_scheduled_item_appears_at_its_time(client, cache_on):
    """The real clock on both sides: the database's Now() decides visibility, so the item is
    scheduled two seconds ahead and the test waits for it, with the page cached meanwhile."""
    make_publication("Already out")
    publish_at = timezone.now() + timedelta(seconds=2)
    make_publication("Launch-day report", publish_at=publish_at)

    before = client.get(LIST)
    cached = client.get(LIST)
    # No copy, here or in a CDN, may outlive the moment the report goes out.
    assert int(cache_control(before)["s-maxage"]) <= 2
    assert int(cache_control(before)["max-age"]) <= 2
    assert "Launch-day report" not in before.content.decode()
    assert cached["X-Page-Cache"] == "hit"

    time.sleep(max(0, (publish_at - timezone.now()).total_seconds()) + 0.3)
    after = client.get(LIST)

    assert after["X-Page-Cache"] == "miss"
    assert "Launch-day report" in after.content.decode()


def test_no_entry_outlives_the_next_scheduled_publication(client, cache_on):
    """With the clock moved, the cache side: the entry's lifetime ends at the next publish_at
    (an hour ahead), not the hour and a half the timeout allows, and then the page is rendered
    again."""
    cache_on.PAGE_CACHE_TIMEOUT = 5400
    make_publication("Already out")
    make_publication("Embargoed", publish_at=timezone.now() + timedelta(hours=1))

    first = client.get(LIST)
    stored_key = page_cache.page_key(first.wsgi_request)
    expires_at = cache._expire_info[cache.make_key(stored_key)]

    assert 3590 <= int(cache_control(first)["s-maxage"]) <= 3600
    assert expires_at <= time.time() + 3600
    with time_machine.travel(timezone.now() + timedelta(minutes=59), tick=False):
        assert client.get(LIST)["X-Page-Cache"] == "hit"
    with time_machine.travel(timezone.now() + timedelta(hours=1, seconds=1), tick=False):
        assert client.get(LIST)["X-Page-Cache"] == "miss"


def test_events_are_scheduled_items_too(cache_on):
    make_publication("Out", publish_at=timezone.now() + timedelta(days=3))
    soon = timezone.now() + timedelta(hours=2)
    from tests.factories import make_event

    make_event("Embargoed forum", publish_at=soon)

    assert abs((page_cache.next_publish_at() - soon).total_seconds()) < 1


def test_staff_and_previews_are_never_cached(client, cache_on, editor):
    draft = make_publication("Secret draft", status="draft")
    url = draft.get_absolute_url()
    client.force_login(editor)

    preview = client.get(url)
    public_page = client.get(LIST)
    client.logout()
    client.cookies.clear()
    anonymous = client.get(url)

    assert preview.status_code == HTTPStatus.OK
    assert "Not public" in preview.content.decode()
    assert "no-store" in preview["Cache-Control"]
    assert "private" in preview["Cache-Control"]
    assert "X-Page-Cache" not in preview
    assert "X-Page-Cache" not in public_page
    assert "public" not in public_page.get("Cache-Control", "")
    assert anonymous.status_code == HTTPStatus.NOT_FOUND
    assert "Not public" not in anonymous.content.decode()


def test_a_reader_page_is_not_served_to_staff(client, cache_on, editor):
    make_publication("Public piece")
    client.get(LIST)
    assert client.get(LIST)["X-Page-Cache"] == "hit"

    client.force_login(editor)

    assert "X-Page-Cache" not in client.get(LIST)


def test_a_preview_response_is_not_stored_even_for_a_cookieless_request(cache_on):
    """Belt and braces: a view that says private, no-store is never stored."""

    def preview_view(request):
        response = HttpResponse("<p>Draft</p>")
        response["Cache-Control"] = "private, no-store"
        return response

    middleware = page_cache.PageCacheMiddleware(preview_view)
    middleware(RequestFactory().get("/publications/draft/"))

    assert "X-Page-Cache" not in middleware(RequestFactory().get("/publications/draft/"))


def test_a_response_setting_a_cookie_is_not_cached(cache_on):
    def view(request):
        response = HttpResponse("<p>Hello</p>")
        response.set_cookie("sessionid", "abc")
        return response

    middleware = page_cache.PageCacheMiddleware(view)
    first = middleware(RequestFactory().get("/"))
    second = middleware(RequestFactory().get("/"))

    assert "X-Page-Cache" not in first
    assert "X-Page-Cache" not in second
    assert second.cookies["sessionid"].value == "abc"


def test_a_request_with_a_session_cookie_or_authorization_is_not_served_from_cache(
    client, cache_on
):
    make_publication("Public piece")
    client.get(LIST)

    with_session = client.get(LIST, headers={"Cookie": "sessionid=whatever"})
    with_auth = client.get(LIST, headers={"Authorization": "Basic Zm9vOmJhcg=="})

    assert "X-Page-Cache" not in with_session
    assert "X-Page-Cache" not in with_auth


def test_admin_is_never_cached(client, cache_on):
    login = reverse("admin:login")

    client.get(login)
    second = client.get(login)

    assert "X-Page-Cache" not in second
    assert "no-store" in second["Cache-Control"]
    assert "private" in second["Cache-Control"]


def test_non_200_is_never_cached(client, cache_on):
    client.get("/publications/no-such-thing/")

    missing = client.get("/publications/no-such-thing/")

    assert missing.status_code == HTTPStatus.NOT_FOUND
    assert "X-Page-Cache" not in missing


@pytest.mark.parametrize(
    "url", ["/", LIST, "/publications/feed/rss/", "/publications/feed/atom/", "/sitemap.xml"]
)
def test_pages_feeds_and_sitemap_are_cached_with_cdn_headers(client, cache_on, url):
    make_publication("Something to list")

    first = client.get(url)
    second = client.get(url)

    assert first.status_code == HTTPStatus.OK
    assert second["X-Page-Cache"] == "hit"
    assert cache_control(first) == {"public": True, "max-age": "60", "s-maxage": "300"}
    assert cache_control(second)["public"] is True
    assert 290 <= int(cache_control(second)["s-maxage"]) <= 300
    # Anonymous-only caching guarantees the page does not vary by cookie.
    assert "cookie" not in first.get("Vary", "").lower()
    assert first["ETag"] == second["ETag"]


def test_a_matching_if_none_match_gets_304(client, cache_on):
    make_publication("Something to list")
    etag = client.get(LIST)["ETag"]

    from_cache = client.get(LIST, headers={"If-None-Match": etag})
    other = client.get(LIST, headers={"If-None-Match": '"something-else"'})

    assert from_cache.status_code == HTTPStatus.NOT_MODIFIED
    assert from_cache.content == b""
    assert other.status_code == HTTPStatus.OK


def test_304_works_without_the_page_cache_too(client):
    """Public pages carry no nonce, so two renderings are byte-identical and share an ETag."""
    make_publication("Something to list")
    etag = client.get(LIST)["ETag"]

    assert client.get(LIST, headers={"If-None-Match": etag}).status_code == (
        HTTPStatus.NOT_MODIFIED
    )


def test_head_is_answered_from_the_cache(client, cache_on):
    make_publication("Something to list")
    client.get(LIST)

    head = client.head(LIST)

    assert head.status_code == HTTPStatus.OK
    assert head["X-Page-Cache"] == "hit"


def test_public_pages_carry_no_csp_nonce_and_the_admin_keeps_its_own(
    client, admin_client, cache_on
):
    publication = make_publication("Something to read")

    for url in ["/", LIST, publication.get_absolute_url()]:
        first, second = client.get(url), client.get(url)
        assert "nonce" not in first["Content-Security-Policy"], url
        assert "nonce" not in first.content.decode(), url
        assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    admin_page = admin_client.get(reverse("admin:publications_publication_add"))
    assert "'nonce-" in admin_page["Content-Security-Policy"]


def test_a_response_with_a_nonce_is_never_stored(cache_on):
    def view(request):
        response = HttpResponse("<script nonce='abc'></script>")
        response["Content-Security-Policy"] = "script-src 'self' 'nonce-abc'"
        return response

    middleware = page_cache.PageCacheMiddleware(view)
    middleware(RequestFactory().get("/"))

    assert "X-Page-Cache" not in middleware(RequestFactory().get("/"))


def test_the_cache_off_leaves_pages_alone(client, cache_on):
    cache_on.PAGE_CACHE = False
    make_publication("Something to list")
    client.get(LIST)

    response = client.get(LIST)

    assert "X-Page-Cache" not in response
    assert "Cache-Control" not in response


def redis_cache(location):
    return {
        "default": {
            "BACKEND": "editorial.redis_cache.RedisCache",
            "LOCATION": location,
            "KEY_PREFIX": f"tt-test-{uuid.uuid4()}",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


def test_redis_unreachable_serves_uncached_pages_and_saves_still_work(client, cache_on, caplog):
    cache_on.CACHES = redis_cache("redis://127.0.0.1:1/0")
    publication = make_publication("Something to list")

    with caplog.at_level(logging.WARNING, logger="editorial.page_cache"):
        first = client.get(LIST)
        reset_backoff()  # try Redis again, not just skip it
        publication.title = "Renamed while Redis is down"
        publication.save()
        second = client.get(LIST)

    assert first.status_code == HTTPStatus.OK
    assert second.status_code == HTTPStatus.OK
    assert "Renamed while Redis is down" in second.content.decode()
    assert cache_control(second) == {"public": True, "max-age": "0", "s-maxage": "0"}
    assert "Page cache unavailable" in caplog.text


def redis_reachable():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not redis_reachable(), reason="no Redis on 127.0.0.1:6379")
def test_with_real_redis(client, cache_on):
    cache_on.CACHES = redis_cache("redis://127.0.0.1:6379/0")
    publication = make_publication("Stored in Redis")
    try:
        first = client.get(LIST)
        second = client.get(LIST)
        publication.title = "Changed in Redis"
        publication.save()
        third = client.get(LIST)

        assert first["X-Page-Cache"] == "miss"
        assert second["X-Page-Cache"] == "hit"
        assert second.content == first.content
        assert third["X-Page-Cache"] == "miss"
        assert "Changed in Redis" in third.content.decode()
    finally:
        client_ = cache._cache.get_client(write=True)
        prefix = cache_on.CACHES["default"]["KEY_PREFIX"]
        for key in client_.scan_iter(f"{prefix}:*"):
            client_.delete(key)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"DEBUG": "1"}, True),
        ({"DEBUG": "1", "PAGE_CACHE": "0"}, False),
        ({"SECRET_KEY": "x" * 50, "REDIS_URL": "redis://127.0.0.1:6379/0"}, True),
        ({"SECRET_KEY": "x" * 50}, False),
    ],
)
def test_page_cache_setting_from_the_environment(env, expected):
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "PAGE_CACHE", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings as s; print(s.PAGE_CACHE, s.CACHES)"],
        cwd=PROJECT,
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )

    assert result.stdout.split()[0] == str(expected)
    backend = "RedisCache" if "REDIS_URL" in env else "LocMemCache"
    assert backend in result.stdout


def test_the_redis_backend_keeps_one_client_per_pool(cache_on):
    """Django builds a Redis client per call; ours keeps one, which a cache hit feels."""
    cache_on.CACHES = redis_cache("redis://127.0.0.1:1/0")

    reads = cache._cache.get_client()
    writes = cache._cache.get_client(write=True)

    assert cache._cache.get_client() is reads
    assert cache._cache.get_client(write=True) is writes


def test_a_page_stored_in_an_older_generation_is_not_served(client, cache_on):
    make_publication("Listed before")
    client.get(LIST)
    page_cache.bump_generation()

    assert client.get(LIST)["X-Page-Cache"] == "miss"
    assert client.get(LIST)["X-Page-Cache"] == "hit"
