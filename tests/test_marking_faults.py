"""Marking a register that another program touched or placed (issue 19): a symbolic link, Strict Open
XML, sheet names Excel never writes, a full disk beside the register. Marking writes through a link to
the real file; a workbook openpyxl cannot load faithfully is refused in one line; the register is
never left half-written."""
from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from pathlib import Path

import openpyxl
import pytest

from conftest import complaint, run_cli, sha256, write_config, write_register
from test_office_faults import fill, one_chinese_line, tiny_disk

D = dt.date
AS_OF = "2026-03-09"
SHEET = "2026年"


def register_at(path: Path) -> Path:
    return write_register(path, {SHEET: [complaint("TS-2026-0001", D(2026, 3, 2), 责任部门="工程部",
                                                   答复日期=D(2026, 3, 4)),
                                         complaint("TS-2026-0002", D(2026, 3, 2), 责任部门="保洁部")]})


def marked_cells(path: Path) -> list[str]:
    """Cells of the sheet with a fill (kefu's marks: the register written by the tests has none)."""
    ws = openpyxl.load_workbook(path)[SHEET]
    return [c.coordinate for row in ws.iter_rows() for c in row if c.fill and c.fill.fgColor and c.fill.fill_type]


def rewritten(path: Path, edits: dict[str, callable]) -> None:
    """Rewrite parts of the package at ``path``: part name ('*' for every part) -> bytes -> bytes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            for name in (info.filename, "*"):
                if name in edits:
                    body = edits[name](body)
            dst.writestr(info.filename, body)
    path.write_bytes(buf.getvalue())


def test_marking_through_a_symbolic_link_marks_the_real_file_and_keeps_the_link(tmp_path):
    real = register_at(tmp_path / "共享盘" / "客户投诉登记表.xlsx")
    link = tmp_path / "桌面" / "登记表.xlsx"
    link.parent.mkdir()
    os.symlink(real, link)
    config = write_config(tmp_path, register=link)
    before = sha256(real)
    done = run_cli("daily_check", "--config", config, "--as-of", AS_OF, "--quiet", "--mark", cwd=tmp_path)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert link.is_symlink() and os.readlink(link) == str(real), "the link is still a link to the real file"
    assert sha256(real) != before and marked_cells(real), "the real register carries the marks"
    for folder in (real.parent, link.parent):
        assert not list(folder.glob(".~kefu-*")), list(folder.iterdir())


def test_a_link_to_nothing_is_refused_in_one_line(tmp_path):
    link = tmp_path / "登记表.xlsx"
    os.symlink(tmp_path / "gone.xlsx", link)
    config = write_config(tmp_path, register=link)
    done = run_cli("mark_register", "--config", config, "--as-of", AS_OF, cwd=tmp_path)
    one_chinese_line(done, "登记表.xlsx")
    assert link.is_symlink()


STRICT = {b"http://schemas.openxmlformats.org/spreadsheetml/2006/main": b"http://purl.oclc.org/ooxml/spreadsheetml/main",
          b"http://schemas.openxmlformats.org/officeDocument/2006/relationships":
          b"http://purl.oclc.org/ooxml/officeDocument/relationships"}


def _strict(body: bytes) -> bytes:
    for transitional, strict in STRICT.items():
        body = body.replace(transitional, strict)
    return body


def _slash_sheet(body: bytes) -> bytes:
    return body.replace(f'name="{SHEET}"'.encode(), 'name="投诉/2026[一]"'.encode())


@pytest.mark.parametrize("kind, edits, words", [
    ("strict", {"*": _strict}, ("Strict Open XML",)),
    ("sheet_name", {"xl/workbook.xml": _slash_sheet}, ("投诉/2026[一]", "不允许的字符")),
])
def test_a_workbook_openpyxl_cannot_load_faithfully_is_refused_for_marking_in_one_line(tmp_path, kind, edits, words):
    register = register_at(tmp_path / "客户投诉登记表.xlsx")
    rewritten(register, edits)
    config = write_config(tmp_path, register=register)
    before = sha256(register)
    checked = run_cli("daily_check", "--config", config, "--as-of", AS_OF, "--quiet", cwd=tmp_path)
    assert checked.returncode == 0 and checked.stderr == "", checked.stderr       # reading works
    done = run_cli("mark_register", "--config", config, "--as-of", AS_OF, cwd=tmp_path)
    one_chinese_line(done, "《客户投诉登记表.xlsx》", "文件未改动", *words)
    assert sha256(register) == before
    assert [p.name for p in tmp_path.glob(".~kefu-*")] == []


@pytest.mark.slow    # a tmpfs
def test_a_full_disk_beside_the_register_leaves_it_as_it_was(tmp_path):
    with tiny_disk(tmp_path / "共享盘", "2m") as disk:
        register = register_at(disk / "客户投诉登记表.xlsx")
        config = write_config(tmp_path, register=register)
        before = sha256(register)
        fill(disk)
        done = run_cli("mark_register", "--config", config, "--as-of", AS_OF, cwd=tmp_path)
        one_chinese_line(done, "磁盘空间已满", str(disk))
        assert sha256(register) == before
        assert sorted(p.name for p in disk.iterdir() if not p.name.startswith("filler-")) == [register.name]
