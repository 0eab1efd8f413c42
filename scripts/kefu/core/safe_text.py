"""Text from the workbooks made safe for the XML inside .docx/.xlsx outputs.

Control characters such as \\x07 (BEL) are legal in a cell typed by a program (Excel stores them as
_x0007_) but illegal in XML: lxml and openpyxl refuse them and the job would crash. They are dropped;
everything else (<, &, quotes, emoji, texts starting with =) is kept and escaped by the writers.
"""
from __future__ import annotations

import re

_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold."""
    return _ILLEGAL.sub("", text) if _ILLEGAL.search(text) else text


def safe_values(values: dict) -> dict:
    """A copy of ``values`` with every text made XML-safe (other values untouched)."""
    return {k: xml_safe(v) if isinstance(v, str) else v for k, v in values.items()}


def _finalize(value):
    return xml_safe(value) if isinstance(value, str) else value


def jinja_env():
    """The Jinja environment for every docxtpl render: autoescape on, each {{ text }} made XML-safe."""
    from jinja2 import Environment  # only the Word outputs need it (~60 ms to import)

    return Environment(autoescape=True, finalize=_finalize)


def chart_label(text: str) -> str:
    """A label matplotlib can draw with the CJK fonts: no control characters, no emoji (outside the BMP)."""
    return "".join(ch for ch in xml_safe(str(text)) if ord(ch) <= 0xFFFF).strip() or "?"
