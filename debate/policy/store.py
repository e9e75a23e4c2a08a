"""The moderation policy admins change at run time: one ``PolicyVersion`` row per saved
version, never updated; the newest is in force, over the defaults the environment chose.

``PolicyVersion.data`` holds only what differs from those defaults, so that a blank field on
the admin page means "the shipped default" and a new release's defaults still apply::

    {"rule_thresholds": {"LAW-THREAT": {"review": 1.0}, "DECENCY-PROFANITY:sv": {...}},
     "label_thresholds": {"sv": {"threat": {"review": 0.6}}},   # sv, en, "*" = any other
     "new_account_posts": 2, "report_threshold": 3,
     "lexicon_additions": [{"term": "…", "category": "insult", "lang": "sv", "severity": 2}],
     "lexicon_exceptions": [{"term": "…", "lang": "sv"}],
     "lexicon_from": 7}   # the version whose word-list changes are in force (signals say "p7")

Screening asks ``current`` for every submission and the worker for every decision, so it is
cheap: one indexed query for the newest version, then a parsed policy kept per version.
Saving is optimistic: the form carries the version it was built from, and a save from an
older base is refused (``PolicyConflictError``) instead of silently undoing someone's change.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from threading import Lock
from types import MappingProxyType
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from debate.audit.record import record
from debate.core.i18n import _
from debate.core.labels import mode_label
from debate.core.models import Consultation, PolicyVersion, User, table_of
from debate.core.settings import Settings
from debate.policy.data import (
    DERIVED,
    ENTRY_PARTS,
    LISTS,
    label_thresholds,
    rule_thresholds,
)
from debate.policy.validate import PolicyConflictError, PolicyError, check
from moderation import ModerationMode, PolicySettings
from moderation.types import LexiconAddition, LexiconException

__all__ = [
    "BARE_DEFAULTS",
    "DEFAULT_REPORT_THRESHOLD",
    "NOTE_MAX",
    "HistoryEntry",
    "Saved",
    "StoredPolicy",
    "build",
    "change_modes",
    "current",
    "current_over",
    "current_policy",
    "defaults_for",
    "diff",
    "entry_line",
    "history",
    "note_too_long",
    "save",
    "save_page",
]

#: Open reports that move an item to the top of the Reported tab (they never hide it).
DEFAULT_REPORT_THRESHOLD = 3
#: The defaults when no ``Settings`` are at hand (a bare ``Worker`` in tests): the shipped
#: policy with the environment's default of no new-account pre-moderation.
BARE_DEFAULTS = PolicySettings(new_account_posts=0)
NOTE_MAX = 500


@dataclass(frozen=True, slots=True)
class StoredPolicy:
    """The policy in force: ``version`` 0 is the shipped defaults (nothing saved yet)."""

    version: int
    policy: PolicySettings
    report_threshold: int
    data: Mapping[str, Any]
    changed_by: str | None = None
    changed_by_id: int | None = None
    changed_at: datetime | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    version: int
    changed_by: str | None
    changed_at: datetime
    note: str
    #: What changed from the version before (``diff``).
    changes: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Saved:
    """What ``save_page`` did: the policy now in force, whether that is a new version, and
    the consultations whose mode changed."""

    stored: StoredPolicy
    new_version: bool
    modes: list[int]


@lru_cache(maxsize=8)
def defaults_for(settings: Settings) -> PolicySettings:
    """The environment's defaults, one object per ``Settings`` so ``current`` can reuse its
    parsed policies (they are keyed by the defaults' identity)."""
    return settings.moderation_policy()


def current(session: Session, settings: Settings) -> StoredPolicy:
    """The policy in force, over the defaults ``settings`` choose."""
    return current_over(session, defaults_for(settings))


def current_policy(session: Session, *, settings: Settings) -> PolicySettings:
    """``current(...).policy``, shaped for ``run_db`` (keyword arguments)."""
    return current(session, settings).policy


_cache: dict[tuple[Any, ...], tuple[PolicySettings, StoredPolicy]] = {}
_cache_lock = Lock()
_CACHE_SIZE = 64


_VERSIONS = table_of(PolicyVersion)
_HEAD = (
    sa.select(_VERSIONS.c.id, _VERSIONS.c.version, _VERSIONS.c.created_at)
    .order_by(_VERSIONS.c.version.desc())
    .limit(1)
)


def current_over(session: Session, defaults: PolicySettings) -> StoredPolicy:
    """The newest saved version over ``defaults``: one indexed query, then the policy parsed
    for that version (and database) before, if any."""
    # Core on the session's connection: read for every submission, where the ORM's own
    # handling of the statement cost more than the query.
    head = session.connection().execute(_HEAD).first()
    if head is None:
        return StoredPolicy(0, defaults, DEFAULT_REPORT_THRESHOLD, MappingProxyType({}))
    # The entry keeps ``defaults`` alive, so its id cannot be reused while it is cached.
    row_id, version, created_at = head
    assert row_id is not None
    key = (session.get_bind().engine.url, row_id, version, created_at, id(defaults))
    cached = _cache.get(key)
    if cached is not None and cached[0] is defaults:
        return cached[1]
    stored = _load(session, row_id, defaults)
    with _cache_lock:
        if len(_cache) >= _CACHE_SIZE:
            _cache.clear()
        _cache[key] = (defaults, stored)
    return stored


def _load(session: Session, row_id: int, defaults: PolicySettings) -> StoredPolicy:
    row = session.get_one(PolicyVersion, row_id)
    author = session.get(User, row.changed_by_id) if row.changed_by_id is not None else None
    return StoredPolicy(
        version=row.version,
        policy=build(row.data, defaults),
        report_threshold=int(row.data.get("report_threshold", DEFAULT_REPORT_THRESHOLD)),
        data=MappingProxyType(dict(row.data)),
        changed_by=author.display_name if author else None,
        changed_by_id=row.changed_by_id,
        changed_at=row.created_at,
        note=row.note,
    )


def build(data: Mapping[str, Any], defaults: PolicySettings) -> PolicySettings:
    """The ``PolicySettings`` that checked ``data`` stands for, over ``defaults``."""
    stored = data.get("rule_thresholds", {})
    rules = {key: rule_thresholds(key, stored, defaults) for key in stored}
    tag = data.get("lexicon_from")
    return dataclasses.replace(
        defaults,
        rule_thresholds=MappingProxyType({**defaults.rule_thresholds, **rules}),
        label_thresholds=label_thresholds(data.get("label_thresholds", {}), defaults),
        new_account_posts=int(data.get("new_account_posts", defaults.new_account_posts)),
        lexicon_additions=tuple(LexiconAddition(**item) for item in data.get(LISTS[0], ())),
        lexicon_exceptions=tuple(LexiconException(**item) for item in data.get(LISTS[1], ())),
        lexicon_tag=f"p{tag}" if tag else "",
    )


def save(
    session: Session,
    *,
    actor: User,
    data: Mapping[str, Any],
    note: str,
    base_version: int | None = None,
    settings: Settings | None = None,
) -> StoredPolicy:
    """Check ``data``, store it as the next version and audit ``policy.changed`` with what
    changed. ``base_version``: the version the form was built from; a newer one in force
    raises ``PolicyConflictError``. Data equal to the version in force saves nothing."""
    defaults = defaults_for(settings) if settings is not None else BARE_DEFAULTS
    if len(note) > NOTE_MAX:
        raise PolicyError({"note": note_too_long(note)})
    clean = check(data, defaults)
    head = session.exec(
        select(PolicyVersion).order_by(col(PolicyVersion.version).desc()).limit(1).with_for_update()
    ).first()
    in_force = head.version if head else 0
    if base_version is not None and base_version != in_force:
        raise PolicyConflictError(in_force, _conflict_message(in_force))
    previous = head.data if head else {}
    changes = diff(previous, clean)
    if not changes:
        return current_over(session, defaults)
    version = in_force + 1
    lexicon_from = version if any(key in changes for key in LISTS) else previous.get("lexicon_from")
    if lexicon_from and (clean.get(LISTS[0]) or clean.get(LISTS[1])):
        clean["lexicon_from"] = lexicon_from
    row = PolicyVersion(version=version, data=clean, changed_by_id=actor.id, note=note)
    session.add(row)
    session.flush()  # a concurrent save of the same number fails here (unique version)
    record(
        session,
        actor=actor,
        action="policy.changed",
        object_type="policy",
        object_id=version,
        base_version=in_force,
        note=note,
        diff=changes,
    )
    return current_over(session, defaults)


def note_too_long(note: str) -> str:
    return _("At most {max} characters (you wrote {n}).").format(max=NOTE_MAX, n=len(note))


def save_page(
    session: Session,
    *,
    actor: User,
    data: Mapping[str, Any],
    note: str,
    base_version: int,
    modes: Mapping[int, tuple[ModerationMode, ModerationMode]],
    settings: Settings,
) -> Saved:
    """Everything the admin page sends, in one transaction: a refusal of either part (a
    conflict, a bad value) saves neither."""
    before = current(session, settings).version
    changed = change_modes(session, actor=actor, changes=modes)
    stored = save(
        session, actor=actor, data=data, note=note, base_version=base_version, settings=settings
    )
    return Saved(stored, stored.version != before, changed)


def diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, Any]:
    """What changed between two versions' data: ``{"rule_thresholds.X.review": {"old": 1.0,
    "new": 2.0}}`` (``None``: the default) and, for word lists, ``{"lexicon_additions":
    {"added": ["term;category;lang;severity", …], "removed": […]}}``."""
    flat_old, flat_new = _flatten(old), _flatten(new)
    changes: dict[str, Any] = {
        key: {"old": flat_old.get(key), "new": flat_new.get(key)}
        for key in sorted(flat_old.keys() | flat_new.keys())
        if flat_old.get(key) != flat_new.get(key)
    }
    for name in LISTS:
        before = {entry_line(name, item) for item in old.get(name, ())}
        after = {entry_line(name, item) for item in new.get(name, ())}
        if before != after:
            changes[name] = {"added": sorted(after - before), "removed": sorted(before - after)}
    return changes


def _flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if key in DERIVED or key in LISTS:
            continue
        if isinstance(value, Mapping):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def entry_line(name: str, item: Mapping[str, Any]) -> str:
    """A word-list entry as the form writes it: ``term;category;lang;severity`` for an
    addition, ``term;lang`` for an exception."""
    return ";".join(str(item[part]) for part in ENTRY_PARTS[name])


def history(session: Session, *, limit: int = 20) -> list[HistoryEntry]:
    """The newest ``limit`` versions, each with what it changed from the one before."""
    rows = session.exec(
        select(PolicyVersion, User)
        .join(User, col(User.id) == col(PolicyVersion.changed_by_id), isouter=True)
        .order_by(col(PolicyVersion.version).desc())
        .limit(limit + 1)
    ).all()
    entries = []
    for index, (row, author) in enumerate(rows[:limit]):
        before = rows[index + 1][0].data if index + 1 < len(rows) else {}
        name = author.display_name if author else None
        entries.append(
            HistoryEntry(row.version, name, row.created_at, row.note, diff(before, row.data))
        )
    return entries


def change_modes(
    session: Session,
    *,
    actor: User,
    changes: Mapping[int, tuple[ModerationMode, ModerationMode]],
) -> list[int]:
    """Set consultations' moderation modes: ``{id: (mode the admin saw, mode wanted)}``. A
    mode someone else changed meanwhile is refused, not overwritten (``PolicyError`` keyed
    ``mode-<id>``); the changed consultations' ids are returned, each change audited."""
    wanted = {key: value for key, value in changes.items() if value[0] is not value[1]}
    found = {key: session.get(Consultation, key, with_for_update=True) for key in wanted}
    errors = _mode_errors(wanted, found)
    if errors:
        raise PolicyError(errors)
    for key, (seen, mode) in wanted.items():
        consultation = found[key]
        assert consultation is not None
        consultation.moderation_mode = mode
        session.add(consultation)
        record(
            session,
            actor=actor,
            action="consultation.mode_changed",
            object_type="consultation",
            object_id=key,
            old=seen.value,
            new=mode.value,
        )
    return sorted(wanted)


def _conflict_message(version: int) -> str:
    return _(
        "Someone else saved version {version} while you were editing, so nothing was saved. "
        "Your changes are kept below: check the history, then save again."
    ).format(version=version)


def _mode_errors(
    wanted: Mapping[int, tuple[ModerationMode, ModerationMode]],
    found: Mapping[int, Consultation | None],
) -> dict[str, str]:
    errors = {}
    for key, (seen, _mode) in wanted.items():
        consultation = found[key]
        if consultation is None:
            errors[f"mode-{key}"] = _("There is no such consultation.")
        elif consultation.moderation_mode is not seen:
            errors[f"mode-{key}"] = _(
                "Someone else changed this mode to “{mode}” while you were editing."
            ).format(mode=mode_label(consultation.moderation_mode))
    return errors


# --- Thresholds in force --------------------------------------------------------------------


# --- Checking data --------------------------------------------------------------------------
