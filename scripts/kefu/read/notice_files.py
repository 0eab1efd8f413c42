"""Where notices are filed: output/通知单/<folder_pattern>/<number>[-version].docx, never outside it.

Pure path logic (no writing), shared by the notice job, its ledger context and the notice rules.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from kefu.core.errors import ConfigError, OutputError
from kefu.core.number_pattern import NumberPattern, number_pattern
from kefu.core.settings import Settings

ARCHIVE_DIR = "通知单"          # under [paths] output
PRINT_DIR = "通知单打印"        # combined print files, outside the archive (they are not notices)
UNDATED_DIR = "日期不详"
FILED_SUFFIXES = (".docx", ".pdf")
_UNSAFE = re.compile(r"[^\w\-]+")           # keep letters (incl. Chinese), digits, _ and -
_RESERVED = re.compile(r"^(CON|PRN|AUX|NUL|COM\d|LPT\d)$", re.IGNORECASE)
_VERSIONED = re.compile(r"^(?P<key>.+?)-(?P<version>[2-9]|[1-9]\d+)$")
MAX_NAME = 80


def archive_root(settings: Settings) -> Path:
    return Path(settings.paths.output) / ARCHIVE_DIR


def safe_name(number: str) -> str:
    """A file name stem from a complaint number: only letters, digits, _ and -; never a path.

    ``TS/2026/../x`` -> ``TS_2026_x``; ``CON`` -> ``_CON``; "" -> ``_``.
    """
    name = _UNSAFE.sub("_", number).strip("_")[:MAX_NAME] or "_"
    return f"_{name}" if _RESERVED.match(name) else name


def stem_for(number: str, version: int) -> str:
    name = safe_name(number)
    return name if version <= 1 else f"{name}-{version}"


def key_of(stem: str, pattern: NumberPattern | None = None) -> str:
    """The number key of a filed notice's stem: ``TS-2026-0001-2`` -> ``TS-2026-0001``. With the numbering
    ``pattern``, a stem that is a number itself stays whole (``TS-2027-2509`` is not version 2509 of
    ``TS-2027``), and a version is split off only where what is left is a number."""
    m = _VERSIONED.match(stem)
    if pattern is None:
        return m.group("key") if m else stem
    if pattern.parse(stem) is not None:
        return stem
    if m and pattern.parse(m.group("key")) is not None:
        return m.group("key")
    return stem


def folder_for(settings: Settings, received_on: dt.date | None) -> Path:
    """The archive sub-folder of a notice, from ``[notices] folder_pattern`` and the received date."""
    root = archive_root(settings)
    if received_on is None:
        return root / UNDATED_DIR
    pattern = settings.notices.folder_pattern
    try:
        relative = pattern.format(year=received_on.year, month=received_on.month, day=received_on.day)
    except (KeyError, ValueError, IndexError, AttributeError):
        raise ConfigError(f"配置文件 [notices] folder_pattern = {pattern} 无效,只能使用 {{year}}、"
                          f"{{month:02d}}、{{day:02d}},如 {{year}}/{{month:02d}}。") from None
    return inside(root, root / relative, what="[notices] folder_pattern")


def inside(root: Path, candidate: Path, *, what: str = "通知单文件名") -> Path:
    """``candidate`` if it resolves inside ``root``; otherwise an error (nothing is written)."""
    resolved_root = root.resolve()
    resolved = candidate.resolve()
    if resolved != resolved_root and resolved_root not in resolved.parents:
        raise OutputError(f"{what} 会写到输出文件夹之外({candidate}),已拒绝。")
    return candidate


def notice_path(settings: Settings, number: str, received_on: dt.date | None, version: int) -> Path:
    folder = folder_for(settings, received_on)
    return inside(archive_root(settings), folder / f"{stem_for(number, version)}.docx")


def relative_to_output(settings: Settings, path: Path) -> str:
    return Path(path).resolve().relative_to(Path(settings.paths.output).resolve()).as_posix()


def filed_notices(settings: Settings) -> list[dict]:
    """Notice files (.docx/.pdf) in the archive: [{"path": relative to output, "key": number key}]."""
    root = archive_root(settings)
    if not root.is_dir():
        return []
    pattern = number_pattern(settings.numbering.pattern)
    found = []
    for path in sorted(root.rglob("*")):
        if path.suffix.lower() in FILED_SUFFIXES and path.is_file() and not path.name.startswith((".", "~$")):
            found.append({"path": relative_to_output(settings, path), "key": key_of(path.stem, pattern)})
    return found
