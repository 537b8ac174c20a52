"""The shape of generator/: no import circle, and where the engines' names may appear.

Read from the source with the standard library's parser, so that it holds for imports inside
functions too (the lazy ones that keep start-up fast)."""
from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "generator"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """The modules of the package that `path` imports, anywhere in it."""
    here = module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "generator":
                continue
            found.add(target)
            found.update(f"{target}.{a.name}" for a in node.names)  # `from . import pdf`
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "generator")
    return found


def graph() -> dict[str, set[str]]:
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {name: {m for m in imports_of(path) if m in modules and m != name} for name, path in modules.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every import circle, each once, as found by a depth-first walk (Tarjan's components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def test_the_circle_finder_finds_a_circle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_generator_has_no_import_circle():
    edges = graph()
    assert len(edges) > 30 and "generator.pages" in edges["generator.outputs.pdf"]  # the reader reads imports
    assert cycles(edges) == []


ENGINE_PACKAGES = {"mkdocs", "material", "mike", "pagefind", "pagefind_bin", "typst", "zensical"}


def third_party_imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and not node.level and node.module:
            found.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[0] for a in node.names)
    return found


def test_only_the_engines_import_the_site_and_pdf_engines():
    """MkDocs, Material, mike, Pagefind, Typst and Zensical are imported in generator/engines/ only:
    another engine is another module there (docs/architecture.md)."""
    engines = PACKAGE / "engines"
    outside = {module_name(p): sorted(third_party_imports(p) & ENGINE_PACKAGES)
               for p in PACKAGE.rglob("*.py") if engines not in p.parents}
    assert {m: found for m, found in outside.items() if found} == {}
    inside = set().union(*(third_party_imports(p) for p in engines.rglob("*.py")))
    assert {"mkdocs", "typst", "zensical"} <= inside  # the reader sees the engines' own imports
