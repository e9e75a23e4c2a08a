"""The public transparency report and statistics in a real browser (issue 20): axe-core finds no
serious or critical violation in Swedish or English, the pages do not scroll sideways at 320 px,
no chart label sticks out of its chart, and a picture of each lands in artifacts/pages/."""

from __future__ import annotations

from tests.e2e.conftest import NewPage
from tests.e2e.helpers import axe_violations, shoot
from tests.e2e.test_layout import OVERFLOW

PAGES = {"transparency": "/transparency", "statistics": "/statistics"}

#: Chart texts drawn outside their SVG's box (a label that would be cut), one line each.
CUT_LABELS = """() => [...document.querySelectorAll('svg.chart')].flatMap(svg => {
  const box = svg.getBoundingClientRect();
  return [...svg.querySelectorAll('text')]
    .filter(t => { const r = t.getBoundingClientRect();
                   return r.left < box.left - 1 || r.right > box.right + 1
                          || r.top < box.top - 1 || r.bottom > box.bottom + 1; })
    .map(t => svg.id + ': ' + t.textContent);
})"""


def test_public_reports_in_a_browser(new_page: NewPage) -> None:
    page = new_page(bypass_csp=True)
    found: list[str] = []
    for lang in ("sv", "en"):
        page.goto(f"/lang/{lang}?next=/")
        for name, path in PAGES.items():
            page.set_viewport_size({"width": 1280, "height": 900})
            page.goto(path)
            if lang == "sv":
                shoot(page, name)
            found += axe_violations(page)
            found += [f"{path} ({lang}) cut: {label}" for label in page.evaluate(CUT_LABELS)]
            page.set_viewport_size({"width": 320, "height": 900})
            page.goto(path)
            wide = page.evaluate(OVERFLOW)
            if wide:
                found.append(f"{path} ({lang}) at 320 px: {wide}")
            found += [f"{path} ({lang}, 320 px) cut: {t}" for t in page.evaluate(CUT_LABELS)]
    assert found == [], "\n".join(found)
