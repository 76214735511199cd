from datetime import datetime
from http import HTTPStatus
from zoneinfo import ZoneInfo

import pytest

from tests.factories import make_person, make_publication, make_type

pytestmark = pytest.mark.django_db

NEW_YORK = ZoneInfo("America/New_York")


@pytest.fixture
def brief():
    return make_publication(
        "Visas for Exiles: What Works",
        type=make_type("Peace Brief"),
        summary="Three steps for host governments.",
        publish_at=datetime(2024, 11, 22, 9, 0, tzinfo=NEW_YORK),
        authors=[
            make_person("Miriam Garrow", sort_name="Garrow, Miriam"),
            make_person("Mei-Lin Castellanos", sort_name="Castellanos, Mei-Lin"),
        ],
    )


URL = "http://testserver/publications/visas-for-exiles-what-works/"


def test_page_offers_chicago_and_apa_ready_to_copy(client, brief):
    content = client.get(brief.get_absolute_url()).content.decode()

    assert (
        "Garrow, Miriam, and Mei-Lin Castellanos. “Visas for Exiles: What Works.” Peace Brief. "
        f"Meridian Institute for Peace, November 22, 2024. {URL}."
    ) in content
    assert (
        "Garrow, M., &amp; Castellanos, M.-L. (2024, November 22). Visas for Exiles: What Works "
        f"[Peace Brief]. Meridian Institute for Peace. {URL}"
    ) in content


def test_single_author_and_no_author_citations(client):
    solo = make_publication("Solo", authors=[make_person("Anna Strand")])
    nobody = make_publication("Unsigned")

    solo_page = client.get(solo.get_absolute_url()).content.decode()
    unsigned_page = client.get(nobody.get_absolute_url()).content.decode()

    assert "Strand, Anna. “Solo.”" in solo_page
    assert "Strand, A. (" in solo_page
    assert "“Unsigned.” Analysis. Meridian Institute for Peace" in unsigned_page


def test_bibtex_download(client, brief):
    response = client.get(f"{brief.get_absolute_url()}cite.bib")
    body = response.content.decode()

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert 'filename="visas-for-exiles-what-works.bib"' in response["Content-Disposition"]
    assert body.startswith("@techreport{garrow2024visas,")
    assert "  author = {Garrow, Miriam and Castellanos, Mei-Lin}," in body
    assert "  title = {{Visas for Exiles: What Works}}," in body
    assert "  institution = {Meridian Institute for Peace}," in body
    assert "  year = {2024},\n  month = nov," in body
    assert f"  url = {{{URL}}}," in body


def test_bibtex_escapes_special_characters(client):
    publication = make_publication("Guns & Money: 50% of {Budgets}")

    body = client.get(f"{publication.get_absolute_url()}cite.bib").content.decode()

    assert r"title = {{Guns \& Money: 50\% of \{Budgets\}}}," in body


def test_ris_download(client, brief):
    response = client.get(f"{brief.get_absolute_url()}cite.ris")
    lines = response.content.decode().split("\r\n")

    assert response["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    assert lines[:3] == ["TY  - RPRT", "AU  - Garrow, Miriam", "AU  - Castellanos, Mei-Lin"]
    assert "TI  - Visas for Exiles: What Works" in lines
    assert "PB  - Meridian Institute for Peace" in lines
    assert "DA  - 2024/11/22" in lines
    assert f"UR  - {URL}" in lines
    assert lines[-2] == "ER  - "


@pytest.mark.parametrize("suffix", ["cite.pdf", "cite.txt", "cite."])
def test_unknown_citation_format_is_404(client, brief, suffix):
    assert client.get(f"{brief.get_absolute_url()}{suffix}").status_code == HTTPStatus.NOT_FOUND


def test_citation_of_unpublished_item_is_404(client):
    draft = make_publication("Draft", status="draft")

    assert client.get(f"{draft.get_absolute_url()}cite.bib").status_code == HTTPStatus.NOT_FOUND


def test_share_links_are_plain_urls_to_the_page(client, brief):
    content = client.get(brief.get_absolute_url()).content.decode()
    encoded = "http%3A%2F%2Ftestserver%2Fpublications%2Fvisas-for-exiles-what-works%2F"

    assert f'href="mailto:?subject=Visas%20for%20Exiles%3A%20What%20Works&amp;body={encoded}"' in (
        content
    )
    assert f"https://www.linkedin.com/sharing/share-offsite/?url={encoded}" in content
    assert "https://bsky.app/intent/compose?text=" in content
    assert "<script src=" not in content
