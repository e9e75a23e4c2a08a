"""PII-PNR: Swedish personal identity and coordination numbers (legal-rules.md §3.1, §7.4).

A match needs a real date (a coordination number adds 60 to the day) and a valid Luhn check
digit. Written here rather than taken from the ``personnummer`` package because that package
guesses the century from today's date, which would make ``evaluate`` depend on the clock, and
because detection also needs "valid date, wrong check digit" for the keyword rule below.
"""

from __future__ import annotations

import calendar
import re
from typing import TYPE_CHECKING

from moderation.rules.base import Finding
from moderation.rules.numbers import spelled_numbers

if TYPE_CHECKING:
    from moderation.analysis import FieldText
    from moderation.types import PolicyContext

__all__ = ["check_pnr", "field_pnr_spans", "is_valid_date", "luhn_check_digit", "pnr_spans"]

# Date part (YYMMDD or CCYYMMDD), separator, serial and check digit. Separators: "-" (or "+"
# from the year a person turns 100), a space, nothing, or a dash that a word processor put in
# place of the hyphen. Digits must not continue on either side, so a number inside a longer run
# of digits (an order or account number) never matches. The pattern starts with a plain digit
# class rather than a lookbehind so that the regex engine can skip quickly to the next digit.
_CANDIDATE = re.compile(
    r"([0-9](?<![0-9]{2})[0-9]{5}(?:[0-9]{2})?)[-+ \u2010-\u2015\u2212]?([0-9]{4})(?![0-9])"
)
_CENTURIES = frozenset({"18", "19", "20"})
# People mistype: a date-valid number that fails the check digit is still flagged when one of
# these words stands close by (legal-rules.md §7.4, a judgement call). Stems catch inflections
# such as "personnumret".
_KEYWORD = re.compile(r"\b(?:personnum|pnr\b|samordningsnum|födelsenum)")
_KEYWORD_REACH = 30
_DIGITS = 10
# Looser spellings: digits in pairs or groups, with spaces, dots or dashes between.
# The first digit, then a look back: the scan skips to digits (same matches, 3× as fast).
_LOOSE = re.compile(r"[0-9](?<![0-9][0-9])(?:[ .\u2010-\u2015\u2212-]{0,3}[0-9]){9,11}(?![0-9])")
# "850312 - 4128": spaces around the dash, a personal number only beside a keyword.
_LOOSE_HINT = re.compile(r"[0-9][ .][0-9]|[0-9] [\u2010-\u2015\u2212-]")
_DOTTED = re.compile(r"(?:[0-9]{2})?[0-9]{6}\.[0-9]{4}")
_LOOSE_KEYWORD = re.compile(
    r"\b(?:personnum|pnr\b|personnr|samordningsnum|födelsenum|personal (?:identity )?number"
    r"|person number|social security number|id-nummer|identifiering|identification)"
)
_KEYWORD_LONGEST = len("samordningsnum")


def check_pnr(field: FieldText, context: PolicyContext) -> Finding | None:
    found = field_pnr_spans(field)
    spans = [field.text.original_span(start, end) for start, end in found]
    # Written as words ("åtta fem ett två …"): only with a valid check digit.
    spans += [
        (start, end)
        for start, end, digits in spelled_numbers(field)
        if len(digits) in (10, 12) and _valid_digits(digits, loose=False)
    ]
    return Finding(spans=tuple(sorted(spans))) if spans else None


def field_pnr_spans(field: FieldText) -> list[tuple[int, int]]:
    """``pnr_spans`` of a field, computed once (PII-PHONE asks too); none below 10 digits."""
    cached: list[tuple[int, int]] | None = field.__dict__.get("_pnr_spans")
    if cached is None:
        # A number needs six digits in a row (the date) or digits in pairs ("53 09 29").
        classes = field.classes
        maybe = b"000000" in classes or b"00 00 00" in classes
        cached = pnr_spans(field.text.text) if maybe and field.digit_count >= _DIGITS else []
        field.__dict__["_pnr_spans"] = cached
    return cached


def pnr_spans(text: str) -> list[tuple[int, int]]:
    """Where personal or coordination numbers are in ``text`` (normalised: digits folded)."""
    spans: list[tuple[int, int]] = []
    position = 0
    while match := _CANDIDATE.search(text, position):
        if _accepted(match, text):
            spans.append(match.span())
            position = match.end()
        else:
            # A rejected candidate must not swallow digits that start a valid one.
            position = match.start() + 1
    if _LOOSE_HINT.search(text):
        spans += [span for span in _loose_spans(text) if not _overlaps(span, spans)]
    return sorted(spans)


def _loose_spans(text: str) -> list[tuple[int, int]]:
    """Digits in pairs or with other separators ("53 09 29 – 98 31", "940521.8620"): a
    personal number only with a valid check digit and either the usual grouping with a dot,
    or a keyword ("personnummer", "pnr", "personal number") close by."""
    found = []
    for match in _LOOSE.finditer(text):
        digits = re.sub(r"[^0-9]", "", match.group())
        if len(digits) not in (10, 12) or not _valid_digits(digits, loose=False):
            continue
        grouped = _DOTTED.fullmatch(match.group()) is not None
        if grouped or _near_keyword(text, match.start(), match.end(), _LOOSE_KEYWORD):
            found.append(match.span())
    return found


def _valid_digits(digits: str, *, loose: bool) -> bool:
    century = digits[:-10] or None
    if century is not None and century not in _CENTURIES:
        return False
    year, month, day, serial = digits[-10:-8], digits[-8:-6], digits[-6:-4], digits[-4:-1]
    if serial == "000" or not is_valid_date(century, year, month, day):
        return False
    return loose or luhn_check_digit(year + month + day + serial) == int(digits[-1])


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(start < span[1] and span[0] < end for start, end in spans)


def luhn_check_digit(digits: str) -> int:
    """Skatteverket's modulus-10 check digit: weights 2, 1, 2, … and digit sums of products."""
    total = 0
    for index, char in enumerate(digits):
        product = int(char) * (2 - index % 2)
        total += product - 9 if product > 9 else product
    return (10 - total % 10) % 10


def is_valid_date(century: str | None, year: str, month: str, day: str) -> bool:
    """True for a real calendar date; days 61–91 are coordination numbers (day + 60)."""
    month_number, day_number = int(month), int(day)
    if day_number > 60:
        day_number -= 60
    if not 1 <= month_number <= 12 or day_number < 1:
        return False
    # Without a century, 29 February is possible whenever some century makes it a leap year,
    # and 2000 + year is a leap year exactly when that is so.
    full_year = int(century + year) if century else 2000 + int(year)
    return day_number <= calendar.monthrange(full_year, month_number)[1]


def _accepted(match: re.Match[str], text: str) -> bool:
    digits = "".join(match.groups())
    if not _valid_digits(digits, loose=True):
        return False
    if _valid_digits(digits, loose=False):
        return True
    return _near_keyword(text, match.start(), match.end(), _KEYWORD)


def _near_keyword(text: str, start: int, end: int, keywords: re.Pattern[str]) -> bool:
    window_start = max(0, start - _KEYWORD_REACH - _KEYWORD_LONGEST)
    window_end = end + _KEYWORD_REACH + _KEYWORD_LONGEST
    return any(
        keyword.end() >= start - _KEYWORD_REACH and keyword.start() <= end + _KEYWORD_REACH
        for keyword in keywords.finditer(text, window_start, window_end)
    )
