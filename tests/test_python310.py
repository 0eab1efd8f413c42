"""Python 3.10 support: the requirement pins and the python-calamine 0.8 compatibility shim.

The whole suite also passes under Python 3.10 (requirements-dev.txt in a 3.10 venv); these checks keep
the two halves of requirements.txt in step and the shim honest on whichever interpreter runs them.
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import pytest
from packaging.requirements import Requirement
from python_calamine import CalamineWorkbook

from conftest import REPO
from kefu.read.calamine_compat import CJK_DATE_FORMATS, explicit_cjk_styles, with_explicit_cjk_date_formats


def _pins(python_version: str) -> dict[str, str]:
    out = {}
    for line in (REPO / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        req = Requirement(line)
        spec = str(req.specifier)
        assert spec.startswith("==") and "," not in spec, f"not pinned with ==: {line}"
        if req.marker is None or req.marker.evaluate({"python_version": python_version}):
            assert req.name not in out, f"{req.name} pinned twice for Python {python_version}"
            out[req.name] = spec[2:]
    return out


def test_every_requirement_is_pinned_once_for_python_310_and_for_311_and_later():
    old, new = _pins("3.10"), _pins("3.11")
    assert set(old) == set(new)
    assert _pins("3.13") == new


def test_python_310_pins_differ_only_where_311_needs_it():
    old, new = _pins("3.10"), _pins("3.11")
    assert {name for name in new if old[name] != new[name]} == {
        "python-calamine", "filelock", "msoffcrypto-tool", "xlwings", "matplotlib", "rapidfuzz"}


def _book_with_builtin_format(fmt_id: int) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "s"
    for value in (46086, 46086.5, 0.5):
        ws.append([value, "text"])
        ws.cell(ws.max_row, 1).number_format = "yyyy-mm-dd"
    buf = io.BytesIO()
    wb.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/styles.xml":
                import re
                data = re.sub(rb"<numFmts.*?</numFmts>", b"", data, flags=re.S)
                data = re.sub(rb'numFmtId="1\d\d"', b'numFmtId="%d"' % fmt_id, data)
            dst.writestr(item, data)
    return out.getvalue()


@pytest.mark.parametrize("fmt_id", sorted(CJK_DATE_FORMATS))
def test_the_shim_makes_calamine_read_builtin_chinese_formats_as_dates(fmt_id):
    data = with_explicit_cjk_date_formats(_book_with_builtin_format(fmt_id))
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.testzip() is None
        assert [i.filename for i in zf.infolist()].count("xl/styles.xml") == 1
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name("s").to_python()
    assert [r[0] for r in rows] == [dt.date(2026, 3, 5), dt.datetime(2026, 3, 5, 12, 0), dt.time(12, 0)]
    assert [r[1] for r in rows] == ["text"] * 3


def test_the_shim_leaves_other_workbooks_and_non_zips_alone():
    wb = openpyxl.Workbook()
    wb.active["A1"] = dt.date(2026, 3, 5)
    buf = io.BytesIO()
    wb.save(buf)
    assert with_explicit_cjk_date_formats(buf.getvalue()) == buf.getvalue()
    assert with_explicit_cjk_date_formats(b"not a zip") == b"not a zip"


def test_explicit_styles_keep_existing_custom_formats_and_namespace_prefixes():
    styles = (b'<x:styleSheet xmlns:x="urn:x"><x:numFmts count="1"><x:numFmt numFmtId="170" formatCode="0.0"/>'
              b'</x:numFmts><x:cellXfs count="3"><x:xf numFmtId="170"/><x:xf numFmtId=\'31\'/>'
              b'<x:xf numFmtId="14"/></x:cellXfs></x:styleSheet>')
    out = explicit_cjk_styles(styles)
    assert b'<x:xf numFmtId="171"/>' in out and b'<x:xf numFmtId="170"/>' in out and b'numFmtId="14"' in out
    assert (b'<x:numFmt numFmtId="171" formatCode="yyyy&quot;\xe5\xb9\xb4&quot;m&quot;\xe6\x9c\x88&quot;d'
            b'&quot;\xe6\x97\xa5&quot;"/>') in out
    assert explicit_cjk_styles(b'<styleSheet><cellXfs><xf numFmtId="14"/></cellXfs></styleSheet>') is None
    bare = explicit_cjk_styles(b'<styleSheet a="1"><cellXfs><xf numFmtId="58"/></cellXfs></styleSheet>')
    assert bare.startswith(b'<styleSheet a="1"><numFmts><numFmt numFmtId="164" ')
    empty = explicit_cjk_styles(b'<styleSheet><numFmts count="0"/><cellXfs><xf numFmtId="28"/></cellXfs></styleSheet>')
    assert empty.startswith(b'<styleSheet><numFmts><numFmt numFmtId="164" formatCode="m&quot;')


def test_the_shim_knows_the_installed_calamine_version_as_importlib_metadata_does():
    from importlib import metadata

    from kefu.read.calamine_compat import OLD_CALAMINE, _calamine_version

    major, minor = (int(p) for p in metadata.version("python-calamine").split(".")[:2])
    assert _calamine_version() == (major, minor)
    assert OLD_CALAMINE == ((major, minor) < (0, 9))


def test_a_job_does_not_import_importlib_metadata(tmp_path):
    """Its imports cost every job ~25 ms; the shim reads calamine's version from its dist-info folder."""
    import subprocess
    import sys

    code = ("import sys, kefu.jobs.daily_check, kefu.jobs.survey_report; "
            "print('importlib.metadata' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(REPO / "scripts"), "PATH": ""}, cwd=tmp_path)
    assert out.stdout.strip() == "False"
