"""Golden files (csvkit style): what the demo office's jobs report, compared with what they reported when
the file was written. A difference is either a bug or an intended change: then run
``python tests/golden/regenerate.py`` and read ``git diff tests/golden`` before committing."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from conftest import REPO, sha256

sys.path.insert(0, str(REPO / "tests" / "golden"))
from regenerate import GOLDEN, RUNS, office_copy, run_job  # noqa: E402


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    folder = tmp_path_factory.mktemp("golden")
    office_copy(folder)
    return folder


@pytest.mark.parametrize("name", sorted(RUNS))
def test_the_demo_office_reports_what_the_golden_file_holds(office, name):
    before = {p.name: sha256(p) for p in (office / "workbooks").glob("*.xlsx")}
    got = run_job(office, name)
    expected = json.loads((GOLDEN / name).read_text(encoding="utf-8"))
    assert got == expected, f"{name} differs from tests/golden/{name}; if intended, run tests/golden/regenerate.py"
    assert {p.name: sha256(p) for p in (office / "workbooks").glob("*.xlsx")} == before


def test_every_golden_file_has_content():
    for name in RUNS:
        data = json.loads((GOLDEN / name).read_text(encoding="utf-8"))
        assert data and Path(GOLDEN / name).stat().st_size > 200
