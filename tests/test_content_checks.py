"""Content checks before publishing, and the forms staff live in: what an editor sees on the
change form, on "Publish" and "Schedule", in the bulk action, and how a byline is ordered."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from editorial.content_checks import CARD_SUMMARY_WORDS
from publications.models import Publication
from tests.factories import (
    make_event,
    make_person,
    make_publication,
    make_topic,
    uploaded_jpeg,
)
from tests.support.admin_forms import (
    admin_post,
    change_url,
    inline_management,
    local_parts,
    publication_form_data,
)

pytestmark = pytest.mark.django_db

CHANGELIST_URL = reverse("admin:publications_publication_changelist")
SOUND_BODY = (
    "<h2>Background</h2><p>The ceasefire held for three weeks because both sides could watch "
    "each other's positions.</p><h3>What changed</h3><p>Observers arrived in the second week, "
    "and the shelling stopped.</p>"
)
BROKEN_LINK_BODY = (
    '<p>As we argued <a href="/publications/no-such-piece/">last year</a>, the talks need '
    "observers before they need a venue.</p>"
)
NO_TOPIC = "has no topic"
NO_ALT = "The hero image has no alt text"


def words(count):
    return " ".join(["word"] * (count - 1) + ["end."])


def sound_publication(**fields):
    """A piece that passes every check; tests take one thing away from it."""
    fields.setdefault("body", SOUND_BODY)
    fields.setdefault("topics", [make_topic("Conflict Analysis")])
    return make_publication(**fields)


def checks_panel(client, item):
    content = client.get(change_url(item)).content.decode()
    start = content.index('class="content-checks')
    return content[start : content.index("</section>", start)]


def form_data(publication, **overrides):
    """The change form of `publication` as a browser would send it, with its topics."""
    saved = {
        "title": publication.title,
        "slug": publication.slug,
        "summary": publication.summary,
        "body": publication.body,
        "status": publication.status,
        "topics": [str(topic.pk) for topic in publication.topics.all()],
        "edit_version": publication.version,
        "publish_at_0": "",
        "publish_at_1": "",
    }
    return publication_form_data(**{**saved, **overrides})


def messages_shown(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.mark.parametrize(
    ("fields", "warning"),
    [
        ({"image": "jpeg", "image_alt": ""}, NO_ALT),
        (
            {"summary": words(36)},
            "The summary has 36 words: cards show only its first 36 and search results at "
            "most 35, so readers there see it cut short. Keep it to 35 words.",
        ),
        ({"topics": []}, "The publication has no topic"),
        (
            {"body": "<h2>Background</h2><p>" + words(12) + "</p><h4>Costs</h4><p>More.</p>"},
            "The second heading in the body, “Costs”, is level 4 and comes after "
            "“Background” (level 2) with no level-3 heading between.",
        ),
        (
            {"body": "<h3>Opening</h3><p>" + words(12) + "</p>"},
            "The first heading in the body, “Opening”, is level 3, but the page title is "
            "level 1, so the first heading should be level 2.",
        ),
        ({"body": "<p>Too short to say anything.</p>"}, "The body is 5 words long"),
        ({"body": ""}, "The body is empty"),
        (
            {"body": "<ul><li>one point made</li><li>another point made</li><li>a third</li></ul>"},
            "The body has no full sentence",
        ),
    ],
)
def test_change_form_warns_of_a_problem_the_item_has(editor_client, fields, warning):
    if fields.get("image") == "jpeg":
        fields["image"] = uploaded_jpeg()
    publication = sound_publication(**fields)

    panel = checks_panel(editor_client, publication)

    assert warning in panel
    assert "Warning:" in panel
    assert "Blocks publishing" not in panel


def test_change_form_of_a_sound_item_finds_nothing(editor_client):
    publication = sound_publication(image=uploaded_jpeg(), image_alt="Observers at a checkpoint.")

    panel = checks_panel(editor_client, publication)

    assert "No content warnings: nothing stands in the way of publishing." in panel
    assert "Warning:" not in panel


def test_warnings_link_to_the_field_to_fix(editor_client):
    publication = sound_publication(image=uploaded_jpeg(), image_alt="", topics=[])

    panel = checks_panel(editor_client, publication)

    assert 'href="#id_image_alt"' in panel
    assert 'href="#id_topics"' in panel


def test_summary_of_35_words_fits_cards_and_search(editor_client):
    publication = sound_publication(summary=words(35))

    assert "The summary has" not in checks_panel(editor_client, publication)


def test_broken_internal_link_is_shown_as_blocking(editor_client):
    publication = sound_publication(body=BROKEN_LINK_BODY)

    panel = checks_panel(editor_client, publication)

    assert "Blocks publishing:" in panel
    assert "The link to “/publications/no-such-piece/” leads to a publication readers cannot" in (
        panel
    )


def test_event_description_is_checked_as_its_body(editor_client):
    event = make_event(description="<p>A panel.</p>", topics=[make_topic("Mediation")])

    panel = checks_panel(editor_client, event)

    assert "The description is 2 words long, shorter than a sentence" in panel
    assert 'href="#id_description"' in panel


def test_publish_with_warnings_is_held_back_with_publish_anyway(editor_client):
    draft = sound_publication(status="review", publish_at=None, topics=[])

    response = editor_client.post(change_url(draft), form_data(draft, _publish="Publish"))

    content = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "has not been published yet: it has a content warning" in content
    assert NO_TOPIC in content
    assert '<button type="submit" name="_publish" value="past-checks"' in content
    assert "Publish anyway</button>" in content
    draft.refresh_from_db()
    assert draft.status == "review"


def test_held_back_form_keeps_what_was_typed(editor_client):
    draft = sound_publication(status="review", publish_at=None, topics=[])

    response = editor_client.post(
        change_url(draft), form_data(draft, title="A retitled brief", _publish="Publish")
    )

    assert 'value="A retitled brief"' in response.content.decode()
    assert Publication.objects.get(pk=draft.pk).title != "A retitled brief"


def test_publish_past_the_warnings_publishes(editor_client):
    draft = sound_publication(status="review", publish_at=None, topics=[])

    admin_post(
        editor_client,
        change_url(draft),
        form_data(draft, _publish="Publish", _publish_past_checks="1"),
    )

    draft.refresh_from_db()
    assert draft.is_published
    assert editor_client.get(draft.get_absolute_url()).status_code == HTTPStatus.OK


def test_publish_anyway_button_publishes(editor_client):
    draft = sound_publication(status="review", publish_at=None, topics=[])

    admin_post(editor_client, change_url(draft), form_data(draft, _publish="past-checks"))

    assert Publication.objects.get(pk=draft.pk).is_published


def test_sound_item_publishes_at_once(editor_client):
    draft = sound_publication(status="review", publish_at=None)

    response = admin_post(editor_client, change_url(draft), form_data(draft, _publish="Publish"))

    assert Publication.objects.get(pk=draft.pk).is_published
    assert "is published" in " ".join(messages_shown(response))


def test_schedule_with_warnings_offers_schedule_anyway(editor_client):
    draft = sound_publication(status="review", publish_at=None, body="<p>Too short.</p>")
    later = timezone.now() + timedelta(days=3)
    data = form_data(draft, _schedule="Schedule", **local_parts(later, "publish_at"))

    response = editor_client.post(change_url(draft), data)

    content = response.content.decode()
    assert "has not been scheduled yet" in content
    assert '<button type="submit" name="_schedule" value="past-checks"' in content
    assert Publication.objects.get(pk=draft.pk).status == "review"

    admin_post(editor_client, change_url(draft), {**data, "_schedule": "past-checks"})
    assert Publication.objects.get(pk=draft.pk).is_scheduled


def test_broken_link_blocks_publishing_even_past_the_checks(editor_client):
    draft = sound_publication(status="review", publish_at=None)

    response = editor_client.post(
        change_url(draft),
        form_data(draft, body=BROKEN_LINK_BODY, _publish="Publish", _publish_past_checks="1"),
    )

    content = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "cannot be published while a link in it leads to a page readers cannot see" in content
    assert "Blocks publishing:" in content
    assert "Publish anyway" not in content
    assert Publication.objects.get(pk=draft.pk).status == "review"


def test_checks_on_publish_read_the_submitted_text_not_the_saved_one(editor_client):
    draft = sound_publication(status="review", publish_at=None, body="<p>Too short.</p>")

    admin_post(editor_client, change_url(draft), form_data(draft, body=SOUND_BODY, _publish="x"))

    assert Publication.objects.get(pk=draft.pk).is_published


def test_plain_save_is_never_held_back_by_warnings(editor_client):
    draft = sound_publication(status="draft", topics=[], body="<p>Short.</p>")

    admin_post(editor_client, change_url(draft), form_data(draft, title="Still a draft"))

    assert Publication.objects.get(pk=draft.pk).title == "Still a draft"


def test_writer_sees_the_checks_on_their_draft(client, writer):
    draft = sound_publication(status="draft", topics=[], created_by=writer)
    client.force_login(writer)

    assert NO_TOPIC in checks_panel(client, draft)


def test_word_count_and_reading_time_under_the_body(editor_client):
    body = "<h2>Heading words</h2>" + "".join(f"<p>{words(100)}</p>" for _ in range(7))
    publication = sound_publication(body=body)

    content = editor_client.get(change_url(publication)).content.decode()

    length = content.index("702 words · 3 min read")
    assert content.index('name="body"') < length < content.index("Hero image")


def test_short_text_reads_in_a_minute(editor_client):
    publication = sound_publication(body="<p>One.</p><p>Two words.</p>")

    content = editor_client.get(change_url(publication)).content.decode()

    assert "3 words · 1 min read" in content


def test_bulk_publish_publishes_past_warnings_and_names_them(editor_client):
    warned = sound_publication(title="Lacks a topic", status="review", topics=[])
    sound = sound_publication(title="All in order", status="review")

    response = editor_client.post(
        CHANGELIST_URL,
        {"action": "publish_now", "_selected_action": [str(warned.pk), str(sound.pk)]},
        follow=True,
    )

    assert Publication.objects.published().count() == 2
    shown = messages_shown(response)
    assert "Published: 2 of 2 selected." in shown
    assert "Published with content warnings: “Lacks a topic”. Open each to see them." in shown


def test_bulk_publish_skips_items_with_a_broken_link(editor_client):
    broken = sound_publication(title="Links nowhere", status="review", body=BROKEN_LINK_BODY)
    sound = sound_publication(title="All in order", status="review")

    response = editor_client.post(
        CHANGELIST_URL,
        {"action": "publish_now", "_selected_action": [str(broken.pk), str(sound.pk)]},
        follow=True,
    )

    assert list(Publication.objects.published()) == [sound]
    shown = messages_shown(response)
    assert "Published: 1 of 2 selected." in shown
    assert any("Not published, because a link" in m and "“Links nowhere”" in m for m in shown)


def test_byline_comes_before_classification(editor_client):
    publication = sound_publication(authors=[make_person("Jane Doe")])

    content = editor_client.get(change_url(publication)).content.decode()

    byline = content.index('id="authorships-group"')
    assert content.index('name="title"') < byline < content.index(">Classification</h2>")
    assert content.index('id="related_links-group"') > content.index(">Classification</h2>")


def test_speakers_come_after_the_title_even_when_the_summary_leads(editor_client):
    past = make_event(starts_in=-timedelta(days=3), speakers=[make_person("Jane Doe")])

    content = editor_client.get(change_url(past)).content.decode()

    after_the_event = content.index(">After the event</h2>")
    title = content.index('name="title"')
    speakers = content.index('id="speaker_links-group"')
    assert after_the_event < title < speakers < content.index(">When</h2>")


def test_byline_order_is_hidden_and_ordered_by_script(editor_client):
    publication = sound_publication(authors=[make_person("Jane Doe")])

    content = editor_client.get(change_url(publication)).content.decode()

    assert 'type="hidden" name="authorships-0-order"' in content
    assert "js/sortable-inline.js" in content
    assert "css/admin.css" in content


def test_event_form_loads_the_admin_styles_and_ordering_script(editor_client):
    event = make_event(speakers=[make_person("Jane Doe")])

    content = editor_client.get(change_url(event)).content.decode()

    assert "css/admin.css" in content
    assert "js/sortable-inline.js" in content
    assert 'type="hidden" name="speaker_links-0-order"' in content


def byline_rows(publication, rows):
    """Authorship rows as the form posts them: (authorship or None, person, order or None)."""
    data = inline_management(
        "authorships", total=len(rows), initial=sum(1 for row in rows if row[0])
    )
    for index, (authorship, person, order) in enumerate(rows):
        data[f"authorships-{index}-publication"] = str(publication.pk)
        data[f"authorships-{index}-id"] = str(authorship.pk) if authorship else ""
        data[f"authorships-{index}-person"] = str(person.pk) if person else ""
        if order is not None:
            data[f"authorships-{index}-order"] = str(order)
    return data


def test_byline_is_saved_in_the_order_of_the_rows(editor_client):
    jane, omar = make_person("Jane Doe"), make_person("Omar Haddad")
    publication = sound_publication(authors=[jane, omar])
    first, second = publication.authorships.all()
    # The script swapped the rows and numbered them from the top.
    rows = byline_rows(publication, [(first, jane, 1), (second, omar, 0)])

    admin_post(editor_client, change_url(publication), {**form_data(publication), **rows})

    assert Publication.objects.get(pk=publication.pk).ordered_authors == [omar, jane]


def test_new_author_without_a_position_goes_last_not_to_zero(editor_client):
    jane, omar, lena = make_person("Jane Doe"), make_person("Omar Haddad"), make_person("Lena")
    publication = sound_publication(authors=[jane, omar])
    first, second = publication.authorships.all()
    rows = byline_rows(publication, [(first, jane, 0), (second, omar, 1), (None, lena, None)])

    admin_post(editor_client, change_url(publication), {**form_data(publication), **rows})

    publication = Publication.objects.get(pk=publication.pk)
    assert publication.ordered_authors == [jane, omar, lena]
    assert sorted(publication.authorships.values_list("order", flat=True)) == [0, 1, 2]


def test_new_author_posted_with_a_taken_position_goes_last(editor_client):
    jane, omar = make_person("Jane Doe"), make_person("Omar Haddad")
    publication = sound_publication(authors=[jane])
    [first] = publication.authorships.all()
    rows = byline_rows(publication, [(first, jane, 0), (None, omar, 0)])

    admin_post(editor_client, change_url(publication), {**form_data(publication), **rows})

    publication = Publication.objects.get(pk=publication.pk)
    assert publication.ordered_authors == [jane, omar]
    assert list(publication.authorships.values_list("order", flat=True)) == [0, 1]


def test_empty_row_given_only_a_position_is_not_an_author(editor_client):
    jane = make_person("Jane Doe")
    publication = sound_publication(authors=[jane])
    [first] = publication.authorships.all()
    rows = byline_rows(publication, [(first, jane, 0), (None, None, 1)])

    admin_post(editor_client, change_url(publication), {**form_data(publication), **rows})

    assert Publication.objects.get(pk=publication.pk).ordered_authors == [jane]


def test_cards_cut_summaries_where_the_check_says(client):
    summary = " ".join(f"w{number}" for number in range(1, CARD_SUMMARY_WORDS + 5))
    make_publication(summary=summary)

    content = client.get(reverse("publications:list")).content.decode()

    assert f"w{CARD_SUMMARY_WORDS} …" in content
    assert f"w{CARD_SUMMARY_WORDS + 1}" not in content
