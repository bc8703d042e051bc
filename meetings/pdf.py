"""The minutes of a joint meeting as a PDF (会议纪要) for signature.

reportlab's built-in CID font ``STSong-Light`` (Adobe's Asian font pack names it; every PDF reader
ships the glyphs) writes Chinese without any font file on the server. The content is the print
page's: the meeting, who came and who did not, the agenda with each item's outcome, the minutes and
the signature lines; an open meeting's PDF says it is a draft on every page.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from functools import cache
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .models import AgendaEntry, Attendee, Meeting

FONT = "STSong-Light"


@cache
def _font() -> str:
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def _styles() -> dict[str, ParagraphStyle]:
    font = _font()
    body = ParagraphStyle("body", fontName=font, fontSize=10.5, leading=16, wordWrap="CJK")
    return {
        "title": ParagraphStyle("title", parent=body, fontSize=16, leading=22, alignment=TA_CENTER, spaceAfter=4 * mm),
        "heading": ParagraphStyle("heading", parent=body, fontSize=12, leading=18, spaceBefore=4 * mm,
                                  spaceAfter=2 * mm),
        "body": body,
        "cell": ParagraphStyle("cell", parent=body, fontSize=10, leading=14),
    }


def _text(value: str) -> str:
    """Paragraph markup of plain text: escaped, line breaks kept."""
    return escape(value or "").replace("\n", "<br/>")


def _people(attendees: Iterable[Attendee], *, present: bool) -> str:
    names = []
    for a in attendees:
        if bool(a.is_present) != present:
            continue
        extra = a.unit if present else a.absence_reason
        names.append(f"{a.name}（{extra}）" if extra else a.name)
    return "、".join(names) or "—"


def _grid(rows, widths, style) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=0)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), _font()),
        *style,
    ]))
    return table


def minutes_pdf(meeting: Meeting, *, attendees: Iterable[Attendee], entries: Iterable[AgendaEntry]) -> bytes:
    """The meeting's minutes as PDF bytes (A4, one or more pages, numbered "page n of m")."""
    s = _styles()
    attendees = list(attendees)
    width = A4[0] - 40 * mm

    def p(value: str, style: str = "cell") -> Paragraph:
        return Paragraph(_text(value), s[style])

    convenor = meeting.convenor.full_name if meeting.convenor_id and meeting.convenor.full_name else "—"
    facts = [
        [p(pgettext("meetings", "Date")), p(f"{meeting.held_on:%Y-%m-%d}")],
        [p(pgettext("meetings", "Place")), p(meeting.place or "—")],
        [p(pgettext("meetings", "Convenor")), p(convenor)],
        [p(pgettext("meetings", "Present")), p(_people(attendees, present=True))],
        [p(pgettext("meetings", "Absent")), p(_people(attendees, present=False))],
    ]
    story = [
        Paragraph(_text(f"{meeting.body.name} · {meeting.title}"), s["title"]),
        _grid(facts, [30 * mm, width - 30 * mm], [("BACKGROUND", (0, 0), (0, -1), colors.whitesmoke)]),
    ]
    entries = list(entries)
    if entries:
        rows = [[p("#"), p(pgettext("meetings", "Problem")), p(pgettext("meetings", "Outcome"))]]
        for number, entry in enumerate(entries, start=1):
            title = entry.item.title + (f"（{pgettext('meetings', 'carried over')}）" if entry.is_carried else "")
            outcome = str(entry.get_outcome_display()) + (f"：{entry.note}" if entry.note else "")
            rows.append([p(str(number)), p(title), p(outcome)])
        story += [
            Paragraph(_text(pgettext("meetings", "Agenda")), s["heading"]),
            _grid(rows, [10 * mm, (width - 10 * mm) * 0.55, (width - 10 * mm) * 0.45],
                  [("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke)]),
        ]
    story += [Paragraph(_text(pgettext("meetings", "Minutes")), s["heading"])]
    # One paragraph per line of the minutes, so long minutes break across pages.
    story += [Paragraph(_text(line) or "&nbsp;", s["body"]) for line in (meeting.minutes or "—").splitlines()]
    signature = "{}：＿＿＿＿＿＿＿＿　　{}：＿＿＿＿＿＿".format(
        pgettext("meetings", "Convenor's signature"), pgettext("meetings", "Date"))
    story += [
        Spacer(1, 15 * mm),
        Paragraph(_text(signature), s["body"]),
    ]
    draft = _("Draft: this meeting is still open") if meeting.is_open else ""
    footer = _("Page %(page)s of %(pages)s")

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=20 * mm, bottomMargin=20 * mm,
        title=f"{meeting.title} {meeting.held_on:%Y-%m-%d}", author=meeting.body.name, creator="partybuild",
    )
    doc.build(story, onFirstPage=_decorate(draft), onLaterPages=_decorate(draft), canvasmaker=_numbered(footer))
    return buffer.getvalue()


def _decorate(draft: str):
    def on_page(canvas, doc) -> None:
        if draft:
            canvas.saveState()
            canvas.setFont(_font(), 10)
            canvas.setFillColor(colors.red)
            canvas.drawRightString(A4[0] - 20 * mm, A4[1] - 12 * mm, draft)
            canvas.restoreState()
    return on_page


def _numbered(footer: str):
    """A canvas that knows the page count when it writes each page's footer (two-pass numbering)."""
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(_font(), 9)
                self.drawCentredString(A4[0] / 2, 10 * mm, footer % {"page": self._pageNumber, "pages": total})
                super().showPage()
            super().save()

    return NumberedCanvas
