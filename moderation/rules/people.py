"""Who a text is about: people a reader can identify without their full name. Used as the
targets of threats, the subjects of defamation and of insults."""

from __future__ import annotations

import re

from moderation.analysis import FieldText
from moderation.lexicon import Category, Entry, Match, first_names
from moderation.rules.wording import NEXT_WORD, told
from moderation.wordforms import is_lemma

__all__ = ["ROLE_ENTRY", "people_by_role", "roles_of_bodies"]


# A person by role: a Swedish agent noun in the definite form ("tandläkaren", "handläggaren",
# "vägingenjören", "barnmorskan") whose indefinite form is an ordinary word; an English role
# noun after a determiner ("the night nurse", "that surgeon"); a given name with a surname or
# its initial ("Tomas B", "Maja S."), or a title with a name ("Mr. Sandberg", "nurse Hanna").
_AGENTS = (
    r"kvinn|chef|ledar|läkar|skötersk|ingenjör|direktör|lärar|rektor|doktor|tolk|"
    r"barnmorsk|polis|vakt|ägar|förar|chaufför|bond|präst|assistent|biträd|handläggar|"
    r"inspektör|tekniker|kock|kassörsk|ordförand|föreståndar|sekreterar|hygienist|kyrkoherd|"
    # Typed without å, ä, ö: "overlakaren", "chaufforen", "forestandaren".
    r"lakar|skotersk|ingenjor|direktor|larar|forar|chauffor|inspektor|kassorsk|ordforand|"
    r"forestandar|bitrad"
)
_SV_ROLE = re.compile(
    r"(?<![^\W_])([a-zåäö]{0,25}(?:ar|ör|är|ist|ent|ant|arie|iker|log|man|"
    r"(?P<agent>" + _AGENTS + r")))(en|n|an)(?![^\W_])"
)
_AGENT_END = re.compile(r"(?:" + _AGENTS + r")(?:en|n|an)$")
_EN_ROLES = frozenset(
    """nurse doctor surgeon teacher principal driver officer director manager boss ceo
    engineer herder landlord landlady treasurer worker biologist inspector official
    caseworker dentist midwife priest coach janitor caretaker librarian receptionist clerk
    guard ranger hunter farmer owner pastor therapist consultant contractor plumber
    electrician secretary administrator supervisor planner interpreter paramedic physician
    psychiatrist psychologist pharmacist counsellor counselor councillor councilor chairman
    chairwoman headteacher headmaster instructor trainer coordinator social-worker carer
    cashier neighbour neighbor conductor inspector warden vet mayor leader chair chairperson
    vicar bishop head""".split()  # noqa: SIM905
)
_EN_DETERMINERS = frozenset({"the", "that", "this", "our", "my", "your", "their", "his", "her"})
_TITLES = frozenset(
    "mr mrs ms miss dr herr fru nurse doctor councillor principal teacher syster doktor".split()  # noqa: SIM905
)
_CAPITALISED_OR_INITIAL = re.compile(
    r"[A-ZÅÄÖÉÜ](?:[a-zåäöéü]+(?:-[A-ZÅÄÖÉÜ][a-zåäöéü]+)?|\.|(?![\w]))"
)
ROLE_ENTRY = Entry("role", Category.PERSON, 1, "*")


def people_by_role(field: FieldText) -> list[Match]:
    """People a reader can identify without their full name; see ``_SV_ROLE``. Found once
    per field: three rules ask."""
    cached: list[Match] | None = field.__dict__.get("people_by_role")
    if cached is None:
        cached = field.__dict__["people_by_role"] = _find_people_by_role(field)
    return cached


def roles_of_bodies(field: FieldText) -> list[Match]:
    """A role held in a named body: "Regionstyrelsens ordförande", "skolans rektor". One
    person, but often a public one: defamation asks, insults and threats do not ("Regionens
    ordförande är en lögnare" is criticism in role)."""
    if field.lang == "en":
        return []
    found = []
    for owned in _OWNED.finditer(field.letters.text):
        token = owned.group(1)
        if _sv_role(token + "n") or _sv_role(token + "en"):
            found.append(Match(owned.start(), owned.end(), ROLE_ENTRY))
    return found


def _find_people_by_role(field: FieldText) -> list[Match]:
    found = _named_people(field)
    text = field.letters.text
    swedish = field.lang != "en"
    for certain in _CERTAIN.finditer(text):
        # "en viss sjuksköterska på akuten", "a certain teacher": pointed at, not named.
        token = certain.group(1)
        if token in _EN_ROLES or _sv_role(token + "n") or _sv_role(token + "en"):
            found.append(Match(certain.start(), certain.end(), ROLE_ENTRY))
    if swedish:
        # "Kommunalrådet i Storuman", "regionrådet": a politician by office (neuter).
        found += [Match(m.start(), m.end(), ROLE_ENTRY) for m in _COUNCILLOR.finditer(text)]
    for word in _WORDS.finditer(text):
        token = word.group()
        if (swedish and _sv_role(token)) or (
            token in _EN_ROLES
            and any(b in _EN_DETERMINERS for b in field.words_before(word.start(), 3))
        ):
            found.append(Match(word.start(), word.end(), ROLE_ENTRY))
        elif token in _TITLES:
            # "Mr. Sandberg", "Dr Lind".
            after = NEXT_WORD.match(
                text, word.end() + int(text[word.end() : word.end() + 1] == ".")
            )
            if after is not None:
                start, _ = field.letters.original_span(after.start(1), after.end(1))
                if field.original[start : start + 1].isupper():
                    found.append(Match(word.start(), after.end(1), ROLE_ENTRY))
    return found


_HEAD = 6
_OWNED = re.compile(
    r"(?<![^\W_])(?!(?:hans|hennes|dens|dets) )[^\W\d_]{2,30}(?:ens|ets|ans|ns|ts) "
    r"([^\W\d_]{3,30})(?![^\W_])"
)
_COUNCILLOR = re.compile(
    r"(?<![^\W_])(?:kommunal|region|landstings|oppositions|stats)r[åa]det(?![^\W_])"
)
_CERTAIN = re.compile(
    r"(?<![^\W_])(?:en viss|ett visst|en särskild|a certain|one particular|a particular|"
    r"vilken) "
    r"([^\W\d_]{3,30})(?![^\W_])"
)


def _sv_role(token: str) -> bool:
    """A Swedish role in the definite form. A role word ending ("fritidsledaren") is enough; a
    bare agent ending ("-aren") must make an ordinary word ("läkare"): "sommaren" is no one."""
    if not token.endswith(_DEFINITE):
        return False
    role = _SV_ROLE.fullmatch(token)
    return role is not None and (
        bool(role.group("agent"))
        or _AGENT_END.search(token) is not None
        or _role_word(role.group(1))
    )


def _role_word(stem: str) -> bool:
    """The stem, or its compound head ("varg|politiker", "bygglovs|handläggare"), is an
    ordinary word: "politiker", "läkare"; "sommaren" is no person."""
    for start in range(0, max(1, len(stem) - _HEAD + 1)):
        head = stem[start:]
        if is_lemma(head + "e") or is_lemma(head) or is_lemma(head + "a"):
            return True
    return False


_WORDS = re.compile(r"[^\W\d_]{2,30}")
_DEFINITE = ("n", "en", "an")


# A capitalised word before a surname with a Swedish surname ending: "Kenneth Marklund",
# "Sandra Holm", "Bertil Vikström", "Olle Granström" — given names no list has.
# Overlapping (a lookahead): "Barnmorskan Helena Sjöberg" tries "Helena Sjöberg" too.
_SURNAME = re.compile(
    r"(?<![\w-])(?=([A-ZÅÄÖÉÜ][a-zåäöéü]{1,15}(?:-[A-ZÅÄÖÉÜ][a-zåäöéü]{1,15})?) "
    r"([A-ZÅÄÖ][a-zåäöéü]{2,20})(?![\w-]))"
)
_SURNAME_ENDINGS = tuple(
    """sson son berg ström lund qvist kvist gren holm dahl blad blom sjö bäck stedt ling lin
    ell ér én mark fors vik hed löf stam borg lind näs ros man felt bom nér""".split()  # noqa: SIM905
)
# Capitalised words that are not given names, before a surname-like word ("Norra Lund").
_NOT_GIVEN = frozenset(
    """Norra Södra Östra Västra Stora Lilla Nya Gamla Sankt Hotell Restaurang Café Kafé
    Camping Bruk Kyrkan Skolan Vi Jag De Dom Han Hon Den Det Och Men När Om I På Till Från
    The In At From And But When If Of To For Lake Mount North South East West Hotel""".split()  # noqa: SIM905
)
_SURNAME_ENTRY = Entry("name", Category.PERSON, 1, "*")


def _surnamed(field: FieldText) -> list[Match]:
    original = field.original
    found = []
    for name in _SURNAME.finditer(original):
        given, surname = name.groups()
        if given in _NOT_GIVEN or not surname.lower().endswith(_SURNAME_ENDINGS):
            continue
        start, end = name.start(1), name.end(2)
        found.append(_to_letters(field, start, end))
    return [match for match in found if match is not None]


def _to_letters(field: FieldText, start: int, end: int) -> Match | None:
    """The letter view's stretch for an original span (names are typed plainly)."""
    text = field.letters.text
    needle = field.original[start:end].lower()
    at = text.find(needle, max(0, start - 40))
    if at < 0:
        at = text.find(needle)
    return Match(at, at + len(needle), _SURNAME_ENTRY) if at >= 0 else None


def _named_people(field: FieldText) -> list[Match]:
    """Given names written with a capital and followed by a capitalised surname."""
    original = field.original
    found = _surnamed(field)
    names = first_names()
    for match in field.of(Category.FIRST_NAME):
        start, end = field.span(match)
        if match.entry.term not in names or not original[start : start + 1].isupper():
            continue
        surname = (
            _CAPITALISED_OR_INITIAL.match(original, end + 1)
            if original[end : end + 1] == " "
            else None
        )
        if surname is not None:
            found.append(match)
    return found


def person_near(
    field: FieldText,
    hit: re.Match[str],
    sentence: int,
    words: re.Pattern[str],
    *,
    before: int,
    after: int,
    back: int,
) -> bool:
    """A person from ``before`` sentences before the hit's ``sentence`` to ``after`` after it:
    one of ``words`` (the reader, a pronoun; looked for from ``back`` characters before the
    hit to 200 after it), a role, a public role, a name or a target."""
    text = field.letters.text
    lo, hi = max(0, hit.start() - back), hit.end() + 200
    for word in words.finditer(text, lo, hi):
        if sentence - before <= field.sentence_index(word.start()) <= sentence + after:
            return True
    people = [
        *people_by_role(field),
        *field.of(Category.PUBLIC_ROLE, Category.PERSON, Category.TARGET),
    ]
    return any(
        sentence - before <= field.sentence_index(p.start) <= sentence + after for p in people
    )


def told_at(field: FieldText, hit: re.Match[str], reported: list[Match]) -> bool:
    """``wording.told`` for a pattern's match on the letter view: quoted or reported."""
    return told(field, Match(hit.start(), hit.end(), ROLE_ENTRY), reported)
