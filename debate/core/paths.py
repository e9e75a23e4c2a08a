"""Where the project's non-Python files live: beside the packages in a checkout (or an
editable install); in ``<prefix>/share/inspel`` when the package is installed from a wheel (the
Docker image copies them there)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARE = Path(sys.prefix) / "share" / "inspel"


def assets(name: str, root: Path = ROOT, share: Path = SHARE) -> Path:
    """``root/name`` when it exists (a checkout), else ``share/name`` (an installed package)."""
    beside = root / name
    return beside if beside.is_dir() else share / name


TEMPLATES = assets("templates")
STATIC = assets("static")
