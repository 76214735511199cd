"""The suite's own layering: test modules share code through tests/factories.py and
tests/support/, never by importing one another (nor a conftest, which holds only fixtures)."""

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent
PACKAGE = TESTS.name


def module_name(path):
    return ".".join((PACKAGE, *path.relative_to(TESTS).with_suffix("").parts))


def is_test_module(name):
    return name.rpartition(".")[2].startswith("test_")


def is_conftest(name):
    return name.rpartition(".")[2] == "conftest"


def imported_modules(source, module):
    """Every module `source` (the text of `module`) imports, by absolute name;
    `from x import y` counts both x and x.y, since y may be a module."""
    package = module.split(".")[:-1]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            parent = package[: len(package) - node.level + 1] if node.level else []
            base = ".".join([*parent, *([node.module] if node.module else [])])
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def offending_imports(forbidden):
    return sorted(
        f"{path.relative_to(TESTS.parent)} imports {name}"
        for path in TESTS.rglob("*.py")
        for name in imported_modules(path.read_text(encoding="utf-8"), module_name(path))
        if name.startswith(f"{PACKAGE}.") and forbidden(name)
    )


def test_no_module_of_the_suite_imports_a_test_module():
    assert offending_imports(is_test_module) == []


def test_no_module_of_the_suite_imports_a_conftest():
    assert offending_imports(is_conftest) == []


def test_the_check_sees_every_way_of_importing_a_test_module():
    sources = {
        "from tests.test_admin import publication_form_data": "tests.test_admin",
        "import tests.test_roles": "tests.test_roles",
        "from tests import test_workflow": "tests.test_workflow",
        "from .test_search import search": "tests.browser.test_search",
        "from ..test_hostile_input import crawl": "tests.test_hostile_input",
        "from . import conftest": "tests.browser.conftest",
    }
    for source, expected in sources.items():
        found = set(imported_modules(source, "tests.browser.test_sample"))
        assert expected in found, source
        assert any(map(is_test_module, found)) or any(map(is_conftest, found)), source
