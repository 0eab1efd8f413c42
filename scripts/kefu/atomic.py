"""Writing outputs atomically: a temporary file beside the target, then one os.replace.

A reader never sees a half-written file, and a crash leaves at most a stray temporary file (named
``.~kefu-*``), never a damaged output.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Iterator

from .errors import OutputError


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; on success it replaces ``target``."""
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".~kefu-", suffix=target.suffix, dir=target.parent)
    except OSError as exc:
        raise OutputError(f"无法在《{target.parent}》中写入文件({exc.strerror}),"
                          f"请检查该文件夹是否存在、是否有写入权限。") from None
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        try:
            os.replace(tmp_path, target)
        except PermissionError:
            raise OutputError(f"无法写入《{target.name}》:文件可能正在 Word 或 Excel 中打开,请关闭后再试。") from None
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def write_text(target: Path, text: str) -> Path:
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return target
