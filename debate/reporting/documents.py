"""The agenda brief as a Word document (DOCX, python-docx) and a PDF (fpdf2), for the
decision-makers who read those rather than a web page or Markdown.

Both hold what the HTML brief holds (``reports.agenda_brief``): the totals, the region's
handling, and per topic the most supported and most discussed proposals with a quote and a
link. The PDF embeds DejaVu Sans (``fonts/``, its licence beside it), which has å, ä, ö and the
rest of Latin, Greek and Cyrillic, so a citizen's text prints as written; python:3.11-slim has
no fonts of its own. Characters XML cannot carry (control characters) are left out of both.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

from docx import Document
from docx.shared import Pt
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from debate.core.i18n import _, get_language
from debate.core.labels import proposal_state_label
from debate.reporting.reports import Brief, BriefItem, BriefTopic

FONTS = Path(__file__).resolve().parent / "fonts"
#: Not allowed in XML 1.0 (python-docx refuses them) and of no use in print.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: str) -> str:
    return _CONTROL.sub("", text)


def _summary(brief: Brief) -> str:
    return _("%(num)d proposals, %(supports)d supports. Made %(date)s.") % {
        "num": brief.count,
        "supports": brief.supports,
        "date": brief.generated_at.strftime("%Y-%m-%d %H:%M UTC"),
    }


def _topic_line(topic: BriefTopic) -> str:
    return _("%(num)d proposals, %(supports)d supports, %(replies)d replies.") % {
        "num": topic.count,
        "supports": topic.supports,
        "replies": topic.replies,
    }


def _lists(topic: BriefTopic) -> Iterator[tuple[str, list[tuple[BriefItem, int]]]]:
    yield _("Most supported"), [(i, i.supports) for i in topic.most_supported()]
    yield _("Most discussed"), [(i, i.replies) for i in topic.most_discussed()]


def _title(brief: Brief) -> str:
    return clean(f"{_('Agenda brief')}: {brief.consultation.title}")


# --- DOCX ---------------------------------------------------------------------------------------


def brief_docx(brief: Brief) -> bytes:
    document = Document()
    document.core_properties.title = _title(brief)
    document.core_properties.language = "sv-SE" if get_language() == "sv" else "en-GB"
    document.styles["Normal"].font.size = Pt(11)
    document.add_heading(_title(brief), level=0)
    document.add_paragraph(_summary(brief))
    document.add_heading(_("The region's handling"), level=1)
    table = document.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = _("State"), _("Number")
    for state, n in brief.states:
        row = table.add_row().cells
        row[0].text, row[1].text = proposal_state_label(state), str(n)
    for topic in brief.topics:
        document.add_heading(clean(topic.name), level=1)
        document.add_paragraph(_topic_line(topic))
        for heading, items in _lists(topic):
            document.add_heading(heading, level=2)
            for item, figure in items:
                entry = document.add_paragraph(style="List Number")
                entry.add_run(clean(item.title)).bold = True
                entry.add_run(f" ({figure})")
                document.add_paragraph(clean(item.quote), style="Quote")
                document.add_paragraph(item.url)
    if not brief.topics:
        document.add_paragraph(_("No published proposals yet."))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- PDF ----------------------------------------------------------------------------------------


class _Pdf(FPDF):
    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("DejaVu", size=8)
        self.cell(0, 10, f"{self.page_no()}", align="C")


def brief_pdf(brief: Brief) -> bytes:
    pdf = _Pdf(format="A4")
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_title(_title(brief))
    pdf.set_lang("sv-SE" if get_language() == "sv" else "en-GB")
    pdf.set_creator("Inspel")
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()
    _text(pdf, _title(brief), size=18, bold=True)
    _text(pdf, _summary(brief))
    _text(pdf, _("The region's handling"), size=14, bold=True)
    for state, n in brief.states:
        _text(pdf, f"{proposal_state_label(state)}: {n}")
    for topic in brief.topics:
        _text(pdf, clean(topic.name), size=14, bold=True)
        _text(pdf, _topic_line(topic))
        for heading, items in _lists(topic):
            _text(pdf, heading, size=12, bold=True)
            for n, (item, figure) in enumerate(items, 1):
                _text(pdf, f"{n}. {clean(item.title)} ({figure})", bold=True)
                _text(pdf, clean(item.quote), indent=8)
                _text(pdf, item.url, indent=8, size=9, link=item.url)
    if not brief.topics:
        _text(pdf, _("No published proposals yet."))
    return bytes(pdf.output())


def _text(
    pdf: FPDF, text: str, *, size: int = 11, bold: bool = False, indent: int = 0, link: str = ""
) -> None:
    pdf.set_font("DejaVu", "B" if bold else "", size)
    pdf.set_x(pdf.l_margin + indent)
    pdf.multi_cell(0, size * 0.5, text, link=link, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(size * 0.2)
