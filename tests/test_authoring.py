"""Staff authoring: slugs from titles, the preview, Markdown on the public pages, and
attachments (type by content, size limits, safe headers, removal) (docs/authoring.md)."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup
from sqlmodel import select
from starlette.testclient import TestClient

from debate.app import create_app
from debate.consultations.attachments import AttachmentError, clean_filename
from debate.consultations.slugs import slugify, unique_slug
from debate.core.attachment_models import Attachment
from debate.core.db import session_scope
from debate.core.models import Article, AuditEvent, Consultation
from debate.core.settings import Settings
from debate.privacy import retention
from tests.conftest import PG_URL
from tests.factories import as_persona, csrf, make_consultation, post_form

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 40
PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"

NEW = {
    "title": "Kollektivtrafik i Västerbotten 2027",
    "slug": "",
    "description": "Vad ska vi prioritera?",
    "moderation_mode": "pre",
    "opens_at": "2026-01-01",
    "closes_at": "2030-12-31",
}


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Kollektivtrafik i Västerbotten 2027", "kollektivtrafik-i-vasterbotten-2027"),
        ("Åre, Älvsbyn & Örnsköldsvik", "are-alvsbyn-ornskoldsvik"),
        ("  Vård -- nära dig!  ", "vard-nara-dig"),
        ("Straße café Ærø", "strasse-cafe-aero"),
        ("???", ""),
        ("a" * 100, "a" * 80),
    ],
)
def test_slugify(title, slug):
    assert slugify(title) == slug


def test_unique_slug_counts_past_taken_addresses(engine):
    make_consultation(engine, slug="vard")
    make_consultation(engine, slug="vard-2")
    make_consultation(engine, slug="vardag")
    with session_scope(engine) as session:
        assert unique_slug(session, model=Consultation, title="Vård") == "vard-3"
        assert unique_slug(session, model=Consultation, title="Skola") == "skola"
        assert unique_slug(session, model=Consultation, title="!!!") == "sida"
        # A consultation keeps its own address when saved again.
        own = session.exec(select(Consultation).where(Consultation.slug == "vard")).one()
        assert unique_slug(session, model=Consultation, title="Vård", except_id=own.id) == "vard"


def test_an_empty_address_is_made_from_the_title_and_a_typed_one_is_kept(client, engine):
    as_persona(client, engine, "staff")
    assert post_form(client, "/staff/consultations/new", NEW).status_code == 303
    assert post_form(client, "/staff/consultations/new", NEW).status_code == 303
    typed = NEW | {"title": "Annat", "slug": "egen-adress"}
    assert post_form(client, "/staff/consultations/new", typed).status_code == 303
    with session_scope(engine) as session:
        slugs = sorted(c.slug for c in session.exec(select(Consultation)))
    assert slugs == [
        "egen-adress",
        "kollektivtrafik-i-vasterbotten-2027",
        "kollektivtrafik-i-vasterbotten-2027-2",
    ]
    article = {"title": "Min kolumn om Umeå", "slug": "", "author_name": "Eva", "body": "Text"}
    assert post_form(client, "/staff/articles/new", article).status_code == 303
    with session_scope(engine) as session:
        assert session.exec(select(Article)).one().slug == "min-kolumn-om-umea"


def test_preview_renders_the_markdown_and_saves_nothing(client, engine):
    as_persona(client, engine, "staff")
    client.get("/lang/en")
    text = "Två frågor:\n\n- buss\n- [tåg](https://example.se/tag)\n\n<script>alert(1)</script>"
    response = post_form(
        client, "/staff/consultations/new", NEW | {"description": text, "preview": "1"}
    )
    assert response.status_code == 200
    page = BeautifulSoup(response.text, "html.parser")
    preview = page.select_one("[data-preview]")
    assert [li.get_text(" ", strip=True) for li in preview.select("li")] == [
        "buss",
        "tåg (external site)",
    ]
    assert preview.select_one("a.external")["href"] == "https://example.se/tag"
    assert preview.find("script") is None
    # The text is still in the form, to go on writing.
    assert page.select_one("#f-description").get_text() == text
    with session_scope(engine) as session:
        assert session.exec(select(Consultation)).all() == []
    bad = post_form(client, "/staff/consultations/new", NEW | {"title": "", "preview": "1"})
    assert bad.status_code == 400 and "data-preview" not in bad.text
    article = {"title": "T", "slug": "", "author_name": "Eva", "body": "## Rubrik", "preview": "1"}
    shown = post_form(client, "/staff/articles/new", article)
    assert shown.status_code == 200
    assert (
        BeautifulSoup(shown.text, "html.parser").select_one("[data-preview] .rich h3").text
        == "Rubrik"
    )


def _consultation_with(engine, description: str) -> Consultation:
    consultation = make_consultation(engine)
    with session_scope(engine) as session:
        found = session.get(Consultation, consultation.id)
        assert found is not None
        found.description = description
        session.add(found)
    return consultation


def test_public_page_shows_markdown_close_date_and_phases(client, engine):
    _consultation_with(engine, "Första stycket.\n\nAndra stycket med **fetstil**.\n\n- a\n- b")
    page = BeautifulSoup(client.get("/consultations/agenda").text, "html.parser")
    description = page.select_one("[data-description]")
    assert len(description.find_all("p")) == 2 and description.find("strong").text == "fetstil"
    assert len(description.select("li")) == 2
    assert page.select_one("[data-closes] time")["datetime"].endswith("Z")
    assert page.select_one("[data-phases]") is not None
    # The meta description is the words, without the Markdown.
    meta = page.select_one("meta[name=description]")["content"]
    assert meta.startswith("Första stycket. Andra stycket med fetstil.") and "**" not in meta
    assert len(page.find_all("h1")) == 1


def upload(client: TestClient, url: str, name: str, data: bytes, mime: str = "") -> object:
    files = {"file": (name, data, mime or "application/octet-stream")}
    return client.post(url, data={"csrf_token": csrf(client)}, files=files)


def test_pdf_and_image_attachments_end_to_end(client, engine):
    consultation = make_consultation(engine)
    as_persona(client, engine, "staff")
    url = f"/staff/consultations/{consultation.id}/attachments"
    assert upload(client, url, "Underlag 2027.pdf", PDF).status_code == 303
    assert upload(client, url, "karta.PNG", PNG, "image/png").status_code == 303
    with session_scope(engine) as session:
        pdf, png = session.exec(select(Attachment).order_by(Attachment.id)).all()
        events = session.exec(select(AuditEvent).where(AuditEvent.action == "attachment.added"))
        assert len(events.all()) == 2
    assert (pdf.content_type, pdf.size, png.content_type) == (
        "application/pdf",
        len(PDF),
        "image/png",
    )
    staff_page = BeautifulSoup(
        client.get(f"/staff/consultations/{consultation.id}").text, "html.parser"
    )
    assert (
        f"![karta.PNG](attachment:{png.id})"
        in staff_page.select_one("[data-staff-attachments]").text
    )
    post_form(
        client,
        f"/staff/consultations/{consultation.id}",
        NEW | {"slug": "agenda", "description": f"Se kartan:\n\n![Karta](attachment:{png.id})"},
    )
    client.cookies.clear()
    page = BeautifulSoup(client.get("/consultations/agenda").text, "html.parser")
    assert page.select_one("[data-description] img")["src"] == f"/attachments/{png.id}"
    listed = page.select("[data-attachments] li")
    assert [li.a.text for li in listed] == ["Underlag 2027.pdf", "karta.PNG"]
    assert listed[0].select_one("[data-size]").text == f"{len(PDF)} B"

    served = client.get(f"/attachments/{pdf.id}")
    assert served.status_code == 200 and served.content == PDF
    assert served.headers["content-type"] == "application/pdf"
    assert served.headers["x-content-type-options"] == "nosniff"
    assert served.headers["content-disposition"] == (
        "attachment; filename=\"underlag-2027.pdf\"; filename*=UTF-8''Underlag%202027.pdf"
    )
    assert "sandbox" in served.headers["content-security-policy"]
    image = client.get(f"/attachments/{png.id}")
    assert image.headers["content-type"] == "image/png"
    assert image.headers["content-disposition"].startswith("inline;")


BAD = [
    ("bild.png", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "none"),
    ("sida.pdf", b"<html><script>alert(1)</script></html>", "none"),
    ("kalkyl.pdf", b"PK\x03\x04" + b"\x00" * 30, "none"),
    ("bild.pdf", PNG, "does not match"),
    ("dokument.png", PDF, "does not match"),
    ("program.exe", PDF, "does not match"),
    ("tom.pdf", b"", "empty"),
    ("...", PDF, "no usable name"),
    ("x" * 200 + ".pdf", PDF, "too long"),
]


@pytest.mark.parametrize(("name", "data", "message"), BAD)
def test_bad_uploads_are_refused_with_a_reason(client, engine, name, data, message):
    consultation = make_consultation(engine)
    as_persona(client, engine, "staff")
    client.get("/lang/en")
    response = upload(client, f"/staff/consultations/{consultation.id}/attachments", name, data)
    assert response.status_code == 400
    assert message in response.text
    with session_scope(engine) as session:
        assert session.exec(select(Attachment)).all() == []


def test_folders_and_control_characters_leave_the_name(client, engine):
    consultation = make_consultation(engine)
    as_persona(client, engine, "staff")
    url = f"/staff/consultations/{consultation.id}/attachments"
    assert upload(client, url, "../../etc/\u202erapport.pdf", PDF).status_code == 303
    with session_scope(engine) as session:
        assert session.exec(select(Attachment)).one().filename == "rapport.pdf"
    assert clean_filename("C:\\Users\\eva\\ny\trapport\x07 2027.pdf ") == "nyrapport 2027.pdf"
    with pytest.raises(AttachmentError):
        clean_filename(" \x00\u200b ")


def test_upload_form_refusals(client, engine):
    consultation = make_consultation(engine)
    url = f"/staff/consultations/{consultation.id}/attachments"
    assert upload(client, url, "a.pdf", PDF).status_code == 303  # anonymous: to the login page
    as_persona(client, engine, "citizen")
    assert upload(client, url, "a.pdf", PDF).status_code == 403
    client.cookies.clear()
    as_persona(client, engine, "staff")
    no_token = client.post(url, files={"file": ("a.pdf", PDF, "application/pdf")})
    assert no_token.status_code == 403
    assert post_form(client, url, {"file": "a.pdf"}).status_code == 415
    no_file = client.post(url, data={"csrf_token": csrf(client)}, files={"other": ("a", b"x")})
    assert no_file.status_code == 400
    assert upload(client, "/staff/consultations/99999/attachments", "a.pdf", PDF).status_code == 404
    with session_scope(engine) as session:
        assert session.exec(select(Attachment)).all() == []


@pytest.fixture
def small_client(database_url, tmp_path) -> Iterator[TestClient]:
    """Uploads up to 5,000 bytes; other bodies up to 2,000."""
    settings = Settings.from_env(
        {},
        data_dir=tmp_path,
        database_url=database_url,
        secret_key="test-secret-" + "x" * 32,
        max_upload_bytes=5_000,
        max_body_bytes=2_000,
    )
    with TestClient(create_app(settings), follow_redirects=False) as test_client:
        yield test_client


def test_size_limits_are_the_upload_setting_on_the_upload_route_only(small_client):
    client = small_client
    engine = client.app.state.engine  # type: ignore[attr-defined]
    consultation = make_consultation(engine)
    as_persona(client, engine, "staff")
    client.get("/lang/en")
    url = f"/staff/consultations/{consultation.id}/attachments"
    # Over the general body limit, within the upload limit: taken.
    assert upload(client, url, "ok.pdf", PDF + b"\x00" * 4_000).status_code == 303
    # Over the upload limit but within its framing allowance: refused by the check.
    over = upload(client, url, "over.pdf", PDF + b"\x00" * 5_000)
    assert over.status_code == 413 and "at most 0.005 MB" in over.text
    # Far over: refused by the body limit before the view reads it.
    huge = upload(client, url, "huge.pdf", PDF + b"\x00" * 200_000)
    assert huge.status_code == 413 and "The file is too large" in huge.text
    # Elsewhere the general limit holds.
    other = post_form(
        client, f"/staff/consultations/{consultation.id}", {"description": "x" * 3_000}
    )
    assert other.status_code == 413
    with session_scope(engine) as session:
        assert [a.filename for a in session.exec(select(Attachment))] == ["ok.pdf"]


def test_removal_deletes_the_file_and_keeps_an_audit_record(client, engine):
    consultation = make_consultation(engine)
    as_persona(client, engine, "staff")
    upload(client, f"/staff/consultations/{consultation.id}/attachments", "plan.pdf", PDF)
    with session_scope(engine) as session:
        attachment_id = session.exec(select(Attachment)).one().id
    removed = post_form(client, f"/staff/attachments/{attachment_id}/remove")
    assert removed.status_code == 303
    assert removed.headers["location"] == f"/staff/consultations/{consultation.id}"
    assert client.get(f"/attachments/{attachment_id}").status_code == 404
    assert "data-attachments" not in client.get("/consultations/agenda").text
    with session_scope(engine) as session:
        event = session.exec(
            select(AuditEvent).where(AuditEvent.action == "attachment.removed")
        ).one()
    assert event.object_id == attachment_id and "plan.pdf" in str(event.detail)
    assert post_form(client, f"/staff/attachments/{attachment_id}/remove").status_code == 404


def test_a_draft_articles_files_are_for_staff_only(client, engine):
    as_persona(client, engine, "staff")
    article = {"title": "Utkast", "slug": "", "author_name": "Eva", "body": "Text"}
    location = post_form(client, "/staff/articles/new", article).headers["location"]
    assert upload(client, f"{location}/attachments", "foto.webp", WEBP).status_code == 303
    assert upload(client, f"{location}/attachments", "foto.jpg", JPEG).status_code == 303
    with session_scope(engine) as session:
        webp, jpeg = session.exec(select(Attachment).order_by(Attachment.id)).all()
    assert (webp.content_type, jpeg.content_type) == ("image/webp", "image/jpeg")
    assert client.get(f"/attachments/{webp.id}").status_code == 200
    anonymous = TestClient(client.app, follow_redirects=False)
    assert anonymous.get(f"/attachments/{webp.id}").status_code == 404
    body = f"## Bilder\n\n![Foto](attachment:{jpeg.id})"
    saved = post_form(
        client, location, article | {"slug": "utkast", "body": body, "is_published": "on"}
    )
    assert saved.status_code == 303
    page = BeautifulSoup(anonymous.get("/articles/utkast").text, "html.parser")
    assert page.select_one("[data-article-body] h3").text == "Bilder"
    assert page.select_one("[data-article-body] img")["src"] == f"/attachments/{jpeg.id}"
    assert len(page.select("[data-attachments] li")) == 2
    assert anonymous.get(f"/attachments/{webp.id}").status_code == 200
    assert client.get("/attachments/99999").status_code == 404


@pytest.mark.skipif(PG_URL is not None, reason="SQLite backup (PostgreSQL: pg_dump)")
def test_inspel_backup_carries_the_files(client, engine, settings, tmp_path):
    consultation = make_consultation(engine)
    as_persona(client, engine, "staff")
    upload(client, f"/staff/consultations/{consultation.id}/attachments", "plan.pdf", PDF)
    database = Path(str(sa.engine.make_url(settings.database_url).database))
    copy = retention.backup_sqlite(database, tmp_path / "backup" / "inspel.db").path
    with sqlite3.connect(copy) as conn:
        row = conn.execute("SELECT filename, data, sha256 FROM attachment").fetchone()
    assert row == ("plan.pdf", PDF, hashlib.sha256(PDF).hexdigest())
