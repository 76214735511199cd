"""Values derived from the whole archive, kept once per generation (page_cache.per_generation):
shared by every request, with the page cache off too, and never stale."""

import uuid
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from editorial import page_cache
from publications.models import Publication
from tests.factories import make_publication

pytestmark = pytest.mark.django_db


@pytest.fixture
def local_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"per-generation-test-{uuid.uuid4()}",
        }
    }
    settings.PAGE_CACHE = False  # values are kept whether or not pages are
    page_cache._state.update(down_until=0.0, warned_at=0.0)
    yield settings
    page_cache._state.update(down_until=0.0, warned_at=0.0)


def published_count():
    return page_cache.per_generation(
        "test:published-count", lambda: Publication.objects.published().count()
    )


def test_a_value_is_computed_once_until_something_changes(local_cache, django_assert_num_queries):
    make_publication(title="First")
    assert published_count() == 1
    with django_assert_num_queries(0):
        assert published_count() == 1
    make_publication(title="Second")
    assert published_count() == 2


def test_names_keep_values_apart(local_cache):
    assert page_cache.per_generation("a", lambda: "one") == "one"
    assert page_cache.per_generation("b", lambda: "two") == "two"
    assert page_cache.per_generation("a", lambda: "changed") == "one"


def test_a_scheduled_item_is_counted_from_its_time(local_cache):
    make_publication(title="Out now")
    release = timezone.now() + timedelta(hours=2)
    make_publication(title="Embargoed", publish_at=release)
    assert published_count() == 1
    # The database's clock decides what is published and cannot be moved: bring the release
    # time back for the row itself, without a save (so nothing bumps the generation) ...
    Publication.objects.filter(title="Embargoed").update(
        publish_at=timezone.now() - timedelta(minutes=1)
    )
    assert published_count() == 1, "kept until the time the value was computed for"
    # ... and once the scheduled time has passed, the kept value is gone.
    with time_machine.travel(release + timedelta(seconds=1)):
        assert published_count() == 2


def test_a_cache_failure_computes_the_value(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    page_cache._state.update(down_until=0.0, warned_at=0.0)
    try:
        assert page_cache.per_generation("x", lambda: 42) == 42
    finally:
        page_cache._state.update(down_until=0.0, warned_at=0.0)


def test_without_a_cache_the_value_is_computed_each_time(django_assert_num_queries):
    make_publication(title="Only")
    with django_assert_num_queries(1):
        assert published_count() == 1
