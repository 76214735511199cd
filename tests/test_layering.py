"""The apps form a one-way stack: each imports only those below it.

    editorial  <  review  <  people  <  publications  <  events  <  website

A newcomer adding a content kind can tell what they may touch, and no change can tie two
layers into a knot without this test saying where. Every import counts, including those
inside functions and in migrations.
"""

import ast
from pathlib import Path

import pytest

LAYERS = ["editorial", "review", "people", "publications", "events", "website"]
ROOT = Path(__file__).resolve().parent.parent


def imported_apps(path):
    """(line, app) for each import in `path` of one of our apps."""
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in LAYERS:
                yield node.lineno, top


def upward_imports(app):
    rank = LAYERS.index(app)
    return [
        f"{path.relative_to(ROOT)}:{line} imports {imported}"
        for path in sorted((ROOT / app).rglob("*.py"))
        for line, imported in imported_apps(path)
        if LAYERS.index(imported) > rank
    ]


@pytest.mark.parametrize("app", LAYERS)
def test_app_imports_only_the_apps_below_it(app):
    assert upward_imports(app) == []


def test_the_foundation_imports_no_app_of_ours():
    imports = {
        imported
        for path in (ROOT / "editorial").rglob("*.py")
        for _line, imported in imported_apps(path)
    }
    assert imports <= {"editorial"}


def test_an_upward_import_is_caught(tmp_path, monkeypatch):
    package = tmp_path / "people"
    package.mkdir()
    (package / "views.py").write_text("def page():\n    from website.views import HomeView\n")
    monkeypatch.setattr("tests.test_layering.ROOT", tmp_path)

    assert upward_imports("people") == ["people/views.py:2 imports website"]
