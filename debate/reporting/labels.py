"""The transparency report in words: a label in the reader's language for every key of
``transparency.report`` (sections, figures, and the keys inside a figure such as categories,
outcomes and rule ids), and the report flattened to labelled rows for the page, CSV and JSON.

Keys stay as they are (scripts rely on them); the labels go beside them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from debate.core.i18n import _, get_language
from debate.core.labels import state_label
from debate.core.models import Visibility
from debate.reporting.transparency import CATEGORY_FIELD, DEFAULT_CATEGORY
from moderation.rules.catalogue import RULES


@dataclass(frozen=True, slots=True)
class Figure:
    key: str
    label: str
    value: Any


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    label: str
    figures: list[Figure]


def section_labels() -> dict[str, str]:
    return {
        "art_15_1_b_notices": _("Notices of illegal content and breaches (DSA Art. 15(1)(b), 16)"),
        "art_15_1_c_own_initiative": _("Moderation on our own initiative (DSA Art. 15(1)(c))"),
        "art_15_1_d_complaints": _("Complaints about our decisions (DSA Art. 15(1)(d), 20)"),
        "art_15_1_e_automated_means": _("Automated means (DSA Art. 15(1)(e))"),
        "art_24_1_b_suspensions": _("Suspensions (DSA Art. 24(1)(b), 23)"),
    }


def figure_labels() -> dict[str, str]:
    return {
        "received": _("Received in the period"),
        "by_type": _("By type"),
        "by_rule": _("By what was reported"),
        "from_trusted_flaggers": _("From trusted flaggers"),
        "actions_on_legal_ground": _("Actions taken on a legal ground"),
        "actions_on_terms": _("Actions taken under the debate rules"),
        "processed_by_automated_means": _("Notices processed by automated means"),
        "outcomes": _("Outcomes"),
        "median_hours_to_act": _("Median time to act on a notice, hours"),
        "measures": _("Measures taken"),
        "by_category": _("By category"),
        "by_detection": _("By how it was detected"),
        "by_restriction": _("By restriction"),
        "by_basis": _("By who complained"),
        "reversed": _("Decisions reversed"),
        "median_hours_to_decide": _("Median time to decide a complaint, hours"),
        "automated_decisions": _("Decisions taken by the machine"),
        "automated_holds": _("Texts the machine held for a person"),
        "decisions_reviewed_by_people": _("Machine decisions a moderator reviewed"),
        "decisions_overturned_by_people": _("Machine decisions a moderator changed"),
        "error_rate_percent": _("Error rate (changed, of reviewed), per cent"),
        "total": _("Suspensions in total"),
        "manifestly_illegal_content": _("For manifestly illegal content"),
        "manifestly_unfounded_notices": _("For manifestly unfounded notices"),
        "manifestly_unfounded_complaints": _("For manifestly unfounded complaints"),
    }


def key_labels() -> dict[str, str]:
    """The keys inside a figure: notice types, outcomes, statement categories and the like."""
    labels = {
        "illegal": _("Illegal content"),
        "rules": _("Breach of the debate rules"),
        "open": _("Not yet decided"),
        "action_taken": _("Action taken"),
        "no_action": _("No action needed"),
        "upheld": _("Decision upheld"),
        "reversed": _("Decision reversed"),
        "automated": _("Detected by the machine"),
        "human": _("Detected by a person"),
        "author": _("The author"),
        "notifier": _("The person who reported it"),
        "STATEMENT_CATEGORY_VIOLENCE": _("Violence"),
        "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH": _("Illegal or harmful speech"),
        "STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS": _(
            "Data protection and privacy violations"
        ),
        "STATEMENT_CATEGORY_PORNOGRAPHY_OR_SEXUALIZED_CONTENT": _(
            "Pornography or sexualised content"
        ),
        "STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE": _("Outside the scope of the service"),
    }
    labels |= {v.value: state_label(v) for v in Visibility}
    labels[Visibility.HIDDEN_FINAL.value] = _("Not published, final")
    return labels


def rule_name(rule_id: str) -> str:
    """A rule's name in the reader's language (Swedish names for Swedish readers)."""
    rule = RULES.get(rule_id)
    if rule is None:
        return rule_id
    return rule.name_en if get_language() == "en" else rule.name_sv


def _key_label(name: str, key: str, keys: dict[str, str]) -> str:
    if name == "by_rule" and ":" in key:
        kind, rule_id = key.split(":", 1)
        return f"{keys.get(kind, kind)}: {rule_name(rule_id)}"
    return keys.get(key, key)


#: The keys a figure always lists, with 0 where nothing happened, so a reader sees that the
#: kind exists and did not occur (section -> figure -> keys).
ALWAYS: dict[str, dict[str, tuple[str, ...]]] = {
    "art_15_1_b_notices": {
        "by_type": ("illegal", "rules"),
        "outcomes": ("action_taken", "no_action", "open"),
    },
    "art_15_1_c_own_initiative": {
        "by_category": (*dict.fromkeys(CATEGORY_FIELD.values()), DEFAULT_CATEGORY),
        "by_restriction": tuple(v.value for v in (*Visibility.restricting(), Visibility.HELD)),
    },
    "art_15_1_d_complaints": {
        "by_basis": ("author", "notifier"),
        "outcomes": ("upheld", "reversed", "open"),
    },
}


def sections(data: dict[str, Any]) -> list[Section]:
    """The report as labelled sections (the period left out), in the reader's language."""
    names, figures, keys = section_labels(), figure_labels(), key_labels()
    found = []
    for section, values in data.items():
        if section == "period":
            continue
        rows = list(_figures(values, ALWAYS.get(section, {}), figures, keys))
        found.append(Section(section, names.get(section, section), rows))
    return found


def _figures(
    values: dict[str, Any],
    always: dict[str, tuple[str, ...]],
    figures: dict[str, str],
    keys: dict[str, str],
) -> Iterator[Figure]:
    for name, value in values.items():
        label = figures.get(name, name)
        if not isinstance(value, dict):
            yield Figure(name, label, value)
            continue
        filled = dict.fromkeys(always.get(name, ()), 0) | value
        if not filled:
            yield Figure(name, label, None)
        for key, inner in filled.items():
            yield Figure(f"{name}.{key}", f"{label}: {_key_label(name, key, keys)}", inner)


def csv_rows(data: dict[str, Any]) -> Iterator[tuple[str, str, str, str, str]]:
    """(section, its label, figure, its label, value) for every figure."""
    for section in sections(data):
        for figure in section.figures:
            value = "" if figure.value is None else str(figure.value)
            yield section.key, section.label, figure.key, figure.label, value


def labelled_json(data: dict[str, Any]) -> dict[str, Any]:
    """The report with its keys, and labels in the reader's language beside them."""
    return {
        "language": get_language(),
        "period": data["period"],
        "sections": [
            {
                "key": section.key,
                "label": section.label,
                "figures": [
                    {"key": f.key, "label": f.label, "value": f.value} for f in section.figures
                ],
            }
            for section in sections(data)
        ],
        "data": data,
    }
