"""Addresses anyone can type that used to give a server error: each now gets a 404, a 400
or a clear message, on SQLite and on PostgreSQL."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from publications.models import Publication
from tests.factories import make_event, make_person, make_publication, make_topic

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"
REFUSALS = {HTTPStatus.BAD_REQUEST, HTTPStatus.NOT_FOUND}


@pytest.fixture
def site(db):
    topic = make_topic("Arctic Shipping")
    author = make_person("Orla Venn", is_expert=True)
    author.topics.set([topic])
    publication = make_publication("Ice routes", authors=[author], topics=[topic])
    make_event("Northern forum", speakers=[author], topics=[topic])
    return publication


@pytest.mark.parametrize(
    "url",
    [
        "/media/x%00.jpg",
        "/media/publications/%00/report.pdf",
        "/publications/?year=99999999999999",
        "/publications/?year=-99999999999999",
        "/events/?year=99999999999999",
        "/search/?q=ice&year=99999999999999",
        f"/publications/?page={HUGE}",
        f"/publications/?page=-{HUGE}",
        f"/events/?page={HUGE}",
        f"/experts/?page={HUGE}",
        f"/experts/orla-venn/?page={HUGE}",
        f"/search/?q=ice&page={HUGE}",
        f"/search/?q=ice&kind=publications&page={HUGE}",
    ],
)
def test_hostile_public_address_is_refused_not_a_server_error(client, site, url):
    assert client.get(url).status_code in REFUSALS


@pytest.fixture
def staff_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/admin/autocomplete/?term=%00&app_label=publications&model_name=authorship"
        "&field_name=person",
        "/admin/autocomplete/?term=a%00b&app_label=publications&model_name=publication"
        "&field_name=experts_quoted",
        "/admin/autocomplete/?term=%00&app_label=events&model_name=event&field_name=regions",
        "/admin/publications/publication/?q=%00",
        "/admin/publications/publication/?status=%00",
        "/admin/publications/publication/?type__id__exact=%00",
        f"/admin/publications/publication/?type__id__exact={HUGE}",
        "/admin/people/person/?q=%00",
        "/admin/people/person/?is_expert__exact=%00",
        "/admin/events/event/?q=%00",
        "/admin/events/event/?status=%00",
        "/admin/publications/topic/?q=%00",
        f"/admin/publications/publication/?p={HUGE}",
    ],
)
def test_nul_bytes_and_huge_numbers_in_the_admin_are_not_server_errors(staff_client, site, url):
    response = staff_client.get(url)

    assert response.status_code < HTTPStatus.INTERNAL_SERVER_ERROR


def revision_url(name, *args):
    return reverse(f"admin:publications_publication_{name}", args=args)


def test_comparing_revisions_with_huge_numbers_is_404(staff_client, site):
    response = staff_client.get(revision_url("compare", site.pk), {"old": HUGE, "new": "1"})

    assert response.status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize("name", ["restore", "recover"])
def test_restoring_a_revision_with_a_huge_number_is_404(staff_client, site, name):
    args = (site.pk, HUGE) if name == "restore" else (HUGE,)

    response = staff_client.post(revision_url(name, *args))

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_restoring_an_address_now_used_by_another_item_is_refused_and_changes_nothing(
    staff_client, site
):
    first = site.history.order_by("history_id").first()
    site.slug = "ice-routes-revised"
    site.title = "Ice routes, revised"
    site.save()
    make_publication("A newcomer", slug=first.slug)

    response = staff_client.post(revision_url("restore", site.pk, first.history_id), follow=True)

    assert response.status_code == HTTPStatus.OK
    assert f"now uses the address “{first.slug}”" in response.content.decode()
    site.refresh_from_db()
    assert (site.slug, site.title) == ("ice-routes-revised", "Ice routes, revised")
    assert Publication.objects.filter(slug=first.slug).get().title == "A newcomer"
