"""Pictures of the main pages at desktop (1280 px) and mobile (390 px) width, for a person to
compare before and after a change (not compared by a test):

    python -m tests.e2e.screenshots before     # -> tests/e2e/artifacts/before/*.png
    python -m tests.e2e.screenshots after
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.e2e.conftest import ARTIFACTS, CHROMIUM, FLAGS
from tests.e2e.helpers import CONSULTATION, PROPOSAL_TITLE, login
from tests.e2e.live import live_server

WIDTHS = {"desktop": 1280, "mobile": 390}
#: name -> (who is logged in, path); a thread is found by its title on the consultation.
PAGES = {
    "home": (None, "/"),
    "consultation": (None, CONSULTATION),
    "thread": (None, None),
    "queue": ("moderator@e2e.se", "/moderation"),
    "transparency": ("staff@e2e.se", "/staff/transparency"),
}


def shoot_all(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    saved = []
    with live_server(held=6) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        for width_name, width in WIDTHS.items():
            for name, (who, path) in PAGES.items():
                context = browser.new_context(
                    base_url=url, viewport={"width": width, "height": 900}
                )
                page = context.new_page()
                if who:
                    login(page, who)
                if path is None:
                    page.goto(CONSULTATION)
                    page.get_by_role("link", name=PROPOSAL_TITLE).click()
                    page.wait_for_selector("[data-proposal]")
                else:
                    page.goto(path)
                target = folder / f"{name}-{width_name}.png"
                page.screenshot(path=target, full_page=True)
                saved.append(target)
                context.close()
        browser.close()
    return saved


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] not in ("before", "after"):
        print("usage: python -m tests.e2e.screenshots before|after", file=sys.stderr)
        return 2
    for path in shoot_all(ARTIFACTS / argv[0]):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
