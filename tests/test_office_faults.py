"""The faults of a real office PC (issue 19): a full disk, a locked ledger, a killed run, umask, ...

Each test first builds the fault the way it happens (a small tmpfs that fills up, a second SQLite
connection holding BEGIN EXCLUSIVE, a run killed with SIGKILL in the middle of a write) and then asserts
what staff see: exit 1 and one Chinese line with no traceback, or a finding; every file of the office
byte-for-byte as it was; no output left without its run.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
import time
import uuid
from pathlib import Path

import pytest

from conftest import SCRIPTS, complaint, run_cli, sha256, write_config, write_register

D = dt.date
AS_OF = "2026-03-09"


def rows():
    return [complaint("TS-2026-0001", D(2026, 3, 2), 责任部门="工程部", 答复日期=D(2026, 3, 4)),
            complaint("TS-2026-0002", D(2026, 3, 2), 责任部门="保洁部")]          # overdue


def office(tmp_path, data: Path | None = None, output: Path | None = None):
    register = write_register(tmp_path / "workbooks" / "客户投诉登记表.xlsx", {"2026年": rows()})
    config = write_config(tmp_path, register=register)
    text = config.read_text(encoding="utf-8")
    if data is not None:
        text = text.replace("data = data", f"data = {data}")
    if output is not None:
        text = text.replace("output = output", f"output = {output}")
    config.write_text(text, encoding="utf-8")
    return register, config


def one_chinese_line(done, *words):
    stderr = done.stderr.strip()
    assert done.returncode == 1, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr, done.stderr
    assert len(stderr.splitlines()) == 1, stderr
    assert "内部出错" not in stderr, stderr
    for word in words:
        assert word in stderr, (word, stderr)
    return stderr


def files_under(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` -> its sha256 (SQLite's own -wal/-shm side files left out)."""
    return {str(p.relative_to(folder)): sha256(p) for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.endswith(("-wal", "-shm"))}


@contextlib.contextmanager
def tiny_disk(folder: Path, size: str = "4m"):
    """A tmpfs of ``size`` at ``folder`` (root on Linux); the test is skipped where it cannot be mounted."""
    folder.mkdir(parents=True, exist_ok=True)
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        pytest.skip("a small tmpfs needs root on Linux")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(folder: Path, leave: int = 0) -> None:
    """Fill the disk of ``folder`` up to ``leave`` free bytes."""
    st = os.statvfs(folder)
    free = st.f_bavail * st.f_frsize - leave
    with open(folder / f"filler-{uuid.uuid4().hex}", "wb") as fh:
        with contextlib.suppress(OSError):
            while free > 0:
                fh.write(b"\0" * min(free, 1 << 16))
                free -= 1 << 16
            fh.flush()
            os.fsync(fh.fileno())


# ---------------------------------------------------------------- 1. full disk under the ledger

@pytest.mark.slow    # a tmpfs
def test_a_full_disk_under_the_ledger_keeps_the_ledger_and_says_so_in_one_line(tmp_path):
    with tiny_disk(tmp_path / "data") as data:
        _register, config = office(tmp_path, data=data)
        first = run_cli("daily_check", "--config", config, "--as-of", "2026-03-08", "--quiet", cwd=tmp_path)
        assert first.returncode == 0, first.stderr
        before = files_under(data)
        outputs_before = files_under(tmp_path / "output")
        fill(data)
        done = run_cli("daily_check", "--config", config, "--as-of", AS_OF, "--quiet", cwd=tmp_path)
        one_chinese_line(done, "磁盘空间已满", str(data))
        assert not list(data.glob("ledger.damaged-*")), "a full disk is not damage"
        assert {k: v for k, v in files_under(data).items() if not k.startswith("filler")} == before
        assert files_under(tmp_path / "output") == outputs_before      # no findings workbook of the 9th
        for filler in data.glob("filler-*"):
            filler.unlink()
        again = run_cli("daily_check", "--config", config, "--as-of", AS_OF, "--quiet", cwd=tmp_path)
        assert again.returncode == 0, again.stderr
        history = run_cli("daily_check", "--config", config, "--history", "TS-2026-0002", cwd=tmp_path)
        assert "2026" in history.stdout and history.stdout.count("每日检查") == 1, history.stdout   # changes only
        ledger = sqlite3.connect(data / "ledger.sqlite3")
        try:
            assert ledger.execute("SELECT COUNT(*) FROM job_runs WHERE job = 'daily_check'").fetchone()[0] == 2
        finally:
            ledger.close()


# ---------------------------------------------------------------- 7. locked ledger

HOLD_LOCK = textwrap.dedent("""
    import sqlite3, sys, time
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
""")


@contextlib.contextmanager
def ledger_held(path: Path, seconds: float = 60):
    """A second process holding BEGIN EXCLUSIVE on the ledger (as DB Browser or a backup tool would)."""
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(path), str(seconds)], stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        yield holder
    finally:
        holder.kill()
        holder.wait()


def test_a_locked_ledger_is_waited_for_briefly_then_one_line_and_no_outputs(tmp_path):
    register, config = office(tmp_path)
    assert run_cli("daily_check", "--config", config, "--as-of", "2026-03-08", "--quiet", cwd=tmp_path).returncode == 0
    ledger = tmp_path / "data" / "ledger.sqlite3"
    before, register_before = files_under(tmp_path / "data"), sha256(register)
    json_path = tmp_path / "result.json"
    with ledger_held(ledger):
        started = time.monotonic()
        done = run_cli("daily_check", "--config", config, "--as-of", AS_OF, "--quiet", "--json", json_path,
                          cwd=tmp_path)
        waited = time.monotonic() - started
    one_chinese_line(done, "台账正被其他程序占用", str(tmp_path / "data"))
    assert waited < 20, waited
    assert files_under(tmp_path / "data") == before and sha256(register) == register_before
    assert not (tmp_path / "output" / "检查结果" / "检查结果_2026-03-09.xlsx").exists()
    assert not json_path.exists()


def test_a_ledger_locked_after_the_outputs_are_written_removes_them_again(tmp_path, monkeypatch):
    """The findings workbook and JSON are written, then the run cannot be recorded: neither is left."""
    from kefu.core.errors import OutputError
    from kefu.core.settings import load_settings
    from kefu.jobs import daily_check
    from kefu.ledger import db

    _register, config = office(tmp_path)
    settings = load_settings(config)
    monkeypatch.setattr(db, "LOCK_WAIT_SECONDS", 0.2)
    real_insert = daily_check.audit.insert_run

    def insert_while_locked(conn, record, before_commit=None):
        with ledger_held(db.ledger_path(settings)):
            return real_insert(conn, record, before_commit)
    monkeypatch.setattr(daily_check.audit, "insert_run", insert_while_locked)
    json_path = tmp_path / "result.json"
    with pytest.raises(OutputError, match="台账正被其他程序占用"):
        daily_check.run_daily_check(settings, D(2026, 3, 9), json_path=json_path)
    assert not json_path.exists()
    assert not list((tmp_path / "output").rglob("*.xlsx"))
    assert not list((tmp_path / "output").rglob(".~kefu-*"))


def test_a_damaged_ledger_is_still_moved_aside_only_when_it_fails_the_check(tmp_path):
    _register, config = office(tmp_path)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "ledger.sqlite3").write_bytes(b"this is not a database" * 100)
    done = run_cli("daily_check", "--config", config, "--as-of", AS_OF, "--quiet", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert len(list((tmp_path / "data").glob("ledger.damaged-*.sqlite3"))) == 1


@pytest.mark.slow    # a tmpfs, remounted read-only
def test_a_read_only_data_folder_is_one_line_naming_it(tmp_path):
    if os.geteuid() == 0:
        # root writes anywhere: a read-only mount is the real thing
        with tiny_disk(tmp_path / "data"):
            _register, config = office(tmp_path, data=tmp_path / "data")
            assert run_cli("daily_check", "--config", config, "--as-of", "2026-03-08", "--quiet",
                              cwd=tmp_path).returncode == 0
            before = files_under(tmp_path / "data")
            subprocess.run(["mount", "-o", "remount,ro", str(tmp_path / "data")], check=True)
            done = run_cli("daily_check", "--config", config, "--as-of", AS_OF, "--quiet", cwd=tmp_path)
            stderr = one_chinese_line(done, str(tmp_path / "data"))
            assert "没有写入权限" in stderr or "只读" in stderr, stderr
            assert files_under(tmp_path / "data") == before
            assert not (tmp_path / "output" / "检查结果" / "检查结果_2026-03-09.xlsx").exists()
    else:
        pytest.skip("needs root for a read-only mount")


# ---------------------------------------------------------------- 8. full disk under the outputs

def notices_args():
    return ["--as-of", AS_OF, "--from", "2026-01-01"]


@pytest.mark.slow    # a tmpfs
@pytest.mark.parametrize("job, args", [("daily_check", ["--as-of", AS_OF, "--quiet"]),
                                       ("make_notices", notices_args()),
                                       ("make_callback_list", ["--as-of", AS_OF])])
def test_a_full_output_disk_is_one_line_and_leaves_nothing_half_written(tmp_path, job, args):
    with tiny_disk(tmp_path / "out", "2m") as out:
        register, config = office(tmp_path, output=out)
        before = sha256(register)
        fill(out)    # an empty file can still be made (the writable check), not a workbook or a document
        done = run_cli(job, "--config", config, *args, cwd=tmp_path)
        one_chinese_line(done, "磁盘空间已满", str(out))
        assert sha256(register) == before
        made = [p for p in out.rglob("*") if p.is_file() and not p.name.startswith("filler-")]
        assert made == [], made


# ---------------------------------------------------------------- 9. killed runs, 10. permissions

KILLED_IN_WRITE = textwrap.dedent("""
    import runpy, sys, time
    import xlsxwriter
    real_close = xlsxwriter.Workbook.close

    def close_then_hang(self):   # the temporary file is written; the run is killed before os.replace
        real_close(self)
        print("written", flush=True)
        time.sleep(600)
    xlsxwriter.Workbook.close = close_then_hang
    sys.argv = sys.argv[1:]
    runpy.run_path(sys.argv[0], run_name="__main__")
""")


@pytest.mark.slow    # a process killed with SIGKILL
def test_a_run_killed_while_writing_leaves_a_temp_file_the_next_run_removes(tmp_path):
    _register, config = office(tmp_path)
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    run = subprocess.Popen([sys.executable, "-c", KILLED_IN_WRITE, str(SCRIPTS / "daily_check.py"), "--config",
                            str(config), "--as-of", AS_OF, "--quiet"], cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                           text=True)
    assert run.stdout.readline().strip() == "written"
    os.kill(run.pid, signal.SIGKILL)
    run.wait()
    folder = tmp_path / "output" / "检查结果"
    left = list(folder.glob(".~kefu-*"))
    assert len(left) == 1 and left[0].stat().st_size > 1000, left        # reproduced: the killed run's file
    assert not (folder / "检查结果_2026-03-09.xlsx").exists()
    # beside it: another program's lock file, a kefu temp file of a run still going, a fresh leftover
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    others = [folder / ".~lock.检查结果_2026-03-08.xlsx#", folder / f".~kefu-{running.pid}-abcd1234.xlsx",
              folder / ".~kefu-999999-fresh123.xlsx"]
    try:
        for path in others:
            path.write_bytes(b"x")
        old = time.time() - 3600
        for path in left + others[:2]:
            os.utime(path, (old, old))
        done = run_cli("daily_check", "--config", config, "--as-of", AS_OF, "--quiet", cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert not left[0].exists(), "the killed run's temporary file is removed by the next run"
        assert all(p.exists() for p in others), "never another program's file or a live run's"
        assert (folder / "检查结果_2026-03-09.xlsx").is_file()
    finally:
        running.kill()
        running.wait()


def test_files_kefu_makes_get_the_permissions_of_the_umask(tmp_path):
    register, config = office(tmp_path)
    kept = os.umask(0o002)          # the office's umask, for the two runs (in this process)
    try:
        for script, args in (("daily_check", ["--as-of", AS_OF, "--quiet", "--json", tmp_path / "output" / "r.json",
                                              "--mark"]),
                             ("make_callback_list", ["--as-of", AS_OF])):
            done = run_cli(script, "--config", config, *args, cwd=tmp_path)
            assert done.returncode == 0, done.stderr
    finally:
        os.umask(kept)
    made = [p for p in (tmp_path / "output").rglob("*") if p.is_file()]
    made += list((tmp_path / "data" / "backups").glob("*.xlsx")) + [tmp_path / "workbooks" / "回访记录.xlsx"]
    assert any(p.name.startswith("检查结果_") for p in made) and any(p.suffix == ".json" for p in made)
    assert any("backups" in str(p) for p in made) and any(p.suffix == ".docx" for p in made)
    for path in made:
        assert stat.S_IMODE(path.stat().st_mode) == 0o664, (path, oct(path.stat().st_mode))
    assert stat.S_IMODE(register.stat().st_mode) == 0o644   # the marked register keeps its own mode


# ---------------------------------------------------------------- 12. a register not where config.ini says

def test_a_missing_register_names_the_full_path_tried_and_the_key_and_the_file_beside_config(tmp_path):
    beside = write_register(tmp_path / "客户投诉登记表.xlsx", {"2026年": rows()})
    config = write_config(tmp_path)
    text = config.read_text(encoding="utf-8").replace("[paths]\n", "[paths]\nregister = 登记表/客户投诉登记表.xlsx\n")
    config.write_text(text, encoding="utf-8")
    before = sha256(beside)
    for job in ("daily_check", "make_notices", "make_callback_list"):
        done = run_cli(job, "--config", config, "--as-of", AS_OF, cwd=tmp_path)
        stderr = one_chinese_line(done, "找不到登记表", str(tmp_path / "登记表" / "客户投诉登记表.xlsx"),
                                  "[paths] register", str(beside))
        assert "《客户投诉登记表.xlsx》" in stderr
    assert sha256(beside) == before


def test_the_sweep_removes_a_killed_runs_pdf_folder_and_old_unnamed_leftovers_only(tmp_path):
    from kefu.core import atomic

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = int(gone.stdout)
    pdf = tmp_path / f".~kefu-{dead}-pdf-x1y2z3"
    pdf.mkdir()
    (pdf / "TS-2026-0001.pdf").write_bytes(b"%PDF")
    legacy_old, legacy_new = tmp_path / ".~kefu-abcd1234.docx", tmp_path / ".~kefu-efgh5678.docx"
    mine = tmp_path / "~$检查结果.xlsx"      # Excel's lock file: never kefu's to remove
    for path in (legacy_old, legacy_new, mine):
        path.write_bytes(b"x")
    for path, age in ((pdf, 600), (legacy_old, 7200), (legacy_new, 600), (mine, 7200)):
        os.utime(path, (time.time() - age, time.time() - age))
    removed = atomic.sweep_leftovers(tmp_path)
    assert sorted(p.name for p in removed) == sorted([pdf.name, legacy_old.name])
    assert legacy_new.exists() and mine.exists()
