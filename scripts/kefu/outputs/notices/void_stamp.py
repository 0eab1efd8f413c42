"""The 作废 stamp on a filed notice: a first line in red saying 作废, the day and the reason.

The rest of the document is left as it was issued, so the archive still shows what was printed.
"""
from __future__ import annotations

import datetime as dt
import io

from kefu.outputs.docx_tokens import docx_bytes

VOID_WORD = "作废"


def void_line(day: dt.date, reason: str) -> str:
    return f"【{VOID_WORD}】{day.year}年{day.month}月{day.day}日作废,原因:{reason}"


def stamp_void(data: bytes, day: dt.date, reason: str) -> bytes:
    """The .docx ``data`` with the void line put first; python-docx escapes the reason."""
    from docx import Document          # heavy: only the void path needs it
    from docx.shared import Pt, RGBColor

    doc = Document(io.BytesIO(data))
    paragraphs = doc.paragraphs
    para = paragraphs[0].insert_paragraph_before("") if paragraphs else doc.add_paragraph()
    run = para.add_run(void_line(day, reason))
    run.bold = True
    run.font.size = Pt(16)
    run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    return docx_bytes(doc)   # its date (2026年3月5日作废) kept on one line, as in every Word output
