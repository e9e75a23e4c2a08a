"""Template filters for staff's texts: Markdown with attachment links that follow the route
table (``markdown``), the same as words only (``plain``), and a file's size (``filesize``); and
for a stored statement of reasons, its rule addresses as links (``rule_links``)."""

from __future__ import annotations

import re

import jinja2
from babel.numbers import format_decimal
from jinja2.runtime import Context
from markupsafe import Markup, escape

from debate.core.i18n import get_language
from debate.core.markdown import markdown_text, render_markdown


@jinja2.pass_context
def markdown(context: Context, text: str) -> Markup:
    request = context.get("request")

    def url(attachment_id: int) -> str:
        if request is None:
            return f"/attachments/{attachment_id}"
        return str(request.url_for("attachments.show", attachment_id=attachment_id).path)

    return render_markdown(text, url)


def plain(text: str) -> str:
    return markdown_text(text)


def filesize(size: int) -> str:
    """``830 B``, ``12 kB``, ``1,4 MB`` (decimal units, the page's language's decimal mark)."""
    lang = get_language()
    if size < 1000:
        return f"{size} B"
    if size < 1_000_000:
        return f"{format_decimal(size / 1000, '#,##0', locale=lang)} kB"
    return f"{format_decimal(size / 1_000_000, '#,##0.0', locale=lang)} MB"


#: A rule's paragraph as a statement of reasons cites it (``debate.rulepages.text.rule_url``):
#: site-relative, or absolute under some origin.
_RULE_ADDRESS = re.compile(r"(https?://[^\s/]+)?(/rules/debate#rule-[a-z0-9-]+)")


@jinja2.pass_context
def rule_links(context: Context, text: str) -> Markup:
    """``text`` escaped, with each rule address in it a link. An absolute one is linked only on
    this site's own origins (``INSPEL_BASE_URL`` and the request's): a moderator's note, quoted
    in the statement, must not pass for a link of the site's."""
    request = context.get("request")
    origins = {""}
    if request is not None:
        origins.add(str(request.base_url).rstrip("/"))
        base_url = getattr(getattr(request.app.state, "settings", None), "base_url", "")
        origins.add(base_url.rstrip("/"))
    pieces: list[Markup] = []
    last = 0
    for found in _RULE_ADDRESS.finditer(text):
        origin = found.group(1) or ""
        if origin not in origins:
            continue
        address = found.group(0)
        pieces += [escape(text[last : found.start()]), _link(address)]
        last = found.end()
    pieces.append(escape(text[last:]))
    return Markup("").join(pieces)


def _link(address: str) -> Markup:
    return Markup('<a href="{0}" data-rule-address>{0}</a>').format(address)
