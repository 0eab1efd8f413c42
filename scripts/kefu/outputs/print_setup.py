"""How a sheet kefu writes with openpyxl prints on A4: title and date in the header, page numbers in the
footer, one page wide, the header rows repeated on every page, thin borders around table cells.

(The findings workbook, written with XlsxWriter, does the same in outputs/findings/workbook.py.)
"""
from __future__ import annotations

from openpyxl.styles import Border, Side
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.properties import PageSetupProperties

A4 = 9
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
PAGE_FOOTER = "第 &P 页,共 &N 页"
PERCENT = "0.0%"


def header_text(text: str) -> str:
    """Text as Excel's header/footer codes take it: & starts a code, so a literal & is doubled."""
    return text.replace("&", "&&")


def print_on_a4(ws, *, title: str, date_text: str, landscape: bool = False, title_rows: str | None = None) -> None:
    """Page setup of ``ws`` (a normal or write-only worksheet: call before its first row is appended)."""
    ws.page_setup.paperSize = A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1        # one page wide ...
    ws.page_setup.fitToHeight = 0       # ... as many pages tall as needed
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.oddHeader.left.text = header_text(title)
    ws.oddHeader.right.text = header_text(date_text)
    ws.oddFooter.center.text = PAGE_FOOTER
    if title_rows:
        ws.print_title_rows = title_rows   # e.g. "1:1": the table's header on every page


def page_break_before(ws, row: int) -> None:
    """Start a new page at ``row`` (1-based): a chart or a table placed there is not split from its title."""
    if row > 1:
        ws.row_breaks.append(Break(id=row - 1))
