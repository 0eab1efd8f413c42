"""Styling Word documents: Chinese text needs the East Asian font set, not just font.name; cell shading."""
from __future__ import annotations

from docx.oxml.ns import qn
from docx.shared import Pt


def set_font(target, east_asia: str, *, latin: str | None = None, size: float | None = None,
             bold: bool | None = None, complex_script: bool = False) -> None:
    """Font of a python-docx style or run: East Asian font, Latin font (ascii/hAnsi, and cs when asked),
    size in points and bold. ``rFonts`` is created through python-docx, in its schema position."""
    font = target.font
    if latin is not None:
        font.name = latin
    if size:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    element = getattr(target, "_r", None)
    if element is None:
        element = target.element
    fonts = element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asia)
    if complex_script and latin is not None:
        fonts.set(qn("w:cs"), latin)


def shade(cell, fill: str) -> None:
    """Background colour of a table cell (hex RGB, e.g. "D9E2F3")."""
    tcpr = cell._tc.get_or_add_tcPr()
    tcpr.append(tcpr.makeelement(qn("w:shd"), {qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): fill}))
