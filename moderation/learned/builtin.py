"""The local model Inspel ships with, on by default (issue 16, item 3: it may hold, never reject).

It is trained from the repository's labelled corpus and ``dev`` split (never ``sealed``) with
the default budget, 0: its thresholds are chosen so that, cross-validated over writers'
batches, it holds no clean item the rules publish. Held out on fresh batches it adds about ten
points of violations caught at no measured cost in clean items held (docs/moderation.md,
"The built-in model").

Where a model is named — ``INSPEL_LOCAL_MODEL`` on the site, ``--local-model`` on the
command line — ``builtin`` means this one, ``off`` (or nothing) none, and anything else a
directory ``inspel model train`` wrote. It is rebuilt from the labelled files with::

    inspel model train tests/data/moderation_corpus.jsonl tests/data/moderation_dev.jsonl \\
        --out moderation/learned/shipped

and ``tests/moderation/test_learned_builtin.py`` fails while the shipped model was trained
from other data than the files hold now.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["BUILTIN", "DIRECTORY", "OFF", "SOURCES", "resolve"]

#: The name that means the shipped model.
BUILTIN = "builtin"
#: Names that mean no local model.
OFF = frozenset({"", "off", "none"})
#: Where the shipped model lies (package data).
DIRECTORY = Path(__file__).resolve().parent / "shipped"
#: The labelled files it is trained from, in order (``tests/data`` in the repository).
SOURCES = ("moderation_corpus.jsonl", "moderation_dev.jsonl")


def resolve(name: str | None) -> Path | None:
    """The model directory a setting or option names: the shipped model for ``builtin``,
    ``None`` for ``off``, ``none`` or nothing, else the directory itself."""
    value = (name or "").strip()
    if value.lower() in OFF:
        return None
    if value.lower() == BUILTIN:
        return DIRECTORY
    return Path(value).expanduser()
