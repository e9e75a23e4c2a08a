"""The agenda brief as DOCX and PDF: opened back with python-docx and pypdf, Swedish letters and
a citizen's text as written, hidden proposals left out."""

from __future__ import annotations

import io
from typing import Any

import pytest
from docx import Document
from pypdf import PdfReader
from sqlalchemy.engine import Engine
from starlette.testclient import TestClient

from debate.core.i18n import set_language
from debate.core.models import Role, Visibility
from debate.reporting import documents, reports
from tests.factories import login, make_consultation, make_user, seed_proposal, topic_ids
from tests.test_exports import set_state, submission_of

HOSTILE = "Åsa & <b>Öhman</b> säger: ”ärligt talat” – 100 % \x01 ja"


@pytest.fixture
def agenda(client: TestClient, engine: Engine) -> dict[str, Any]:
    login(client, make_user(engine, Role.STAFF))
    consultation = make_consultation(engine)
    topics = topic_ids(engine, consultation)
    ids = {
        "bussar": seed_proposal(
            engine,
            consultation,
            "Fler bussar i Umeå",
            "Bussarna borde gå oftare på kvällarna.",
            topic_id=topics["Trafik"],
        ),
        "hostile": seed_proposal(
            engine, consultation, "Åsa och Öhman", HOSTILE, topic_id=topics["Vård"]
        ),
        "hidden": seed_proposal(
            engine, consultation, "Dold text", "Hemlig.", topic_id=topics["Vård"]
        ),
    }
    set_state(engine, submission_of(engine, ids["hidden"]), Visibility.HIDDEN)
    return {"consultation": consultation, "ids": ids}


def _url(agenda: dict[str, Any], fmt: str) -> str:
    return f"/staff/brief?consultation={agenda['consultation'].id}&format={fmt}"


def test_brief_as_docx(client: TestClient, agenda: dict[str, Any]) -> None:
    response = client.get(_url(agenda, "docx"))
    assert response.status_code == 200
    assert response.headers["content-type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response.headers["content-disposition"] == 'attachment; filename="agenda.docx"'
    document = Document(io.BytesIO(response.content))
    paragraphs = [p.text for p in document.paragraphs]
    headings = [
        p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))
    ]
    assert headings[0] == "Underlag för dagordning: Consultation agenda"
    assert "Trafik" in headings and "Vård" in headings and "Mest stöd" in headings
    assert "Fler bussar i Umeå (0)" in paragraphs
    assert "Bussarna borde gå oftare på kvällarna." in paragraphs
    # The citizen's text as written (markup is text, never obeyed), less the control character.
    assert HOSTILE.replace("\x01", "") in paragraphs
    assert f"http://testserver/proposals/{agenda['ids']['bussar']}" in paragraphs
    assert not any("Dold text" in p or "Hemlig" in p for p in paragraphs)
    states = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert states[0] == ["Status", "Antal"] and ["Mottaget av regionen", "2"] in states
    assert document.core_properties.title == "Underlag för dagordning: Consultation agenda"


def test_brief_as_pdf(client: TestClient, agenda: dict[str, Any]) -> None:
    response = client.get(_url(agenda, "pdf"))
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == 'attachment; filename="agenda.pdf"'
    assert response.content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    flat = " ".join(text.split())
    assert "Underlag för dagordning: Consultation agenda" in flat
    assert "Fler bussar i Umeå" in flat and "kvällarna" in flat
    assert "Åsa & <b>Öhman</b> säger: ”ärligt talat” – 100 % ja" in flat
    assert "Dold text" not in flat
    assert reader.metadata.title == "Underlag för dagordning: Consultation agenda"
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("DejaVuSans" in name for name in fonts), fonts


def test_brief_documents_in_english(client: TestClient, agenda: dict[str, Any]) -> None:
    client.get("/lang/en")
    document = Document(io.BytesIO(client.get(_url(agenda, "docx")).content))
    assert document.paragraphs[0].text == "Agenda brief: Consultation agenda"
    pdf = PdfReader(io.BytesIO(client.get(_url(agenda, "pdf")).content))
    assert "Most supported" in pdf.pages[0].extract_text()


def test_brief_page_links_to_every_format(client: TestClient, agenda: dict[str, Any]) -> None:
    page = client.get(f"/staff/brief?consultation={agenda['consultation'].id}")
    for fmt in ("md", "docx", "pdf"):
        assert f"format={fmt}" in page.text


def test_an_empty_consultation_makes_documents_too(engine: Engine) -> None:
    consultation = make_consultation(engine, slug="tom")
    set_language("sv")
    from debate.core.db import session_scope

    with session_scope(engine) as session:
        brief = reports.agenda_brief(session, consultation=consultation)
    assert "Inga publicerade förslag" in " ".join(
        p.text for p in Document(io.BytesIO(documents.brief_docx(brief))).paragraphs
    )
    text = PdfReader(io.BytesIO(documents.brief_pdf(brief))).pages[0].extract_text()
    assert "Inga publicerade förslag" in text


def test_staff_only(client: TestClient, engine: Engine) -> None:
    consultation = make_consultation(engine)
    response = client.get(f"/staff/brief?consultation={consultation.id}&format=pdf")
    assert response.status_code == 303  # anonymous visitors go to the login page
