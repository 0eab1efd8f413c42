"""How tall a row must be for its wrapped text to show in full: the one estimate every workbook kefu
writes uses (findings, analysis, survey, callback records).

Excel and LibreOffice do not grow the rows of a file another program wrote, and a row too short cuts
its last lines off on screen and on paper. The estimate follows the text as the programs wrap it, from
the text length and the column width alone (no font files are read):

- width in Excel's column units: a Chinese character (and a full-width or ambiguous one, such as “”)
  counts two, any other one; a Chinese character is a little wider than two digits in Excel's fonts,
  so a line holds ``FILL`` of the column (a line of Chinese text as Excel wraps it) (minus the cell's padding);
- a run of Latin letters, digits and their punctuation (TS-2026-0006, 2026-11-24, 16%) is kept on one
  line, as both programs do, unless it is longer than a line; a list of them joined by 、 or , too
  (LibreOffice breaks neither after 、 before a Latin letter);
- a line of 11-point text is ``LINE_POINTS`` high: the height LibreOffice gives a line with a Chinese
  font (Noto Sans CJK, Microsoft YaHei), a little more than Excel's 14.25-point default; ``PAD_POINTS``
  for the cell's padding.
"""
from __future__ import annotations

import math
import re
import unicodedata

LINE_POINTS = 16.0
PAD_POINTS = 3.0
DEFAULT_POINTS = 15.0   # a row left to its default height shows one line
FILL = 0.95
_LATIN = r"[!-~\u00a0-\u00ff\u2011]+"
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+")   # TS-2026-0006, 2026-11-24
NO_BREAK_HYPHEN = "\u2011"
_HAN = "\u4e00-\u9fff\u3400-\u4dbf"   # Chinese characters: a line may break between any two
_UNIT = re.compile(rf"{_LATIN}(?:[、,;,;]{_LATIN})*[、,。;:,;:)」』】]?|[{_HAN}]+|\s|.", re.S)


class _Widths(dict):
    """character -> its width in column units, each character looked up in unicodedata once."""

    def __missing__(self, ch: str) -> int:
        width = self[ch] = 2 if unicodedata.east_asian_width(ch) in "WFA" else 1
        return width


_WIDTHS = _Widths()


def display_width(text: str) -> int:
    """Width in column units: a Chinese character takes two, like in Excel."""
    return sum(map(_WIDTHS.__getitem__, text))


def keep_tokens_whole(text: str) -> str:
    """``text`` for paper: each hyphen inside a complaint number or a date becomes the non-breaking
    hyphen (U+2011, drawn as a hyphen), which Excel and LibreOffice never break a line after. Only for
    sheets meant for printing: a search for TS-2026-0006 does not find TS‑2026‑0006."""
    return _TOKEN.sub(lambda m: m.group(0).replace("-", NO_BREAK_HYPHEN), text) if "-" in text else text


def per_line(width: float) -> int:
    """Column units of text one line of a column ``width`` units wide holds."""
    return max(2, int(width * FILL) - 1)


def text_lines(text: str, width: float) -> int:
    """Lines ``text`` takes wrapped in a column ``width`` units wide (each \\n starts a line)."""
    room = per_line(width)
    return sum(_paragraph_lines(part, room) for part in str(text).split("\n"))


def _paragraph_lines(text: str, room: int) -> int:
    if len(text) * 2 <= room or display_width(text) <= room:   # most cells: one line, no wrapping to follow
        return 1
    lines, used = 1, 0
    widths = _WIDTHS
    for unit in _UNIT.findall(text):
        if len(unit) > 1 and _is_han(unit[0]):   # a run of Chinese: fills the line, goes on to the next
            lines, used = _han_run(len(unit), lines, used, room)
            continue
        w = widths[unit] if len(unit) == 1 else display_width(unit)
        if used + w <= room:
            used += w
        elif unit.isspace():
            used = room   # a space at the end of a line is not carried over
        elif w > room:    # longer than a line: on lines of its own, broken anywhere
            lines += (1 if used else 0) + (w - 1) // room
            used = w - (w - 1) // room * room
        else:
            lines, used = lines + 1, w
    return lines


def _is_han(ch: str) -> bool:
    """A character of ``_HAN`` (a unit of several that starts with one is a run of them)."""
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def _han_run(n: int, lines: int, used: int, room: int) -> tuple[int, int]:
    """(lines, units used on the last line) after ``n`` Chinese characters (two units each)."""
    fits = (room - used) // 2
    if n <= fits:
        return lines, used + 2 * n
    n -= fits
    per = max(1, room // 2)
    full = (n - 1) // per
    return lines + 1 + full, 2 * (n - full * per)


def line_count(values, widths) -> int:
    """The most lines any text of the row takes in its column."""
    counts = [text_lines(value, width) for value, width in zip(values, widths)
              if isinstance(value, str) and value and width]
    return max(counts, default=1)


def lines_points(lines: int, font_size: float = 11) -> float:
    """The height (points) of ``lines`` lines of text, in whole pixels (0.75 point: what the file keeps)."""
    return math.ceil((lines * LINE_POINTS * font_size / 11 + PAD_POINTS) / 0.75) * 0.75


def fitting_height(values, widths, font_size: float = 11) -> float | None:
    """Row height (points) that shows every wrapped text of the row in full, or None when one line fits
    (the row keeps its default height)."""
    lines = line_count(values, widths)
    return lines_points(lines, font_size) if lines > 1 else None
