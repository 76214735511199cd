"""The comment thread on a publication's or event's change form: who reads, adds and
resolves comments, how they are shown, and that no reader ever sees one."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from editorial.models import Topic
from editorial.revisions import record_revision, restore
from review.models import Comment, Notification
from tests.factories import make_event, make_person, make_publication, make_topic
from tests.support.admin_forms import admin_url, change_url
from tests.support.crawler import crawl

pytestmark = pytest.mark.django_db

SECRET = "The minister's quote is off the record until Friday"


def comments_url(item, *args, action="add_comment"):
    return admin_url(type(item), action, item.pk, *args)


def post_comment(client, item, body):
    return client.post(comments_url(item), {"body": body})


def add_comment(item, author, body=SECRET, **fields):
    return Comment.objects.create(item=item, author=author, body=body, **fields)


def thread(client, item):
    """The comment section of the item's change form as the logged-in user sees it."""
    content = client.get(change_url(item)).content.decode()
    start = content.find('<section id="comments"')
    return content[start:] if start >= 0 else ""


def test_writer_comments_on_a_draft_and_the_editor_reads_it(client, writer, editor):
    draft = make_publication("Water Wars", status="draft")
    client.force_login(writer)

    response = post_comment(client, draft, "Is the map licensed?\nI could not find out.")

    comment = Comment.objects.about(draft).get()
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"{change_url(draft)}#comment-{comment.pk}"
    assert comment.author == writer
    client.force_login(editor)
    shown = thread(client, draft)
    assert "Comments (1)" in shown
    assert "<strong>writer</strong>" in shown
    assert "Is the map licensed?<br>I could not find out." in shown


def test_a_new_comment_tells_the_others_on_the_item(client, writer, editor):
    draft = make_publication("Water Wars", status="draft", created_by=writer)
    add_comment(draft, editor, "Who drew the map?")
    client.force_login(writer)

    post_comment(client, draft, "Ready for a look.")

    told = Notification.objects.about(draft).get()
    assert (told.recipient, told.actor, told.verb, told.note) == (
        editor,
        writer,
        Notification.Verb.COMMENTED,
        "Ready for a look.",
    )


def test_html_in_a_comment_is_shown_escaped(client, writer):
    draft = make_publication(status="draft")
    client.force_login(writer)

    post_comment(client, draft, '<script>alert("x")</script><b>bold</b>')

    shown = thread(client, draft)
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;" in shown
    assert "<script>alert" not in shown
    assert "<b>bold" not in shown


def test_an_empty_comment_is_refused(client, writer):
    draft = make_publication(status="draft")
    client.force_login(writer)

    response = post_comment(client, draft, "   ")

    shown = client.get(response["Location"]).content.decode()
    assert "Your comment was not posted: Write something before posting a comment." in shown
    assert not Comment.objects.about(draft).exists()


def test_a_comment_too_long_is_refused(client, writer):
    draft = make_publication(status="draft")
    client.force_login(writer)

    response = post_comment(client, draft, "x" * 5001)

    shown = client.get(response["Location"]).content.decode()
    assert "Your comment was not posted: Ensure this value has at most 5000" in shown
    assert not Comment.objects.about(draft).exists()


def test_line_breaks_count_once_against_the_length_limit(client, writer):
    draft = make_publication(status="draft")
    client.force_login(writer)

    post_comment(client, draft, "\r\n".join(["x" * 99] * 50))

    assert Comment.objects.about(draft).get().body == "\n".join(["x" * 99] * 50)


def test_comments_need_post(client, writer):
    draft = make_publication(status="draft")
    client.force_login(writer)

    assert client.get(comments_url(draft)).status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_writer_cannot_resolve_an_editors_comment(client, writer, editor):
    draft = make_publication(status="draft")
    comment = add_comment(draft, editor, "Tighten the lead.")
    client.force_login(writer)

    response = client.post(comments_url(draft, comment.pk, action="resolve_comment"))

    assert response.status_code == HTTPStatus.FORBIDDEN
    comment.refresh_from_db()
    assert not comment.is_resolved
    assert "Mark resolved" not in thread(client, draft)


def test_writer_resolves_and_reopens_their_own_comment(client, writer):
    draft = make_publication(status="draft")
    comment = add_comment(draft, writer, "Check the figures.")
    client.force_login(writer)

    client.post(comments_url(draft, comment.pk, action="resolve_comment"))

    comment.refresh_from_db()
    assert comment.resolved_by == writer
    shown = thread(client, draft)
    assert "<details><summary" in shown
    assert "resolved by writer on" in shown
    assert "Reopen" in shown

    client.post(comments_url(draft, comment.pk, action="reopen_comment"))

    comment.refresh_from_db()
    assert not comment.is_resolved


def test_editor_resolves_a_writers_comment(client, writer, editor):
    draft = make_publication(status="draft")
    comment = add_comment(draft, writer, "Check the figures.")
    client.force_login(editor)

    response = client.post(comments_url(draft, comment.pk, action="resolve_comment"))

    assert response.status_code == HTTPStatus.FOUND
    comment.refresh_from_db()
    assert comment.resolved_by == editor


def test_a_comment_of_another_item_cannot_be_resolved_through_this_one(client, editor):
    one, other = make_publication(status="draft"), make_publication(status="draft")
    comment = add_comment(other, editor)
    client.force_login(editor)

    response = client.post(comments_url(one, comment.pk, action="resolve_comment"))

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_organizer_reads_and_adds_comments_on_events(client, organizer, editor):
    event = make_event("Water Forum", status="draft")
    add_comment(event, editor, "Who chairs the panel?")
    client.force_login(organizer)

    response = post_comment(client, event, "Dr Amirova chairs.")

    assert response.status_code == HTTPStatus.FOUND
    shown = thread(client, event)
    assert "Who chairs the panel?" in shown
    assert "Dr Amirova chairs." in shown


def test_organizer_neither_reads_nor_adds_comments_on_publications(client, organizer, editor):
    draft = make_publication(status="draft")
    live = make_publication(status="published")
    add_comment(live, editor)
    client.force_login(organizer)

    assert SECRET not in client.get(change_url(live)).content.decode()
    assert post_comment(client, draft, "Hello").status_code == HTTPStatus.FORBIDDEN
    assert post_comment(client, live, "Hello").status_code == HTTPStatus.FORBIDDEN
    assert not Comment.objects.about(draft).exists()


def test_writer_neither_reads_nor_adds_comments_on_events(client, writer, editor):
    event = make_event(status="draft")
    add_comment(event, editor)
    client.force_login(writer)

    assert SECRET not in client.get(change_url(event)).content.decode()
    assert post_comment(client, event, "Hello").status_code == HTTPStatus.FORBIDDEN


def test_writer_still_discusses_a_publication_that_went_public(client, writer, editor):
    live = make_publication(status="published")
    add_comment(live, editor, "A reader found a typo in the third paragraph.")
    client.force_login(writer)

    response = post_comment(client, live, "Fixed in my notes; please correct it.")

    assert response.status_code == HTTPStatus.FOUND
    shown = thread(client, live)
    assert "A reader found a typo" in shown
    assert "please correct it." in shown


def test_comments_outlive_a_restore_and_name_their_revision(client, editor):
    draft = make_publication("First title", status="draft")
    record_revision(draft, created=True, user=editor)
    first = draft.history.first()
    add_comment(draft, editor, "The first title is better.", revision_id=first.history_id)
    draft.title = "Second title"
    draft.save()
    record_revision(draft, user=editor)

    restore(first, user=editor, topic_model=Topic)

    client.force_login(editor)
    shown = thread(client, draft)
    assert "The first title is better." in shown
    assert "On the revision of" in shown
    assert reverse("admin:publications_publication_history", args=[draft.pk]) in shown
    assert "What has changed since" in shown


def test_the_change_form_costs_the_same_queries_for_2_or_20_comments(client, editor, writer):
    draft = make_publication(status="draft")
    record_revision(draft, created=True, user=writer)
    revision = draft.history.first().history_id
    for number in range(2):
        add_comment(draft, writer, f"Comment {number}", revision_id=revision)
    client.force_login(editor)
    client.get(change_url(draft))

    with CaptureQueriesContext(connection) as with_two:
        client.get(change_url(draft))
    for number in range(18):
        resolved = {"resolved_by": writer, "resolved_at": draft.created_at} if number % 2 else {}
        add_comment(
            draft,
            editor if number % 3 else writer,
            f"More {number}",
            revision_id=revision,
            **resolved,
        )
    with CaptureQueriesContext(connection) as with_twenty:
        content = client.get(change_url(draft)).content.decode()

    assert "Comments (20)" in content
    assert len(with_twenty) == len(with_two)


def test_comments_appear_on_no_public_page_feed_or_download(client, editor):
    topic = make_topic("Water")
    author = make_person("Dana Hydro", is_expert=True)
    publication = make_publication("Water Wars", authors=[author], topics=[topic])
    event = make_event("Water Forum", speakers=[author], topics=[topic])
    for item in (publication, event):
        add_comment(item, editor)
        add_comment(item, editor, f"{SECRET}, changes please.", requests_changes=True)
    seen = []

    def has_no_comment(url, response):
        body = b"" if getattr(response, "streaming", False) else response.content
        assert SECRET.encode() not in body, url
        assert SECRET.replace("'", "&#x27;").encode() not in body, url
        seen.append(url)

    crawl(
        client,
        [
            "/",
            publication.get_absolute_url(),
            event.get_absolute_url(),
            f"{publication.get_absolute_url()}cite.bib",
            f"{publication.get_absolute_url()}cite.ris",
            f"{event.get_absolute_url()}calendar.ics",
            "/publications/feed/rss/",
            "/publications/feed/atom/",
            "/events/feed/rss/",
            "/events/feed/atom/",
            "/sitemap.xml",
            "/sitemap-publications.xml",
            "/sitemap-events.xml",
            "/search/?q=minister+record+Friday",
            "/search/?q=Water",
        ],
        has_no_comment,
    )

    assert publication.get_absolute_url() in seen
    assert "/experts/dana-hydro/" in seen
    search = client.get("/search/?q=minister+record+Friday").content.decode()
    assert "Water Wars" not in search
    assert "Water Forum" not in search


def test_comments_are_not_on_the_staff_preview(client, writer, editor):
    draft = make_publication("Water Wars", status="draft")
    add_comment(draft, editor)
    client.force_login(writer)

    response = client.get(draft.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    assert "Not public" in response.content.decode()
    assert SECRET.replace("'", "&#x27;") not in response.content.decode()
    assert SECRET not in response.content.decode()
