"""Staff write a consultation in Markdown, attach a PDF, preview and save; the public page shows
the list, the link and the file (docs/authoring.md)."""

from __future__ import annotations

import re

import httpx

from tests.e2e.conftest import NewPage, Server
from tests.e2e.helpers import axe_violations, login, shoot

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + b"%" * 2_000 + b"\n%%EOF\n"
TITLE = "Cykelvägar i Västerbotten 2027"
DESCRIPTION = (
    "Regionen vill veta var cykelvägar behövs mest.\n\n"
    "Tänk särskilt på:\n\n"
    "- skolvägar\n"
    "- vägar till jobbet\n\n"
    "Läs [Trafikverkets plan](https://www.trafikverket.se/cykel) innan du skriver."
)


def test_staff_write_markdown_attach_a_pdf_preview_save_and_the_public_sees_it(
    new_page: NewPage, server: Server, tmp_path
) -> None:
    page = new_page(bypass_csp=True)  # for axe, injected as an inline script
    login(page, "staff@e2e.se")
    page.goto("/staff/consultations/new")
    page.fill("#f-title", TITLE)
    page.fill("#f-description", DESCRIPTION)
    page.fill("#f-opens_at", "2026-01-01")
    page.fill("#f-closes_at", "2030-06-30")

    page.click("[data-action=preview]")
    preview = page.locator("[data-preview]")
    preview.wait_for()
    assert preview.locator("li").all_inner_texts() == ["skolvägar", "vägar till jobbet"]
    assert preview.locator("a.external").get_attribute("rel") == "nofollow noopener"
    assert page.locator("#f-description").input_value() == DESCRIPTION
    shoot(page, "authoring-preview")

    page.click("form[data-form=consultation] button[type=submit]:not([name])")
    page.wait_for_url(re.compile(r"/staff/consultations/\d+$"))
    assert page.locator("#f-slug").input_value() == "cykelvagar-i-vasterbotten-2027"

    pdf = tmp_path / "Underlag cykelvägar.pdf"
    pdf.write_bytes(PDF)
    page.set_input_files("#f-file", str(pdf))
    page.click("form[data-form=attachment] button[type=submit]")
    row = page.locator("[data-staff-attachments] tr[data-attachment]")
    row.wait_for()
    snippet = row.locator("code").inner_text()
    assert re.fullmatch(r"\[Underlag cykelvägar\.pdf\]\(attachment:\d+\)", snippet)

    # The PDF linked from the text, previewed once more, then saved.
    page.fill("#f-description", f"{DESCRIPTION}\n\nUnderlaget: {snippet}")
    page.click("[data-action=preview]")
    page.locator("[data-preview] a[href^='/attachments/']").wait_for()
    page.click("form[data-form=consultation] button[type=submit]:not([name])")
    page.wait_for_url(re.compile(r"/staff/consultations/\d+$"))
    shoot(page, "authoring-staff-attachments")

    visitor = new_page(bypass_csp=True)
    visitor.goto("/consultations/cykelvagar-i-vasterbotten-2027")
    description = visitor.locator("[data-description]")
    assert description.locator("li").all_inner_texts() == ["skolvägar", "vägar till jobbet"]
    external = description.locator("a.external")
    assert external.get_attribute("href") == "https://www.trafikverket.se/cykel"
    assert description.locator("p").count() >= 3
    listed = visitor.locator("[data-attachments] li")
    assert listed.count() == 1
    assert "Underlag cykelvägar.pdf" in listed.inner_text()
    assert listed.locator("[data-size]").inner_text() == "2 kB"
    assert visitor.locator("[data-closes] time").count() == 1
    assert visitor.locator("[data-phases]").count() == 1
    assert visitor.locator("h1").count() == 1
    shoot(visitor, "authoring-public-consultation")
    assert axe_violations(visitor) == []

    href = description.locator("a[href^='/attachments/']").get_attribute("href")
    served = httpx.get(f"{server.url}{href}")
    assert served.status_code == 200 and served.content == PDF
    assert served.headers["content-type"] == "application/pdf"
    assert served.headers["content-disposition"].startswith("attachment;")
    assert served.headers["x-content-type-options"] == "nosniff"
