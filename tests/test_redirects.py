"""Old addresses answer 301: a public item's slug change leaves a redirect behind, staff add
redirects by hand, and none may send readers round in a circle. CSV imports are in
test_redirect_import.py."""

import uuid
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.models.signals import pre_save
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from editorial.models import Redirect, SiteSettings
from editorial.redirects import remember_public_address
from people.models import Person
from publications.models import Publication
from tests.factories import (
    make_event,
    make_person,
    make_publication,
    make_region,
    make_topic,
)
from tests.support.admin_forms import (
    admin_post,
    change_url,
    event_form_data,
    publication_form_data,
)

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:editorial_redirect_add")


def publication_saved_as(client, publication, **fields):
    publication.refresh_from_db()
    data = publication_form_data(
        title=publication.title,
        slug=publication.slug,
        status=publication.status,
        edit_version=publication.version,
    )
    data.update(fields)
    admin_post(client, change_url(publication), data)
    publication.refresh_from_db()
    return publication


def person_form_data(person, **overrides):
    data = {
        "name": person.name,
        "sort_name": person.sort_name,
        "slug": person.slug,
        "title": person.title,
        "affiliation": person.affiliation,
        "bio": person.bio,
        "photo_alt": "",
        "photo_credit": "",
        "edit_version": str(person.version),
        **({"is_expert": "on"} if person.is_expert else {}),
    }
    data.update(overrides)
    return data


def redirects():
    return set(Redirect.objects.values_list("old_path", "new_path"))


def page_text(response):
    return response.content.decode()


# --- slug changes ---------------------------------------------------------------------------


def test_a_published_publications_new_slug_leaves_a_301_at_the_old_address(client, editor):
    publication = make_publication("Exiles", slug="exiles")
    client.force_login(editor)

    publication_saved_as(client, publication, slug="russias-exiles")
    client.logout()

    response = client.get("/publications/exiles/")
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"] == "/publications/russias-exiles/"
    assert client.get("/publications/russias-exiles/").status_code == HTTPStatus.OK
    without_slash = client.get("/publications/exiles")
    assert without_slash.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert without_slash["Location"] == "/publications/russias-exiles/"


def test_changing_the_slug_back_leaves_no_loop(client, editor):
    publication = make_publication("Exiles", slug="exiles")
    client.force_login(editor)

    publication_saved_as(client, publication, slug="russias-exiles")
    publication_saved_as(client, publication, slug="exiles")
    client.logout()

    assert redirects() == {("/publications/russias-exiles/", "/publications/exiles/")}
    assert client.get("/publications/exiles/").status_code == HTTPStatus.OK
    response = client.get("/publications/russias-exiles/")
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"] == "/publications/exiles/"


def test_every_old_address_leads_straight_to_the_newest(client, editor):
    publication = make_publication("Exiles", slug="first")
    client.force_login(editor)

    publication_saved_as(client, publication, slug="second")
    publication_saved_as(client, publication, slug="third")
    client.logout()

    for old in ("/publications/first/", "/publications/second/"):
        response = client.get(old)
        assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
        assert response["Location"] == "/publications/third/"


@pytest.mark.parametrize("status", ["draft", "review"])
def test_a_slug_change_of_something_readers_never_saw_makes_no_redirect(client, editor, status):
    publication = make_publication("Draft", slug="draft-slug", status=status)
    client.force_login(editor)

    publication_saved_as(client, publication, slug="better-slug")

    assert redirects() == set()


def test_a_scheduled_items_slug_change_makes_no_redirect():
    publication = make_publication(
        "Embargoed", slug="embargoed", publish_at=timezone.now() + timedelta(days=2)
    )

    publication.slug = "still-embargoed"
    publication.save()

    assert redirects() == set()


def test_an_events_new_slug_redirects(client, editor):
    event = make_event("Exiles forum", slug="exiles-forum")
    client.force_login(editor)

    admin_post(client, change_url(event), event_form_data(event, slug="forum-on-exiles"))
    client.logout()

    response = client.get("/events/exiles-forum/")
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"] == "/events/forum-on-exiles/"
    assert client.get("/events/forum-on-exiles/").status_code == HTTPStatus.OK


def test_a_persons_new_slug_redirects(client, editor):
    person = make_person("Mira Stone", is_expert=True)
    old_address = person.get_absolute_url()
    client.force_login(editor)

    admin_post(client, change_url(person), person_form_data(person, slug="mira-k-stone"))
    client.logout()

    response = client.get(old_address)
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"] == Person.objects.get().get_absolute_url()
    assert client.get(response["Location"]).status_code == HTTPStatus.OK


@pytest.mark.parametrize("make_subject", [make_topic, make_region])
def test_a_public_topics_or_regions_new_slug_redirects_and_a_hidden_ones_does_not(
    client, make_subject
):
    public = make_subject("Arctic Security")
    hidden = make_subject("Unused Subject")
    make_publication(**{f"{public._meta.model_name}s": [public]})
    old_address = public.get_absolute_url()

    for subject in (public, hidden):
        subject.slug = f"{subject.slug}-renamed"
        subject.save()

    response = client.get(old_address)
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"] == public.get_absolute_url()
    assert client.get(response["Location"]).status_code == HTTPStatus.OK
    assert len(redirects()) == 1


def test_restoring_a_revision_with_the_old_slug_redirects_the_other_way(client, editor):
    client.force_login(editor)
    admin_post(client, reverse("admin:publications_publication_add"), publication_form_data())
    publication = Publication.objects.get()
    first = publication.history.get()
    publication_saved_as(client, publication, slug="renamed-brief")

    response = client.post(
        reverse("admin:publications_publication_restore", args=[publication.pk, first.history_id])
    )
    assert response.status_code == HTTPStatus.FOUND
    client.logout()

    assert redirects() == {("/publications/renamed-brief/", "/publications/a-new-brief/")}
    assert client.get("/publications/a-new-brief/").status_code == HTTPStatus.OK
    response = client.get("/publications/renamed-brief/")
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"] == "/publications/a-new-brief/"


def count_queries(action):
    with CaptureQueriesContext(connection) as queries:
        action()
    return len(queries)


def test_a_save_that_keeps_the_slug_costs_at_most_one_query_and_others_none():
    publication = make_publication("Steady")
    settings_row = SiteSettings.objects.create(pk=1)

    with_check = count_queries(publication.save), count_queries(settings_row.save)
    pre_save.disconnect(remember_public_address, dispatch_uid="redirects_remember_address")
    try:
        without_check = count_queries(publication.save), count_queries(settings_row.save)
    finally:
        pre_save.connect(remember_public_address, dispatch_uid="redirects_remember_address")

    assert with_check[0] - without_check[0] == 1
    assert with_check[1] == without_check[1]
    assert redirects() == set()


# --- by hand in the admin -------------------------------------------------------------------


def test_editor_adds_a_redirect_by_hand(client, editor):
    publication = make_publication("Exiles", slug="exiles")
    client.force_login(editor)

    admin_post(
        client,
        ADD_URL,
        {"old_path": "/research/2019/exiles.html", "new_path": publication.get_absolute_url()},
    )
    client.logout()

    response = client.get("/research/2019/exiles.html")
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"] == "/publications/exiles/"


@pytest.mark.parametrize(
    ("existing", "old_path", "new_path", "loop"),
    [
        ([], "/a/", "/a/", "/a/ → /a/ leads back to itself"),
        ([("/b/", "/a/")], "/a/", "/b/", "/a/ → /b/ makes a loop: /a/ → /b/ → /a/"),
        ([("/b/", "/c/"), ("/c/", "/a")], "/a/", "/b/", "makes a loop: /a/ → /b/ → /c/ → /a/"),
        ([], "/a/", "/a", "/a/ → /a makes a loop: /a/ → /a/"),
        ([("/b/", "/a/")], "/a/", "http://localhost/b/", "makes a loop: /a/ → /b/ → /a/"),
    ],
)
def test_admin_refuses_a_redirect_that_makes_a_loop(
    client, editor, existing, old_path, new_path, loop
):
    for old, new in existing:
        Redirect.objects.create(old_path=old, new_path=new)
    client.force_login(editor)

    response = client.post(ADD_URL, {"old_path": old_path, "new_path": new_path})

    assert response.status_code == HTTPStatus.OK
    assert loop in page_text(response)
    assert Redirect.objects.count() == len(existing)


def test_a_path_without_its_slash_leading_to_the_path_with_it_is_no_loop(client, editor):
    client.force_login(editor)

    admin_post(client, ADD_URL, {"old_path": "/about", "new_path": "/about/"})

    assert redirects() == {("/about", "/about/")}


@pytest.mark.parametrize(
    ("old_path", "new_path", "message"),
    [
        ("old-page.html", "/publications/", "is not a path on this site"),
        ("/old#top", "/publications/", "browsers never send what follows it"),
        ("/old/", "javascript:alert(1)", "is not an address readers can be sent to"),
        ("/old/", "//elsewhere.example/", "is not an address readers can be sent to"),
        ("/old/", "", "This field is required."),
        ("/publications/", "/events/", "is a page readers can see"),
    ],
)
def test_admin_refuses_what_is_not_a_usable_redirect(client, editor, old_path, new_path, message):
    client.force_login(editor)

    response = client.post(ADD_URL, {"old_path": old_path, "new_path": new_path})

    assert response.status_code == HTTPStatus.OK
    assert message in page_text(response)
    assert not Redirect.objects.exists()


def test_admin_refuses_a_second_redirect_from_the_same_path(client, editor):
    Redirect.objects.create(old_path="/old/", new_path="/events/")
    client.force_login(editor)

    response = client.post(ADD_URL, {"old_path": "/old/", "new_path": "/publications/"})

    assert "A redirect from /old/ already exists" in page_text(response)


def test_an_old_path_is_kept_as_browsers_send_it(client, editor):
    client.force_login(editor)

    admin_post(client, ADD_URL, {"old_path": "/études/paix.html", "new_path": "/publications/"})
    client.logout()

    assert redirects() == {("/%C3%A9tudes/paix.html", "/publications/")}
    assert client.get("/études/paix.html").status_code == HTTPStatus.MOVED_PERMANENTLY


def test_editing_a_redirect_checks_it_against_the_others_only(client, editor):
    mine = Redirect.objects.create(old_path="/a/", new_path="/events/")
    Redirect.objects.create(old_path="/b/", new_path="/a/")
    client.force_login(editor)

    admin_post(client, change_url(mine), {"old_path": "/a/", "new_path": "/publications/"})
    response = client.post(change_url(mine), {"old_path": "/a/", "new_path": "/b/"})

    assert "makes a loop: /a/ → /b/ → /a/" in page_text(response)
    assert redirects() == {("/a/", "/publications/"), ("/b/", "/a/")}


def test_editors_manage_redirects_and_no_other_role_does():
    def codenames(group):
        return set(
            Group.objects.get(name=group)
            .permissions.filter(content_type__app_label="editorial")
            .values_list("codename", flat=True)
        )

    assert codenames("Editors") == {
        "view_redirect",
        "add_redirect",
        "change_redirect",
        "delete_redirect",
    }
    assert codenames("Writers") == set()
    assert codenames("Event organizers") == set()


# --- the page cache -------------------------------------------------------------------------


@pytest.fixture
def cache_on(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"redirects-test-{uuid.uuid4()}",
        }
    }
    settings.PAGE_CACHE = True
    return settings


def test_a_cached_page_whose_slug_changes_redirects_at_once(client, cache_on):
    publication = make_publication("Exiles", slug="exiles")
    client.get("/publications/exiles/")
    assert client.get("/publications/exiles/")["X-Page-Cache"] == "hit"

    publication.slug = "russias-exiles"
    publication.save()

    response = client.get("/publications/exiles/")
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"] == "/publications/russias-exiles/"


def test_a_new_redirect_takes_effect_at_once_and_a_301_is_not_cached(client, cache_on, editor):
    assert client.get("/research/exiles.html").status_code == HTTPStatus.NOT_FOUND
    staff = Client()
    staff.force_login(editor)

    admin_post(staff, ADD_URL, {"old_path": "/research/exiles.html", "new_path": "/events/"})
    response = client.get("/research/exiles.html")
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert "X-Page-Cache" not in response

    admin_post(
        staff,
        change_url(Redirect.objects.get()),
        {"old_path": "/research/exiles.html", "new_path": "/publications/"},
    )
    assert client.get("/research/exiles.html")["Location"] == "/publications/"
