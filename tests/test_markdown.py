"""Staff's Markdown: what it renders, and what never gets through (debate/core/markdown.py)."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from debate.core import i18n, markdown
from debate.core.markdown import markdown_text, render_markdown


def soup(text: str) -> BeautifulSoup:
    return BeautifulSoup(str(render_markdown(text)), "html.parser")


def test_plain_text_paragraphs_stay_paragraphs_and_line_breaks_stay():
    page = soup("Första stycket.\nSamma stycke, ny rad.\n\nAndra stycket.")
    paragraphs = page.find_all("p")
    assert [p.get_text() for p in paragraphs] == [
        "Första stycket.\nSamma stycke, ny rad.",
        "Andra stycket.",
    ]
    assert paragraphs[0].find("br") is not None


@pytest.fixture
def swedish() -> Iterator[None]:
    before = i18n.get_language()
    i18n.set_language("sv")
    yield
    i18n.set_language(before)


def test_lists_links_and_tables(swedish):
    page = soup(
        "- ett\n- [Regionen](https://www.regionvasterbotten.se)\n- [Om oss](/pages/about)\n\n"
        "| Kommun | Förslag |\n|---|--:|\n| Umeå | 3 |\n"
    )
    assert page.select_one("ul > li").get_text() == "ett"
    external, internal = page.find_all("a")
    assert external["href"] == "https://www.regionvasterbotten.se"
    assert external["rel"] == ["nofollow", "noopener"]
    assert external["class"] == ["external"]
    assert external.select_one(".visually-hidden").get_text() == " (extern webbplats)"
    assert internal["href"] == "/pages/about" and internal["rel"] == ["nofollow", "noopener"]
    assert internal.get("class") is None
    assert [td.get_text() for td in page.select("tbody td")] == ["Umeå", "3"]
    # An inline style would be refused by the site's CSP anyway: none is written.
    assert not page.select("[style]")


def test_bare_addresses_become_links():
    link = soup("Läs mer på https://example.se/plan").find("a")
    assert link["href"] == "https://example.se/plan" and "external" in link["class"]


def test_headings_go_one_level_down_so_the_page_keeps_one_h1():
    page = soup("# Bakgrund\n\n## Frågan\n\n###### Djupast")
    assert page.find("h1") is None
    assert [h.name for h in page.find_all(["h2", "h3", "h6"])] == ["h2", "h3", "h6"]


def test_attachment_images_and_links_resolve_and_other_images_are_text():
    html = render_markdown(
        "![Karta](attachment:7) [Rapporten](attachment:8) ![Spårare](https://tracker.example/p.png)"
        " ![Foto](/attachments/9) ![Annat](/static/logo.png)",
        lambda n: f"/prefix/attachments/{n}",
    )
    page = BeautifulSoup(str(html), "html.parser")
    assert [(i["src"], i["alt"]) for i in page.find_all("img")] == [
        ("/prefix/attachments/7", "Karta"),
        ("/prefix/attachments/9", "Foto"),
    ]
    assert page.find("a")["href"] == "/prefix/attachments/8"
    assert "Spårare" in page.get_text() and "tracker.example" not in str(html)
    assert "Annat" in page.get_text() and "logo.png" not in str(html)


XSS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "[klicka](javascript:alert(1))",
    "[klicka](JaVaScRiPt:alert(1))",
    "[klicka](java\tscript:alert(1))",
    "[klicka](&#106;avascript:alert(1))",
    "[klicka](vbscript:msgbox(1))",
    "[klicka](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))",
    '<a href="javascript:alert(1)">klicka</a>',
    "<img src=x onerror=alert(1)>",
    '<p onclick="alert(1)">text</p>',
    "<svg onload=alert(1)><circle r=1 /></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<iframe src=https://evil.example></iframe>",
    "<style>body{display:none}</style>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '[x](https://example.se "titel" onmouseover="alert(1)")',
    "<form action=https://evil.example><button>Skicka</button></form>",
]


@pytest.mark.parametrize("attack", XSS)
def test_no_script_handler_or_dangerous_address_gets_through(attack):
    page = soup(f"Text före.\n\n{attack}\n\nText efter.")
    for tag in page.find_all(True):
        assert tag.name not in {"script", "svg", "iframe", "style", "math", "form", "button"}
        for name, value in tag.attrs.items():
            assert not name.lower().startswith("on"), tag
            if name in ("href", "src"):
                assert urlsplit(value).scheme in ("", "http", "https", "mailto"), tag
    assert "Text efter." in page.get_text()


def test_the_sanitiser_stands_on_its_own_behind_the_renderer():
    """Were the renderer ever to pass raw HTML, nh3 still strips the dangerous parts."""
    cleaned = markdown._clean(
        '<h1 onclick="x()">T</h1><a href="javascript:x()" class="evil">a</a>'
        "<script>alert(1)</script><svg onload=x()></svg><img src=x onerror=y()>"
    )
    page = BeautifulSoup(cleaned, "html.parser")
    assert page.find("script") is None and page.find("svg") is None and page.find("h1") is None
    assert page.find("a").get("href") is None and not page.find("a").get("class")
    assert page.find("img").attrs == {"src": "x"}
    assert "alert(1)" not in cleaned


def test_markdown_text_is_the_words_alone():
    assert markdown_text("## Rubrik\n\nEtt **fett** ord & [länk](https://x.se).") == (
        "Rubrik Ett fett ord & länk."
    )
    assert markdown_text("<script>alert(1)</script>") == "<script>alert(1)</script>"
    assert markdown_text("") == ""
