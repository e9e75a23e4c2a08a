"""The check before sending and the public rule pages in a real browser (issue 19, items 4
and 6): the preview warns about a personal number, inline with JavaScript and as a page
without it, and never stops the author from sending; axe-core on the new pages; a picture of
the preview and of a rule page in ``tests/e2e/artifacts/pages/``."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import NewPage
from tests.e2e.helpers import (
    CONSULTATION,
    INSULT,
    PNR,
    axe_violations,
    login,
    open_proposal,
    shoot,
)

PNR_PROPOSAL = f"Ring mig om bussarna, mitt personnummer är {PNR}."
MASKED = "XXXXXXXX-XXXX"


def _fill_proposal(page: Any, body: str) -> None:
    page.goto(f"{CONSULTATION}/proposals/new")
    page.fill("#f-title", "Bussar på kvällen")
    page.fill("#f-body", body)


def _check_warning(page: Any) -> None:
    preview = page.locator("[data-preview-slot] [data-preview]")
    assert preview.get_attribute("data-preview") == "redact"
    finding = page.locator("[data-finding=PII-PNR]")
    assert finding.inner_text().startswith("Skulle döljas: Personnummer")
    assert page.locator("[data-preview-body] mark.masked").inner_text().endswith(MASKED)
    # The form still holds the text as written, and sending is not blocked.
    assert page.input_value("#f-body") == PNR_PROPOSAL
    assert page.locator("form[data-form=proposal] button[type=submit]").is_enabled()


def _send_and_see_it_masked(page: Any) -> None:
    page.click("form[data-form=proposal] button[type=submit]")
    page.wait_for_url("**/status/**")
    assert page.locator("[data-state]").get_attribute("data-state") == "published_redacted"
    assert page.locator("[data-rule-links] a").first.get_attribute("href") == (
        "/rules/debate#rule-pii-pnr"
    )


def test_the_preview_warns_about_a_personal_number(new_page: NewPage) -> None:
    page = new_page()
    _fill_proposal(page, PNR_PROPOSAL)
    page.click("[data-preview-button]")
    page.wait_for_selector("[data-preview-slot] [data-preview]")
    assert "/proposals/new" in page.url, "with JavaScript the preview stays on the page"
    _check_warning(page)
    shoot(page, "preview-personal-number")
    _send_and_see_it_masked(page)


def test_the_preview_works_without_javascript(new_page: NewPage) -> None:
    page = new_page(javascript=False)
    _fill_proposal(page, PNR_PROPOSAL)
    page.click("[data-preview-button]")
    page.wait_for_selector("[data-preview]")
    _check_warning(page)
    _send_and_see_it_masked(page)


def test_the_reply_preview_says_a_held_text_waits_and_why(new_page: NewPage) -> None:
    page = new_page()
    open_proposal(page)
    page.fill("form[data-form=reply] #f-body", INSULT)
    page.click("form[data-form=reply] [data-preview-button]")
    preview = page.wait_for_selector("form[data-form=reply] [data-preview]")
    assert preview.get_attribute("data-preview") in ("review", "reject")
    assert page.locator("[data-preview-body] mark.flagged").first.inner_text().endswith("idiot")
    rule = page.locator("[data-finding=DECENCY-INSULT] a")
    rule.click()
    page.wait_for_url("**/rules/debate#rule-decency-insult")
    assert page.locator("#rule-decency-insult").count() == 1


def test_the_rule_pages_are_in_the_footer_and_english(new_page: NewPage) -> None:
    page = new_page()
    page.goto("/")
    page.click("footer [data-footer-link=privacy]")
    assert page.locator("h1").inner_text() == "Så behandlar vi dina personuppgifter"
    page.goto("/lang/en?next=/rules/debate")
    assert page.locator("h1").inner_text() == "Debate rules"


def test_an_admin_edits_a_rule_page_and_the_public_reads_it(new_page: NewPage) -> None:
    admin = new_page()
    login(admin, "admin@e2e.se")
    admin.click("[data-nav=rules]")
    admin.click("tr[data-rule-page=contact-sv] a")
    admin.fill("#f-body", "## Frågor\n\nSkriv till inspel@region.example.")
    admin.click("form[data-form=rule-page] button[type=submit]")
    admin.wait_for_selector("[data-saved-version='1']")
    visitor = new_page()
    visitor.goto("/rules/contact")
    assert "inspel@region.example" in visitor.locator("[data-rule-page]").inner_text()
    assert visitor.locator("[data-rule-page]").get_attribute("data-version") == "1"


def test_axe_finds_no_serious_violations_on_the_new_pages(new_page: NewPage) -> None:
    # The site's Content-Security-Policy forbids inline scripts; axe is injected as one.
    page = new_page(bypass_csp=True)
    found: list[str] = []
    _fill_proposal(page, PNR_PROPOSAL)
    page.click("[data-preview-button]")
    page.wait_for_selector("[data-preview-slot] [data-preview]")
    found += axe_violations(page)
    for name in ("terms", "debate", "privacy", "contact"):
        page.goto(f"/rules/{name}")
        if name == "debate":
            shoot(page, "rules-debate")
        found += axe_violations(page)
    open_proposal(page)
    page.fill("form[data-form=reply] #f-body", INSULT)
    page.click("form[data-form=reply] [data-preview-button]")
    page.wait_for_selector("form[data-form=reply] [data-preview]")
    shoot(page, "preview-reply-held")
    found += axe_violations(page)
    admin = new_page(bypass_csp=True)
    login(admin, "admin@e2e.se")
    for path in ("/admin/rules", "/admin/rules/debate/en"):
        admin.goto(path)
        found += axe_violations(admin)
    shoot(admin, "admin-rule-page")
    assert found == [], "\n".join(found)


def test_an_answer_inside_the_thread_has_its_own_inline_preview(new_page: NewPage) -> None:
    page = new_page(bypass_csp=True)
    open_proposal(page)
    answer = page.locator("details.answer").first
    answer.locator("summary").click()
    form = answer.locator("form[data-form=answer]")
    form.locator("textarea[name=body]").fill(INSULT)
    form.locator("[data-preview-button]").click()
    preview = form.locator("[data-preview-slot] [data-preview]")
    preview.wait_for()
    assert preview.get_attribute("data-preview") in ("review", "reject")
    heading = preview.get_attribute("aria-labelledby")
    assert heading and heading.startswith("preview-heading-")
    assert page.locator(f"#{heading}").count() == 1
    # The main reply form shows nothing, and the answer is still there to send.
    assert page.locator("form[data-form=reply] [data-preview]").count() == 0
    assert form.locator("textarea[name=body]").input_value() == INSULT
    shoot(page, "preview-answer-inline")
    assert axe_violations(page) == []
