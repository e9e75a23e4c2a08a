"""Staff's Markdown (consultation descriptions, debate articles) as safe HTML.

Rendered by markdown-it-py (CommonMark, tables, strikethrough, bare addresses made links; raw
HTML is shown as text, never passed through), then sanitised by nh3 (the Ammonia sanitiser) with
an allow-list of tags, attributes and URL schemes, so that whatever the renderer lets by, a
script, an ``on*`` attribute, a ``javascript:`` link or an SVG does not reach the page.

On top of CommonMark:

- headings go one level down (``#`` is an ``h2``): the page keeps its one ``h1``;
- every link gets ``rel="nofollow noopener"``; one to another site gets the class ``external``
  and a hidden "(external site)" for screen readers;
- ``attachment:ID`` in a link or an image is the address of attachment ID
  (``![Map](attachment:3)``, ``[The report](attachment:4)``; ``/attachments/3``, its address,
  works too); an image from anywhere else is
  shown as its text only (the site's CSP would block it, and it would tell another site who
  reads the page);
- a single line break is kept (``breaks``): descriptions written as plain text look as before.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import nh3
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markupsafe import Markup

from debate.core.i18n import _

AttachmentUrl = Callable[[int], str]

#: ``attachment:3``, or the attachment's own address on this site (``/attachments/3``).
ATTACHMENT = re.compile(r"^(?:attachment:|/attachments/)(\d{1,12})$")
EXTERNAL = re.compile(r"^(?:https?:)?//", re.IGNORECASE)

TAGS = {
    "p", "br", "strong", "em", "del", "s", "a", "ul", "ol", "li", "blockquote", "code", "pre",
    "hr", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "img",
    "span",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "ol": {"start"}}
CLASSES = {"a": {"external"}, "span": {"visually-hidden"}}
SCHEMES = {"http", "https", "mailto"}


def default_attachment_url(attachment_id: int) -> str:
    return f"/attachments/{attachment_id}"


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": True, "breaks": True})
    md.enable(["table", "strikethrough", "linkify"])
    md.core.ruler.push("inspel", _adjust)
    return md


def _adjust(state: StateCore) -> None:
    url: AttachmentUrl = state.env.get("attachment_url", default_attachment_url)
    mark = bool(state.env.get("mark_external", True))
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + 1, 6)}"
        elif token.type == "inline" and token.children:
            token.children = _inline(token.children, url, mark)


def _inline(children: list[Token], url: AttachmentUrl, mark: bool) -> list[Token]:
    result: list[Token] = []
    external: list[bool] = []
    for token in children:
        if token.type == "link_open":
            href = _resolve(str(token.attrGet("href") or ""), url)
            token.attrSet("href", href)
            is_external = bool(EXTERNAL.match(href))
            if is_external:
                token.attrSet("class", "external")
            external.append(is_external)
        elif token.type == "link_close" and external.pop() and mark:
            hidden = Token("html_inline", "", 0)
            label = html.escape(_("external site"))
            hidden.content = f'<span class="visually-hidden"> ({label})</span>'
            result.append(hidden)
        elif token.type == "image":
            src = str(token.attrGet("src") or "")
            if ATTACHMENT.match(src):
                token.attrSet("src", _resolve(src, url))
            else:
                token = _as_text(token)
        result.append(token)
    return result


def _resolve(href: str, url: AttachmentUrl) -> str:
    found = ATTACHMENT.match(href)
    return url(int(found.group(1))) if found else href


def _as_text(image: Token) -> Token:
    text = Token("text", "", 0)
    text.content = image.content
    return text


_MD = _parser()


def _clean(rendered: str) -> str:
    return nh3.clean(
        rendered,
        tags=TAGS,
        attributes=ATTRIBUTES,
        allowed_classes=CLASSES,
        url_schemes=SCHEMES,
        link_rel="nofollow noopener",
    )


def render_markdown(text: str, attachment_url: AttachmentUrl | None = None) -> Markup:
    """``text`` (Markdown or plain text) as sanitised HTML, ready for a template."""
    env = {"attachment_url": attachment_url or default_attachment_url}
    return Markup(_clean(_MD.render(text or "", env)))  # noqa: S704  sanitised by nh3 above


def markdown_text(text: str) -> str:
    """``text`` without its Markdown: the words a meta description or a summary shows."""
    words = nh3.clean(_MD.render(text or "", {"mark_external": False}), tags=set())
    return " ".join(html.unescape(words).split())
