"""Search behaves the same on SQLite (FTS5) and PostgreSQL (stored vectors): stemming, accents
folded, no markup, title matches first, long and hostile queries answered. No test here is
skipped on either database."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_event, make_person, make_publication

pytestmark = pytest.mark.django_db

SEARCH_URL = reverse("publications:search")


def search(client, query, **params):
    response = client.get(SEARCH_URL, {"q": query, **params})
    assert response.status_code == HTTPStatus.OK
    return response


def found(client, query, kind="publications"):
    """The titles (or names) of everything of one kind the reader is shown, in order."""
    response = search(client, query, kind=kind)
    if "page_obj" not in response.context:
        return []
    return [item.name if kind == "experts" else item.title for item in response.context["page_obj"]]


def total(client, query):
    return search(client, query).context.get("total", 0)


def test_singular_finds_plural_and_plural_finds_singular(client):
    make_publication("Voices of the exiles")
    make_publication("One exile remembers")
    make_event("Forum", description="<p>A meeting for exiles from Belarus.</p>")
    make_person("Oren Haldane", title="Scholar of exile", is_expert=True)

    for query in ("exile", "exiles"):
        assert sorted(found(client, query)) == ["One exile remembers", "Voices of the exiles"]
        assert found(client, query, kind="events") == ["Forum"]
        assert found(client, query, kind="experts") == ["Oren Haldane"]


def test_unaccented_words_find_accented_text(client):
    make_publication("Letter from Riga", body="<p>The émigrés of Riga met in a café.</p>")
    make_event("Evening talk", description="<p>Émigré writers read.</p>")
    make_person("Zoë Marchetti", is_expert=True)

    assert found(client, "emigres") == ["Letter from Riga"]
    assert found(client, "emigre cafe") == ["Letter from Riga"]
    assert found(client, "émigrés") == ["Letter from Riga"]
    assert found(client, "emigre", kind="events") == ["Evening talk"]
    assert found(client, "Zoe", kind="experts") == ["Zoë Marchetti"]


@pytest.mark.parametrize("markup_word", ["strong", "href", "class", "noopener", "li"])
def test_markup_never_matches(client, markup_word):
    rich = (
        '<p><strong>Bold</strong> claims, a <a href="https://example.org/" class="x">link</a>.</p>'
        "<ul><li>one point</li></ul>"
    )
    make_publication("Styled piece", body=rich)
    make_event("Styled event", description=rich, summary=rich)
    make_person("Ines Calloway", bio=rich, is_expert=True)

    assert total(client, markup_word) == 0
    assert total(client, "bold") == 3


def test_a_title_match_ranks_above_a_body_only_match(client):
    make_publication(
        "A newer piece",
        body="<p>Sanctions, sanctions and more sanctions: sanctions everywhere.</p>",
        days_ago=1,
    )
    make_publication("Older, on the summary", summary="What sanctions do.", days_ago=20)
    make_publication("Sanctions and their limits", days_ago=40)

    assert found(client, "sanctions") == [
        "Sanctions and their limits",
        "Older, on the summary",
        "A newer piece",
    ]


def test_an_event_title_match_ranks_above_a_description_match(client):
    make_event(
        "Newer panel", description="<p>On drones and more drones.</p>", starts_in=-timedelta(1)
    )
    make_event("Drones over the Baltic", starts_in=-timedelta(days=60))

    assert found(client, "drone", kind="events") == ["Drones over the Baltic", "Newer panel"]


def test_phrases_and_exclusions_are_understood(client):
    make_publication("Independent media in exile")
    make_publication("Media that are independent of the state")
    make_publication("Independent media in China")

    assert found(client, '"independent media" -china') == ["Independent media in exile"]


def test_excerpts_highlight_stemmed_matches_in_plain_text(client):
    make_publication("Notebook", body="<p>Many <strong>exiles</strong> keep writing.</p>")

    content = search(client, "exile").content.decode()

    assert "<mark>exiles</mark>" in content
    assert "&lt;strong&gt;" not in content
    assert "<strong>exiles" not in content


def test_a_500_word_query_is_answered_with_a_notice(client):
    make_publication("Exile media")
    long_query = " ".join(["exile", "media"] * 250)

    response = search(client, long_query)
    content = response.content.decode()

    assert "Your search was long, so we used its first 32 words." in content
    assert [item.title for item in response.context["page_obj"]] == ["Exile media"]


def test_a_500_word_query_of_different_words_is_answered_too(client):
    make_publication("Exile media")
    long_query = " ".join(f"word{number}" for number in range(500))

    response = search(client, long_query)

    assert "we used its first" in response.content.decode()
    assert response.context["total"] == 0


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"exile',
        'exile"',
        '""""',
        "*",
        "exile*",
        "NEAR(exile media)",
        "exile NEAR/2 media",
        "NEAR(",
        "title:exile",
        "{title body}: exile",
        ":",
        "^exile",
        "^",
        "-",
        "- exile",
        "exile -",
        "--exile",
        "OR",
        "exile OR media",
        "AND",
        "NOT exile",
        "exile NOT",
        "(exile",
        "exile)",
        "+exile",
        "'",
        "exile & media | war",
        "!!!",
        "___",
    ],
)
def test_search_syntax_in_a_query_is_never_an_error(client, query):
    make_publication("Exile media")
    make_event("Exile forum")
    make_person("Exile Scholar", is_expert=True)

    assert client.get(SEARCH_URL, {"q": query}).status_code == HTTPStatus.OK


def test_quoted_operators_are_words_not_syntax(client):
    make_publication("Exile media")

    assert found(client, "exile*") == ["Exile media"]
    assert found(client, "NEAR(exile media)") == []
    assert found(client, "exile OR media") == ["Exile media"]


def test_unpublished_items_and_hidden_people_are_never_found(client):
    hidden = make_person("Tamsin Orlov")
    later = timezone.now() + timedelta(days=3)
    make_publication("Kestrel draft", status="draft", authors=[hidden])
    make_publication("Kestrel in review", status="review")
    make_publication("Kestrel embargoed", status="published", publish_at=later)
    make_event("Kestrel forum", status="draft", speakers=[hidden])
    make_event("Kestrel scheduled", publish_at=later)

    assert total(client, "kestrel") == 0
    assert total(client, "Orlov") == 0


def test_edits_to_title_body_and_byline_are_found_at_once(client):
    author = make_person("Ilona Brevik")
    publication = make_publication("Plain title", body="<p>Nothing yet.</p>")

    publication.title = "Notes on Kyrgyzstan"
    publication.body = "<p>Water rights in the Ferghana valley.</p>"
    publication.save()
    publication.authorships.create(person=author)

    assert found(client, "Kyrgyzstan") == ["Notes on Kyrgyzstan"]
    assert found(client, "Ferghana") == ["Notes on Kyrgyzstan"]
    assert found(client, "Brevik") == ["Notes on Kyrgyzstan"]
    assert found(client, "plain") == []


def test_a_renamed_person_is_found_under_the_new_name_only(client):
    person = make_person("Ilona Brevik", is_expert=True)
    make_publication("Her report", authors=[person])
    make_event("Her talk", speakers=[person])

    person.name = "Ilona Vantsova"
    person.save()

    assert found(client, "Vantsova") == ["Her report"]
    assert found(client, "Vantsova", kind="events") == ["Her talk"]
    assert found(client, "Vantsova", kind="experts") == ["Ilona Vantsova"]
    assert total(client, "Brevik") == 0


def test_a_removed_author_no_longer_finds_the_item(client):
    author = make_person("Ilona Brevik", is_expert=True)
    make_publication("Her report", authors=[author])

    author.authorships.all().delete()

    assert found(client, "Brevik") == []


def test_deleted_items_disappear_from_search(client):
    publication = make_publication("Kestrel report")
    event = make_event("Kestrel forum")
    person = make_person("Kestrel Adeyemi", is_expert=True)

    publication.delete()
    event.delete()
    person.delete()

    assert total(client, "kestrel") == 0


def test_a_restored_revision_is_searchable_at_once(client, editor):
    from editorial.models import Topic
    from editorial.revisions import record_revision, restore

    author = make_person("Ilona Brevik")
    publication = make_publication("Kestrel report", authors=[author])
    record_revision(publication, user=editor)
    old = publication.history.first()
    publication.authorships.all().delete()

    restore(old, user=editor, topic_model=Topic)

    assert found(client, "Brevik") == ["Kestrel report"]
