"""The complaint register reader: workbook -> Complaint records (+ date.unreadable findings)."""
from __future__ import annotations

import gc
import re
import unicodedata
from contextlib import contextmanager
from dataclasses import MISSING, dataclass, field, fields
from functools import cached_property
from itertools import compress, filterfalse, islice, repeat
from operator import is_not, not_
from pathlib import Path

from .cells import CONVERTERS, as_text
from .dates import Unreadable
from .fields import REGISTER_FIELDS, REGISTER_REQUIRED
from .findings import Finding
from .records import Complaint, SheetInfo
from .settings import Settings
from .table import FieldSpec, read_tables

COMPLAINT_FIELDS = tuple(f.name for f in fields(Complaint))[2:]   # after sheet, row
_FIELD_DEFAULTS = {f.name: f.default for f in fields(Complaint) if f.default is not MISSING}
FIELD_ZH = {name: aliases[0] for name, (_kind, aliases) in REGISTER_FIELDS.items()}


@dataclass
class Register:
    path: Path
    complaints: list[Complaint]
    sheets: list[SheetInfo]              # sheets read
    skipped: list[SheetInfo]             # sheets that hold no register, with the reason
    findings: list[Finding] = field(default_factory=list)  # date.unreadable found while reading

    @cached_property
    def active(self) -> list[Complaint]:
        """Complaints that count: not voided (made once: several rules ask)."""
        return [c for c in self.complaints if not c.voided]

    @cached_property
    def by_place(self) -> dict[tuple[str, int], Complaint]:
        """(sheet, row) -> the complaint there (made once: the sorting, the workbook and the console ask)."""
        return {(c.sheet, c.row): c for c in self.complaints}


def register_spec(settings: Settings) -> FieldSpec:
    return FieldSpec(REGISTER_FIELDS, REGISTER_REQUIRED, settings.columns, "投诉登记表")


def read_register(settings: Settings, path: Path | None = None) -> Register:
    """Read every configured sheet of the register. Raises InputError when it cannot be used."""
    path = Path(path or settings.paths.register)
    with gc_paused():
        sheets, skipped = read_tables(path, register_spec(settings), settings.register.sheets,
                                      search_rows=settings.register.header_search_rows,
                                      limits=settings.limits)
        void_words = settings.register.void_words
        complaints: list[Complaint] = []
        findings: list[Finding] = []
        for sheet in sheets:
            before = len(complaints)
            _read_sheet(sheet, void_words, complaints, findings)
            sheet.info.rows = len(complaints) - before
        keep_out_of_collections()
    return Register(path, complaints, [s.info for s in sheets], skipped, findings)


@contextmanager
def gc_paused():
    """No cyclic garbage collection while a bulk of long-lived objects is built.

    Building 100k records and millions of cell values otherwise triggers full collections over and over
    (each one walks everything built so far) for nothing: the reader makes no reference cycles worth
    collecting. Reference counting still frees everything as usual; collection resumes afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def keep_out_of_collections() -> None:
    """Move everything alive now out of the cyclic collector's sight (``gc.freeze``).

    The records just read live as long as the job, hold no reference cycles (a collection right after
    reading finds nothing to free), and are freed by reference counting as usual; without this, the
    next collections walk all 100k of them again, for nothing (~0.1 s). A long-running process calls
    ``gc.unfreeze()`` when the job is over (the scheduler does, after each job).
    """
    gc.freeze()


def _read_sheet(sheet, void_words, complaints: list[Complaint], findings: list[Finding]) -> None:
    """The hot loop of the reader, done column by column on chunks of rows (builtins over whole columns
    are several times cheaper than a Python loop over every cell; chunks keep memory flat).

    Chunks are cut straight from the sheet's row iterator and numbered with a range: no per-row Python
    step between calamine and the column passes."""
    rows, first = sheet.values, sheet.first_row
    while chunk := list(islice(rows, CHUNK_ROWS)):
        _read_chunk(sheet, range(first, first + len(chunk)), chunk, void_words, complaints, findings)
        first += len(chunk)


# Small enough that a chunk's cells (fresh objects from calamine) stay in the CPU cache while every column
# pass (types, hashes, lookups) walks over them: 512 rows read 100k rows ~30% faster than 8192.
CHUNK_ROWS = 512


def _read_chunk(sheet, row_numbers: range, chunk: list[list], void_words, complaints: list[Complaint],
                findings: list[Finding]) -> None:
    n = len(chunk)
    table = _columns(chunk, max((i for _f, i in sheet.plan), default=-1) + 1)
    caches = _new_caches()
    converted = {field_name: _convert_column(kind, table[index], caches[kind])
                 for field_name, index in sheet.plan for kind in (REGISTER_FIELDS[field_name][0],)}
    unreadable = _take_unreadable(converted)
    # blank rows, rows with only a running 序号 (not a field) or only 否 flags are left out
    blank = [k for k in _blank_rows(list(converted.values()), n) if k not in unreadable]
    if "number" in converted:
        converted["number_text"] = _number_texts(table[dict(sheet.plan)["number"]])
    if unreadable:
        converted["unreadable"] = [unreadable.get(k) for k in range(n)]
    if "status" in converted or "remarks" in converted:
        converted["voided"] = _voided(converted.get("status"), converted.get("remarks"), n, void_words)
    first = len(complaints)
    complaints.extend(_records(sheet.info, row_numbers, converted, blank))
    if unreadable:
        for record in complaints[first:]:
            if record.unreadable:
                findings.extend(unreadable_findings(record))


def _take_unreadable(converted: dict[str, list]) -> dict[int, dict[str, str]]:
    """Date cells that could not be read: row in the chunk -> {field: text}; those cells become None."""
    unreadable: dict[int, dict[str, str]] = {}
    for field_name, values in converted.items():
        if REGISTER_FIELDS[field_name][0] == "date" and Unreadable in set(map(type, values)):
            for k, value in enumerate(values):
                if value.__class__ is Unreadable:
                    unreadable.setdefault(k, {})[field_name] = str(value)
                    values[k] = None
    return unreadable


def _records(info: SheetInfo, row_numbers: range, converted: dict[str, list], blank: list[int]):
    """Complaints built column-wise: every field after (sheet, row) in declaration order, from a converted
    column or its default; the rows in ``blank`` left out."""
    n = len(row_numbers)
    args = [converted[f] if f in converted else repeat(_FIELD_DEFAULTS[f], n) for f in COMPLAINT_FIELDS]
    args[COMPLAINT_FIELDS.index("columns")] = repeat(info.columns, n)
    records = map(Complaint, repeat(info.name, n), row_numbers, *args)
    if not blank:
        return records
    keep = [True] * n
    for k in blank:
        keep[k] = False
    return compress(records, keep)


def _blank_rows(columns: list[list], n: int) -> list[int]:
    """Rows of the chunk (0-based) whose converted values are all empty ("", None, False).

    Narrowed column by column, starting from the rows whose first column is empty: on a filled register
    that is one pass over one column instead of a pass over every cell.
    """
    blank = range(n)
    for values in columns:
        if not blank:
            break
        blank = list(compress(blank, map(not_, map(values.__getitem__, blank))))
    return list(blank)


def _columns(rows: list[list], width: int) -> list[tuple]:
    """The chunk transposed: one tuple per column, short rows padded with ""."""
    if min(map(len, rows), default=width) < width:
        rows = [values if len(values) >= width else list(values) + [""] * (width - len(values))
                for values in rows]
    return list(zip(*rows)) if rows else [()] * width


def _convert_column(kind: str, raw: tuple, cache: dict) -> list:
    """Cell values of one column -> typed values; "no content" becomes the field's default ("", None, False).

    Each distinct value is converted once per chunk (columns repeat categories, departments, dates, and
    the three number columns hold the same numbers), which also leaves one shared object per distinct
    value. ``cache`` (value -> typed value) is shared by the columns of one kind. A text column whose
    values hardly repeat is converted cell by cell instead (see ``_mostly_distinct``).

    One pass both finds the distinct values and types the cells: each value first seen here is taken as
    its own typed value, which it is in the usual case (text already normalised, a date cell, a number in
    canonical form); only when one of them types to something else are the cells looked up again.

    True == 1 for a dict, so a column holding booleans is converted cell by cell (and what it added to the
    cache taken out again). Only when the cache holds 0 or 1 (True, 1.0 and 1 are one key) can a boolean
    be among the cells, so the type of every cell is looked at only then.
    """
    if kind in _TEXT_KINDS and _mostly_distinct(raw):
        try:
            return _normalized_texts(raw)
        except TypeError:  # not all text: a number, date or boolean among them
            pass
    before = len(cache)
    typed = list(map(cache.setdefault, raw, raw))
    new = list(islice(cache, before, None))      # a dict keeps insertion order
    if (0 in cache or 1 in cache) and bool in set(map(type, raw)):
        for value in new:
            del cache[value]
        convert = _BLANK_AWARE[kind]
        return [convert(v) for v in raw]
    if new:
        pairs = dict(_converted_pairs(kind, new, _BLANK_AWARE[kind]))
        if any(map(is_not, pairs.values(), pairs)):
            cache.update(pairs)
            return list(map(cache.__getitem__, raw))
    return typed


def _new_caches() -> dict[str, dict]:
    """kind -> cache for one chunk, each knowing that an empty cell is the field's default: blank date cells
    are common, and a value typed to something else would cost the cache-lookup pass."""
    return {kind: {"": blank} for kind, blank in _BLANKS.items()}


def _converted_pairs(kind: str, keys: list, convert):
    """(value, typed value) for the values a chunk brings that may type to something else than themselves
    (the others are left out), with builtins over all of them where possible."""
    all_text = set(map(type, keys)) == {str}
    if kind in _TEXT_KINDS and all_text:
        return zip(keys, _normalized_texts(keys))
    if kind == "number":
        if all_text and "" not in keys and _plain_number("".join(keys)):
            # All in canonical form already (the usual case), found by one match over them joined: the
            # pattern is one character class, so the joined text matches exactly when each value does.
            return ()
        if all_text:   # a few spelled otherwise (full-width dashes, blanks): only those are converted
            return ((k, convert(k)) for k in filterfalse(_plain_number, keys))
        return ((k, k if k.__class__ is str and _plain_number(k) else convert(k)) for k in keys)
    return ((k, convert(k)) for k in keys)


def _mostly_distinct(raw: tuple) -> bool:
    """Do the first cells of the column hardly repeat (names, rooms, phones, summaries)?

    Such a column gains nothing from converting each distinct value once, and hashing every fresh string
    to find the repeats costs more than converting every cell; judged on a sample, so cheaply.
    """
    sample = raw[:_SAMPLE]
    return len(set(sample)) * 4 > len(sample) * 3


_SAMPLE = 64


def _normalized_texts(texts) -> list[str]:
    """as_text for cells that are all text, with builtins over the whole list: blanks stripped, NFKC (a
    quick check that returns normalised text itself), stripped. TypeError when one is not text."""
    return list(map(_strip, map(_nfkc, repeat("NFKC"), map(_strip, texts))))


def _blank_aware(convert, blank):
    def converted(value):
        return blank if value is None or value == "" else convert(value)
    return converted


_BLANKS = {"text": "", "phone": "", "grade": "", "number": "", "date": None, "flag": False}
_BLANK_AWARE = {kind: _blank_aware(CONVERTERS[kind], default) for kind, default in _BLANKS.items()}
_TEXT_KINDS = frozenset({"text", "phone", "grade"})
_strip = str.strip
_nfkc = unicodedata.normalize
# Numbers already in canonical form: printable ASCII, no blank, no lower-case letter (TS-2026-0133).
_plain_number = re.compile(r"[!-`{-~]+").fullmatch


def _number_texts(raw: tuple) -> list[str]:
    """The number cells as typed (stripped), for messages."""
    try:
        return list(map(_strip, raw))    # all text, the usual case: no Python step per cell
    except TypeError:
        return [v.strip() if isinstance(v, str) else ("" if v is None else as_text(v)) for v in raw]


def unreadable_findings(record: Complaint) -> list[Finding]:
    """One date.unreadable finding per date cell of the record that could not be read."""
    return [
        Finding(rule="date.unreadable", severity="warning", number=record.number or None,
                sheet=record.sheet, row=record.row,
                message=f"单元格 {record.cell(name)} 的{FIELD_ZH[name]}「{text}」无法识别为日期,"
                        f"请改为 2026-03-05 这样的日期。该行已保留。",
                column=(record.columns or {}).get(name))
        for name, text in record.unreadable.items()
    ]


def _voided(statuses: list | None, remarks: list | None, n: int, void_words: tuple[str, ...]) -> list[bool]:
    """The voided column of a chunk: each distinct (状态, 备注) pair is judged once (a register repeats a few
    statuses, and most remarks are empty), the cells are looked up with builtins."""
    pairs = list(zip(statuses or repeat("", n), remarks or repeat("", n)))
    answers = {pair: _is_void(*pair, void_words) for pair in set(pairs)}
    return list(map(answers.__getitem__, pairs))


def _is_void(status: str, remarks: str, void_words: tuple[str, ...]) -> bool:
    """作废: a void word in the status, or the remarks beginning with one."""
    if not status and not remarks:
        return False
    return any(w and (w in status or remarks.startswith(w)) for w in void_words)
