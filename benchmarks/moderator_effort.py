"""What it costs a moderator to clear 12 held items, counted in a real browser: key presses,
mouse clicks and page loads, from the open queue to an empty Held tab (logging in not counted).

    .venv/bin/python benchmarks/moderator_effort.py            # every way, one after the other
    .venv/bin/python benchmarks/moderator_effort.py --flow card

The 12 items are held proposals (an insult; every other one with a personal number the engine
proposes to mask): 4 approved, 4 approved with the proposed parts masked, 4 rejected with the
rule DECENCY-INSULT as the reason. Two ways of working, both with the keyboard only:

- ``item``: open each item from the queue (j, Enter) and decide on its page (a / e / r, the
  reason with the arrow keys and Enter); the decision returns to the queue (the only way
  before the queue cards had their own forms).
- ``card``: decide on the queue card itself (j to the first card, then a / e / r on the card
  that has focus); with JavaScript the decision is sent without a page load and focus lands on
  the next card.
- ``nojs``: the cards with JavaScript off, by mouse (a click on the button; to reject, a
  click to choose the reason and one on the button): each decision is one page load, and the
  queue comes back at the next card.

It needs Debian's chromium and Playwright, like tests/e2e.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.e2e.conftest import CHROMIUM, FLAGS  # noqa: E402
from tests.e2e.helpers import login  # noqa: E402
from tests.e2e.live import live_server  # noqa: E402

ITEMS = 12
REASON = "DECENCY-INSULT"


@dataclass
class Effort:
    keys: int = 0
    clicks: int = 0
    loads: int = 0


def plan(number: int) -> str:
    """What to do with "inlägg N": even N carry a personal number."""
    if number % 2 == 0:
        return "mask" if number <= 8 else "reject"
    return "approve" if number <= 7 else "reject"


class Counter:
    def __init__(self, page: Any) -> None:
        self.page = page
        self.effort = Effort()
        page.on("load", lambda _page: self._loaded())

    def _loaded(self) -> None:
        self.effort.loads += 1

    def click(self, selector: str) -> None:
        self.effort.clicks += 1
        self.page.click(selector)

    def press(self, key: str) -> None:
        self.effort.keys += 1
        self.page.keyboard.press(key)

    def choose_reason(self, select: Any) -> None:
        """The reason list has focus: arrow down to ``REASON`` (one key per step), Enter."""
        values = select.evaluate("s => Array.from(s.options).map(o => o.value)")
        for _ in range(values.index(REASON)):
            self.press("ArrowDown")
        self.press("Enter")


def focused_number(page: Any) -> tuple[int, int]:
    """The focused card's submission id and its "inlägg N"."""
    card = page.locator("[data-queue-item]:focus-within").first
    text = card.locator("[data-open]").inner_text()
    found = re.search(r"inlägg (\d+)", text)
    assert found, text
    return int(card.get_attribute("data-queue-item") or 0), int(found.group(1))


def item_flow(page: Any, counter: Counter) -> None:
    for _ in range(ITEMS):
        counter.press("j")
        _id, number = focused_number(page)
        with page.expect_navigation():
            counter.press("Enter")
        action = plan(number)
        with page.expect_navigation():
            if action == "approve":
                counter.press("a")
            elif action == "mask":
                counter.press("e")
            else:
                counter.press("r")
                counter.choose_reason(page.locator("#f-reason"))


def card_flow(page: Any, counter: Counter) -> None:
    counter.press("j")
    for _ in range(ITEMS):
        submission, number = focused_number(page)
        gone = f"[data-queue-item='{submission}']"
        action = plan(number)
        if action == "approve":
            counter.press("a")
        elif action == "mask":
            counter.press("e")
        else:
            counter.press("r")
            counter.choose_reason(page.locator(f"{gone} [data-reason]"))
        page.wait_for_selector(gone, state="detached")


def nojs_flow(page: Any, counter: Counter) -> None:
    for _ in range(ITEMS):
        card = page.locator("[data-queue-item]").first
        submission = card.get_attribute("data-queue-item")
        number = int(re.findall(r"inlägg (\d+)", card.locator("[data-open]").inner_text())[0])
        action = {"approve": "approve", "mask": "redact", "reject": "reject"}[plan(number)]
        here = f"#card-{submission}"
        if action == "reject":
            counter.effort.clicks += 1  # choosing the reason in the list
            page.select_option(f"{here} [data-reason]", REASON)
        with page.expect_navigation():
            counter.click(f"{here} [data-card-action={action}]")


FLOWS = {"item": item_flow, "card": card_flow, "nojs": nojs_flow}


def measure(flow: str) -> Effort:
    with live_server(held=ITEMS) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        context = browser.new_context(
            base_url=url,
            viewport={"width": 1280, "height": 900},
            java_script_enabled=flow != "nojs",
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        login(page, "moderator@e2e.se")
        counter = Counter(page)
        page.goto("/moderation")
        FLOWS[flow](page, counter)
        page.goto("/moderation")
        left = page.locator("[data-tab=held] [data-count]").inner_text()
        assert left == "(0)", f"items left in the Held tab: {left}"
        counter.effort.loads -= 1  # the check above is not the moderator's work
        browser.close()
        return counter.effort


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--flow", choices=(*FLOWS, "all"), default="all")
    args = parser.parse_args()
    flows = tuple(FLOWS) if args.flow == "all" else (args.flow,)
    print(f"Clearing {ITEMS} held items (4 approve, 4 mask, 4 reject)")
    print(f"{'flow':<6} {'keys':>5} {'clicks':>6} {'page loads':>10}")
    for flow in flows:
        effort = measure(flow)
        print(f"{flow:<6} {effort.keys:>5} {effort.clicks:>6} {effort.loads:>10}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
