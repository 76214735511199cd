"""Each role's start page (the admin index, "the desk") lists what that role works on: editors
what waits for them and who sent it, writers their drafts and what was sent back, organizers
their events before and after; everyone their notifications."""

import re
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from editorial.revisions import record_revision
from review.models import Comment, Notification
from tests.factories import make_event, make_person, make_publication, staff_user
from tests.support.admin_forms import change_url

pytestmark = pytest.mark.django_db

INDEX_URL = reverse("admin:index")
NOTE = "The second section repeats the first.\nCut it and cite the 2023 survey."


def named(user, first_name, last_name):
    user.first_name, user.last_name = first_name, last_name
    user.save()
    return user


@pytest.fixture
def ann(editor):
    return named(editor, "Ann", "Editor")


@pytest.fixture
def wendy(writer):
    return named(writer, "Wendy", "Writer")


@pytest.fixture
def olga(organizer):
    return named(organizer, "Olga", "Organizer")


def desk_of(client, user):
    client.force_login(user)
    response = client.get(INDEX_URL)
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


def section(content, key):
    """The HTML of one section of the desk, or None when the desk does not show it."""
    found = re.search(rf'<section [^>]*id="desk-{key}".*?</section>', content, re.DOTALL)
    return found[0] if found else None


def section_keys(content):
    return re.findall(r'<section class="module desk-section[^"]*" id="desk-([a-z-]+)"', content)


def request_changes(item, editor, note=NOTE, **fields):
    return Comment.objects.create(
        content_type=ContentType.objects.get_for_model(item),
        object_id=item.pk,
        author=editor,
        body=note,
        requests_changes=True,
        **fields,
    )


def notify(recipient, item, verb=Notification.Verb.PUBLISHED, **fields):
    return Notification.objects.create(
        recipient=recipient,
        content_type=ContentType.objects.get_for_model(item),
        object_id=item.pk,
        item_title=str(item),
        verb=verb,
        **fields,
    )


def ago(**kwargs):
    return timezone.now() - timedelta(**kwargs)


# Editors


def test_editor_sees_who_submitted_each_item_in_review_and_how_long_it_has_waited(
    client, ann, wendy
):
    submitted_at = ago(days=3, hours=1)
    water = make_publication(
        "Water Wars",
        status="review",
        publish_at=None,
        submitted_by=wendy,
        submitted_at=submitted_at,
    )

    in_review = section(desk_of(client, ann), "in-review")

    assert f'href="{change_url(water)}">Water Wars</a>' in in_review
    assert "Submitted by Wendy Writer · waiting" in in_review
    assert f'<time datetime="{submitted_at.isoformat()}"' in in_review
    exact = date_format(timezone.localtime(submitted_at), "DATETIME_FORMAT")
    assert f'title="{exact}' in in_review
    assert ">3\xa0days</time>" in in_review


def test_in_review_lists_the_longest_waiting_first_whatever_the_kind(client, ann, wendy, olga):
    make_publication("Recent brief", status="review", submitted_by=wendy, submitted_at=ago(hours=2))
    make_event("Old forum", status="review", submitted_by=olga, submitted_at=ago(days=5))

    in_review = section(desk_of(client, ann), "in-review")

    assert in_review.index("Old forum") < in_review.index("Recent brief")
    assert "Submitted by Olga Organizer" in in_review
    assert "All publications in review" in in_review


def test_editor_keeps_scheduled_their_drafts_and_recently_published(client, ann):
    make_publication("Going out Friday", publish_at=timezone.now() + timedelta(days=2))
    make_publication("My own draft", status="draft", created_by=ann)
    make_publication("Someone else's draft", status="draft")
    make_publication("Just published")

    content = desk_of(client, ann)

    assert "Scheduled for" in section(content, "scheduled")
    assert "My own draft" in section(content, "drafts")
    assert "Just published" in section(content, "recently-published")
    assert "Someone else" not in content
    assert "<h1>Editor&#x27;s desk</h1>" in content


def test_editor_desk_shows_sent_back_only_when_something_was(client, ann):
    other_editor = staff_user("bea", "Editors")

    assert section(desk_of(client, ann), "sent-back") is None
    mine = make_publication("Ann's op-ed", status="draft", created_by=ann)
    request_changes(mine, other_editor, "Shorter, please.")
    assert "Shorter, please." in section(desk_of(client, ann), "sent-back")


# Writers


def test_writer_sees_what_was_sent_back_with_the_notes_first_line_and_who_sent_it(
    client, ann, wendy
):
    draft = make_publication("Water Wars", status="draft", created_by=wendy, submitted_by=wendy)
    request_changes(draft, ann)

    content = desk_of(client, wendy)
    sent_back = section(content, "sent-back")

    assert f'href="{change_url(draft)}">Water Wars</a>' in sent_back
    assert "Sent back by Ann Editor" in sent_back
    assert "The second section repeats the first." in sent_back
    assert "Cut it" not in sent_back
    assert "Water Wars" not in section(content, "drafts")


def test_writer_sees_their_drafts_and_not_their_colleagues(client, wendy):
    colleague = staff_user("walter", "Writers")
    make_publication("Wendy's notes", status="draft", created_by=wendy)
    make_publication("Submitted once by Wendy", status="draft", submitted_by=wendy)
    make_publication("Walter's notes", status="draft", created_by=colleague)

    content = desk_of(client, wendy)
    drafts = section(content, "drafts")

    assert "Wendy&#x27;s notes" in drafts
    assert "Submitted once by Wendy" in drafts
    assert "Walter" not in content


def test_a_resolved_request_leaves_the_item_among_the_writers_drafts(client, ann, wendy):
    draft = make_publication("Water Wars", status="draft", created_by=wendy)
    request_changes(draft, ann, resolved_at=timezone.now(), resolved_by=wendy)

    content = desk_of(client, wendy)

    assert "Water Wars" in section(content, "drafts")
    assert "Nothing has been sent back to you." in section(content, "sent-back")


def test_writer_gets_no_editors_sections(client, wendy):
    make_publication("Pending piece", status="review", submitted_by=staff_user("x", "Writers"))
    make_publication("Going out Friday", publish_at=timezone.now() + timedelta(days=2))

    content = desk_of(client, wendy)

    assert section_keys(content) == ["notifications", "sent-back", "drafts"]
    assert "Pending piece" not in content
    assert "Going out Friday" not in content
    assert "<h1>Your desk</h1>" in content


# Event organizers


def test_organizer_sees_upcoming_events_past_ones_without_summary_and_events_in_review(
    client, olga, wendy
):
    upcoming = make_event("Black Sea Forum", starts_in=timedelta(days=5), status="draft")
    without = make_event("Water Forum", starts_in=-timedelta(days=10), summary="")
    make_event("Summarised Forum", starts_in=-timedelta(days=20), summary="<p>It went well.</p>")
    make_event("Unpublished past forum", starts_in=-timedelta(days=15), status="draft")
    pending = make_event(
        "Pending Panel", status="review", submitted_by=olga, submitted_at=ago(days=2)
    )

    content = desk_of(client, olga)

    assert section_keys(content) == [
        "notifications",
        "sent-back",
        "upcoming-events",
        "events-without-summary",
        "in-review",
    ]
    upcoming_section = section(content, "upcoming-events")
    assert f'href="{change_url(upcoming)}">Black Sea Forum</a>' in upcoming_section
    assert "(New York time, UTC" in upcoming_section
    past = section(content, "events-without-summary")
    assert "Water Forum" in past
    assert f'<a class="desk-action" href="{change_url(without)}">Write the summary' in past
    assert "Summarised Forum" not in content
    assert "Unpublished past forum" not in content
    in_review = section(content, "in-review")
    assert 'id="desk-in-review-title">Events in review</h2>' in in_review
    assert f'href="{change_url(pending)}"' in in_review
    assert "Submitted by you · waiting" in in_review


def test_organizer_desk_lists_no_publication(client, olga, wendy):
    titles = ["Draft brief", "Brief in review", "Scheduled brief", "Published brief"]
    make_publication(titles[0], status="draft", created_by=olga)
    make_publication(titles[1], status="review", submitted_by=wendy, submitted_at=ago(days=1))
    make_publication(titles[2], publish_at=timezone.now() + timedelta(days=3))
    make_publication(titles[3])

    content = desk_of(client, olga)

    for title in titles:
        assert title not in content
    assert "Publication ·" not in content
    assert "publications in review" not in content


def test_organizers_own_events_come_first_marked_as_theirs(client, olga):
    colleague = staff_user("oscar", "Event organizers")
    colleagues = make_event("Colleague's forum", starts_in=timedelta(days=2), created_by=colleague)
    revised = make_event("Forum Olga edited", starts_in=timedelta(days=9), created_by=colleague)
    record_revision(revised, user=olga)
    make_event("Olga's forum", starts_in=timedelta(days=6), created_by=olga)

    upcoming = section(desk_of(client, olga), "upcoming-events")

    order = [upcoming.index(title) for title in ["Olga&#x27;s", "Forum Olga edited", "Colleague"]]
    assert order == sorted(order)
    assert upcoming.count('class="desk-yours"') == 2
    colleague_entry = upcoming[upcoming.index(change_url(colleagues)) :]
    assert 'class="desk-yours"' not in colleague_entry


def test_organizer_sees_an_event_sent_back_to_them(client, ann, olga):
    event = make_event("Black Sea Forum", status="draft", created_by=olga)
    request_changes(event, ann, "Name the moderator.")

    sent_back = section(desk_of(client, olga), "sent-back")

    assert "Black Sea Forum" in sent_back
    assert "Sent back by Ann Editor" in sent_back
    assert "Name the moderator." in sent_back


# Notifications


def test_notifications_show_the_recipients_unread_count_and_newest_first(client, ann, wendy):
    piece = make_publication("Water Wars")
    notify(wendy, piece, actor=ann, created_at=ago(days=2))
    notify(
        wendy,
        piece,
        Notification.Verb.CHANGES_REQUESTED,
        actor=ann,
        note="Cut the second section.\nThen resubmit.",
        created_at=ago(hours=1),
    )
    notify(wendy, piece, Notification.Verb.SCHEDULED, actor=ann, read_at=ago(days=3))
    notify(ann, make_publication("Meant for Ann"), Notification.Verb.SUBMITTED, actor=wendy)

    content = desk_of(client, wendy)
    notifications = section(content, "notifications")

    assert section_keys(content)[0] == "notifications"
    assert "2 unread" in notifications
    assert notifications.count('class="desk-entry--unread"') == 2
    assert "Meant for Ann" not in notifications
    sent_back = notifications.index("was sent back with changes requested by Ann Editor")
    assert sent_back < notifications.index("was published by Ann Editor")
    assert "Cut the second section." in notifications
    assert "Then resubmit." not in notifications
    assert f'href="{reverse("admin:review_notification_changelist")}"' in notifications


def test_notifications_link_to_their_item_and_show_only_the_latest_eight(client, ann, wendy):
    piece = make_publication("Water Wars")
    for days in range(10):
        notify(wendy, piece, actor=ann, created_at=ago(days=days + 1))

    notifications = section(desk_of(client, wendy), "notifications")
    first_link = re.search(r'<ul class="desk-entries">.*?href="([^"]+)"', notifications, re.DOTALL)
    response = client.get(first_link[1])

    assert notifications.count("<li") == 8
    assert "10 unread" in notifications
    assert response.status_code == HTTPStatus.FOUND
    assert response.headers["Location"] == change_url(piece)
    assert "9 unread" in section(desk_of(client, wendy), "notifications")


def test_notifications_section_says_what_to_expect_when_empty(client, olga):
    notifications = section(desk_of(client, olga), "notifications")

    assert "Nothing unread" in notifications
    assert "No notifications yet." in notifications


# The number of queries


def fill_every_desk(count, ann, wendy, olga):
    """`count` of everything each desk lists, for every role."""
    bea = staff_user(f"bea{timezone.now().timestamp()}", "Editors")
    for number in range(count):
        piece = make_publication(
            status="review", publish_at=None, submitted_by=wendy, submitted_at=ago(days=number)
        )
        make_publication(publish_at=timezone.now() + timedelta(days=number + 1))
        make_publication(days_ago=number + 1)
        make_publication(status="draft", created_by=ann)
        request_changes(make_publication(status="draft", created_by=ann), bea)
        make_publication(status="draft", created_by=wendy)
        request_changes(make_publication(status="draft", created_by=wendy), ann)
        make_person(submitted_for_review_at=ago(days=number))
        make_event(starts_in=timedelta(days=number + 1), created_by=olga if number % 2 else None)
        make_event(starts_in=-timedelta(days=number + 3), summary="")
        make_event(status="review", submitted_by=olga, submitted_at=ago(days=number))
        request_changes(make_event(status="draft", created_by=olga), ann)
        for user in (ann, wendy, olga):
            notify(user, piece, actor=bea)


def queries_for_desk(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(INDEX_URL).status_code == HTTPStatus.OK
    return len(queries)


@pytest.mark.parametrize(("role", "most_queries"), [("ann", 20), ("wendy", 11), ("olga", 13)])
def test_desk_runs_as_many_queries_for_ten_items_as_for_two(
    client, ann, wendy, olga, role, most_queries, django_assert_max_num_queries
):
    user = {"ann": ann, "wendy": wendy, "olga": olga}[role]
    client.force_login(user)
    fill_every_desk(2, ann, wendy, olga)
    client.get(INDEX_URL)

    with_two = queries_for_desk(client)
    fill_every_desk(8, ann, wendy, olga)
    with_ten = queries_for_desk(client)

    assert with_ten == with_two
    with django_assert_max_num_queries(most_queries):
        client.get(INDEX_URL)
