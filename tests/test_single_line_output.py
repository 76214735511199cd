"""A line break typed into a single-line field is refused; one that got into the database
another way still cannot add a line to a citation file, a calendar file or a header. File
names in any script reach readers' download dialogs intact."""

import re
from http import HTTPStatus
from io import BytesIO
from urllib.parse import unquote

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from people.models import Person
from publications.models import Publication, PublicationType
from tests.factories import make_event, make_person, make_publication, make_type
from tests.support.admin_forms import publication_form_data

pytestmark = pytest.mark.django_db

FORGED_TITLE = "Harbour study\r\nTY  - JOUR\r\nER  - "
RIS_LINE = re.compile(r"^[A-Z][A-Z0-9]  - ")


def test_a_title_with_a_line_break_typed_into_the_admin_is_a_form_error(client, admin_user):
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:publications_publication_add"), publication_form_data(title=FORGED_TITLE)
    )

    assert response.status_code == HTTPStatus.OK
    assert "Line breaks and other control characters are not allowed here" in (
        response.content.decode()
    )
    assert not Publication.objects.exists()


@pytest.fixture
def forged_publication(db):
    """Line breaks saved straight into the database, past the forms' validation."""
    author = make_person("Orla Venn")
    Person.objects.filter(pk=author.pk).update(sort_name="Venn,\r\nAU  - Forged\x0b Orla")
    kind = make_type("Brief")
    PublicationType.objects.filter(pk=kind.pk).update(name="Brief\nPB  - Forged Press")
    publication = make_publication(FORGED_TITLE, authors=[author], type=kind, slug="harbour")
    return publication


def test_ris_download_keeps_one_line_per_field_whatever_was_stored(client, forged_publication):
    response = client.get("/publications/harbour/cite.ris")
    lines = response.content.decode().split("\r\n")

    assert response.status_code == HTTPStatus.OK
    assert lines[-1] == ""
    assert all(RIS_LINE.match(line) for line in lines[:-1]), lines
    assert [line[:2] for line in lines[:-1]].count("TY") == 1
    assert [line[:2] for line in lines[:-1]].count("ER") == 1
    assert "AU  - Venn, AU - Forged Orla" in lines
    assert "TI  - Harbour study TY - JOUR ER -" in lines
    assert "M3  - Brief PB - Forged Press" in lines


def test_bibtex_download_keeps_one_line_per_field_whatever_was_stored(client, forged_publication):
    lines = client.get("/publications/harbour/cite.bib").content.decode().splitlines()

    assert lines[0].startswith("@techreport{")
    assert lines[-1] == "}"
    assert all(re.match(r"^  [a-z]+ = ", line) for line in lines[1:-1]), lines


def test_the_pages_citations_are_on_one_line(client, forged_publication):
    content = client.get("/publications/harbour/").content.decode()

    assert "“Harbour study TY - JOUR ER -.”" in content  # Chicago


def test_calendar_file_keeps_one_line_per_property_whatever_was_stored(client):
    event = make_event("Port panel", slug="port-panel", venue_name="Hall A")
    type(event).objects.filter(pk=event.pk).update(
        title="Port panel\r\nDTSTART:19990101T000000Z\x0bX\u2028LOCATION:Elsewhere",
        venue_name="Hall A\nDESCRIPTION:forged",
    )

    response = client.get("/events/port-panel/calendar.ics")
    body = response.content.decode()
    unfolded = body.replace("\r\n ", "")
    lines = unfolded[unfolded.index("BEGIN:VEVENT") : unfolded.index("END:VEVENT")].split("\r\n")

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Disposition"] == 'attachment; filename="port-panel.ics"'
    assert not re.search(r"[\x00-\x09\x0b-\x0c\x0e-\x1f\u2028\u2029\x85]", body)
    assert sum(line.startswith("DTSTART") for line in lines) == 1
    assert sum(line.startswith("LOCATION") for line in lines) == 1
    assert any(
        line.startswith("SUMMARY:Port panel DTSTART:19990101T000000Z X LOCATION:Elsewhere")
        for line in lines
    )


def real_pdf():
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 200))
    output = BytesIO()
    pdf.save(output)
    return output.getvalue()


def test_a_pdf_named_in_cyrillic_downloads_under_its_name(client, admin_user):
    client.force_login(admin_user)
    upload = SimpleUploadedFile("Доклад — 2024.pdf", real_pdf(), content_type="application/pdf")
    client.post(reverse("admin:publications_publication_add"), publication_form_data(pdf=upload))
    stored = Publication.objects.get(slug="a-new-brief").pdf
    client.logout()

    response = client.get(stored.url)
    header = response["Content-Disposition"]

    assert response.status_code == HTTPStatus.OK
    header.encode("latin-1")  # what HTTP can carry
    assert header.startswith("attachment; filename*=utf-8''")
    assert unquote(header.split("''", 1)[1]).startswith("Доклад")
    assert unquote(header.split("''", 1)[1]).endswith(".pdf")
