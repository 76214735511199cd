"""What the browser tests share: the pages they visit, tabs that record what a page did,
and keyboard helpers."""

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
SKIP_REASON = (
    f"Chromium not found at {CHROMIUM}: browser tests skipped; apt-get install chromium to run them"
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
SCREENSHOTS = PROJECT_ROOT / "test-artifacts" / "screenshots"

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}

ANALYSIS = "russias-anti-war-exiles"
ANALYSIS_TITLE = "Russia's Anti-War Exiles Are an Asset. The West Should Treat Them as One."
FORUM_TITLE = "USIP Forum on Russia's Exile Community"

#: The public pages every accessibility, privacy and screenshot check covers: name -> path.
PUBLIC_PAGES = {
    "home": "/",
    "list": "/publications/",
    "detail": f"/publications/{ANALYSIS}/",
    "topic": "/topics/migration-displacement/",
    "expert": "/experts/andrei-soldatov/",
    "event": "/events/usip-forum-on-russias-exile-community/",
    "search": "/search/?q=exiles",
    # The analysis's Russian and Ukrainian editions, and the Russian home and forum summary.
    "detail-ru": "/ru/publications/rossiyskie-antivoennye-emigranty/",
    "detail-uk": "/uk/publications/rosiyski-antyvoienni-emihranty/",
    "home-ru": "/ru/",
    "event-ru": "/ru/events/forum-usip-o-rossiyskoy-emigratsii/",
}
ADMIN_PUBLICATION_FORM = "/admin/publications/publication/add/"

#: load_demo's DEMO_LOGINS: published demo passwords.
LOGINS = {
    "editor": "demo-editor-pass",
    "writer": "demo-writer-pass",
    "organizer": "demo-organizer-pass",
}


def origin_of(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


# A blocked style or script breaks a page without any failed request, so Content-Security-
# Policy violations are reported to the test (init scripts run whatever the page's CSP).
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__reportCspViolation(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} ` +
    `at ${event.sourceFile || document.location.href}:${event.lineNumber}`
  );
});
"""


LOAD_ALL_IMAGES = """() => Promise.all([...document.images].map((image) => {
  image.loading = "eager";
  return image.complete ? null : new Promise((settle) => {
    image.addEventListener("load", settle);
    image.addEventListener("error", settle);
  });
}))"""


@dataclass
class Tab:
    """A page in a browser context of its own, with what it requested and what went wrong."""

    page: object
    origin: str
    requests: list = field(default_factory=list)
    responses: list = field(default_factory=list)
    csp_violations: list = field(default_factory=list)
    page_errors: list = field(default_factory=list)

    def goto(self, path):
        """Open a path on the live server; it must answer with a success."""
        response = self.page.goto(path)
        assert response is not None, f"no response for {path}"
        assert response.ok, f"{path} answered {response.status}"
        return response

    def load_everything(self):
        """Load every image now, lazy ones too, and wait until all have arrived.

        Returns the images that failed to load (their URLs).
        """
        # page.evaluate, not wait_for_function: the pages' CSP forbids the eval it relies on.
        self.page.evaluate(LOAD_ALL_IMAGES)
        return self.page.evaluate(
            "[...document.images].filter((image) => !image.naturalWidth)"
            ".map((image) => image.currentSrc || image.src)"
        )

    def foreign_requests(self):
        """Requests to any origin but the live server's (data: and blob: URLs never leave)."""
        return [
            url
            for url in self.requests
            if not url.startswith(("data:", "blob:")) and origin_of(url) != self.origin
        ]

    def forget(self):
        for record in (self.requests, self.responses, self.csp_violations, self.page_errors):
            record.clear()

    def assert_nothing_broke(self, where):
        assert not self.csp_violations, f"{where}: CSP violations {self.csp_violations}"
        assert not self.page_errors, f"{where}: JavaScript errors {self.page_errors}"


class DemoSite:
    """The live server with the demo loaded, and a factory of browser tabs on it."""

    def __init__(self, browser, url):
        self.browser = browser
        self.url = url
        self.origin = origin_of(url)
        self.contexts = []

    def new_tab(self, viewport=DESKTOP):
        context = self.browser.new_context(
            base_url=self.url, viewport=viewport, service_workers="block"
        )
        self.contexts.append(context)
        tab = Tab(page=context.new_page(), origin=self.origin)
        context.on("request", lambda request: tab.requests.append(request.url))
        context.on("response", lambda response: tab.responses.append(response))
        tab.page.on("pageerror", lambda error: tab.page_errors.append(str(error)))
        context.expose_function(
            "__reportCspViolation", lambda report: tab.csp_violations.append(report)
        )
        context.add_init_script(CSP_LISTENER)
        return tab

    def logged_in_tab(self, username, viewport=DESKTOP):
        """A tab logged in through the admin's real login form.

        django-axes locks a login out after five failures, so a wrong password here fails
        the test at once instead of retrying.
        """
        tab = self.new_tab(viewport)
        tab.goto("/admin/login/?next=/admin/")
        tab.page.fill("#id_username", username)
        tab.page.fill("#id_password", LOGINS[username])
        tab.page.click("input[type=submit]")
        tab.page.wait_for_url("**/admin/")
        assert tab.page.locator("#user-tools").is_visible(), f"{username} could not log in"
        return tab

    def close(self):
        for context in self.contexts:
            context.close()


# What has the focus, and whether a sighted keyboard user can see where it is.
FOCUS_STATE = """(selector) => {
  const element = document.activeElement;
  if (!element || element === document.body || element === document.documentElement) {
    return null;
  }
  const style = getComputedStyle(element);
  const box = element.getBoundingClientRect();
  const outlined = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const shadowed = style.boxShadow !== "none";
  return {
    matches: selector ? element.matches(selector) : false,
    description: element.tagName.toLowerCase()
      + (element.id ? "#" + element.id : "")
      + (element.getAttribute("name") ? `[name=${element.getAttribute("name")}]` : "")
      + (element.getAttribute("href") ? `[href=${element.getAttribute("href")}]` : "")
      + ` "${(element.innerText || element.value || "").trim().slice(0, 40)}"`,
    href: element.href || null,
    visibly_focused: (outlined || shadowed)
      && box.width > 0 && box.height > 0
      && box.bottom > 0 && box.right > 0
      && box.top < window.innerHeight && box.left < window.innerWidth,
    focus_style: `outline: ${style.outlineStyle} ${style.outlineWidth}; `
      + `box-shadow: ${style.boxShadow}`,
  };
}"""


def focus_state(page, selector=None):
    return page.evaluate(FOCUS_STATE, selector)


def tab_to(page, selector, *, limit, what):
    """Press Tab until an element matching `selector` has the focus; fail on a trap or limit.

    Returns the focused element's state. The failure message lists where the focus went.
    """
    path = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = focus_state(page, selector)
        description = state["description"] if state else "(nothing: focus left the page)"
        path.append(description)
        if state and state["matches"]:
            return state
        if len(path) >= 4 and len(set(path[-4:])) == 1:
            pytest.fail(f"keyboard trap on the way to {what}: Tab stays on {description}")
    pytest.fail(f"{what} not reached in {limit} presses of Tab; the focus went: {path}")
