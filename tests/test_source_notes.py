"""Source notes, the demo notice, the two sections of the experts directory and role labels,
with fictional people and works only."""

import json
import re
from datetime import date, timedelta
from html import unescape
from http import HTTPStatus

import feedparser
import pytest
from django.urls import reverse

from editorial.models import SiteSettings
from publications.models import Publication
from tests.factories import make_event, make_person, make_publication, make_topic

pytestmark = pytest.mark.django_db

NOTE = "Originally published in “Rivers Without Borders,” Caspian Review, March 3, 2024."


@pytest.fixture
def republished():
    return make_publication(
        "Rivers and Trust",
        authors=[make_person("Tessa Marlow")],
        source_relation="original",
        source_title="Rivers Without Borders",
        source_publisher="Caspian Review",
        source_date=date(2024, 3, 3),
        source_url="https://review.example.org/rivers",
    )


def json_ld_of(html):
    return json.loads(re.search(r'ld\+json">(.*?)</script>', html, re.S)[1])


def test_page_shows_the_source_under_the_byline_with_its_link(client, republished):
    html = client.get(republished.get_absolute_url()).content.decode()
    start = html.index('<header class="article__head')
    head = html[start : html.index("</header>", start)]

    assert (
        '<p class="article__source">Originally published in '
        '<a href="https://review.example.org/rivers" rel="noopener noreferrer">'
        "<i>Rivers Without Borders</i></a>, Caspian Review, March 3, 2024.</p>"
    ) in head


def test_publication_without_a_source_relation_shows_no_note(client):
    publication = make_publication("Our own", source_title="Left over from an edit")
    html = client.get(publication.get_absolute_url()).content.decode()

    assert "article__source" not in html
    assert "isBasedOn" not in html
    assert "Left over from an edit" not in html


def test_json_ld_is_based_on_the_original_work(client, republished):
    data = json_ld_of(client.get(republished.get_absolute_url()).content.decode())

    assert data["isBasedOn"] == {
        "@type": "CreativeWork",
        "name": "Rivers Without Borders",
        "publisher": {"@type": "Organization", "name": "Caspian Review"},
        "url": "https://review.example.org/rivers",
        "datePublished": "2024-03-03",
    }


def test_feed_item_carries_the_source_note_after_the_summary(client, republished):
    feed = feedparser.parse(client.get(reverse("publications:feed")).content)

    (entry,) = feed.entries
    assert unescape(entry.summary).endswith(f"<p>{NOTE}</p>")


def test_citations_and_downloads_carry_the_source_note(client, republished):
    html = unescape(client.get(republished.get_absolute_url()).content.decode())
    bibtex = client.get(f"{republished.get_absolute_url()}cite.bib").content.decode()
    ris = client.get(f"{republished.get_absolute_url()}cite.ris").content.decode()

    assert html.count(NOTE) == 2  # Chicago and APA
    assert f"  note = {{{NOTE}}},\n" in bibtex
    assert f"N1  - {NOTE}\r\nER  - " in ris


def test_admin_publication_form_has_a_source_fieldset(client, admin_user):
    client.force_login(admin_user)
    content = client.get(reverse("admin:publications_publication_add")).content.decode()

    assert ">Source</h2>" in content
    for field in ["relation", "title", "publisher", "date", "url"]:
        assert f'name="source_{field}"' in content


# The demo notice


def test_footer_has_no_demo_notice_on_a_site_without_demo_content(client):
    publication = make_publication("Our own work", authors=[make_person("Tessa Marlow")])

    for url in ["/", publication.get_absolute_url(), "/experts/"]:
        assert "fictional" not in client.get(url).content.decode()


def test_footer_shows_the_demo_notice_when_the_setting_is_on(client):
    SiteSettings.objects.create(pk=1, shows_demo_notice=True)

    footer = client.get("/").content.decode().split("<footer", 1)[1]

    assert "and its staff are fictional" in footer


def test_editor_switches_the_demo_notice_off_in_the_admin(client, editor):
    SiteSettings.objects.create(pk=1, shows_demo_notice=True)
    client.force_login(editor)
    change_url = reverse("admin:publications_sitesettings_change", args=[1])

    listing = client.get(reverse("admin:publications_sitesettings_changelist"))
    response = client.post(change_url, {})

    assert listing.status_code == HTTPStatus.FOUND
    assert listing["Location"] == change_url
    assert response.status_code == HTTPStatus.FOUND
    assert "fictional" not in client.get("/").content.decode()


def test_site_settings_cannot_be_added_or_deleted(client, editor):
    SiteSettings.objects.create(pk=1)
    client.force_login(editor)

    assert client.get(reverse("admin:publications_sitesettings_add")).status_code == 403
    delete_url = reverse("admin:publications_sitesettings_delete", args=[1])
    assert client.get(delete_url).status_code == 403


def test_writers_cannot_open_the_site_settings(client, writer):
    client.force_login(writer)

    response = client.get(reverse("admin:publications_sitesettings_changelist"))

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not SiteSettings.objects.exists()


# The experts directory: ours, then those we quote


def directory_sections(client, query=""):
    html = unescape(client.get(reverse("people:directory") + query).content.decode())

    def names_under(heading_id):
        if heading_id not in html:
            return []
        part = html[html.index(heading_id) :]
        part = part[: part.index("</section>")]
        return re.findall(r'class="expert-card__name"><a [^>]*>([^<]+)</a>', part)

    return names_under('id="our-experts-heading"'), names_under('id="quoted-experts-heading"')


def test_directory_puts_our_experts_first_and_those_with_another_affiliation_after(client):
    make_person("Tessa Marlow", title="Senior Fellow", is_expert=True)
    outsider = make_person("Ivo Brandt", affiliation="Harbor Policy Lab", is_expert=True)
    make_publication(experts_quoted=[outsider])

    ours, quoted = directory_sections(client)
    html = client.get(reverse("people:directory")).content.decode()

    assert ours == ["Tessa Marlow"]
    assert quoted == ["Ivo Brandt"]
    assert "Experts quoted in our work" in html
    assert "Harbor Policy Lab" in html


def test_directory_topic_filter_narrows_both_sections(client):
    topic = make_topic("Water")
    make_person("Tessa Marlow", is_expert=True).topics.add(topic)
    make_person("Omar Lindt", is_expert=True)
    make_person("Ivo Brandt", affiliation="Harbor Policy Lab", is_expert=True).topics.add(topic)
    make_person("Rhea Castell", affiliation="Delta Forum", is_expert=True)

    assert directory_sections(client, "?topic=water") == (["Tessa Marlow"], ["Ivo Brandt"])


def test_directory_without_outside_experts_has_no_quoted_section(client):
    make_person("Tessa Marlow", is_expert=True)

    assert directory_sections(client) == (["Tessa Marlow"], [])


# Role labels say what a person is to our published work


def eyebrow(client, person):
    html = unescape(client.get(person.get_absolute_url()).content.decode())
    match = re.search(r'<p class="eyebrow">(.*?)</p>', html)
    return re.sub(r"<[^>]+>", "", match[1]) if match else ""


def test_role_label_says_author_quoted_or_speaker_from_what_is_published(client):
    author = make_person("Tessa Marlow", affiliation="Harbor Policy Lab")
    quoted = make_person("Ivo Brandt", affiliation="Delta Forum")
    speaker = make_person("Rhea Castell", affiliation="Delta Forum")
    make_publication(authors=[author], experts_quoted=[quoted])
    make_event(speakers=[speaker, quoted], starts_in=-timedelta(days=2))
    make_publication(authors=[speaker], status="draft")

    assert eyebrow(client, author) == "Author"
    assert eyebrow(client, quoted) == "Quoted · Speaker"
    assert eyebrow(client, speaker) == "Speaker"


def test_our_own_expert_is_labelled_expert_and_nobody_contributor(client):
    ours = make_person("Tessa Marlow", is_expert=True)
    outsider = make_person("Ivo Brandt", affiliation="Delta Forum")
    make_publication(authors=[ours], experts_quoted=[outsider])

    assert eyebrow(client, ours) == "Expert"
    for person in [ours, outsider]:
        assert "Contributor" not in client.get(person.get_absolute_url()).content.decode()


def test_search_results_label_people_by_their_role(client):
    outsider = make_person("Ivo Brandt", affiliation="Delta Forum")
    make_publication("Delta waters", experts_quoted=[outsider])

    html = unescape(client.get(reverse("publications:search") + "?q=Brandt").content.decode())

    assert '<p class="eyebrow">Quoted</p>' in html
    assert ">Person<" not in html
    assert Publication.objects.count() == 1
