"""The moderation settings form read as policy data (``debate.policy.store``'s shape): the
field names of its thresholds, counts, word lists and modes, and the shadow share. The
settings page saves, previews or runs in shadow what this reads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from debate.core.i18n import _
from debate.core.params import digits
from debate.policy import data as policy_data
from debate.policy import shadow, store
from debate.policy.data import LABEL_LANGUAGES
from debate.web.fields import Errors
from debate.web.http import Form
from moderation import RULES, ModerationMode
from moderation.types import CLASSIFIER_LABEL_RULES

__all__ = [
    "ADDITIONS",
    "COUNTS",
    "EXCEPTIONS",
    "LABELS",
    "SCORED_RULES",
    "Submitted",
    "label_field",
    "number_fields",
    "parse",
    "rule_field",
    "share",
]

#: Rules whose checks give a score, so that thresholds mean something for them.
SCORED_RULES = tuple(rule for rule in RULES.values() if rule.review_at is not None)
LABELS = tuple(CLASSIFIER_LABEL_RULES)
ADDITIONS, EXCEPTIONS = "lexicon_additions", "lexicon_exceptions"
COUNTS = ("new_account_posts", "report_threshold")
_MODES = frozenset(mode.value for mode in ModerationMode)


def rule_field(rule_id: str, step: str) -> str:
    return f"rule_thresholds.{rule_id}.{step}"


def label_field(lang: str, label: str) -> str:
    # Classifier scores alone never propose "reject" (moderation.policy): review only.
    return f"label_thresholds.{lang}.{label}.review"


def number_fields() -> list[str]:
    rules = [rule_field(r.id, step) for r in SCORED_RULES for step in ("review", "reject")]
    labels = [label_field(lang, label) for label in LABELS for lang in LABEL_LANGUAGES]
    return [*rules, *labels]


@dataclass(frozen=True, slots=True)
class Submitted:
    data: dict[str, Any]
    note: str
    base_version: int
    modes: dict[int, tuple[ModerationMode, ModerationMode]]


def share(form: Form, errors: Errors) -> int:
    raw = form.get("shadow_share").strip().rstrip("%").strip()
    if not (digits(raw) and len(raw) <= 3 and 1 <= int(raw) <= shadow.SHARE_MAX):
        errors["shadow_share"] = _("Enter a whole number of per cent from 1 to 100.")
        return 0
    return int(raw)


def parse(form: Form, errors: Errors) -> Submitted:
    """The form as policy data; messages for what cannot even be read (a word for a
    number, a line without its parts). ``store.check`` judges the values."""
    data: dict[str, Any] = {}
    for name in [*number_fields(), *COUNTS, *_unknown_thresholds(form, errors)]:
        raw = form.get(name).strip().replace(",", ".")
        if raw:
            _put(data, name, _float(raw, name, errors))
    for name in (ADDITIONS, EXCEPTIONS):
        data[name] = _lines(form, name, policy_data.ENTRY_PARTS[name], errors)
    note = form.get("note").strip()
    if len(note) > store.NOTE_MAX:
        errors["note"] = store.note_too_long(note)
    base = form.get("base_version").strip()
    if not (digits(base) and len(base) <= 9):
        errors["base_version"] = _("The form is out of date or incomplete. Reload the page.")
    modes = _modes(form, errors)
    return Submitted(data, note, int(base) if "base_version" not in errors else 0, modes)


#: How many dotted parts a threshold field has: rule_thresholds.RULE.step and
#: label_thresholds.lang.label.step.
_DEPTHS = {"rule_thresholds": 3, "label_thresholds": 4}


def _unknown_thresholds(form: Form, errors: Errors) -> list[str]:
    """Threshold fields the page does not show (a rule or label that does not exist, a form
    from another release): read like the others, so that ``store.check`` names what is
    unknown instead of the value being dropped in silence."""
    known = set(number_fields())
    found = []
    for name, value in form.fields.items():
        section = name.partition(".")[0]
        if section not in _DEPTHS or name in known or not value.strip():
            continue
        if len(name.split(".")) == _DEPTHS[section]:
            found.append(name)
        else:
            errors[name] = _("Unknown setting: {key}.").format(key=name[:80])
    return found


def _float(raw: str, name: str, errors: Errors) -> float | None:
    try:
        return float(raw)
    except ValueError:
        errors[name] = _("Enter a number, such as 2 or 0.8.")
        return None


def _put(data: dict[str, Any], name: str, value: Any) -> None:
    *path, last = name.split(".")
    for part in path:
        data = data.setdefault(part, {})
    data[last] = value


def _lines(form: Form, name: str, parts: tuple[str, ...], errors: Errors) -> list[dict[str, Any]]:
    """One entry per line, ``;`` between its parts; the last part of an addition (the
    severity) may be left out."""
    entries, problems = [], []
    for number, line in enumerate(form.get(name).splitlines(), start=1):
        if not line.strip():
            continue
        values = [value.strip() for value in line.split(";")]
        if len(values) == len(parts) - 1 and parts[-1] == "severity":
            values.append("2")
        if len(values) != len(parts):
            problems.append(_line_format(name, number))
            continue
        entry: dict[str, Any] = dict(zip(parts, values, strict=True))
        if "severity" in entry and digits(entry["severity"]) and len(entry["severity"]) < 4:
            entry["severity"] = int(entry["severity"])
        entries.append(entry)
    if problems:
        errors[name] = " ".join(problems)
    return entries


def _line_format(name: str, number: int) -> str:
    if name == ADDITIONS:
        return _(
            "Line {line}: write term;category;language or term;category;language;severity."
        ).format(line=number)
    return _("Line {line}: write term;language.").format(line=number)


def _modes(form: Form, errors: Errors) -> dict[int, tuple[ModerationMode, ModerationMode]]:
    """``{consultation id: (mode shown, mode chosen)}`` from the selects and the modes the
    page showed (``modes_seen``), so that a change made meanwhile is noticed."""
    modes = {}
    for pair in form.get("modes_seen").split():
        key, _sep, seen = pair.partition("=")
        if not digits(key) or len(key) > 9 or seen not in _MODES:
            continue
        chosen = form.get(f"mode-{key}")
        if chosen not in _MODES:
            errors[f"mode-{key}"] = _("Choose one of the options.")
            continue
        modes[int(key)] = (ModerationMode(seen), ModerationMode(chosen))
    return modes
