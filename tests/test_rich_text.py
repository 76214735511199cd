"""Bodies are sanitised on save against our allow-list, whatever path the save takes."""

import pytest

from editorial.richtext import sanitize_html
from tests.factories import make_person, make_publication

pytestmark = pytest.mark.django_db

HOSTILE_BODY = (
    "<p>Fine text</p>"
    "<script>alert('script')</script>"
    '<img src="x" onerror="alert(\'img\')">'
    "<p onclick=\"alert('click')\">Clicky</p>"
    "<a href=\"javascript:alert('link')\">bad link</a>"
    '<a href="https://example.org/report">good link</a>'
)


def test_script_event_handlers_and_javascript_links_are_gone_from_stored_body():
    publication = make_publication(body=HOSTILE_BODY)
    publication.refresh_from_db()

    assert "<script" not in publication.body
    assert "onerror" not in publication.body
    assert "onclick" not in publication.body
    assert "javascript:" not in publication.body
    assert "<p>Fine text</p>" in publication.body
    assert "<p>Clicky</p>" in publication.body


def test_hostile_markup_is_gone_from_rendered_page(client):
    publication = make_publication(body=HOSTILE_BODY)

    content = client.get(publication.get_absolute_url()).content.decode()

    assert "alert(" not in content
    assert "onerror" not in content
    assert "javascript:" not in content


def test_links_keep_safe_href_and_gain_rel():
    cleaned = sanitize_html('<a href="https://example.org/x" target="_blank">x</a>')

    assert cleaned == '<a href="https://example.org/x" rel="noopener noreferrer">x</a>'


def test_mailto_links_survive_and_data_urls_do_not():
    cleaned = sanitize_html(
        '<a href="mailto:press@example.org">mail</a><a href="data:text/html,hi">data</a>'
    )

    assert 'href="mailto:press@example.org"' in cleaned
    assert "data:" not in cleaned


def test_allowed_structure_is_kept():
    html = (
        "<h2>Head</h2><h3>Sub</h3><h4>Minor</h4><p><strong>b</strong> <em>i</em></p>"
        "<ul><li>one</li></ul><ol><li>two</li></ol><blockquote><p>quote</p></blockquote>"
        "<figure><blockquote><p>pull</p></blockquote><figcaption>cap</figcaption></figure>"
    )

    assert sanitize_html(html) == html


def test_disallowed_tags_are_dropped_but_their_text_kept():
    assert sanitize_html("<h1>Title</h1><div><span>text</span></div>") == "Titletext"


def test_style_iframe_and_svg_are_removed():
    cleaned = sanitize_html(
        '<p style="background:url(javascript:alert(1))">x</p><iframe src="https://evil.example">'
        "</iframe><svg onload=alert(1)></svg><style>p{}</style>"
    )

    assert cleaned == "<p>x</p>"


def test_person_bio_is_sanitised_too():
    person = make_person("Someone", bio='<p>Bio</p><script>alert("bio")</script>')
    person.refresh_from_db()

    assert person.bio == "<p>Bio</p>"
