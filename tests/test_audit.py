"""The audit trail: each job run is in the ledger, and --history NUMBER tells a complaint's story."""
from __future__ import annotations

import datetime as dt
import re

from conftest import complaint, run_cli, sha256, write_config, write_register
from kefu.ledger import audit
from kefu.rules.numbering import VANISHED
from kefu.rules.urgency import rule_title
from kefu.core.settings import load_settings


def _office(tmp_path, rows):
    register = write_register(tmp_path / "登记表.xlsx", {"2026年": rows})
    config = write_config(tmp_path, register=register)
    return config, register


def test_every_job_run_is_recorded_with_input_hashes_outputs_and_counts(tmp_path):
    from kefu.jobs.make_callback_list import make_callback_list
    from kefu.jobs.daily_check import run_daily_check
    from kefu.jobs.make_notices import make_notices
    from kefu.jobs.compile_summary import compile_summary

    config, register = _office(tmp_path, [
        complaint("TS-2026-0001", dt.date(2026, 3, 2), 责任部门="工程部", 完成日期=dt.date(2026, 3, 4)),
        complaint("TS-2026-0003", dt.date(2026, 3, 3))])
    settings = load_settings(config)
    daily = run_daily_check(settings, dt.date(2026, 3, 20))
    make_notices(settings, dt.date(2026, 3, 20), numbers=["TS-2026-0001"])   # finished, paper: by name
    make_callback_list(settings, dt.date(2026, 3, 20))
    compile_summary(settings, dt.date(2026, 7, 2), period="2026H1")
    runs = audit.runs(settings)
    assert [r["job"] for r in runs] == ["daily_check", "notices", "callback_list", "summary"]
    first = runs[0]
    assert first["inputs"][0] == {"path": str(register), "sha256": sha256(register)}
    assert first["outputs"] == [str(p) for p in daily.outputs]
    assert first["counts"]["findings"] == len(daily.findings) and first["counts"]["number.gap"] == 1
    assert runs[1]["counts"]["issued"] == 1 and runs[2]["counts"]["rows"] == 1
    assert all(dt.datetime.fromisoformat(r["at"]) for r in runs)


def test_history_tells_checks_notices_callback_lists_and_vanishing(tmp_path):
    from kefu.jobs.make_callback_list import make_callback_list
    from kefu.jobs.daily_check import run_daily_check
    from kefu.jobs.make_notices import make_notices

    rows = [complaint("TS-2026-0001", dt.date(2026, 3, 2), 责任部门="工程部", 完成日期=dt.date(2026, 3, 4), 通知单编号=""),
            complaint("TS-2026-0002", dt.date(2026, 3, 3))]
    config, register = _office(tmp_path, rows)
    settings = load_settings(config)
    run_daily_check(settings, dt.date(2026, 3, 3))                      # seen, nothing wrong yet
    make_notices(settings, dt.date(2026, 3, 5), numbers=["TS-2026-0001"])
    make_callback_list(settings, dt.date(2026, 3, 20))
    run_daily_check(settings, dt.date(2026, 3, 20))                     # 0002 overdue by now
    write_register(register, {"2026年": rows[1:]})                      # 0001's row deleted
    run_daily_check(settings, dt.date(2026, 3, 21))
    lines = audit.history(settings, "TS-2026-1", rule_title, vanished=VANISHED.id)   # as typed, short form
    text = "\n".join(lines)
    assert "每日检查:已读到,未发现问题" in lines[0]
    assert "出具通知单第 1 版" in text and "列入回访清单" in text
    assert "编号消失" in lines[-1] and not re.search(r"[a-z]+\.[a-z_]+", text)   # rule names, no ids
    overdue = "\n".join(audit.history(settings, "TS-2026-0002", rule_title))
    assert "发现问题 超期未答复" in overdue
    assert audit.history(settings, "TS-2026-0099") == []


def test_history_option_prints_the_story_in_chinese(tmp_path):
    config, _ = _office(tmp_path, [complaint("TS-2026-0001", dt.date(2026, 3, 2))])
    done = run_cli("daily_check", "--config", config, "--as-of", "2026-03-20", "--quiet", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    done = run_cli("daily_check", "--config", config, "--history", "TS-2026-0001", cwd=tmp_path)
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout.startswith("投诉 TS-2026-0001 的记录:") and "发现问题 超期未答复" in done.stdout
    assert not re.search(r"[a-z]+\.[a-z_]+", done.stdout)            # rule ids only with --verbose
    verbose = run_cli("daily_check", "--config", config, "--history", "TS-2026-0001", "--verbose", cwd=tmp_path)
    assert "超期未答复(reply.overdue)" in verbose.stdout
    none = run_cli("daily_check", "--config", config, "--history", "TS-2026-0404", cwd=tmp_path)
    assert none.returncode == 0 and "台账中没有投诉 TS-2026-0404 的记录" in none.stdout


def test_the_numbers_of_a_run_are_recorded_without_sqlite_json_functions_too(tmp_path, monkeypatch):
    import sqlite3

    config, _register = _office(tmp_path, [complaint("TS-2026-0001", dt.date(2026, 3, 2))])
    settings = load_settings(config)
    numbers = {"TS-2026-0001": ["reply.overdue", "number.gap", "reply.overdue"], "TS-2026-0002": [], "": []}
    fast = audit.record_run(settings, "daily_check", [], [], {}, numbers)

    from kefu.ledger.db import LedgerConnection

    class NoJson(LedgerConnection):
        def execute(self, sql, *args):
            if "json_each" in sql:
                raise sqlite3.OperationalError("no such table: json_each")
            return super().execute(sql, *args)
    real_connect = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect", lambda *a, **k: real_connect(*a, **{**k, "factory": NoJson}))
    slow = audit.record_run(settings, "daily_check", [], [], {}, numbers)
    monkeypatch.undo()
    conn = sqlite3.connect(tmp_path / "data" / "ledger.sqlite3")
    rows = {run: sorted(conn.execute("SELECT number, rules FROM run_numbers WHERE run_id = ?", (run,)).fetchall())
            for run in (fast, slow)}
    conn.close()
    assert rows[fast] == rows[slow] == [("TS-2026-0001", "number.gap,reply.overdue"), ("TS-2026-0002", "")]
