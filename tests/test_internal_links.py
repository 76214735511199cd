"""A link in rich text to a page readers cannot reach is refused when it is saved."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from editorial.internal_links import link_problem
from events.models import Event, EventKind
from publications.models import Publication
from tests.factories import make_event, make_person, make_publication, make_region, make_topic
from tests.support.admin_forms import inline_management, publication_form_data

pytestmark = pytest.mark.django_db

PUBLICATION_ADD_URL = reverse("admin:publications_publication_add")


@pytest.fixture
def editor_client(client, admin_user):
    client.force_login(admin_user)
    return client


def field_errors(response, field):
    assert response.status_code == HTTPStatus.OK, "the form was saved"
    return " ".join(response.context["adminform"].form.errors.get(field, []))


def post_publication_body(editor_client, body, **overrides):
    return editor_client.post(PUBLICATION_ADD_URL, publication_form_data(body=body, **overrides))


def test_link_to_a_draft_publication_is_a_form_error_naming_it(editor_client):
    make_publication("Not out yet", slug="not-out-yet", status="draft")
    body = '<p>See <a href="/publications/not-out-yet/">our draft</a>.</p>'

    response = post_publication_body(editor_client, body)

    errors = field_errors(response, "body")
    assert "/publications/not-out-yet/" in errors
    assert "readers cannot see" in errors
    assert not Publication.objects.filter(slug="a-new-brief").exists()


def test_link_to_a_scheduled_publication_is_refused_until_it_is_out(editor_client):
    make_publication("Next week", slug="next-week", days_ago=-7)

    body = '<p><a href="/publications/next-week/">x</a></p>'

    response = post_publication_body(editor_client, body)

    assert "/publications/next-week/" in field_errors(response, "body")


def test_link_to_a_hidden_person_is_a_form_error_naming_it(editor_client):
    make_person("Quiet Contributor", slug="quiet-contributor")
    body = '<p>As <a href="/experts/quiet-contributor/">she said</a>.</p>'

    response = post_publication_body(editor_client, body)

    assert "/experts/quiet-contributor/" in field_errors(response, "body")


def test_link_to_an_unknown_path_is_a_form_error_naming_it(editor_client):
    body = '<p><a href="/reports/2023/exiles">Old address</a></p>'

    response = post_publication_body(editor_client, body)

    errors = field_errors(response, "body")
    assert "/reports/2023/exiles" in errors
    assert "no page on this site" in errors


def test_absolute_link_to_our_own_host_is_checked_too(editor_client):
    body = '<p><a href="http://localhost/experts/nobody-here/">x</a></p>'

    response = post_publication_body(editor_client, body)

    assert "http://localhost/experts/nobody-here/" in field_errors(response, "body")


def test_links_to_public_pages_and_other_sites_save(editor_client):
    public = make_publication("Out already", slug="out-already")
    expert = make_person("Listed Expert", slug="listed-expert", is_expert=True)
    topic = make_topic("Water Policy")
    region = make_region("Steppe")
    make_publication(topics=[topic], regions=[region])
    forum = make_event("Open forum")
    links = [
        public.get_absolute_url(),
        forum.get_absolute_url(),
        expert.get_absolute_url(),
        topic.get_absolute_url(),
        region.get_absolute_url(),
        "/publications/?topic=water-policy",
        "/experts/listed-expert",
        "https://www.example.org/elsewhere/",
        "mailto:press@example.org",
        "#section-2",
    ]
    body = "<p>" + " ".join(f'<a href="{href}">link</a>' for href in links) + "</p>"

    response = post_publication_body(editor_client, body)

    assert response.status_code == HTTPStatus.FOUND, response.context["adminform"].form.errors
    assert Publication.objects.filter(slug="a-new-brief").exists()


def test_person_quoted_in_the_same_draft_may_be_linked_before_they_have_a_page(editor_client):
    newcomer = make_person("First-time Source", slug="first-time-source")
    body = '<p><a href="/experts/first-time-source/">First-time Source</a> told us.</p>'

    response = post_publication_body(
        editor_client, body, status="draft", experts_quoted=[str(newcomer.pk)]
    )

    assert response.status_code == HTTPStatus.FOUND
    publication = Publication.objects.get(slug="a-new-brief")
    publication.status = "published"
    publication.save()
    assert editor_client.logout() is None
    assert editor_client.get("/experts/first-time-source/").status_code == HTTPStatus.OK


def test_author_in_the_byline_rows_may_be_linked_from_the_body(editor_client):
    author = make_person("New Byline", slug="new-byline")
    body = '<p>By <a href="/experts/new-byline/">New Byline</a>.</p>'
    byline = {
        **inline_management("authorships", total=1),
        "authorships-0-person": str(author.pk),
        "authorships-0-order": "0",
    }

    response = post_publication_body(editor_client, body, status="draft", **byline)

    assert response.status_code == HTTPStatus.FOUND


def test_person_bio_linking_a_draft_publication_is_refused(editor_client):
    make_publication("Her draft", slug="her-draft", status="review")
    person = make_person("Bio Owner", slug="bio-owner", is_expert=True)
    data = {
        "name": person.name,
        "sort_name": person.sort_name,
        "slug": person.slug,
        "is_expert": "on",
        "bio": '<p>Author of <a href="/publications/her-draft/">her draft</a>.</p>',
        "edit_version": str(person.version),
    }

    response = editor_client.post(reverse("admin:people_person_change", args=[person.pk]), data)

    assert "/publications/her-draft/" in field_errors(response, "bio")
    person.refresh_from_db()
    assert person.bio == ""


def test_event_summary_linking_a_draft_event_is_refused(editor_client):
    draft = make_event("Closed door", slug="closed-door", status="draft")
    data = {
        "title": "Open forum",
        "slug": "open-forum",
        "kind": str(EventKind.objects.get(slug="forum").pk),
        "description": "<p>A forum.</p>",
        "summary": f'<p>Follow-up to <a href="{draft.get_absolute_url()}">the closed one</a>.</p>',
        "starts_at_0": "2030-10-15",
        "starts_at_1": "15:00:00",
        "ends_at_0": "2030-10-15",
        "ends_at_1": "16:30:00",
        "timezone": "America/New_York",
        "status": "draft",
        "publish_at_0": "",
        "publish_at_1": "",
        "video_url": "",
        "edit_version": "",
        **inline_management("speaker_links"),
    }

    response = editor_client.post(reverse("admin:events_event_add"), data)

    assert "/events/closed-door/" in field_errors(response, "summary")
    assert not Event.objects.filter(slug="open-forum").exists()


def test_links_into_another_language_are_checked_in_that_language(db):
    """An edition's body links to /ru/… pages; they are checked as Russian readers see them,
    whatever language the editor's admin speaks."""
    original = make_publication("Harbour talks", slug="harbour-talks")
    make_publication("Переговоры в гавани", slug="peregovory", language="ru", edition_of=original)

    assert link_problem("/ru/publications/peregovory/") is None
    assert link_problem("/ru/topics/") is None
    assert "readers cannot see" in link_problem("/ru/publications/harbour-talks/")
    assert "readers cannot see" in link_problem("/publications/peregovory/")
