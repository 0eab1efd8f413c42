"""Reading an OOXML package's parts (bounded) and relationships (.rels parts) without parsing it as a workbook."""
from __future__ import annotations

import html
import posixpath
import re
import zipfile
import zlib
from typing import NamedTuple

from kefu.core.errors import InputError, where

MB = 1024 * 1024
CORRUPT = "不完整或已损坏,可能是复制中断,请从原处重新复制一份再试。"

_REL = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>")
_ID = re.compile(rb'\bId="([^"]+)"')
_TYPE = re.compile(rb'\bType="([^"]+)"')
_TARGET = re.compile(rb'\bTarget="([^"]+)"')
_SHEET = re.compile(rb'<(?:\w+:)?sheet\b[^>]*>')
_NAME = re.compile(rb'\bname="([^"]*)"')
_RID = re.compile(rb'\br:id="([^"]*)"|\b\w+:id="([^"]*)"')
WORKBOOK_LIMIT = 64 * MB          # xl/workbook.xml is read whole, up to this


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


def read_part_limited(zf: zipfile.ZipFile, name: str | zipfile.ZipInfo, limit_bytes: int) -> bytes:
    """Inflate one part, stopping as soon as it exceeds ``limit_bytes`` (ZipInfo.file_size can lie).

    A damaged part (bad CRC, broken deflate stream) is an InputError too, never a raw zipfile error.
    """
    label = name.filename if isinstance(name, zipfile.ZipInfo) else name
    out = bytearray()
    try:
        with zf.open(name) as part:
            while chunk := part.read(min(64 * 1024, limit_bytes - len(out) + 1)):
                out += chunk
                if len(out) > limit_bytes:
                    raise InputError(
                        f"{where(zf.filename)}中的部件 {label} 解压后超过 {mb(limit_bytes)} MB,"
                        "可能是恶意构造的压缩炸弹,已停止读取,请向来源索取正常保存的工作簿。")
    except (zipfile.BadZipFile, zlib.error, EOFError) as err:
        raise InputError(f"{where(zf.filename)}中的部件 {label} {CORRUPT}") from err
    return bytes(out)


def sheet_parts(zf: zipfile.ZipFile, workbook: bytes | None = None) -> dict[str, str]:
    """Sheet name -> its worksheet part: xl/workbook.xml's ``<sheet>`` tags through the workbook's
    relationships (a sheet whose part is not in the package is left out). ``workbook``: the bytes of
    xl/workbook.xml when the caller has read them already."""
    names = set(zf.namelist())
    rels = rels_path("xl/workbook.xml")
    if rels not in names or (workbook is None and "xl/workbook.xml" not in names):
        return {}
    if workbook is None:
        workbook = read_part_limited(zf, "xl/workbook.xml", WORKBOOK_LIMIT)
    targets = {r.id: r.target for r in relationships(read_part_limited(zf, rels, 4 * MB), "xl/workbook.xml")}
    parts = {}
    for tag in _SHEET.findall(workbook):
        name, rid = _NAME.search(tag), _RID.search(tag)
        if name and rid:
            target = targets.get((rid.group(1) or rid.group(2)).decode("utf-8", "replace"))
            if target in names:
                parts[html.unescape(name.group(1).decode("utf-8", "replace"))] = target
    return parts


# ---------------------------------------------------------------- file level


def mb(n: int) -> int:
    """Bytes as whole megabytes for messages (at least 1)."""
    return max(1, round(n / MB))
