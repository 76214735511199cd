"""axe-core finds no accessibility violation on the desk (the admin's start page) of any role,
at phone and desktop widths, and each desk reads in order: one h1, then a heading per section."""

from datetime import timedelta

from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from events.models import Event
from publications.models import Publication
from review.models import Comment, Notification
from tests.browser.support import LOGINS, VIEWPORTS

#: Something each desk shows once filled, so that axe checks the entries, not empty lists.
SHOWN = {
    "editor": "waiting",
    "writer": "Sent back by",
    "organizer": "Write the summary",
}
AXE = Axe()
HEADINGS = "[...document.querySelectorAll('#content h1, #content h2')].map((h) => h.tagName)"


def axe_violations(tab, where):
    """axe's violations on the tab's page, one line each, saying where."""
    return [
        f"{violation['id']} ({violation['impact']}) {violation['help']} on {where}: "
        f"{', '.join(map(str, node['target']))}: {node['html'][:160]}"
        for violation in AXE.run(tab.page).response["violations"]
        for node in violation["nodes"]
    ]


def fill_the_desks():
    """Something in every kind of entry: unread notifications with notes, an item sent back,
    an event marked as the organizer's own, a past event awaiting its summary."""
    editor, writer, organizer = (User.objects.get(username=name) for name in LOGINS)
    draft = Publication.objects.filter(status="draft").first()
    Publication.objects.filter(pk=draft.pk).update(created_by=writer)
    Comment.objects.create(
        item=draft, author=editor, body="Cut the second section.", requests_changes=True
    )
    past = Event.objects.published().filter(ends_at__lt=timezone.now()).first()
    Event.objects.filter(pk=past.pk).update(summary="", created_by=organizer)
    Event.objects.filter(ends_at__gte=timezone.now()).update(
        created_by=organizer,
        status="review",
        submitted_by=organizer,
        submitted_at=timezone.now() - timedelta(days=2),
    )
    for user, item in [(writer, draft), (organizer, past), (editor, past)]:
        Notification.objects.create(
            recipient=user,
            actor=editor if user != editor else organizer,
            verb=Notification.Verb.COMMENTED,
            content_type=ContentType.objects.get_for_model(item),
            object_id=item.pk,
            item_title=str(item),
            note="Can we add a second speaker?",
        )


def test_each_roles_desk_has_no_axe_violations(demo_site):
    fill_the_desks()
    found = []
    for username in LOGINS:
        for width, viewport in VIEWPORTS.items():
            tab = demo_site.logged_in_tab(username, viewport)
            assert tab.page.get_by_text(SHOWN[username]).first.is_visible(), username
            found += axe_violations(tab, f"the desk of {username} ({width})")
    assert not found, "axe violations:\n" + "\n".join(found)


def test_each_roles_desk_has_one_title_and_a_heading_per_section(demo_site):
    for username in LOGINS:
        tab = demo_site.logged_in_tab(username)
        headings = tab.page.evaluate(HEADINGS)
        sections = tab.page.locator(".desk-section").count()

        assert headings[0] == "H1", username
        assert headings.count("H1") == 1, username
        assert sections >= 3, username
        assert tab.page.locator(".desk-section > h2").count() == sections, username
