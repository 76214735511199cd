"""Embargoed review links (review/links.py, review/views.py): an editor shows one draft to
someone without an account until a chosen day, and the link opens nothing else."""

import re
import uuid
from datetime import timedelta
from http import HTTPStatus

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from review.links import SIGNER, site_today
from review.models import ReviewLink
from tests.factories import make_event, make_publication, uploaded_jpeg

pytestmark = pytest.mark.django_db

LINK_IN_PANEL = re.compile(r'class="review-links__url" value="(http://testserver/review/[^"]+)"')


def change_url(item):
    opts = item._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])


def create_url(item):
    opts = item._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_review_links", args=[item.pk])


def revoke_url(item, link):
    opts = item._meta
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_revoke_review_link", args=[item.pk, link.pk]
    )


def days_ahead(days):
    return (site_today() + timedelta(days=days)).isoformat()


def make_link(client, item, days=7, label="Ministry press office"):
    """The address of a new link to `item`, as the editor logged in to `client` copies it
    from the change form."""
    response = client.post(create_url(item), {"label": label, "expires_on": days_ahead(days)})
    assert response.status_code == HTTPStatus.FOUND
    form = client.get(change_url(item)).content.decode()
    return LINK_IN_PANEL.findall(form)[0]


@pytest.fixture
def draft():
    return make_publication("Harbour talks: the draft", status="draft", image=uploaded_jpeg())


@pytest.fixture
def editor_client(editor):
    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def reviewer():
    """Someone without an account, in a browser of their own."""
    return Client()


def test_editor_makes_a_link_and_finds_it_on_the_change_form(editor_client, draft):
    response = editor_client.post(
        create_url(draft),
        {"label": "Ministry press office", "expires_on": days_ahead(10)},
        follow=True,
    )
    content = response.content.decode()

    assert response.status_code == HTTPStatus.OK
    assert "A review link to “Harbour talks: the draft” was made." in content
    assert "Ministry press office" in content
    link = ReviewLink.objects.get()
    assert f"http://testserver/review/{SIGNER.sign(str(link.pk))}/" in LINK_IN_PANEL.findall(
        content
    )
    assert f'<label class="visually-hidden" for="review-link-{link.pk}">' in content
    assert "Never opened" in content


def test_reader_with_the_link_sees_the_draft_under_an_embargo_banner(
    editor_client, reviewer, draft
):
    address = make_link(editor_client, draft)

    response = reviewer.get(address)
    content = response.content.decode()

    assert response.status_code == HTTPStatus.OK
    assert "Harbour talks: the draft" in content
    assert "Embargoed: not public yet" in content
    assert "do not share or quote before publication" in content
    assert "This is a staff preview" not in content
    assert '<meta name="robots" content="noindex, nofollow">' in content
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "no-referrer"
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def test_review_page_names_itself_by_the_items_address_not_the_token(
    editor_client, reviewer, draft
):
    address = make_link(editor_client, draft)
    token = address.rstrip("/").rsplit("/", 1)[-1]

    content = reviewer.get(address).content.decode()

    assert f'<link rel="canonical" href="http://testserver{draft.get_absolute_url()}">' in content
    assert token not in content
    assert 'id="share-heading"' not in content, "an embargoed draft offers share links"


def test_scheduled_item_says_until_when_it_is_embargoed(editor_client, reviewer):
    publish_at = timezone.now() + timedelta(days=3)
    scheduled = make_publication("Scheduled brief", publish_at=publish_at)
    address = make_link(editor_client, scheduled)

    content = reviewer.get(address).content.decode()

    local = timezone.localtime(publish_at)
    assert f"Embargoed until {date_format(local, 'DATETIME_FORMAT')} {local:%Z}" in content
    assert "do not share or quote this before then" in content


def test_event_drafts_have_review_links_too(editor_client, reviewer):
    event = make_event("Closed-door forum", status="review")
    address = make_link(editor_client, event)

    response = reviewer.get(address)

    assert response.status_code == HTTPStatus.OK
    assert "Closed-door forum" in response.content.decode()
    assert "Embargoed: not public yet" in response.content.decode()


def test_link_for_more_than_thirty_days_is_refused(editor_client, draft):
    response = editor_client.post(
        create_url(draft), {"label": "Too long", "expires_on": days_ahead(31)}
    )
    content = response.content.decode()

    assert response.status_code == HTTPStatus.OK
    assert "A review link works for at most 30 days" in content
    assert 'value="Too long"' in content
    assert not ReviewLink.objects.exists()


def test_link_ending_in_the_past_is_refused(editor_client, draft):
    response = editor_client.post(create_url(draft), {"expires_on": days_ahead(-1)})

    assert "That date has passed." in response.content.decode()
    assert not ReviewLink.objects.exists()


def test_link_needs_a_date(editor_client, draft):
    response = editor_client.post(create_url(draft), {"label": "No date"})

    assert "This field is required." in response.content.decode()
    assert not ReviewLink.objects.exists()


def test_thirty_days_is_the_longest_a_link_lives(editor_client, draft):
    editor_client.post(create_url(draft), {"expires_on": days_ahead(30)})

    assert ReviewLink.objects.get().expires_at <= timezone.now() + timedelta(days=30)


def test_writer_neither_sees_the_panel_nor_makes_or_revokes_links(
    client, writer, editor_client, draft
):
    make_link(editor_client, draft)
    link = ReviewLink.objects.get()
    client.force_login(writer)

    form = client.get(change_url(draft))
    made = client.post(create_url(draft), {"expires_on": days_ahead(3)})
    revoked = client.post(revoke_url(draft, link))

    assert form.status_code == HTTPStatus.OK
    assert "Review links" not in form.content.decode()
    assert made.status_code == HTTPStatus.FORBIDDEN
    assert revoked.status_code == HTTPStatus.FORBIDDEN
    assert ReviewLink.objects.count() == 1
    assert ReviewLink.objects.get().revoked_at is None


def test_link_stops_working_once_its_day_is_over(editor_client, reviewer, draft):
    address = make_link(editor_client, draft, days=2)

    with time_machine.travel(timezone.now() + timedelta(days=3), tick=False):
        response = reviewer.get(address)

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "Harbour talks" not in response.content.decode()


def test_revoked_link_is_gone_and_the_panel_says_so(editor_client, reviewer, draft):
    address = make_link(editor_client, draft)
    assert reviewer.get(address).status_code == HTTPStatus.OK

    revoke = editor_client.post(revoke_url(draft, ReviewLink.objects.get()), follow=True)

    assert "was revoked: it no longer opens “Harbour talks: the draft”." in (
        revoke.content.decode()
    )
    assert "No longer opens" in revoke.content.decode()
    assert reviewer.get(address).status_code == HTTPStatus.NOT_FOUND


def test_link_opens_no_other_draft_and_not_the_draft_at_its_own_address(
    editor_client, reviewer, draft
):
    other = make_publication("Another draft", status="draft")
    other_event = make_event("Unannounced forum", status="draft")
    address = make_link(editor_client, draft)

    assert reviewer.get(address).status_code == HTTPStatus.OK
    assert reviewer.get(other.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    assert reviewer.get(other_event.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    assert reviewer.get(draft.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_link_loads_its_own_image_but_not_another_drafts(editor_client, reviewer, draft):
    other = make_publication("Another draft", status="draft", image=uploaded_jpeg())
    address = make_link(editor_client, draft)
    copies = [f"/media/{rendition['name']}" for rendition in draft.image_renditions]

    assert reviewer.get(draft.image.url).status_code == HTTPStatus.NOT_FOUND
    page = reviewer.get(address).content.decode()
    own = reviewer.get(draft.image.url)

    assert draft.image.url in page
    assert own.status_code == HTTPStatus.OK
    assert "no-store" in own["Cache-Control"]
    assert copies
    for copy in copies:
        assert reviewer.get(copy).status_code == HTTPStatus.OK
    assert reviewer.get(other.image.url).status_code == HTTPStatus.NOT_FOUND


def test_revoking_takes_back_the_image_too(editor_client, reviewer, draft):
    address = make_link(editor_client, draft)
    reviewer.get(address)

    editor_client.post(revoke_url(draft, ReviewLink.objects.get()))

    assert reviewer.get(draft.image.url).status_code == HTTPStatus.NOT_FOUND


def test_link_logs_nobody_in(editor_client, reviewer, draft):
    address = make_link(editor_client, draft)
    reviewer.get(address)

    response = reviewer.get(reverse("admin:index"))
    change_form = reviewer.get(change_url(draft))

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("admin:login"))
    assert change_form.status_code == HTTPStatus.FOUND
    assert change_form["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize(
    "token",
    [
        "tampered",
        "{pk}",
        "{pk}.{signature}x",
        "{other}.{signature}",
        "{pk}:{signature}",
        "{pk}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    ],
)
def test_tampered_token_is_a_404(editor_client, reviewer, draft, token):
    make_link(editor_client, draft)
    link = ReviewLink.objects.get()
    signature = SIGNER.sign(str(link.pk)).rpartition(".")[2]

    response = reviewer.get(
        f"/review/{token.format(pk=link.pk, other=link.pk + 1, signature=signature)}/"
    )

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_token_signed_with_another_salt_is_a_404(editor_client, reviewer, draft):
    from django.core.signing import Signer

    make_link(editor_client, draft)
    forged = Signer(salt="something.else", sep=".").sign(str(ReviewLink.objects.get().pk))

    assert reviewer.get(f"/review/{forged}/").status_code == HTTPStatus.NOT_FOUND


def test_panel_shows_when_the_link_was_last_opened(editor_client, reviewer, draft):
    address = make_link(editor_client, draft)
    reviewer.get(address)
    reviewer.get(address)

    content = editor_client.get(change_url(draft)).content.decode()

    assert "Never opened" not in content
    assert "opened 2 times" in content
    link = ReviewLink.objects.get()
    assert link.times_opened == 2
    assert link.last_opened_at is not None


def test_review_page_answers_only_get_and_head(editor_client, reviewer, draft):
    address = make_link(editor_client, draft)

    assert reviewer.head(address).status_code == HTTPStatus.OK
    assert reviewer.post(address).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert reviewer.put(address).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert editor_client.get(create_url(draft)).status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_public_item_offers_no_new_link_and_old_links_lead_to_its_page(
    editor_client, reviewer, draft
):
    address = make_link(editor_client, draft)
    type(draft).objects.filter(pk=draft.pk).update(
        status="published", publish_at=timezone.now() - timedelta(minutes=1)
    )

    form = editor_client.get(change_url(draft)).content.decode()
    refused = editor_client.post(create_url(draft), {"expires_on": days_ahead(3)}, follow=True)
    opened = reviewer.get(address)

    assert "is public: anyone can read it at its address, so it needs no review link" in form
    assert "Make a review link" not in form
    assert "so no review link was made" in refused.content.decode()
    assert ReviewLink.objects.count() == 1
    assert opened.status_code == HTTPStatus.FOUND
    assert opened["Location"] == draft.get_absolute_url()


def test_link_of_one_item_cannot_be_revoked_through_another(editor_client, draft):
    make_link(editor_client, draft)
    other = make_publication("Another draft", status="draft")

    response = editor_client.post(revoke_url(other, ReviewLink.objects.get()))

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert ReviewLink.objects.get().revoked_at is None


def test_posts_to_the_panel_need_the_csrf_token(editor, draft):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)

    response = client.post(create_url(draft), {"expires_on": days_ahead(3)})

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not ReviewLink.objects.exists()


def test_review_page_is_never_kept_by_the_page_cache(settings, editor_client, reviewer, draft):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"review-links-{uuid.uuid4()}",
        }
    }
    settings.PAGE_CACHE = True
    address = make_link(editor_client, draft)
    first_look = Client()

    first = first_look.get(address)
    editor_client.post(revoke_url(draft, ReviewLink.objects.get()))
    after_revoke = Client().get(address)

    assert first.status_code == HTTPStatus.OK
    assert "X-Page-Cache" not in first
    assert after_revoke.status_code == HTTPStatus.NOT_FOUND


def test_review_page_query_count(editor_client, reviewer, draft, django_assert_max_num_queries):
    address = make_link(editor_client, draft)

    # 15 since editions: the page reads its edition group for hreflang and the switcher.
    with django_assert_max_num_queries(15):
        response = reviewer.get(address)

    assert response.status_code == HTTPStatus.OK


def test_a_russian_editions_link_shows_it_in_russian(editor_client, reviewer):
    original = make_publication("Harbour talks", status="published")
    edition = make_publication(
        "Переговоры в гавани", slug="peregovory", status="draft", language="ru", edition_of=original
    )
    address = make_link(editor_client, edition)

    response = reviewer.get(address)
    content = response.content.decode()

    assert response.status_code == HTTPStatus.OK
    assert "Переговоры в гавани" in content
    assert '<html lang="ru"' in content
    assert '<link rel="canonical" href="http://testserver/ru/publications/peregovory/">' in content
