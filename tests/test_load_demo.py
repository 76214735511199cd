from datetime import date
from http import HTTPStatus

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from events.models import Event
from people.models import Person
from publications.models import Publication

pytestmark = pytest.mark.django_db

EXILES = "russias-anti-war-exiles"
SEED_RELATED = [
    (
        "China and Ukraine: Pulling Its Weight with Russia or Potemkin Peacemaker?",
        date(2024, 11, 22),
    ),
    (
        "U.S. Concerns Over ‘Axis of Authoritarianism’ Cloud Final Biden-Xi Meeting",
        date(2024, 11, 21),
    ),
    ("China’s Dilemmas Deepen as North Korea Enters Ukraine War", date(2024, 11, 14)),
    ("How Should Seoul Respond to North Korea's Soldiers in Russia?", date(2024, 11, 13)),
]


@pytest.fixture(autouse=True)
def media_root(settings, demo_media):
    """The pages read the demo's illustrations where loading the demo stored them."""
    settings.MEDIA_ROOT = demo_media


@pytest.fixture
def demo(loaded_demo, db, settings):
    settings.DEBUG = True
    return loaded_demo


def test_load_demo_refuses_to_run_in_production(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG=1"):
        call_command("load_demo")


def test_load_demo_twice_changes_nothing_and_says_so(demo, capsys):
    counts = (Publication.objects.count(), Person.objects.count(), Event.objects.count())

    call_command("load_demo")

    assert "nothing changed" in capsys.readouterr().out
    assert (Publication.objects.count(), Person.objects.count(), Event.objects.count()) == counts


def test_load_demo_prints_one_login_per_role(demo):
    for username in ["admin", "editor", "writer", "organizer"]:
        assert username in demo
        assert User.objects.filter(username=username, is_staff=True).exists()
    assert set(User.objects.get(username="writer").groups.values_list("name", flat=True)) == {
        "Writers"
    }


def test_exile_analysis_quotes_and_links_the_seed_experts(demo, client):
    analysis = Publication.objects.published().get(slug=EXILES)
    quoted = set(analysis.experts_quoted.values_list("slug", flat=True))
    content = client.get(analysis.get_absolute_url()).content.decode()

    assert quoted == {
        "mary-glantz",
        "angela-stent",
        "andrei-soldatov",
        "natalya-lunde",
        "yevgenia-albats",
    }
    for slug in [
        "mary-glantz",
        "angela-stent",
        "andrei-soldatov",
        "natalya-lunde",
        "yevgenia-albats",
    ]:
        assert f'href="/experts/{slug}/"' in content
    assert {"global-policy", "conflict-analysis-prevention"} <= set(
        analysis.topics.values_list("slug", flat=True)
    )
    assert analysis.image
    assert analysis.image_caption
    assert analysis.image_credit
    assert analysis.ordered_authors


def test_exile_analysis_lists_the_four_seed_publications_in_order(demo):
    analysis = Publication.objects.get(slug=EXILES)

    related = analysis.related_for_readers()

    assert [(p.title, p.publish_at.date()) for p in related] == SEED_RELATED
    assert {p.type.name for p in related} == {"Analysis"}


def test_demo_has_enough_published_variety_for_filters_and_pages(demo):
    published = Publication.objects.published()

    assert published.exclude(slug=EXILES).count() >= 28
    assert published.values("type").distinct().count() == 5
    assert {p.publish_at.year for p in published} >= {2023, 2024, 2025, 2026}
    assert all(p.image for p in published)
    assert Publication.objects.exclude(status="published").exists()


def test_demo_forum_is_usips_with_only_the_speakers_the_seed_places_there(demo):
    forum = Event.objects.get(related_publications__slug=EXILES, kind__slug="forum")
    speakers = {link.person.slug: link.role for link in forum.speaker_links.all()}

    assert speakers == {"natalya-lunde": "speaker", "andrei-soldatov": "speaker"}
    assert forum.title.startswith("USIP")
    assert forum.venue_name == "United States Institute of Peace"
    assert forum.summary
    assert forum.summary_published_at
    assert forum.starts_at < Publication.objects.get(slug=EXILES).publish_at


def test_demo_has_upcoming_and_past_events(demo):
    assert Event.objects.published().upcoming().count() >= 2
    assert Event.objects.published().past().count() >= 3


def test_demo_pages_serve(demo, client):
    for url in ["/", "/publications/", f"/publications/{EXILES}/", "/experts/", "/events/"]:
        assert client.get(url).status_code == HTTPStatus.OK
