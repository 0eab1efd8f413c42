"""Opening a workbook for reading: checked first, opened by what it really is, never written."""
from __future__ import annotations

import io
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from python_calamine import CalamineError, CalamineWorkbook

from kefu.read.calamine_compat import OLD_CALAMINE, with_explicit_cjk_date_formats
from kefu.core.errors import InputError, where
from kefu.read.filecheck import MAX_CELLS, check_extents, check_workbook


def open_workbook(path: Path, limits=None) -> CalamineWorkbook:
    """Check the file (size, kind, encryption, zip bomb, DOCTYPE) and open it with calamine.

    ``limits`` is the ``[limits]`` settings section (or None for the defaults). The file is opened
    read-only; calamine sniffs the content, so an .xls renamed .xlsx still reads.
    """
    path = Path(path)
    kind = _check(path, limits)
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except PermissionError:
        raise InputError(f"{where(path)}正被其他程序占用或没有读取权限。请关闭占用它的程序或检查权限后再试。") from None
    except OSError as exc:
        raise InputError(f"{where(path)}无法读取({exc.strerror})。") from None
    if kind != "xlsx":
        book = _calamine(path, data)
    else:
        if OLD_CALAMINE:
            data = with_explicit_cjk_date_formats(data)
        book = _open_while_scanning(path, data, limits.max_cells if limits is not None else MAX_CELLS)
    checked = getattr(_thread, "checked", None)
    if checked is not None:   # every check passed; calamine parses a sheet only when asked for it
        checked()
    return book


def _open_while_scanning(path: Path, data: bytes, max_cells: int) -> CalamineWorkbook:
    """calamine opens the workbook (shared strings, styles, sheet list: nothing sized by a used range) on a
    second thread, as it lets go of the GIL, while this one measures the used range of every sheet. No
    sheet is parsed before that scan has passed."""
    try:
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kefu-open")
        opening = pool.submit(_calamine, path, data)
    except RuntimeError:          # a process at its thread limit: one thing after the other
        check_extents(path, max_cells)
        return _calamine(path, data)
    with pool:
        check_extents(path, max_cells)
        return opening.result()


def _calamine(path: Path, data: bytes) -> CalamineWorkbook:
    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(data))
    except (CalamineError, ValueError, OSError) as exc:
        raise InputError(f"{where(path)}无法作为 Excel 工作簿读取,文件可能已损坏。"
                         f"请用 Excel 打开后另存一份再试。(详情:{str(exc)[:120]})") from None


def _check(path: Path, limits) -> str:
    """Every check but the used-range scan (see _open_while_scanning)."""
    kwargs = {"extents": False}
    if limits is not None:
        kwargs.update(max_file_mb=limits.max_file_mb, max_uncompressed_mb=limits.max_uncompressed_mb)
    return check_workbook(path, **kwargs)


_thread = threading.local()


@contextmanager
def calling_when_checked(callback: Callable[[], None]) -> Iterator[None]:
    """Within the block, ``callback()`` is called whenever a workbook opened on this thread has passed the
    file checks and calamine has opened it, before any sheet is parsed. The checks are Python; calamine
    leaves the GIL free while it parses a sheet: the daily check starts its own work on another thread
    at that moment."""
    previous = getattr(_thread, "checked", None)
    _thread.checked = callback
    try:
        yield
    finally:
        _thread.checked = previous
