"""Text as people type it, turned into one canonical form once, in the reader."""
from __future__ import annotations

import re
import unicodedata

_DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−﹣－"), "-")
_HEADER_DROP = re.compile(r"[\s*::()()\[\]【】<>《》\"'“”‘’]+")


def normalize_text(value: str) -> str:
    """NFKC (full-width letters, digits, punctuation) and surrounding blanks removed."""
    text = value.strip()
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).strip()
    return text


def normalize_header(value) -> str:
    """Header text for matching: NFKC, no blanks or line breaks, no decorations like * or :."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    return _HEADER_DROP.sub("", text)


def normalize_number(value: str) -> str:
    """Complaint numbers: NFKC, any dash becomes '-', blanks removed, letters upper-cased."""
    text = unicodedata.normalize("NFKC", value)
    text = text.translate(_DASHES)
    return "".join(text.split()).upper()


def whole_number_text(value: float | int) -> str:
    """1.0 from a number cell becomes '1'; 13812345678.0 becomes '13812345678'."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def column_letter(index: int) -> str:
    """0-based column index -> Excel letters (0 -> A, 27 -> AB)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_index(letters: str) -> int:
    """Excel letters -> 0-based column index (A -> 0, AB -> 27): the inverse of ``column_letter``."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def cell_ref(row: int, col_index: int) -> str:
    """1-based Excel row and 0-based column index -> 'B7'."""
    return f"{column_letter(col_index)}{row}"
