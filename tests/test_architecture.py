"""The house kefu lives in: packages by layer, imports one way, small modules and short functions.

docs/architecture.md explains the layers; these tests keep them true. They read the source (ast), so a
wrong-way import fails here even when no test happens to run the code that holds it.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

KEFU = Path(__file__).resolve().parents[1] / "scripts" / "kefu"
SCRIPTS = KEFU.parent

# Layer of each package: a module may import its own package and any lower layer. Packages of one layer
# (rules and ledger; outputs and marking) never import each other.
LAYERS = {"core": 0, "read": 1, "rules": 2, "ledger": 2, "outputs": 3, "marking": 3, "jobs": 4, "cli": 5}
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 50
# Imports allowed inside a function: optional heavy or platform dependencies, imported where used.
LAZY_OK = {"xlwings", "matplotlib", "docx", "docxtpl", "jinja2", "win32com", "pywintypes"}


def modules() -> list[Path]:
    return sorted(KEFU.rglob("*.py"))


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SCRIPTS).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def package_of(name: str) -> str:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else ""


def kefu_imports(path: Path) -> list[tuple[int, str]]:
    """(line, imported kefu module) for every import of a kefu module in ``path``, absolute or relative."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}: relative import on line {node.lineno}; kefu imports are absolute"
            if node.module and node.module.split(".")[0] == "kefu":
                out.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            out.extend((node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "kefu")
    return out


def test_every_module_lives_in_a_layer_package():
    loose = [module_name(p) for p in modules() if package_of(module_name(p)) not in LAYERS and module_name(p) != "kefu"]
    assert loose == []


def test_imports_go_one_way_down_the_layers():
    wrong = []
    for path in modules():
        me = module_name(path)
        mine = package_of(me)
        for line, target in kefu_imports(path):
            theirs = package_of(target)
            if theirs == mine or me == "kefu":
                continue
            if theirs not in LAYERS or LAYERS[theirs] >= LAYERS[mine]:
                wrong.append(f"{me}:{line} imports {target}")
    assert wrong == []


def test_there_is_no_import_circle():
    graph = {module_name(p): {t for _l, t in kefu_imports(p)} for p in modules()}
    graph = {m: {t for t in deps if t in graph and t != m} for m, deps in graph.items()}
    done, path = set(), []

    def visit(m):
        if m in path:
            raise AssertionError("import circle: " + " -> ".join(path[path.index(m):] + [m]))
        if m in done:
            return
        path.append(m)
        for t in sorted(graph[m]):
            visit(t)
        path.pop()
        done.add(m)
    for m in sorted(graph):
        visit(m)


def test_no_import_hides_inside_a_function_but_optional_heavy_ones():
    hidden = []
    for path in modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for fn in ast.walk(tree):
            if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(fn):
                names = ([node.module or ""] if isinstance(node, ast.ImportFrom)
                         else [a.name for a in node.names] if isinstance(node, ast.Import) else [])
                hidden.extend(f"{module_name(path)}:{node.lineno} {n}" for n in names
                              if n.split(".")[0] not in LAZY_OK)
    assert hidden == []


@pytest.mark.parametrize("path", modules(), ids=module_name)
def test_a_module_holds_at_most_400_lines(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_MODULE_LINES


def test_no_function_is_over_50_lines():
    long = []
    for path in modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long.append(f"{module_name(path)}.{node.name}: {length} lines")
    assert long == []


def test_the_daily_rules_are_listed_not_discovered():
    source = (KEFU / "rules" / "daily.py").read_text(encoding="utf-8")
    assert "pkgutil" not in source and "importlib" not in source and "DAILY_RULES: tuple[Rule, ...] = (" in source


def test_the_architecture_page_names_every_module():
    """docs/architecture.md is the map of the library: a module it does not name is one a newcomer cannot find."""
    page = (SCRIPTS.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    unnamed = [str(p.relative_to(SCRIPTS)) for p in modules()
               if p.stem != "__init__" and not re.search(rf"(?<![A-Za-z_]){re.escape(p.stem)}(?![A-Za-z_])", page)]
    assert unnamed == []
