"""A regular expression compiled when first used, not when its module is imported.

Compiling costs at every job's start (a class of Chinese characters takes a millisecond); a pattern
only some runs need (a holiday notice to parse, a text to mask) is declared as ``LazyPattern`` and
used as a compiled one: ``_WEEKDAY.findall(text)``."""
from __future__ import annotations

import re
from typing import Any


class LazyPattern:
    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern, self.flags = pattern, flags
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:   # search, match, fullmatch, findall, finditer, sub ...
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return getattr(self._compiled, name)
