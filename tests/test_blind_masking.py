"""Held-out masking evidence for issue 28 ("masking: 0 missed, 0 damaged"), written before reading kefu's masker.

A typed survey workbook (respondent name, room and phone columns filled; owners' comments in 意见建议) from
``blind_mask_data``; survey_report is run in process; the director's report and the committee's bulletin (Word:
paragraphs, tables, headers, footers) are searched for every labelled personal substring (missed) and, for every
comment the outputs quote, for its labelled clean phrases (damaged). README: the statistics workbook that leaves the
desk is masked too under ``[privacy] mask = yes``, so it is searched as well; the JSON result is printed for information.

    python -m pytest tests/test_blind_masking.py -s
"""
from __future__ import annotations

import difflib
import re
from pathlib import Path

import openpyxl
import pytest

from blind_mask_data import COMMENTS, RESPONDENTS
from conftest import docx_lines, run_cli, write_config
from survey_books import ITEMS, write_survey

HEADERS = ["问卷编号", "业主姓名", "楼栋房号", "联系电话", "调查日期", *ITEMS, "意见建议"]
GRADES = ["满意", "基本满意", "不满意"]
SURNAME_LEVEL = {"老陈", "小王"}   # staff by surname + prefix (the brief's examples); printed apart


def _rows():
    rows = []
    for i, (c, (name, phone, room)) in enumerate(zip(COMMENTS, RESPONDENTS), start=1):
        answers = [GRADES[(i + k) % 3] if (i + k) % 5 == 0 else GRADES[(i * k) % 2] for k in range(8)]
        date = f"2026-{9 + i % 3:02d}-{1 + i % 27:02d}"
        rows.append([f"2026-{i:03d}", name, room, phone, date, *answers, c["text"]])
    return rows


def _xlsx_text(path: Path) -> str:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    parts = []
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            parts.extend(str(v) for v in row if v is not None)
    wb.close()
    return "\n".join(parts)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("blindmask")
    survey = write_survey(tmp / "2026年业主满意度调查.xlsx", {"2026年度": _rows()}, headers=HEADERS)
    write_config(tmp, "[office]\nname = 阳光花园管理处\n\n[survey]\ngrades = 满意, 基本满意, 不满意\n"
                 "satisfied_grades = 满意, 基本满意\ndistributed = 60\n\n[privacy]\nmask = yes\n", survey=survey)
    result = run_cli("survey_report", "--config", tmp / "config.ini", "--year", "2026", "--as-of", "2026-12-01",
                     "--json", tmp / "result.json", cwd=tmp)
    assert result.returncode == 0, result.stdout + result.stderr
    out = tmp / "output"
    docs = {p.name: docx_lines(p) for p in sorted(out.rglob("*.docx"))}
    books = {p.name: _xlsx_text(p) for p in sorted(out.rglob("*.xlsx"))}
    assert docs, f"no Word file in {out}: {sorted(out.rglob('*'))}"
    js = (tmp / "result.json").read_text(encoding="utf-8") if (tmp / "result.json").exists() else ""
    return {"docs": docs, "books": books, "json": js, "stdout": result.stdout}


def _line_with(text: str, needle: str) -> str:
    for line in text.splitlines():
        if needle in line:
            return line.strip()
    return ""


def _personal_all():
    for i, c in enumerate(COMMENTS):
        for s in c["personal"]:
            yield i, s, "comment"
    for name, phone, room in RESPONDENTS:
        for s in (name, phone, room):
            yield None, s, "form column"


def test_blind_masking(run):
    docs = run["docs"]
    print("\nWord outputs:", ", ".join(docs))
    print("statistics workbooks:", ", ".join(run["books"]) or "(none)")
    word = "\n".join(docs.values())

    # ---- missed: personal substrings in the report / bulletin
    missed, missed_books, missed_json = [], [], []
    for i, s, where in _personal_all():
        for name, text in docs.items():
            if s in text:
                missed.append((s, where, name, _line_with(text, s)))
        for name, text in run["books"].items():
            if s in text:
                missed_books.append((s, where, name))
        if s in run["json"]:
            missed_json.append((s, where))
    # ---- quoted comments and damage
    quoted = [i for i, c in enumerate(COMMENTS) if c["anchor"] in word]
    damaged, surname_left, neutral = [], [], []
    checked = 0
    for i, c in enumerate(COMMENTS):
        # the outputs quote comments clause by clause: a clean phrase is judged where the clause holding it is
        # quoted (intact, or an output line close to that clause without the phrase = damaged)
        for phrase in c["clean"]:
            clause = next(x for x in re.split(r"[,。!;]", c["text"]) if phrase in x)
            for name, text in docs.items():
                if phrase in text:
                    checked += 1
                    continue
                near = [ln for ln in text.splitlines()
                        if difflib.SequenceMatcher(None, clause, ln.strip("“”\" ")).ratio() >= 0.6]
                if near:
                    checked += 1
                    damaged.append((phrase, name, near[0]))
    for i in quoted:
        c = COMMENTS[i]
        for s in c.get("surname", []):
            if s in word:
                surname_left.append(s)
        for s in c.get("neutral", []):
            neutral.append((s, "kept" if s in word else "masked/absent"))

    clean_idx = [i for i, c in enumerate(COMMENTS) if not c["personal"]]
    pers_idx = [i for i, c in enumerate(COMMENTS) if c["personal"]]
    print(f"quoted comments: {len(quoted)}/{len(COMMENTS)} "
          f"(personal {sum(i in quoted for i in pers_idx)}/{len(pers_idx)}, "
          f"clean {sum(i in quoted for i in clean_idx)}/{len(clean_idx)})")
    print(f"clean phrases judged (their clause quoted), per Word file: {checked}")
    print("not quoted:", [COMMENTS[i]["anchor"] for i in range(len(COMMENTS)) if i not in quoted])
    strict = [m for m in missed if m[0] not in SURNAME_LEVEL]
    print(f"MISSED in report/bulletin: {len(missed)} ({len(strict)} full, {len(missed) - len(strict)} surname-level)")
    for s, where, name, line in missed:
        print(f"  {s!r} [{where}{', surname-level' if s in SURNAME_LEVEL else ''}] in {name}: {line[:120]}")
    print(f"DAMAGED clean phrases: {len(damaged)}")
    for phrase, name, line in damaged:
        print(f"  {phrase!r} in {name}: {line[:120]}")
    print(f"statistics workbook personal hits: {len(missed_books)} {sorted({m[0] for m in missed_books})[:20]}")
    print(f"JSON personal hits (info): {len(missed_json)} {sorted({m[0] for m in missed_json})[:20]}")
    print(f"surname-level mentions left (not asserted): {surname_left}")
    print(f"hotline (neutral, not asserted): {neutral}")
    stars = sorted({ln.strip() for ln in word.splitlines() if "*" in ln})
    print(f"lines with '*' in Word outputs: {len(stars)}")
    for ln in stars[:40]:
        print("   ", ln[:140])

    assert not missed, f"{len(missed)} personal substrings in report/bulletin: {[m[0] for m in missed]}"
    assert not damaged, f"{len(damaged)} clean phrases damaged: {[d[0] for d in damaged]}"
    assert not missed_books, f"personal data in the statistics workbook: {sorted({m[0] for m in missed_books})}"
