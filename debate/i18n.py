"""Swedish (default) and English through Babel message catalogues.

Message ids are English; ``translations/sv/LC_MESSAGES/messages.po`` holds the Swedish text. The
catalogue is compiled in memory at start-up, so the repository never carries a stale ``.mo`` file.
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
TRANSLATIONS = Path(__file__).resolve().parent / "translations"

_current: ContextVar[str] = ContextVar("inspel_language", default="sv")


@cache
def catalogue(lang: str) -> _gettext.NullTranslations:
    po = TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po"
    if not po.exists():
        return _gettext.NullTranslations()
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer)


def set_language(lang: str) -> None:
    _current.set(lang if lang in LANGUAGES else LANGUAGES[0])


def get_language() -> str:
    return _current.get()


def gettext(message: str) -> str:
    return catalogue(get_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return catalogue(get_language()).ngettext(singular, plural, n)


_ = gettext
