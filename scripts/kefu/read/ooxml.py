"""Reading an OOXML package's relationships (.rels parts) without parsing it as a workbook."""
from __future__ import annotations

import posixpath
import re
from typing import NamedTuple

_REL = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>")
_ID = re.compile(rb'\bId="([^"]+)"')
_TYPE = re.compile(rb'\bType="([^"]+)"')
_TARGET = re.compile(rb'\bTarget="([^"]+)"')


class Relationship(NamedTuple):
    id: str
    type: str
    target: str     # part name inside the package, resolved against the source part


def rels_path(source_part: str) -> str:
    """xl/workbook.xml -> xl/_rels/workbook.xml.rels"""
    return posixpath.join(posixpath.dirname(source_part), "_rels", posixpath.basename(source_part) + ".rels")


def relationships(rels_xml: bytes, source_part: str) -> list[Relationship]:
    """The relationships in ``rels_xml`` (the .rels part of ``source_part``), targets as part names."""
    out = []
    for tag in _REL.findall(rels_xml):
        target = _TARGET.search(tag)
        if not target:
            continue
        text = target.group(1).decode("utf-8", "replace")
        part = text.lstrip("/") if text.startswith("/") else posixpath.normpath(
            posixpath.join(posixpath.dirname(source_part), text))
        rid, rtype = _ID.search(tag), _TYPE.search(tag)
        out.append(Relationship(rid.group(1).decode("utf-8", "replace") if rid else "",
                                rtype.group(1).decode("utf-8", "replace") if rtype else "", part))
    return out
