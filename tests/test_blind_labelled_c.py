"""Issue 28 "Must show", held-out set C (tests/blind_set_c.py, written before reading kefu's vocabulary or
its recurring / opinion rules).

The office's way: a register for 2026H1 and a survey workbook in tmp_path, config.ini beside them,
compile_summary --period 2026H1 and survey_report --year 2026 run in process (conftest.run_cli); figures
are computed from their JSON (recurring) and from the outputs that leave the desk (the statistics
workbook's 共性意见 sheet, the report and the bulletin; the analysis report and workbook) and printed.

- recurring: pairs of complaints kefu groups together vs pairs truly together; a true group is "reported"
  when one reported group holds more than half of it and more than half of that group is it.
- themes: a labelled theme is recovered when a named row (not praise, not 其他/其他意见) has most of its
  quotes from that theme's comments and sits under an item that fits it.
- masking: missed = a personal string (name, phone, room) in any output that leaves the desk; damaged =
  a clean comment quoted with a mask in it, or a clean register summary printed with a mask inside.
"""
from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from pathlib import Path

import openpyxl
import pytest

from blind_set_c import (CLEAN_BUILDING_MENTIONS, COMMENTS, COMPLAINTS, NUMBER_PREFIX, OTHER_NAMES,
                         STOP_WORDS, THEME_ITEMS, TRUE_GROUPS)
from conftest import complaint, run_cli, write_config, write_register
from survey_books import form, write_survey

AS_OF_SUMMARY = "2026-07-10"
AS_OF_SURVEY = "2026-11-26"


def _day(mmdd: str) -> dt.date:
    month, day = map(int, mmdd.split("-"))
    return dt.date(2026, month, day)


def _register_rows() -> list[dict]:
    rows = []
    for (n, mmdd, name, room, phone, channel, summary, category, dept, _g, _p) in COMPLAINTS:
        got = _day(mmdd)
        done = got + dt.timedelta(days=3)
        finished = done <= _day("06-25")
        rows.append(complaint(
            NUMBER_PREFIX + n, got, 客户名称=name, 房号=room, 联系电话=phone, 投诉方式=channel,
            投诉内容摘要=summary, 类别=category, 责任部门=dept, 是否重大="否",
            核实日期=got, 答复日期=got + dt.timedelta(days=1),
            完成日期=done if finished else None, 处理结果="已处理" if finished else None,
            回访日期=done + dt.timedelta(days=2) if finished else None, 回访人="客服中心" if finished else None,
            回访结果="已解决" if finished else None, 是否满意="满意" if finished else None,
            状态="已完成" if finished else "处理中"))
    return rows


def _survey_rows() -> list[list]:
    rows = []
    for i, (unit, text, themes, _praise, _dup, _personal) in enumerate(COMMENTS, start=1):
        answers = ["满意"] * 8
        if "维修慢" in themes:
            answers[6] = "不满意"
        if i % 5 == 0:
            answers[1] = "基本满意"
        rows.append(form(f"2026-{i:03d}", unit, dt.date(2026, 11, 10), answers, text))
    return rows


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    folder = tmp_path_factory.mktemp("office_c")
    register = write_register(folder / "投诉登记表.xlsx", {"2026年": _register_rows()})
    survey = write_survey(folder / "满意度调查表.xlsx", {"2026年调查": _survey_rows()})
    write_config(folder, "[survey]\ndistributed = 50\n", register=register, survey=survey)
    config = folder / "config.ini"
    done = run_cli("compile_summary", "--config", config, "--as-of", AS_OF_SUMMARY, "--json",
                   folder / "summary.json", "--period", "2026H1", cwd=folder)
    assert done.returncode == 0, done.stderr
    done = run_cli("survey_report", "--config", config, "--as-of", AS_OF_SURVEY, "--json",
                   folder / "survey.json", "--year", "2026", cwd=folder)
    assert done.returncode == 0, done.stderr
    return folder


# ------------------------------------------------------------------ helpers ---------------------------------

def _texts(paths) -> list[str]:
    """Every paragraph, table cell and sheet cell of the outputs, one string each."""
    import docx
    out = []
    for path in paths:
        if path.suffix == ".docx":
            d = docx.Document(str(path))
            out += [p.text for p in d.paragraphs]
            out += [c.text for t in d.tables for r in t.rows for c in r.cells]
            for section in d.sections:
                out += [p.text for p in section.header.paragraphs] + [p.text for p in section.footer.paragraphs]
        elif path.suffix == ".xlsx":
            wb = openpyxl.load_workbook(path)
            out += [str(v) for ws in wb for row in ws.iter_rows(values_only=True) for v in row if v is not None]
    return out


def _outputs(folder: Path, sub: str) -> list[Path]:
    found = sorted(p for p in (folder / "output" / sub).rglob("*") if p.suffix in (".docx", ".xlsx"))
    assert found, f"no outputs under output/{sub}"
    return found


_PUNCT = re.compile(r"[\s,。!?、;:,.!?;:“”\"'()()…]+")


def _norm(text: str) -> str:
    return _PUNCT.sub("", text)


def _comment_of(quote: str) -> list[int]:
    """Indexes of the comments a (possibly masked, possibly clause-cut) quote comes from."""
    q = _norm(quote)
    hits = [i for i, c in enumerate(COMMENTS) if c[1] and q and q in _norm(c[1])]
    if hits or "*" not in q:
        return hits
    parts = [re.escape(p) for p in re.split(r"\*+", q)]
    pattern = re.compile(".{0,20}?".join(parts))
    return [i for i, c in enumerate(COMMENTS) if c[1] and pattern.search(_norm(c[1]))]


def _theme_of(quote: str, index: int) -> str | None:
    themes = COMMENTS[index][2]
    if len(themes) == 1:
        return next(iter(themes))
    for theme, marker in themes.items():
        if marker in quote:
            return theme
    return None


def _opinion_rows(folder: Path) -> list[tuple[str, str, int, list[str]]]:
    book = next(p for p in _outputs(folder, "满意度调查") if p.suffix == ".xlsx")
    wb = openpyxl.load_workbook(book)
    assert "共性意见" in wb.sheetnames, wb.sheetnames
    rows = list(wb["共性意见"].iter_rows(values_only=True))
    out = []
    for item, theme, count, quotes in rows[1:]:
        if theme is None and item is None:
            continue
        out.append((str(item or ""), str(theme or ""), int(count or 0),
                    [q.strip() for q in str(quotes or "").split("\n") if q.strip()]))
    return out


# ------------------------------------------------------------------ recurring -------------------------------

def _recurring_figures(folder: Path) -> dict:
    data = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    ours = {NUMBER_PREFIX + c[0]: c[9] for c in COMPLAINTS}
    reported = [[n for n in g["numbers"] if n in ours] for g in data["recurring"]]
    predicted = {frozenset(p) for g in reported for p in itertools.combinations(sorted(set(g)), 2)}
    truth = {frozenset(p) for label in TRUE_GROUPS
             for p in itertools.combinations(sorted(n for n, g in ours.items() if g == label), 2)}
    hit = predicted & truth
    precision = len(hit) / len(predicted) if predicted else 0.0
    recall = len(hit) / len(truth)
    found, missed = [], []
    for label in TRUE_GROUPS:
        members = {n for n, g in ours.items() if g == label}
        ok = any(len(members & set(g)) * 2 > len(members) and len(members & set(g)) * 2 > len(set(g))
                 for g in reported)
        (found if ok else missed).append(label)
    return {"precision": precision, "recall": recall, "pairs_predicted": len(predicted),
            "pairs_true": len(truth), "pairs_hit": len(hit), "found": found, "missed": missed,
            "groups": [(g["place"], g.get("summary", ""), [ours.get(n, "?") or "-" for n in g["numbers"]],
                        g["numbers"]) for g in data["recurring"]]}


# ------------------------------------------------------------------ themes ----------------------------------

def _theme_figures(folder: Path) -> dict:
    rows = _opinion_rows(folder)
    true_themes = sorted(THEME_ITEMS)
    recovered, where = set(), {}
    unmapped, duplicates, stop_themes, in_other, praise_count = [], [], [], [], 0
    seen_quotes: dict[str, str] = {}
    seen_dupsets: dict[str, str] = {}
    for item, theme, count, quotes in rows:
        if "肯定" in item or "感谢" in item or theme == "表扬":
            praise_count += count
            continue
        if theme in STOP_WORDS or item in STOP_WORDS or theme.startswith("其他意见:") or theme.startswith("其他意见:"):
            stop_themes.append(theme)
        labels = []
        for q in quotes:
            key = _norm(q)
            if key in seen_quotes:
                duplicates.append((q, seen_quotes[key], theme))
            seen_quotes[key] = theme
            idx = _comment_of(q)
            if not idx:
                unmapped.append(q)
                continue
            dupset = COMMENTS[idx[0]][4]
            if dupset:
                if dupset in seen_dupsets and seen_dupsets[dupset] != key:
                    duplicates.append((q, dupset, theme))
                seen_dupsets.setdefault(dupset, key)
            labels.append(_theme_of(q, idx[0]))
            if theme in OTHER_NAMES and _theme_of(q, idx[0]):
                in_other.append(q)
        if theme in OTHER_NAMES or not labels:
            continue
        for label in set(labels) - {None}:
            if labels.count(label) * 2 > len(labels):
                fits = "*" in THEME_ITEMS[label] or item in THEME_ITEMS[label]
                where.setdefault(label, []).append((item, theme, fits))
                if fits:
                    recovered.add(label)
    true_praise = sum(1 for c in COMMENTS if c[3])
    return {"recovered": sorted(recovered), "missed": sorted(set(true_themes) - recovered),
            "rate": len(recovered) / len(true_themes), "where": where, "unmapped": unmapped,
            "duplicates": duplicates, "stop_themes": stop_themes, "in_other": in_other,
            "praise": (praise_count, true_praise), "rows": rows}


# ------------------------------------------------------------------ masking ---------------------------------

def _masking_figures(folder: Path) -> dict:
    survey_texts = _texts(_outputs(folder, "满意度调查"))
    summary_texts = _texts(_outputs(folder, "分析报告"))
    personal_survey = {p for c in COMMENTS for p in c[5]} | {c[0] for c in COMMENTS}
    personal_register = ({c[2] for c in COMPLAINTS} | {c[3] for c in COMPLAINTS} | {c[4] for c in COMPLAINTS}
                         | {p for c in COMPLAINTS for p in c[10]})
    missed = sorted({p for p in personal_survey if any(p in t for t in survey_texts)}
                    | {p for p in personal_register if any(p in t for t in summary_texts)})
    damaged = []
    # survey: a quote of a clean comment with a mask in it; a clean building mention printed masked
    for _item, _theme, _count, quotes in _opinion_rows(folder):
        for q in quotes:
            idx = _comment_of(q)
            if idx and "*" in q and not COMMENTS[idx[0]][5]:
                damaged.append(q)
    for mention in CLEAN_BUILDING_MENTIONS:
        head = mention[:2]
        tail = mention[-4:]
        for t in survey_texts:
            if tail in t and mention not in t and "*" in t[max(0, t.find(tail) - len(mention) - 4):t.find(tail)]:
                if head in t:
                    damaged.append(t)
    # register: a clean summary printed with a mask inside it
    for c in COMPLAINTS:
        s = c[6]
        if c[10]:
            continue
        m = len(s) // 2
        anchor = s[m:m + 5]
        for t in summary_texts:
            p = t.find(anchor)
            if p < 0 or s in t:
                continue
            before, after = t[max(0, p - m):p], t[p + 5:p + 5 + (len(s) - m - 5)]
            if "*" in before or "*" in after:
                damaged.append(t)
    return {"missed": missed, "damaged": sorted(set(damaged))}


# ------------------------------------------------------------------ the test --------------------------------

def test_blind_set_c(office, capsys):
    rec = _recurring_figures(office)
    th = _theme_figures(office)
    mk = _masking_figures(office)
    with capsys.disabled():
        print("\n=== blind set C (issue 28) ===")
        print(f"recurring: precision {rec['precision']:.3f}  recall {rec['recall']:.3f}  "
              f"(pairs hit {rec['pairs_hit']} / predicted {rec['pairs_predicted']} / true {rec['pairs_true']})")
        print(f"  true groups found {len(rec['found'])}/{len(TRUE_GROUPS)}: {rec['found']}  missed: {rec['missed']}")
        for place, summary, labels, numbers in rec["groups"]:
            print(f"  reported: {place} · {summary} · labels {labels}")
        print(f"themes: recovered {len(th['recovered'])}/{len(THEME_ITEMS)} = {th['rate']:.0%}  "
              f"missed {th['missed']}")
        for label, places in sorted(th["where"].items()):
            print(f"  {label}: {places}")
        for item, theme, count, quotes in th["rows"]:
            print(f"  row: {item} · {theme} · {count} · {quotes}")
        print(f"  duplicates {th['duplicates']}  stop-word themes {th['stop_themes']}  "
              f"named theme in 其他 {th['in_other']}  unmapped quotes {th['unmapped']}")
        print(f"  praise counted {th['praise'][0]} (labelled {th['praise'][1]})")
        print(f"masking: missed {len(mk['missed'])} {mk['missed']}  damaged {len(mk['damaged'])} {mk['damaged']}")
    problems = []
    if rec["precision"] < 0.9:
        problems.append(f"recurring precision {rec['precision']:.3f} < 0.9")
    if rec["recall"] < 0.8:
        problems.append(f"recurring recall {rec['recall']:.3f} < 0.8")
    if rec["missed"]:
        problems.append(f"true groups not reported: {rec['missed']}")
    if th["rate"] < 0.8:
        problems.append(f"theme recovery {th['rate']:.0%} < 80%")
    if th["duplicates"]:
        problems.append(f"duplicate quotes {th['duplicates']}")
    if th["stop_themes"]:
        problems.append(f"stop-word themes {th['stop_themes']}")
    if mk["missed"]:
        problems.append(f"masking missed {mk['missed']}")
    if mk["damaged"]:
        problems.append(f"masking damaged {mk['damaged']}")
    assert not problems, "\n".join(problems)
