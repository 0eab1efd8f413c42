"""Check a workbook before anything parses it.

python-calamine loads a whole sheet into memory, so a hostile or broken file must be refused first,
cheaply and with one Chinese sentence. ``check_workbook`` looks at the file's bytes (never its
extension) and returns the real kind, "xlsx" (OOXML zip, also .xlsm), "ods" (OpenDocument, as
LibreOffice and WPS save it) or "xls" (BIFF8 in an OLE container); the caller opens the file as that
kind. A .xlsb is refused with how to save it as .xlsx; so are, by their extension, a WPS .et, a .csv
and a Numbers file.

What is refused, in this order: missing/folder/empty/too large; not a workbook (text, CSV, HTML,
PDF, Word...); password-protected; truncated or corrupt; zip directory floods, zip bombs (declared
sizes and ratios, checked before anything is inflated), unusual compression; XML parts whose prolog
carries a DOCTYPE or ENTITY (Excel never writes one). Only the first few KB of each part are
inflated, plus small parts in full (bounded) so that their CRC is checked.
"""
from __future__ import annotations

import contextlib
import stat
import struct
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import msoffcrypto
import olefile

from kefu.core.errors import InputError, where
from kefu.read.ods_range import check_ods_range
from kefu.read.ooxml import CORRUPT as _CORRUPT
from kefu.read.ooxml import MB, read_part_limited
from kefu.read.ooxml import mb as _mb
from kefu.read.raw_cells import PartScan
from kefu.read.used_range import MAX_CELLS, check_used_ranges

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"

MAX_PARTS = 20_000               # real workbooks hold tens to a few thousand parts
MAX_DIRECTORY_BYTES = 16 * MB    # zipfile reads the whole central directory into memory
BOMB_RATIO = 100                 # a part is a bomb when both ratio and size are absurd
BOMB_PART_BYTES = 50 * MB
PROLOG_BYTES = 8 * 1024          # how much of each part is inflated to look for a DOCTYPE
CRC_PART_BYTES = 1 * MB          # parts up to this size are read in full, so their CRC is checked
CRC_BUDGET_BYTES = 16 * MB       # ...until this much has been inflated in total
ALLOWED_COMPRESSION = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)


_RESAVE = "请在 Excel 中打开后另存为 .xlsx 再试。"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_SAVE_AS = {
    ".et": "是 WPS 表格文件(.et),kefu 读不了。请在 WPS 中打开,点“文件 → 另存为”,文件类型选"
           "“Excel 文件(*.xlsx)”,保存后把 config.ini 中的路径改为新文件。",
    ".ett": "是 WPS 表格模板(.ett),请在 WPS 中打开后“文件 → 另存为”Excel 文件(*.xlsx)再试。",
    ".csv": "是 CSV 文本文件,没有工作表和日期格式,kefu 不读。请在 Excel 或 WPS 中打开,"
            "点“文件 → 另存为”,文件类型选“Excel 工作簿(*.xlsx)”,保存后把 config.ini 中的路径改为新文件。",
    ".numbers": "是苹果 Numbers 文件,kefu 读不了。请在 Numbers 中点“文件 → 导出到 → Excel”,"
                "保存为 .xlsx 后把 config.ini 中的路径改为新文件。",
}


@dataclass(frozen=True)
class CheckedWorkbook:
    kind: str                                          # "xlsx", "ods" or "xls"
    scans: dict[str, PartScan] = field(default_factory=dict)   # xlsx: worksheet part -> what the used-range pass saw


def check_workbook(path: Path, *, max_file_mb: int = 200, max_uncompressed_mb: int = 1024,
                   max_cells: int = MAX_CELLS) -> str:
    """Return "xlsx", "ods" or "xls" by content, or raise InputError with one Chinese sentence.

    ``max_cells`` bounds rows x columns of each worksheet's used range (xlsx only, see ``used_range``):
    calamine allocates that rectangle, so one cell at XFD1048576 in a 400-byte file would abort the process.
    """
    return checked_workbook(path, max_file_mb=max_file_mb, max_uncompressed_mb=max_uncompressed_mb,
                            max_cells=max_cells).kind


def checked_workbook(path: Path, *, max_file_mb: int = 200, max_uncompressed_mb: int = 1024,
                     max_cells: int = MAX_CELLS) -> CheckedWorkbook:
    """``check_workbook``, with the scans of an .xlsx's worksheets (for ``read.raw_cells``)."""
    path = Path(path)
    with _refusing(path):
        size = _check_stat(path, max_file_mb)
        _check_suffix(path)
        with open(path, "rb") as fh:
            head = fh.read(8)
            if head.startswith(ZIP_MAGIC):
                return _check_zip(path, fh, size, max_uncompressed_mb * MB, max_cells)
            if head == OLE_MAGIC:
                return CheckedWorkbook(_check_ole(path, fh))
            fh.seek(0)
            raise InputError(f"{where(path)}不是 Excel 工作簿(看起来是{_guess_kind(fh.read(2048))}),{_RESAVE}")


@contextlib.contextmanager
def _refusing(path: Path):
    """Every failure while checking ``path`` comes out as one Chinese InputError."""
    try:
        yield
    except InputError:
        raise
    except PermissionError as err:
        raise InputError(f"{where(path)}正被其他程序占用或没有读取权限,请关闭正在打开它的 Excel/WPS 后重试,或检查文件权限。") from err
    except OSError as err:
        raise InputError(f"读取{where(path)}时出错({err.strerror or err}),请检查磁盘、U 盘或网络共享后重试。") from err
    except Exception as err:  # zipfile/zlib/olefile/struct errors on hostile bytes: never a traceback
        raise InputError(f"{where(path)}{_CORRUPT}") from err


def _check_stat(path: Path, max_file_mb: int) -> int:
    if not path.exists():
        raise InputError(f"找不到{where(path)},请确认文件路径和文件名是否正确。")
    info = path.stat()
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{where(path)}是一个文件夹而不是 Excel 工作簿,请指定其中的 .xlsx 或 .xls 文件。")
    if info.st_size == 0:
        raise InputError(f"{where(path)}是空文件(0 字节),可能是复制或保存中断,请重新复制或从备份恢复。")
    if info.st_size > max_file_mb * MB:
        raise InputError(
            f"{where(path)}有 {_mb(info.st_size)} MB,超过上限 {max_file_mb} MB,请确认没有选错文件,"
            "或在 config.ini 的 [limits] 中调大 max_file_mb。")
    return info.st_size


def _guess_kind(head: bytes) -> str:
    lower = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lower.startswith(b"%pdf"):
        return " PDF 文件"
    if lower.startswith((b"<html", b"<!doctype html", b"<table", b"<meta")) or b"<html" in lower:
        return "网页(HTML)文件,常见于系统导出的假 .xls"
    if lower.startswith(b"<?xml"):
        return " XML 文件(如 Excel 2003 XML 表格)"
    if b"\x00" not in head:
        return "文本或 CSV 文件"
    return "其他格式的文件"


# ---------------------------------------------------------------- legacy .xls (OLE)

def _check_ole(path: Path, fh: BinaryIO) -> str:
    fh.seek(0)
    ole = olefile.OleFileIO(fh)
    if ole.exists("EncryptionInfo") or ole.exists("EncryptedPackage"):
        raise _encrypted(path)
    if not ole.exists("Workbook"):
        kind = "Excel 95 或更早的旧格式" if ole.exists("Book") else _ole_kind(ole)
        raise InputError(f"{where(path)}不是可读取的 Excel 工作簿(看起来是{kind}),{_RESAVE}")
    fh.seek(0)
    if msoffcrypto.OfficeFile(fh).is_encrypted():
        raise _encrypted(path)
    return "xls"


def _ole_kind(ole) -> str:
    if ole.exists("WordDocument"):
        return " Word 文档"
    if ole.exists("PowerPoint Document"):
        return " PowerPoint 演示文稿"
    return "其他 Office 旧格式文件"


def _encrypted(path: Path) -> InputError:
    return InputError(f"{where(path)}的工作簿设有打开密码,请在 Excel 中取消密码后另存一份再试。")


# ---------------------------------------------------------------- .xlsx (zip)

def _check_suffix(path: Path) -> None:
    """A WPS, CSV or Numbers file: one line saying how to save it as .xlsx."""
    how = _SAVE_AS.get(path.suffix.lower())
    if how:
        raise InputError(f"{where(path)}{how}")


def _check_zip(path: Path, fh: BinaryIO, size: int, max_uncompressed: int, max_cells: int) -> CheckedWorkbook:
    directory = _zip_directory(fh, size)
    if directory is None:
        raise InputError(f"{where(path)}{_CORRUPT}")
    entries, directory_bytes = directory
    if entries > MAX_PARTS or directory_bytes > MAX_DIRECTORY_BYTES:
        raise InputError(f"{where(path)}内部含有 {entries} 个部件,远超正常工作簿,可能是恶意构造的文件,已拒绝读取。")
    fh.seek(0)
    with zipfile.ZipFile(fh) as zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        kind = _check_is_workbook(path, zf, {i.filename for i in infos})
        _check_sizes(path, infos, max_uncompressed)
        _check_parts(path, zf, infos)
        if kind == "ods":
            check_ods_range(path, zf, max_cells)
            return CheckedWorkbook(kind)
        return CheckedWorkbook(kind, check_used_ranges(path, zf, infos, max_cells))


def _zip_directory(fh: BinaryIO, size: int) -> tuple[int, int] | None:
    """(number of entries, central directory bytes) from the end record, or None if it is missing."""
    tail_len = min(size, 22 + 0xFFFF)
    fh.seek(size - tail_len)
    tail = fh.read(tail_len)
    pos = tail.rfind(b"PK\x05\x06")
    if pos < 0 or len(tail) - pos < 22:
        return None
    entries, directory_bytes = struct.unpack("<10xHL6x", tail[pos:pos + 22])
    if entries == 0xFFFF or directory_bytes == 0xFFFFFFFF:  # zip64: the real values are elsewhere
        locator = tail[max(pos - 20, 0):pos]
        if len(locator) < 20 or not locator.startswith(b"PK\x06\x07"):
            return None
        fh.seek(struct.unpack("<8xQ4x", locator)[0])
        record = fh.read(56)
        if len(record) < 56 or not record.startswith(b"PK\x06\x06"):
            return None
        entries, directory_bytes = struct.unpack("<32xQQ8x", record)
    return entries, directory_bytes


def _check_is_workbook(path: Path, zf: zipfile.ZipFile, names: set[str]) -> str:
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "content.xml" in names and "mimetype" in names:
        if read_part_limited(zf, zf.getinfo("mimetype"), 256).strip() == ODS_MIMETYPE:
            return "ods"
    if "xl/workbook.bin" in names:
        raise InputError(f"{where(path)}是 Excel 二进制工作簿(.xlsb),{_RESAVE}")
    kind = (" Word 文档" if "word/document.xml" in names else
            " PowerPoint 演示文稿" if any(n.startswith("ppt/") for n in names) else
            "其他文档或普通压缩包")
    raise InputError(f"{where(path)}不是 Excel 工作簿(看起来是{kind}),请确认选对了文件。")


def _check_sizes(path: Path, infos: list[zipfile.ZipInfo], max_uncompressed: int) -> None:
    total = sum(i.file_size for i in infos)
    if total > max_uncompressed:
        raise InputError(
            f"{where(path)}解压后约 {_mb(total)} MB,超过上限 {_mb(max_uncompressed)} MB,可能是恶意构造的压缩炸弹,"
            "已拒绝读取;如确属正常的大文件,请在 config.ini 的 [limits] 中调大 max_uncompressed_mb。")
    for info in infos:
        if info.file_size > BOMB_PART_BYTES and info.file_size > BOMB_RATIO * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise InputError(
                f"{where(path)}中的部件 {info.filename} 压缩比异常(约 {ratio}:1),可能是恶意构造的压缩炸弹,"
                "已拒绝读取,请向来源索取正常保存的工作簿。")
        if info.flag_bits & 0x1:
            raise _encrypted(path)
        if info.compress_type not in ALLOWED_COMPRESSION:
            raise InputError(f"{where(path)}中的部件 {info.filename} 使用了 Excel 不会使用的压缩方式,{_RESAVE}")


def _check_parts(path: Path, zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
    """Inflate the head of every part (and small parts in full, for their CRC); look at XML prologs."""
    budget = CRC_BUDGET_BYTES
    for info in infos:
        if info.file_size <= min(CRC_PART_BYTES, budget):
            head = read_part_limited(zf, info, CRC_PART_BYTES)[:PROLOG_BYTES]
            budget -= info.file_size
        else:
            with zf.open(info) as part:
                head = part.read(PROLOG_BYTES)
        if not _prolog_is_safe(head):
            raise InputError(
                f"{where(path)}中的部件 {info.filename} 含有 Excel 从不写入的 DOCTYPE/实体声明,"
                "可能是恶意构造的文件,已拒绝读取,请向来源核实或索取正常保存的工作簿。")


def _prolog_is_safe(head: bytes) -> bool:
    """True for non-XML parts, and for XML without DOCTYPE/ENTITY whose root starts within ``head``."""
    text = _decode_head(head)
    if text is None:
        return True  # not XML (an image, vbaProject.bin...): no XML parser will read it
    upper = text.upper()  # escaped cell text is "&lt;!DOCTYPE", so a literal one is markup
    if "<!DOCTYPE" in upper or "<!ENTITY" in upper:
        return False
    return _has_root(text) or len(head) < PROLOG_BYTES  # a prolog longer than that is not Excel's


def _decode_head(head: bytes) -> str | None:
    if head.startswith((b"\xff\xfe", b"<\x00")):
        return head.decode("utf-16-le", "replace")
    if head.startswith((b"\xfe\xff", b"\x00<")):
        return head.decode("utf-16-be", "replace")
    text = head.decode("utf-8", "replace").lstrip("\ufeff \t\r\n")
    return text if text.startswith("<") else None


def _has_root(text: str) -> bool:
    """Whether the first element start tag (past <?...?> and <!--...-->) is within ``text``."""
    i = text.find("<")
    while 0 <= i < len(text) - 1:
        if text[i + 1] not in "?!":
            return True
        end = text.find("-->" if text.startswith("<!--", i) else ">", i)
        i = text.find("<", end) if end >= 0 else -1
    return False
