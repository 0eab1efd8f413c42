"""Converting documents with LibreOffice headless: one process per batch, its own profile folder."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from kefu.core.errors import OutputError

_CANDIDATES = (
    "soffice", "libreoffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
)


def find_soffice() -> str | None:
    for candidate in _CANDIDATES:
        found = shutil.which(candidate) or (candidate if os.path.isfile(candidate) else None)
        if found:
            return found
    return None


def convert(files: list[Path], fmt: str, outdir: Path, *, timeout: int = 600) -> list[Path]:
    """Convert ``files`` to ``fmt`` (pdf, xlsx, xls, docx...) into ``outdir``; return the outputs.

    Raises OutputError (Chinese) when LibreOffice is missing or an output was not produced.
    """
    soffice = find_soffice()
    if soffice is None:
        raise OutputError("没有找到 LibreOffice,无法转换为 PDF。请安装 LibreOffice(免费),"
                          "或去掉 --pdf 只生成 Word 文件。")
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kefu-lo-") as profile:
        cmd = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
               "--convert-to", fmt, "--outdir", str(outdir), *map(str, files)]
        try:
            subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise OutputError(f"LibreOffice 转换超时({timeout} 秒)。") from None
    suffix = "." + fmt.split(":")[0]
    outputs = [outdir / (Path(f).stem + suffix) for f in files]
    missing = [p.name for p in outputs if not p.is_file()]
    if missing:
        raise OutputError(f"LibreOffice 未能转换:{'、'.join(missing)}。请确认这些文件能在 Word/Excel 中打开。")
    return outputs
