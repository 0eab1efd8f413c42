"""check_workbook against the hostile corpus: the real kind, or one Chinese sentence naming the file."""
from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import needs_soffice
from kefu.core.errors import InputError
from kefu.read import filecheck, raw_cells, used_range
from kefu.read.filecheck import check_workbook
from kefu.read.ooxml import read_part_limited

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"
WORKBOOKS = SCRIPTS.parent / "workbooks"
EXCEL_MADE = Path(__file__).parent / "fixtures" / "excel-made"   # workbooks saved by Microsoft Excel (see its README)

# case -> expected kind, or the phrases the refusal must contain
CASES = {
    "register.xlsx": "xlsx",
    "chinese_path": "xlsx",
    "xlsx_renamed.xls": "xlsx",
    "real.xls": "xls",
    "xls_renamed.xlsx": "xls",
    "no_header.xlsx": "xlsx",
    "duplicate_headers.xlsx": "xlsx",
    "header_in_merged.xlsx": "xlsx",
    "million_rows.xlsx": "xlsx",
    "million_rows_full.xlsx": "xlsx",
    "missing.xlsx": ("找不到", "路径"),
    "folder.xlsx": ("文件夹",),
    "zero_byte.xlsx": ("空文件", "重新复制"),
    "not_a_zip.xlsx": ("不是 Excel 工作簿", "文本或 CSV", "另存为"),
    "pdf_named.xlsx": ("不是 Excel 工作簿", "PDF"),
    "html_named.xls": ("不是 Excel 工作簿", "网页"),
    "docx_named.xlsx": ("不是 Excel 工作簿", "Word"),
    "truncated.xlsx": ("不完整或已损坏", "重新复制"),
    "lying_size.xlsx": ("不完整或已损坏",),
    "encrypted.xlsx": ("设有打开密码", "取消密码"),
    "zip_bomb.xlsx": ("压缩炸弹", "max_uncompressed_mb"),
    "billion_laughs.xlsx": ("DOCTYPE", "sheet1.xml"),
    "external_entity.xlsx": ("DOCTYPE", "sheet1.xml"),
    "doctype_in_styles.xlsx": ("DOCTYPE", "styles.xml"),
    "doctype_after_comment.xlsx": ("DOCTYPE",),
    "far_cell.xlsx": ("使用范围", "1048576 行 × 16384 列"),
    "far_cell_small_dimension.xlsx": ("使用范围", "1048576 行 × 16384 列"),
    # workbooks other programs touched (issue 19): each a real workbook the file check lets through
    "error_values.xlsx": "xlsx",
    "blank_date.xlsx": "xlsx",
    "uncached_formulas.xlsx": "xlsx",
    "date1904.xlsx": "xlsx",
    "absurd_dates.xlsx": "xlsx",
    "strict_ooxml.xlsx": "xlsx",
    "odd_sheet_name.xlsx": "xlsx",
    "symlink.xlsx": "xlsx",
}


def _digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


# seconds a case: LibreOffice builds the .xls, every row of a 1,048,576-row sheet is scanned
SLOW = {"real.xls", "xls_renamed.xlsx", "million_rows_full.xlsx"}


@pytest.mark.parametrize("case", [pytest.param(case, marks=[pytest.mark.slow] if case in SLOW else [])
                                  for case in sorted(CASES)])
def test_check_workbook(corpus, case):
    if case not in corpus:
        pytest.skip(f"{case} needs LibreOffice (/usr/bin/soffice)")
    path, expected = corpus[case], CASES[case]
    before = _digest(path)
    if isinstance(expected, str):
        assert check_workbook(path) == expected
    else:
        with pytest.raises(InputError) as info:
            check_workbook(path)
        message = str(info.value)
        assert f"《{path.name}》" in message
        for phrase in expected:
            assert phrase in message
        assert "Traceback" not in message and "\n" not in message
    assert _digest(path) == before


def test_every_file_case_is_covered(corpus):
    assert set(corpus) - {"unwritable_output"} <= set(CASES)


def test_too_large(corpus):
    with pytest.raises(InputError, match="超过上限 1 MB.*max_file_mb"):
        check_workbook(corpus["million_rows_full.xlsx"], max_file_mb=1)


def test_bomb_by_ratio_when_total_limit_is_raised(corpus):
    with pytest.raises(InputError, match="压缩比异常"):
        check_workbook(corpus["zip_bomb.xlsx"], max_uncompressed_mb=100_000)


def test_extent_limit(corpus):
    with pytest.raises(InputError, match="8388608|1048576 行 × 8 列"):
        check_workbook(corpus["million_rows.xlsx"], max_cells=1_000_000)


def test_permission_error_is_one_chinese_line(corpus, monkeypatch):
    def locked(*args, **kwargs):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(filecheck, "open", locked, raising=False)  # as Excel's lock looks on Windows
    with pytest.raises(InputError, match="正被其他程序占用或没有读取权限") as info:
        check_workbook(corpus["register.xlsx"])
    assert "register.xlsx" in str(info.value)


def test_unwritable_output_folder_cannot_be_created(corpus):
    with pytest.raises(OSError):
        corpus["unwritable_output"].mkdir(parents=True)


def test_read_part_limited_stops_at_limit(corpus):
    with zipfile.ZipFile(corpus["million_rows_full.xlsx"]) as zf:
        with pytest.raises(InputError, match="超过 1 MB"):
            read_part_limited(zf, "xl/worksheets/sheet1.xml", 1024 * 1024)
        assert read_part_limited(zf, "xl/workbook.xml", 1024 * 1024).startswith(b"<?xml")


def test_read_part_limited_inflates_no_more_than_limit(corpus):
    """The stream is read at most limit + 1 bytes (plus one 64 KB chunk), whatever file_size claims."""
    with zipfile.ZipFile(corpus["zip_bomb.xlsx"]) as zf:
        part = zf.open("xl/worksheets/sheet1.xml")
        calls = []
        real_read = part.read
        part.read = lambda n=-1: calls.append(n) or real_read(n)
        zf.open = lambda *a, **k: part
        with pytest.raises(InputError):
            read_part_limited(zf, "xl/worksheets/sheet1.xml", 300_000)
        assert sum(calls) <= 300_001 and all(0 < n <= 64 * 1024 for n in calls)


_PEAK = textwrap.dedent("""
    import json, resource, sys
    sys.path.insert(0, sys.argv[1])
    from kefu.core.errors import InputError
    from kefu.read.filecheck import check_workbook

    def peak_mb():  # VmHWM is this process's own peak; ru_maxrss survives exec from the parent
        try:
            with open("/proc/self/status") as fh:
                return next(int(l.split()[1]) for l in fh if l.startswith("VmHWM")) / 1024
        except OSError:
            return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    base = peak_mb()
    try:
        result = check_workbook(sys.argv[2])
    except InputError:
        result = "InputError"
    print(json.dumps({"result": result, "base_mb": round(base, 1), "peak_mb": round(peak_mb(), 1)}))
""")


@pytest.mark.parametrize("case", ["zip_bomb.xlsx", "million_rows.xlsx",
                                  pytest.param("million_rows_full.xlsx", marks=pytest.mark.slow), "far_cell.xlsx"])
def test_peak_memory(corpus, case):
    out = subprocess.run([sys.executable, "-c", _PEAK, str(SCRIPTS), str(corpus[case])],
                         capture_output=True, text=True, check=True)
    figures = json.loads(out.stdout)
    print(case, figures)
    assert figures["peak_mb"] < 200, figures


def test_read_part_limited_reports_a_lying_part_as_damaged(corpus):
    with zipfile.ZipFile(corpus["lying_size.xlsx"]) as zf:
        with pytest.raises(InputError, match="sheet1.xml 不完整或已损坏"):
            read_part_limited(zf, "xl/worksheets/sheet1.xml", 1024 * 1024)


def _sheet_zip(tmp_path, rows_xml: str) -> zipfile.ZipFile:
    path = tmp_path / "sheet.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("s.xml", '<?xml version="1.0"?><worksheet><sheetData>' + rows_xml + "</sheetData></worksheet>")
    return zipfile.ZipFile(path)


@pytest.mark.parametrize("far, expected", [
    ('<c r="A1048576" t="n"><v>1</v></c>', (1048576, 2)),      # a cell far below its row tag
    ('<c r="XFD3" t="n"><v>1</v></c>', (3, 16384)),            # one far column among one-letter columns
    ('<c r="A099" t="n"><v>1</v></c>', (99, 2)),               # a zero-padded row number
    ('<c r="C3"/><c t="n"><v>1</v></c>', (3, 4)),           # a cell without r: the next column
    ('<c\nr="XFD3"><v>1</v></c>', (3, 16384)),               # a line break instead of the blank
])
def test_the_used_extent_is_exact_whatever_the_cells_say(tmp_path, far, expected):
    rows = "".join(f'<row r="{r}"><c r="A{r}" t="n"><v>1</v></c><c r="B{r}" t="n"><v>2</v></c></row>'
                   for r in range(1, 3))
    with _sheet_zip(tmp_path, rows + f'<row r="3">{far}</row>') as zf:
        assert used_range.used_extent(zf, "s.xml") == expected


def _random_sheet_xml(rnd, far_row: int = 1048576, far_columns=("XFD", "AAA", "ZZ", "BC")) -> str:
    """Rows of cells written in the shapes real and odd writers use, some far away."""
    parts = []
    for r in sorted(rnd.sample(range(1, 3000), rnd.randint(1, 40))):
        cells = []
        for c in sorted(rnd.sample(range(1, 60), rnd.randint(1, 6))):
            ref = f"{filecheck_column_letters(c)}{r}"
            shape = rnd.random()
            if shape < 0.70:
                cells.append(f'<c r="{ref}" t="n"><v>{c}</v></c>')
            elif shape < 0.75:
                cells.append('<c t="n"><v>1</v></c>')                       # no reference: next column
            elif shape < 0.80:
                cells.append(f'<c s="1" r="{ref}"><v>1</v></c>')           # the reference not first
            elif shape < 0.85:
                cells.append(f'<c r="{filecheck_column_letters(c)}{r:07d}"><v>1</v></c>')  # zero-padded
            elif shape < 0.88:
                cells.append(f'<x:c r="{ref}"><x:v>1</x:v></x:c>')         # namespace prefix
            elif shape < 0.91:
                cells.append(f'<c r="{ref}"/>')                            # empty, self-closed
            elif shape < 0.93:
                far = rnd.choice(far_columns)
                cells.append(f'<c r="{far}{r}"><v>1</v></c>')              # a far column
            elif shape < 0.95:
                cells.append(f'<c r="A{rnd.randint(r, max(r, far_row))}"><v>1</v></c>')  # a far row
            else:
                cells.append(f'<c\tr="{ref}"><is><t>&lt;c r="XFD1048576"</t></is></c>')
        parts.append(f'<row r="{r}" spans="1:60">' + "".join(cells) + "</row>")
    return "".join(parts)


def filecheck_column_letters(n: int) -> str:
    letters = ""
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@pytest.mark.parametrize("seed", range(60))
def test_the_scan_finds_the_same_extent_whatever_the_chunk_boundaries(tmp_path, monkeypatch, seed):
    import random
    rnd = random.Random(seed)
    with _sheet_zip(tmp_path, _random_sheet_xml(rnd)) as zf:
        whole = used_range.used_extent(zf, "s.xml")
        monkeypatch.setattr(raw_cells, "CHUNK_BYTES", rnd.choice([97, 256, 1000, 4096]))
        chunked = used_range.used_extent(zf, "s.xml")
    assert chunked == whole


@pytest.mark.parametrize("seed", range(8))
def test_the_scanned_extent_covers_what_calamine_reads(tmp_path, seed):
    import random

    from python_calamine import CalamineWorkbook
    rnd = random.Random(1000 + seed)
    template = tmp_path / "t.xlsx"
    import openpyxl
    wb = openpyxl.Workbook()
    wb.active["A1"] = 1
    wb.save(template)
    path = tmp_path / "far.xlsx"
    with zipfile.ZipFile(template) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                        b'spreadsheetml/2006/main" xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/'
                        b'2006/main"><sheetData>' + _random_sheet_xml(rnd, 6000, ("AAA", "ZZ", "BC")).encode()
                        + b"</sheetData></worksheet>")
            dst.writestr(info, data)
    with zipfile.ZipFile(path) as zf:
        rows, cols = used_range.used_extent(zf, "xl/worksheets/sheet1.xml")
    assert rows * cols <= 6000 * 703          # the far cells are kept small enough for calamine here
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    assert sheet.end is not None
    assert sheet.end[0] + 1 <= rows and sheet.end[1] + 1 <= cols


@pytest.mark.parametrize("seed", range(20))
def test_the_reference_scan_and_the_tag_walk_agree_on_sheets_as_excel_writes_them(tmp_path, monkeypatch, seed):
    import random
    rnd = random.Random(500 + seed)
    rows = []
    for r in sorted(rnd.sample(range(1, 5000), rnd.randint(1, 60))):
        cells = [f'<c r="{filecheck_column_letters(c)}{rnd.choice([r, r, r, rnd.randint(r, 1048576)])}" t="n"><v>1</v></c>'
                 for c in sorted(rnd.sample(range(1, 800), rnd.randint(1, 5)))]
        rows.append(f'<row r="{r}">' + "".join(cells) + "</row>")
    monkeypatch.setattr(raw_cells, "CHUNK_BYTES", rnd.choice([97, 500, 4096]))
    with _sheet_zip(tmp_path, "".join(rows)) as zf:
        by_references = used_range._extent_by_references(zf, "s.xml")
        assert by_references is not None
        assert by_references == used_range._extent_by_walk(zf, "s.xml")


def _declared_sheet_zip(tmp_path, corner: str, cells: list[str]) -> zipfile.ZipFile:
    path = tmp_path / "declared.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("s.xml", f'<?xml version="1.0"?><worksheet><dimension ref="A1:{corner}"/><sheetData>'
                             f'<row r="1">{"".join(cells)}</row></sheetData></worksheet>')
    return zipfile.ZipFile(path)


@pytest.mark.parametrize("seed", range(40))
def test_a_sheet_is_taken_at_its_declared_range_only_when_every_cell_lies_inside_it(tmp_path, monkeypatch, seed):
    import random
    rnd = random.Random(900 + seed)
    rows = rnd.choice([rnd.randint(1, 30), rnd.randint(1, 1048576)])
    cols = rnd.choice([rnd.randint(1, 30), rnd.randint(1, 16384)])
    refs = [(rnd.randint(1, rows), rnd.randint(1, cols)) for _ in range(rnd.randint(1, 200))]
    refs.append((rows, cols))
    stray = rnd.choice([None, "row", "column", "both"])
    if stray in ("row", "both") and rows < 1048576:
        refs.insert(rnd.randrange(len(refs)), (rnd.randint(rows + 1, 1048576), rnd.randint(1, cols)))
    if stray in ("column", "both") and cols < 16384:
        refs.insert(rnd.randrange(len(refs)), (rnd.randint(1, rows), rnd.randint(cols + 1, 16384)))
    cells = [f'<c r="{filecheck_column_letters(c)}{r}"><v>1</v></c>' for r, c in refs]
    monkeypatch.setattr(raw_cells, "CHUNK_BYTES", rnd.choice([97, 500, 4096, 1 << 20]))
    with _declared_sheet_zip(tmp_path, f"{filecheck_column_letters(cols)}{rows}", cells) as zf:
        inside = used_range.within_declared_range(zf, "s.xml", rows * cols)
        extent = used_range.used_extent(zf, "s.xml")
    assert inside == (extent[0] <= rows and extent[1] <= cols)
    assert inside == all(r <= rows and c <= cols for r, c in refs)


@pytest.mark.parametrize("cell", [
    '<c s="1" r="B2"><v>1</v></c>',      # the reference not first
    '<c t="n"><v>1</v></c>',             # no reference: calamine puts it in the next column
    '<c  r="B2"><v>1</v></c>',           # two blanks
    '<c r="B02"><v>1</v></c>',           # a zero-padded row
    '<c r="b2"><v>1</v></c>',            # lower case
    '<x:c r="B2"><x:v>1</x:v></x:c>',   # a namespace prefix
    '<c/>',
])
def test_a_cell_the_declared_range_cannot_vouch_for_has_the_sheet_measured(tmp_path, cell):
    with _declared_sheet_zip(tmp_path, "C3", ['<c r="A1"><v>1</v></c>', cell]) as zf:
        assert not used_range.within_declared_range(zf, "s.xml", 100)


def test_a_declared_range_over_the_bound_has_the_sheet_measured_not_refused(tmp_path):
    path = tmp_path / "big_dimension.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"], wb.active["B2"] = "编号", 1
    wb.save(path)
    with zipfile.ZipFile(path) as src:
        parts = {i.filename: src.read(i) for i in src.infolist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', parts[sheet])
    assert b"XFD1048576" in parts[sheet]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in parts.items():
            dst.writestr(name, data)
    with zipfile.ZipFile(path) as zf:
        assert not used_range.within_declared_range(zf, sheet, 1000)
    assert check_workbook(path, max_cells=1000) == "xlsx"


def test_workbooks_excel_and_kefu_write_are_taken_at_their_declared_range():
    made = sorted(WORKBOOKS.glob("*.xlsx")) + sorted(EXCEL_MADE.glob("*.xls[xm]"))
    taken = 0
    for path in made:
        with zipfile.ZipFile(path) as zf:
            for part in used_range.sheet_parts(zf, zf.infolist()):
                rows, cols = used_range.used_extent(zf, part)
                if rows:      # a sheet with cells (an empty one is measured: nothing to measure)
                    assert used_range.within_declared_range(zf, part, 10_000_000), (path.name, part)
                    taken += 1
    assert taken >= 5 + 10


@needs_soffice
def test_a_register_libreoffice_saved_is_taken_at_its_declared_range(tmp_path):
    from kefu.outputs.pdf import convert
    (saved,) = convert([WORKBOOKS / "客户投诉登记表.xlsx"], "xlsx", tmp_path / "lo")
    with zipfile.ZipFile(saved) as zf:
        parts = used_range.sheet_parts(zf, zf.infolist())
        assert len(parts) == 3
        assert all(used_range.within_declared_range(zf, part, 10_000_000) for part in parts)


@pytest.mark.parametrize("seed", range(20))
def test_error_cells_and_formulas_without_a_value_are_found_whatever_the_chunk_boundaries(tmp_path, monkeypatch,
                                                                                          seed):
    import random
    rnd = random.Random(700 + seed)
    kinds = {"n": '<c r="{ref}"><v>1</v></c>', "e": '<c r="{ref}" t="e"><v>#REF!</v></c>',
             "ef": '<c r="{ref}" s="2" t="e"><f>1/0</f><v>#DIV/0!</v></c>', "f": '<c r="{ref}"><f>A1</f></c>',
             "fv": '<c r="{ref}"><f>A1</f><v>3</v></c>', "fe": '<c r="{ref}" t="str"><f t="shared" si="0"/><v></v></c>'}
    rows, errors, uncached = [], {}, []
    for r in range(1, 200):
        cells = []
        for c in "ABCD":
            kind = rnd.choice(list(kinds))
            cells.append(kinds[kind].format(ref=f"{c}{r}"))
            if kind in ("e", "ef"):
                errors[f"{c}{r}"] = "#REF!" if kind == "e" else "#DIV/0!"
            elif kind in ("f", "fe"):
                uncached.append(f"{c}{r}")
        rows.append(f'<row r="{r}">' + "".join(cells) + "</row>")
    monkeypatch.setattr(raw_cells, "CHUNK_BYTES", rnd.choice([97, 500, 4096]))
    with _sheet_zip(tmp_path, "".join(rows)) as zf:
        scan = raw_cells.PartScan()
        used_range.used_extent(zf, "s.xml", scan)
    assert scan.errors == errors and scan.uncached == uncached
