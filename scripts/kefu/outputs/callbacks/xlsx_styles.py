"""The few cell styles the callback sheet needs, added to a workbook's xl/styles.xml as text.

Only appended: a grey font, a yyyy-mm-dd number format, and cell formats (xf) built from existing ones;
every style already there keeps its index, so no cell of the office's changes look. A styles part this
does not expect (prefixed tags, no fonts or cellXfs) raises ``Unexpected``.
"""
from __future__ import annotations

import re

from kefu.core.lazy_pattern import LazyPattern

S = re.DOTALL
_FONTS = LazyPattern(r"(<fonts\b[^>]*>)(.*?)</fonts>", S)
_XFS = LazyPattern(r"(<cellXfs\b[^>]*>)(.*?)</cellXfs>", S)
_NUMFMTS = LazyPattern(r"(<numFmts\b[^>]*>)(.*?)</numFmts>", S)
_FONT = LazyPattern(r"<font\b[^>]*?(?:/>|>.*?</font>)", S)
_XF = LazyPattern(r"<xf\b[^>]*?(?:/>|>.*?</xf>)", S)
_NUMFMT = LazyPattern(r'<numFmt\b[^>]*?numFmtId="(\d+)"[^>]*?formatCode="([^"]*)"[^>]*/>')
_OPEN_TAG = LazyPattern(r"<\w+\b[^>]*?(/?)>", S)
GREY = "FF808080"
DATE_FORMAT = "yyyy-mm-dd"


class Unexpected(Exception):
    """The workbook is not in a shape this text editing handles: the caller uses openpyxl instead."""


def set_attr(element: str, name: str, value: str) -> str:
    """``element`` (its opening tag) with attribute ``name`` set to ``value``."""
    tag = _OPEN_TAG.match(element)
    if not tag:
        raise Unexpected(element[:40])
    head = tag.group(0)
    pattern = re.compile(rf'\s{re.escape(name)}="[^"]*"')
    if pattern.search(head):
        new = pattern.sub(f' {name}="{value}"', head, count=1)
    else:
        end = len(head) - (2 if tag.group(1) else 1)
        new = f'{head[:end]} {name}="{value}"{head[end:]}'
    return new + element[len(head):]


def _block(pattern: re.Pattern | LazyPattern, xml: str, what: str) -> re.Match:
    match = pattern.search(xml)
    if not match:
        raise Unexpected(what)
    return match


class Styles:
    """xl/styles.xml with the callback sheet's styles added on demand; ``xml()`` is the new part."""

    def __init__(self, xml: str):
        self._xml = xml
        self.fonts = _FONT.findall(_block(_FONTS, xml, "fonts").group(2))
        self.xfs = _XF.findall(_block(_XFS, xml, "cellXfs").group(2))
        formats = _NUMFMTS.search(xml)
        self.numfmts = _NUMFMT.findall(formats.group(2)) if formats else []
        self._new_formats: list[str] = []
        self._memo: dict[tuple, int] = {}
        self._sizes = (len(self.fonts), len(self.xfs))
        if not self.fonts or not self.xfs:
            raise Unexpected("styles")

    def _xf(self, key: tuple, build) -> int:
        """The index of the cell format ``build()`` makes: one already there when the same (a workbook
        marked every day does not gather copies), else appended."""
        if key not in self._memo:
            self._memo[key] = _index(self.xfs, build())
        return self._memo[key]

    @property
    def changed(self) -> bool:
        """Anything added: the part must be written."""
        return (len(self.fonts), len(self.xfs)) != self._sizes or bool(self._new_formats)

    def grey(self, s: int) -> int:
        """A cell format like ``s`` in grey type."""
        if not 0 <= s < len(self.xfs):
            raise Unexpected(f"xf {s}")
        return self._xf(("grey", s), lambda: set_attr(set_attr(self.xfs[s], "fontId", str(self._grey_font())),
                                                      "applyFont", "1"))

    def date(self) -> int:
        return self._xf(("date",), lambda: set_attr(set_attr(self.xfs[0], "numFmtId", self._date_format()),
                                                    "applyNumberFormat", "1"))

    def wrap(self) -> int:
        def build():
            xf = set_attr(re.sub(r"<alignment\b[^>]*/>", "", self.xfs[0]), "applyAlignment", "1")
            align = '<alignment vertical="top" wrapText="1"/>'
            if xf.endswith("/>"):
                return xf[:-2] + ">" + align + "</xf>"
            head = _OPEN_TAG.match(xf).group(0)
            return head + align + xf[len(head):]
        return self._xf(("wrap",), build)

    def _grey_font(self) -> int:
        if ("font",) not in self._memo:
            base = self.fonts[0]
            if "<color" in base:
                font = re.sub(r"<color\b[^>]*/>", f'<color rgb="{GREY}"/>', base, count=1)
            elif "<sz" in base:
                font = re.sub(r"(<sz\b[^>]*/>)", rf'\1<color rgb="{GREY}"/>', base, count=1)
            else:
                raise Unexpected("font")
            self._memo[("font",)] = _index(self.fonts, font)
        return self._memo[("font",)]

    def _date_format(self) -> str:
        for fid, code in self.numfmts:
            if code == DATE_FORMAT:
                return fid
        fid = str(max([163] + [int(f) for f, _c in self.numfmts]) + 1)
        self.numfmts.append((fid, DATE_FORMAT))
        self._new_formats.append(f'<numFmt numFmtId="{fid}" formatCode="{DATE_FORMAT}"/>')
        return fid

    def xml(self) -> str:
        xml = _replace(_FONTS, self._xml, self.fonts)
        xml = _replace(_XFS, xml, self.xfs)
        if self._new_formats:
            formats = _NUMFMTS.search(xml)
            if formats:
                old = _NUMFMT.findall(formats.group(2))
                body = formats.group(2) + "".join(self._new_formats)
                xml = (xml[:formats.start()] + set_attr(formats.group(1), "count", str(len(old) + len(self._new_formats)))
                       + body + "</numFmts>" + xml[formats.end():])
            else:
                sheet = _block(re.compile(r"<styleSheet\b[^>]*>"), xml, "styleSheet")
                xml = (xml[:sheet.end()] + f'<numFmts count="{len(self._new_formats)}">'
                       + "".join(self._new_formats) + "</numFmts>" + xml[sheet.end():])
        return xml


def _index(items: list[str], item: str) -> int:
    """Where ``item`` is in ``items``, appending it when it is not there."""
    if item not in items:
        items.append(item)
    return items.index(item)


def _replace(pattern: re.Pattern | LazyPattern, xml: str, items: list[str]) -> str:
    """``xml`` with the block ``pattern`` finds holding ``items`` (its count attribute updated)."""
    match = _block(pattern, xml, "block")
    closing = match.group(0)[match.end(2) - match.start():]
    return (xml[:match.start()] + set_attr(match.group(1), "count", str(len(items))) + "".join(items)
            + closing + xml[match.end():])
