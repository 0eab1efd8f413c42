"""Lock files that Excel, WPS and LibreOffice leave beside a workbook they have open.

Reading is not stopped by them (the saved file is read); they tell that unsaved edits may exist
(the daily check says so) and that the file must not be replaced now (marking refuses).
"""
from __future__ import annotations

from pathlib import Path


def lock_files(path: Path) -> list[Path]:
    """Lock files Excel (``~$name``, or ``~$`` over the first two letters), WPS and LibreOffice leave."""
    path = Path(path)
    name = path.name
    candidates = {f"~${name}", f"~${name[2:]}", f".~lock.{name}#", f".~{name}"}
    return [path.with_name(c) for c in sorted(candidates) if path.with_name(c).exists()]
