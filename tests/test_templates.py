"""Every template compiles, and every page sets a title."""

from __future__ import annotations

import pytest

from debate.app import create_templates
from debate.core.paths import TEMPLATES

ALL = sorted(str(p.relative_to(TEMPLATES)) for p in TEMPLATES.rglob("*.html"))
PAGES = [
    name for name in ALL if not name.rsplit("/", 1)[-1].startswith("_") and name != "base.html"
]


def test_templates_found():
    assert len(PAGES) >= 10


@pytest.mark.parametrize("name", ALL)
def test_template_compiles(name):
    assert create_templates().env.get_template(name) is not None


@pytest.mark.parametrize("name", PAGES)
def test_page_defines_a_title(name):
    template = create_templates().env.get_template(name)
    assert "title" in template.blocks, f"{name} has no title block"
    assert template.blocks  # extends base.html
    source = (TEMPLATES / name).read_text()
    assert source.startswith('{% extends "base.html" %}')


@pytest.mark.parametrize("name", PAGES)
def test_the_title_is_plain_text(name):
    """The <title> holds words, not markup (a misplaced block once put a whole section in it)."""
    source = (TEMPLATES / name).read_text()
    start = source.index("{% block title %}") + len("{% block title %}")
    title = source[start : source.index("{% endblock %}", start)]
    assert "<" not in title and len(title) < 200, title[:200]
