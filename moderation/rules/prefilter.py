"""One pass over a text before the large constructions (issue 16, speed): which of them can
match at all.

Each gated pattern is read once, at import, into a condition on the literal strings any match
must contain (the idea of RE2's and codesearch's prefilters): ``(?:ska|kommer att) (?:\\w+ )?
(?:ångra sig|lida)`` needs "ska " or "kommer att " and "ångra sig" or "lida". The literals of
every gated pattern go into one Aho-Corasick automaton; a text is scanned by it once, and a
pattern runs only where its condition holds. A condition is necessary, never sufficient, so
the verdicts are those of the patterns run on every text: only the time changes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

import ahocorasick

__all__ = ["condition", "found_literals", "gated", "gated_finditer", "literals", "possible"]

#: Literals shorter than this say too little ("i", "vi") and are left out of conditions.
_SHORTEST = 3
#: The most strings a piece of a pattern is followed as exactly ("[åa]ngra" is two).
_MOST_EXACT = 64

# A condition: True (anything may match), a frozenset of literals (any one of them), or a
# tuple ("and", parts) / ("or", parts).
Cond = Any
_ALWAYS: Cond = True


def _or(parts: list[Cond]) -> Cond:
    if any(part is True for part in parts):
        return True
    literals = frozenset().union(*(part for part in parts if isinstance(part, frozenset)))
    rest = [part for part in parts if not isinstance(part, frozenset)]
    if not rest:
        return literals
    return ("or", (*rest, literals) if literals else tuple(rest))


def _and(parts: list[Cond]) -> Cond:
    rest = [part for part in parts if part is not True]
    if not rest:
        return True
    return rest[0] if len(rest) == 1 else ("and", tuple(rest))


def _too_short(string: str) -> bool:
    # An emoji alone is a telling literal; a letter or two is not (" vi " is a word).
    word = string.strip(EDGE + " ")
    return (len(word) < 2 and (word.isascii() or word.isalnum())) or (
        len(string) < _SHORTEST and (string.isascii() or string.isalnum())
    )


def _of_exact(strings: frozenset[str]) -> Cond:
    if any(_too_short(string) for string in strings):
        return True
    return strings


class _Info:
    """What a piece of a pattern matches: exactly one of a few strings, or under a condition."""

    __slots__ = ("cond", "exact")

    def __init__(self, exact: frozenset[str] | None, cond: Cond = True) -> None:
        self.exact = exact
        self.cond = cond

    def as_cond(self) -> Cond:
        return _of_exact(self.exact) if self.exact is not None else self.cond


_EMPTY = _Info(frozenset({""}))


def _edge(arg: Any) -> tuple[int, str]:
    direction, subpattern = arg
    return direction, repr(subpattern.data)


# The edges of a word as the patterns write them, "(?<![^\W_])" and "(?![^\W_])": a mark
# that a literal at the start or end of a string must begin or end a word in the text.
_EDGES = {_edge(sre_parse.parse(edge)[0][1]) for edge in (r"(?<![^\W_])", r"(?![^\W_])")}
EDGE = "\x00"
_EDGE = _Info(frozenset({EDGE}))
_ANYTHING = _Info(None)


def _joined(first: str, second: str) -> str:
    """Two strings one after the other; the marks of edges inside it are dropped."""
    both = first + second
    inner = both[1:-1].replace(EDGE, "")
    return both[:1] + inner + both[-1:] if len(both) > 1 else both


def _sequence(items: Any, edge: bool = False) -> _Info:
    """What a sequence matches; ``edge``: it starts where a word does."""
    exact = frozenset({EDGE if edge else ""})
    conds: list[Cond] = []
    for op, arg in items:
        info = _piece(op, arg, edge=all(string.endswith(EDGE) for string in exact))
        if info.exact is not None:
            if len(exact) * len(info.exact) <= _MOST_EXACT:
                exact = frozenset(_joined(a, b) for a in exact for b in info.exact)
                continue
            conds.append(_of_exact(exact))
            exact = info.exact
        else:
            conds += [_of_exact(exact), info.cond]
            exact = frozenset({""})
    if not conds:
        return _Info(exact)
    return _Info(None, _and([*conds, _of_exact(exact)]))


def _piece(op: Any, arg: Any, *, edge: bool) -> _Info:
    if op is sre.LITERAL:
        return _Info(frozenset({chr(arg)}))
    if op is sre.IN:
        if all(kind is sre.LITERAL for kind, _ in arg):
            return _Info(frozenset(chr(code) for _, code in arg))
        return _ANYTHING
    if op is sre.SUBPATTERN:
        return _sequence(arg[-1], edge)
    if op is sre.BRANCH:
        infos = [_sequence(branch, edge) for branch in arg[1]]
        if all(info.exact is not None for info in infos):
            union = frozenset().union(*(info.exact for info in infos if info.exact is not None))
            if len(union) <= _MOST_EXACT:
                return _Info(union)
        return _Info(None, _or([info.as_cond() for info in infos]))
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, _high, item = arg
        return _Info(None, _sequence(item, edge).as_cond()) if low >= 1 else _ANYTHING
    if op is sre.ASSERT_NOT and _edge(arg) in _EDGES:
        return _EDGE
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return _EMPTY
    return _ANYTHING


def condition(pattern: re.Pattern[str]) -> Cond:
    """The literals any match of ``pattern`` contains, as a condition (True: no telling)."""
    if pattern.flags & re.IGNORECASE:
        return True
    return _sequence(sre_parse.parse(pattern.pattern, pattern.flags).data).as_cond()


#: The most alternatives a condition is spread into; past it, the shortest parts are dropped.
_MOST_TERMS = 512

Term = tuple[frozenset[str], ...]


def _terms(cond: Cond) -> list[Term]:
    """The condition as alternatives of sets that all need one of their literals (a weaker
    condition where spreading it out would grow past ``_MOST_TERMS``)."""
    if cond is True:
        return [()]
    if isinstance(cond, frozenset):
        return [(cond,)]
    spread = [_terms(part) for part in cond[1]]
    if cond[0] == "or":
        terms = [term for part in spread for term in part]
        return [()] if () in terms else terms
    product: list[Term] = [()]
    for part in spread:
        if len(product) * len(part) > _MOST_TERMS:
            continue  # dropping a part keeps the condition necessary
        product = [left + right for left in product for right in part]
    return product


#: Each gated pattern: None when any text may match it, else its alternatives by the literal
#: that sets each off (a literal of its last set: the words after a modal tell the most).
_GATED: dict[re.Pattern[str], dict[str, list[Term]] | None] = {}
#: A gated pattern, its alternatives by literal, and those literals as a set (intersected
#: with a text's literals in time of the smaller set, unlike the dictionary's keys).
_Registered = tuple[re.Pattern[str], dict[str, list[Term]] | None, frozenset[str]]


def gated(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """Registers ``pattern`` with the shared scan (at import); returns it unchanged."""
    terms = _terms(condition(pattern))
    if () in terms:
        _GATED[pattern] = None
    else:
        index: dict[str, list[Term]] = {}
        for term in terms:
            for literal in term[-1]:
                index.setdefault(literal, []).append(term[:-1])
        _GATED[pattern] = index
    _automaton.cache_clear()
    _found.cache_clear()
    return pattern


#: For each literal, the gated patterns (by ``id``) it sets off, with what else each needs.
_Triggers = dict[str, tuple[tuple[int, tuple[Term, ...]], ...]]
#: Texts recently scanned, and the ``id`` of every pattern whose condition holds in each.
_Memo = dict[str, frozenset[int]]
_MEMO_SIZE = 16


def _triggers_of(registered: dict[int, _Registered]) -> _Triggers:
    by_literal: dict[str, list[tuple[int, tuple[Term, ...]]]] = {}
    for key, (_, index, _) in registered.items():
        for literal, rests in (index or {}).items():
            by_literal.setdefault(literal, []).append((key, tuple(rests)))
    return {literal: tuple(entries) for literal, entries in by_literal.items()}


def _possible_ids(text: str) -> frozenset[int]:
    """The ``id`` of every registered pattern whose condition holds in ``text``: one pass
    over the literals the scan found, instead of one intersection per pattern and call.
    Kept with the automaton they were computed with, so a new registration starts afresh."""
    _, _, triggers, memo = _automaton()
    ids = memo.get(text)
    if ids is not None:
        return ids
    found = _found(text)
    ok: set[int] = set()
    for literal in found:
        for key, rests in triggers.get(literal, ()):
            if key in ok:
                continue
            for rest in rests:
                for needed in rest:
                    if needed.isdisjoint(found):
                        break
                else:
                    ok.add(key)
                    break
    if len(memo) >= _MEMO_SIZE:
        memo.clear()
    ids = memo[text] = frozenset(ok)
    return ids


#: Plain strings a module looks for itself (``literals``), scanned in the same pass.
_LITERALS: set[str] = set()


def literals(strings: Iterable[str]) -> None:
    """Registers plain strings with the shared scan (at import), for ``found_literals``."""
    _LITERALS.update(strings)
    _automaton.cache_clear()
    _found.cache_clear()


def found_literals(text: str, strings: frozenset[str]) -> frozenset[str]:
    """Which of ``strings`` (registered with ``literals``) occur in ``text``: one shared
    Aho-Corasick scan per text for every module, instead of one scan each."""
    return strings & _found(text)


@lru_cache(maxsize=1)
def _automaton() -> tuple[ahocorasick.Automaton | None, dict[int, _Registered], _Triggers, _Memo]:
    """The automaton over every gated pattern's literals, and the patterns by ``id``: a
    compiled pattern's hash reads all of its code (microseconds for the large ones), so
    ``possible`` finds a pattern by identity first."""
    registered = {
        id(pattern): (pattern, index, frozenset(index or ())) for pattern, index in _GATED.items()
    }
    literals: set[str] = set(_LITERALS)
    for index in _GATED.values():
        for trigger, rests in (index or {}).items():
            literals.add(trigger)
            literals.update(*(needed for rest in rests for needed in rest))
    triggers = _triggers_of(registered)
    if not literals:
        return None, registered, triggers, {}
    marks: dict[str, list[tuple[str, bool, bool]]] = {}
    for literal in literals:
        bare = literal.strip(EDGE)
        variants = marks.setdefault(bare, [])
        if literal != bare:
            variants.append((literal, literal.startswith(EDGE), literal.endswith(EDGE)))
    automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY)
    for bare, variants in marks.items():
        automaton.add_word(bare, (bare, tuple(variants)))
    automaton.make_automaton()
    return automaton, registered, triggers, {}


@lru_cache(maxsize=16)
def _found(text: str) -> frozenset[str]:
    automaton = _automaton()[0]
    if automaton is None:
        return frozenset()
    found: set[str] = set()
    last = len(text) - 1
    for end, (bare, marked) in automaton.iter(text):
        found.add(bare)
        # Each edge is looked at only for a variant not found yet that needs it: most
        # matches of the short literals ("er", "he") are inside words, and one look tells.
        for literal, need_left, need_right in marked:
            if literal in found:
                continue
            # "[^\W_]" is what str.isalnum() says of a character.
            if need_left:
                start = end + 1 - len(bare)
                if start and text[start - 1].isalnum():
                    continue
            if need_right and end != last and text[end + 1].isalnum():
                continue
            found.add(literal)
    return frozenset(found)


def possible(pattern: re.Pattern[str], text: str) -> bool:
    """False when ``pattern`` (registered with ``gated``) cannot match anywhere in ``text``."""
    found_by_id = _automaton()[1].get(id(pattern))
    if found_by_id is not None and found_by_id[0] is pattern:
        if found_by_id[1] is None:
            return True
        return id(pattern) in _possible_ids(text)
    index = _GATED.get(pattern)  # an equal pattern compiled again
    triggers = frozenset(index or ())
    if index is None:
        return True
    found = _found(text)
    for literal in triggers & found:
        for rest in index[literal]:
            for needed in rest:
                if needed.isdisjoint(found):
                    break
            else:
                return True
    return False


def gated_finditer(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, or nothing when the gate says it cannot match."""
    return pattern.finditer(text) if possible(pattern, text) else iter(())
