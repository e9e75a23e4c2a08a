"""Writers fix their text (issue 19, item 3): an author rewrites a held reply from the status link
and it is published; an author withdraws a reply; a second moderator decides an appeal with
"publish with masking". axe-core checks the new pages, and the edit page and the status page
after the edit are saved as pictures under tests/e2e/artifacts/pages/."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import NewPage
from tests.e2e.helpers import (
    axe_violations,
    decide,
    in_thread,
    login,
    open_proposal,
    reference,
    send_reply,
    shoot,
)

HELD = "Du är en idiot som inte förstår något om bussar."
FIXED = "Jag tror inte att du har rätt om bussarna: kvällsturerna behövs mest."


def checked(page: Any, name: str) -> list[str]:
    shoot(page, name)
    return axe_violations(page)


def test_13_an_author_edits_a_held_reply_and_it_is_published(new_page: NewPage) -> None:
    author = new_page(bypass_csp=True)
    link = send_reply(author, HELD)
    item = reference(author)
    assert author.locator("[data-state]").first.get_attribute("data-state") == "held"
    author.click("[data-rewrite-link]")
    author.wait_for_selector("form[data-form=edit]")
    assert author.locator("h1").inner_text() == "Skriv om och skicka igen"
    assert author.locator("#f-body").input_value() == HELD
    assert author.locator("[data-reasons]").is_visible()  # why it was held, beside the form
    violations = checked(author, "edit-rewrite")

    author.fill("#f-body", "")
    author.click("[data-send-edit]")
    assert (
        author.locator("[data-error-for=body]")
        .inner_text()
        .endswith("Du behöver fylla i det här fältet.")
    )
    author.fill("#f-body", FIXED)
    author.click("[data-send-edit]")
    author.wait_for_url(link)
    assert "granskas på nytt" in author.locator("[data-flash]").first.inner_text()
    state = author.locator("section [data-state]")
    assert state.get_attribute("data-state") == "published"
    assert author.locator("[data-original-body]").inner_text() == FIXED
    violations += checked(author, "status-after-edit")

    author.click("[data-published-link]")
    reply = in_thread(author, item)
    assert reply.locator(".text").inner_text() == FIXED
    assert HELD not in author.content()
    assert violations == [], "\n".join(violations)


def test_14_an_author_withdraws_a_reply(new_page: NewPage) -> None:
    author = new_page(bypass_csp=True)
    link = send_reply(author, "Ett svar som jag ångrar.")
    item = reference(author)
    author.click("form[data-form=withdraw] button[type=submit]")
    error = author.locator("[data-error-for=confirm]")
    assert "Kryssa i rutan" in error.inner_text()
    author.check("#f-confirm")
    author.click("form[data-form=withdraw] button[type=submit]")
    author.wait_for_url(link)
    assert author.locator("section [data-state]").inner_text() == "Återkallad av skribenten"
    assert author.locator("[data-change-section]").count() == 0
    violations = checked(author, "status-withdrawn")
    open_proposal(author)
    assert in_thread(author, item).count() == 0
    assert violations == [], "\n".join(violations)


def test_15_an_appeal_is_decided_with_masking(new_page: NewPage) -> None:
    author = new_page(bypass_csp=True)
    link = send_reply(author, HELD)
    item = reference(author)
    first = new_page(bypass_csp=True)
    login(first, "moderator@e2e.se")
    decide(first, item, "reject", reason="DECENCY-INSULT")
    author.goto(link)
    author.fill("#f-grounds", "Ta bort ordet idiot, men publicera resten av mitt svar.")
    author.click("form[data-form=appeal] button[type=submit]")
    author.wait_for_selector("[data-appeal=open]")

    second = new_page(bypass_csp=True)
    login(second, "second@e2e.se")
    second.goto("/moderation?tab=appeals")
    form = second.locator(f"[data-queue-item='{item}'] [data-appeal-form]")
    form.locator("[data-outcome-mask]").check()
    form.locator("textarea[name=mask]").fill("idiot")
    form.locator("select[name=rule]").select_option("DECENCY-INSULT")
    form.locator("textarea[name=reason]").fill("Svaret får publiceras utan personangreppet.")
    violations = checked(second, "appeal-masking")
    form.locator("button[type=submit]").click()
    second.wait_for_selector("[data-flash=success]")

    author.goto(link)
    assert author.locator("[data-appeal-outcome]").get_attribute("data-appeal-outcome") == "masked"
    assert author.locator("section [data-state]").get_attribute("data-state") == (
        "published_redacted"
    )
    violations += checked(author, "status-after-masking")
    author.click("[data-published-link]")
    text = in_thread(author, item).locator(".text").inner_text()
    assert "idiot" not in text and text.startswith("Du är en ")
    assert violations == [], "\n".join(violations)
