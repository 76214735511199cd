"""The demo says of the five real people only what the seed page says, in our own words.

The seed (../shared/seed/) is the one public source the demo draws on: an analysis by the
United States Institute of Peace (USIP) of Russia's anti-war exiles. These tests read the demo
as readers do, and read demo_content.toml against the seed.
"""

import json
import re
import tomllib
from html import unescape
from http import HTTPStatus
from pathlib import Path

import feedparser
import pytest
from django.conf import settings

from editorial.models import SiteSettings
from events.models import Event, EventSpeaker
from website.management.commands.load_demo import CONTENT_FILE

SEED_DIR = Path(settings.BASE_DIR).parent / "shared" / "seed"
EXILES = "/publications/russias-anti-war-exiles/"
FORUM = "usip-forum-on-russias-exile-community"
USIP_TITLE = "West should help, not hinder, Russia's anti-war exiles"

#: slug -> (name, affiliation exactly as the seed gives it)
REAL_PEOPLE = {
    "mary-glantz": ("Mary Glantz", "USIP analyst"),
    "angela-stent": ("Angela Stent", "Russia scholar, senior advisor for USIP"),
    "andrei-soldatov": ("Andrei Soldatov", "Russian independent journalist and analyst"),
    "natalya-lunde": ("Natalya Lunde", "Free Russia Foundation"),
    "yevgenia-albats": (
        "Yevgenia Albats",
        "exiled editor of the independent Novoye Vremya (New Times) website",
    ),
}
REAL_NAMES = [name for name, _ in REAL_PEOPLE.values()]


@pytest.fixture(autouse=True)
def media_root(settings, demo_media):
    """The pages read the demo's illustrations where loading the demo stored them."""
    settings.MEDIA_ROOT = demo_media


@pytest.fixture
def demo(loaded_demo, db):
    """Each test runs in a savepoint inside the demo's transaction."""


def page_text(client, url):
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK, url
    return unescape(response.content.decode())


def section(html, start_marker, end_marker):
    start = html.index(start_marker)
    return html[start : html.index(end_marker, start)]


def visible_text(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# What readers see of each real person


@pytest.mark.parametrize("slug", REAL_PEOPLE)
def test_real_persons_page_gives_their_seed_affiliation_and_no_job_with_us(demo, client, slug):
    _name, affiliation = REAL_PEOPLE[slug]
    html = page_text(client, f"/experts/{slug}/")
    head = visible_text(section(html, '<header class="person-head">', "</header>"))
    bio = visible_text(section(html, '<div class="prose person-bio">', "</div>"))
    json_ld = json.loads(re.search(r'ld\+json">(.*?)</script>', html, re.S)[1])

    assert affiliation in head
    assert settings.SITE_NAME not in head
    assert "the institute" not in bio
    assert settings.SITE_NAME not in bio
    assert json_ld["affiliation"]["name"] == affiliation
    assert "worksFor" not in json_ld
    assert "jobTitle" not in json_ld
    assert 'id="expertise-heading"' not in html  # no fields of expertise of our making


def test_no_real_person_speaks_anywhere_but_at_the_usip_forum(demo):
    # An edition of an event is the same event told in another language.
    appearances = {
        (link.person.slug, (link.event.edition_of or link.event).slug, link.role)
        for link in EventSpeaker.objects.filter(person__slug__in=REAL_PEOPLE)
    }

    assert appearances == {
        ("natalya-lunde", FORUM, "speaker"),
        ("andrei-soldatov", FORUM, "speaker"),
    }


def test_usip_forum_page_says_whose_forum_it_was_and_that_we_took_no_part(demo, client):
    html = page_text(client, f"/events/{FORUM}/")
    speakers = visible_text(section(html, 'id="speakers-heading"', "</section>"))
    venue = visible_text(section(html, "<dt>Where</dt>", "</dd>"))

    assert '<h1 class="article__title">USIP Forum on Russia\'s Exile Community</h1>' in html
    assert "United States Institute of Peace" in venue
    assert "We did not organize it and took no part in it" in html
    assert "approximate" in html
    assert "Natalya Lunde" in speakers
    assert "Andrei Soldatov" in speakers
    assert not any(name in speakers for name in ["Mary Glantz", "Angela Stent", "Albats"])
    assert "Register" not in html
    assert "Watch the video" not in html


def test_upcoming_events_have_our_own_speakers_and_no_real_person(demo, client):
    upcoming = list(Event.objects.published().upcoming())

    assert upcoming
    for event in upcoming:
        html = page_text(client, event.get_absolute_url())
        assert event.speaker_links.exists()
        assert not any(name in html for name in REAL_NAMES), event.title


# The analysis credits its source


def test_analysis_shows_adapted_from_the_usip_original_under_the_byline(demo, client):
    html = page_text(client, EXILES)
    head = section(html, '<header class="article__head', "</header>")

    assert (
        f'<p class="article__source">Adapted from <i>{USIP_TITLE}</i>, '
        "United States Institute of Peace.</p>"
    ) in head


def test_analysis_json_ld_is_based_on_the_usip_original(demo, client):
    html = client.get(EXILES).content.decode()
    data = json.loads(re.search(r'ld\+json">(.*?)</script>', html, re.S)[1])

    assert data["isBasedOn"] == {
        "@type": "CreativeWork",
        "name": USIP_TITLE,
        "publisher": {"@type": "Organization", "name": "United States Institute of Peace"},
    }


def test_feed_item_of_the_analysis_names_its_source(demo, client):
    feed = feedparser.parse(client.get("/publications/feed/rss/").content)
    (item,) = [entry for entry in feed.entries if entry.link.endswith(EXILES)]

    assert f"Adapted from “{USIP_TITLE},” United States Institute of Peace." in unescape(
        item.summary
    )


def test_citations_of_the_analysis_carry_the_source_note(demo, client):
    html = page_text(client, EXILES)
    note = f"Adapted from “{USIP_TITLE},” United States Institute of Peace."
    bibtex = client.get(f"{EXILES}cite.bib").content.decode()
    ris = client.get(f"{EXILES}cite.ris").content.decode()

    chicago = section(html, "<dt>Chicago</dt>", "</dd>")
    apa = section(html, "<dt>APA</dt>", "</dd>")
    assert note in chicago
    assert note in apa
    assert f"  note = {{{note}}}," in bibtex
    assert f"N1  - {note}\r\n" in ris


# Stent, Albats and Soldatov: attributed to where the seed places their words


def paragraph_about(html, name):
    body = section(html, '<div class="article__body prose">', "</div>")
    return next(p for p in body.split("</p>") if f">{name}</a>" in p)


def test_analysis_attributes_each_real_persons_words_to_where_they_were_said(demo, client):
    html = page_text(client, EXILES)
    stent = paragraph_about(html, "Angela Stent")
    albats = paragraph_about(html, "Yevgenia Albats")
    soldatov_estimate = next(
        sentence
        for sentence in re.split(r"(?<=[.?])\s", visible_text(html))
        if "100,000" in sentence and "information technology" in sentence
    )

    assert "a June interview" in stent
    assert "forum" not in stent
    assert "senior advisor for USIP" in stent
    assert "a USIP audience" in albats
    assert "cites an estimate" in soldatov_estimate
    assert "at the institute" not in html
    assert "our forum" not in html


# The experts directory and role labels


def test_directory_lists_our_experts_then_those_quoted_with_their_affiliations(demo, client):
    html = page_text(client, "/experts/")
    ours = visible_text(section(html, 'id="our-experts-heading"', "</section>"))
    quoted = visible_text(section(html, 'id="quoted-experts-heading"', "</section>"))

    assert html.index("Our experts") < html.index("Experts quoted in our work")
    assert "Clara Whitcombe" in ours
    assert "Tobias Ekwueme" in ours
    for slug in ["mary-glantz", "angela-stent", "andrei-soldatov"]:
        name, affiliation = REAL_PEOPLE[slug]
        assert name not in ours
        assert f"{name} {affiliation}" in quoted


@pytest.mark.parametrize(
    ("slug", "label"),
    [
        ("mary-glantz", "Quoted"),
        ("angela-stent", "Quoted"),
        ("yevgenia-albats", "Quoted"),
        ("andrei-soldatov", "Quoted · Speaker"),
        ("natalya-lunde", "Quoted · Speaker"),
        ("clara-whitcombe", "Expert"),
    ],
)
def test_persons_page_says_what_they_are_to_our_work(demo, client, slug, label):
    html = page_text(client, f"/experts/{slug}/")
    eyebrow = visible_text(section(html, '<p class="eyebrow">', "</p>"))

    assert eyebrow == label
    assert "Contributor" not in html


# The footer notice


def test_footer_says_the_institute_is_fictional_once_the_demo_is_loaded(demo, client):
    for url in ["/", EXILES, "/experts/", f"/events/{FORUM}/", "/experts/natalya-lunde/"]:
        footer = visible_text(section(page_text(client, url), "<footer", "</footer>"))
        assert f"{settings.SITE_NAME} and its staff are fictional" in footer, url
        assert "Real people named here are quoted from public reporting" in footer, url


def test_editors_switching_the_notice_off_removes_it(demo, client):
    SiteSettings.objects.filter(pk=1).update(shows_demo_notice=False)

    assert "fictional" not in page_text(client, "/")


# The content file against the seed


def seed_text():
    pages = sorted(SEED_DIR.glob("*.txt"))
    # Without the seed these checks would compare against nothing and prove nothing.
    assert pages, f"the seed page is missing: expected it in {SEED_DIR}"
    return "\n".join(path.read_text(encoding="utf-8") for path in pages)


def normalise(text):
    return " ".join(text.replace("’", "'").replace("‘", "'").split())


def strings_in(value):
    """Every sentence-bearing string; titles are names of works: the four related
    publications carry the titles the seed page lists, and source notes cite them."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in {"title", "source_title"}:
                yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


QUOTATION = re.compile(r"“[^”]*”|\"[^\"]*\"")


def word_runs(text, length):
    """Runs of `length` words, never across a quotation (quotes are the seed's own words)."""
    runs = set()
    for stretch in QUOTATION.split(re.sub(r"<[^>]+>", " ", normalise(text))):
        words = re.findall(r"[\w']+", stretch.lower())
        runs |= {tuple(words[i : i + length]) for i in range(len(words) - length + 1)}
    return runs


def test_demo_content_copies_no_run_of_twelve_words_from_the_seed_outside_quotes():
    content = tomllib.loads(CONTENT_FILE.read_text(encoding="utf-8"))
    seed_runs = set()
    for line in seed_text().splitlines():
        words = re.findall(r"[\w']+", normalise(line).lower())
        seed_runs |= {tuple(words[i : i + 12]) for i in range(len(words) - 11)}

    copied = {run for text in strings_in(content) for run in word_runs(text, 12) & seed_runs}

    assert not copied, [" ".join(run) for run in copied]


def test_quotes_about_real_people_are_word_for_word_from_the_seed():
    content = tomllib.loads(CONTENT_FILE.read_text(encoding="utf-8"))
    analysis = next(p for p in content["publications"] if p["slug"] == "russias-anti-war-exiles")
    forum = next(e for e in content["events"] if e["slug"] == FORUM)
    real = [p["bio"] for p in content["people"] if p["slug"] in REAL_PEOPLE]
    # Editions keep the English words in quotation marks and add our translation in «».
    editions = [
        edition["body"]
        for edition in content["publication_editions"]
        if edition["edition_of"] == analysis["slug"]
    ] + [
        edition["summary"]
        for edition in content["event_editions"]
        if edition["edition_of"] == FORUM
    ]
    seed = normalise(seed_text())

    quotes = [
        normalise(match[1:-1]).rstrip(",.")
        for text in [analysis["body"], forum["summary"], *real, *editions]
        for match in re.findall(r"“[^”]*”", text)
    ]

    assert len(quotes) >= 8 + 2 * 9 + 3
    for quote in quotes:
        assert quote in seed, quote
