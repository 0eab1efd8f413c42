"""Writing marks into the register file, as safely as a whole-file rewrite can be done.

In order: refuse while Excel/WPS/LibreOffice has the file open (its lock file is beside it); check the
file (``filecheck``) and refuse when openpyxl would lose anything (``register_safety``); copy it to a
dated backup under ``[paths] data``/backups; load with openpyxl (rich text kept, VBA kept for .xlsm);
remove old marks and put new ones; save to a temporary file beside the register; check that every cell
value and number format outside kefu's status column, and the sheet list, are unchanged; replace the
register in one ``os.replace``; check the file in place is the one checked, else restore the backup.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import warnings
from pathlib import Path
from typing import Callable

import openpyxl

from kefu.core.atomic import atomic_path
from kefu.core.errors import InputError, OutputError, where
from kefu.core.settings import Settings
from kefu.marking.apply import Applied
from kefu.marking.safety import inspect_workbook
from kefu.marking.snapshot import differences, take_snapshot
from kefu.marking.targets import FileTarget
from kefu.read.filecheck import check_workbook
from kefu.read.lock_files import lock_files

BACKUP_FOLDER = "backups"


def refuse_if_open(path: Path) -> None:
    locks = lock_files(path)
    if locks:
        raise InputError(
            f"{where(path)}正在 Excel(或 WPS、LibreOffice)中打开(发现锁文件《{locks[0].name}》),"
            "为免覆盖正在编辑的内容,没有写入标记。请保存并关闭登记表后再运行;"
            "如果确认没有人打开它,可删除该锁文件后重试。")


def backup_copy(settings: Settings, path: Path, now: dt.datetime) -> Path:
    folder = Path(settings.paths.data) / BACKUP_FOLDER
    target = folder / f"{path.stem}-{now:%Y%m%d-%H%M%S}{path.suffix}"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{path.stem}-{now:%Y%m%d-%H%M%S}-{n}{path.suffix}"
    with atomic_path(target) as tmp:
        shutil.copyfile(path, tmp)
    return target


def real_file(path: Path) -> Path:
    """The file a symbolic link (or a chain of them) points at; ``path`` itself when it is no link."""
    if not path.is_symlink():
        return path
    try:
        return path.resolve(strict=True)
    except (OSError, RuntimeError):
        raise InputError(f"{where(path)}是一个快捷链接(符号链接),但它指向的文件不存在或无法访问,"
                         "没有写入标记。请在 config.ini [paths] register 中写登记表的实际路径。") from None


def _load(path: Path):
    """openpyxl's model of the register; a file it cannot load is refused in one line (file unchanged)."""
    try:
        with warnings.catch_warnings():   # openpyxl's UserWarnings would be lines on staff's console
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(path, keep_vba=path.suffix.lower() == ".xlsm", rich_text=True)
    except Exception as exc:   # openpyxl raises anything from KeyError to ValueError on odd packages
        raise InputError(f"{where(path)}无法被 kefu 写入标记所用的方式如实读取({type(exc).__name__}),"
                         "没有写入标记(文件未改动)。请在 Excel 中打开登记表、另存为普通的 .xlsx 后再运行。") from None


def _save(wb, tmp: Path) -> None:
    """The one step that writes the new workbook (a seam for the crash test)."""
    wb.save(tmp)


def _sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def mark_file(settings: Settings, path: Path, change: Callable[[object, Applied], None], applied: Applied,
              now: dt.datetime) -> Path:
    """Run ``change(target, applied)`` on the register loaded by openpyxl and write it back safely.

    Returns the backup path. On any refusal or failure the register is left as it was. A register reached
    through a symbolic link is written through it: the real file is marked, the link stays a link.
    """
    path = Path(path)
    refuse_if_open(path)
    path = real_file(path)
    refuse_if_open(path)
    limits = settings.limits
    kind = check_workbook(path, max_file_mb=limits.max_file_mb, max_uncompressed_mb=limits.max_uncompressed_mb,
                          max_cells=limits.max_cells)
    if kind != "xlsx":
        raise InputError(f"{where(path)}是旧版 .xls 工作簿,kefu 不能在其中写入标记(文件未改动)。"
                         "请在 Excel 中另存为 .xlsx,或在 Excel 中打开它后再运行标记。")
    report = inspect_workbook(path)
    if not report.safe:
        raise report.refusal()
    applied.warnings.extend(f"提示:{note}。" for note in report.notes)
    before = take_snapshot(path)
    original_hash = _sha256(path)
    backup = backup_copy(settings, path, now)
    wb = _load(path)
    try:
        change(FileTarget(wb), applied)
        return _write(path, wb, before, original_hash, backup, applied)
    finally:
        if getattr(wb, "vba_archive", None) is not None:
            wb.vba_archive.close()


def _write(path: Path, wb, before, original_hash: str, backup: Path, applied: Applied) -> Path:
    with atomic_path(path) as tmp:
        _save(wb, tmp)
        problems = differences(before, take_snapshot(tmp), applied.status_columns)
        if problems:
            raise OutputError(f"写入标记后核对发现{where(path)}有标记以外的变化({';'.join(problems)}),"
                              "已放弃写入,登记表保持原样。请把这条信息发给负责安装的同事。")
        if _sha256(path) != original_hash:
            raise OutputError(f"{where(path)}在标记期间被其他程序改动过,已放弃写入,请关闭其他程序后重新运行。")
        shutil.copymode(path, tmp)
        written = _sha256(tmp)
    if _sha256(path) != written:
        _restore(backup, path)
        raise OutputError(f"{where(path)}写入后核对不一致,已用备份《{backup.name}》恢复原文件。")
    return backup


def _restore(backup: Path, path: Path) -> None:
    with atomic_path(path) as tmp:
        shutil.copyfile(backup, tmp)
