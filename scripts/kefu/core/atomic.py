"""Writing outputs atomically: a temporary file beside the target, then one os.replace.

A reader never sees a half-written file, and a crash leaves at most a stray temporary file (named
``.~kefu-*``), never a damaged output.
"""
from __future__ import annotations

import contextlib
import errno
import json
import os
import tempfile
from pathlib import Path
from typing import Callable, Iterator

from kefu.core.errors import OutputError

_REASONS = {errno.ENOTDIR: "路径中有一段是文件而不是文件夹", errno.EACCES: "没有写入权限",
            errno.EPERM: "没有写入权限", errno.ENOSPC: "磁盘空间已满", errno.EROFS: "磁盘为只读",
            errno.ENOENT: "路径不存在", errno.EEXIST: "同名文件已存在"}


def os_reason(exc: OSError) -> str:
    """The reason of an OSError in Chinese (the English strerror only for unusual errors)."""
    return _REASONS.get(exc.errno, exc.strerror or type(exc).__name__)


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; when the block succeeds it replaces ``target``."""
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".~kefu-", suffix=target.suffix or ".tmp", dir=target.parent)
    except OSError as exc:
        raise OutputError(f"无法在《{target.parent}》中写入文件({os_reason(exc)}),"
                          f"请检查该文件夹是否存在、是否有写入权限。") from None
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        try:
            os.replace(tmp_path, target)
        except OSError as exc:
            raise OutputError(f"无法写入《{target}》({os_reason(exc)})。"
                              f"如果该文件正在 Word 或 Excel 中打开,请先关闭。") from None
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def check_writable(folder: Path) -> Path:
    """Create ``folder`` if needed and make sure a file can be written in it, before a job starts work.

    Raises OutputError naming the folder, so that a job fails at once (and leaves nothing behind)
    rather than after reading the workbooks.
    """
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".~kefu-", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"输出文件夹《{folder}》无法写入({os_reason(exc)}),请检查 config.ini 中 [paths] output "
                          f"指向的文件夹是否存在、是否有写入权限。") from None
    os.close(fd)
    os.unlink(tmp)
    return folder


def atomic_write(path: Path, write: Callable[[Path], None]) -> Path:
    """``write(tmp)`` fills a temporary file that then replaces ``path``."""
    with atomic_path(path) as tmp:
        write(tmp)
    return Path(path)


def write_bytes_atomic(path: Path, data: bytes) -> Path:
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return Path(path)


def write_text(path: Path, text: str) -> Path:
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(path)


def write_json(path: Path, data) -> Path:
    """``data`` as JSON (UTF-8, Chinese kept readable, two-space indent), written atomically."""
    return write_text(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
