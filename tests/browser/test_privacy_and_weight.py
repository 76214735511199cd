"""Pages ask nothing of any other origin, and the analysis page stays light.

Every request the browser makes (documents, styles, scripts, images, fonts, the favicon) is
recorded with a "request" listener on the browser context, once every image, lazy ones too,
has loaded.
"""

from tests.browser.support import ADMIN_PUBLICATION_FORM, ANALYSIS, PUBLIC_PAGES, VIEWPORTS

WEIGHT_BUDGET = 100 * 1024


def test_public_pages_and_publication_form_request_nothing_from_another_origin(demo_site):
    foreign = []
    for width, viewport in VIEWPORTS.items():
        tab = demo_site.new_tab(viewport)
        for name, path in PUBLIC_PAGES.items():
            tab.forget()
            tab.goto(path)
            broken = tab.load_everything()
            assert not broken, f"{name} ({path}, {width}): images that do not load: {broken}"
            assert tab.requests, f"no request recorded on {name}"
            foreign += [f"{name} ({path}, {width}): {url}" for url in tab.foreign_requests()]
            tab.assert_nothing_broke(f"{name} ({path}, {width})")

    staff = demo_site.logged_in_tab("editor")
    staff.forget()
    staff.goto(ADMIN_PUBLICATION_FORM)
    staff.load_everything()
    foreign += [f"publication form: {url}" for url in staff.foreign_requests()]
    staff.assert_nothing_broke("the publication form")

    assert not foreign, "requests to other origins:\n" + "\n".join(foreign)


def is_image(response):
    content_type = response.headers.get("content-type", "")
    return response.request.resource_type == "image" or content_type.startswith("image/")


def test_analysis_page_transfers_under_100_kb_besides_images(demo_site):
    """The weight is the sum of the response bodies as sent over the wire (encoded, i.e.
    compressed when the server compresses), as Chromium reports them in
    `request.sizes()["responseBodySize"]`, over every response that is not an image.
    The test server does not compress, so this is an upper bound of production's weight."""
    tab = demo_site.new_tab()
    tab.goto(f"/publications/{ANALYSIS}/")
    tab.load_everything()
    counted = {}
    for response in tab.responses:
        if is_image(response):
            continue
        size = response.request.sizes()["responseBodySize"]
        assert size >= 0, f"Chromium reported no body size for {response.url}"
        counted[response.url] = size
    assert any(url.endswith(f"/publications/{ANALYSIS}/") for url in counted)
    total = sum(counted.values())
    breakdown = "\n".join(f"{size:>8} {url}" for url, size in counted.items())
    assert total < WEIGHT_BUDGET, (
        f"the analysis page transfers {total} bytes besides images "
        f"(budget {WEIGHT_BUDGET}):\n{breakdown}"
    )
