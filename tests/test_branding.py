"""Branding as an admin setting (issue 20, item 6): the organisation's name, logo, favicon and
colours, saved on /admin/branding, shown on every page through CSS custom properties
(/branding.css), with colours that must reach WCAG AA against white and images that must be
real PNG/JPEG/GIF/WebP/ICO files. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from sqlmodel import select

from debate.branding import store
from debate.core.branding_models import SiteBranding
from debate.core.db import session_scope
from debate.core.models import AuditEvent
from tests.factories import as_persona, csrf

PAGE = "/admin/branding"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
ICO = b"\x00\x00\x01\x00" + b"\x00" * 40
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def send(client, files=None, **fields):
    data = {"csrf_token": csrf(client), "org_name": "", "primary_colour": "", "accent_colour": ""}
    data.update(fields)
    upload = {
        name: (f"{name}.bin", body, "application/octet-stream")
        for name, body in (files or {}).items()
    }
    return client.post(PAGE, data=data, files=upload or {"none": ("", b"", "text/plain")})


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def saved(engine) -> SiteBranding | None:
    with session_scope(engine) as session:
        return session.get(SiteBranding, 1)


@pytest.fixture
def admin(client, engine):
    user = as_persona(client, engine, "admin")
    client.get("/lang/en")
    return user


def test_branding_is_saved_and_shown_on_every_page(client, engine, admin):
    response = send(
        client,
        files={"logo": PNG, "favicon": ICO},
        org_name="  Region   Västerbotten ",
        primary_colour="#1D4F91",
        accent_colour="#7a1f5c",
    )
    assert response.status_code == 303
    row = saved(engine)
    assert (row.org_name, row.primary_colour, row.accent_colour) == (
        "Region Västerbotten",
        "#1d4f91",
        "#7a1f5c",
    )
    assert (row.logo, row.logo_type, row.favicon_type, row.version) == (
        PNG,
        "image/png",
        "image/x-icon",
        1,
    )
    home = soup(client.get("/"))
    assert home.title.text.endswith("– Region Västerbotten")
    assert home.select_one("meta[property='og:site_name']")["content"] == "Region Västerbotten"
    brand = home.select_one("[data-brand]")
    assert brand.get_text(strip=True) == "Region Västerbotten"
    assert brand.select_one("[data-logo]")["src"] == "/branding/logo?v=1"
    assert brand.select_one("[data-logo]")["alt"] == ""
    assert home.select_one("link[rel=icon]")["href"] == "/branding/favicon?v=1"
    assert home.select_one("[data-branding-css]")["href"] == "/branding.css?v=1"
    css = client.get("/branding.css")
    assert css.headers["content-type"].startswith("text/css")
    assert ":root { --brand: #1d4f91; }" in css.text
    assert "--accent: #7a1f5c; --link: #7a1f5c;" in css.text
    logo = client.get("/branding/logo")
    assert (logo.status_code, logo.content, logo.headers["content-type"]) == (200, PNG, "image/png")
    assert logo.headers["x-content-type-options"] == "nosniff"
    with session_scope(engine) as session:
        events = session.exec(select(AuditEvent).where(AuditEvent.action == "branding.saved"))
        assert [e.actor_id for e in events] == [admin.id]


def test_without_branding_the_site_is_inspel(client, engine):
    home = soup(client.get("/"))
    assert home.select_one("[data-brand]").get_text(strip=True) == "Inspel"
    assert home.select_one("[data-branding-css]") is None
    assert home.select_one("link[rel=icon]")["href"] == "/static/favicon.svg"
    assert client.get("/branding/logo").status_code == 404
    assert client.get("/branding/secrets").status_code == 404
    assert client.get("/branding.css").text.strip() == ""


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "primary_colour",
            "#ffff00",
            "The colour has too little contrast with white (1.1:1; at least 4.5:1 is needed "
            "for WCAG AA). Choose a darker colour.",
        ),
        (
            "accent_colour",
            "#777777",
            "The colour has too little contrast with white (4.5:1; at least 4.5:1 is needed "
            "for WCAG AA). Choose a darker colour.",
        ),
        (
            "primary_colour",
            "blue",
            "Write the colour as # and six hexadecimal digits, such as #0b4f8a.",
        ),
        (
            "accent_colour",
            "#12345",
            "Write the colour as # and six hexadecimal digits, such as #0b4f8a.",
        ),
        (
            "accent_colour",
            "#1234567",
            "Write the colour as # and six hexadecimal digits, such as #0b4f8a.",
        ),
        ("org_name", "x" * 121, "At most 120 characters."),
    ],
)
def test_bad_values_are_refused_with_the_field_named(client, engine, admin, field, value, message):
    response = send(client, **{field: value})
    assert response.status_code == 400
    page = soup(response)
    assert message in page.select_one(f"[data-error-for={field}]").get_text()
    label = page.select_one(f"label[for=f-{field}]").get_text(" ", strip=True)
    summary = page.select_one("[data-error-summary] li").get_text(strip=True)
    assert summary == f"{label}: {message}"
    assert page.select_one(f"#f-{field}")["value"] == value
    assert saved(engine) is None


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (SVG, "Upload a PNG, JPEG, GIF, WebP or ICO image."),
        (b"<html><script>x</script>", "Upload a PNG, JPEG, GIF, WebP or ICO image."),
        (PNG + b"\x00" * store.MAX_IMAGE_BYTES, "The image is too large (at most 256 KB)."),
    ],
)
def test_only_real_images_are_taken(client, engine, admin, body, message):
    response = send(client, files={"logo": body}, org_name="Regionen")
    assert response.status_code == 400
    assert message in soup(response).select_one("[data-error-for=logo]").get_text()
    assert saved(engine) is None


def test_an_image_can_be_removed_and_kept(client, engine, admin):
    send(client, files={"logo": PNG, "favicon": ICO})
    assert send(client, org_name="Ny").status_code == 303  # no new files: both kept
    assert (saved(engine).logo, saved(engine).favicon) == (PNG, ICO)
    send(client, remove_logo="1")
    row = saved(engine)
    assert (row.logo, row.logo_type, row.favicon, row.version) == (None, "", ICO, 3)
    assert client.get("/branding/logo").status_code == 404


def test_the_form_needs_an_admin_and_csrf(client, engine):
    assert client.get(PAGE).status_code == 303  # anonymous: to the login page
    as_persona(client, engine, "moderator")
    assert client.get(PAGE).status_code == 403
    assert send(client, org_name="X").status_code == 403
    assert saved(engine) is None


def test_a_post_without_the_token_is_refused(client, engine, admin):
    response = client.post(
        PAGE, data={"org_name": "X"}, files={"logo": ("l.png", PNG, "image/png")}
    )
    assert response.status_code == 403
    assert (
        client.post(PAGE, content=b"x", headers={"content-type": "text/plain"}).status_code == 415
    )
    assert saved(engine) is None


def test_the_form_shows_the_saved_values(client, engine, admin):
    send(client, files={"logo": PNG}, org_name="Regionen", primary_colour="#0b4f8a")
    page = soup(client.get(PAGE))
    assert page.select_one("#f-org_name")["value"] == "Regionen"
    assert page.select_one("#f-primary_colour")["value"] == "#0b4f8a"
    assert page.select_one("[data-current=logo]") is not None
    assert page.select_one("[data-current=favicon]") is None


@pytest.mark.parametrize(
    ("colour", "ratio"),
    [("#ffffff", 1.0), ("#000000", 21.0), ("#767676", 4.54), ("#0b4f8a", 8.4)],
)
def test_contrast_with_white(colour, ratio):
    assert store.contrast_with_white(colour) == pytest.approx(ratio, abs=0.05)
