"""Narrow screens: no page scrolls sideways at 320 px (WCAG 2.1 reflow, 1.4.10), for the public,
a moderator and an administrator. Long Swedish compounds in headings must wrap, and wide tables
scroll inside their own box."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Error as PlaywrightError

from tests.e2e.conftest import NewPage
from tests.e2e.helpers import CONSULTATION, login, open_proposal, pages_without_parameters

NOT_PAGES = ("/healthz", "/readyz", "/lang/", "/static", "/logout", "/me/data/export")

#: What overflows the viewport, if anything: the widest element that sticks out on the right.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return null;
  const out = [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > width + 1
                 && !e.closest('.table-scroll, pre, [data-scrolls]'))
    .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')
              + ' ' + (e.textContent || '').trim().slice(0, 40));
  return out.slice(0, 3).join(' | ') || 'scrollWidth ' + document.documentElement.scrollWidth;
}"""


def sideways(page: Any, paths: list[str]) -> list[str]:
    found = []
    for path in paths:
        try:
            response = page.goto(path)
        except PlaywrightError as error:
            if "Download is starting" in str(error):
                continue  # a file (an export), not a page
            raise
        if response is None or response.status >= 400:
            continue  # a page this person may not see: another person's pass visits it
        wide = page.evaluate(OVERFLOW)
        if wide:
            found.append(f"{path}: {wide}")
    return found


def test_no_page_scrolls_sideways_at_320_px(new_page: NewPage) -> None:
    paths = pages_without_parameters(NOT_PAGES)
    found: list[str] = []
    for who in (None, "moderator@e2e.se", "staff@e2e.se", "admin@e2e.se"):
        page = new_page()
        page.set_viewport_size({"width": 320, "height": 900})
        if who:
            login(page, who)
        found += [f"{who or 'public'} {line}" for line in sideways(page, paths)]
    public = new_page()
    public.set_viewport_size({"width": 320, "height": 900})
    found += sideways(public, [CONSULTATION, f"{CONSULTATION}/proposals/new"])
    open_proposal(public)
    wide = public.evaluate(OVERFLOW)
    if wide:
        found.append(f"thread: {wide}")
    assert found == [], "\n".join(found)
