"""Writing a file atomically: a temp file in the same folder, then os.replace (never half a file)."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import OutputError


def write_bytes_atomic(path: Path, data: bytes) -> Path:
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".~kefu-", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"无法在《{path.parent}》中写入文件({exc.strerror}),请检查文件夹权限。") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        raise OutputError(f"无法写入《{path}》({exc.strerror})。如果该文件正在 Word 中打开,请先关闭。") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path
