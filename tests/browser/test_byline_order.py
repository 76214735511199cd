"""The byline is put in order in a real browser: with the keyboard, by dragging, and with rows
added by "Add another"; the content checks panel and the ordered rows pass axe."""

from axe_playwright_python.sync_playwright import Axe
from django.db.models import Count

from editorial.models import Status
from publications.models import Publication

AXE = Axe()


def two_author_publication():
    return (
        Publication.objects.annotate(authors_count=Count("authorships"))
        .filter(authors_count=2)
        .order_by("pk")
        .first()
    )


def byline_names(page):
    return page.evaluate(
        """[...document.querySelectorAll("#authorships-group tbody tr.form-row")]
          .filter((row) => !row.id.endsWith("-empty"))
          .map((row) => row.querySelector("select").selectedOptions[0])
          .map((option) => (option && option.value ? option.textContent.trim() : ""))"""
    )


def order_values(page):
    return page.evaluate(
        """[...document.querySelectorAll("#authorships-group tbody tr.form-row")]
          .filter((row) => !row.id.endsWith("-empty"))
          .map((row) => row.querySelector("input[data-sortable-order]").value)"""
    )


def save_and_continue(page):
    with page.expect_navigation():
        page.click("input[name=_continue]")
    assert page.locator(".messagelist .success").count() == 1, page.locator(
        ".errornote, .errorlist"
    ).all_inner_texts()


def test_editor_moves_an_author_down_with_the_keyboard_and_the_byline_is_saved(demo_site):
    publication = two_author_publication()
    first, second = (person.name for person in publication.ordered_authors)
    editor = demo_site.logged_in_tab("editor")
    page = editor.page
    editor.goto(f"/admin/publications/publication/{publication.pk}/change/")

    page.get_by_role("button", name=f"Move {first} down").focus()
    page.keyboard.press("Enter")

    assert byline_names(page)[:2] == [second, first]
    focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert focused == f"Move {first} down", "the focus did not stay on the moved row"
    status = page.locator("#authorships-group [role=status]")
    status.filter(has_text=f"Moved {first} to position 2").wait_for()
    assert order_values(page) == [str(index) for index in range(len(order_values(page)))]
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")  # "Move up" on the same row puts it back…
    assert byline_names(page)[:2] == [first, second]
    page.get_by_role("button", name=f"Move {first} down").press("Enter")  # …and down again.

    save_and_continue(page)
    editor.assert_nothing_broke("the publication form")
    publication.refresh_from_db()
    assert [person.name for person in publication.ordered_authors] == [second, first]
    assert byline_names(page)[:2] == [second, first]


def test_editor_drags_an_author_to_the_top(demo_site):
    publication = two_author_publication()
    first, second = (person.name for person in publication.ordered_authors)
    editor = demo_site.logged_in_tab("editor")
    page = editor.page
    editor.goto(f"/admin/publications/publication/{publication.pk}/change/")
    rows = page.locator("#authorships-group tbody tr.form-row:not([id$='-empty'])")

    rows.nth(1).locator(".sortable-handle").drag_to(rows.nth(0), target_position={"x": 40, "y": 4})

    assert byline_names(page)[:2] == [second, first]
    save_and_continue(page)
    publication.refresh_from_db()
    assert [person.name for person in publication.ordered_authors] == [second, first]


def test_rows_added_with_add_another_take_the_next_positions(demo_site):
    publication = two_author_publication()
    editor = demo_site.logged_in_tab("editor")
    page = editor.page
    editor.goto(f"/admin/publications/publication/{publication.pk}/change/")

    page.locator("#authorships-group .add-row a").click()
    page.locator("#authorships-group .add-row a").click()

    values = order_values(page)
    assert values == [str(index) for index in range(len(values))], values
    assert len(values) == 5  # two authors, the empty row the form starts with, two added
    new_row = page.locator("#authorships-group tbody tr.form-row:not([id$='-empty'])").last
    assert new_row.get_by_role("button", name="Move row 5 up").count() == 1
    # Removing an added row leaves the rest numbered in order, and saving keeps the byline.
    page.locator("#authorships-group .inline-deletelink").last.click()
    assert order_values(page) == ["0", "1", "2", "3"]
    save_and_continue(page)
    assert Publication.objects.get(pk=publication.pk).authorships.count() == 2


def test_content_checks_panel_and_byline_have_no_axe_violations(demo_site):
    draft = Publication.objects.filter(status=Status.DRAFT).order_by("pk").first()
    draft.topics.clear()
    editor = demo_site.logged_in_tab("editor")
    page = editor.page
    editor.goto(f"/admin/publications/publication/{draft.pk}/change/")
    with page.expect_navigation():
        page.click("input[name=_publish]")
    assert page.get_by_role("button", name="Publish anyway").count() == 1

    # The panel and the byline are this feature's; the rest of the form is checked elsewhere.
    violations = AXE.run(
        page, context={"include": [[".content-checks"], ["#authorships-group"]]}
    ).response["violations"]

    assert not violations, [
        f"{violation['id']}: {node['html'][:160]}"
        for violation in violations
        for node in violation["nodes"]
    ]
    editor.assert_nothing_broke("the held-back publication form")
