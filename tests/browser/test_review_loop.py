"""The review loop in a real browser: a writer and an editor take a draft back and forth until
it is published, and every screen the loop added passes axe.

Screenshots of each step go to test-artifacts/screenshots/review-*.png.
"""

from datetime import timedelta

from axe_playwright_python.sync_playwright import Axe

from editorial.models import Status
from publications.models import Publication
from review.links import site_today
from review.models import Comment
from tests.browser.support import SCREENSHOTS

SENT_BACK = "Counting Readers Across a Border: How Exile Media Can Measure Their Reach"
IN_REVIEW = "Ceasefires Without Guarantors: What Local Truces Teach Mediators"
EDITOR_NAME, WRITER_NAME = "Rosa Delgado", "Sam Okafor"
NOTE = "Name the three methods in a list, and say which one the brief recommends."
AXE = Axe()


def submit(page, button_name):
    with page.expect_navigation():
        page.click(f"[name={button_name}]")


def success_message(page):
    success = page.locator(".messagelist .success")
    assert success.count() >= 1, page.locator(".errornote, .errorlist").all_inner_texts()
    return success.first.text_content().strip()


def shoot(tab, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.page.screenshot(path=SCREENSHOTS / f"review-{name}.png", full_page=True)


def open_from_desk(tab, section, title):
    """Follow the link to `title` in the desk's section named `section`."""
    tab.goto("/admin/")
    region = tab.page.get_by_role("region", name=section)
    with tab.page.expect_navigation():
        region.get_by_role("link", name=title).first.click()


def add_to_body(page, text):
    editor = page.locator(".field-body [contenteditable=true]")
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type(text)


def test_a_draft_goes_from_writer_to_editor_and_back_until_it_is_published(demo_site, mailoutbox):
    draft = Publication.objects.get(title=SENT_BACK)
    writer = demo_site.logged_in_tab("writer")
    page = writer.page

    # 1. The writer finds the piece the editor sent back, with the note on top of the form.
    open_from_desk(writer, "Sent back to you", SENT_BACK)
    assert "The methods comparison promised" in page.locator(".change-requests").inner_text()
    shoot(writer, "1-writer-sees-the-note")
    add_to_body(page, "We compare surveys, platform data and reader panels.")
    submit(page, "_submit_for_review")
    message = success_message(page)
    assert f"{EDITOR_NAME} will review it" in message, message
    assert page.url.split("#")[0].endswith(f"/publication/{draft.pk}/change/")
    assert page.locator(".change-requests").count() == 0, "the answered note still stands"
    writer.assert_nothing_broke("the writer's form after submitting")
    shoot(writer, "2-writer-submitted")
    draft.refresh_from_db()
    assert draft.status == Status.REVIEW
    # The editor and the superuser may publish; the writer is not told of their own act.
    told = {address: m.subject for m in mailoutbox for address in m.to}
    assert set(told) == {"editor@example.org", "admin@example.org"}
    assert "submitted for review" in told["editor@example.org"]

    # 2. The editor is told, finds it waiting and asks for one more change.
    editor = demo_site.logged_in_tab("editor")
    page = editor.page
    assert f"was submitted for review by {WRITER_NAME}" in page.locator("#content").inner_text()
    open_from_desk(editor, "In review", SENT_BACK)
    page.fill("textarea[name=review_note]", NOTE)
    shoot(editor, "3-editor-requests-changes")
    submit(page, "_request_changes")
    assert f"sent back to {WRITER_NAME}" in success_message(page)
    editor.assert_nothing_broke("the editor's form after requesting changes")
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT

    # 3. The writer answers in the thread, makes the change and submits again.
    page = writer.page
    open_from_desk(writer, "Sent back to you", SENT_BACK)
    assert NOTE in page.locator(".change-requests").inner_text()
    page.fill(".comment-form textarea", "Done: the list is in the second section.")
    with page.expect_navigation():
        page.click(".comment-form button[type=submit]")
    assert "Done: the list is in the second section." in page.locator("#comments").inner_text()
    add_to_body(page, "Reader panels are the method we recommend.")
    submit(page, "_submit_for_review")
    shoot(writer, "4-writer-resubmits")
    assert not Comment.objects.about(draft).filter(resolved_at__isnull=True, requests_changes=True)

    # 4. The editor publishes; the writer is told; readers see it.
    page = editor.page
    open_from_desk(editor, "In review", SENT_BACK)
    assert "Done: the list is in the second section." in page.locator("#comments").inner_text()
    submit(page, "_publish")
    if page.locator(".content-checks__anyway-button").count():
        shoot(editor, "5-editor-sees-the-checks")
        submit(page, "_publish")
    assert SENT_BACK in success_message(page)
    draft.refresh_from_db()
    assert draft.is_published
    assert any(m.to == ["writer@example.org"] and "published" in m.subject for m in mailoutbox), [
        m.subject for m in mailoutbox
    ]
    reader = demo_site.new_tab()
    reader.goto(draft.get_absolute_url())
    assert "Reader panels are the method we recommend." in reader.page.locator("main").inner_text()


def axe_violations(tab, where):
    return [
        f"{violation['id']} ({violation['impact']}) {violation['help']} on {where}: "
        f"{', '.join(map(str, node['target']))}: {node['html'][:160]}"
        for violation in AXE.run(tab.page).response["violations"]
        for node in violation["nodes"]
    ]


def test_the_review_loops_screens_have_no_axe_violations(demo_site):
    found = []
    in_review = Publication.objects.get(title=IN_REVIEW)
    change_url = f"/admin/publications/publication/{in_review.pk}/change/"
    editor = demo_site.logged_in_tab("editor")
    page = editor.page

    editor.goto(change_url)
    page.fill("#id_title", f"{IN_REVIEW} (second revision)")
    submit(page, "_continue")
    page.fill(".review-links input[name=label]", "Ministry press office")
    page.fill(".review-links input[name=expires_on]", (site_today() + timedelta(7)).isoformat())
    with page.expect_navigation():
        page.click(".review-links input[type=submit]")
    assert "review link" in success_message(page)
    found += axe_violations(editor, "the change form of an item in review (editor)")
    shoot(editor, "6-editor-form-panels")
    review_address = page.locator(".review-links__url").first.input_value()

    screens = {
        "history": f"/admin/publications/publication/{in_review.pk}/history/",
        "notifications": "/admin/review/notification/",
        "redirects": "/admin/editorial/redirect/",
        "redirect import": "/admin/editorial/redirect/import/",
    }
    for name, path in screens.items():
        editor.goto(path)
        found += axe_violations(editor, name)
    editor.goto(screens["history"])
    with page.expect_navigation():
        page.get_by_role("button", name="Compare selected revisions").click()
    found += axe_violations(editor, "compare")
    editor.goto(screens["history"])
    with page.expect_navigation():
        page.locator("a", has_text="Restore").first.click()
    found += axe_violations(editor, "restore confirmation")
    shoot(editor, "7-restore-confirmation")
    editor.goto(screens["notifications"])
    with page.expect_navigation():
        page.get_by_role("link", name="Email settings").first.click()
    found += axe_violations(editor, "email settings")

    writer = demo_site.logged_in_tab("writer")
    open_from_desk(writer, "Sent back to you", SENT_BACK)
    found += axe_violations(writer, "a sent-back draft (writer)")

    reviewer = demo_site.new_tab()
    reviewer.goto(review_address)
    assert "Embargoed" in reviewer.page.locator("body").inner_text()
    found += axe_violations(reviewer, "the review link's page")
    shoot(reviewer, "8-embargoed-review-page")

    assert not found, "axe violations:\n" + "\n".join(found)
