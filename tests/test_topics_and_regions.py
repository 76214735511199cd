from http import HTTPStatus

import pytest
from django.urls import reverse

from tests.factories import make_publication, make_region, make_topic

pytestmark = pytest.mark.django_db


def test_topic_list_shows_each_topic_with_its_count(client):
    policy = make_topic("Global Policy", description="How states cooperate.")
    prevention = make_topic("Conflict Analysis & Prevention")
    make_publication(topics=[policy])
    make_publication(topics=[policy, prevention])

    response = client.get(reverse("publications:topics"))
    content = response.content.decode()

    assert response.status_code == HTTPStatus.OK
    assert '<a href="/topics/global-policy/">Global Policy</a>' in content
    assert "How states cooperate." in content
    assert "2 publications" in content
    assert "1 publication<" in content


def test_topic_page_shows_description_and_latest_publications(client):
    topic = make_topic("Global Policy", description="How states cooperate.")
    make_publication("On topic", topics=[topic])
    make_publication("Off topic")

    response = client.get(topic.get_absolute_url())
    content = response.content.decode()

    assert response.status_code == HTTPStatus.OK
    assert "<h1>Global Policy</h1>" in content
    assert "How states cooperate." in content
    assert "On topic" in content
    assert "Off topic" not in content


def test_topic_page_links_to_full_filtered_list_when_there_are_more(client):
    topic = make_topic("Global Policy")
    for day in range(14):
        make_publication(topics=[topic], days_ago=day + 1)

    response = client.get(topic.get_absolute_url())

    assert len(response.context["publications"]) == 12
    assert 'href="/publications/?topic=global-policy">All 14 publications' in (
        response.content.decode()
    )


def test_region_page_shows_its_publications(client):
    region = make_region("Baltic States", description="Estonia, Latvia and Lithuania.")
    make_publication("Vilnius newsroom", regions=[region])
    make_publication("Elsewhere")

    response = client.get(region.get_absolute_url())
    content = response.content.decode()

    assert response.status_code == HTTPStatus.OK
    assert "<h1>Baltic States</h1>" in content
    assert "Estonia, Latvia and Lithuania." in content
    assert "Vilnius newsroom" in content
    assert "Elsewhere" not in content


@pytest.mark.parametrize("url", ["/topics/no-such-topic/", "/regions/atlantis/"])
def test_unknown_topic_or_region_is_404(client, url):
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_topic_admin_refuses_a_slug_our_urls_cannot_carry(admin_client):
    response = admin_client.post(
        reverse("admin:publications_topic_add"), {"name": "Мир", "slug": "мир"}
    )

    assert response.status_code == HTTPStatus.OK
    assert "Enter a valid “slug”" in response.content.decode()
