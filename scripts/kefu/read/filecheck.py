"""Check a workbook before anything parses it.

python-calamine loads a whole sheet into memory, so a hostile or broken file must be refused first,
cheaply and with one Chinese sentence. ``check_workbook`` looks at the file's bytes (never its
extension) and returns the real kind, "xlsx" (OOXML zip, also .xlsm) or "xls" (BIFF8 in an OLE
container); the caller opens the file as that kind.

What is refused, in this order: missing/folder/empty/too large; not a workbook (text, CSV, HTML,
PDF, Word...); password-protected; truncated or corrupt; zip directory floods, zip bombs (declared
sizes and ratios, checked before anything is inflated), unusual compression; XML parts whose prolog
carries a DOCTYPE or ENTITY (Excel never writes one). Only the first few KB of each part are
inflated, plus small parts in full (bounded) so that their CRC is checked.
"""
from __future__ import annotations

import contextlib
import queue
import re
import stat
import struct
import threading
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO

import numpy as np

from kefu.core.errors import InputError, where
from kefu.read.inflate import part_chunks
from kefu.read.ooxml import relationships, rels_path

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
MB = 1024 * 1024

MAX_PARTS = 20_000               # real workbooks hold tens to a few thousand parts
MAX_DIRECTORY_BYTES = 16 * MB    # zipfile reads the whole central directory into memory
BOMB_RATIO = 100                 # a part is a bomb when both ratio and size are absurd
BOMB_PART_BYTES = 50 * MB
PROLOG_BYTES = 8 * 1024          # how much of each part is inflated to look for a DOCTYPE
CRC_PART_BYTES = 1 * MB          # parts up to this size are read in full, so their CRC is checked
CRC_BUDGET_BYTES = 16 * MB       # ...until this much has been inflated in total
ALLOWED_COMPRESSION = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
MAX_CELLS = 10_000_000           # calamine allocates rows x columns of the used range (~50 bytes each)
SCAN_CHUNK_BYTES = MB            # a worksheet is scanned this much at a time (memory stays flat)

_TAG = re.compile(rb'<(?:\w+:)?(row|c)\b(?:[^>]*?\sr="([A-Z]*)([0-9]*)")?[^>]*>')
# A namespace-prefixed cell tag (<x:c ...>): calamine reads it as a cell, numpy's "<c" search would not
# see it. _PREFIXED is the cheap pre-filter (a literal first byte), _PREFIXED_CELL the real test.
_PREFIXED = re.compile(rb":c[\s/>]")
_PREFIXED_CELL = re.compile(rb"<\w+:c[\s/>]")

_CORRUPT = "不完整或已损坏,可能是复制中断,请从原处重新复制一份再试。"
_RESAVE = "请在 Excel 中打开后另存为 .xlsx 再试。"


def check_workbook(path: Path, *, max_file_mb: int = 200, max_uncompressed_mb: int = 1024,
                   max_cells: int = MAX_CELLS, extents: bool = True) -> str:
    """Return "xlsx" or "xls" by content, or raise InputError with one Chinese sentence.

    ``max_cells`` bounds rows x columns of each worksheet's used range (xlsx only): calamine allocates
    that rectangle, so one cell at XFD1048576 in a 400-byte file would abort the process. With
    ``extents=False`` that scan is left to ``check_extents`` (all the rest is cheap): the caller may
    let calamine read the shared strings and styles meanwhile, which allocate nothing by the used range.
    """
    path = Path(path)
    with _refusing(path):
        size = _check_stat(path, max_file_mb)
        with open(path, "rb") as fh:
            head = fh.read(8)
            if head.startswith(ZIP_MAGIC):
                _check_zip(path, fh, size, max_uncompressed_mb * MB, max_cells if extents else None)
                return "xlsx"
            if head == OLE_MAGIC:
                return _check_ole(path, fh)
            fh.seek(0)
            raise InputError(f"{where(path)}不是 Excel 工作簿(看起来是{_guess_kind(fh.read(2048))}),{_RESAVE}")


def check_extents(path: Path, max_cells: int = MAX_CELLS) -> None:
    """The used-range scan of ``check_workbook`` on its own, for an .xlsx that passed the other checks."""
    path = Path(path)
    with _refusing(path), zipfile.ZipFile(path) as zf:
        for name in _sheet_parts(zf, [i for i in zf.infolist() if not i.is_dir()]):
            _check_extent(path, zf, name, max_cells)


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


def read_part_limited(zf: zipfile.ZipFile, name: str | zipfile.ZipInfo, limit_bytes: int) -> bytes:
    """Inflate one part, stopping as soon as it exceeds ``limit_bytes`` (ZipInfo.file_size can lie).

    A damaged part (bad CRC, broken deflate stream) is an InputError too, never a raw zipfile error.
    """
    label = name.filename if isinstance(name, zipfile.ZipInfo) else name
    out = bytearray()
    try:
        with zf.open(name) as part:
            while chunk := part.read(min(64 * 1024, limit_bytes - len(out) + 1)):
                out += chunk
                if len(out) > limit_bytes:
                    raise InputError(
                        f"{where(zf.filename)}中的部件 {label} 解压后超过 {_mb(limit_bytes)} MB,"
                        "可能是恶意构造的压缩炸弹,已停止读取,请向来源索取正常保存的工作簿。")
    except (zipfile.BadZipFile, zlib.error, EOFError) as err:
        raise InputError(f"{where(zf.filename)}中的部件 {label} {_CORRUPT}") from err
    return bytes(out)


# ---------------------------------------------------------------- file level

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
    import msoffcrypto
    import olefile

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

def _check_zip(path: Path, fh: BinaryIO, size: int, max_uncompressed: int, max_cells: int | None) -> None:
    directory = _zip_directory(fh, size)
    if directory is None:
        raise InputError(f"{where(path)}{_CORRUPT}")
    entries, directory_bytes = directory
    if entries > MAX_PARTS or directory_bytes > MAX_DIRECTORY_BYTES:
        raise InputError(f"{where(path)}内部含有 {entries} 个部件,远超正常工作簿,可能是恶意构造的文件,已拒绝读取。")
    fh.seek(0)
    with zipfile.ZipFile(fh) as zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        _check_is_workbook(path, {i.filename for i in infos})
        _check_sizes(path, infos, max_uncompressed)
        _check_parts(path, zf, infos)
        for name in _sheet_parts(zf, infos) if max_cells is not None else ():
            _check_extent(path, zf, name, max_cells)


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


def _check_is_workbook(path: Path, names: set[str]) -> None:
    if "xl/workbook.xml" in names:
        return
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


# ---------------------------------------------------------------- used range of each worksheet

def _sheet_parts(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> list[str]:
    """Worksheets named by xl/_rels/workbook.xml.rels, plus anything under xl/worksheets/."""
    names = {i.filename for i in infos}
    found = {n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")}
    rels = rels_path("xl/workbook.xml")
    if rels in names:
        found.update(rel.target for rel in relationships(read_part_limited(zf, rels, 4 * MB), "xl/workbook.xml")
                     if rel.type.endswith("/worksheet"))
    return sorted(found & names)


def _check_extent(path: Path, zf: zipfile.ZipFile, name: str, max_cells: int) -> None:
    """Stream the sheet (1 MB at a time) and refuse when max row x max column exceeds ``max_cells``."""
    rows, cols = _used_extent(zf, name)
    if rows * cols > max_cells:
        raise InputError(
            f"{where(path)}中的工作表 {name} 的使用范围达 {rows} 行 × {cols} 列,超过 {max_cells} 个单元格的上限,"
            "请在 Excel 中删除末尾的空行空列(或多余的远端单元格)后另存一份再试。")


def _used_extent(zf: zipfile.ZipFile, name: str, fast: bool = True) -> tuple[int, int]:
    """(max row, max column) of the cells and rows in the sheet, streamed 1 MB at a time.

    Chunks in the usual shape (every cell tag is ``<c r="A1"``-like, as Excel, LibreOffice, openpyxl and
    xlsxwriter write them) are measured by ``_fast_extent`` with numpy; any other chunk goes through the
    exact tag-by-tag walk (``fast=False``: every chunk). The part is inflated on a second thread while this one scans: zlib and numpy both
    let go of the GIL, so on two cores the scan costs about as much as inflating alone.
    """
    place = (0, 0)                      # (row, column) of the last cell or row tag: where a cell
    max_row = max_col = 0               # without a reference goes, also across chunks
    for buf in _tag_aligned_chunks(zf, name, SCAN_CHUNK_BYTES):
        extent = _fast_extent(buf) if fast else None
        if extent is None:
            extent, place = _exact_extent(buf, place)
        elif extent[2]:
            place = extent[2]
        max_row, max_col = max(max_row, extent[0]), max(max_col, extent[1])
    return max_row, max_col


_PAD = bytes(16)   # after each chunk: a cell reference at its very end can be read without a bounds check
_END = object()


def _tag_aligned_chunks(zf: zipfile.ZipFile, name: str, size: int, ahead: int = 4):
    """The part's bytes about ``size`` at a time, each chunk cut just before a ``<`` (so no tag is split)
    and followed by ``_PAD``; inflated and cut by a helper thread up to ``ahead`` chunks ahead (or on
    this thread when no thread can be started).

    An error while inflating (a bad CRC, a broken stream) is raised here, in the caller's thread.
    """
    chunks: queue.Queue = queue.Queue(maxsize=ahead)
    stop = threading.Event()

    def inflate() -> None:
        try:
            for chunk in _aligned(zf, name, size):
                if stop.is_set():
                    return
                chunks.put(chunk)
            chunks.put(_END)
        except BaseException as err:  # handed to the consumer, which raises it
            chunks.put(err)

    worker = threading.Thread(target=inflate, name="kefu-inflate", daemon=True)
    try:
        worker.start()
    except RuntimeError:              # a process at its thread limit: one thing after the other
        yield from _aligned(zf, name, size)
        return
    try:
        while (item := chunks.get()) is not _END:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        while worker.is_alive():          # unblock a worker waiting on a full queue, then let it end
            try:
                chunks.get(timeout=0.05)
            except queue.Empty:
                pass
        worker.join()


def _aligned(zf: zipfile.ZipFile, name: str, size: int):
    carry = b""
    for data in part_chunks(zf, name, size):
        data = carry + data
        cut = data.rfind(b"<")
        carry = data[cut:][-65536:]   # a tag is never longer; text without < is not split
        yield data[:cut] + _PAD
    yield carry + _PAD


def _fast_extent(buf: bytes) -> tuple[int, int, tuple[int, int] | None] | None:
    """(max row, max column, (row, column) of the last cell) of the cells of a chunk in the usual shape, or None.

    ``buf`` ends with ``_PAD``.

    Usual shape: no namespace-prefixed cell or row tag, and every cell tag (``<c`` followed by a blank,
    ``>`` or ``/``) starts with ``<c r="`` and a reference of 1-3 capital letters, 1-7 digits and a
    closing quote. Rows are then those of the cells (calamine places a cell by its reference and only
    cells with a value count, so this bound is safe); anything else -> None, and the exact walk.
    numpy does it a byte position at a time over all the cells of the chunk at once.
    """
    if b":" in buf and _PREFIXED.search(buf) and _PREFIXED_CELL.search(buf):  # memchr, a regex, the test
        return None
    a = np.frombuffer(buf, np.uint8)                    # ends with _PAD: a reference may end the chunk
    starts = np.flatnonzero((a[:-2] == 60) & (a[1:-1] == 99))          # "<c"
    tags = starts[np.isin(a[starts + 2], _TAG_END)]                   # <c + blank, > or /: a cell
    if not len(tags):
        return 0, 0, None
    if not all((a[tags + 2 + i] == ch).all() for i, ch in enumerate(b' r="')):
        return None
    ref = tags + 6
    if not _is_letter(a[ref]).all():
        return None
    second = _is_letter(a[ref + 1])
    third = second & _is_letter(a[ref + 2])
    if (third & _is_letter(a[ref + 3])).any():
        return None                                                 # four letters: not Excel's
    n_letters = 1 + second + third
    if second.any():
        cols = _letter_value(a[ref]) * 26 ** (n_letters - 1) + np.where(
            second, _letter_value(a[ref + 1]) * 26 ** (n_letters - 2).clip(0), 0) + np.where(
            third, _letter_value(a[ref + 2]), 0)
    else:                                                           # columns A-Z only
        cols = _letter_value(a[ref])
    rows, n_digits = _digits_value(a, ref + n_letters)
    if not (n_digits.min() >= 1 and n_digits.max() <= 7 and (a[ref + n_letters + n_digits] == 34).all()):
        return None
    return int(rows.max()), int(cols.max()), (int(rows[-1]), int(cols[-1]))


def _is_letter(x: np.ndarray) -> np.ndarray:
    return (x - 65) < 26          # uint8 arithmetic wraps, so bytes below "A" are large


def _letter_value(x: np.ndarray) -> np.ndarray:
    return x.astype(np.int64) - 64


def _digits_value(a: np.ndarray, at: np.ndarray, most: int = 8) -> tuple[np.ndarray, np.ndarray]:
    """The number written in decimal digits from each position of ``at`` on, and how many digits."""
    value = np.zeros(len(at), np.int64)
    count = np.zeros(len(at), np.int64)
    alive = np.ones(len(at), bool)
    for i in range(most):
        digit = a[at + i] - 48
        alive &= digit < 10
        if not alive.any():
            break
        value = np.where(alive, value * 10 + digit, value)
        count += alive
    return value, count


_TAG_END = np.frombuffer(b" \t\n\r>/", np.uint8)


def _exact_extent(buf: bytes, place: tuple[int, int]) -> tuple[tuple[int, int], tuple[int, int]]:
    """((max row, max column), (row, column) of the last tag) of a chunk, tag by tag as calamine
    places cells: by their reference, else in the next column of the current row."""
    row, col = place
    max_row = max_col = 0
    for kind, letters, digits in _TAG.findall(buf):
        if kind == b"row":
            row, col = (int(digits) if digits else row + 1), 0
        else:
            col = _column(letters) if letters else col + 1
            row = int(digits) if digits else row
        max_row, max_col = max(max_row, row), max(max_col, col)
    return (max_row, max_col), (row, col)


def _column(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _mb(n: int) -> int:
    return max(1, round(n / MB))

