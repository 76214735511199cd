from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse

from tests.factories import (
    make_event,
    make_person,
    make_publication,
    make_topic,
    uploaded_jpeg,
)

pytestmark = pytest.mark.django_db

DIRECTORY_URL = reverse("people:directory")


def names(response):
    return [person.name for person in response.context["experts"]]


def test_directory_lists_experts_by_sort_name(client):
    make_person("Miriam Garrow", is_expert=True)
    make_person("Anna Strand", is_expert=True)
    make_person("Dana Abel", sort_name="Zeta, Dana", is_expert=True)

    assert names(client.get(DIRECTORY_URL)) == ["Miriam Garrow", "Anna Strand", "Dana Abel"]


def test_directory_leaves_out_people_who_are_not_experts(client):
    make_person("Miriam Garrow", is_expert=True)
    make_person("Outside Speaker", is_expert=False)

    assert names(client.get(DIRECTORY_URL)) == ["Miriam Garrow"]


def test_directory_shows_photo_role_and_affiliation(client):
    make_person(
        "Anna Strand",
        is_expert=True,
        title="Senior Advisor",
        affiliation="Meridian Institute",
        photo=uploaded_jpeg(size=(200, 200)),
        photo_alt="Anna Strand smiling",
    )

    content = client.get(DIRECTORY_URL).content.decode()

    assert 'alt="Anna Strand smiling"' in content
    assert "Senior Advisor" in content
    assert "Meridian Institute" in content


def test_directory_filters_by_topic(client):
    topic = make_topic("Global Policy")
    make_person("Miriam Garrow", is_expert=True).topics.add(topic)
    make_person("Anna Strand", is_expert=True)

    response = client.get(DIRECTORY_URL + "?topic=global-policy")

    assert names(response) == ["Miriam Garrow"]
    assert "Remove filter Expertise: Global Policy" in response.content.decode()


@pytest.mark.parametrize("query", ["?topic=nope", "?page=abc", "?page=9"])
def test_directory_bad_query_is_404(client, query):
    make_person("Miriam Garrow", is_expert=True)

    assert client.get(DIRECTORY_URL + query).status_code == HTTPStatus.NOT_FOUND


def test_expert_page_shows_who_they_are(client):
    topic = make_topic("Global Policy")
    person = make_person(
        "Anna Strand",
        is_expert=True,
        title="Senior Advisor",
        affiliation="Meridian Institute",
        bio="<p>A Russia scholar.</p>",
        photo=uploaded_jpeg(size=(300, 300)),
        photo_alt="Portrait of Anna Strand",
    )
    person.topics.add(topic)

    content = client.get(person.get_absolute_url()).content.decode()

    assert "<h1>Anna Strand</h1>" in content
    assert 'alt="Portrait of Anna Strand"' in content
    assert "Senior Advisor" in content
    assert "Meridian Institute" in content
    assert "<p>A Russia scholar.</p>" in content
    assert '<a href="/topics/global-policy/">Global Policy</a>' in content


def test_expert_page_lists_writing_newest_first_and_quoted_in(client):
    person = make_person("Miriam Garrow", is_expert=True)
    make_publication("Older piece", authors=[person], days_ago=20)
    make_publication("Newer piece", authors=[person], days_ago=2)
    make_publication("Quoting her", experts_quoted=[person])
    make_publication("Draft by her", authors=[person], status="draft")
    make_publication("Draft quoting her", experts_quoted=[person], status="review")

    response = client.get(person.get_absolute_url())
    content = response.content.decode()

    assert [p.title for p in response.context["publications"]] == ["Newer piece", "Older piece"]
    assert "Quoted in" in content
    assert "Quoting her" in content
    assert "Draft by her" not in content
    assert "Draft quoting her" not in content


def test_expert_page_paginates_writing(client):
    person = make_person("Miriam Garrow", is_expert=True)
    for day in range(12):
        make_publication(authors=[person], days_ago=day + 1)

    assert len(client.get(person.get_absolute_url()).context["publications"]) == 10
    assert len(client.get(person.get_absolute_url() + "?page=2").context["publications"]) == 2
    assert client.get(person.get_absolute_url() + "?page=3").status_code == 404


def test_expert_page_lists_events_upcoming_and_past_with_role(client):
    person = make_person("Aleksei Solvin")
    make_event("Next forum", speakers=[(person, "keynote")], starts_in=timedelta(days=5))
    make_event("Last forum", speakers=[person], starts_in=-timedelta(days=5))
    make_event("Draft forum", speakers=[person], status="draft")

    response = client.get(person.get_absolute_url())
    content = response.content.decode()

    assert [e.title for e in response.context["upcoming_events"]] == ["Next forum"]
    assert [e.title for e in response.context["past_events"]] == ["Last forum"]
    assert "Keynote" in content
    assert "Draft forum" not in content


def test_outside_speaker_has_a_page_but_is_not_listed(client):
    person = make_person("Nadia Lorne", affiliation="Open Steppe Foundation")
    make_event("Exiles forum", speakers=[person], starts_in=-timedelta(days=3))

    assert client.get(person.get_absolute_url()).status_code == HTTPStatus.OK
    assert "Nadia Lorne" not in client.get(DIRECTORY_URL).content.decode()


def test_unknown_person_is_404(client):
    assert client.get("/experts/nobody-here/").status_code == HTTPStatus.NOT_FOUND


def test_person_without_photo_shows_initials_instead(client):
    person = make_person("Miriam Garrow", is_expert=True)

    content = client.get(person.get_absolute_url()).content.decode()

    assert 'aria-hidden="true">MG</span>' in content


def test_speaker_at_a_draft_event_only_has_no_page_but_staff_can_preview_it(client, editor):
    person = make_person("Future Speaker")
    make_event("Draft forum", speakers=[person], status="draft")

    assert client.get(person.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    client.force_login(editor)
    preview = client.get(person.get_absolute_url())
    assert preview.status_code == HTTPStatus.OK
    assert "Not public" in preview.content.decode()
    assert "no-store" in preview["Cache-Control"]
