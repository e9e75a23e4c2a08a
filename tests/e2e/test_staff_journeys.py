"""Staff take the approved input to the agenda: the XLSX export and the agenda brief."""

from __future__ import annotations

import io
import zipfile

import pytest
from starlette.routing import Route

from debate.routes import routes
from tests.e2e.conftest import NewPage
from tests.e2e.helpers import PROPOSAL_TITLE, login, shoot


def export_routes() -> dict[str, Route]:
    return {
        r.name: r
        for r in routes
        if isinstance(r, Route) and r.name.startswith(("exports.", "brief."))
    }


def page_route(prefix: str) -> str:
    """The first GET page of an area that needs no parameters."""
    for name, route in sorted(export_routes().items()):
        if name.startswith(prefix) and "GET" in (route.methods or ()) and "{" not in route.path:
            return route.path
    raise AssertionError(f"no {prefix}* page without parameters in {sorted(export_routes())}")


@pytest.mark.skipif(
    not export_routes(),
    reason="the staff exports (routes exports.* and brief.* in debate/views/exports.py) "
    "are not built yet",
)
def test_6_staff_download_the_xlsx_export_and_open_the_agenda_brief(new_page: NewPage) -> None:
    page = new_page()
    login(page, "staff@e2e.se")
    page.goto(page_route("exports."))
    shoot(page, "staff-exports")
    form = page.locator("form:has([value=xlsx])").first
    choice = form.locator("[value=xlsx]").first
    if choice.evaluate("e => e.tagName") == "OPTION":
        form.locator("select:has(option[value=xlsx])").select_option("xlsx")
    else:
        choice.check()
    with page.expect_download() as download:
        form.locator("button[type=submit]").first.click()
    data = download.value.path().read_bytes()
    assert download.value.suggested_filename.endswith(".xlsx")
    with zipfile.ZipFile(io.BytesIO(data)) as workbook:  # XLSX is a zip of XML parts
        parts = {n: workbook.read(n).decode("utf-8") for n in workbook.namelist()}
    assert any(n.startswith("xl/worksheets/") for n in parts), sorted(parts)
    assert any(PROPOSAL_TITLE in text for n, text in parts.items() if n.startswith("xl/"))

    page.goto(page_route("brief."))
    page.get_by_role("link", name="Vilka frågor ska regionen driva 2027?").click()
    page.wait_for_url("**consultation=*")
    shoot(page, "agenda-brief")
    assert page.locator("h1").count() == 1
    assert PROPOSAL_TITLE in page.locator("main").inner_text()
