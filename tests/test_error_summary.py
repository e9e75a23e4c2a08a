"""Error summaries name the field (issue 20, item 6): "Rubrik: Du behöver fylla i det här
fältet." The label comes from the form's own ``<label>`` (``debate.web.summary``), so it is
the text next to the field, in the page's language, without the "(required)" mark."""

from __future__ import annotations

from bs4 import BeautifulSoup

from debate.web.summary import name_fields
from tests.factories import make_consultation, post_form


def summary_items(response) -> list[str]:
    soup = BeautifulSoup(response.text, "html.parser")
    return [li.get_text(strip=True) for li in soup.select("[data-error-summary] li")]


def test_the_summary_names_the_field_in_swedish(client, engine):
    make_consultation(engine)
    response = post_form(client, "/consultations/agenda/proposals", {"title": "", "body": ""})
    assert response.status_code == 400
    assert summary_items(response) == [
        "Rubrik: Du behöver fylla i det här fältet.",
        "Ditt förslag: Du behöver fylla i det här fältet.",
    ]


def test_the_summary_names_the_field_in_english(client, engine):
    make_consultation(engine)
    client.get("/lang/en")
    response = post_form(client, "/consultations/agenda/proposals", {"title": "", "body": "x"})
    assert summary_items(response) == ["Title: This field is required."]


def test_every_summary_link_points_at_a_labelled_field(client, engine):
    make_consultation(engine)
    response = post_form(
        client, "/consultations/agenda/proposals", {"title": "x" * 201, "body": "", "topic": "99"}
    )
    soup = BeautifulSoup(response.text, "html.parser")
    for link in soup.select("[data-error-summary] a"):
        target = link["href"].removeprefix("#")
        label = soup.select_one(f"label[for={target}]")
        assert label is not None, target
        named = link.select_one("[data-field-label]").get_text()
        assert label.get_text(" ", strip=True).startswith(named), (named, label.get_text())


def test_naming_leaves_pages_without_a_summary_alone_and_escapes():
    page = '<label for="f-x">A <span class="req">(required)</span></label>'
    assert name_fields(page) == page
    summary = (
        '<a href="#f-x" data-summary-link>Bad.</a><a href="#f-gone" data-summary-link>Other.</a>'
        '<label for="f-x">Tom &amp; &lt;Jerry&gt; <span class="req">(required)</span></label>'
    )
    named = name_fields(summary)
    assert "<span data-field-label>Tom &amp; &lt;Jerry&gt;</span>: Bad." in named
    assert '<a href="#f-gone" data-summary-link>Other.</a>' in named
