"""Contact details: PII-PHONE, PII-EMAIL and PII-ADDRESS (legal-rules.md §3.3, PII-CONTACT).

A private person's phone number, e-mail address or home address is masked or held; the
contact details of an organisation or of an official in their public role are not
(legal-rules.md: "a switchboard, a registratur address … are fine"). So every check looks at
what stands around the match: an organisation word before a number ("ring vårdcentralen på
…"), a public-sector e-mail domain or a role mailbox (registrator@…), a word that makes a
street address someone's home ("bor på Björkvägen 12").

Phone numbers are found on the digit view (so "O7O-123 45 67" is seen as typed digits) with
a loose pattern and then validated with Google's ``phonenumbers``.
"""

from __future__ import annotations

import re
from functools import cache

import phonenumbers

from moderation.analysis import FieldText
from moderation.lexicon import Category, Match
from moderation.rules.base import Finding
from moderation.rules.links import MAIL_PROVIDERS, domain_kind
from moderation.rules.numbers import spelled_numbers
from moderation.rules.pnr import field_pnr_spans
from moderation.types import PolicyContext
from moderation.views import byte_classes

__all__ = ["check_address", "check_email", "check_phone"]

# A Swedish or international number: a trunk or country prefix, then digits with the usual
# separators; never inside a date ("2024-05-01"). Validated with ``phonenumbers`` afterwards.
# Each branch starts with the "+" or "0" it consumes and looks behind afterwards, so the scan
# skips to the next "+" or "0" (ten times as fast as lookbehinds first; same matches).
_PHONE = re.compile(
    r"\+(?<![\w+]\+)(?<!\d[-–/.]\+)[1-9][\d \-/().]{6,17}\d(?!\d)"
    r"|0(?<![\w+]0)(?<!\d[-–/.]0)0[1-9][\d \-/().]{6,17}\d(?!\d)"
    r"|0(?<![\w+]0)(?<!\d[-–/.]0) ?[1-9](?:[ \-–/()]{0,3}\d){6,11}(?!\d)"
)
_PHONE_DIGITS = range(8, 14)
_DIGIT_GROUP = re.compile(r"\d+")
# Seven digits (or digit look-alikes) with at most three separators between each.
_PHONE_HINT = re.compile(rb"0 ?0(?: {0,3}0){5}")
_ORGANISATION_BEFORE = 80
_ORGANISATION_AFTER = 30

# Anchored at the start of the local part, so that a long run of word characters is scanned
# once, not once per character.
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_AT = r"(?:\s*@\s*|\s*[(\[{]\s*(?:at|snabel-?a)\s*[)\]}]\s*|\s+(?:at|snabel-?a)\s+)"
_DOT = r"(?:\s*\.\s*|\s*[(\[{]\s*(?:dot|punkt|\.)\s*[)\]}]\s*|\s+(?:dot|punkt)\s+)"
_SPOKEN_DOT = r"(?:\s*[(\[{]\s*(?:dot|punkt|\.)\s*[)\]}]\s*|\s+(?:dot|punkt)\s+)"
_TLD = r"(?:com|se|nu|net|org|eu|io|info|fi|no|dk|de|co\.uk|uk)"
# "anna (at) gmail.com", "anna [snabel-a] hotmail [punkt] se"; a bare " at " only when the
# dot is spelled out too ("john at hotmail dot com"), so "book now at www.shop.info" is not
# an address.
_OBFUSCATED_EMAIL = re.compile(
    rf"(?<![\w.+-])[\w.+-]+\s*[(\[{{]\s*(?:at|snabel-?a)\s*[)\]}}]\s*[\w-]+(?:{_DOT}[\w-]+)*?{_DOT}{_TLD}\b"
    rf"|(?<![\w.+-])[\w.+-]+\s+(?:at|snabel-?a)\s+[\w-]+(?:{_SPOKEN_DOT}[\w-]+)*?{_SPOKEN_DOT}{_TLD}\b"
)
# A bare " at " before a written domain is an address when the domain is a mail provider's
# or the name before it looks like a person's ("anna.svensson at gmail.com"; not "book now at
# www.shop.info"); an "@" with spaces around it ("anna @ gmail . com") takes a dot written
# tight or with a space each side, so that a sentence ending ("tack @ anna. Se") is not one.
_TIGHT_DOT = r"(?:\.|\s+\.\s+|\s*[(\[{]\s*(?:dot|punkt|\.)\s*[)\]}]\s*|\s+(?:dot|punkt)\s+)"
_LOOSE_EMAIL = re.compile(
    rf"(?<![\w.+$€-])[^\W\d_][\w+-]*[._][^\W\d_][\w.+-]*\s+(?:at|snabel-?a)\s+[\w-]+(?:\.[\w-]+)*\.{_TLD}\b"
    rf"|(?<![\w.+-])[\w.+-]+\s+(?:at|snabel-?a)\s+{MAIL_PROVIDERS}\.{_TLD}\b"
    rf"|(?<![\w.+-])[\w.+-]+(?:\s+@\s*|\s*@\s+)[\w-]+(?:{_TIGHT_DOT}[\w-]+)*?{_TIGHT_DOT}{_TLD}\b"
)
# Cheap tests before the patterns: an obfuscated "at", or a spoken one with a spoken dot.
_AT_MARKERS = ("(at)", "[at]", "{at}", "( at )", "[ at ]", "snabel")
_DOT_WORDS = (" dot ", " punkt ", "(dot)", "[dot]", "(punkt)", "[punkt]", "[.]", "(.)")
#: Mailboxes of a function, not of a person: public contact points.
_ROLE_MAILBOXES = frozenset(
    {
        "info",
        "kontakt",
        "contact",
        "registrator",
        "registrar",
        "support",
        "kundtjanst",
        "kundservice",
        "press",
        "noreply",
        "no-reply",
        "service",
        "reception",
        "vaxel",
        "patientnamnden",
        "region",
        "kommun",
        "diarium",
        "kansli",
        "hello",
        "office",
        "webmaster",
        "bokning",
        "tandvard",
        "vardcentral",
        "1177",
    }
)
#: Domains of public bodies; a named official's work address there is public.
_PUBLIC_DOMAIN = re.compile(
    r"(?:^|\.)(?:region[\w-]*|[\w-]*kommun|lansstyrelsen|lst|1177|riksdagen|regeringen|polisen"
    r"|skatteverket|forsakringskassan|socialstyrelsen|folkhalsomyndigheten|imy|jo|skr"
    r"|krisinformation|trafikverket|umu|ltu)\.se$|\.gov(?:\.\w+)?$|\.europa\.eu$|\.int$"
)

# A house number in words, as people dodge: "Stora gatan tolv", "Sjögatan seven".
_HOUSE_WORD = (
    r"(?:ett|en|två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv|tretton|fjorton|femton|sexton"
    r"|sjutton|arton|nitton|tjugo\w*|one|two|three|four|five|six|seven|eight|nine|ten|eleven"
    r"|twelve)"
)
_STREET_ENDS = (
    r"(?:gatan|vägen|gränd|gränden|stigen|backen|allén|torget|platsen|leden|väg|gata|plan)"
)
_STREET = re.compile(
    rf"\b(?:(?:stora|lilla|gamla|nya|norra|södra|östra|västra|övre|nedre)\s+[a-zåäöéü]*"
    rf"|[a-zåäöéü]+){_STREET_ENDS}\s+(?:\d{{1,4}}(?:\s?[a-h])?\b|{_HOUSE_WORD}\b)"
    r"(?:,?\s+(?:lgh\s*)?\d{4})?(?:,?\s+\d{3}\s?\d{2}(?:\s+[a-zåäö]+)?)?"
    r"|\b\d{1,4}\s+[a-z][a-z]+\s+(?:street|road|avenue|lane|drive|close|way|crescent|terrace)\b"
)
_SWEDISH_STREET = re.compile(
    rf"(?:gatan|vägen|väg|gata|gränd|gränden|stigen|backen|allén|torget|platsen|leden)"
    rf" (?:\d|{_HOUSE_WORD}\b)"
)
_ENGLISH_STREET = re.compile(r"\d [a-z]+ (?:street|road|avenue|lane|drive|crescent|terrace)\b")
# Literal forms of the residence words, for a first test before any pattern runs.
_HOME_WORDS = (
    " bor",
    "adress",
    "hem till",
    "bostad",
    "lägenhet",
    "portkod",
    "villa",
    "huset",
    "lives",
    "living",
    "address",
    "house",
    "apartment",
    "flat",
    "boende",
    "bosatt",
    "hemma",
    "resid",
    "place",
    "home",
)
_RESIDENCE_REACH = 60
# Someone's own dwelling, or a neighbour, just before the street: "min granne på Björkvägen
# 7", "min ex-frus hus på Stationsgatan 22", "your little house on Stationsvägen 22".
_DWELLING = re.compile(
    r"(?<![^\W_])(?:(?:min|mitt|mina|din|ditt|dina|hans|hennes|deras|my|your|his|her|their)\s+"
    r"(?:[^\W\d_][\w-]*\s+){0,2}?(?:granne|grannar|grannen|neighbou?rs?)"
    r"|(?:din|ditt|hans|hennes|deras|your|his|her|their)\s+(?:[^\W\d_][\w-]*\s+){0,2}?"
    r"(?:hus|huset|house|home|villa|villan|radhus|radhuset|lägenhet|lägenheten|flat)"
    r"|(?:min|mitt|mina|my)\s+[^\W\d_][\w-]*s\s+(?:hus|huset|villa|lägenhet|house|home))"
    r"\s+(?:på|on|at|vid|in)\s*$"
)
_DWELLING_BEFORE = 40
_DWELLING_WORDS = ("granne", "grann", "neighbo", "hus", "house", "home", "villa", "stuga")
_CONTACT_HOPS = 2
_CONTACT_LABELS = frozenset(
    {
        "telefon",
        "tel",
        "tfn",
        "växel",
        "växeln",
        "phone",
        "tel.",
        "fax",
        "besöksadress",
        "postadress",
        "adress",
        "address",
        "e-post",
        "mejl",
        "email",
        "e-mail",
    }
)
_RESIDENCE_BEFORE = 12
# How far before a street address a named person gives it as theirs.
_PERSON_BEFORE = 40
_OFFICIAL_BEFORE = 120
_STREET_WORDS = ("gatan ", "vägen ", "väg ", "gata ", "gränd", "stigen ", "backen ")


def check_phone(field: FieldText, context: PolicyContext) -> Finding | None:
    # Read out in words, a number is as much an organisation's or a case's as in digits.
    spans = [
        (start, end)
        for start, end, digits in spelled_numbers(field)
        if _spelled_phone(digits)
        and (not _organisation_near(field, start, end) or _said_private(field, start))
    ]
    # Seven digits close together ("O7O-123 45 67" has them after the dodged "O7O").
    if field.digit_count < _PHONE_DIGITS.start - 3 or not _PHONE_HINT.search(_phone_classes(field)):
        return Finding(spans=tuple(spans)) if spans else None
    text = field.digits.text
    personal_numbers = [field.text.original_span(*span) for span in field_pnr_spans(field)]
    for start, end in _phone_candidates(text):
        start, end = field.digits.original_span(start, end)
        if any(s < end and start < e for s, e in personal_numbers):
            continue  # a personal number is PII-PNR's, whatever else it looks like
        if _organisation_near(field, start, end) and not _said_private(field, start):
            continue
        spans.append((start, end))
    return Finding(spans=tuple(spans)) if spans else None


def _spelled_phone(digits: str) -> bool:
    """A number read out in words: "seven-oh, four-four-one, …" leaves out the trunk zero."""
    if len(digits.lstrip("+")) in _PHONE_DIGITS and _valid_phone(digits):
        return True
    return (
        len(digits) == _PHONE_DIGITS.start + 1 and digits[0] == "7" and _valid_phone("0" + digits)
    )


def _phone_classes(field: FieldText) -> bytes:
    # As ``FieldText.classes``, but the letters o, l, i count as digits ("O7O-174 O6 42"),
    # and a dash typed as "–" or "—" separates like "-" ("07 0 – 2 3 4 – 5 6 – 7 8").
    text = field.text.text
    if "–" in text or "—" in text:
        text = text.replace("–", "-").replace("—", "-")
    return text.encode("utf-8", "surrogatepass").translate(_phone_classes_table())


@cache
def _phone_classes_table() -> bytes:
    table = bytearray(byte_classes(bytes(range(128)).decode()))
    table += b"a" * 128
    for char in "oli":
        table[ord(char)] = ord("0")
    return bytes(table)


def _phone_candidates(text: str) -> list[tuple[int, int]]:
    """Valid phone numbers in the digit view. A run that is more than one number ("070-123
    45 67 070-123 45 68") is cut back group by group until what is left is a valid number,
    and the search goes on after it."""
    found = []
    position = 0
    while match := _PHONE.search(text, position):
        valid = _longest_valid_prefix(match.group())
        if valid:
            found.append((match.start(), match.start() + valid))
            position = match.start() + valid
        else:
            position = match.end()
    return found


def _longest_valid_prefix(candidate: str) -> int:
    ends = [group.end() for group in _DIGIT_GROUP.finditer(candidate)]
    for end in reversed(ends):
        prefix = candidate[:end]
        if sum(char.isdigit() for char in prefix) < _PHONE_DIGITS.start:
            return 0
        if sum(char.isdigit() for char in prefix) in _PHONE_DIGITS and _valid_phone(prefix):
            return end
    return 0


def _valid_phone(candidate: str) -> bool:
    try:
        number = phonenumbers.parse(candidate, "SE")
    except phonenumbers.NumberParseException:
        return False
    return bool(phonenumbers.is_valid_number(number))


def check_email(field: FieldText, context: PolicyContext) -> Finding | None:
    text = field.text.text
    patterns = [_EMAIL] if "@" in text else []
    if (
        ("(" in text or "[" in text or "{" in text or "snabel" in text)
        and any(marker in text for marker in _AT_MARKERS)
    ) or (" at " in text and any(marker in text for marker in _DOT_WORDS)):
        patterns.append(_OBFUSCATED_EMAIL)
    spans: list[tuple[int, int]] = []
    for match in [*(m for pattern in patterns for m in pattern.finditer(text)), *_loose(text)]:
        local, domain = _split_address(match.group())
        if local in _ROLE_MAILBOXES or _public_domain(domain):
            continue
        span = field.text.original_span(match.start(), match.end())
        if span not in spans:
            spans.append(span)
    return Finding(spans=tuple(sorted(spans))) if spans else None


_LOOSE_MARKERS = (" at ", " snabel", "@ ", " @")
# How far a loose address reaches either side of its "at": a window, not the whole text, is
# searched (the pattern starts with a word character, so a search of the whole text would
# try it at every letter of every text with an " at ").
_LOOSE_BEFORE, _LOOSE_AFTER = 64, 96


def _loose(text: str) -> list[re.Match[str]]:
    """``_LOOSE_EMAIL``'s matches, looked for only around each "at", "snabel-a" or spaced
    "@"."""
    found: dict[tuple[int, int], re.Match[str]] = {}
    for marker in _LOOSE_MARKERS:
        index = text.find(marker)
        while index != -1:
            low, high = max(0, index - _LOOSE_BEFORE), min(len(text), index + _LOOSE_AFTER)
            for match in _LOOSE_EMAIL.finditer(text, low, high):
                found.setdefault(match.span(), match)
            index = text.find(marker, index + 1)
    return [found[span] for span in sorted(found)]


def _public_domain(domain: str) -> bool:
    """A public body's domain: the patterns above, or the link allow-list (umea.se, …)."""
    return _PUBLIC_DOMAIN.search(domain) is not None or domain_kind(domain) == "allow"


def _split_address(address: str) -> tuple[str, str]:
    parts = re.split(_AT, address, maxsplit=1)
    local = parts[0].strip()
    domain = re.sub(_DOT, ".", parts[1]).strip(" .") if len(parts) == 2 else ""
    return local, domain


def check_address(field: FieldText, context: PolicyContext) -> Finding | None:
    text = field.text.text
    # Cheap tests first: a street name before a house number (in digits, or in words, a
    # dodge), and only then who lives there and the full pattern.
    if not field.digit_count and not any(end in text for end in _STREET_WORDS):
        return None
    if not _street_before_number(text):
        return None
    home = any(word in text for word in _HOME_WORDS)
    residence = field.of(Category.RESIDENCE) if home else []
    # "Johan Nyström, Skolgatan 12 i Vilhelmina", "Till Jens Ö …: Granvägen 22": a private
    # person named right before a street address gives it as theirs.
    people = field.of(Category.FIRST_NAME, Category.PERSON)
    dwelling = any(word in text for word in _DWELLING_WORDS)
    if not residence and not people and not dwelling:
        return None
    spans = []
    for match in _STREET.finditer(text):
        start, end = field.text.original_span(match.start(), match.end())
        if dwelling and _DWELLING.search(
            field.original[max(0, start - _DWELLING_BEFORE) : start].lower()
        ):
            spans.append((start, end))
            continue
        # "bor på Björkvägen 12" is a home even in a sentence about the health centre.
        lives_here = _any_within(field, residence, start - _RESIDENCE_BEFORE, start)
        if not lives_here and _organisation_near(field, start, end):
            continue
        if _any_within(field, residence, start - _RESIDENCE_REACH, end + _RESIDENCE_REACH) or (
            _named_before(field, people, start) and not _official(field, start, end)
        ):
            spans.append((start, end))
    return Finding(spans=tuple(spans)) if spans else None


def _named_before(field: FieldText, people: list[Match], start: int) -> bool:
    """A person named shortly before the address, which stands in apposition after a comma
    or a colon: "Johan Nyström, Skolgatan 12", "Till Jens Ö som skrev …: Granvägen 22"."""
    before = field.original[max(0, start - _PERSON_BEFORE) : start].rstrip()
    return before.endswith((",", ":")) and _any_within(field, people, start - _PERSON_BEFORE, start)


def _official(field: FieldText, start: int, end: int) -> bool:
    """An official's work address: an organisation anywhere in the sentence ("Kontaktperson
    på regionen … är Kerstin Åberg, …, Norra Kyrkogatan 33")."""
    low, high = field.sentence_of(start, end)
    low = min(low, start - _OFFICIAL_BEFORE)
    return _any_within(field, field.of(Category.ORGANISATION), low, high) or (
        "@" in field.original[max(0, start - _PERSON_BEFORE) : start]
    )


def _street_before_number(text: str) -> bool:
    """A quick test: "…gatan 12" or "12 Baker Street" somewhere, whatever the language of
    the text (an English post may name a Swedish street); road numbers ("länsväg 365",
    "riksväg 92") are not addresses."""
    for match in _SWEDISH_STREET.finditer(text):
        start = match.start()
        road = text[max(0, start - 4) : start] in ("läns", "riks")
        named = text[max(0, start - 7) : start].rstrip().endswith(_STREET_ADJECTIVES)
        if start > 0 and (text[start - 1].isalpha() or named) and not road:
            return True
    return _ENGLISH_STREET.search(text) is not None


_STREET_ADJECTIVES = ("stora", "lilla", "gamla", "nya", "norra", "södra", "östra", "västra")


# "his private mobile is …", "hennes privata nummer", "hennes mobil är …": a person's own
# number, even in a sentence that names their employer ("the wind company rep").
_PRIVATE = re.compile(
    r"(?<![^\W_])(?:privat|privata|private|personal|hemnummer|hemtelefon|home (?:number|phone)"
    r"|(?:hennes|hans|her|his) (?:mobil|mobilnummer|mobile|cell|cellphone))"
    r"(?![^\W_])"
)
_PRIVATE_REACH = 40


def _said_private(field: FieldText, start: int) -> bool:
    before = field.original[max(0, start - _PRIVATE_REACH) : start].lower()
    return _PRIVATE.search(before) is not None


def _organisation_near(field: FieldText, start: int, end: int) -> bool:
    sentence_start, sentence_end = field.sentence_of(start, end)
    original = field.original
    # "Vårdcentralen Ålidhem har ny adress: Tvistevägen 48 … Telefon 090-785 95 00": a list
    # after a colon, or a labelled number, belongs to the organisation of the clause before.
    label = original[sentence_start:start].strip().lower().rstrip(":. ")
    for _ in range(_CONTACT_HOPS):
        if sentence_start < 2 or not (
            original[sentence_start - 1] == ":" or label in _CONTACT_LABELS
        ):
            break
        sentence_start = field.sentence_of(sentence_start - 2, sentence_start - 1)[0]
        start = min(start, sentence_start + _ORGANISATION_BEFORE)
        label = ""
    low = max(sentence_start, start - _ORGANISATION_BEFORE)
    high = min(sentence_end, end + _ORGANISATION_AFTER)
    return _any_within(field, field.of(Category.ORGANISATION), low, high)


def _any_within(field: FieldText, matches: list[Match], low: int, high: int) -> bool:
    for match in matches:
        start, end = field.span(match)
        if start < high and low < end:
            return True
    return False
