"""The flow's layering, checked on the source: a lower stage never imports a higher one.

read -> parse -> extract -> resolve -> rdf -> store -> query/views, with shared plain modules
(facts, rules, gazetteer, ...) below them all and the orchestration (pipeline, cli, commands)
above. Every module declares its stage here, so a new module must be placed before it passes.
Inside ``graph/extract/`` a family imports another family only when it requires it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from graph.extract.registry import FAMILY_PACKAGES, families

PACKAGE = Path(__file__).resolve().parent.parent / "graph"
STAGES = ("base", "read", "parse", "extract", "resolve", "rdf", "store", "query", "app")
STAGE_OF = {  # module or package prefix -> stage (the longest prefix wins)
    "graph.errors": "base", "graph.resources": "base", "graph.facts": "base", "graph.vocab": "base",
    "graph.gazetteer": "base", "graph.wordtrie": "base", "graph.rules": "base", "graph.dates": "base",
    "graph.names": "base", "graph.output": "base", "graph.interrupt": "base", "graph.background": "base",
    "graph.article": "read", "graph.read": "read",
    "graph.nlp": "parse",
    "graph.extract": "extract",
    "graph.resolve": "resolve", "graph.confidence": "resolve",
    "graph.rdf": "rdf",
    "graph.crosslink": "store", "graph.eventlink": "store", "graph.store": "store", "graph.storewriter": "store",
    "graph.aggregates": "store", "graph.remote": "store", "graph.sparqldata": "store", "graph.cluster": "app",
    "graph.sparql": "query", "graph.querycache": "query", "graph.serve": "query", "graph.validate": "query",
    "graph.results": "query", "graph.readonly": "query", "graph.querypool": "query", "graph.nonet": "query",
    "graph.overview": "query",
    "graph.views": "query", "graph.views_model": "query", "graph.analytics": "query",
    "graph.pipeline": "app", "graph.progress": "app", "graph.cli": "app", "graph.commands": "app",
    "graph": "app",
}
# Imports against the flow that are known and left for their own change (module, imported): why.
KNOWN = {
    ("graph.store", "graph.sparql"): "store borrows sparql's GraphLoadError and prefixes; the "
                                     "store/sparql names are being reworked separately (issue 19)",
    ("graph.querycache", "graph"): "reads only graph.__version__, the package's version string",
}


def stage(module: str) -> str:
    """The declared stage of a module, by its longest declared prefix."""
    parts = module.split(".")
    for n in range(len(parts), 0, -1):
        found = STAGE_OF.get(".".join(parts[:n]))
        if found is not None:
            return found
    raise KeyError(module)


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(source: str, module: str) -> set[str]:
    """Every ``graph`` module a source imports, at the top, in functions or for type checking."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative import (of a module, not a package's __init__)
                base = ".".join(module.split(".")[: -node.level] + ([base] if base else []))
            if base == "graph":  # "from graph import readonly": the module, or the package's own names
                found.update(f"graph.{a.name}" for a in node.names)
            elif base.startswith("graph."):
                found.add(base)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name == "graph" or a.name.startswith("graph."))
    return found


def violations(sources: dict[str, str]) -> list[str]:
    """Imports from a lower stage into a higher one (module -> imported), known ones aside."""
    out = []
    for module, source in sources.items():
        here = STAGES.index(stage(module))
        for imported in sorted(imports(source, module)):
            if STAGES.index(stage(imported)) > here and (module, imported) not in KNOWN:
                out.append(f"{module} ({stage(module)}) imports {imported} ({stage(imported)})")
    return out


def family_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[2] if len(parts) > 2 and parts[:2] == ["graph", "extract"] and parts[2] in FAMILY_PACKAGES else None


def family_violations(sources: dict[str, str], requires: dict[str, tuple[str, ...]]) -> list[str]:
    """Imports of one family's package by another family that does not require it."""
    out = []
    for module, source in sources.items():
        family = family_of(module)
        for imported in sorted(imports(source, module)):
            other = family_of(imported)
            if family and other and other != family and other not in requires.get(family, ()):
                out.append(f"{module} imports the {other} family without requiring it")
    return out


def package_sources() -> dict[str, str]:
    return {module_name(p): p.read_text(encoding="utf-8") for p in sorted(PACKAGE.rglob("*.py"))}


def test_every_module_has_a_stage():
    undeclared = []
    for module in package_sources():
        try:
            stage(module)
        except KeyError:
            undeclared.append(module)
    assert undeclared == []


def test_no_stage_imports_a_higher_one():
    assert violations(package_sources()) == []


def test_known_exceptions_are_still_real():
    """An exception that no longer happens must leave the list (it would hide a new one)."""
    sources = package_sources()
    for module, imported in KNOWN:
        assert imported in imports(sources[module], module), (module, imported)


def test_families_import_only_the_families_they_require():
    requires = {f.name: f.requires for f in families()}
    assert family_violations(package_sources(), requires) == []


@pytest.mark.parametrize(("sources", "expected"), [
    ({"graph.rdf": "from graph.views import write_html\n"}, ["graph.rdf (rdf) imports graph.views (query)"]),
    ({"graph.article": "def f():\n    from graph.extract.events import extract_events\n"},
     ["graph.article (read) imports graph.extract.events (extract)"]),
    ({"graph.extract.events.nouns": "from ..context import Context\nfrom graph.resolve import x\n"},
     ["graph.extract.events.nouns (extract) imports graph.resolve (resolve)"]),
    ({"graph.views": "from graph.rdf import new_dataset\nfrom graph.facts import Mention\n"}, []),
    ({"graph.sparql": "from graph import vocab, pipeline\n"}, ["graph.sparql (query) imports graph.pipeline (app)"]),
])
def test_the_check_finds_imports_against_the_flow(sources, expected):
    assert violations(sources) == expected


def test_the_check_finds_a_family_reaching_into_one_it_does_not_require():
    sources = {"graph.extract.events.nouns": "from graph.extract.quotes.triggers import inside_quote\n",
               "graph.extract.quotes.speakers": "from graph.extract.roles.triggers import title_rules\n"}
    found = family_violations(sources, {"events": ("entities",), "quotes": ("entities", "roles")})
    assert found == ["graph.extract.events.nouns imports the quotes family without requiring it"]


def test_no_extract_module_is_over_300_lines():
    long = {str(p.relative_to(PACKAGE)): n for p in (PACKAGE / "extract").rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 300}
    assert long == {}
