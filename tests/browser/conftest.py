"""Browser tests: Playwright for Python drives Debian's Chromium against a live server.

Every test here gets a fresh copy of the demo institute (`load_demo`) on pytest-django's
`live_server`. The live server makes a test transactional: the database is flushed after it,
which also removes the rows the data migrations made (the staff groups and the event kinds).
`demo_site` puts those back by running the data migrations' own functions before loading the
demo. pytest-django runs transactional tests after all the others (whatever order
pytest-randomly picks), so no other test ever sees a flushed database. Under pytest-xdist
(`make test`) each process has databases of its own and runs its share of the tests in that
same order: so `--dist load` (the default), never `worksteal`, which can hand a process tests
from before the ones it has already run.

Serialized rollback (`serialized_rollback=True`) cannot do that job here: Playwright's
synchronous API keeps an asyncio loop running in the test thread, and while a loop runs,
Django keeps that thread's database connections in a context variable, apart from the
connection that pytest-django serialized the database on.

Without Chromium at /usr/bin/chromium the whole package is skipped with a clear reason, unless
REQUIRE_BROWSER=1 (CI sets it), which turns the skip into a failure.
"""

import functools
import importlib
import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.migrations.loader import MigrationLoader

from tests.browser.support import CHROMIUM, LAUNCH_ARGS, SKIP_REASON, DemoSite

BROWSER_TESTS = Path(__file__).resolve().parent


def browser_required():
    return os.environ.get("REQUIRE_BROWSER", "").strip() == "1"


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists() or browser_required():
        return
    skip = pytest.mark.skip(reason=SKIP_REASON)
    for item in items:
        if BROWSER_TESTS in Path(item.path).parents:
            item.add_marker(skip)


def pytest_report_header(config):
    if CHROMIUM.exists():
        return f"browser tests: run with Chromium at {CHROMIUM}"
    if browser_required():
        return f"browser tests: REQUIRE_BROWSER=1 and no Chromium at {CHROMIUM}: they fail"
    return f"browser tests: {SKIP_REASON}"


@pytest.fixture(scope="package")
def browser():
    """One headless Chromium for all the browser tests.

    Playwright's synchronous API keeps an asyncio loop running in this thread, and Django
    refuses ORM calls from a thread with a running loop ("You cannot call this from an async
    context"). DJANGO_ALLOW_ASYNC_UNSAFE lifts that check, only while the browser is up.
    """
    if not CHROMIUM.exists():
        pytest.fail(f"{SKIP_REASON}; REQUIRE_BROWSER=1 forbids skipping them", pytrace=False)
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=LAUNCH_ARGS, headless=True
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@functools.cache
def migration_state_apps():
    """The models as the migrations know them, which data migrations expect to be given."""
    return MigrationLoader(None, ignore_no_migrations=True).project_state().apps


def restore_migration_data():
    """Run the data migrations again: the staff groups, Editors' redirects and event kinds."""
    state_apps = migration_state_apps()
    importlib.import_module(
        "publications.migrations.0008_staff_roles_publish_people_and_topics"
    ).forwards(state_apps, None)
    importlib.import_module("events.migrations.0003_event_kinds").add_kinds(state_apps, None)
    importlib.import_module("publications.migrations.0016_editors_manage_redirects").forwards(
        state_apps, None
    )


@pytest.fixture
def demo_site(browser, live_server):
    """The demo institute on the live server, loaded afresh for this test."""
    restore_migration_data()
    call_command("load_demo", allow_production=True, stdout=StringIO())
    site = DemoSite(browser, live_server.url)
    yield site
    site.close()
