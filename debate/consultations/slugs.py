"""Addresses from titles: ``Kollektivtrafik i Västerbotten 2027`` becomes
``kollektivtrafik-i-vasterbotten-2027``, and a taken one gets ``-2``, ``-3`` …"""

from __future__ import annotations

import re
import unicodedata

import sqlalchemy as sa
from sqlmodel import Session, col

from debate.core.models import Article, Consultation

SLUG_MAX = 80
#: Letters that do not fall apart into a base letter and a mark.
_SPECIAL = str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "đ": "d", "ł": "l", "þ": "th"})


def slugify(title: str, max_length: int = SLUG_MAX) -> str:
    """Lower-case a-z, digits and single hyphens; å, ä and ö lose their marks (a, a, o)."""
    text = unicodedata.normalize("NFKD", title.casefold().translate(_SPECIAL))
    text = "".join(c for c in text if not unicodedata.combining(c))
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return slug[:max_length].rstrip("-")


def unique_slug(
    session: Session,
    *,
    model: type[Consultation] | type[Article],
    title: str,
    except_id: int | None = None,
) -> str:
    """``slugify(title)``, or with the first free ``-N`` after it; ``sida`` for a title with
    no letters or digits at all."""
    base = slugify(title) or "sida"
    taken = {
        slug
        for slug, row_id in session.execute(
            sa.select(col(model.slug), col(model.id)).where(col(model.slug).startswith(base))
        )
        if row_id != except_id
    }
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        suffix = f"-{n}"
        candidate = base[: SLUG_MAX - len(suffix)].rstrip("-") + suffix
    return candidate
