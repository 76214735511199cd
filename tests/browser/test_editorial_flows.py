"""Staff work through the admin in a real browser: write, submit, publish, post a summary."""

from editorial.models import Status
from events.models import Event
from publications.models import Publication
from tests.browser.support import ANALYSIS

TITLE = "Exile Newsrooms Under Pressure"
SLUG = "exile-newsrooms-under-pressure"
BODY = "Independent newsrooms abroad are reaching audiences at home against the odds."
SUMMARY = "The forum heard how exiles can help build a peaceful Russia, and what it takes."


def submit(page, button_name):
    """Press one of the form's submit buttons and wait for the page it leads to."""
    with page.expect_navigation():
        page.click(f"input[name={button_name}]")


def success_message(page):
    success = page.locator(".messagelist .success")
    assert success.count() >= 1, page.locator(".errornote, .errorlist").all_inner_texts()
    return success.first.text_content().strip()


def test_writer_drafts_and_submits_a_publication_and_an_editor_publishes_it_to_the_list(
    demo_site,
):
    writer = demo_site.logged_in_tab("writer")
    page = writer.page
    writer.goto("/admin/publications/publication/add/")
    page.locator("#id_title").press_sequentially(TITLE)
    assert page.input_value("#id_slug") == SLUG, "the slug is not filled in from the title"
    page.select_option("#id_type", label="Analysis")
    page.fill("#id_summary", "How independent Russian media keep working from abroad.")
    page.locator(".field-body [contenteditable=true]").click()
    page.keyboard.type(BODY)
    submit(page, "_continue")
    assert TITLE in success_message(page)
    publication = Publication.objects.get(slug=SLUG)
    assert publication.status == Status.DRAFT
    assert BODY in publication.body

    assert page.locator("input[name=_publish]").count() == 0, "a writer is offered Publish"
    submit(page, "_submit_for_review")
    assert TITLE in success_message(page)
    writer.assert_nothing_broke("the writer's publication form")
    publication.refresh_from_db()
    assert publication.status == Status.REVIEW

    reader = demo_site.new_tab()
    reader.goto("/publications/")
    assert reader.page.get_by_role("link", name=TITLE).count() == 0, "listed before publishing"

    editor = demo_site.logged_in_tab("editor")
    page = editor.page
    editor.goto("/admin/publications/publication/?status=review")
    page.get_by_role("link", name=TITLE).click()
    page.wait_for_url(f"**/admin/publications/publication/{publication.pk}/change/**")
    submit(page, "_publish")
    # The writer chose no topic: the content checks hold the piece back until the editor,
    # told so, publishes anyway.
    assert "has no topic" in page.locator(".content-checks").text_content()
    with page.expect_navigation():
        page.get_by_role("button", name="Publish anyway").click()
    assert TITLE in success_message(page)
    editor.assert_nothing_broke("the editor's publication form")
    publication.refresh_from_db()
    assert publication.is_published

    reader.goto("/publications/")
    first_card = reader.page.locator(".card__title").first
    assert first_card.text_content().strip() == TITLE, "the new publication does not lead the list"
    first_card.get_by_role("link").click()
    reader.page.wait_for_url(f"**/publications/{SLUG}/")
    assert BODY in reader.page.locator("main").text_content()


def test_organizer_posts_a_forum_summary_that_leads_the_event_page(demo_site):
    forum = Event.objects.get(kind__slug="forum", related_publications__slug=ANALYSIS)
    # The demo's forum comes with a summary; take it away so the organizer posts one.
    Event.objects.filter(pk=forum.pk).update(summary="", summary_published_at=None)

    reader = demo_site.new_tab()
    reader.goto(forum.get_absolute_url())
    assert reader.page.locator(".event-summary").count() == 0

    organizer = demo_site.logged_in_tab("organizer")
    page = organizer.page
    organizer.goto(f"/admin/events/event/{forum.pk}/change/")
    first_fieldset = page.locator("#event_form fieldset.module").first
    assert first_fieldset.locator("h2").first.text_content().strip() == "After the event"
    page.locator(".field-summary [contenteditable=true]").click()
    page.keyboard.type(SUMMARY)
    submit(page, "_save")
    success_message(page)
    organizer.assert_nothing_broke("the organizer's event form")

    reader.goto(forum.get_absolute_url())
    lead = reader.page.locator(".article__main > section").first
    assert "event-summary" in lead.get_attribute("class"), "the summary does not lead the page"
    assert SUMMARY in lead.text_content()
    assert "Posted" in lead.locator("h2").text_content()
    related = reader.page.locator(".related")
    assert related.get_by_role("link", name="Russia's Anti-War Exiles").count() >= 1
