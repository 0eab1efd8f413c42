"""Complaint numbers and dates never break across lines in a Word document ("TS-2026-\\n0006",
"2025-08-\\n15" in a narrow table column).

Word and LibreOffice may break a line after any hyphen. Each hyphen inside a token of letters and digits
(TS-2026-0006, 2025-08-15, TS-2026-0006-2) becomes Word's own non-breaking hyphen, ``<w:noBreakHyphen/>``
(what Ctrl+Shift+- types): Word draws it as a hyphen and LibreOffice imports it as its hard hyphen, so both
keep the token on one line, with no font needing a glyph for U+2011. Between the tokens of a list a
space lets the line break after 、 instead. A date written in Chinese (2026年11月24日前, 2025年6月起,
2026 年 7 月) gets a WORD JOINER (U+2060, zero width, no glyph drawn) wherever a line could break inside
it, and a no-break space for each space in it. Works on the document's XML text, so
it serves docxtpl's output and the notices' fast path alike; no python-docx needed.
"""
from __future__ import annotations

import io
import re
import zipfile

_TEXT = re.compile(r"<w:t(\s[^>]*)?>([^<]*)</w:t>")
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+")
_HYPHEN = '</w:t><w:noBreakHyphen/><w:t xml:space="preserve">'
# A list of tokens (TS-2026-0006、TS-2026-0014、…) is one long word to LibreOffice (it breaks neither
# after 、 before a Latin letter nor at U+200B), broken anywhere once wider than its column: a space
# after each separator lets the line break there instead.
_BEFORE_TOKEN = re.compile(r"([、,,;;])(?=[A-Za-z0-9]+-[A-Za-z0-9])")
_PARTS = re.compile(r"word/(document|header\d*|footer\d*)\.xml")
# A date written in Chinese (2026年11月24日, 2026 年 7 月, 11月24日) with the 前/起/止 that belongs to it:
# a WORD JOINER (U+2060, zero width) between its characters where a line could break, a no-break space
# for a space inside it. LibreOffice (in a run whose East Asian language is en-US, as in kefu's
# templates) and Word keep it on one line.
_ZH_DATE = re.compile(r"(?:\d{4} ?年 ?)?\d{1,2} ?月(?: ?\d{1,2} ?日)?(?:前|起|止|以前|之前)?|\d{4} ?年(?:前|起)?")
_JOIN = re.compile(r"(?<=[年月日\d])(?=[年月日前起止以之])|(?<=[年月日前以])(?=\d|前|起|止)")
WORD_JOINER = "\u2060"


def _glued(date: re.Match) -> str:
    text = date.group(0)
    return _JOIN.sub(WORD_JOINER, text.replace(" ", "\u00a0")) if len(text) > 2 else text


def _text(match: re.Match) -> str:
    attrs, text = match.group(1) or "", match.group(2)
    if "-" not in text and "月" not in text and "年" not in text:
        return match.group(0)
    if "月" in text or "年" in text:
        text = _ZH_DATE.sub(_glued, text)
    if "-" not in text:
        return f"<w:t{attrs}>{text}</w:t>"
    text = _BEFORE_TOKEN.sub("\\1 ", text)
    kept = _TOKEN.sub(lambda t: t.group(0).replace("-", _HYPHEN), text)
    return f"<w:t{attrs}>{kept}</w:t>"


def keep_tokens_whole_xml(xml: str) -> str:
    """The XML of a document part with every number and date kept on one line."""
    return _TEXT.sub(_text, xml) if "-" in xml or "月" in xml or "年" in xml else xml


def is_text_part(name: str) -> bool:
    """A part of the .docx whose text is printed: the body, a header or a footer."""
    return bool(_PARTS.fullmatch(name))


def keep_tokens_whole(docx: bytes) -> bytes:
    """The .docx ``docx`` with numbers and dates unbreakable in its body, headers and footers."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if is_text_part(info.filename):
                data = keep_tokens_whole_xml(data.decode("utf-8")).encode("utf-8")
            dst.writestr(info, data)
    return out.getvalue()


def docx_bytes(doc) -> bytes:
    """A python-docx / docxtpl document as .docx bytes, numbers and dates kept whole."""
    buffer = io.BytesIO()
    doc.save(buffer)
    return keep_tokens_whole(buffer.getvalue())
