"""Template filters for staff's texts: Markdown with attachment links that follow the route
table (``markdown``), the same as words only (``plain``), and a file's size (``filesize``)."""

from __future__ import annotations

import jinja2
from babel.numbers import format_decimal
from jinja2.runtime import Context
from markupsafe import Markup

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
