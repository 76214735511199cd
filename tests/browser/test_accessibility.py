"""axe-core finds no accessibility violation on the public pages or the publication form.

axe runs with its default rules (WCAG 2.x A and AA plus best practices), from the copy of
axe.min.js that axe-playwright-python ships: nothing is downloaded.
"""

from axe_playwright_python.sync_playwright import Axe

from tests.browser.support import ADMIN_PUBLICATION_FORM, PUBLIC_PAGES, VIEWPORTS

AXE = Axe()


def violations_on(tab, where, found):
    """Add axe's violations on the tab's page to `found`: element -> pages where it fails."""
    results = AXE.run(tab.page)
    for violation in results.response["violations"]:
        for node in violation["nodes"]:
            element = (
                f"{violation['id']} ({violation['impact']}) {violation['help']} — "
                f"{', '.join(map(str, node['target']))}: {node['html'][:160]}"
            )
            found.setdefault(element, []).append(where)


def report(found):
    return "axe violations:\n" + "\n".join(
        f"{element}\n    on {'; '.join(pages)}" for element, pages in found.items()
    )


def test_public_pages_have_no_axe_violations_at_phone_and_desktop_widths(demo_site):
    found = {}
    for width, viewport in VIEWPORTS.items():
        tab = demo_site.new_tab(viewport)
        for name, path in PUBLIC_PAGES.items():
            tab.goto(path)
            violations_on(tab, f"{name} ({path}, {width})", found)
    assert not found, report(found)


def test_admin_publication_form_has_no_axe_violations(demo_site):
    found = {}
    for username in ("writer", "editor"):
        tab = demo_site.logged_in_tab(username)
        tab.goto(ADMIN_PUBLICATION_FORM)
        violations_on(tab, f"{ADMIN_PUBLICATION_FORM} as {username}", found)
    assert not found, report(found)
