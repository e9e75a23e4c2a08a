"""Error summaries that name the field: "Rubrik: Du behöver fylla i det här fältet." The summary
(``_macros.html``'s ``error_summary``) is rendered above the form, before the fields and their
labels, so the labels are filled in once the page is rendered: each summary link to
``#f-NAME`` gets the text of ``<label for="f-NAME">`` (without its "(required)" mark) in front
of its message. A link without such a label keeps its message alone."""

from __future__ import annotations

import html as html_lib
import re

_LINK = re.compile(r'<a href="#(f-[\w-]+)" data-summary-link>')
_REQUIRED = re.compile(r'<span class="req">.*?</span>', re.S)
_TAG = re.compile(r"<[^>]+>")


def _labels(page: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for match in re.finditer(r'<label for="(f-[\w-]+)"[^>]*>(.*?)</label>', page, re.S):
        text = _TAG.sub("", _REQUIRED.sub("", match.group(2)))
        text = " ".join(html_lib.unescape(text).split())
        found.setdefault(match.group(1), text)
    return found


def name_fields(page: str) -> str:
    """``page`` with its error summary's links prefixed by their fields' labels."""
    if "data-summary-link" not in page:
        return page
    labels = _labels(page)

    def prefix(match: re.Match[str]) -> str:
        label = labels.get(match.group(1))
        if not label:
            return match.group(0)
        return f"{match.group(0)}<span data-field-label>{html_lib.escape(label)}</span>: "

    return _LINK.sub(prefix, page)
