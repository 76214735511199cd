"""The anonymous page cache and the HTTP caching headers of public pages.

Correct first:

- Only readers are served from it or fill it: GET or HEAD with no session cookie, no messages
  cookie and no Authorization header, outside the admin. Only a 200 that sets no cookie, has
  no Cache-Control of its own (previews are ``private, no-store``), varies on nothing but the
  Cookie header and carries no CSP nonce is stored.
- Every entry records the *generation* it was made in, a number kept in the cache and read
  with the entry in one round trip. Any save or delete of a model of our apps (and any change
  of their many-to-many relations) bumps it, so every cached page is stale at once; nothing
  chases URLs.
- No entry outlives the next scheduled ``publish_at`` of any ``Publishable`` model, so a
  scheduled item appears on every page at its time. The next time is looked up once per
  generation (and again once it has passed).
- The cache failing (Redis down) never fails a request: the page is rendered as if there
  were no cache, a warning is logged, and the cache is left alone for a few seconds.

Cacheable responses go out with ``Cache-Control: public, max-age=…, s-maxage=…`` (both
capped like the entry), an ETag (``ConditionalGetMiddleware`` answers 304 from it) and
without ``Vary: Cookie``: what a reader gets at such an address does not depend on cookies,
because a request with a session never gets, nor makes, a cached copy. Settings:
``PAGE_CACHE`` (on/off), ``PAGE_CACHE_TIMEOUT`` (the entry and ``s-maxage``, seconds) and
``PAGE_CACHE_MAX_AGE`` (the browser's ``max-age``).
"""

import functools
import hashlib
import logging
import re
import time
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.db import connections, router, transaction
from django.db.models.functions import Now
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers, set_response_etag

from editorial.languages import current_language
from editorial.models import Publishable, Status

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
#: The generation key outlives any page entry many times over; if it is ever evicted it comes
#: back as the current time in nanoseconds, which no earlier generation can equal.
GENERATION_TIMEOUT = 60 * 60 * 24 * 30
#: After a cache error the cache is left alone this many seconds (per process).
BACKOFF_SECONDS = 5
_NO_SCHEDULE = "none"
cc_delim_re = re.compile(r"\s*,\s*")

_state = {"down_until": 0.0, "warned_at": 0.0}


def enabled():
    return getattr(settings, "PAGE_CACHE", False)


def timeout_setting():
    return int(getattr(settings, "PAGE_CACHE_TIMEOUT", 300))


def max_age_setting():
    return int(getattr(settings, "PAGE_CACHE_MAX_AGE", 60))


def _cache_failed(error):
    now = time.monotonic()
    _state["down_until"] = now + BACKOFF_SECONDS
    if now - _state["warned_at"] >= 60 or not _state["warned_at"]:
        _state["warned_at"] = now
        logger.warning("Page cache unavailable, serving uncached pages: %r", error)


def _cache_usable():
    return time.monotonic() >= _state["down_until"]


# --- the generation ------------------------------------------------------------------------


def current_generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, time.time_ns(), GENERATION_TIMEOUT)
        generation = cache.get(GENERATION_KEY)
    return generation


def bump_generation():
    """Make every cached page stale. A cache error is logged, never raised: a save must not
    fail because the cache is down (its entries then expire by their timeout)."""
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # no generation yet, or evicted
            cache.set(GENERATION_KEY, time.time_ns(), GENERATION_TIMEOUT)
    except Exception as error:
        _cache_failed(error)


@functools.cache
def _project_app_labels():
    """Labels of the apps that live in this project (not in site-packages)."""
    base = Path(settings.BASE_DIR).resolve()
    labels = set()
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.is_relative_to(base) and not {"site-packages", "dist-packages"} & set(path.parts):
            labels.add(config.label)
    return frozenset(labels)


def is_ours(model):
    return model is not None and model._meta.app_label in _project_app_labels()


def _bump_on_commit():
    bump_generation()


def content_changed(sender, instance=None, **kwargs):
    """post_save, post_delete and m2m_changed of any model: bump the generation when the model
    (or, for a many-to-many change, the instance's model) belongs to one of our apps."""
    if kwargs.get("action", "post_").startswith("pre_"):
        return
    if not (is_ours(sender) or is_ours(type(instance) if instance is not None else None)):
        return
    # Now, so this request and this test see it; and again once the transaction commits, so
    # a reader who rendered the old rows meanwhile cannot leave them cached under the new
    # generation. One commit callback per transaction is enough.
    bump_generation()
    using = kwargs.get("using") or router.db_for_write(sender)
    connection = connections[using]
    if connection.in_atomic_block and any(
        callback is _bump_on_commit for _, callback, _ in connection.run_on_commit
    ):
        return
    transaction.on_commit(_bump_on_commit, using=using)


# --- scheduled items ----------------------------------------------------------------------


def publishable_models():
    return [
        model
        for model in apps.get_models()
        if issubclass(model, Publishable) and not model._meta.abstract
    ]


def next_publish_at():
    """The earliest future ``publish_at`` of a scheduled item of any kind, or None: one query."""
    querysets = [
        model._default_manager.filter(status=Status.PUBLISHED, publish_at__gt=Now())
        .order_by()
        .values_list("publish_at", flat=True)
        for model in publishable_models()
    ]
    if not querysets:
        return None
    combined = querysets[0].union(*querysets[1:]) if len(querysets) > 1 else querysets[0]
    return next(iter(combined.order_by("publish_at")[:1]), None)


def seconds_until_next_publication(generation):
    """Seconds until the next scheduled item goes public (None: nothing is scheduled),
    looked up once per generation and again once that time has passed."""
    key = f"pagecache:{generation}:next_publish"
    stored = cache.get(key)
    now = time.time()
    if stored == _NO_SCHEDULE:
        return None
    if stored is None or stored <= now:
        upcoming = next_publish_at()
        stored = upcoming.timestamp() if upcoming is not None else _NO_SCHEDULE
        cache.set(key, stored, timeout_setting())
        if upcoming is None:
            return None
    return stored - now


# --- values computed once per generation ----------------------------------------------------


def per_generation(name, compute):
    """``compute()``, remembered until anything changes or the next scheduled item goes public.

    For what a page derives from the whole archive (filter counts, year lists, related items):
    with the page cache off (``PAGE_CACHE=0``) such values are still shared by every request
    until the next change. `name` must say everything the value depends on besides the
    content itself (the filters, the item). A cache failure computes the value instead.
    """
    return per_generation_many([name], lambda missing: {name: compute()})[name]


def per_generation_many(names, compute_missing):
    """Several values kept like per_generation's, fetched in one round trip: for a list of
    cards, one cache request rather than one per card.

    `names` are the values' names (each saying everything its value depends on besides the
    content); `compute_missing(missing)` returns {name: value} for the names not kept.
    Returns {name: value} for every name.
    """
    if not names:
        return {}
    if isinstance(caches["default"], DummyCache) or not _cache_usable():
        # Nothing would be kept, and the schedule lookup would only add a query.
        return compute_missing(list(names))
    try:
        generation = current_generation()
        # Values are computed in the reader's language (its items, names and dates), so each
        # language keeps its own.
        language = current_language()
        keys = {
            name: f"pagecache:{generation}:value:{language}:"
            + hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()
            for name in names
        }
        found = cache.get_many(list(keys.values()))
    except Exception as error:
        _cache_failed(error)
        return compute_missing(list(names))
    values = {name: found[key] for name, key in keys.items() if key in found}
    missing = [name for name in names if name not in values]
    if not missing:
        return values
    made = compute_missing(missing)
    values.update(made)
    try:
        lifetime = timeout_setting()
        until_next = seconds_until_next_publication(generation)
        if until_next is not None:
            lifetime = min(lifetime, until_next)
        if int(lifetime) > 0:
            cache.set_many({keys[name]: value for name, value in made.items()}, int(lifetime))
    except Exception as error:
        _cache_failed(error)
    return values


# --- the middleware -----------------------------------------------------------------------


def is_reader_request(request):
    """A request that may be answered from, and may fill, the page cache."""
    if request.method not in ("GET", "HEAD"):
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies:
        return False
    return not request.path_info.startswith(("/admin/", "/" + settings.MEDIA_URL.lstrip("/")))


def page_key(request):
    """One entry per address: a page stored again under a newer generation replaces it."""
    scheme = "https" if request.is_secure() else "http"
    address = f"{scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(address.encode("utf-8", "surrogateescape")).hexdigest()
    return f"pagecache:page:{digest}"


def lookup(request):
    """(the current generation, the stored page or None) in one round trip to the cache: the
    entry records the generation it was made in and counts only if that is still current."""
    key = page_key(request)
    found = cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY)
    if generation is None:
        generation = current_generation()
    stored = found.get(key)
    if stored is not None and stored[0] != generation:
        stored = None
    return generation, stored


def cacheable_response(response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if response.has_header("Cache-Control"):
        return False  # the view decided (previews: private, no-store)
    varies = {part.strip().lower() for part in cc_delim_re.split(response.get("Vary", "")) if part}
    if varies - {"cookie"}:
        return False
    return "'nonce-" not in response.get("Content-Security-Policy", "")


def _without_cookie_vary(response):
    varies = [
        part.strip()
        for part in cc_delim_re.split(response.get("Vary", ""))
        if part.strip() and part.strip().lower() != "cookie"
    ]
    del response["Vary"]
    if varies:
        patch_vary_headers(response, varies)


def _public_headers(response, lifetime):
    lifetime = max(0, int(lifetime))
    response["Cache-Control"] = (
        f"public, max-age={min(max_age_setting(), lifetime)}, s-maxage={lifetime}"
    )
    _without_cookie_vary(response)
    if not response.has_header("ETag"):
        set_response_etag(response)


def _freeze(response, generation, expires):
    return (generation, response.status_code, list(response.items()), response.content, expires)


def _thaw(stored):
    """The stored response, its Cache-Control counting down to the entry's expiry, so no
    browser or CDN keeps it longer than the cache itself would (nor past a scheduled item)."""
    _generation, status, headers, content, expires = stored
    response = HttpResponse(content, status=status)
    for header, value in headers:
        response[header] = value
    _public_headers(response, min(timeout_setting(), expires - time.time()))
    return response


class PageCacheMiddleware:
    """Serve readers from the page cache, fill it, and mark what a CDN may keep.

    Sits after WhiteNoise and ConditionalGetMiddleware and before the session middleware, so
    a hit costs no session, database or template work, and a stored page carries the headers
    the inner middleware set (CSP, X-Frame-Options).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (enabled() and is_reader_request(request)):
            return self.get_response(request)
        generation = None
        if _cache_usable():
            try:
                generation, stored = lookup(request)
            except Exception as error:
                _cache_failed(error)
                generation = stored = None
            if stored is not None:
                response = _thaw(stored)
                response["X-Page-Cache"] = "hit"
                return response
        response = self.get_response(request)
        if request.method != "GET" or not cacheable_response(response):
            return response
        lifetime = timeout_setting()
        if generation is not None:
            try:
                until_next = seconds_until_next_publication(generation)
                if until_next is not None:
                    lifetime = min(lifetime, until_next)
                _public_headers(response, lifetime)
                if int(lifetime) > 0:
                    stored = _freeze(response, generation, time.time() + int(lifetime))
                    cache.set(page_key(request), stored, int(lifetime))
            except Exception as error:
                _cache_failed(error)
                generation = None
        if generation is None:
            # No cache to learn the schedule from: let browsers and CDNs revalidate (ETag).
            _public_headers(response, 0)
        response["X-Page-Cache"] = "miss"
        return response
