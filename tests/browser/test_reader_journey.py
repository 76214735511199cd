"""A reader finds their way from the home page to an analysis, its experts and an event."""

from tests.browser.support import ANALYSIS, ANALYSIS_TITLE, FORUM_TITLE


def test_reader_browses_a_topic_filters_by_type_searches_and_follows_an_expert_to_an_event(
    demo_site,
):
    tab = demo_site.new_tab()
    page = tab.page
    tab.goto("/")

    # Browse a topic from the main navigation.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Topics").click()
    page.wait_for_url("**/topics/")
    page.get_by_role("link", name="Migration & Displacement").click()
    page.wait_for_url("**/topics/migration-displacement/")
    assert page.get_by_role("heading", level=1).text_content().strip() == "Migration & Displacement"
    assert page.get_by_role("link", name=ANALYSIS_TITLE).count() >= 1

    # Filter the publications by type.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Publications").click()
    page.wait_for_url("**/publications/")
    unfiltered = page.locator(".card").count()
    type_facet = page.locator("details.facet", has=page.get_by_text("Type", exact=True))
    type_facet.get_by_role("link", name="Analyses").click()
    page.wait_for_url("**/publications/?type=analysis")
    eyebrows = page.locator(".card .eyebrow").all_text_contents()
    assert eyebrows, "no analysis listed under the Analyses filter"
    assert set(eyebrows) == {"Analysis"}
    assert len(eyebrows) <= unfiltered
    assert page.get_by_role("link", name="Remove filter Type: Analyses").is_visible()

    # Search from the box in the header.
    page.fill("#site-search-q", "exiles")
    page.press("#site-search-q", "Enter")
    page.wait_for_url("**/search/?q=exiles")
    assert "exiles" in page.get_by_role("heading", level=1).text_content().strip()
    results = page.locator(".search-results__main")
    results.get_by_role("link", name=ANALYSIS_TITLE).first.click()
    page.wait_for_url(f"**/publications/{ANALYSIS}/")
    assert page.get_by_role("heading", level=1).text_content().strip() == ANALYSIS_TITLE

    # Follow a quoted expert to their page, and from there an event they spoke at.
    quoted = page.locator("section", has=page.locator("#quoted-heading"))
    quoted.get_by_role("link", name="Andrei Soldatov").click()
    page.wait_for_url("**/experts/andrei-soldatov/")
    assert page.get_by_role("heading", level=1).text_content().strip() == "Andrei Soldatov"
    quoted_in = page.locator("section", has=page.locator("#quoted-heading"))
    assert quoted_in.get_by_role("link", name=ANALYSIS_TITLE).count() == 1
    past_events = page.locator("section", has=page.locator("#past-heading"))
    past_events.get_by_role("link", name=FORUM_TITLE).click()
    page.wait_for_url("**/events/usip-forum-on-russias-exile-community/")
    assert page.get_by_role("heading", level=1).text_content().strip() == FORUM_TITLE
    speakers = page.locator("section", has=page.locator("#speakers-heading"))
    assert speakers.get_by_role("link", name="Andrei Soldatov").is_visible()

    tab.assert_nothing_broke("the reader's journey")
