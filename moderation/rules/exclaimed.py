"""LAW-HATE: a protected group as the whole subject of an exclamation of contempt (round 4):
"Typiskt invandrare att inte kunna köra bil", "Typiskt det släktet.", "Typical immigrants,
can't even queue". At a sentence's start and closed by "att"/"to", a relative or punctuation;
not "det är typiskt för asylsökande att vänta", "a typical immigrant family", "typiska
somaliska rätter". ``groups.about_groups`` finds the group and drops negated or condemned
sentences.
"""

from __future__ import annotations

import re

from moderation.rules.intent import _folded

__all__ = ["typical"]

# "Typiskt invandrare att …", "Typiskt det släktet.", "Typical immigrants, …": the group as
# the exclamation's whole subject, at a sentence's start; not "det är typiskt för asylsökande
# att vänta", "a typical immigrant family".
_TYPICAL = re.compile(
    _folded(
        r"(?:^|[.!?\n:;]\W*|[^\w\s,'’\"-]\s*)(?:så |so |how |just )?(?:typiskt|typical)"
        r"(?: of)? (?:en |ett |de |dom |the |these |those )?$"
    )
)
_TYPICAL_END = re.compile(r"(?: att| to| som| who|\W*$|\s*[.,!?…:;)]|\s*[^\w\s])")


def typical(text: str, group: re.Match[str]) -> int | None:
    """Where the exclamation about ``group`` ends, or None."""
    start = group.start()
    if _TYPICAL.search(text, max(0, start - 24), start) is None:
        return None
    return group.end() if _TYPICAL_END.match(text, group.end()) else None
