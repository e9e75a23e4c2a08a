"""Reading and saving the site's branding (``debate.core.branding_models.SiteBranding``).

Colours are ``#rrggbb`` and must reach WCAG AA (4.5:1) against white: the primary colour is
the header's background under white text, the accent colour is links and buttons on white.
Images are PNG, JPEG, GIF, WebP or ICO, recognised by their first bytes (never SVG, which can
carry script), at most ``MAX_IMAGE_BYTES``."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlmodel import Session

from debate.audit.record import record
from debate.core.branding_models import SiteBranding
from debate.core.i18n import _
from debate.core.models import User, utcnow

MAX_IMAGE_BYTES = 256 * 1024
MAX_NAME = 120
#: WCAG 2.1 AA for normal text.
MIN_CONTRAST = 4.5
_HEX = re.compile(r"#[0-9a-fA-F]{6}")
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"\x00\x00\x01\x00", "image/x-icon"),
)


@dataclass(frozen=True, slots=True)
class Branding:
    """What every page needs (no image bytes)."""

    org_name: str = ""
    primary_colour: str = ""
    accent_colour: str = ""
    has_logo: bool = False
    has_favicon: bool = False
    version: int = 0

    @property
    def name(self) -> str:
        return self.org_name or "Inspel"


@dataclass(frozen=True, slots=True)
class Upload:
    """An uploaded file: its bytes (empty when none was chosen)."""

    data: bytes = b""


class BrandingError(ValueError):
    """The form has errors: ``errors`` maps each field to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def current(session: Session) -> Branding:
    row = session.get(SiteBranding, 1)
    if row is None:
        return Branding()
    return Branding(
        org_name=row.org_name,
        primary_colour=row.primary_colour,
        accent_colour=row.accent_colour,
        has_logo=row.logo is not None,
        has_favicon=row.favicon is not None,
        version=row.version,
    )


def image(session: Session, which: str) -> tuple[bytes, str] | None:
    """The logo or favicon (``which``) and its type, or None."""
    row = session.get(SiteBranding, 1)
    if row is None or which not in ("logo", "favicon"):
        return None
    data: bytes | None = getattr(row, which)
    return (data, getattr(row, f"{which}_type")) if data is not None else None


def contrast_with_white(colour: str) -> float:
    """The WCAG contrast ratio of ``#rrggbb`` against white (1 to 21)."""

    def channel(hex_pair: str) -> float:
        value = int(hex_pair, 16) / 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return 1.05 / (luminance + 0.05)


def check_colour(raw: str) -> str:
    """``raw`` as ``#rrggbb`` (lower case), or empty for the default; ValueError with the
    message otherwise."""
    value = raw.strip().lower()
    if not value:
        return ""
    if not _HEX.fullmatch(value):
        raise ValueError(_("Write the colour as # and six hexadecimal digits, such as #0b4f8a."))
    ratio = contrast_with_white(value)
    if ratio < MIN_CONTRAST:
        raise ValueError(
            _(
                "The colour has too little contrast with white ({ratio}:1; at least 4.5:1 is "
                "needed for WCAG AA). Choose a darker colour."
            ).format(ratio=f"{ratio:.1f}")
        )
    return value


def image_type(data: bytes) -> str:
    """The type of an uploaded image by its first bytes; ValueError with the message."""
    if len(data) > MAX_IMAGE_BYTES:
        raise ValueError(_("The image is too large (at most 256 KB)."))
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            return kind
    raise ValueError(_("Upload a PNG, JPEG, GIF, WebP or ICO image."))


def _checked(
    org_name: str, colours: dict[str, str], images: dict[str, Upload]
) -> tuple[str, dict[str, str], dict[str, str], dict[str, str]]:
    errors: dict[str, str] = {}
    name = " ".join(org_name.split())
    if len(name) > MAX_NAME:
        errors["org_name"] = _("At most {limit} characters.").format(limit=MAX_NAME)
    checked: dict[str, str] = {}
    for field, raw in colours.items():
        try:
            checked[field] = check_colour(raw)
        except ValueError as exc:
            errors[field] = str(exc)
    types: dict[str, str] = {}
    for field, upload in images.items():
        if upload.data:
            try:
                types[field] = image_type(upload.data)
            except ValueError as exc:
                errors[field] = str(exc)
    return name, checked, types, errors


def save_branding(
    session: Session,
    *,
    actor: User,
    org_name: str,
    primary_colour: str,
    accent_colour: str,
    logo: Upload,
    favicon: Upload,
    remove: frozenset[str] = frozenset(),
) -> Branding:
    """Check everything first, then save it all or nothing (``BrandingError``)."""
    colours = {"primary_colour": primary_colour, "accent_colour": accent_colour}
    images = {"logo": logo, "favicon": favicon}
    name, checked, types, errors = _checked(org_name, colours, images)
    if errors:
        raise BrandingError(errors)
    row = session.get(SiteBranding, 1, with_for_update=True) or SiteBranding()
    row.org_name = name
    row.primary_colour, row.accent_colour = checked["primary_colour"], checked["accent_colour"]
    for field, upload in images.items():
        if field in types:
            setattr(row, field, upload.data)
            setattr(row, f"{field}_type", types[field])
        elif field in remove:
            setattr(row, field, None)
            setattr(row, f"{field}_type", "")
    row.version += 1
    row.updated_by_id, row.updated_at = actor.id, utcnow()
    session.add(row)
    session.flush()
    record(
        session,
        actor=actor,
        action="branding.saved",
        object_type="branding",
        object_id=1,
        version=row.version,
    )
    return current(session)
