"""A small labelled set for the local model's tests, built here (never downloaded): Swedish
and English proposals (clean) and hostile replies (held), with known counts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

PLACES = (
    "Umeå",
    "Skellefteå",
    "Lycksele",
    "Vilhelmina",
    "Storuman",
    "Sorsele",
    "Dorotea",
    "Åsele",
    "Vindeln",
    "Robertsfors",
    "Nordmaling",
    "Bjurholm",
)
NAMES = ("Anna", "Erik", "Lisa", "Johan", "Maria", "Per", "Karin", "Lars", "Sara", "Nils")

CLEAN_SV = (
    "Jag föreslår att bussen till {place} går oftare på morgonen, många pendlar till jobbet.",
    "Vårdcentralen i {place} borde ha öppet längre på kvällarna så att vi hinner dit.",
    "Tack {name} för ett bra förslag om cykelbanor i {place}, jag håller med.",
)
CLEAN_EN = (
    "I propose that the bus to {place} runs more often in the morning for commuters.",
    "The health centre in {place} should stay open later so that workers can get there.",
    "Thanks {name} for a good proposal about cycle lanes in {place}, I agree.",
)
HELD_SV = (
    ("Du är en jävla idiot {name}, håll käften om {place}.", "DECENCY-INSULT"),
    ("Jag ska döda dig {name}, jag vet var du bor i {place}.", "LAW-THREAT"),
)
HELD_EN = (
    ("You are a fucking idiot {name}, shut up about {place}.", "DECENCY-INSULT"),
    ("I will kill you {name}, I know where you live in {place}.", "LAW-THREAT"),
)

#: Items per (language, kind); the counts the model card must show.
PER_TEMPLATE = 6


def items() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for lang, clean, held in (("sv", CLEAN_SV, HELD_SV), ("en", CLEAN_EN, HELD_EN)):
        for t, template in enumerate(clean):
            for i in range(PER_TEMPLATE):
                body = template.format(place=PLACES[(i + t) % 12], name=NAMES[i % 10])
                out.append(_item(f"{lang}-c{t}-{i}", body, lang, "publish", []))
        for t, (template, rule) in enumerate(held):
            for i in range(PER_TEMPLATE):
                body = template.format(place=PLACES[(i + 5 * t) % 12], name=NAMES[(i + t) % 10])
                expected = "reject" if rule == "LAW-THREAT" else "review"
                out.append(_item(f"{lang}-h{t}-{i}", body, lang, expected, [rule]))
    # An item held only for a phone number: it teaches ``hold`` nothing.
    out.append(_item("pii", "Ring mig på 070-123 45 67", "sv", "review", ["PII-PHONE"]))
    return out


def _item(item_id: str, body: str, lang: str, expected: str, reasons: list[str]) -> dict[str, Any]:
    return {
        "id": item_id,
        "title": None,
        "body": body,
        "lang": lang,
        "expected": expected,
        "reasons": reasons,
        "kind": "clean" if expected == "publish" else "violation",
    }


def write(path: Path, rows: list[dict[str, Any]] | None = None) -> Path:
    chosen = items() if rows is None else rows
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in chosen))
    return path
