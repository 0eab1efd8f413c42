"""Held-out blind set D for issue 28's "Must show": recurring groups (pair precision/recall, every true group
found), owners' themes (recovery, no duplicate quotes, no stop-word theme) and masking (nothing personal left,
nothing clean damaged), measured on what the jobs write, run in process as the office would run them."""
from __future__ import annotations

import itertools
import json
import math
import re
from pathlib import Path

import docx

from blind_set_d import CLEAN, COMMENTS, PERSONAL, REGISTER, THEMES
from conftest import complaint, run_cli, write_config, write_register
from survey_books import ITEMS, form, write_survey

OTHER = {"其他", "其他意见"}
STOP = {"不错", "继续", "保持", "总体", "地方", "感谢", "谢谢", "满意", "还行", "努力", "物业", "服务很好", "希望",
        "建议", "问题", "工作", "管理", "一般", "很好"}


def _register_rows():
    rows = []
    for i, (number, day, room, summary, category, dept, status, _g) in enumerate(REGISTER):
        y, m, d = map(int, day.split("-"))
        done = status == "已完成"
        reply = f"{y}-{m:02d}-{min(d + 1, 28):02d}"
        finish = f"{y}-{m:02d}-{min(d + 3, 28):02d}" if done else ""
        rows.append(complaint(number, day, 客户名称=["王建国", "李秀英", "陈志强", "刘芳", "赵磊"][i % 5], 房号=room,
                              联系电话=f"139{i:04d}{i * 7 % 10000:04d}", 投诉方式="电话", 投诉内容摘要=summary,
                              类别=category, 责任部门=dept, 是否重大="否", 核实日期=day, 答复日期=reply,
                              补救措施="已安排处理", 预定完成日期=finish or f"{y}-{m:02d}-28", 完成日期=finish,
                              处理结果="已处理" if done else "", 回访日期=finish, 回访人="客服" if done else "",
                              回访结果="满意" if done else "", 是否满意="是" if done else "", 状态=status))
    return sorted(rows, key=lambda r: r["登记日期"])


def _survey_rows():
    rows = []
    for i, (text, _label) in enumerate(COMMENTS, start=1):
        building, unit, floor = i % 12 + 1, i % 3 + 1, 2 + i % 17
        answers = ["满意", "基本满意", "满意", "满意", "满意", "满意", "满意" if i % 4 else "不满意", "满意"]
        rows.append(form(f"2026-{i:03d}", f"{building}栋{unit}单元{floor}{i % 4 + 1:02d}", f"2026-11-{1 + i % 20:02d}",
                         answers, text))
    # forms without comments, as most forms are
    for j in range(1, 26):
        rows.append(form(f"2026-{100 + j:03d}", f"{j % 12 + 1}栋{j % 2 + 1}单元{j % 9 + 1}0{j % 3 + 1}", "2026-11-10",
                         ["满意"] * 8))
    return rows


def _norm(text: str) -> str:
    return re.sub(r"[\u2060\s,，。.!！?？:：;；、“”\"'（）()*]", "", text)


def _docx_text(path: Path) -> tuple[str, list[list[str]]]:
    d = docx.Document(str(path))
    text = [p.text for p in d.paragraphs]
    rows = []
    for t in d.tables:
        for r in t.rows:
            cells = [c.text for c in r.cells]
            rows.append(cells)
            text.append(" | ".join(cells))
    return "\n".join(text), rows


def _theme_table(rows: list[list[str]]) -> list[dict]:
    """The owners' opinions table: rows after a header whose first cell is 意见类别."""
    out, on = [], False
    for cells in rows:
        if cells and cells[0].strip() == "意见类别":
            on = True
            continue
        if on:
            if len(cells) < 3 or not re.fullmatch(r"\d+", cells[1].strip() or "x"):
                on = False
                continue
            quotes = re.findall(r"“([^”]*)”", cells[2])
            out.append({"label": cells[0].strip(), "count": int(cells[1]), "quotes": quotes})
    return out


def _which_comment(quote: str) -> int | None:
    """Index of the comment a (possibly masked or trimmed) quote comes from: best character overlap."""
    q = _norm(quote)
    best, score = None, 0.0
    for i, (text, _l) in enumerate(COMMENTS):
        c = _norm(text)
        if not q:
            break
        common = sum(1 for ch in set(q) if ch in c) / len(set(q))
        if q in c or c in q:
            common += 1
        if common > score:
            best, score = i, common
    return best if score >= 0.7 else None


def test_blind_set_d(tmp_path):
    register = write_register(tmp_path / "workbooks" / "客户投诉登记表.xlsx", {"2026年": _register_rows()})
    survey = write_survey(tmp_path / "workbooks" / "业主意见调查表.xlsx", {"2026年调查": _survey_rows()})
    config = write_config(tmp_path, register=register, survey=survey)

    # ---- recurring problems -------------------------------------------------------------------------------
    out = tmp_path / "summary.json"
    done = run_cli("compile_summary", "--config", config, "--as-of", "2026-07-10", "--period", "2026H1",
                   "--json", out, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    summary = json.loads(out.read_text(encoding="utf-8"))
    reported = [set(entry["numbers"]) for entry in summary["recurring"]]
    truth: dict[str, set[str]] = {}
    for number, *_rest, group in REGISTER:
        if group:
            truth.setdefault(group, set()).add(number)
    true_pairs = {frozenset(p) for g in truth.values() for p in itertools.combinations(sorted(g), 2)}
    said_pairs = {frozenset(p) for g in reported for p in itertools.combinations(sorted(g), 2)}
    hit = true_pairs & said_pairs
    precision = len(hit) / len(said_pairs) if said_pairs else 0.0
    recall = len(hit) / len(true_pairs)
    summaries = {n: s for n, _d, _r, s, *_x in REGISTER}
    print(f"\n[D] recurring: {len(reported)} groups reported; pairs said {len(said_pairs)}, true {len(true_pairs)}, "
          f"both {len(hit)}; precision {precision:.3f} recall {recall:.3f}")
    for entry in summary["recurring"]:
        print(f"    reported {entry.get('place')}·{entry.get('category')} x{entry['count']}: "
              + " / ".join(summaries.get(n, n) for n in entry["numbers"]))
    missed = []
    for name, members in sorted(truth.items()):
        need = max(2, math.ceil(0.6 * len(members)))
        found = any(len(g & members) >= need and len(g & members) * 2 > len(g) for g in reported)
        if not found:
            missed.append(name)
        print(f"    true {name} ({len(members)}): {'found' if found else 'MISSED'}")
    wrong = [p for p in said_pairs - true_pairs]
    for p in sorted(wrong, key=sorted)[:20]:
        a, b = sorted(p)
        print(f"    wrong pair: {summaries.get(a)} <-> {summaries.get(b)}")

    # ---- owners' themes and masking -----------------------------------------------------------------------
    out = tmp_path / "survey.json"
    done = run_cli("survey_report", "--config", config, "--as-of", "2026-11-26", "--year", "2026", "--json", out,
                   cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    files = sorted((tmp_path / "output").rglob("*.docx"))
    files = [f for f in files if f.parent.name == "满意度调查"]   # not the complaint analysis report
    report = next(f for f in files if "报告" in f.name)
    bulletin = next(f for f in files if "通报" in f.name)
    report_text, report_rows = _docx_text(report)
    bulletin_text, bulletin_rows = _docx_text(bulletin)
    table = _theme_table(report_rows)
    assert table, "no owners' opinions table in the report"
    print("[D] themes in the report:")
    for row in table:
        print(f"    {row['label']} {row['count']}: " + " / ".join(row["quotes"]))

    recovered, theme_misses = [], []
    sizes = {t: sum(1 for _c, l in COMMENTS if l == t) for t in THEMES}
    for theme, item in THEMES.items():
        ok = False
        for row in table:
            label = row["label"]
            parts = [p.strip() for p in label.split("·")]
            if parts[0] in OTHER or label.split(":")[0] in OTHER or parts[0] != item:
                continue
            labels = [COMMENTS[i][1] if i is not None else None for i in map(_which_comment, row["quotes"])]
            mine = sum(1 for l in labels if l == theme)
            if mine and mine * 2 > len(labels) and row["count"] >= math.ceil(sizes[theme] / 2):
                ok = True
        (recovered if ok else theme_misses).append(theme)
    recovery = len(recovered) / len(THEMES)
    misplaced = [q for row in table for q in row["quotes"]
                 if (i := _which_comment(q)) is not None and COMMENTS[i][1] in THEMES
                 and THEMES[COMMENTS[i][1]] != row["label"].split("·")[0].strip()]
    print(f"[D] quotes under another item than their theme's (printed, not asserted): {misplaced}")
    print(f"[D] themes recovered {len(recovered)}/{len(THEMES)} = {recovery:.2f}; missed: {theme_misses}")

    duplicates = []
    for rows_ in (report_rows, bulletin_rows):
        seen_text, seen_comment, seen_cluster = set(), set(), set()
        for row in _theme_table(rows_):
            for q in row["quotes"]:
                i = _which_comment(q)
                key = _norm(q)
                cluster = _norm(COMMENTS[i][0]) if i is not None else key
                if key in seen_text or (i is not None and i in seen_comment) or cluster in seen_cluster:
                    duplicates.append(q)
                seen_text.add(key), seen_cluster.add(cluster)
                if i is not None:
                    seen_comment.add(i)
    stop_themes = []
    for row in table + _theme_table(bulletin_rows):
        name = row["label"].split("·")[-1].strip()
        if name in OTHER:
            continue
        if name.split(":")[0] in OTHER:
            name = name.split(":", 1)[1]
        if name in STOP or name in ITEMS and False:
            stop_themes.append(row["label"])
    praise_quoted = [q for row in table for q in row["quotes"]
                     if (i := _which_comment(q)) is not None and COMMENTS[i][1] == "praise"]
    print(f"[D] duplicate quotes: {duplicates}; stop-word themes: {stop_themes}; praise quoted as opinion: "
          f"{praise_quoted}")

    leaving = report_text + "\n" + bulletin_text
    missed_masks = [p for p in PERSONAL if p in leaving or _norm(p) in _norm(leaving)]
    quotes_all = [q for rows_ in (report_rows, bulletin_rows) for row in _theme_table(rows_) for q in row["quotes"]]
    damaged = []
    for clean in CLEAN:
        for i, (text, _l) in enumerate(COMMENTS):
            if clean in text:
                for q in quotes_all:
                    if _which_comment(q) == i and (clean not in q or "*" in q):
                        damaged.append(q)
    print(f"[D] masking: missed {missed_masks}; damaged {damaged}; clean quoted: "
          f"{[c for c in CLEAN if any(c in q for q in quotes_all)]}")

    assert precision >= 0.9, f"recurring precision {precision:.3f}"
    assert recall >= 0.8, f"recurring recall {recall:.3f}"
    assert not missed, f"true groups not reported: {missed}"
    assert recovery >= 0.8, f"themes recovered {recovery:.2f}: missed {theme_misses}"
    assert not duplicates, duplicates
    assert not stop_themes, stop_themes
    assert not missed_masks, missed_masks
    assert not damaged, damaged
