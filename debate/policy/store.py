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
from collections.abc import Callable, Mapping
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
from moderation import RULES, ModerationMode, PolicySettings, Thresholds
from moderation.lexicon import Category, LexiconError, parse_addition
from moderation.types import CLASSIFIER_LABEL_RULES, LexiconAddition, LexiconException

__all__ = [
    "BARE_DEFAULTS",
    "CATEGORIES",
    "DEFAULT_REPORT_THRESHOLD",
    "ENTRY_PARTS",
    "LABEL_LANGUAGES",
    "NOTE_MAX",
    "TERM_MAX",
    "HistoryEntry",
    "PolicyConflictError",
    "PolicyError",
    "Saved",
    "StoredPolicy",
    "build",
    "change_modes",
    "check",
    "current",
    "current_over",
    "current_policy",
    "defaults_for",
    "diff",
    "entry_line",
    "history",
    "label_thresholds",
    "note_too_long",
    "rule_thresholds",
    "save",
    "save_page",
    "shipped_label",
]

#: Open reports that move an item to the top of the Reported tab (they never hide it).
DEFAULT_REPORT_THRESHOLD = 3
#: The defaults when no ``Settings`` are at hand (a bare ``Worker`` in tests): the shipped
#: policy with the environment's default of no new-account pre-moderation.
BARE_DEFAULTS = PolicySettings(new_account_posts=0)
#: Classifier thresholds per language: "*" is every language but Swedish and English.
LABEL_LANGUAGES = ("sv", "en", "*")
#: Keys of ``data`` that ``diff`` and the form leave alone: derived when saving.
_DERIVED = frozenset({"lexicon_from"})
_LISTS = ("lexicon_additions", "lexicon_exceptions")
#: The parts of a word-list entry, in the order the form and the diff write them.
ENTRY_PARTS = {_LISTS[0]: ("term", "category", "lang", "severity"), _LISTS[1]: ("term", "lang")}
_COUNTS = {"new_account_posts": 0, "report_threshold": 1}  # name: smallest value
_KEYS = frozenset({"rule_thresholds", "label_thresholds", *_COUNTS, *_LISTS, *_DERIVED})
_WORD_LISTS = ("sv", "en")
# Rule scores are severity sums (or a similarity); classifier scores are probabilities.
_RULE_MAX, _LABEL_MAX, _COUNT_MAX, _ENTRIES_MAX = 1000.0, 1.0, 1000, 500
TERM_MAX = 80
NOTE_MAX = 500
#: Categories an admin may add terms to; given names feed a list of their own.
CATEGORIES = tuple(c.value for c in Category if c is not Category.FIRST_NAME)


class PolicyError(ValueError):
    """The data cannot be saved; ``errors`` maps each setting (a dotted path such as
    ``rule_thresholds.LAW-THREAT.review``, or ``mode-<consultation id>``) to its message."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__("; ".join(f"{key}: {message}" for key, message in errors.items()))
        self.errors = dict(errors)


class PolicyConflictError(PolicyError):
    """Someone saved a newer version since the form was built."""

    def __init__(self, version: int, message: str) -> None:
        super().__init__({"base_version": message})
        self.version = version


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
        lexicon_additions=tuple(LexiconAddition(**item) for item in data.get(_LISTS[0], ())),
        lexicon_exceptions=tuple(LexiconException(**item) for item in data.get(_LISTS[1], ())),
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
    lexicon_from = (
        version if any(key in changes for key in _LISTS) else previous.get("lexicon_from")
    )
    if lexicon_from and (clean.get(_LISTS[0]) or clean.get(_LISTS[1])):
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
    for name in _LISTS:
        before = {entry_line(name, item) for item in old.get(name, ())}
        after = {entry_line(name, item) for item in new.get(name, ())}
        if before != after:
            changes[name] = {"added": sorted(after - before), "removed": sorted(before - after)}
    return changes


def _flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if key in _DERIVED or key in _LISTS:
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


def rule_thresholds(
    key: str, stored: Mapping[str, Mapping[str, float]], defaults: PolicySettings
) -> Thresholds:
    """A rule's thresholds in force for ``key`` ("RULE" or "RULE:lang"): a blank step keeps
    the rule-wide value (for a language), then the defaults, then the catalogue's."""
    rule_id, _sep, lang = key.partition(":")
    rule = RULES[rule_id]
    base = defaults.rule_thresholds.get(rule_id) or Thresholds(rule.review_at, rule.reject_at)
    if lang and rule_id in stored:
        base = _fill(stored[rule_id], base)
    return _fill(stored.get(key, {}), base)


def shipped_label(lang: str, label: str, defaults: PolicySettings) -> Thresholds:
    """A classifier label's default thresholds in one of ``LABEL_LANGUAGES``."""
    per_lang = defaults.label_thresholds.get(lang) or defaults.label_thresholds.get("*", {})
    return per_lang.get(label, Thresholds())


def label_thresholds(
    stored: Mapping[str, Mapping[str, Mapping[str, float]]], defaults: PolicySettings
) -> Mapping[str, Mapping[str, Thresholds]]:
    """Every language of ``LABEL_LANGUAGES`` spelt out, so that Swedish keeps its defaults
    when "*" (every other language) changes."""
    merged = {lang: dict(per_lang) for lang, per_lang in defaults.label_thresholds.items()}
    for lang in LABEL_LANGUAGES:
        base = {label: shipped_label(lang, label, defaults) for label in CLASSIFIER_LABEL_RULES}
        changed = {label: _fill(pair, base[label]) for label, pair in stored.get(lang, {}).items()}
        merged[lang] = {**base, **changed}
    return MappingProxyType({lang: MappingProxyType(per) for lang, per in merged.items()})


def _fill(pair: Mapping[str, float], base: Thresholds) -> Thresholds:
    return Thresholds(pair.get("review", base.review), pair.get("reject", base.reject))


# --- Checking data --------------------------------------------------------------------------


def check(data: Mapping[str, Any], defaults: PolicySettings) -> dict[str, Any]:
    """``data`` cleaned (thresholds as floats, terms folded, lists sorted, blanks dropped);
    raises ``PolicyError`` with every problem at once, keyed like ``PolicyError.errors``."""
    errors: dict[str, str] = {}
    for key in sorted(set(data) - _KEYS):
        errors[key] = _("Unknown setting: {key}.").format(key=key)
    clean: dict[str, Any] = {
        "rule_thresholds": _check_rules(data.get("rule_thresholds") or {}, defaults, errors),
        "label_thresholds": _check_labels(data.get("label_thresholds") or {}, defaults, errors),
        _LISTS[0]: _check_list(data.get(_LISTS[0]) or [], _LISTS[0], _addition, errors),
        _LISTS[1]: _check_list(data.get(_LISTS[1]) or [], _LISTS[1], _exception, errors),
    }
    for name, minimum in _COUNTS.items():
        clean[name] = _check_count(data.get(name), name, minimum, errors)
    if errors:
        raise PolicyError(errors)
    return {key: value for key, value in clean.items() if value not in (None, {}, [])}


def _check_rules(
    value: Any, defaults: PolicySettings, errors: dict[str, str]
) -> dict[str, dict[str, float]]:
    clean = {}
    for key, pair in _mapping(value, "rule_thresholds", errors).items():
        rule_id, _sep, lang = str(key).partition(":")
        path = f"rule_thresholds.{key}"
        if rule_id not in RULES:
            errors[path] = _("Unknown rule: {rule}.").format(rule=rule_id)
        elif lang and lang not in _WORD_LISTS:
            errors[path] = _("Unknown language: {lang}.").format(lang=lang)
        elif checked := _check_pair(pair, path, _RULE_MAX, errors):
            clean[str(key)] = checked
    for key in clean:
        _check_order(rule_thresholds(key, clean, defaults), f"rule_thresholds.{key}", errors)
    return clean


def _check_labels(
    value: Any, defaults: PolicySettings, errors: dict[str, str]
) -> dict[str, dict[str, dict[str, float]]]:
    clean: dict[str, dict[str, dict[str, float]]] = {}
    for lang, labels in _mapping(value, "label_thresholds", errors).items():
        path = f"label_thresholds.{lang}"
        if lang not in LABEL_LANGUAGES:
            errors[path] = _("Unknown language: {lang}.").format(lang=lang)
            continue
        for label, pair in _mapping(labels, path, errors).items():
            where = f"{path}.{label}"
            if label not in CLASSIFIER_LABEL_RULES:
                errors[where] = _("Unknown classifier label: {label}.").format(label=label)
            elif checked := _check_pair(pair, where, _LABEL_MAX, errors):
                clean.setdefault(lang, {})[label] = checked
                _check_order(_fill(checked, shipped_label(lang, label, defaults)), where, errors)
    return clean


def _mapping(value: Any, path: str, errors: dict[str, str]) -> Mapping[str, Any]:
    if isinstance(value, Mapping):
        return value
    errors[path] = _("This setting has the wrong shape.")
    return {}


def _check_pair(value: Any, path: str, maximum: float, errors: dict[str, str]) -> dict[str, float]:
    pair: dict[str, float] = {}
    for step, number in _mapping(value, path, errors).items():
        if step not in ("review", "reject"):
            errors[f"{path}.{step}"] = _("Unknown setting: {key}.").format(key=step)
        elif number is None:
            continue
        elif not _is_number(number) or not 0 <= number <= maximum:
            errors[f"{path}.{step}"] = _("Enter a number from 0 to {max}.").format(
                max=f"{maximum:g}"
            )
        else:
            pair[step] = float(number)
    return pair


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check_order(thresholds: Thresholds, path: str, errors: dict[str, str]) -> None:
    review, reject = thresholds.review, thresholds.reject
    if review is not None and reject is not None and review > reject:
        errors.setdefault(
            f"{path}.review", _("The review threshold must not be above the reject threshold.")
        )


def _check_count(value: Any, name: str, minimum: int, errors: dict[str, str]) -> int | None:
    if value is None:
        return None
    # The range first: int() of NaN or infinity raises.
    if not _is_number(value) or not minimum <= value <= _COUNT_MAX or value != int(value):
        errors[name] = _("Enter a whole number from {min} to {max}.").format(
            min=minimum, max=_COUNT_MAX
        )
        return None
    return int(value)


_CheckItem = Callable[[Mapping[str, Any]], tuple[dict[str, Any] | None, str | None]]


def _check_list(
    value: Any, name: str, check_item: _CheckItem, errors: dict[str, str]
) -> list[dict[str, Any]]:
    items = value if isinstance(value, list | tuple) else []
    if len(items) > _ENTRIES_MAX:
        errors[name] = _("At most {max} entries.").format(max=_ENTRIES_MAX)
        return []
    problems: list[str] = []
    clean = {}
    for item in items:
        entry, problem = check_item(item) if isinstance(item, Mapping) else (None, None)
        if entry is None:
            problems.append(problem or _("Each entry needs a term and a language."))
        else:
            clean[tuple(entry.values())] = entry
    if problems:
        errors[name] = " ".join(dict.fromkeys(problems))
    return [clean[key] for key in sorted(clean)]


def _term(item: Mapping[str, Any]) -> tuple[str, str, str | None]:
    """The folded term, its language and the first problem with either."""
    term = " ".join(str(item.get("term") or "").casefold().split())
    lang = str(item.get("lang") or "")
    if not term:
        return term, lang, _("A term is empty.")
    if len(term) > TERM_MAX:
        return (
            term,
            lang,
            _("{term}: at most {max} characters.").format(term=term[:TERM_MAX], max=TERM_MAX),
        )
    if lang not in _WORD_LISTS:
        return term, lang, _("{term}: the language must be sv or en.").format(term=term)
    return term, lang, None


def _addition(item: Mapping[str, Any]) -> tuple[dict[str, Any] | None, str | None]:
    term, lang, problem = _term(item)
    category, severity = str(item.get("category") or ""), item.get("severity", 2)
    if problem is None and category not in CATEGORIES:
        problem = _("{term}: unknown category {category}.").format(term=term, category=category)
    if problem is None and severity not in (1, 2, 3):
        problem = _("{term}: the severity must be 1, 2 or 3.").format(term=term)
    if problem is None:
        try:
            parse_addition(LexiconAddition(term, category, lang, int(severity)))
        except LexiconError:
            problem = _(
                "{term}: a term starts with a letter or a digit, and _ stands between two words."
            ).format(term=term)
    if problem is not None:
        return None, problem
    return {"term": term, "category": category, "lang": lang, "severity": int(severity)}, None


def _exception(item: Mapping[str, Any]) -> tuple[dict[str, Any] | None, str | None]:
    term, lang, problem = _term(item)
    return (None, problem) if problem else ({"term": term, "lang": lang}, None)
