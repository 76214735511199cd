"""Draft → in review → published (now or scheduled) → unpublished, and the editor's desk."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from publications.models import Publication
from tests.factories import make_event, make_publication
from tests.support.admin_forms import change_url, publication_form_data

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:publications_publication_add")
CHANGELIST_URL = reverse("admin:publications_publication_changelist")


def edit(client, publication, **fields):
    data = publication_form_data(
        title=publication.title,
        slug=publication.slug,
        status=publication.status,
        edit_version=publication.version,
        **fields,
    )
    return client.post(change_url(publication), data)


def test_change_form_offers_the_writer_only_submit_for_review(client, writer):
    draft = make_publication(status="draft")
    client.force_login(writer)

    content = client.get(change_url(draft)).content.decode()

    assert 'name="_submit_for_review"' in content
    for name in ["_publish", "_schedule", "_unpublish"]:
        assert f'name="{name}"' not in content


def test_change_form_offers_the_editor_publish_and_schedule(client, editor):
    draft = make_publication(status="review")
    client.force_login(editor)

    content = client.get(change_url(draft)).content.decode()

    assert 'value="Publish" name="_publish"' in content
    assert 'value="Schedule" name="_schedule"' in content


def test_writer_submits_a_draft_for_review(client, writer):
    draft = make_publication(status="draft")
    client.force_login(writer)

    response = edit(client, draft, _submit_for_review="Submit for review")

    assert response.status_code == HTTPStatus.FOUND
    draft.refresh_from_db()
    assert draft.status == "review"


@pytest.mark.parametrize("button", ["_publish", "_schedule", "_unpublish"])
def test_writer_cannot_publish_schedule_or_unpublish(client, writer, button):
    draft = make_publication(status="review")
    client.force_login(writer)

    response = edit(
        client,
        draft,
        publish_at_0=(timezone.now() + timedelta(days=5)).strftime("%Y-%m-%d"),
        **{button: "x"},
    )

    assert response.status_code == HTTPStatus.OK
    assert "You do not have permission to publish" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "review"


def test_editor_publishes_at_once(client, editor):
    pending = make_publication(status="review", publish_at=None)
    client.force_login(editor)

    edit(
        client,
        pending,
        publish_at_0="",
        publish_at_1="",
        _publish="Publish",
        _publish_past_checks="1",
    )

    pending.refresh_from_db()
    assert pending.status == "published"
    assert pending in Publication.objects.published()
    assert client.get(pending.get_absolute_url()).status_code == HTTPStatus.OK


def test_editor_schedules_and_the_item_appears_at_its_time_without_a_job(client, editor):
    pending = make_publication("Embargoed brief", status="review")
    release = timezone.localtime() + timedelta(days=2)
    client.force_login(editor)

    edit(
        client,
        pending,
        publish_at_0=release.strftime("%Y-%m-%d"),
        publish_at_1=release.strftime("%H:%M:%S"),
        _schedule="Schedule",
        _publish_past_checks="1",
    )
    client.logout()

    pending.refresh_from_db()
    assert pending.status == "published"
    assert "Embargoed brief" not in client.get(reverse("publications:list")).content.decode()
    assert client.get(pending.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND

    # The database's clock decides (published() compares with Now()), so let the release time
    # come for the row itself: nothing else about the item changes, and no job runs.
    Publication.objects.filter(pk=pending.pk).update(
        publish_at=timezone.now() - timedelta(minutes=1)
    )

    assert "Embargoed brief" in client.get(reverse("publications:list")).content.decode()
    assert client.get(pending.get_absolute_url()).status_code == HTTPStatus.OK


def test_scheduling_needs_a_future_date(client, editor):
    pending = make_publication(status="review")
    client.force_login(editor)

    response = edit(client, pending, _schedule="Schedule")

    assert "To schedule, set a publish date in the future." in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == "review"


def test_editor_unpublishes(client, editor):
    live = make_publication("Withdrawn")
    client.force_login(editor)

    edit(client, live, _unpublish="Unpublish")
    client.logout()

    live.refresh_from_db()
    assert live.status == "unpublished"
    assert client.get(live.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_changelist_shows_scheduled_items_as_scheduled(client, editor):
    make_publication("Later piece", publish_at=timezone.now() + timedelta(days=3))
    client.force_login(editor)

    content = client.get(CHANGELIST_URL).content.decode()

    assert "Scheduled for" in content


def test_bulk_actions_respect_the_publish_permission(client, writer, editor):
    drafts = [make_publication(status="draft") for _ in range(2)]
    ids = [str(d.pk) for d in drafts]

    client.force_login(writer)
    writer_actions = client.get(CHANGELIST_URL).content.decode()
    response = client.post(CHANGELIST_URL, {"action": "publish_now", "_selected_action": ids})
    assert 'value="publish_now"' not in writer_actions
    assert response.status_code in {HTTPStatus.OK, HTTPStatus.FOUND}
    assert not Publication.objects.published().exists()

    client.post(CHANGELIST_URL, {"action": "submit_for_review", "_selected_action": ids})
    assert set(Publication.objects.values_list("status", flat=True)) == {"review"}

    client.force_login(editor)
    client.post(CHANGELIST_URL, {"action": "publish_now", "_selected_action": ids})
    assert Publication.objects.published().count() == 2


def test_editors_desk_shows_what_needs_attention(client, editor):
    in_review = make_publication("Awaiting review", status="review")
    scheduled = make_publication("Going out Friday", publish_at=timezone.now() + timedelta(days=2))
    mine = make_publication("My own draft", status="draft", created_by=editor)
    make_publication("Someone else's draft", status="draft")
    live = make_publication("Just published")
    forum = make_event("Forum awaiting review", status="review")
    client.force_login(editor)

    content = client.get(reverse("admin:index")).content.decode()

    assert "Editor&#x27;s desk" in content or "Editor's desk" in content
    for item in [in_review, scheduled, mine, live, forum]:
        opts = item._meta
        change_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])
        assert f'href="{change_url}"' in content
    assert "Someone else&#x27;s draft" not in content
    assert "Scheduled for" in content


def test_desk_records_who_created_a_draft(client, writer):
    client.force_login(writer)

    client.post(ADD_URL, publication_form_data(status="draft"))

    assert Publication.objects.get().created_by == writer
    assert "A new brief" in client.get(reverse("admin:index")).content.decode()


def test_bulk_publish_leaves_content_and_live_items_alone(client, editor):
    live = make_publication("Already live")
    draft = make_publication("Draft", status="draft", body="<p>Original.</p>")
    revisions_before = live.history.count()
    # A colleague's edit lands after the changelist was loaded.
    Publication.objects.filter(pk=draft.pk).update(body="<p>Colleague's edit.</p>")
    client.force_login(editor)

    client.post(
        CHANGELIST_URL,
        {"action": "publish_now", "_selected_action": [str(live.pk), str(draft.pk)]},
    )

    draft.refresh_from_db()
    assert draft.status == "published"
    assert draft.body == "<p>Colleague's edit.</p>"
    assert live.history.count() == revisions_before


def test_bulk_publish_works_on_a_list_searched_by_author(client, editor):
    from tests.factories import make_person

    author = make_person("Anna Strand")
    drafts = [make_publication(status="draft", authors=[author]) for _ in range(2)]
    client.force_login(editor)

    client.post(
        CHANGELIST_URL + "?q=Strand",
        {"action": "publish_now", "_selected_action": [str(d.pk) for d in drafts]},
    )

    assert Publication.objects.published().count() == 2
