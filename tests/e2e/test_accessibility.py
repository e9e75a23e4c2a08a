"""WCAG 2.1 AA in a real browser: axe-core on every public page and the review queue, the
keyboard alone through the forms and the queue, form errors beside their fields and linked from
a summary, and the accessibility statement with its report form."""

from __future__ import annotations

import re
from typing import Any

from tests.e2e.conftest import NewPage
from tests.e2e.helpers import (
    CONSULTATION,
    INSULT,
    axe_violations,
    focus_visible,
    login,
    open_proposal,
    pages_without_parameters,
    reference,
    send_reply,
    shoot,
)

#: Areas behind a login, and routes that are not pages.
NOT_PUBLIC = ("/moderation", "/staff", "/admin", "/me", "/outbox", "/exports", "/audit")
NOT_PAGES = ("/healthz", "/readyz", "/lang/", "/static", "/logout", "/api/", "/branding.css")


def public_pages() -> list[str]:
    """Every GET route without parameters outside the staff areas."""
    return pages_without_parameters(NOT_PUBLIC + NOT_PAGES)


def test_axe_finds_no_serious_violations(new_page: NewPage) -> None:
    # The site's Content-Security-Policy forbids inline scripts; axe is injected as one.
    page = new_page(bypass_csp=True)
    found: list[str] = []

    def check(path: str | None = None, name: str | None = None) -> None:
        if path is not None:
            page.goto(path)
        if name:
            shoot(page, name)
        found.extend(axe_violations(page))

    for path in public_pages():
        check(path)
    check(CONSULTATION, "consultation")
    check("/", "home")
    article = page.locator("[data-article] h3 a").first.get_attribute("href")
    check(article, "article")
    check("/search?q=bussar&consultation=regionens-agenda", "search")
    check(f"{CONSULTATION}/proposals/new", "submit-form")
    page.click("form[data-form=proposal] button[type=submit]")
    check(name="submit-form-errors")
    check("/accessibility", "accessibility-statement")
    open_proposal(page)
    check(name="proposal-thread-demo")
    page.click("[data-report-link]")
    check()
    page.click("form[data-form=notice] button[type=submit]")
    check()
    send_reply(page, INSULT)
    check(name="status-page")
    held = reference(page)

    page.goto("/lang/en?next=/")
    check("/")
    check(f"{CONSULTATION}/proposals/new")

    moderator = new_page(bypass_csp=True)
    login(moderator, "moderator@e2e.se")
    for path in ("/moderation", "/moderation?tab=decided", f"/moderation/items/{held}"):
        moderator.goto(path)
        found.extend(axe_violations(moderator))
    assert found == [], "\n".join(found)


def tab_order(page: Any, limit: int = 300) -> tuple[list[int], list[str]]:
    """Tab from the top of the page through every stop. Returns the DOM positions of the stops
    in the order Tab reached them, and every focusable control that was never reached."""
    count = page.evaluate(
        """() => {
          const all = document.querySelectorAll(
            'a[href], button, input:not([type=hidden]), select, textarea, summary,'
            + ' [tabindex]:not([tabindex="-1"])');
          const shown = [...all].filter(e => e.getClientRects().length && !e.disabled
            && !e.closest('details:not([open]) > :not(summary)'));
          shown.forEach((e, i) => e.dataset.e2eStop = i);
          return shown.length;
        }"""
    )
    # Start before the first stop: a focused, untabbable marker at the top of the page.
    page.evaluate(
        """() => { const top = document.createElement('span'); top.tabIndex = -1;
          document.body.prepend(top); top.focus(); }"""
    )
    order: list[int] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate("() => document.activeElement.dataset.e2eStop ?? null")
        if stop is None or (order and int(stop) == order[0]):
            break
        assert focus_visible(page), f"stop {stop} has no visible focus on {page.url}"
        order.append(int(stop))
    missed = page.evaluate(
        """seen => [...document.querySelectorAll('[data-e2e-stop]')]
          .filter(e => !seen.includes(Number(e.dataset.e2eStop)))
          .map(e => e.outerHTML.slice(0, 120))""",
        order,
    )
    assert count > 0
    return order, missed


def assert_keyboard_reaches_everything_in_order(page: Any) -> None:
    order, missed = tab_order(page)
    assert missed == [], f"never reached by Tab on {page.url}: {missed}"
    assert order == sorted(order), f"Tab does not follow the page's order on {page.url}: {order}"


def test_the_keyboard_reaches_every_control_in_order(new_page: NewPage) -> None:
    page = new_page()
    page.goto(f"{CONSULTATION}/proposals/new")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.className") == "skip-link"
    assert page.locator(".skip-link").is_visible()
    assert_keyboard_reaches_everything_in_order(page)

    open_proposal(page)
    page.click("[data-report-link]")
    assert_keyboard_reaches_everything_in_order(page)

    # A held item of its own: whichever tests ran before on this server, the queue has one.
    open_proposal(page)
    send_reply(page, INSULT)
    moderator = new_page()
    login(moderator, "moderator@e2e.se")
    moderator.goto("/moderation")
    assert moderator.locator("[data-queue-item]").count() > 0
    assert_keyboard_reaches_everything_in_order(moderator)


#: form -> (how to reach it, its submit button)
FORMS = {
    "proposal": f"{CONSULTATION}/proposals/new",
    "notice": None,  # the report link on the demo proposal
    "reply": None,  # the reply form on the demo proposal
    "accessibility": "/accessibility",
}


def check_errors_are_linked(page: Any, form: str) -> int:
    page.click(f"form[data-form={form}] button[type=submit]")
    summary = page.locator("[data-error-summary]")
    assert summary.get_attribute("role") == "alert"
    assert page.evaluate("() => document.activeElement.matches('[data-error-summary]')"), (
        f"the error summary of the {form} form does not take the focus"
    )
    links = summary.locator("a")
    for n in range(links.count()):
        link = links.nth(n)
        field_id = link.get_attribute("href").removeprefix("#")
        field = page.locator(f"#{field_id}")
        assert field.get_attribute("aria-invalid") == "true", field_id
        described = field.get_attribute("aria-describedby").split()
        message = page.locator(f"#{field_id}-error")
        assert f"{field_id}-error" in described
        # The summary names the field by its label: "Rubrik: Du behöver fylla i …".
        named = link.locator("[data-field-label]").inner_text()
        label = page.locator(f"label[for={field_id}]").inner_text()
        assert label.startswith(named), (field_id, named, label)
        text = re.sub(r"^(Fel|Error):\s*", "", message.inner_text().strip())
        assert link.inner_text() == f"{named}: {text}", field_id
        # The message sits in the field's own block, beside it.
        assert page.evaluate(
            "([f, m]) => document.getElementById(f).closest('.field')"
            " === document.getElementById(m).closest('.field')",
            [field_id, f"{field_id}-error"],
        )
        link.focus()
        page.keyboard.press("Enter")
        assert page.evaluate("() => document.activeElement.id") == field_id
    return int(links.count())


def test_form_errors_are_beside_their_fields_and_linked_from_a_summary(page: Any) -> None:
    page.goto(f"{CONSULTATION}/proposals/new")
    assert check_errors_are_linked(page, "proposal") == 2
    page.goto("/accessibility")
    assert check_errors_are_linked(page, "accessibility") == 1
    open_proposal(page)
    assert check_errors_are_linked(page, "reply") == 1
    open_proposal(page)
    page.click("[data-report-link]")
    assert check_errors_are_linked(page, "notice") == 3


def test_the_accessibility_statement_takes_reports(page: Any) -> None:
    page.goto("/")
    page.click("[data-footer-link=accessibility]")
    assert page.locator("h1").inner_text() == "Tillgänglighetsredogörelse"
    assert page.title() == "Tillgänglighetsredogörelse – Inspel"
    assert page.locator("[data-known-problems] li").count() >= 4
    assert page.locator("[data-digg]").get_attribute("href") == "https://www.digg.se/tdosanmalan"
    page.fill("#f-description", "Kort")
    page.fill("#f-email", "inte en adress")
    page.click("form[data-form=accessibility] button[type=submit]")
    assert (
        page.locator("[data-error-for=description]")
        .inner_text()
        .endswith("Skriv minst 10 tecken (du skrev 4).")
    )
    assert page.locator("#f-description").input_value() == "Kort"  # input kept
    page.fill("#f-description", "Fokusmarkeringen syns inte på knappen Skicka svar.")
    page.fill("#f-email", "person@example.se")
    page.click("form[data-form=accessibility] button[type=submit]")
    assert page.locator("[data-flash=success]").inner_text() == (
        "Tack. Vi har tagit emot din rapport om tillgängligheten."
    )
