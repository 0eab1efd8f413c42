"""The survey's files and what kind each one is, told from its header row.

``[paths] survey`` names one or more files or folders (every .xlsx/.xlsm/.xls/.ods/.csv in a folder,
lock files left out). Each file is one of:

- typed paper forms (``TYPED``): any workbook whose first sheet's first row is not an export's header;
  read by ``read.survey`` as before (title rows, grouped headers, several sheets);
- a 问卷星 export (``WJX``): the first row holds 提交答卷时间 and 所用时间 (with 序号, 来源, 来自IP …);
- a 腾讯问卷 export (``TENCENT``): the first row holds 开始答题时间 or 结束答题时间 with 答题时长 or 编号.

A CSV is read as UTF-8 (with or without BOM) or else GBK/GB18030, as Excel and the sites save it; a
workbook is checked (``read.filecheck``) and opened with calamine, never written.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from kefu.core.errors import InputError, where
from kefu.core.normalize import normalize_header
from kefu.core.settings import LimitsSection, Settings
from kefu.read.workbook import SheetCache, open_cached

TYPED, WJX, TENCENT = "typed", "问卷星", "腾讯问卷"
SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
_WJX_MARKS = frozenset({"提交答卷时间", "所用时间"})
_TENCENT_TIMES = frozenset({"开始答题时间", "结束答题时间"})
_TENCENT_MARKS = frozenset({"答题时长", "编号"})


@dataclass
class RawTable:
    """An export's first sheet: its header row and data rows as read (row i is Excel row i + 2)."""

    path: Path
    sheet: str
    header: list[str]
    rows: list[list]
    kind: str


def survey_files(settings: Settings) -> list[Path]:
    """Every file ``[paths] survey`` names, folders expanded (sorted by name), each once."""
    out: list[Path] = []
    for path in settings.paths.survey_sources:
        path = Path(path)
        if path.is_dir():
            found = sorted(f for f in path.iterdir() if f.is_file() and f.suffix.lower() in SUFFIXES
                           and not f.name.startswith(("~$", ".~lock", ".")))
            if not found:
                raise InputError(f"文件夹《{path.name}》中没有调查表或问卷导出文件(.xlsx、.xls、.csv)。"
                                 f"请指定调查表文件,或把它们放入该文件夹(config.ini [paths] survey)。")
            out.extend(found)
        else:
            out.append(path)
    return list(dict.fromkeys(out))


def kind_of(header: list) -> str:
    names = {normalize_header(h) for h in header if h not in (None, "")}
    if _WJX_MARKS <= names:
        return WJX
    if names & _TENCENT_TIMES and names & _TENCENT_MARKS:
        return TENCENT
    return TYPED


def read_raw(path: Path, limits: LimitsSection | None = None) -> tuple[RawTable | None, SheetCache | None]:
    """(the file's first sheet as an export, or None when its header row is no export's; the opened
    workbook, or None for a CSV). A typed workbook is not converted beyond its first row."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        rows, book, sheet = _csv_rows(path, limits), None, ""
    else:
        book = open_cached(path, limits)
        sheet = book.sheet_names[0]
        rows = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False, nrows=1)
    header = [("" if v is None else str(v)).strip() for v in (rows[0] if rows else [])]
    kind = kind_of(header)
    if kind == TYPED:
        return None, book
    if book is not None:
        rows = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    return RawTable(path, sheet, header, [list(r) for r in rows[1:]], kind), book


def _csv_rows(path: Path, limits: LimitsSection | None) -> list[list]:
    if not path.is_file():
        raise InputError(f"找不到{where(path)},请确认文件路径和文件名是否正确。")
    max_mb = limits.max_file_mb if limits is not None else 200
    if path.stat().st_size > max_mb * 1024 * 1024:
        raise InputError(f"{where(path)}超过上限 {max_mb} MB,请确认没有选错文件,或在 config.ini 的 [limits] 中调大 max_file_mb。")
    data = path.read_bytes()
    text = _decode(path, data)
    dialect = "excel-tab" if "\t" in text.split("\n", 1)[0] and "," not in text.split("\n", 1)[0] else "excel"
    return [row for row in csv.reader(io.StringIO(text, newline=""), dialect) if any(c.strip() for c in row)]


def _decode(path: Path, data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(f"{where(path)}不是 UTF-8 或 GBK 编码的 CSV 文件,请在 Excel 中打开后另存为 .xlsx 再试。")
