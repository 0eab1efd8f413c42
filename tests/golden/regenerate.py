"""Regenerate the golden JSON files after an intended change of what kefu reports:

    python tests/golden/regenerate.py

Runs daily_check, compile_summary and survey_report on a copy of the demo workbooks (workbooks/, the
shipped config.ini and templates) at a fixed --as-of, and writes their JSON here. Read the diff
(`git diff tests/golden`) before committing: every changed line is a change the office will see.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent
AS_OF = "2026-11-26"
RUNS = {   # golden file -> the script and its arguments
    "daily_check.json": ("daily_check", ["--quiet"]),
    "compile_summary.json": ("compile_summary", ["--period", "2026H1"]),
    "survey_report.json": ("survey_report", ["--year", "2026"]),
}


def office_copy(folder: Path) -> Path:
    """The demo office in ``folder``: config.ini, workbooks/ and templates/ as shipped. Returns config.ini."""
    for name in ("workbooks", "templates"):
        shutil.copytree(REPO / name, folder / name)
    shutil.copy2(REPO / "config.ini", folder / "config.ini")
    return folder / "config.ini"


def run_job(folder: Path, golden_name: str) -> dict:
    """Run the job of ``golden_name`` on the demo office in ``folder``; its JSON, parsed."""
    script, args = RUNS[golden_name]
    out = folder / golden_name
    done = subprocess.run([sys.executable, str(REPO / "scripts" / f"{script}.py"), "--config", str(folder / "config.ini"),
                           "--as-of", AS_OF, "--json", str(out), *args], capture_output=True, text=True,
                          encoding="utf-8")
    if done.returncode != 0:
        raise RuntimeError(f"{script} exited {done.returncode}: {done.stderr.strip()}")
    return json.loads(out.read_text(encoding="utf-8"))


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="kefu-golden-") as tmp:
        office_copy(Path(tmp))
        for name in RUNS:
            data = run_job(Path(tmp), name)
            (GOLDEN / name).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
            print(f"wrote tests/golden/{name}")


if __name__ == "__main__":
    main()
