"""Fixtures shared by the whole suite; the builders they use live in tests/factories.py."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

# The helpers test modules share assert too: pytest explains their failures as it does a test's.
# This must run before they are first imported.
pytest.register_assert_rewrite("tests.factories", "tests.support")

from tests.factories import (  # noqa: E402
    make_person,
    make_publication,
    make_region,
    make_topic,
    staff_user,
)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads in a test go to a folder of its own, never to real media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def unpublished(db):
    """One of each kind of publication readers must not see, all on a shared topic and region."""
    topic = make_topic("Hidden Matters")
    region = make_region("Nowhere")
    author = make_person("Hidden Author")
    common = {"authors": [author], "topics": [topic], "regions": [region]}
    return [
        make_publication("Secret draft", status="draft", **common),
        make_publication("Pending review", status="review", **common),
        make_publication(
            "Embargoed until later",
            status="published",
            publish_at=timezone.now() + timedelta(days=2),
            **common,
        ),
    ]


@pytest.fixture
def editor(db):
    return staff_user("editor", "Editors")


@pytest.fixture
def writer(db):
    return staff_user("writer", "Writers")


@pytest.fixture
def organizer(db):
    return staff_user("organizer", "Event organizers")


@pytest.fixture(scope="module")
def demo_media(tmp_path_factory):
    return tmp_path_factory.mktemp("demo-media")


@pytest.fixture(scope="module")
def loaded_demo(django_db_setup, django_db_blocker, demo_media):
    """The demo, loaded once for the module that asks and rolled back after it: loading takes
    seconds (it draws and re-encodes every illustration). Tests run in savepoints inside its
    transaction (ask for `db` too). Gives what the command printed."""
    output = StringIO()
    with (
        django_db_blocker.unblock(),
        transaction.atomic(),
        override_settings(DEBUG=True, MEDIA_ROOT=demo_media),
    ):
        call_command("load_demo", stdout=output)
        yield output.getvalue()
        transaction.set_rollback(True)
