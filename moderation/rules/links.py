"""SPAM-LINK: links and advertising (legal-rules.md §7.5, SPAM-LINKS and SPAM-COMMERCIAL).

Links to public bodies, established news media and reference works (``data/domains.tsv``,
"allow") are published; a link anywhere else is held for a moderator to check, because the
forum cannot vouch for pages it has not seen; link shorteners and obfuscated links
("example[.]com") hide where they lead and weigh more. Advertising vocabulary ("köp nu",
"rabattkod", "casino") adds to the score of a post that links out or names a price, so an
advert is held even without a link. Bare domains ("billigapiller.com") are recognised only
with common top-level domains, so abbreviations such as "t.ex." and "bl.a." are not links.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from importlib import resources

from moderation.analysis import FieldText
from moderation.lexicon import Category
from moderation.rules.base import Finding
from moderation.types import PolicyContext
from moderation.views import confusables as _confusables

__all__ = ["check_links", "domain_kind", "domains_version"]

_TLDS = (
    "se|com|net|org|nu|io|info|biz|xyz|eu|co|me|ly|ru|cn|top|shop|store|online|site|click|app"
    "|dk|no|fi|de|uk|gl|gd|link|live|bet|casino|win|club|vip|at|tk|ml|ga|cf|pw|cc|tv"
    # Country domains of webshops and link pages ("linktr.ee"), and the cheap generic ones
    # spam is sent from ("fastcash-sweden.loan").
    "|ee|lv|lt|pl|nl|fr|es|ch|ai|gg|loan|loans|money|cash|bid|trade|review|party|icu|buzz|cam"
    "|lol|fun|work|pro|deals|sale|today|bio|finance|credit|cards"
)
_URL = re.compile(
    rf"(?:https?://|www\.)[^\s<>\"'()\[\]]+|(?<![\w@.-])(?:[a-z0-9](?:[a-z0-9-]{{0,61}}[a-z0-9])?\.)+"
    rf"(?:{_TLDS})\b(?!\.\w)(?:/[^\s<>\"']*)?"
)
# Top-level domains that are no word in Swedish or English: "example . com" with a space each
# side of the dot is a link; "bra . Se till att …" is a sentence.
_NON_WORD_TLDS = "com|net|org|io|info|biz|xyz|ru|cn|shop|online|site|click|tk|ml|pw|cc|eu|dk|fi"
_OBFUSCATED = re.compile(
    rf"(?<![\w@-])[a-z0-9-]{{2,}}(?:\s*(?:\[\.\]|\(\.\)|\[dot\]|\(dot\)|\[punkt\]|\(punkt\))\s*"
    rf"|\s+(?:dot|punkt)\s+)(?:{_TLDS})\b"
    rf"|(?<![\w@-])[a-z0-9-]{{2,}}\s+\.\s+(?:{_NON_WORD_TLDS})\b"
    # Any top-level domain when a path follows: "bit . ly / snabbpengar2026".
    rf"|(?<![\w@-])[a-z0-9-]{{2,}}\s*\.\s+(?:{_TLDS})\s*/\s*[\w-]+"
)
# A domain typed one letter at a time: "t a n d b l e k . s h o p", "c b d - h a l s a . s e".
_SPACED_DOMAIN = re.compile(
    r"(?<![^\W_])(?:[a-z0-9] (?:- )?){2,}[a-z0-9] \. (?P<tld>(?:[a-z] ){1,5}[a-z])(?![^\W_])"
)
_TLD_WORD = re.compile(rf"(?:{_TLDS})")
#: Webmail providers: "anna at gmail.com" is an address (PII-EMAIL's), not a link.
MAIL_PROVIDERS = (
    r"(?:gmail|googlemail|hotmail|outlook|live|msn|yahoo|icloud|me|mac|aol|proton|protonmail"
    r"|telia|bredband|spray|comhem|bahnhof|tele2|passagen|home|gmx|mail|yandex)"
)
# A bare "at" after a person's name ("anna.svensson at …") or before a provider's domain.
_AFTER_NAME_AT = re.compile(
    r"(?<![\w.$€])[^\W\d_][\w+-]*[._][^\W\d_][\w+-]*\s+(?:at|snabel-?a)\s+$"
)
_PROVIDER = re.compile(rf"{MAIL_PROVIDERS}\.")
_AFTER_AT = re.compile(r"(?:@|\bat|snabel-?a)\W*$")
# Only a written-out "at" in brackets: "book now at www.shop.info" is a link.
_AFTER_AT_MARK = re.compile(r"(?:@|[(\[{]\s*(?:at|snabel-?a)\s*[)\]}]|snabel-?a)\s*$")
_PRICE = re.compile(r"\b\d[\d  .,]{0,12}\s?(?:kr|kronor|sek|:-|€|eur|usd|\$)(?!\w)|[$€]\s?\d")
# A dot before a top-level domain: a literal first character lets the scan skip quickly.
_TLD_HINT = re.compile(rf"\.(?:{_TLDS})\b")
_OBFUSCATION_MARKERS = (
    *("[.]", "(.)", "[dot]", "(dot)", "[punkt]", "(punkt)", " dot ", " punkt ", " . "),
)
# UTF-8 lead bytes of U+0340–U+053F (Greek, Cyrillic): a cheap test for look-alike letters.
_GREEK_CYRILLIC_LEADS = range(0xCD, 0xD5)
_WEIGHT = {"allow": 0.0, "unknown": 1.0, "shortener": 3.0, "block": 4.0, "obfuscated": 2.0}


def check_links(field: FieldText, context: PolicyContext) -> Finding | None:
    text = field.text.text
    spans: list[tuple[int, int]] = []
    score = 0.0
    if not text.isascii() and _greek_or_cyrillic(text):
        # "clαim-prize.xyz": look-alike letters from other scripts in a domain.
        text = text.translate(_confusables())
    if "://" in text or "www." in text or _TLD_HINT.search(text):
        for match in _URL.finditer(text):
            if _AFTER_AT_MARK.search(text, max(0, match.start() - 14), match.start()):
                continue  # "anna (at) gmail.com": an e-mail address, PII-EMAIL's
            if _bare_at_address(text, match):
                continue  # "anna.svensson at gmail.com", "anna at hotmail.se"
            # Punctuation after a link ends the sentence, not the link: "www.1177.se,".
            url = match.group().rstrip(".,;:!?")
            weight = _WEIGHT[domain_kind(_host(url))]
            if weight:
                score += weight
                spans.append(field.text.original_span(match.start(), match.start() + len(url)))
    hidden = _obfuscated(field, text)
    score += _WEIGHT["obfuscated"] * len(hidden)
    spans += hidden
    commercial = field.of(Category.COMMERCIAL)
    selling = sum(match.entry.severity for match in commercial)
    earning = _earning(text)
    selling += earning[1] if earning else 0
    # Without a link, an advert needs strong wording ("köp nu", "rabattkod"), or wording
    # and a price; one "discount" in a post about student fares is not an advert.
    if selling and (spans or selling >= 3 or (selling >= 2 and _PRICE.search(text))):
        score += selling
        spans += [field.span(match) for match in commercial]
        spans += [field.text.original_span(*earning[0])] if earning else []
    if not score:
        return None
    return Finding(spans=tuple(sorted(set(spans))), score=score)


# Easy money told as a tip: an earning verb, a sum, and how easily ("tjäna 5000 kr i veckan
# hemifrån", "I made 3000 kr a day from my phone"); or the writer's own earnings ("jag
# tjänade 18 000 kr förra månaden"), which weigh only beside an advert's wording or a link.
_EARN = re.compile(
    r"(?<![^\W_])(?:tjäna|tjänar|tjänade|tjänat|håva in|dra in|drar in|drog in|earn|earned|earning"
    r"|earns|make|made|making|makes)\s+(?:upp till\s+|up to\s+|över\s+|over\s+)?"
    r"(?:\d[\d  .,]{0,9}\s?(?:k|tusen|000)?\s?(?:kr|kronor|sek|:-|€|eur|euro|usd|dollars?|\$)"
    r"|[$€]\s?\d[\d,.]{0,9}k?)(?![^\W_])(?P<rest>[^.!?\n]{0,60})"
)
_EASY = re.compile(
    r"hemifrån|from home|från soffan|från mobilen|på mobilen|from my phone|on your phone|extra"
    r"|utan att|without|easy|enkelt|enkel|simple|snabbt|passiv|passive|medan du|while you"
    r"|sidohustle|side hustle|no experience|ingen erfarenhet"
)
_BOAST = re.compile(r"(?<![^\W_])(?:jag|i)\s+$")


_EARN_VERBS = ("tjän", "earn", "made", "make", "making", "håva", "dra in", "drar in", "drog in")


def _earning(text: str) -> tuple[tuple[int, int], int] | None:
    if not any(verb in text for verb in _EARN_VERBS) or not _PRICE.search(text):
        return None
    for match in _EARN.finditer(text):
        if _EASY.search(match.group("rest")) or _EASY.search(text, match.end(), match.end() + 40):
            return match.span(), 2
        if _BOAST.search(text, max(0, match.start() - 6), match.start()):
            return match.span(), 1
    return None


def _obfuscated(field: FieldText, text: str) -> list[tuple[int, int]]:
    """Links written so that they do not look like links: "example[.]com", "example dot se",
    "example . com", "t a n d b l e k . s h o p"."""
    spans: list[tuple[int, int]] = []
    if (
        "[" in text or "(" in text or " dot " in text or " punkt " in text or " . " in text
    ) and any(marker in text for marker in _OBFUSCATION_MARKERS):
        for match in _OBFUSCATED.finditer(text):
            if _AFTER_AT.search(text, max(0, match.start() - 14), match.start()):
                continue  # the domain of an e-mail address: PII-EMAIL's
            spans.append(field.text.original_span(match.start(), match.end()))
    if " . " in text:
        for match in _SPACED_DOMAIN.finditer(text):
            if _TLD_WORD.fullmatch(match.group("tld").replace(" ", "")):
                spans.append(field.text.original_span(match.start(), match.end()))
    return spans


def _bare_at_address(text: str, match: re.Match[str]) -> bool:
    before = text[max(0, match.start() - 40) : match.start()]
    if not before.endswith(" "):
        return False
    if _AFTER_NAME_AT.search(before):
        return True
    return before.rstrip().endswith((" at", " snabel-a", " snabela")) and bool(
        _PROVIDER.match(match.group())
    )


def _greek_or_cyrillic(text: str) -> bool:
    raw = text.encode("utf-8", "surrogatepass")
    return any(lead in raw for lead in _GREEK_CYRILLIC_LEADS)


def _host(url: str) -> str:
    host = re.sub(r"^(?:https?://)?", "", url).split("/", 1)[0].split(":", 1)[0]
    return host.removeprefix("www.").rstrip(".")


def domain_kind(host: str) -> str:
    """ "allow", "shortener", "block" or "unknown" for a host name (subdomains included)."""
    kinds = _domains()
    labels = host.lower().split(".")
    for index in range(len(labels) - 1):
        kind = kinds.get(".".join(labels[index:]))
        if kind is not None:
            return kind
    return "unknown"


def domains_version() -> str:
    return _load()[0]


def _domains() -> Mapping[str, str]:
    return _load()[1]


@cache
def _load() -> tuple[str, dict[str, str]]:
    source = resources.files("moderation.rules").joinpath("data", "domains.tsv")
    version, kinds = "", {}
    for line in source.read_text(encoding="utf-8").splitlines():
        if line.startswith("# version:"):
            version = line.removeprefix("# version:").strip()
        elif line.strip() and not line.startswith("#"):
            domain, kind = line.split("\t")
            if kind not in _WEIGHT:
                raise ValueError(f"domains.tsv: unknown kind {kind!r} for {domain}")
            kinds[domain.strip().lower()] = kind
    return version, kinds
