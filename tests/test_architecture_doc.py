"""docs/architecture.md stays true: every module path and dotted name it puts in backticks
exists, and it shows every area package the layers contract lists."""

from __future__ import annotations

import importlib
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "architecture.md"
PATH = re.compile(r"^(?:debate|moderation|tests|docs)/[\w./-]*$")
DOTTED = re.compile(r"^debate(?:\.\w+)+$")


def _quoted() -> set[str]:
    return set(re.findall(r"`([^`\s]+)`", DOC.read_text(encoding="utf-8")))


def _resolves(dotted: str) -> bool:
    parts = dotted.split(".")
    for end in range(len(parts), 0, -1):
        try:
            found: object = importlib.import_module(".".join(parts[:end]))
        except ModuleNotFoundError:
            continue
        for name in parts[end:]:
            if not hasattr(found, name):
                return False
            found = getattr(found, name)
        return True
    return False


def test_every_path_it_names_exists() -> None:
    paths = sorted(token for token in _quoted() if PATH.match(token))
    assert len(paths) > 40, paths
    missing = [p for p in paths if not (ROOT / p.rstrip("/")).exists()]
    assert missing == []


def test_every_dotted_name_it_names_exists() -> None:
    dotted = sorted(token for token in _quoted() if DOTTED.match(token))
    assert dotted, "the page names no dotted module"
    assert [name for name in dotted if not _resolves(name)] == []


def test_it_shows_every_layer_of_the_contract() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    [layers] = [
        contract["layers"]
        for contract in config["tool"]["importlinter"]["contracts"]
        if contract["id"] == "debate-layers"
    ]
    packages = {name.strip() for layer in layers for name in layer.split("|")}
    quoted = _quoted()
    shown = {p for p in packages if f"debate/{p}/" in quoted or f"debate/{p}.py" in quoted}
    assert shown == packages


def test_a_wrong_name_would_be_caught() -> None:
    assert not _resolves("debate.review.no_such_module")
    assert not _resolves("debate.audit.record.no_such_function")
    assert _resolves("debate.audit.record.record")
