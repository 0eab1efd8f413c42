"""Cells, column widths and page setup of the findings workbook (XlsxWriter): shared by its sheets and
its print view."""
from __future__ import annotations

import datetime as dt

from kefu.core.safe_text import xml_safe

_STYLES: dict[str, dict[str, object]] = {"top": {}, "wrap": {"text_wrap": True}, "title": {"bold": True},
           "head": {"bold": True, "bg_color": "#DDEBF7", "pattern": 1, "text_wrap": True},
           "group": {"bold": True, "bg_color": "#F2F2F2", "pattern": 1},
           "link": {"font_color": "#0563C1", "underline": 1},
           "alert": {"bold": True, "font_color": "#C00000"},
           "alert_text": {"font_color": "#C00000", "text_wrap": True}}   # every style also aligns to the top
_BORDER: dict[str, object] = {"border": 1, "border_color": "#808080"}   # table cells: thin grey lines, printed too
_PAGE_FOOTER = "&C第 &P 页,共 &N 页"
_FORMULA_STARTS = ("=", "+", "-", "@")


def formats(wb) -> dict:
    """(style, quote prefix) -> format; a style name ending in + has the table's border; "count" a number."""
    fmt: dict[object, object] = {(name, quote): wb.add_format({"valign": "top", **props, "quote_prefix": quote})
           for name, props in _STYLES.items() for quote in (False, True)}
    fmt |= {(f"{name}+", quote): wb.add_format({"valign": "top", **props, **_BORDER, "quote_prefix": quote})
            for name, props in _STYLES.items() for quote in (False, True)}
    fmt["count"] = wb.add_format({"valign": "top", **_BORDER})
    return fmt


def write_text(ws, r: int, c: int, value, fmt, style: str = "top") -> None:
    """Text stored as text: never a formula, even when it begins with = + - @. XlsxWriter keeps at most
    Excel's 32,767 characters of a longer text (the rest is cut, the cell kept)."""
    text = xml_safe(str(value))   # control characters dropped, as in every output
    if not text:
        ws.write_blank(r, c, None, fmt[style, False])   # styled but empty, as before
        return
    # quotePrefix: Excel keeps showing it as text when the cell is edited
    ws.write_string(r, c, text, fmt[style, text.startswith(_FORMULA_STARTS)])


def set_widths(ws, widths) -> None:
    """Column widths stored as given, like openpyxl did (XlsxWriter's set_column would add Excel's
    cell padding: 24 -> 24.71); 7 pixels per unit is how XlsxWriter converts back."""
    for i, width in enumerate(widths):
        ws.set_column_pixels(i, i, width * 7)


def page_setup(ws, *, landscape: bool, title: str, as_of: dt.date) -> None:
    """A4, one page wide; the sheet's title and the check's date in the header, page numbers in the footer."""
    if landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.set_paper(9)   # A4
    ws.fit_to_pages(1, 0)   # one page wide, as many pages tall as needed
    ws.center_horizontally()
    # the margins the sheets were laid out and printed with (openpyxl's defaults; XlsxWriter's are narrower)
    ws.set_margins(left=0.75, right=0.75, top=1, bottom=1)
    ws.set_header(f"&L{header_text(title)}&R检查日期 {as_of.isoformat()}", margin=0.5)
    ws.set_footer(_PAGE_FOOTER, margin=0.5)


def header_text(text: str) -> str:
    return text.replace("&", "&&")
