"""The content checks panel in a real browser: its links reach the field to fix, even the
rich-text editor, and the length under the body follows what is typed."""

from editorial.models import Status
from publications.models import Publication


def test_go_to_body_focuses_the_editor_and_the_length_follows_the_typing(demo_site):
    draft = Publication.objects.filter(status=Status.DRAFT).order_by("pk").first()
    Publication.objects.filter(pk=draft.pk).update(body="<p>Too short.</p>")
    editor = demo_site.logged_in_tab("editor")
    page = editor.page
    editor.goto(f"/admin/publications/publication/{draft.pk}/change/")
    length = page.locator(".field-text_length .readonly")
    assert length.text_content().strip() == "2 words · 1 min read"

    page.locator(".content-checks").get_by_role("link", name="Go to body").click()

    focused_in_editor = "document.activeElement.closest('.field-body [contenteditable]') !== null"
    assert page.evaluate(focused_in_editor), "the link did not reach the body's editor"
    page.keyboard.press("Control+End")
    page.keyboard.type(" Observers arrived in the second week and the shelling stopped.")
    assert length.text_content().strip() == "12 words · 1 min read"
    editor.assert_nothing_broke("the publication form")
