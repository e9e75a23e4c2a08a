"""Which language an item is in, when the caller does not say (py3langid, offline).

Only the language decides which word lists' ``local`` entries apply and which classifier
thresholds are used, so a wrong guess costs little; short texts that py3langid cannot place
with confidence get ``None`` (all word lists, the stricter thresholds).
"""

from __future__ import annotations

from functools import cache
from itertools import islice

from py3langid.langid import MODEL_FILE, LanguageIdentifier

__all__ = ["detect_language", "normalize_language"]

# Swedish, English and the languages most often confused with Swedish or written here.
_CANDIDATES = ["sv", "en", "no", "da", "fi", "de", "nn", "es", "fr", "ar", "so", "fa"]
_MIN_CONFIDENCE = 0.8
_MIN_LETTERS = 12
_SAMPLE = 400


def normalize_language(lang: str | None) -> str | None:
    """ "sv-SE", "SV", "en_GB" → "sv", "en"; empty → ``None``."""
    if not lang:
        return None
    code = lang.strip().lower().replace("_", "-").split("-")[0]
    return code or None


def detect_language(text: str) -> str | None:
    """The language of ``text`` from its first few hundred characters (enough for the
    identifier, and its cost grows with the length), or ``None`` when unsure."""
    sample = text[:_SAMPLE]
    # At least _MIN_LETTERS letters in the first 200 characters, counted in C until found.
    if len(list(islice(filter(str.isalpha, sample[:200]), _MIN_LETTERS))) < _MIN_LETTERS:
        return None
    lang, confidence = _identifier().classify(sample)
    return str(lang) if confidence >= _MIN_CONFIDENCE else None


@cache
def _identifier() -> LanguageIdentifier:
    from py3langid import langid

    identifier = LanguageIdentifier.from_modelpath(langid.MODEL_DIR / MODEL_FILE, norm_probs=True)
    identifier.set_languages(_CANDIDATES)
    return identifier
