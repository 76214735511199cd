"""Revisions read truthfully: compare block by block, local times to the second, a line per
revision saying what changed, and restore and recover only after a confirmation."""

from datetime import UTC, datetime
from html.parser import HTMLParser
from http import HTTPStatus
from itertools import pairwise
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from editorial.revisions import record_revision
from publications.models import Authorship, Publication
from tests.factories import make_event, make_person, make_publication, make_topic

pytestmark = pytest.mark.django_db

PARAGRAPHS = [
    "Western capitals should keep the door open to those who leave, and say what they will do.",
    "Offer visas to conscientious objectors and to journalists who face prosecution at home.",
    "Recognise documents issued by exile communities where consulates refuse service.",
    "Fund the independent media that relocated, so that readers at home keep a source.",
    "Review the policy every year with the people it concerns.",
]
EDITED_THIRD = (
    "Recognise identity documents issued by exile communities where consulates refuse all."
)
#: Session, user, the item, permissions, the page, one per relation the history keeps, and
#: the admin's own (13 today): a history of any length must stay within this.
MOST_QUERIES_FOR_A_HISTORY_PAGE = 16
WINTER = datetime(2026, 11, 28, 15, 42, 7, tzinfo=UTC)
SUMMER = datetime(2026, 7, 4, 14, 5, 9, tzinfo=UTC)


def url(name, *args):
    return reverse(f"admin:publications_publication_{name}", args=args)


def body(paragraphs):
    return "".join(f"<p>{text}</p>" for text in paragraphs)


class BlockDiffRows(HTMLParser):
    """The rows of every block-by-block diff on a page: state, heading, text, and whether
    the row holds a <del> or an <ins>."""

    def __init__(self, html):
        super().__init__()
        self.rows, self.current, self.depth = [], None, 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if tag == "li" and "block-diff__row" in classes:
            state = next(c for c in classes if c.startswith("block-diff__row--"))
            self.current = {"state": state.split("--")[1], "text": "", "marked": False}
            self.rows.append(self.current)
        elif self.current is not None and tag in {"del", "ins"}:
            self.current["marked"] = True

    def handle_endtag(self, tag):
        if tag == "li":
            self.current = None

    def handle_data(self, data):
        if self.current is not None:
            self.current["text"] += data


class Forms(HTMLParser):
    """Each form on a page: its method and action, and the inputs inside it."""

    def __init__(self, html):
        super().__init__()
        self.forms = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({**attrs, "inputs": []})
        elif tag == "input" and self.forms:
            self.forms[-1]["inputs"].append(attrs)

    def the_get_form(self):
        (form,) = [f for f in self.forms if (f.get("method") or "get").lower() == "get"]
        return form


@pytest.fixture
def two_bodies(db):
    """A publication whose second revision changes the third of its five paragraphs."""
    publication = make_publication("Exiles", body=body(PARAGRAPHS), status="draft")
    publication.body = body([*PARAGRAPHS[:2], EDITED_THIRD, *PARAGRAPHS[3:]])
    publication.save()
    return publication


def compare_page(client, publication):
    older, newer = publication.history.order_by("history_date", "history_id")
    return client.get(
        url("compare", publication.pk), {"old": older.history_id, "new": newer.history_id}
    )


def test_compare_of_bodies_differing_in_one_paragraph_marks_only_that_paragraph(
    client, editor, two_bodies
):
    client.force_login(editor)

    response = compare_page(client, two_bodies)

    rows = BlockDiffRows(response.content.decode()).rows
    assert response.status_code == HTTPStatus.OK
    assert [row["state"] for row in rows] == ["unchanged"] * 2 + ["changed"] + ["unchanged"] * 2
    assert [row["marked"] for row in rows] == [False, False, True, False, False]
    assert "Paragraph 3 changed" in rows[2]["text"]
    assert "<del>service.</del> <ins>all.</ins>" in response.content.decode()


def test_compare_never_runs_the_words_of_adjacent_paragraphs_together(client, editor, two_bodies):
    client.force_login(editor)

    page = compare_page(client, two_bodies).content.decode()
    text = " ".join(row["text"] for row in BlockDiffRows(page).rows)

    for before, after in pairwise(PARAGRAPHS):
        last, first = before.split()[-1], after.split()[0]
        assert f"{last}{first}" not in text
        assert f"{last.rstrip('.')}{first}" not in text
    assert "doOffer" not in text


def test_compare_marks_added_and_removed_paragraphs_whole(client, editor):
    publication = make_publication("Lists", body=body(PARAGRAPHS[:3]), status="draft")
    publication.body = body([PARAGRAPHS[0], PARAGRAPHS[2], "A new closing paragraph."])
    publication.save()
    client.force_login(editor)

    rows = BlockDiffRows(compare_page(client, publication).content.decode()).rows

    assert [(row["state"], row["marked"]) for row in rows] == [
        ("unchanged", False),
        ("removed", True),
        ("unchanged", False),
        ("added", True),
    ]
    assert "Paragraph 2 removed" in rows[1]["text"]
    assert "Paragraph 3 added" in rows[3]["text"]


def test_compare_folds_long_runs_of_unchanged_paragraphs(client, editor):
    many = [f"Paragraph number {n} says something of its own." for n in range(1, 13)]
    publication = make_publication("Long", body=body(many), status="draft")
    publication.body = body([*many[:-1], "Paragraph number 12 says something new of its own."])
    publication.save()
    client.force_login(editor)

    rows = BlockDiffRows(compare_page(client, publication).content.decode()).rows

    assert [row["state"] for row in rows] == ["folded", "unchanged", "changed"]
    assert rows[0]["text"].strip() == "10 unchanged paragraphs"


def pin_history_dates(publication, *dates):
    for revision, moment in zip(
        publication.history.order_by("history_date", "history_id"), dates, strict=True
    ):
        type(revision).objects.filter(pk=revision.pk).update(history_date=moment)


def test_revision_times_are_in_the_sites_zone_with_seconds(client, editor, two_bodies):
    pin_history_dates(two_bodies, SUMMER, WINTER)
    client.force_login(editor)

    history = client.get(url("history", two_bodies.pk)).content.decode()
    compared = compare_page(client, two_bodies).content.decode()

    assert "4 Jul 2026, 10:05:09 EDT" in history
    assert "28 Nov 2026, 10:42:07 EST" in history
    assert 'aria-label="Compare from the revision of 28 Nov 2026, 10:42:07 EST"' in history
    assert "From the revision of <strong>4 Jul 2026, 10:05:09 EDT</strong>" in compared
    assert "15:42" not in history + compared


def test_restore_confirmation_message_and_reason_use_the_same_local_time(
    client, editor, two_bodies
):
    pin_history_dates(two_bodies, SUMMER, WINTER)
    first = two_bodies.history.order_by("history_date").first()
    client.force_login(editor)

    confirmation = client.get(url("restore", two_bodies.pk, first.history_id))
    restored = client.post(url("restore", two_bodies.pk, first.history_id), follow=True)

    assert "Restore the revision of 4 Jul 2026, 10:05:09 EDT by an unknown user?" in (
        confirmation.content.decode()
    )
    assert "Restored the revision of 4 Jul 2026, 10:05:09 EDT." in restored.content.decode()
    reason = two_bodies.history.order_by("-history_date", "-history_id").first()
    assert reason.history_change_reason == "Restored the revision of 4 Jul 2026, 10:05:09 EDT"


def summaries(client, publication):
    content = client.get(url("history", publication.pk)).content.decode()
    cells = content.split('<td class="revision-summary">')[1:]
    return [cell.split("<")[0] for cell in cells]


def test_history_gives_each_revision_a_line_saying_what_changed(client, editor):
    publication = make_publication("Exiles", status="draft")
    publication.title = "Exiles, revised"
    publication.body = "<p>A new argument.</p>"
    publication.topics.set([make_topic("Migration")])
    publication.save()
    publication.status = "review"
    publication.save()
    Authorship.objects.create(publication=publication, person=make_person("Anna Strand"))
    publication.save()
    publication.save()
    client.force_login(editor)

    assert summaries(client, publication) == [
        "No content change",
        "Changed authors",
        "Status: Draft → In review",
        "Changed title, body and topics",
        "Created",
    ]


def test_history_summaries_take_the_same_queries_however_long_the_history(
    client, editor, django_assert_max_num_queries
):
    short = make_publication("Short history", status="draft")
    long = make_publication("Long history", status="draft")
    author = make_person("Anna Strand")
    for number in range(120):
        long.title = f"Long history, take {number}"
        if number % 3 == 0:
            Authorship.objects.update_or_create(
                publication=long, person=author, defaults={"order": number}
            )
        record_revision(long, user=editor)
    client.force_login(editor)
    client.get(url("history", short.pk))
    with django_assert_max_num_queries(MOST_QUERIES_FOR_A_HISTORY_PAGE) as for_a_short_history:
        client.get(url("history", short.pk))

    with django_assert_max_num_queries(len(for_a_short_history)):
        first_page = client.get(url("history", long.pk))
    with django_assert_max_num_queries(len(for_a_short_history)):
        second_page = client.get(url("history", long.pk), {"p": 2})

    assert first_page.content.decode().count('class="revision-summary"') == 50
    assert "Changed title and authors" in first_page.content.decode()
    assert "Changed title" in second_page.content.decode()


def test_compare_form_is_a_get_form_without_the_csrf_token(client, editor, two_bodies):
    client.force_login(editor)

    content = client.get(url("history", two_bodies.pk)).content.decode()
    form = Forms(content).the_get_form()
    chosen = [
        (field["name"], field["value"])
        for field in form["inputs"]
        if field.get("name") and (field.get("type") != "radio" or "checked" in field)
    ]
    response = client.get(f"{form['action']}?{urlencode(chosen)}")

    assert "csrfmiddlewaretoken" not in [name for name, _value in chosen]
    assert "csrfmiddlewaretoken" not in form["action"]
    assert response.status_code == HTTPStatus.OK
    assert "Paragraph 3 changed" in response.content.decode()


def test_history_restore_is_a_link_to_the_confirmation(client, editor, two_bodies):
    first = two_bodies.history.order_by("history_date").first()
    client.force_login(editor)

    content = client.get(url("history", two_bodies.pk)).content.decode()

    assert f'href="{url("restore", two_bodies.pk, first.history_id)}"' in content
    assert 'formmethod="post"' not in content


def test_restore_get_shows_what_comes_back_and_changes_nothing(client, editor, two_bodies):
    first = two_bodies.history.order_by("history_date").first()
    client.force_login(editor)

    response = client.get(url("restore", two_bodies.pk, first.history_id))

    content = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "What restoring it changes" in content
    assert "<del>identity</del>" in content
    assert "The status stays as it is (Draft)" in content
    assert '<input type="submit" class="default" value="Yes, restore this revision">' in content
    assert 'name="csrfmiddlewaretoken"' in content
    two_bodies.refresh_from_db()
    assert EDITED_THIRD in two_bodies.body
    assert two_bodies.history.count() == 2


def test_restore_post_restores(client, editor, two_bodies):
    first = two_bodies.history.order_by("history_date").first()
    client.force_login(editor)

    response = client.post(url("restore", two_bodies.pk, first.history_id))

    assert response.status_code == HTTPStatus.FOUND
    two_bodies.refresh_from_db()
    assert two_bodies.body == body(PARAGRAPHS)
    assert two_bodies.history.count() == 3


def test_restore_confirmation_names_links_that_will_be_left_out(client, editor, two_bodies):
    quoted = make_person("Quoted Then Deleted")
    two_bodies.experts_quoted.add(quoted)
    record_revision(two_bodies, user=editor)
    with_quote = two_bodies.history.order_by("-history_date", "-history_id").first()
    two_bodies.experts_quoted.clear()
    record_revision(two_bodies, user=editor)
    quoted.delete()
    client.force_login(editor)

    content = client.get(url("restore", two_bodies.pk, with_quote.history_id)).content.decode()

    assert "1 link in that revision names people or publications deleted since" in content


def test_writer_may_neither_see_nor_confirm_a_restore_of_a_published_publication(
    client, writer, two_bodies
):
    Publication.objects.filter(pk=two_bodies.pk).update(status="published")
    first = two_bodies.history.order_by("history_date").first()
    client.force_login(writer)

    assert client.get(url("restore", two_bodies.pk, first.history_id)).status_code == 403
    assert client.post(url("restore", two_bodies.pk, first.history_id)).status_code == 403
    two_bodies.refresh_from_db()
    assert EDITED_THIRD in two_bodies.body


def test_recover_get_asks_first_and_post_recovers(client, editor, two_bodies):
    pk = two_bodies.pk
    client.force_login(editor)
    client.post(url("delete", pk), {"post": "yes"})
    last_save = Publication.history.filter(id=pk).exclude(history_type="-").first()

    listing = client.get(url("recover_list")).content.decode()
    confirmation = client.get(url("recover", last_save.history_id))

    content = confirmation.content.decode()
    assert f'href="{url("recover", last_save.history_id)}"' in listing
    assert confirmation.status_code == HTTPStatus.OK
    assert "Recover “Exiles” as saved on" in content
    assert "It comes back as a draft" in content
    assert "Recognise identity documents" in content
    assert not Publication.objects.filter(pk=pk).exists()

    response = client.post(url("recover", last_save.history_id))

    assert response.status_code == HTTPStatus.FOUND
    assert EDITED_THIRD in Publication.objects.get(pk=pk).body


def test_recover_confirmation_is_for_editors_only(client, writer, two_bodies):
    last_save = two_bodies.history.first()
    two_bodies.delete()
    client.force_login(writer)

    assert client.get(url("recover", last_save.history_id)).status_code == 403
    assert client.post(url("recover", last_save.history_id)).status_code == 403


def test_live_event_restore_confirmation_shows_why_an_organizer_may_not(client, organizer, editor):
    hidden = make_topic("Sanctions")
    event = make_event("Live forum")
    event.topics.set([hidden])
    record_revision(event, user=editor)
    with_topic = event.history.order_by("-history_date", "-history_id").first()
    event.topics.clear()
    record_revision(event, user=editor)
    client.force_login(organizer)
    restore_url = reverse("admin:events_event_restore", args=[event.pk, with_topic.history_id])

    confirmation = client.get(restore_url).content.decode()
    refused = client.post(restore_url, follow=True).content.decode()

    assert "That revision cannot be restored" in confirmation
    assert "Yes, restore this revision" not in confirmation
    assert "That revision cannot be restored" in refused
    assert not event.topics.exists()
