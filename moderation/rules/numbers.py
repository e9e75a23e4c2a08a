"""Numbers written as words: "noll sju tre – fem fem fem", "seven zero, fifty-six".

A common dodge for phone and personal numbers. ``spelled_numbers`` finds runs of number words
in a field's letter view and reads them as digits ("fifty-six" → "56", "tjugo" → "20",
"tjugofem" is left alone), with the run's span in the original text.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

import ahocorasick

if TYPE_CHECKING:
    from moderation.analysis import FieldText

__all__ = ["spelled_numbers"]

_UNITS = {
    # "o" only inside a run: "noll-sju-tre 44 19 82 O".
    **dict.fromkeys(("noll", "zero", "oh", "nolla", "o"), "0"),
    **dict.fromkeys(("ett", "en", "one", "etta"), "1"),
    # Typed without the ring: "fyra tva atta atta".
    **dict.fromkeys(("två", "two", "tvåa", "tva"), "2"),
    **dict.fromkeys(("tre", "three", "trea"), "3"),
    **dict.fromkeys(("fyra", "four", "fyra"), "4"),
    **dict.fromkeys(("fem", "five", "femma"), "5"),
    **dict.fromkeys(("sex", "six", "sexa"), "6"),
    **dict.fromkeys(("sju", "seven", "sjua"), "7"),
    **dict.fromkeys(("åtta", "eight", "atta"), "8"),
    **dict.fromkeys(("nio", "nine", "nia"), "9"),
}
_TEENS = {
    **dict.fromkeys(("tio", "ten"), "10"),
    **dict.fromkeys(("elva", "eleven"), "11"),
    **dict.fromkeys(("tolv", "twelve"), "12"),
    **dict.fromkeys(("tretton", "thirteen"), "13"),
    **dict.fromkeys(("fjorton", "fourteen"), "14"),
    **dict.fromkeys(("femton", "fifteen"), "15"),
    **dict.fromkeys(("sexton", "sixteen"), "16"),
    **dict.fromkeys(("sjutton", "seventeen"), "17"),
    **dict.fromkeys(("arton", "eighteen"), "18"),
    **dict.fromkeys(("nitton", "nineteen"), "19"),
}
_TENS = {
    **dict.fromkeys(("tjugo", "twenty"), "2"),
    **dict.fromkeys(("trettio", "thirty"), "3"),
    **dict.fromkeys(("fyrtio", "forty"), "4"),
    **dict.fromkeys(("femtio", "fifty"), "5"),
    **dict.fromkeys(("sextio", "sixty"), "6"),
    **dict.fromkeys(("sjuttio", "seventy"), "7"),
    **dict.fromkeys(("åttio", "eighty"), "8"),
    **dict.fromkeys(("nittio", "ninety"), "9"),
}
_HUNDREDS = ("hundra", "hundred")
_WORDS = sorted({*_UNITS, *_TEENS, *_TENS, *_HUNDREDS, "plus"}, key=len, reverse=True)
# Tens may be glued to a unit ("trettiofyra", "fifty-six"); words are separated by spaces,
# commas or dashes.
_TOKEN = "(?:" + "|".join(_WORDS) + ")"
# After a number word, digit groups may follow: "zero seven two, 584 11 09".
# A Swedish number may glue several words: "nollsjuttiosex", "fyrahundrafemtio".
_WORD = rf"{_TOKEN}(?:-?{_TOKEN}){{0,3}}"
_RUN = re.compile(rf"(?<![^\W_]){_WORD}(?:[\s,–—\-]+(?:{_WORD}|\d{{1,4}})){{3,}}(?![^\W_])")
# Digits first, words after: "07O fem fem 1 9 2 8 4" (read on the digit view).
_MIXED_RUN = re.compile(rf"(?<![^\W_])\d{{1,4}}(?:[\s,–—\-]+(?:{_WORD}|\d{{1,4}})){{3,}}(?![^\W_])")
_DIGIT_THEN_WORD = re.compile(
    r"\d[\s,–—\-]+(?:noll|ett|två|tre|fyra|fem|sex|sju|åtta|nio|zero|one|two|three|four"
    r"|five|six|seven|eight|nine)[\s,–—\-]+[\d\w]"
)
_PIECE = re.compile(rf"{_TOKEN}|\d+")
_TELLING = (
    "noll",
    "zero",
    " oh ",
    "sju ",
    "seven",
    "åtta ",
    "atta ",
    "eight",
    "nio ",
    "nine",
    "fyra ",
    "four",
    "två ",
    "tva ",
    "two ",
    "tre ",
    "three",
    "fem ",
    "five",
    "sex ",
    "six ",
    # Tens, and digit words before a comma or a dash: "sex ett åtta, tjugotvå, femtiofem",
    # "four-four-one, twenty-two".
    *("tjugo", "trettio", "fyrtio", "femtio", "sextio", "sjuttio", "åttio", "nittio"),
    *("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"),
    *(
        f"{word}{mark}"
        for word in ("sju", "åtta", "nio", "fyra", "två", "tre", "fem", "sex")
        for mark in ",-"
    ),
)
_MIN_WORDS = 5
_MIN_MIXED_DIGITS = 4


@cache
def _telling() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for word in _TELLING:
        automaton.add_word(word, word)
    automaton.make_automaton()
    return automaton


#: Everyday words that are also number words: a run must have enough real digits.
_MIN_DIGITS = 7


def spelled_numbers(field: FieldText) -> list[tuple[int, int, str]]:
    """``(start, end, digits)`` in the original text for each run of number words; computed
    once per field (PII-PHONE and PII-PNR both ask)."""
    cached: list[tuple[int, int, str]] | None = field.__dict__.get("_spelled_numbers")
    if cached is None:
        cached = field.__dict__["_spelled_numbers"] = _spelled(field)
    return cached


def _spelled(field: FieldText) -> list[tuple[int, int, str]]:
    text = field.letters.text
    # A phone or personal number in words has many digit words, which everyday text seldom
    # has: look further only when at least two different ones and five in all are there.
    # A Swedish phone number starts with a zero, and so do most numbers read out loud.
    found = _mixed(field) if field.digit_count >= 2 else []
    if "noll" not in text and "zero" not in text and " oh" not in text and "-oh" not in text:
        return found
    seen = [word for _, word in _telling().iter(text)]
    # Or two and digits beside them: "zero seven two, 584 11 09".
    mixed = len(set(seen)) >= 2 and field.digit_count >= _MIN_MIXED_DIGITS
    if (len(seen) < _MIN_WORDS and not mixed) or len(set(seen)) < 2:
        return found
    for run in _RUN.finditer(text):
        digits = _read(run.group())
        if len(digits.lstrip("+")) >= _MIN_DIGITS:
            start, end = field.letters.original_span(run.start(), run.end())
            found.append((start, end, digits))
    return found


def _mixed(field: FieldText) -> list[tuple[int, int, str]]:
    """Digit groups with number words among them: "07O fem fem 1 9 2 8 4"."""
    text = field.digits.text
    if _DIGIT_THEN_WORD.search(text) is None:
        return []
    found = []
    for run in _MIXED_RUN.finditer(text):
        if not any(piece.isalpha() for piece in _PIECE.findall(run.group())):
            continue
        digits = _read(run.group())
        if len(digits.lstrip("+")) >= _MIN_DIGITS:
            start, end = field.digits.original_span(run.start(), run.end())
            found.append((start, end, digits))
    return found


def _read(run: str) -> str:
    digits: list[str] = []
    pending_ten: str | None = None
    for word in _pieces(run):
        if word.isdigit():
            if pending_ten is not None:
                digits.append(pending_ten + "0")
                pending_ten = None
            digits.append(word)
            continue
        if pending_ten is not None and word in _UNITS and word not in ("noll", "zero", "oh"):
            digits.append(pending_ten + _UNITS[word])
            pending_ten = None
            continue
        if pending_ten is not None:
            digits.append(pending_ten + "0")
            pending_ten = None
        if word == "plus":
            digits.append("+")
        elif word in _UNITS:
            digits.append(_UNITS[word])
        elif word in _TEENS:
            digits.append(_TEENS[word])
        else:
            pending_ten = _TENS[word]
    if pending_ten is not None:
        digits.append(pending_ten + "0")
    return "".join(digits)


def _pieces(run: str) -> list[str]:
    """The run's words and digit groups; a number with hundreds ("fyrahundrafemtio", "four
    hundred fifty") becomes its digits ("450")."""
    pieces = _PIECE.findall(run)
    out: list[str] = []
    index = 0
    while index < len(pieces):
        if index + 1 < len(pieces) and pieces[index + 1] in _HUNDREDS and pieces[index] in _UNITS:
            value = int(_UNITS[pieces[index]]) * 100
            index += 2
            if index < len(pieces) and pieces[index] in _TEENS:
                value += int(_TEENS[pieces[index]])
                index += 1
            elif index < len(pieces) and pieces[index] in _TENS:
                value += int(_TENS[pieces[index]]) * 10
                index += 1
                if index < len(pieces) and pieces[index] in _UNITS and _UNITS[pieces[index]] != "0":
                    value += int(_UNITS[pieces[index]])
                    index += 1
            elif index < len(pieces) and pieces[index] in _UNITS and _UNITS[pieces[index]] != "0":
                value += int(_UNITS[pieces[index]])
                index += 1
            out.append(str(value))
            continue
        if pieces[index] not in _HUNDREDS:
            out.append(pieces[index])
        index += 1
    return out
