"""What kefu took each column of a sheet for, as Chinese lines staff can check and correct.

For every sheet read: field → column letter → the header as written (受理/日期 for a grouped header);
the columns left unused; for every field not found, the ``[columns]`` line to paste, with the unused
column most like it as the suggestion (``difflib`` on the header words; a date field prefers a header
that says 日期 or 时间). Shown by ``read_workbooks.py`` and once by the first daily check of a register.
"""
from __future__ import annotations

import difflib

from kefu.core.fields import REGISTER_FIELDS, TIME_OF
from kefu.core.normalize import normalize_header
from kefu.core.records import SheetInfo
from kefu.read.accounting import row_line

_DATE_WORDS = ("日期", "时间", "日")
_PLACEHOLDER = "贵处的列名"
_THRESHOLD = 0.5
# on a tie, suggest a column for the field whose absence stops most checks
_RANK = {f: i for i, f in enumerate(("received_on", "number", "replied_on", "completed_on", "callback_result",
                                     "satisfied", "verified_on", "notice_number", "original_number"))}


def mapping_lines(info: SheetInfo, fields: dict[str, tuple[str, tuple[str, ...]]], section: str = "columns",
                  skip: tuple[str, ...] = ()) -> list[str]:
    """The lines for one sheet (indented by four); ``fields`` is the reader's field table."""
    lines = [f"    {fields[f][1][0]}({f}) ← {letter} 列「{info.headers.get(f, '')}」"
             for f, letter in info.columns.items()]
    if info.unused:
        lines.append("    未使用的列:" + "、".join(f"{letter}「{text}」" for letter, text in info.unused))
    missing = [f for f in fields if f not in info.columns and f not in skip]
    if missing:
        lines.append(f"    没有找到的项目(如贵处有该列,请把下面一行加到 config.ini 的 [{section}] 中,"
                     f"等号后写贵处的列名;分组表头写成 上级/下级,如 回访/日期):")
    guesses = suggestions(fields, missing, info.unused)
    for f in missing:
        guess = guesses.get(f)
        if guess:
            letter, text = guess
            lines.append(f"      {f} = {text}    ← {fields[f][1][0]}:可能是 {letter} 列「{text}」")
        else:
            lines.append(f"      {f} = {_PLACEHOLDER}    ← {fields[f][1][0]}")
    return lines


def suggestions(fields: dict, missing, unused: list[tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """Missing field -> the unused (letter, header) most like it. Each column is suggested for one field
    only, the one it is most like (on a tie, the field whose absence stops most checks)."""
    missing = [f for f in missing if f in fields]
    best: dict[str, tuple[float, tuple[str, str]]] = {}
    for letter, text in unused:
        scored = [(_likeness(text, fields[f]), -_RANK.get(f, len(_RANK)), f) for f in missing]
        if not scored:
            break
        score, _rank, field_name = max(scored)
        if score > _THRESHOLD and score > best.get(field_name, (0.0, None))[0]:
            best[field_name] = (score, (letter, text))
    return {f: where for f, (_score, where) in best.items()}


def suggest(field_name: str, fields: dict, unused: list[tuple[str, str]]) -> tuple[str, str] | None:
    """The unused column most like ``field_name`` and like no other field more, or None."""
    return suggestions(fields, [field_name], unused).get(field_name)


def _likeness(text: str, spec: tuple[str, tuple[str, ...]]) -> float:
    kind, aliases = spec
    key = normalize_header(text.split("/")[-1])     # the child of a grouped header says most
    ratio = max(difflib.SequenceMatcher(None, key, normalize_header(a)).ratio() for a in aliases)
    if kind == "date":
        ratio += 0.3 if any(w in key for w in _DATE_WORDS) else -0.3
    return ratio


def describe_sheets(title: str, sheets: list[SheetInfo], skipped: list[SheetInfo], fields: dict,
                    section: str = "columns", skip: tuple[str, ...] = (), counts: bool = False) -> list[str]:
    """A workbook's mapping: each sheet read with its columns, each sheet skipped with the reason."""
    lines = [title]
    groups: dict[tuple, list[SheetInfo]] = {}   # sheets laid out alike (one per month) are shown once
    for info in sheets:
        layout = (info.header_row, tuple(info.columns.items()), tuple(info.headers.items()), tuple(info.unused))
        groups.setdefault(layout, []).append(info)
    for group in groups.values():
        names = "」「".join(i.name for i in group)
        rows = "、".join(str(i.rows) for i in group)
        lines.append(f"  工作表「{names}」:表头在第 {group[0].header_row} 行,读到 {rows} 条")
        if counts:
            lines += [f"    「{i.name}」{row_line(i)}" for i in group]
        lines += mapping_lines(group[0], fields, section, skip)
    for info in skipped:
        what = {"missing": "找不到", "unlisted": "没有读取"}.get(info.state, "跳过")
        lines.append(f"  工作表「{info.name}」:{what}({info.skipped_reason})")
    return lines


def register_mapping(register) -> list[str]:
    """The register's sheets, each with what kefu took its columns for (also the first daily check's)."""
    return describe_sheets(f"登记表《{register.path.name}》:", register.sheets, register.skipped, REGISTER_FIELDS,
                           skip=tuple(TIME_OF), counts=True)
