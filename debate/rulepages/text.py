"""The rule pages' plain text format, read into blocks the template lays out (and escapes):
no Markdown and no HTML, so an admin's text can never inject markup.

- Blocks are separated by blank lines.
- ``## Heading`` is a heading.
- ``3. Text`` is numbered paragraph 3, with the anchor ``#p-3``. Rule ids in braces at its end,
  ``{LAW-THREAT, LAW-HATE}``, are not shown: they give the paragraph the anchors
  ``#rule-law-threat`` and ``#rule-law-hate``, which each statement of reasons links to.
- A block whose lines all start with ``- `` is a list.
- Anything else is a paragraph; single line breaks are kept as spaces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

HEADING, NUMBERED, LIST, PARAGRAPH = "heading", "numbered", "list", "paragraph"

_NUMBERED = re.compile(r"^(\d{1,3})\.\s+(.*)$", re.DOTALL)
_TAGS = re.compile(r"\s*\{([A-Z0-9,\s-]+)\}\s*$")


@dataclass(frozen=True, slots=True)
class Block:
    kind: str
    text: str = ""
    number: int | None = None
    #: Rule ids this numbered paragraph states (its ``#rule-…`` anchors).
    rules: tuple[str, ...] = ()
    items: tuple[str, ...] = field(default=())

    @property
    def anchors(self) -> list[str]:
        return [rule_anchor(rule_id) for rule_id in self.rules]


def rule_url(site_url: str, rule_id: str) -> str:
    """The address of ``rule_id``'s paragraph of the debate rules, which statements of reasons
    cite: absolute under ``site_url`` (``INSPEL_BASE_URL``), or site-relative (``/rules/…``)
    without one, which pages turn into a link (the ``rule_links`` filter)."""
    return f"{site_url.rstrip('/')}/rules/debate#{rule_anchor(rule_id)}"


def rule_anchor(rule_id: str) -> str:
    """The anchor of the debate-rules paragraph for ``rule_id`` (``rule-law-threat``)."""
    return f"rule-{rule_id.lower()}"


def blocks(text: str) -> list[Block]:
    chunks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    return [_block(chunk.strip()) for chunk in chunks if chunk.strip()]


def _block(chunk: str) -> Block:
    lines = [line.strip() for line in chunk.split("\n")]
    if len(lines) == 1 and lines[0].startswith("## "):
        return Block(HEADING, lines[0][3:].strip())
    if all(line.startswith("- ") for line in lines):
        return Block(LIST, items=tuple(line[2:].strip() for line in lines))
    joined = " ".join(lines)
    numbered = _NUMBERED.match(joined)
    if numbered is None:
        return Block(PARAGRAPH, joined)
    body = numbered.group(2)
    rules: tuple[str, ...] = ()
    tags = _TAGS.search(body)
    if tags is not None:
        rules = tuple(tag.strip() for tag in tags.group(1).split(",") if tag.strip())
        body = body[: tags.start()]
    return Block(NUMBERED, body.strip(), int(numbered.group(1)), rules)


def paragraph_of(text: str, rule_id: str) -> int | None:
    """The number of the paragraph that states ``rule_id``, if the text tags one."""
    for block in blocks(text):
        if rule_id in block.rules:
            return block.number
    return None
