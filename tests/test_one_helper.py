"""The helpers written once for the whole library: sheet parts, column letters, finish-or-remove outputs,
the used-range scans handed on, the typed settings."""
from __future__ import annotations

import dataclasses
import zipfile

import openpyxl
import pytest
from openpyxl.utils import column_index_from_string, get_column_letter

from kefu.core.atomic import removed_on_failure
from kefu.core.normalize import column_index, column_letter
from kefu.core.settings import SCHEMA, Settings, load_settings
from kefu.read.filecheck import checked_workbook
from kefu.read.ooxml import sheet_parts
from kefu.read.raw_cells import raw_cells


def test_column_letters_and_index_are_inverse_and_agree_with_excel():
    for index in list(range(800)) + [16383]:
        letters = column_letter(index)
        assert column_index(letters) == index
        assert letters == get_column_letter(index + 1) and column_index_from_string(letters) == index + 1


def test_sheet_parts_name_each_sheet_by_its_part(tmp_path):
    path = tmp_path / "b.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "登记表 & 说明"
    wb.create_sheet("2026年")
    wb.save(path)
    with zipfile.ZipFile(path) as zf:
        parts = sheet_parts(zf)
    assert parts == {"登记表 & 说明": "xl/worksheets/sheet1.xml", "2026年": "xl/worksheets/sheet2.xml"}


def test_the_used_range_scans_are_returned_and_raw_cells_uses_them(tmp_path):
    path = tmp_path / "b.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "s"
    wb.active["A1"] = "=1+1"          # a formula openpyxl saves without a result
    wb.save(path)
    checked = checked_workbook(path)
    assert checked.kind == "xlsx" and checked.scans["xl/worksheets/sheet1.xml"].uncached == ["A1"]
    assert raw_cells(path, ["s"], checked.scans).uncached == {"s": ["A1"]}
    assert raw_cells(path, ["s"]).uncached == {"s": ["A1"]}       # without them: scanned again, same answer


def test_removed_on_failure_keeps_outputs_of_a_finished_run_and_removes_those_of_a_failed_one(tmp_path):
    kept = tmp_path / "kept.txt"
    with removed_on_failure() as written:
        written.add(kept).write_text("ok")
    assert kept.exists() and written.paths == [kept]
    first, second = tmp_path / "a.docx", tmp_path / "b.xlsx"
    with pytest.raises(OSError), removed_on_failure() as written:
        first.write_text("a")
        written.add(first)
        second.write_text("b")
        written.add(second)
        written.add(None)             # an optional output not written
        raise OSError("ledger locked")
    assert not first.exists() and not second.exists()


def test_settings_sections_are_frozen_typed_dataclasses_declared_once(tmp_path):
    settings = load_settings(None, base_dir=tmp_path)
    assert isinstance(settings, Settings)
    for name, keys in SCHEMA.items():
        section = getattr(settings, name)
        assert dataclasses.is_dataclass(section) and set(keys) == {f.name for f in dataclasses.fields(section)}
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.deadlines.reply_days = 5  # type: ignore[misc]
    changed = settings.with_values(deadlines={"reply_days": 5})
    assert changed.deadlines.reply_days == 5 and settings.deadlines.reply_days == 3
    assert changed.paths == settings.paths
