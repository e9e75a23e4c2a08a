"""LAW-HATE: people named as vermin by where they come from (round 2). No group noun stands
in the text, so ``groups._GROUP`` finds nothing; the vermin word is the noun, and an origin
makes it people:

- a nationality or origin adjective before it: "somaliska råttor", "afghanska
  kackerlackor", "African cockroaches";
- a place of origin after it: "kackerlackor från Afghanistan", "ohyran från Mellanöstern",
  "rats from Somalia", "vermin from the third world".

Rats and cockroaches only (not parasites, pests or locusts, which come from Asia in news about
forests and health), and not rats from Asia (the plague's history) nor "black rats".
``groups.about_groups`` drops them where negated, quoted, condemned or someone else's belief.
"""

from __future__ import annotations

import re

from moderation.analysis import FieldText
from moderation.rules.intent import _folded
from moderation.rules.prefilter import gated, possible

__all__ = ["vermin_of_origin"]

_VERMIN = (
    r"(?:råtta|råttor|råttorna|kackerlacka|kackerlackor|kackerlackorna|ohyra|ohyran|"
    r"rats|rat|cockroaches|cockroach|roaches|vermin|maggots)"
)
_ADJECTIVE = (
    r"(?:somaliska|afghanska|eritreanska|syriska|irakiska|iranska|arabiska|afrikanska|"
    r"turkiska|kurdiska|polska|rumänska|judiska|muslimska|romska|samiska|thailändska|"
    r"marockanska|pakistanska|albanska|etiopiska|nigerianska|utländska|somali|afghan|"
    r"eritrean|syrian|iraqi|iranian|arab|african|turkish|kurdish|polish|romanian|jewish|"
    r"muslim|roma|sami|thai|moroccan|pakistani|albanian|ethiopian|nigerian|foreign|"
    r"immigrant|migrant)"
)
_PLACE = (
    r"(?:afghanistan|somalia|eritrea|syrien|syria|irak|iraq|iran|afrika|africa|nordafrika|"
    r"north africa|mellanöstern|middle east|the middle east|arabien|arabia|turkiet|turkey|"
    r"polen|poland|rumänien|romania|bulgarien|bulgaria|pakistan|marocko|morocco|albanien|"
    r"albania|etiopien|ethiopia|nigeria|balkan|the balkans|thailand|gaza|"
    r"libanon|lebanon|tredje världen|the third world|third world|söder|the south)"
)
_ORIGIN = gated(
    re.compile(
        r"(?<![^\W_])(?:"
        + _folded(
            _ADJECTIVE
            + " "
            + _VERMIN
            + "|"
            + _VERMIN
            + r"(?: \w+)? (?:från|ifrån|from|out of) (?:hela |all of |all over )?"
            + _PLACE
        )
        + r")(?![^\W_])"
    )
)
_LITERAL = frozenset({"svarta", "bruna", "black", "brown", "grey", "gray"})


def vermin_of_origin(field: FieldText) -> list[re.Match[str]]:
    """The constructions of the module docstring."""
    text = field.letters.text
    if not possible(_ORIGIN, text):
        return []
    return [
        found
        for found in _ORIGIN.finditer(text)
        if not set(field.words_before(found.start(), 1)) & _LITERAL
    ]
