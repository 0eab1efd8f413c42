"""Domain exceptions. The library raises these; the CLI edge turns each into one Chinese line.

Exit codes follow docs/contracts.md: 1 for input/config the user can fix, 2 for wrong usage.
"""
from __future__ import annotations

from pathlib import Path


class KefuError(Exception):
    """Base of every error a user can cause. ``str(err)`` is the Chinese line shown to staff."""

    exit_code = 1

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ConfigError(KefuError):
    """config.ini is missing, unreadable, or holds a value kefu cannot use."""


class InputError(KefuError):
    """A workbook (or other input file) cannot be used as it is."""


class OutputError(KefuError):
    """An output cannot be written (folder not writable, file open in Word/Excel...)."""


class UsageError(KefuError):
    """The command line itself is wrong."""

    exit_code = 2


def where(path, sheet: str | None = None, cell: str | None = None) -> str:
    """Chinese location text: 文件《x.xlsx》工作表「一月」单元格 B7."""
    text = f"文件《{Path(path).name}》" if path is not None else ""
    if sheet:
        text += f"工作表「{sheet}」"
    if cell:
        text += f"单元格 {cell}"
    return text
