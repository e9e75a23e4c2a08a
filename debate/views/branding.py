"""The site's branding: the admin's form (``/admin/branding``), and what every page loads from
it — the colours as CSS custom properties (``/branding.css``), the logo and the favicon.

The form is sent as ``multipart/form-data`` with up to two images; it is read here rather than
by ``read_form`` (which takes no files), with the same CSRF check."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from debate.accounts.security import tokens_match
from debate.branding import store
from debate.core.i18n import _
from debate.core.permissions import Permission
from debate.web.branding import forget
from debate.web.context import FormState
from debate.web.http import flash, redirect_to, render, require, run_db

IMAGES = ("logo", "favicon")


@dataclass(frozen=True, slots=True)
class BrandingPage:
    """The branding form (with ``FormState``) and the branding saved."""

    saved: store.Branding


async def form(request: Request) -> Response:
    await require(request, Permission.MANAGE_MODERATION_SETTINGS)
    found = await run_db(request, store.current)
    values = {
        "org_name": found.org_name,
        "primary_colour": found.primary_colour,
        "accent_colour": found.accent_colour,
    }
    return await _page(request, found, values, {})


async def _page(
    request: Request,
    found: store.Branding,
    values: dict[str, str],
    errors: dict[str, str],
    status_code: int = 200,
) -> Response:
    context = (BrandingPage(found), FormState(errors, values))
    return await render(request, "admin/branding.html", context, status_code=status_code)


async def _read(request: Request) -> tuple[dict[str, str], dict[str, bytes]]:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind not in ("multipart/form-data", "application/x-www-form-urlencoded"):
        raise HTTPException(415, _("Send the form as a web form."))
    try:
        data = await request.form(max_files=len(IMAGES), max_fields=20)
    except Exception:  # noqa: BLE001  python-multipart raises several kinds for malformed input
        raise HTTPException(400, _("The form could not be read.")) from None
    fields: dict[str, str] = {}
    files: dict[str, bytes] = {}
    for name, value in data.multi_items():
        if isinstance(value, UploadFile):
            if name in IMAGES:
                files[name] = await value.read(store.MAX_IMAGE_BYTES + 1)
        elif "\x00" in value:
            raise HTTPException(400, _("The form contains characters that are not allowed."))
        else:
            fields[name] = value
    if not tokens_match(request.session.get("csrf"), fields.get("csrf_token")):
        message = _("The form has expired or did not come from this site. Try again.")
        raise HTTPException(403, message)
    return fields, files


async def save(request: Request) -> Response:
    user = await require(request, Permission.MANAGE_MODERATION_SETTINGS)
    fields, files = await _read(request)
    values = {k: fields.get(k, "") for k in ("org_name", "primary_colour", "accent_colour")}
    try:
        await run_db(
            request,
            store.save_branding,
            actor=user,
            org_name=values["org_name"],
            primary_colour=values["primary_colour"],
            accent_colour=values["accent_colour"],
            logo=store.Upload(files.get("logo", b"")),
            favicon=store.Upload(files.get("favicon", b"")),
            remove=frozenset(i for i in IMAGES if fields.get(f"remove_{i}")),
        )
    except store.BrandingError as exc:
        found = await run_db(request, store.current)
        return await _page(request, found, values, exc.errors, status_code=400)
    forget(request)
    flash(request, _("The branding is saved."), "success")
    return redirect_to(request, "admin.branding")


async def stylesheet(request: Request) -> Response:
    """The colours as custom properties, after static/style.css (no inline styles: the CSP)."""
    found = await run_db(request, store.current)
    lines = []
    if found.primary_colour:
        lines.append(f":root {{ --brand: {found.primary_colour}; }}")
        lines.append(".site-header { background: var(--brand); }")
    if found.accent_colour:
        lines.append(f":root {{ --accent: {found.accent_colour}; --link: {found.accent_colour}; }}")
    return Response(
        "\n".join(lines) + "\n",
        media_type="text/css",
        headers={"cache-control": "public, max-age=300"},
    )


async def image(request: Request) -> Response:
    which = request.path_params["which"]
    found: Any = await run_db(request, store.image, which=which)
    if found is None:
        raise HTTPException(404, _("There is no such image."))
    data, kind = found
    return Response(data, media_type=kind, headers={"cache-control": "public, max-age=300"})


routes: list[BaseRoute] = [
    Route("/admin/branding", form, name="admin.branding", methods=["GET"]),
    Route("/admin/branding", save, name="admin.branding.save", methods=["POST"]),
    Route("/branding.css", stylesheet, name="branding.css", methods=["GET"]),
    Route("/branding/{which:str}", image, name="branding.image", methods=["GET"]),
]
