"""Steps the journeys share: logging in, sending a reply, moderating, checking with axe."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from starlette.routing import Route

from debate.routes import routes
from tests.e2e.conftest import ARTIFACTS, PASSWORD

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CONSULTATION = "/consultations/regionens-agenda"
PROPOSAL_TITLE = "Tätare bussar på landsbygden"
PNR = "19811218-9876"
INSULT_WITH_NUMBER = f"Mitt personnummer är {PNR} och du är en idiot."
INSULT = "Du är en idiot som skriver så här om bussarna."


def shoot(page: Any, name: str) -> None:
    """One picture of a main page, for people to look at (not compared)."""
    folder = ARTIFACTS / "pages"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=folder / f"{name}.png", full_page=True)


def axe_violations(page: Any) -> list[str]:
    """Serious and critical WCAG 2.1 A/AA violations on the page, one line each."""
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return [
        f"{page.url}: {v['id']} ({v['impact']}): {v['help']} – "
        + "; ".join(node["target"][0] for node in v["nodes"][:5])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def login(page: Any, email: str) -> None:
    page.goto("/login")
    page.fill("#f-email", email)
    page.fill("#f-password", PASSWORD)
    page.click("form[data-form=login] button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)


def open_proposal(page: Any) -> str:
    """From the home page to the demo proposal's thread; returns its path."""
    page.goto("/")
    page.click("[data-consultation=regionens-agenda] h3 a")
    page.get_by_role("link", name=PROPOSAL_TITLE).click()
    page.wait_for_selector("[data-proposal]")
    return str(re.sub(r"^https?://[^/]+", "", page.url))


def send_reply(page: Any, body: str) -> str:
    """Post a reply on the demo proposal; returns the status page's path."""
    open_proposal(page)
    page.fill("form[data-form=reply] #f-body", body)
    page.click("form[data-form=reply] button[type=submit]")
    page.wait_for_url("**/status/**")
    return str(page.locator("[data-status-link]").input_value())


def reference(page: Any) -> int:
    """The submission number on a status page (INS-42 -> 42)."""
    return int(page.locator("[data-reference]").inner_text().removeprefix("INS-"))


def decide(page: Any, item: int, action: str, *, reason: str = "", note: str = "") -> None:
    """A moderator's decision through the item page's form (mouse and keys mixed)."""
    page.goto(f"/moderation/items/{item}")
    if reason:
        page.select_option("#f-reason", reason)
    if note:
        page.fill("#f-note", note)
    page.click(f"[data-action={action}]")
    page.wait_for_url(lambda url: f"/moderation/items/{item}" not in url)


def focus_visible(page: Any) -> bool:
    """Whether the focused element draws a focus indicator (an outline or a shadow ring)."""
    return bool(
        page.evaluate(
            """() => {
              const s = getComputedStyle(document.activeElement);
              const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
              return outline || (s.boxShadow && s.boxShadow !== 'none');
            }"""
        )
    )


def focused(page: Any) -> str:
    """The focused element as ``tag#id`` / ``tag[name]`` / ``tag:text``, for order checks."""
    return str(
        page.evaluate(
            """() => {
              const e = document.activeElement;
              const tag = e.tagName.toLowerCase();
              if (e.id) return tag + '#' + e.id;
              if (e.name) return tag + '[' + e.name + ']';
              return tag + ':' + (e.innerText || '').trim().slice(0, 30);
            }"""
        )
    )


def tab_through(page: Any, stop: str, limit: int = 80) -> list[str]:
    """Press Tab from the top of the page until ``stop`` is focused; every stop must show focus."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); }")
    seen: list[str] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        here = focused(page)
        assert focus_visible(page), f"no visible focus on {here} at {page.url}"
        seen.append(here)
        if here == stop:
            return seen
    raise AssertionError(f"{stop} never reached by Tab on {page.url}: {seen}")


def in_thread(page: Any, submission: int) -> Any:
    """A reply in the thread, found by its submission number (its report link)."""
    return page.locator(f"[data-thread] article:has([data-report-link='{submission}'])")


def pages_without_parameters(excluded: tuple[str, ...]) -> list[str]:
    """Every GET route whose path has no parameters and does not start with one of
    ``excluded`` (new pages join by themselves)."""
    return sorted(
        r.path
        for r in routes
        if isinstance(r, Route)
        and "GET" in (r.methods or ())
        and "{" not in r.path
        and not r.path.startswith(excluded)
    )
