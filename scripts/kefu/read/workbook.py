"""Opening a workbook for reading: checked first, opened by what it really is, never written."""
from __future__ import annotations

import io
from pathlib import Path

from python_calamine import CalamineError, CalamineWorkbook

from kefu.core.errors import InputError, where
from kefu.core.settings import LimitsSection
from kefu.read.calamine_compat import OLD_CALAMINE, with_explicit_cjk_date_formats
from kefu.read.filecheck import checked_workbook
from kefu.read.raw_cells import PartScan


def open_workbook(path: Path, limits: LimitsSection | None = None) -> CalamineWorkbook:
    """Check the file (size, kind, encryption, zip bomb, DOCTYPE, used range) and open it with calamine.

    ``limits`` is the ``[limits]`` settings section (or None for the defaults). The file is opened
    read-only; calamine sniffs the content, so an .xls renamed .xlsx still reads.
    """
    return open_checked(path, limits)[0]


def open_checked(path: Path, limits: LimitsSection | None = None) -> tuple[CalamineWorkbook, dict[str, PartScan]]:
    """``open_workbook``, with the worksheet scans the check made (``read.raw_cells`` takes them)."""
    path = Path(path)
    checked = checked_workbook(path, **_limits(limits))
    kind = checked.kind
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except PermissionError:
        raise InputError(f"{where(path)}正被其他程序占用或没有读取权限。请关闭占用它的程序或检查权限后再试。") from None
    except OSError as exc:
        raise InputError(f"{where(path)}无法读取({exc.strerror})。") from None
    if kind == "xlsx" and OLD_CALAMINE:
        data = with_explicit_cjk_date_formats(data)
    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(data)), checked.scans
    except (CalamineError, ValueError, OSError) as exc:
        raise InputError(f"{where(path)}无法作为 Excel 工作簿读取,文件可能已损坏。"
                         f"请用 Excel 打开后另存一份再试。(详情:{str(exc)[:120]})") from None


def _limits(limits: LimitsSection | None) -> dict:
    if limits is None:
        return {}
    return {"max_file_mb": limits.max_file_mb, "max_uncompressed_mb": limits.max_uncompressed_mb,
            "max_cells": limits.max_cells}
