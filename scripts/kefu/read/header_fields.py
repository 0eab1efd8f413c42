"""Which field each column of a header block holds: ``[columns]`` first, then exact aliases, then meaning.

A column claims a field by (strongest first) the office's ``[columns]`` line (written as the header,
or 回访/日期 for a grouped one), an exact alias of ``core.fields`` (the child alone, then parent+child),
or the matcher of ``read.header_words`` (parent+child, then the child). The strongest claim on a field
wins; the rest stay unused. What kefu will not guess, it asks about in one InputError naming both
columns and the ``[columns]`` line that settles it: one header that could be two fields, two headers
that claim one field by meaning, a ``[columns]`` line that fits several columns.
A time column (受理时间) stands in for its date field only when the sheet has no date column of it.

Evidence from the cells (``read.column_profile``, when the reader passes ``profiles``): a column of person
names never is the summary (it is the customer); when no header names the date received, a date column
under a header that names nothing is its candidate (two such columns: the question); when no header names
the number, a column holding numbers of the pattern is it; the same for a column of departments or of phone numbers. Of two columns that claim one field by meaning,
the number is the one holding numbers of the pattern, the summary the one whose words say most
(``header_words.summary_rank``), then the one holding long text.
"""
from __future__ import annotations

from collections import abc
from dataclasses import dataclass

from kefu.core.errors import InputError, where
from kefu.core.fields import TIME_OF
from kefu.core.normalize import column_letter
from kefu.read.column_profile import DATE, DEPT, LONG, NAME, PATTERN, PHONE
from kefu.read.header_block import Block, Column
from kefu.read.header_words import summary_rank

OVERRIDE, EXACT, MEANING = 0, 1, 2


@dataclass(frozen=True)
class Claim:
    how: int                     # OVERRIDE, EXACT or MEANING
    fields: tuple[str, ...]      # more than one: the header could be either (by meaning only)


def claim(column: Column, spec, key) -> Claim | None:
    """The strongest claim of ``column``; ``key`` is table.header_key."""
    for text in column.spellings():
        name = spec.override_index.get(key(text))
        if name:
            return Claim(OVERRIDE, (name,))
    for text in column.names():
        name = spec.alias_index.get(key(text))
        if name:
            return Claim(EXACT, (name,))
    if spec.matcher is None:
        return None
    last_two, child = "".join(column.parts[-2:]), column.child
    for text in dict.fromkeys((last_two, child, "".join(column.parts))):
        fields = tuple(f for f in spec.matcher(key(text)) if f in spec.fields)
        if fields:
            return Claim(MEANING, fields)
    return None


def score(block: Block, spec, key, cache: dict | None = None) -> int:
    """How many fields the block names without doubt (the block with most is the header).

    ``cache``: parts -> claim, shared by the blocks of one sheet (a column's claim depends on its parts only).
    """
    cache = {} if cache is None else cache
    found = set()
    for column in block.columns:
        c = cache.get(column.parts, False)
        if c is False:
            c = cache[column.parts] = claim(column, spec, key)
        if c is not None and len(c.fields) == 1:
            found.add(c.fields[0])
    return len(found)


def claims_of(block: Block, spec, key, profiles: abc.Mapping[int, str] | None = None) -> dict[int, Claim | None]:
    """Column index -> its claim, by the words and then by what the column holds (see the module notes)."""
    claims = {col.index: claim(col, spec, key) for col in block.columns}
    if not profiles:
        return claims
    for index, c in claims.items():
        if c is not None and c.how == MEANING and "summary" in c.fields and profiles.get(index) == NAME:
            claims[index] = Claim(MEANING, ("customer",))
    named = {f for c in claims.values() if c is not None for f in c.fields}
    for field_name, kind, also in (("received_on", DATE, "received_time"), ("number", PATTERN, "number"),
                                   ("department", DEPT, "department"), ("phone", PHONE, "phone")):
        if field_name in spec.fields and field_name not in named and also not in named:
            for index, c in claims.items():
                if c is None and profiles.get(index) == kind:
                    claims[index] = Claim(MEANING, (field_name,))
    return claims


def claimed_fields(block: Block, spec, key, profiles: abc.Mapping[int, str] | None = None) -> set[str]:
    """Every field some column of the block claims (a time field also as its date field): enough to
    tell whether the sheet holds the table at all, before ``resolve`` asks about what is unclear."""
    found: set[str] = set()
    for c in claims_of(block, spec, key, profiles).values():
        if c is not None:
            found.update(c.fields)
    return found | {TIME_OF[f] for f in found if f in TIME_OF}


@dataclass
class Mapping:
    chosen: dict[str, Column]    # field -> its column
    unused: list[Column]         # header-like columns no field took


def resolve(block: Block, spec, key, where_: tuple, col_offset: int,
            profiles: abc.Mapping[int, str] | None = None) -> Mapping:
    """Field -> column for the chosen block, or an InputError for what kefu must not guess.

    ``where_`` = (path, sheet) for messages; ``profiles``: column index -> what it holds."""
    claims = claims_of(block, spec, key, profiles)
    by_field: dict[str, list[tuple[int, Column]]] = {}
    doubtful = []
    for col in block.columns:
        c = claims[col.index]
        if c is None:
            continue
        if len(c.fields) == 1:
            by_field.setdefault(c.fields[0], []).append((c.how, col))
        else:
            doubtful.append((col, c.fields))
    ask = _Asker(block, spec, where_, col_offset)
    for col, fields in doubtful:
        open_fields = [f for f in fields if f not in by_field]
        if len(open_fields) > 1:
            raise ask.two_fields(col, open_fields)
        if open_fields:
            by_field[open_fields[0]] = [(MEANING, col)]
    for time_field, date_field in TIME_OF.items():
        if time_field in by_field and date_field not in by_field and date_field in spec.fields:
            by_field[date_field] = by_field.pop(time_field)
    chosen = {name: _pick(name, found, key, ask, profiles or {}) for name, found in by_field.items()}
    taken = {col.index for col in chosen.values()}
    return Mapping(chosen, [col for col in block.columns if col.index not in taken])


def _pick(name: str, found: list[tuple[int, Column]], key, ask: "_Asker", profiles: abc.Mapping[int, str]) -> Column:
    best = min(how for how, _col in found)
    top = [col for how, col in found if how == best]
    if best == MEANING and len(top) > 1:
        top = _by_evidence(name, top, key, profiles)
    if len(top) == 1:
        return top[0]
    first, second = top[0], top[1]
    if key(first.display) == key(second.display):
        raise ask.twice(first, second)
    if best == OVERRIDE:
        raise ask.override_fits_several(name, top)
    if best == EXACT:
        return first          # two aliases of one field (登记日期, 投诉日期): the first, as always
    raise ask.one_field(name, first, second)


def _by_evidence(name: str, cols: list[Column], key, profiles: abc.Mapping[int, str]) -> list[Column]:
    """Of columns claiming ``name`` by meaning, those the evidence prefers (all of them when it cannot tell)."""
    if name == "number":
        holding = [c for c in cols if profiles.get(c.index) == PATTERN]
        return holding or cols
    if name == "summary":
        rank = min(summary_rank(key(c.child)) for c in cols)
        cols = [c for c in cols if summary_rank(key(c.child)) == rank]
        return [c for c in cols if profiles.get(c.index) == LONG] or cols
    return cols


class _Asker:
    """The Chinese messages of what the reader will not guess."""

    def __init__(self, block: Block, spec, where_: tuple, col_offset: int):
        self.block, self.spec, self.where, self.offset = block, spec, where_, col_offset

    def _at(self, col: Column) -> str:
        return f"「{col.display}」({column_letter(col.index + self.offset)}{self.block.bottom + 1})"

    def _zh(self, name: str) -> str:
        return self.spec.fields[name][1][0]

    def _start(self) -> str:
        return f"{where(*self.where)}第 {self.block.bottom + 1} 行的表头中,"

    def two_fields(self, col: Column, fields) -> InputError:
        names = "”还是“".join(self._zh(f) for f in fields)
        return InputError(f"{self._start()}{self._at(col)}看不出是“{names}”。请在 config.ini 的 [{self.spec.section}] 中"
                          f"写明,例如:{fields[0]} = {col.display}")

    def one_field(self, name: str, a: Column, b: Column) -> InputError:
        return InputError(f"{self._start()}{self._at(a)}和{self._at(b)}都像是“{self._zh(name)}”,kefu 无法判断"
                          f"用哪一列。请在 config.ini 的 [{self.spec.section}] 中写明,例如:{name} = {a.display}")

    def twice(self, a: Column, b: Column) -> InputError:
        row = self.block.bottom + 1
        a1, b1 = (f"{column_letter(c.index + self.offset)}{row}" for c in (a, b))
        return InputError(f"{where(*self.where)}表头「{a.display}」出现了两次({a1} 和 {b1}),"
                          f"kefu 无法判断用哪一列。请删除或改名其中一列。")

    def override_fits_several(self, name: str, cols: list[Column]) -> InputError:
        places = "、".join(self._at(c) for c in cols)
        return InputError(f"{self._start()}config.ini [{self.spec.section}] 中 {name} 所写的列名同时符合 {places}。"
                          f"请写成“上级表头/下级表头”,例如:{name} = {cols[0].display}")
