"""moderation/ is pure: it must never import the web (Starlette) or the site (debate/)."""

from __future__ import annotations

import ast
from pathlib import Path

import moderation

FORBIDDEN = ("debate", "starlette")
PACKAGE = Path(moderation.__file__).parent


def imported_modules(source: str) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def forbidden_imports(source: str) -> set[str]:
    return {name for name in imported_modules(source) if name.split(".")[0] in FORBIDDEN}


def test_checker_spots_forbidden_imports() -> None:
    source = "import starlette.routing\nfrom debate.models import Proposal\ndef f():\n import os\n"
    assert forbidden_imports(source) == {"starlette.routing", "debate.models"}


def test_moderation_never_imports_the_web() -> None:
    modules = sorted(PACKAGE.rglob("*.py"))
    assert len(modules) >= 10  # the walk really found the package
    offenders = {
        str(path.relative_to(PACKAGE)): found
        for path in modules
        if (found := forbidden_imports(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}
