"""Swedish (default) and English through Babel message catalogues.

Message ids are English; ``translations/sv/LC_MESSAGES/*.po`` hold the Swedish text
(``messages.po`` and one file per area). The catalogue is compiled in memory at start-up,
so the repository never carries a stale ``.mo`` file.
"""

from __future__ import annotations

import gettext as _gettext
import io
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

LANGUAGES = ("sv", "en")
TRANSLATIONS = Path(__file__).resolve().parents[1] / "translations"

_current: ContextVar[str] = ContextVar("inspel_language", default="sv")


@cache
def catalogue(lang: str) -> _gettext.NullTranslations:
    """Every ``.po`` file of ``lang`` (``messages.po`` plus one per area, such as
    ``moderator.po``), merged; a message id in two files is an error."""
    files = sorted((TRANSLATIONS / lang / "LC_MESSAGES").glob("*.po"))
    if not files:
        return _gettext.NullTranslations()
    merged: Translations | None = None
    seen: dict[str, Path] = {}
    for po in files:
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=lang)
        for message in catalog:
            key = str(message.id)
            if key and key in seen:
                raise ValueError(f"{po.name}: {key!r} is already translated in {seen[key].name}")
            seen[key] = po
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        part = Translations(buffer)
        if merged is None:
            merged = part
        else:
            merged.merge(part)
    assert merged is not None
    return merged


def set_language(lang: str) -> None:
    _current.set(lang if lang in LANGUAGES else LANGUAGES[0])


def get_language() -> str:
    return _current.get()


def gettext(message: str) -> str:
    return catalogue(get_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return catalogue(get_language()).ngettext(singular, plural, n)


_ = gettext
