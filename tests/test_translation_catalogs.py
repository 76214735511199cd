"""Every interface string readers can see has a Russian and a Ukrainian translation, and the
pages in those languages show them.

The catalogs are locale/<lang>/LC_MESSAGES/django.po, compiled to django.mo beside them. After
changing an interface string, regenerate and translate them:

    DEBUG=1 .venv/bin/python manage.py makemessages -l ru -l uk --ignore=.venv --ignore=tests \
        --ignore=templates/admin --ignore=staticfiles --ignore=test-artifacts
    DEBUG=1 .venv/bin/python manage.py compilemessages -l ru -l uk --ignore=.venv
"""

import ast
import gettext
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.template import Context, Engine
from django.templatetags.i18n import BlockTranslateNode, TranslateNode
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from tests.factories import make_publication, make_topic
from website.errors import server_error

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
TEMPLATES = ROOT / "templates"
APPS = ("config", "editorial", "review", "people", "publications", "events", "website")
TRANSLATED = [code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
#: gettext's functions and which positional arguments hold (context, singular, plural).
GETTEXT_CALLS = {
    "_": (None, 0, None),
    "gettext": (None, 0, None),
    "gettext_lazy": (None, 0, None),
    "ngettext": (None, 0, 1),
    "ngettext_lazy": (None, 0, 1),
    "pgettext": (0, 1, None),
    "pgettext_lazy": (0, 1, None),
    "npgettext": (0, 1, 2),
    "npgettext_lazy": (0, 1, 2),
}
#: `_("...")` in a template's variable, as in {% include ... with heading=_("Topics") %}.
TEMPLATE_UNDERSCORE = re.compile(r"""\b_\((?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')\)""")


def reader_templates():
    """Every template readers may see: all of templates/ but the admin's."""
    return sorted(
        path.relative_to(TEMPLATES).as_posix()
        for path in TEMPLATES.rglob("*.html")
        if path.relative_to(TEMPLATES).parts[0] != "admin"
    )


def literal(expression):
    """The string a constant template argument holds ("navigation" in context "navigation")."""
    return expression.resolve(Context()) if expression is not None else None


def messages_of_template(template):
    """(context, singular, plural) of each translated string of a compiled template."""
    nodelist = template.nodelist
    for node in nodelist.get_nodes_by_type(TranslateNode):
        variable = node.filter_expression.var
        # {% translate "..." %} of a literal; not {% translate "..." noop %} or of a variable.
        if not node.noop and isinstance(variable.literal, str):
            yield literal(node.message_context), variable.literal, None
    for node in nodelist.get_nodes_by_type(BlockTranslateNode):
        singular, _ = node.render_token_list(node.singular)
        plural = node.render_token_list(node.plural)[0] if node.plural else None
        yield literal(node.message_context), singular, plural
    for match in TEMPLATE_UNDERSCORE.finditer(template.source):
        yield None, match.group(1) or match.group(2), None


def template_messages():
    engine = Engine.get_default()
    for name in reader_templates():
        for message in messages_of_template(engine.get_template(name)):
            yield f"templates/{name}", message


def python_messages():
    """(file, (context, singular, plural)) of each gettext call with literal arguments."""
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                if not isinstance(node, ast.Call):
                    continue
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name not in GETTEXT_CALLS:
                    continue
                strings = [
                    arg.value if isinstance(arg, ast.Constant) else None for arg in node.args
                ]
                context_at, singular_at, plural_at = GETTEXT_CALLS[name]
                if len(strings) <= singular_at or not isinstance(strings[singular_at], str):
                    continue
                yield (
                    str(path.relative_to(ROOT)),
                    (
                        strings[context_at] if context_at is not None else None,
                        strings[singular_at],
                        strings[plural_at] if plural_at is not None else None,
                    ),
                )


def compiled_catalog(language):
    """Our own compiled catalog alone, without Django's: a string Django happens to translate
    must still be in ours."""
    with open(ROOT / "locale" / language / "LC_MESSAGES" / "django.mo", "rb") as mo:
        return gettext.GNUTranslations(mo)._catalog


def missing_translations(messages, language):
    """ "file: message" for each message with no (or an empty) translation in `language`."""
    catalog = compiled_catalog(language)
    missing = []
    for where, (context, singular, plural) in messages:
        key = f"{context}\x04{singular}" if context else singular
        if plural:
            forms = [catalog.get((key, n), "") for n in range(3)]
            ok = all(forms)
        else:
            ok = bool(catalog.get(key, ""))
        if not ok:
            label = f"[{context}] {singular}" if context else singular
            missing.append(f"{where}: {label!r}")
    return sorted(set(missing))


def test_templates_and_code_have_interface_strings_to_translate():
    found = list(template_messages()) + list(python_messages())

    assert len(found) > 150
    singulars = {singular for _, (_, singular, _) in found}
    assert {"Publications", "Skip to main content", "Page %(number)s of %(total)s"} <= singulars
    assert "Find an author" in singulars  # from publications/views.py
    assert "Topics" in {s for where, (_, s, _) in found if where.endswith("detail.html")}


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_interface_string_has_a_translation(language):
    messages = list(template_messages()) + list(python_messages())

    assert missing_translations(messages, language) == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalogs_have_no_fuzzy_or_empty_entries(language):
    po = (ROOT / "locale" / language / "LC_MESSAGES" / "django.po").read_text()

    assert "#, fuzzy" not in po
    assert "fuzzy" not in "".join(re.findall(r"^#,.*$", po, re.MULTILINE))
    # Every entry after the header has a translation (msgstr "" followed by a quoted
    # continuation line is a long translation, not an empty one).
    assert not re.search(r'^msgstr(\[\d\])? ""\n(?!")', po.split("\n\n", 1)[1], re.MULTILINE)


def test_an_untranslated_template_string_is_reported():
    template = Engine.get_default().from_string(
        "{% load i18n %}<p>{% translate 'A sentence no translator has seen' %}</p>"
        "{% blocktranslate count count=3 %}{{ count }} unseen thing"
        "{% plural %}{{ count }} unseen things{% endblocktranslate %}"
        "{% translate 'Publications' %}"
        '{% include "includes/tag_box.html" with heading=_("An unseen heading") %}'
    )
    messages = [("fake.html", message) for message in messages_of_template(template)]

    missing = missing_translations(messages, "ru")

    assert missing == [
        "fake.html: '%(count)s unseen thing'",
        "fake.html: 'A sentence no translator has seen'",
        "fake.html: 'An unseen heading'",
    ]


def test_russian_publications_page_speaks_russian(client):
    topic = make_topic("Exile")
    make_publication(
        "Эмиграция и медиа",
        language="ru",
        topics=[topic],
        publish_at=datetime(2026, 11, 3, 17, 0, tzinfo=UTC),
    )

    response = client.get("/ru/publications/")
    html = response.content.decode()

    assert response.status_code == 200
    assert '<html lang="ru">' in html
    assert "<h1>Публикации</h1>" in html
    assert "Фильтры публикаций" in html
    assert "<summary>Тема</summary>" in html
    assert "Перейти к основному содержанию" in html
    assert "3 ноября 2026 г." in html
    assert "1 публикация" in html
    assert ">Publications<" not in html


def test_ukrainian_publications_page_speaks_ukrainian(client):
    make_publication(
        "Еміграція і медіа",
        language="uk",
        publish_at=datetime(2026, 11, 3, 17, 0, tzinfo=UTC),
    )

    response = client.get("/uk/publications/")
    html = response.content.decode()

    assert '<html lang="uk">' in html
    assert "<h1>Публікації</h1>" in html
    assert "03 листопада 2026 р." in html or "3 листопада 2026 р." in html
    assert "1 публікація" in html


def test_russian_plural_forms_follow_the_number(client):
    for number in range(5):
        make_publication(f"Материал {number}", language="ru")

    html = client.get("/ru/publications/").content.decode()

    assert "5 публикаций" in html


def test_english_pages_are_unchanged(client):
    make_publication("Exiles and media", publish_at=datetime(2026, 11, 3, 17, 0, tzinfo=UTC))

    html = client.get("/publications/").content.decode()

    assert '<html lang="en">' in html
    assert "<h1>Publications</h1>" in html
    assert "November 3, 2026" in html
    assert "1 publication" in html


def test_russian_missing_page_is_in_russian(client):
    response = client.get("/ru/no-such-page/")
    html = response.content.decode()

    assert response.status_code == 404
    assert '<html lang="ru">' in html
    assert "Мы не можем найти эту страницу" in html
    assert "Ошибка 404" in html


def test_russian_server_error_page_is_in_russian(rf):
    request = rf.get("/ru/publications/")

    with translation.override("ru"):
        response = server_error(request)
    html = response.content.decode()

    assert response.status_code == 500
    assert '<html lang="ru">' in html
    assert "Сейчас мы не можем показать эту страницу" in html
    assert settings.SITE_TAGLINES["ru"] in html


def test_russian_feed_has_a_russian_title(client):
    response = client.get("/ru/publications/feed/rss/")
    body = response.content.decode()

    assert response.status_code == 200
    assert f"<title>{settings.SITE_NAME}: публикации</title>" in body
    assert "<language>ru</language>" in body


def test_russian_tagline_in_the_footer(client):
    html = client.get("/ru/").content.decode()

    assert settings.SITE_TAGLINES["ru"] in html
    assert settings.SITE_NAME in html


def test_translated_pages_cost_no_more_queries_than_english(client):
    topic = make_topic("Exile")
    make_publication("Exiles and media", topics=[topic])
    make_publication("Эмиграция и медиа", language="ru", topics=[topic])
    counts = {}
    for prefix in ("", "/ru"):
        client.get(f"{prefix}/publications/")  # Warm whatever is cached per process.
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"{prefix}/publications/").status_code == 200
        counts[prefix or "/"] = len(queries)

    assert counts["/ru"] <= counts["/"]
