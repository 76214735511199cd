"""Every page can be used with the keyboard alone, and the focus is always visible."""

import re

from tests.browser.support import ADMIN_PUBLICATION_FORM, PUBLIC_PAGES, focus_state, tab_to

MAIN_NAV = {
    "Publications": "/publications/",
    "Topics": "/topics/",
    "Experts": "/experts/",
    "Events": "/events/",
}


def test_first_tab_reaches_the_skip_link_and_enter_moves_focus_to_main(demo_site):
    tab = demo_site.new_tab()
    page = tab.page
    for name, path in PUBLIC_PAGES.items():
        tab.goto(path)
        page.keyboard.press("Tab")
        first = focus_state(page, "a.skip-link[href='#main']")
        assert first, f"{name}: the first Tab left the page"
        assert first["matches"], f"{name}: the first Tab stop is {first['description']}"
        assert first["visibly_focused"], f"{name}: the focused skip link is not visible: {first}"
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main", (
            f"{name}: Enter on the skip link left the focus on {focus_state(page)}"
        )
        # The next Tab continues inside main, past the header.
        page.keyboard.press("Tab")
        assert page.evaluate("document.querySelector('main').contains(document.activeElement)"), (
            f"{name}: Tab after the skip link went to {focus_state(page)}, outside main"
        )


def test_main_navigation_and_search_box_are_reachable_by_tab_and_visibly_focused(demo_site):
    tab = demo_site.new_tab()
    page = tab.page
    for name, path in PUBLIC_PAGES.items():
        tab.goto(path)
        # A Russian or Ukrainian page's menu leads to the pages of its own language.
        prefix = re.match(r"^(/(?:ru|uk))/", path)
        prefix = prefix.group(1) if prefix else ""
        for label, href in MAIN_NAV.items():
            selector = f"nav.site-nav a[href='{prefix}{href}']"
            state = tab_to(page, selector, limit=10, what=f"the {label} link on {name}")
            assert state["visibly_focused"], f"{name}: {label} is focused invisibly: {state}"
        state = tab_to(page, "#site-search-q", limit=3, what=f"the search box on {name}")
        assert state["visibly_focused"], f"{name}: the search box is focused invisibly: {state}"

    # And the box works from the keyboard.
    tab.goto("/")
    tab_to(page, "#site-search-q", limit=10, what="the search box")
    page.keyboard.type("exiles")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=exiles")


def test_publication_filters_are_reachable_and_followable_with_enter(demo_site):
    tab = demo_site.new_tab()
    page = tab.page
    tab.goto("/publications/")

    # An open facet: its links are Tab stops, and Enter follows one.
    state = tab_to(page, ".facet__option[href='?type=analysis']", limit=30, what="Analyses")
    assert state["visibly_focused"], f"the Analyses filter is focused invisibly: {state}"
    page.keyboard.press("Enter")
    page.wait_for_url("**/publications/?type=analysis")
    assert page.locator(".facet__option.is-selected", has_text="Analyses").count() == 1

    # The selected filter is removed with Enter too.
    tab_to(page, ".facet__option.is-selected", limit=30, what="the selected Analyses filter")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/publications/\??$"))

    # A long facet starts closed: Enter on its summary opens it, then its links are Tab stops.
    closed = page.evaluate(
        "[...document.querySelectorAll('aside.filters > details')].findIndex(d => !d.open)"
    )
    assert closed >= 0, "expected a long facet that starts closed"
    facet = f"aside.filters > details:nth-of-type({closed + 1})"
    label = page.locator(f"{facet} > summary").text_content().strip()
    tab_to(page, f"{facet} > summary", limit=40, what=f"the closed {label} facet")
    page.keyboard.press("Enter")
    assert page.locator(facet).get_attribute("open") is not None, f"Enter did not open {label}"
    state = tab_to(page, f"{facet} .facet__option", limit=1, what=f"the first {label} filter")
    assert state["visibly_focused"], f"the {label} filter is focused invisibly: {state}"
    page.keyboard.press("Enter")
    page.wait_for_url(state["href"])
    assert page.locator(".facet__option.is-selected").count() == 1


def test_admin_publication_form_title_and_save_are_reachable_by_tab(demo_site):
    tab = demo_site.logged_in_tab("writer")
    page = tab.page
    tab.goto(ADMIN_PUBLICATION_FORM)
    # Start from the top of the page: a click on the header's blank area puts the
    # keyboard's starting point there, as a freshly loaded page without autofocus would.
    page.mouse.click(1, 1)
    state = tab_to(page, "#id_title", limit=60, what="the title field")
    assert state["visibly_focused"], f"the title field is focused invisibly: {state}"
    state = tab_to(page, "input[name=_save]", limit=400, what="the Save button")
    assert state["visibly_focused"], f"Save is focused invisibly: {state}"
    tab.assert_nothing_broke("the publication form")
