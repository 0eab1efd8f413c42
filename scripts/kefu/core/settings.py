"""config.ini -> Settings, validated once.

Every section kefu knows is a frozen dataclass (``DeadlinesSection`` ...) whose fields are its keys, each
with its type, parser and default text (``SCHEMA`` is read off them), so a typo in config.ini is caught with a Chinese message naming section, key and what is allowed. Free-form
sections (``[columns]``, ``[survey_columns]``, ``[survey_keywords]``) map names to header texts or
keyword lists. Paths are relative to the folder holding config.ini.
"""
from __future__ import annotations

import configparser
import datetime as dt
import re
from dataclasses import dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import Any, Callable, TypeVar, get_type_hints

from kefu.core.errors import ConfigError
from kefu.core.fields import REGISTER_FIELDS, SURVEY_FIELDS

DEFAULT_CONFIG_NAME = "config.ini"


# ---------------------------------------------------------------- value parsers
# Each parser takes the raw text and returns the typed value or raises ValueError(allowed-text).

# Every job kefu can run on its own, in the order of [schedule] jobs' default; kefu.jobs.registry holds
# what each one is, and the scheduler, --once and --print-task all take the names from here.
JOB_NAMES = ("daily_check", "notices", "callback_list", "monthly_summary", "half_year_summary", "survey_reminder")

def _int(lo: int | None = None, hi: int | None = None) -> Callable[[str], int]:
    def parse(text: str) -> int:
        allowed = "整数" + (f"(不小于 {lo})" if lo is not None and hi is None else "")
        if lo is not None and hi is not None:
            allowed = f"{lo} 到 {hi} 之间的整数"
        try:
            value = int(text)
        except ValueError:
            raise ValueError(allowed) from None
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            raise ValueError(allowed)
        return value
    return parse


def _rate(text: str) -> float:
    """0.9, 90% or 90 all mean ninety per cent."""
    t = text.strip().rstrip("%")
    try:
        value = float(t)
    except ValueError:
        raise ValueError("0 到 1 之间的小数或百分数,如 0.9 或 90%") from None
    if text.strip().endswith("%") or value > 1:
        value /= 100
    if not 0 <= value <= 1:
        raise ValueError("0 到 1 之间的小数或百分数,如 0.9 或 90%")
    return value


def _text(text: str) -> str:
    return text.strip()


def _list(text: str) -> tuple[str, ...]:
    """Comma separated (ASCII or Chinese commas, 、 and ;)."""
    return tuple(p.strip() for p in re.split(r"[,,、;;]", text) if p.strip())


def _jobs(text: str) -> tuple[str, ...]:
    names = _list(text)
    unknown = [n for n in names if n not in JOB_NAMES]
    if unknown:
        raise ValueError(f"kefu 的任务名(没有 {'、'.join(unknown)};可用的任务:{'、'.join(JOB_NAMES)})")
    return names


def _choice(*options: str) -> Callable[[str], str]:
    def parse(text: str) -> str:
        value = text.strip().lower()
        if value not in options:
            raise ValueError(" 或 ".join(options))
        return value
    return parse


_TRUE = {"yes", "true", "on", "1", "是", "开", "启用"}
_FALSE = {"no", "false", "off", "0", "否", "关", "停用"}


def _bool(text: str) -> bool:
    value = text.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError("yes 或 no")


def _dates(text: str) -> frozenset[dt.date]:
    out = set()
    for part in _list(text):
        try:
            out.add(dt.date.fromisoformat(part))
        except ValueError:
            raise ValueError("以逗号分隔的日期,如 2027-01-01, 2027-02-06") from None
    return frozenset(out)


def _time(text: str) -> str:
    value = text.strip()
    m = re.fullmatch(r"(\d{1,2}):(\d{2})", value)
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        raise ValueError("时:分,如 08:30")
    return f"{int(m.group(1)):02d}:{m.group(2)}"


def _month_day(text: str) -> str:
    value = text.strip()
    try:
        dt.date.fromisoformat(f"2024-{value}")
    except ValueError:
        raise ValueError("月-日,如 11-01") from None
    return value


def _pattern(text: str) -> str:
    value = text.strip()
    if "{seq" not in value:
        raise ValueError("含 {seq} 的编号格式,如 TS-{year}-{seq:04d}")
    try:
        value.format(year=2026, seq=1)
    except (KeyError, ValueError, IndexError):
        raise ValueError("只能使用 {year} 和 {seq} 两个占位符,如 TS-{year}-{seq:04d}") from None
    return value


PATH = "path"  # marker: resolved against the config folder
T = TypeVar("T")


def _key(parse: Callable[[str], T], default: str) -> T:
    """A key of its section: the parser and the default text (defaults go through the same parser)."""
    return field(metadata={"parse": parse, "default": default})


def _path(default: str) -> Path:
    """A path key: relative to the folder holding config.ini."""
    return field(metadata={"parse": PATH, "default": default})


# A frozen dataclass per section; each field carries its parser and default text (load_settings fills them all).
@dataclass(frozen=True)
class OfficeSection:
    name: str = _key(_text, "阳光花园管理处")


@dataclass(frozen=True)
class PathsSection:
    register: Path = _path("workbooks/客户投诉登记表.xlsx")
    survey: Path = _path("workbooks/业主意见调查表.xlsx")
    callback_records: Path = _path("workbooks/回访记录.xlsx")
    output: Path = _path("output")
    data: Path = _path("data")
    logs: Path = _path("logs")
    templates: Path = _path("templates")


@dataclass(frozen=True)
class RegisterSection:
    sheets: tuple[str, ...] = _key(_list, "*")
    header_search_rows: int = _key(_int(1, 200), "30")
    void_words: tuple[str, ...] = _key(_list, "作废, 已作废, 撤销")


@dataclass(frozen=True)
class NumberingSection:
    pattern: str = _key(_pattern, "TS-{year}-{seq:04d}")
    sequence_reset: str = _key(_choice("yearly", "never"), "yearly")


@dataclass(frozen=True)
class DeadlinesSection:
    reply_days: int = _key(_int(1, 60), "3")
    day_count: str = _key(_choice("calendar", "workdays"), "calendar")
    due_soon_days: int = _key(_int(0, 30), "1")
    late_window_days: int = _key(_int(1, 3660), "31")
    extra_holidays: frozenset[dt.date] = _key(_dates, "")
    extra_workdays: frozenset[dt.date] = _key(_dates, "")
    holiday_notices: Path = _path("节假日")   # folder of the State Council's yearly notices (.txt)


@dataclass(frozen=True)
class CallbacksSection:
    callback_days: int = _key(_int(0, 365), "3")
    unsatisfied_words: tuple[str, ...] = _key(_list, "不满意, 未解决, 没解决, 否, 不认可, 仍有问题")
    regular_every: str = _key(_choice("none", "month", "quarter", "half-year", "year"), "quarter")
    group_by: str = _key(_choice("none", "staff", "building"), "none")
    reopen_words: tuple[str, ...] = _key(_list, "处理中, 重新处理, 返工, 重新派单, 再次处理")
    unreachable_words: tuple[str, ...] = _key(_list, "未接通, 无人接听, 关机, 空号, 联系不上, 未联系上")


@dataclass(frozen=True)
class NoticesSection:
    template: str = _key(_text, "投诉处理通知单.docx")
    folder_pattern: str = _key(_text, "{year}/{month:02d}")
    recent_days: int = _key(_int(0, 3650), "30")


@dataclass(frozen=True)
class SurveySection:
    sheets: tuple[str, ...] = _key(_list, "*")
    grades: tuple[str, ...] = _key(_list, "满意, 基本满意, 不满意")
    satisfied_grades: tuple[str, ...] = _key(_list, "满意, 基本满意")
    distributed: int = _key(_int(0), "0")
    target_rate: float = _key(_rate, "90%")
    rectify_sheet: str = _key(_text, "整改跟踪")


@dataclass(frozen=True)
class SummarySection:
    recurring_unit_min: int = _key(_int(2, 100), "2")
    recurring_building_min: int = _key(_int(2, 100), "3")
    similarity: float = _key(_rate, "0.5")


@dataclass(frozen=True)
class ScheduleSection:
    jobs: tuple[str, ...] = _key(_jobs, ", ".join(JOB_NAMES))
    daily_check_at: str = _key(_time, "08:30")
    workdays_only: bool = _key(_bool, "yes")
    notices_every_minutes: int = _key(_int(5, 1440), "60")
    callback_list_at: str = _key(_time, "08:40")
    survey_reminder_on: str = _key(_month_day, "11-01")
    log_keep_days: int = _key(_int(1, 3650), "30")
    reminder_format: str = _key(_choice("docx", "txt"), "docx")


@dataclass(frozen=True)
class PrivacySection:
    mask: bool = _key(_bool, "yes")


@dataclass(frozen=True)
class MarkingSection:
    mode: str = _key(_choice("comment", "column"), "comment")
    status_header: str = _key(_text, "kefu检查")


@dataclass(frozen=True)
class LimitsSection:
    max_uncompressed_mb: int = _key(_int(1, 100000), "1024")
    max_file_mb: int = _key(_int(1, 10000), "200")
    max_cells: int = _key(_int(1000, 200_000_000), "10000000")


FREE_SECTIONS = ("columns", "survey_columns", "survey_keywords")


@dataclass(frozen=True)
class Settings:
    """Validated settings: one typed, frozen section per [section], e.g. ``settings.deadlines.reply_days``."""

    base_dir: Path
    source: Path | None
    office: OfficeSection
    paths: PathsSection
    register: RegisterSection
    numbering: NumberingSection
    deadlines: DeadlinesSection
    callbacks: CallbacksSection
    notices: NoticesSection
    survey: SurveySection
    summary: SummarySection
    schedule: ScheduleSection
    privacy: PrivacySection
    marking: MarkingSection
    limits: LimitsSection
    columns: dict[str, str] = field(default_factory=dict)
    survey_columns: dict[str, str] = field(default_factory=dict)
    survey_keywords: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def with_values(self, **changes: dict[str, Any]) -> "Settings":
        """A copy with some values replaced, e.g. ``with_values(deadlines={'day_count': 'workdays'})``."""
        sections = {name: replace(getattr(self, name), **values) for name, values in changes.items()}
        return replace(self, columns=dict(self.columns), survey_columns=dict(self.survey_columns),
                       survey_keywords=dict(self.survey_keywords), **sections)


SECTIONS: dict[str, type] = {name: hint for name, hint in get_type_hints(Settings).items()
                             if isinstance(hint, type) and is_dataclass(hint)}
# section -> key -> (parser or PATH, default text), read off the sections' dataclasses
SCHEMA: dict[str, dict[str, tuple[Any, str]]] = {
    name: {f.name: (f.metadata["parse"], f.metadata["default"]) for f in fields(cls)} for name, cls in SECTIONS.items()}


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):  # Notepad on Chinese Windows may save GBK
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ConfigError(f"配置文件《{path.name}》不是 UTF-8 或 GBK 编码的文本,请用记事本另存为 UTF-8。")


class _KeysAsWritten(configparser.ConfigParser):
    def optionxform(self, optionstr: str) -> str:
        return optionstr   # keep case and Chinese keys as written


def _parser() -> configparser.ConfigParser:
    return _KeysAsWritten(inline_comment_prefixes=(";", "#"), interpolation=None,
                          strict=True, empty_lines_in_values=False)


def load_settings(path: str | Path | None = None, *, base_dir: Path | None = None) -> Settings:
    """Read and validate config.ini. ``path=None`` gives the defaults (used by tests and benches)."""
    cp = _parser()
    source = None
    if path is not None:
        source = Path(path)
        if not source.is_file():
            raise ConfigError(f"找不到配置文件《{source}》。请确认路径,或用 --config 指定 config.ini。")
        try:
            cp.read_string(_read_text(source), source=str(source))
        except configparser.Error as exc:
            raise ConfigError(f"配置文件《{source.name}》格式有误:{_explain_parse_error(exc)}") from None
        base_dir = source.resolve().parent
    base_dir = (base_dir or Path.cwd()).resolve()
    name = source.name if source else DEFAULT_CONFIG_NAME
    for section in cp.sections():
        if section not in SCHEMA and section not in FREE_SECTIONS:
            allowed = "、".join(list(SCHEMA) + list(FREE_SECTIONS))
            raise ConfigError(f"配置文件《{name}》中有未知的节 [{section}]。可用的节:{allowed}。")
    sections = {section: _section(cp, section, name, base_dir) for section in SCHEMA}
    columns = _free(cp, "columns", name, REGISTER_FIELDS)
    survey_columns = _free(cp, "survey_columns", name, SURVEY_FIELDS)
    keywords = {k: _list(v) for k, v in (cp.items("survey_keywords") if cp.has_section("survey_keywords") else [])}
    _check_consistency(sections, name)
    return Settings(base_dir, source, **sections, columns=columns, survey_columns=survey_columns,
                    survey_keywords=keywords)


def _section(cp: configparser.ConfigParser, section: str, name: str, base_dir: Path) -> Any:
    """One section, validated: every key known, every value parsed (defaults for the missing)."""
    keys = SCHEMA[section]
    given = dict(cp.items(section)) if cp.has_section(section) else {}
    for key in given:
        if key not in keys:
            raise ConfigError(f"配置文件《{name}》[{section}] 中有未知的项 {key}。"
                              f"可用的项:{'、'.join(keys)}。")
    values: dict[str, Any] = {}
    for key, (parse, default) in keys.items():
        text = given.get(key, default)
        if parse is PATH:
            if not text.strip():
                raise ConfigError(f"配置文件《{name}》[{section}] {key} 不能为空,应填写文件或文件夹路径。")
            p = Path(text.strip())
            values[key] = p if p.is_absolute() else base_dir / p
            continue
        try:
            values[key] = parse(text)
        except ValueError as exc:
            raise ConfigError(f"配置文件《{name}》[{section}] {key} = {text.strip()} 无效,"
                              f"应为:{exc}。") from None
    return SECTIONS[section](**values)


def _free(cp: configparser.ConfigParser, section: str, name: str, known: dict) -> dict[str, str]:
    out: dict[str, str] = {}
    if not cp.has_section(section):
        return out
    for key, value in cp.items(section):
        if key not in known:
            raise ConfigError(f"配置文件《{name}》[{section}] 中的 {key} 不是 kefu 认识的字段。"
                              f"可用的字段:{'、'.join(known)}。")
        if value.strip():
            out[key] = value.strip()
    return out


def _check_consistency(sections: dict[str, Any], name: str) -> None:
    survey = sections["survey"]
    unknown = [g for g in survey.satisfied_grades if g not in survey.grades]
    if unknown and not all(g.isdigit() for g in survey.grades):
        raise ConfigError(f"配置文件《{name}》[survey] satisfied_grades 中的 {'、'.join(unknown)} "
                          f"不在 grades({'、'.join(survey.grades)})之中。")


def _explain_parse_error(exc: configparser.Error) -> str:
    if isinstance(exc, configparser.MissingSectionHeaderError):
        return f"第 {exc.lineno} 行之前缺少节名(如 [paths])。"
    if isinstance(exc, configparser.DuplicateOptionError):
        return f"[{exc.section}] 中的 {exc.option} 写了两次(第 {exc.lineno} 行)。"
    if isinstance(exc, configparser.DuplicateSectionError):
        return f"节 [{exc.section}] 写了两次(第 {exc.lineno} 行)。"
    if isinstance(exc, configparser.ParsingError):
        lines = ", ".join(str(lineno) for lineno, _ in exc.errors)
        return f"第 {lines} 行无法识别,每行应为 项 = 值。"
    return str(exc)
