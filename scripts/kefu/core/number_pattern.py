"""The configured complaint-number pattern ([numbering] pattern) as a parser.

``TS-{year}-{seq:04d}`` becomes a regex that accepts the sequence number with or without its zero
padding (TS-2026-135 is the number 135 of 2026, typed without padding). Numbers reach this module
already normalised by the reader (full-width forms, dashes and blanks), so only the pattern is checked.
"""
from __future__ import annotations

import functools
import re
import string
from typing import Any, Callable, Final

from kefu.core.normalize import normalize_number

# A parsed number is a plain tuple (year, seq, canonical), read with these indexes: year is None when the
# pattern has no {year}, canonical is the number as the pattern writes it (TS-2026-0135). The parser keeps
# one per distinct number (100k in a large register); the garbage collector stops tracking a plain tuple
# of ints and strings, not a named tuple, so each full collection would walk 100k of those.
YEAR: Final = 0          # the places in a ParsedNumber
SEQ: Final = 1
CANONICAL: Final = 2
ParsedNumber = tuple[int | None, int, str]


_UNSEEN: Any = object()   # "not parsed yet" (None is "does not fit")


class NumberPattern:
    def __init__(self, pattern: str):
        self.pattern = pattern
        self.has_year = self.has_seq = False
        self.seq_spec = ""
        # True when a number that matches is written as the pattern writes it once its sequence number is:
        # every literal already in normalised form, and no field but a plain {year} and {seq}
        self._plain = True
        parts = []
        for literal, name, spec, conv in string.Formatter().parse(pattern):
            if literal:
                parts.append(re.escape(normalize_number(literal)))
                self._plain &= normalize_number(literal) == literal
            if name is None:
                continue
            self._plain &= conv is None and (name == "seq" or not spec)
            if name == "year":
                parts.append(r"(?P=year)" if self.has_year else r"(?P<year>\d{4})")
                self.has_year = True
            elif name == "seq" and not self.has_seq:
                parts.append(r"(?P<seq>\d{1,9})")
                self.has_seq, self.seq_spec = True, spec or ""
            else:  # settings validated the pattern; be safe anyway
                parts.append(r".+?")
                self._plain = False
        self.regex = re.compile("".join(parts))
        self._parsed: dict[str, ParsedNumber | None] = {}

    def parse(self, number: str) -> ParsedNumber | None:
        """The year and sequence number of a normalised number, or None when it does not fit."""
        try:
            return self._parsed[number]
        except KeyError:
            parsed = self._parsed[number] = self._parse(number)
            return parsed

    def _parse(self, number: str) -> ParsedNumber | None:
        m = self.regex.fullmatch(number)
        if m is None:
            return None
        year = int(m.group("year")) if self.has_year else None
        seq_text = m.group("seq")
        seq = int(seq_text)
        # the usual number is written as the pattern writes it: itself, without formatting it again
        plain = self._plain and format(seq, self.seq_spec) == seq_text
        canonical = number if plain else self.format(year, seq)
        return year, seq, canonical

    def format(self, year: int | None, seq: int) -> str:
        return self.pattern.format(year=year if year is not None else 0, seq=seq)

    def canonical(self, number: str) -> str:
        """A normalised number as the pattern writes it (TS-2026-135 -> TS-2026-0135); itself when it does
        not fit. For a number as typed, ``canonical_number``."""
        parsed = self._parsed.get(number, _UNSEEN)
        if parsed is _UNSEEN:
            parsed = self.parse(number)
        return parsed[CANONICAL] if parsed else number

    def example(self) -> str:
        return self.format(2026, 1)


@functools.lru_cache(maxsize=2)
def number_pattern(pattern: str) -> NumberPattern:
    """The parser for ``pattern``, shared by the rules and the job of one run (a daily check parses every
    number of the register twice otherwise). Its cache holds each distinct number text once: a few
    thousand for an office's register; in the scheduler's long-lived process it grows only by the numbers
    added (or typed differently) since the first run."""
    return NumberPattern(pattern)


def canonical_number(settings, text: str) -> str:
    """THE canonical form of a complaint number as typed: as the ledger stores it and the rules compare it
    (TS-2026-135 and ＴＳ－2026－0135 -> TS-2026-0135; itself when it does not fit the pattern)."""
    return canonical_of(settings)(normalize_number(text or ""))


def canonical_of(settings) -> Callable[[str], str]:
    """``canonical_number`` for numbers the reader already normalised (``Complaint.number``,
    ``Finding.number``), looked up once for a loop over the register."""
    return number_pattern(settings.numbering.pattern).canonical
