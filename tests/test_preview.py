from datetime import timedelta
from http import HTTPStatus

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_event, make_publication

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["publication", "event"])
def unpublished_item(request):
    if request.param == "publication":
        return make_publication("Draft analysis", status="draft")
    return make_event("Draft forum", status="review")


def test_staff_who_may_change_see_a_preview_under_a_banner(
    client, writer, organizer, unpublished_item
):
    client.force_login(writer if unpublished_item._meta.model_name == "publication" else organizer)

    response = client.get(unpublished_item.get_absolute_url())
    content = response.content.decode()

    assert response.status_code == HTTPStatus.OK
    assert unpublished_item.title in content
    assert "Not public" in content
    assert '<meta name="robots" content="noindex, nofollow">' in content
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_preview_is_404_to_anonymous_readers(client, unpublished_item):
    assert client.get(unpublished_item.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_preview_is_404_to_staff_without_change_permission(client, organizer):
    draft = make_publication("Draft analysis", status="draft")
    plain_staff = User.objects.create_user("intern", password="pw", is_staff=True)

    client.force_login(organizer)
    assert client.get(draft.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    client.force_login(plain_staff)
    assert client.get(draft.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_scheduled_item_can_be_previewed_by_an_editor(client, editor):
    scheduled = make_publication(publish_at=timezone.now() + timedelta(days=3))
    client.force_login(editor)

    content = client.get(scheduled.get_absolute_url()).content.decode()

    assert "Scheduled for" in content


def test_published_page_is_not_marked_as_preview(client, editor):
    live = make_publication("Live")
    client.force_login(editor)

    response = client.get(live.get_absolute_url())

    assert "Not public" not in response.content.decode()
    assert "noindex" not in response.content.decode()
    assert "no-store" not in response.get("Cache-Control", "")


def test_change_form_links_to_preview_or_public_page(client, editor):
    draft = make_publication("Draft", status="draft")
    live = make_publication("Live")
    client.force_login(editor)

    draft_form = client.get(reverse("admin:publications_publication_change", args=[draft.pk]))
    live_form = client.get(reverse("admin:publications_publication_change", args=[live.pk]))

    assert f'href="{draft.get_absolute_url()}" class="viewsitelink" target="_blank">Preview' in (
        draft_form.content.decode()
    )
    assert ">View on site</a>" in live_form.content.decode()
