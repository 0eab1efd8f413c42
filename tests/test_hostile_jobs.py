"""Every job, run as staff run it, on every case of the hostile corpus (tests/hostile_corpus.py).

Each (case, job) asserts: the exit code, ONE Chinese line on stderr naming the file (or the output
folder) and saying what to do, no traceback, nothing half-written left in the output folder (no
partial file, no ``.~kefu-*`` temporary), and the input file byte-for-byte unchanged.

The jobs run in this process (conftest ``run_cli``: the script's command, its exit code, its stdout and
stderr), each the first time a test asks for it. Marked slow (the full run, README): the million-row
cases (seconds a run), the full output disk (a tmpfs) and the real .xls (built by LibreOffice). The
memory bound is a real process's (test_memory_bound_*: RLIMIT_AS of 1.5 GB on the whole daily-check
process).
"""
from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import SCRIPTS, run_cli, sha256, write_config
from kefu.ledger import db
from survey_books import form, write_survey
from test_office_faults import fill, ledger_held, tiny_disk

AS_OF = "2026-11-26"

# job -> (script, extra arguments). The scheduler runs the daily check once, as Task Scheduler does.
JOBS = {
    "daily_check": ("daily_check", ["--as-of", AS_OF]),
    "make_notices": ("make_notices", ["--as-of", AS_OF, "--from", "2026-01-01"]),
    "make_callback_list": ("make_callback_list", ["--as-of", AS_OF]),
    "compile_summary": ("compile_summary", ["--as-of", AS_OF, "--period", "2026H1"]),
    "survey_report": ("survey_report", ["--as-of", AS_OF]),
    "scheduler": ("scheduler", ["--once", "daily_check"]),
    "read_workbooks": ("read_workbooks", []),
}

# The parameter table. Each case: the exit code expected of every job, and the words the one stderr
# line must hold besides the file's name (None: the job must work, stderr empty).
#   WORKS  — a real register that only looks odd: Chinese folder and file name with spaces, an .xlsx
#            renamed .xls and a real .xls renamed .xlsx (kefu reads by content), a header in merged
#            cells, 10 rows plus one stray cell in row 1,048,576 (within [limits] max_cells).
#   REFUSE — the file is not a register kefu can read: exit 1 with a sentence saying what to do.
WORKS = None
CASES: dict[str, tuple[int, tuple[str, ...] | None]] = {
    "register.xlsx": (0, WORKS),
    "chinese_path": (0, WORKS),
    "xlsx_renamed.xls": (0, WORKS),
    "real.xls": (0, WORKS),
    "xls_renamed.xlsx": (0, WORKS),
    "header_in_merged.xlsx": (0, WORKS),
    "million_rows.xlsx": (0, WORKS),
    "missing.xlsx": (1, ("找不到", "请确认")),
    "folder.xlsx": (1, ("文件夹", "请指定")),
    "zero_byte.xlsx": (1, ("空文件", "重新复制")),
    "not_a_zip.xlsx": (1, ("不是 Excel 工作簿", "另存为")),
    "pdf_named.xlsx": (1, ("PDF", "另存为")),
    "html_named.xls": (1, ("网页", "另存为")),
    "docx_named.xlsx": (1, ("Word 文档", "请确认")),
    "truncated.xlsx": (1, ("已损坏", "重新复制")),
    "lying_size.xlsx": (1, ("已损坏", "重新复制")),
    "encrypted.xlsx": (1, ("密码", "取消密码")),
    "zip_bomb.xlsx": (1, ("压缩炸弹", "max_uncompressed_mb")),
    "billion_laughs.xlsx": (1, ("DOCTYPE", "请向来源")),
    "external_entity.xlsx": (1, ("DOCTYPE", "请向来源")),
    "doctype_in_styles.xlsx": (1, ("DOCTYPE", "请向来源")),
    "doctype_after_comment.xlsx": (1, ("DOCTYPE", "请向来源")),
    "far_cell.xlsx": (1, ("使用范围", "删除末尾")),
    "far_cell_small_dimension.xlsx": (1, ("使用范围", "删除末尾")),   # the sheet claims A1:Z1
    "no_header.xlsx": (1, ("没有找到", "[columns]")),
    "duplicate_headers.xlsx": (1, ("出现了两次", "「投诉登记」", "A1 和 I1", "请删除或改名")),
    "million_rows_full.xlsx": (1, ("没有找到", "[columns]")),
    "unwritable_output": (1, ("输出文件夹", "无法写入", "[paths] output")),
    # the faults of a real office PC (issue 19): workbooks other programs touched ...
    "error_values.xlsx": (0, WORKS),
    "blank_date.xlsx": (0, WORKS),
    "uncached_formulas.xlsx": (0, WORKS),
    "date1904.xlsx": (0, WORKS),
    "absurd_dates.xlsx": (0, WORKS),
    "strict_ooxml.xlsx": (0, WORKS),
    "odd_sheet_name.xlsx": (0, WORKS),
    "symlink.xlsx": (0, WORKS),
    # ... and the PC itself: a ledger another program holds (BEGIN EXCLUSIVE), an output disk that is full
    "locked_ledger": (1, ("台账正被其他程序占用", "请关闭")),
    "full_output_disk": (1, ("磁盘空间已满", "请清理")),
}
# What the daily check must say (stdout) about a workbook that only looks fine to calamine.
DAILY_SAYS = {
    "error_values.xlsx": ("B3", "#REF!", "B4", "#N/A", "错误值"),
    "blank_date.xlsx": ("B3", "登记日期是空的"),
    "uncached_formulas.xlsx": ("A2、A3、A4", "没有保存计算结果", "Excel 或 WPS"),
    "date1904.xlsx": ("324 天",),          # received 2026-01-06 (read with 1900 dates: 2022-01-05)
    "absurd_dates.xlsx": ("9999-12-31", "1900-01-01", "不是合理的日期"),
    "symlink.xlsx": ("超期未答复】1 件",),
}
# Cases that are not a file but a state of the PC: they run against the valid register.
PC_FAULTS = {"unwritable_output", "locked_ledger", "full_output_disk"}
NO_LEDGER_NO_OUTPUT = {"read_workbooks"}   # writes nothing: a locked ledger or full disk does not concern it
# Seconds a run (1,048,576 rows), a tmpfs, LibreOffice to build the .xls: the full run only.
SLOW = {"million_rows.xlsx", "million_rows_full.xlsx", "full_output_disk", "real.xls", "xls_renamed.xlsx"}

# Exceptions to the table, decided per job:
# - survey_report reads the SURVEY: a register (every WORKS case above) is the wrong file for it, so it
#   refuses with "没有找到业主意见调查表". Its own WORKS cases are a real survey at a Chinese path with
#   spaces and a survey renamed .xls (SURVEY_CASES below).
# - read_workbooks writes nothing, so an unwritable output folder does not concern it: exit 0.
# - the scheduler writes the day's reminder (今日提醒_*.docx, naming the failure) on purpose: that one
#   file is expected in the output folder, also when the daily check failed.
NOT_A_SURVEY = (1, ("没有找到业主意见调查表", "[columns]"))
REGISTER_SHAPED = {"duplicate_headers.xlsx"}   # a readable register: for survey_report just not a survey
SURVEY_CASES = {"survey_chinese_path": (0, WORKS), "survey_renamed.xls": (0, WORKS)}


def expected(case: str, job: str) -> tuple[int, tuple[str, ...] | None]:
    code, words = CASES.get(case) or SURVEY_CASES[case]
    if job == "survey_report" and case not in SURVEY_CASES and (code == 0 or case in REGISTER_SHAPED):
        return NOT_A_SURVEY
    if job in NO_LEDGER_NO_OUTPUT and case in PC_FAULTS:
        return 0, WORKS
    return code, words


def _params():
    out = []
    for case in list(CASES) + list(SURVEY_CASES):
        for job in JOBS:
            if case in SURVEY_CASES and job != "survey_report":
                continue
            marks = [pytest.mark.slow] if case in SLOW else []
            out.append(pytest.param(case, job, id=f"{case}-{job}", marks=marks))
    return out


# ---------------------------------------------------------------- the corpus and the runs, once

@pytest.fixture(scope="session")
def corpus(corpus):
    """The session's corpus (conftest) and this file's own cases: surveys, states of the PC."""
    dest = corpus.dest / "jobs"
    dest.mkdir(exist_ok=True)

    def survey() -> Path:
        return write_survey(dest / "survey.xlsx", {"2026年调查": [
            form("Q001", "5栋1单元502", "2026-10-08", ["满意"] * 8, "电梯经常坏")]})

    def copy_of_survey(path: Path):
        def build() -> Path:
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(cases["valid_survey"].read_bytes())
            return path
        return build

    more = {"valid_survey": survey,
            "survey_chinese_path": copy_of_survey(dest / "调查 资料" / "业主 意见 调查表.xlsx"),
            "survey_renamed.xls": copy_of_survey(dest / "survey_renamed.xls")}
    for fault in PC_FAULTS - set(corpus):     # states of the PC, run against the valid register
        more[fault] = lambda: cases["register.xlsx"]
    cases = corpus.extended(more)
    return cases


class Runs:
    """Each (case, job) run once, in this process, the first time a test asks for it."""

    def __init__(self, corpus, root: Path):
        self.corpus, self.root = corpus, root
        self.done: dict[tuple[str, str], tuple] = {}

    def get(self, case: str, job: str):
        if (case, job) not in self.done:
            self.done[(case, job)] = self._run(case, job)
        return self.done[(case, job)]

    def _run(self, case: str, job: str):
        folder = self.root / re.sub(r"\W", "_", case) / job
        folder.mkdir(parents=True)
        target = self.corpus[case] if case not in PC_FAULTS else self.corpus["register.xlsx"]
        if job == "survey_report":
            survey = target if case not in PC_FAULTS else self.corpus["valid_survey"]
            config = write_config(folder, survey=survey)
        else:
            config = write_config(folder, register=target)
        if case == "unwritable_output":
            text = config.read_text(encoding="utf-8").replace("output = output", f"output = {self.corpus[case]}")
            config.write_text(text, encoding="utf-8")
        before = sha256(target) if target.is_file() else None
        script, args = JOBS[job]
        with pc_fault(case, folder):
            done = run_cli(script, "--config", config, *args, cwd=folder)
        after = sha256(target) if target.is_file() else None
        return folder, target, before, after, done


@contextlib.contextmanager
def pc_fault(case: str, folder: Path):
    """The state of the PC a case needs while its job runs (nothing for a workbook case)."""
    if case == "locked_ledger":
        (folder / "data").mkdir()
        with ledger_held(folder / "data" / "ledger.sqlite3"), lock_wait(0.2):
            yield
    elif case == "full_output_disk":
        with tiny_disk(folder / "output", "2m") as disk:
            fill(disk)
            yield
            for filler in disk.glob("filler-*"):
                filler.unlink()
            shutil.copytree(disk, folder / "output.kept")    # what the run left, for the test to look at
    else:
        yield


@contextlib.contextmanager
def lock_wait(seconds: float):
    """The jobs wait ``seconds`` for the held ledger, not 5 (the wait itself: test_office_faults)."""
    kept = db.LOCK_WAIT_SECONDS
    db.LOCK_WAIT_SECONDS = seconds
    try:
        yield
    finally:
        db.LOCK_WAIT_SECONDS = kept


@pytest.fixture(scope="session")
def runs(corpus, tmp_path_factory):
    return Runs(corpus, tmp_path_factory.mktemp("runs"))


# ---------------------------------------------------------------- the test

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def leftovers(output: Path, job: str) -> list[str]:
    """Files in the output folder that a failed run must not leave (and every temporary file)."""
    if not output.is_dir():
        return []
    found = []
    for path in output.rglob("*"):
        if path.name.startswith(".~kefu-") or path.name.startswith(".kefu-"):
            found.append(str(path))
        elif path.is_file() and not (job == "scheduler" and path.name.startswith("今日提醒_")):
            found.append(str(path))
    return found


@pytest.mark.parametrize("case, job", _params())
def test_every_job_answers_every_hostile_file_in_one_chinese_line(corpus, runs, case, job):
    if case not in corpus:
        pytest.skip(f"{case} needs LibreOffice (/usr/bin/soffice) to be built")
    code, words = expected(case, job)
    folder, target, before, after, done = runs.get(case, job)
    stderr = done.stderr.strip()
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr, done.stderr
    assert done.returncode == code, (done.returncode, stderr, done.stdout[-500:])
    assert before == after, "the input file was changed"
    output = folder / ("output.kept" if case == "full_output_disk" else "output")
    if words is WORKS:
        assert stderr == "", stderr
        temporaries = [p for p in output.rglob(".*kefu-*")] if output.is_dir() else []
        assert not temporaries
        if job == "daily_check":
            for word in DAILY_SAYS.get(case, ()):
                assert word in done.stdout, (word, done.stdout)
        return
    assert len(stderr.splitlines()) == 1, stderr
    assert CHINESE.search(stderr) and "请" in stderr, stderr
    assert "内部出错" not in stderr, stderr
    assert _named(corpus, case, folder) in stderr, stderr
    for word in words:
        assert word in stderr, (word, stderr)
    assert leftovers(output, job) == []
    if job == "scheduler" and case not in PC_FAULTS:   # (its day's notes live in the ledger, the reminder on disk)
        reminders = list(output.glob("今日提醒_*"))
        assert len(reminders) == 1   # the failure is on the director's reminder, with the same sentence


def _named(corpus, case: str, folder: Path) -> str:
    """What the one line must name: the file (or the folder, or the ledger) of the case."""
    if case == "unwritable_output":
        return f"《{corpus[case]}》"
    if case == "locked_ledger":
        return str(folder / "data")
    if case == "full_output_disk":
        return str(folder / "output")
    return f"《{corpus[case].name}》"


def test_the_table_covers_every_case_of_the_corpus(corpus):
    built = set(corpus) - {"valid_survey"}
    assert built <= set(CASES) | set(SURVEY_CASES), built - set(CASES) - set(SURVEY_CASES)


def test_working_cases_produce_the_outputs(corpus, runs):
    folder, *_rest, done = runs.get("chinese_path", "daily_check")
    assert done.returncode == 0
    assert list((folder / "output" / "检查结果").glob("检查结果_*.xlsx"))
    folder, *_rest, done = runs.get("survey_chinese_path", "survey_report")
    assert done.returncode == 0, done.stderr
    made = {p.name for p in (folder / "output" / "满意度调查").iterdir()}
    assert {"2026年度满意度调查报告.docx", "2026年度业委会通报.docx", "2026年度满意度统计.xlsx"} <= made


def test_verbose_shows_the_details_behind_the_one_line(corpus, tmp_path):
    config = write_config(tmp_path, register=corpus["truncated.xlsx"])
    done = run_cli("daily_check", "--config", config, "--verbose", cwd=tmp_path)
    assert done.returncode == 1
    assert "Traceback" in done.stderr and "不完整或已损坏" in done.stderr.strip().splitlines()[-1]


# ---------------------------------------------------------------- memory bound

MEMORY_LIMIT_MB = 1536      # address space of the whole process (RLIMIT_AS)
PEAK_RSS_MB = {"zip_bomb.xlsx": 150, "million_rows.xlsx": 600, "million_rows_full.xlsx": 400}
_LIMITED = textwrap.dedent("""
    import atexit, resource, runpy, sys
    limit, report = int(sys.argv[1]) * 1024 * 1024, sys.argv[2]

    def peak():  # this process's own high-water mark of resident memory, in MB
        with open("/proc/self/status") as fh:
            kb = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM"))
        with open(report, "w") as out:
            out.write(str(kb // 1024))

    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    atexit.register(peak)
    sys.argv = sys.argv[3:]
    runpy.run_path(sys.argv[0], run_name="__main__")
""")


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="RLIMIT_AS and VmHWM: Linux only")
@pytest.mark.parametrize("case, code", [("zip_bomb.xlsx", 1), pytest.param("million_rows.xlsx", 0, marks=pytest.mark.slow),
                                        pytest.param("million_rows_full.xlsx", 1, marks=pytest.mark.slow)])
def test_memory_bound_of_the_daily_check(corpus, tmp_path, case, code):
    """The whole daily-check process (Python, calamine, openpyxl, the outputs) stays under 1.5 GB of
    address space on the zip bomb (2.1 GB inflated) and on 1,048,576-row sheets: a MemoryError or an
    abort would show as a traceback or a signal instead of the expected exit code. Measured peak RSS
    (2 cores, Python 3.11): zip bomb 57 MB, million_rows 320 MB, million_rows_full 147 MB."""
    config = write_config(tmp_path, register=corpus[case])
    report = tmp_path / "peak_mb.txt"
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "OPENBLAS_NUM_THREADS": "1"}
    done = subprocess.run([sys.executable, "-c", _LIMITED, str(MEMORY_LIMIT_MB), str(report), str(SCRIPTS / "daily_check.py"),
                           "--config", str(config), "--as-of", AS_OF, "--quiet"],
                          capture_output=True, text=True, encoding="utf-8", cwd=tmp_path, env=env, timeout=600)
    assert done.returncode == code, done.stderr[-2000:]
    assert "MemoryError" not in done.stderr and "Traceback" not in done.stderr
    peak_mb = int(report.read_text())
    print(f"{case}: peak RSS {peak_mb} MB")
    assert peak_mb < PEAK_RSS_MB[case]
