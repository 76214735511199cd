"""Full-page screenshots of each page at phone and desktop widths, for people to look at.

They are written to test-artifacts/screenshots/<page>-<phone|desktop>.png at the project root
(ignored by git). The test also checks what a screenshot would show wrong at a glance: the
stylesheet applied, and nothing wider than a phone's screen.
"""

from tests.browser.support import (
    ADMIN_PUBLICATION_FORM,
    PUBLIC_PAGES,
    SCREENSHOTS,
    VIEWPORTS,
)

PAGES = {
    **PUBLIC_PAGES,
    "topics": "/topics/",
    "region": "/regions/russia/",
    "experts": "/experts/",
    "events": "/events/",
}

# The skip link sits off-screen only once site.css has been applied.
STYLED = "getComputedStyle(document.querySelector('.skip-link')).position === 'absolute'"
OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def test_screenshots_of_each_page_at_phone_and_desktop_widths(demo_site):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    for width, viewport in VIEWPORTS.items():
        tab = demo_site.new_tab(viewport)
        for name, path in PAGES.items():
            tab.goto(path)
            tab.load_everything()
            if not tab.page.evaluate(STYLED):
                problems.append(f"{name} ({width}): site.css is not applied")
            overflow = tab.page.evaluate(OVERFLOW)
            if overflow > 0:
                problems.append(f"{name} ({width}): {overflow}px wider than the screen")
            tab.page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)

        staff = demo_site.logged_in_tab("editor", viewport)
        staff.goto(ADMIN_PUBLICATION_FORM)
        staff.load_everything()
        staff.page.screenshot(
            path=SCREENSHOTS / f"admin-publication-form-{width}.png", full_page=True
        )

    written = sorted(path.name for path in SCREENSHOTS.glob("*.png"))
    for name in [*PAGES, "admin-publication-form"]:
        for width in VIEWPORTS:
            assert f"{name}-{width}.png" in written
    assert not problems, "\n".join(problems)
