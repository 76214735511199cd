"""On a phone, a listing's filters come first, folded into a panel the reader opens."""

import pytest

from tests.factories import make_event, make_person, make_publication, make_topic

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("address", ["/publications/", "/events/", "/experts/"])
def test_filters_are_a_closed_panel_before_the_results(client, address):
    topic = make_topic("Water Policy")
    make_publication(topics=[topic])
    make_event(topics=[topic])
    make_person("Ines Halvorsen", is_expert=True).topics.set([topic])

    html = client.get(address).content.decode()

    panel = html.index('<details class="filters-panel">')
    assert '<summary class="filters-panel__toggle">' in html
    assert panel < html.index('class="listing__results"')
    assert "Water Policy" in html[panel:]


def test_the_closed_panel_says_how_many_filters_are_on(client):
    topic = make_topic("Water Policy")
    make_publication(topics=[topic])

    html = client.get("/publications/?topic=water-policy").content.decode()

    assert '<span class="filters-panel__active">1 on</span>' in html
