"""Writing the survey outputs atomically: a temp file in the same folder, then os.replace."""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from .errors import OutputError

OUTPUT_FOLDER = "满意度调查"


@contextlib.contextmanager
def atomic_output(path: Path):
    """Yield a temp path next to ``path``; on success it replaces ``path``, on failure it is removed."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=".~kefu-", suffix=path.suffix, dir=path.parent)
        os.close(fd)
    except OSError as exc:
        raise OutputError(f"无法在文件夹 {path.parent} 中写入文件({exc.strerror})。请检查文件夹权限。") from None
    tmp = Path(name)
    try:
        yield tmp
        try:
            os.replace(tmp, path)
        except PermissionError:
            raise OutputError(f"无法保存《{path.name}》:文件可能正在 Word/Excel 中打开。请关闭后重新运行。") from None
    finally:
        if tmp.exists():
            tmp.unlink()


def output_dir(settings) -> Path:
    return Path(settings.paths.output) / OUTPUT_FOLDER
