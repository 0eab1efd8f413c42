"""config.ini -> Settings, validated once.

Every section kefu knows is a frozen dataclass (``DeadlinesSection`` ...) whose fields are its keys, each
with its type, parser (``core.setting_parsers``) and default text (``SCHEMA`` is read off them), so a typo in config.ini is caught with a Chinese message naming section, key and what is allowed. Free-form
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
from kefu.core.setting_parsers import (JOB_NAMES, parse_bool, parse_choice, parse_dates, parse_int, parse_jobs,
                                       parse_list, parse_month_day, parse_pattern, parse_rate, parse_text,
                                       parse_time)

DEFAULT_CONFIG_NAME = "config.ini"


PATH = "path"  # marker: resolved against the config folder
PATHS = "paths"  # marker: one or more paths (comma, semicolon or one per line); the first is the key's value
T = TypeVar("T")


def _key(parse: Callable[[str], T], default: str) -> T:
    """A key of its section: the parser and the default text (defaults go through the same parser)."""
    return field(metadata={"parse": parse, "default": default})


def _path(default: str) -> Path:
    """A path key: relative to the folder holding config.ini."""
    return field(metadata={"parse": PATH, "default": default})


def _paths(default: str) -> Path:
    """A key of one or more paths (comma, semicolon or one per line): the field holds the first, and the
    field ``<key>_sources`` of the same section all of them."""
    return field(metadata={"parse": PATHS, "default": default})


class _Section:
    """Equality, hash and repr over a section's fields, as dataclass would write them: written once here
    rather than generated for each section at every job's start (a few milliseconds)."""

    def _values(self) -> tuple:
        return tuple(getattr(self, f.name) for f in fields(self))  # type: ignore[arg-type]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, _Section) or other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        values = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in fields(self))  # type: ignore[arg-type]
        return f"{type(self).__qualname__}({values})"


# A frozen dataclass per section; each field carries its parser and default text (load_settings fills them all).
@dataclass(frozen=True, eq=False, repr=False)
class OfficeSection(_Section):
    """[office] of config.ini."""

    name: str = _key(parse_text, "阳光花园管理处")


@dataclass(frozen=True, eq=False, repr=False)
class PathsSection(_Section):
    """[paths] of config.ini."""

    register: Path = _path("workbooks/客户投诉登记表.xlsx")
    survey: Path = _paths("workbooks/业主意见调查表.xlsx")
    callback_records: Path = _path("workbooks/回访记录.xlsx")
    output: Path = _path("output")
    data: Path = _path("data")
    logs: Path = _path("logs")
    templates: Path = _path("templates")
    # every path [paths] survey names (files or folders, read.survey_sources expands them); not a key of its
    # own. Its first is always ``survey``: a copy given another ``survey`` (with_values) gets (survey,).
    survey_sources: tuple[Path, ...] = field(default=(), metadata={"sources_of": "survey"})

    def __post_init__(self) -> None:
        if not self.survey_sources or self.survey_sources[0] != self.survey:
            object.__setattr__(self, "survey_sources", (self.survey,))


@dataclass(frozen=True, eq=False, repr=False)
class RegisterSection(_Section):
    """[register] of config.ini."""

    sheets: tuple[str, ...] = _key(parse_list, "*")
    header_search_rows: int = _key(parse_int(1, 200), "30")
    void_words: tuple[str, ...] = _key(parse_list, "作废, 已作废, 撤销")


@dataclass(frozen=True, eq=False, repr=False)
class NumberingSection(_Section):
    """[numbering] of config.ini."""

    pattern: str = _key(parse_pattern, "TS-{year}-{seq:04d}")
    sequence_reset: str = _key(parse_choice("yearly", "never"), "yearly")


@dataclass(frozen=True, eq=False, repr=False)
class DeadlinesSection(_Section):
    """[deadlines] of config.ini."""

    reply_days: int = _key(parse_int(1, 60), "3")
    day_count: str = _key(parse_choice("calendar", "workdays"), "calendar")
    due_soon_days: int = _key(parse_int(0, 30), "1")
    late_window_days: int = _key(parse_int(1, 3660), "31")
    extra_holidays: frozenset[dt.date] = _key(parse_dates, "")
    extra_workdays: frozenset[dt.date] = _key(parse_dates, "")
    holiday_notices: Path = _path("节假日")   # folder of the State Council's yearly notices (.txt)


@dataclass(frozen=True, eq=False, repr=False)
class CallbacksSection(_Section):
    """[callbacks] of config.ini."""

    callback_days: int = _key(parse_int(0, 365), "3")
    unsatisfied_words: tuple[str, ...] = _key(parse_list, "不满意, 未解决, 没解决, 否, 不认可, 仍有问题")
    regular_every: str = _key(parse_choice("none", "month", "quarter", "half-year", "year"), "quarter")
    group_by: str = _key(parse_choice("none", "staff", "building"), "none")
    reopen_words: tuple[str, ...] = _key(parse_list, "处理中, 重新处理, 返工, 重新派单, 再次处理")
    unreachable_words: tuple[str, ...] = _key(parse_list, "未接通, 无人接听, 关机, 空号, 联系不上, 未联系上")


@dataclass(frozen=True, eq=False, repr=False)
class NoticesSection(_Section):
    """[notices] of config.ini."""

    template: str = _key(parse_text, "投诉处理通知单.docx")
    folder_pattern: str = _key(parse_text, "{year}/{month:02d}")
    recent_days: int = _key(parse_int(0, 3650), "30")


@dataclass(frozen=True, eq=False, repr=False)
class SurveySection(_Section):
    """[survey] of config.ini."""

    sheets: tuple[str, ...] = _key(parse_list, "*")
    grades: tuple[str, ...] = _key(parse_list, "满意, 基本满意, 不满意")
    satisfied_grades: tuple[str, ...] = _key(parse_list, "满意, 基本满意")
    distributed: int = _key(parse_int(0), "0")
    target_rate: float = _key(parse_rate, "90%")
    rectify_sheet: str = _key(parse_text, "整改跟踪")
    # 网上问卷:用时不足这么多秒的答卷算测试答卷,不计入(0 = 不按用时判断)
    min_seconds: int = _key(parse_int(0, 3600), "10")
    # 问卷星“按序号”下载的选项文字,按序号 1, 2, 3 … 的顺序(不写则不读按序号的文件)
    coded_options: tuple[str, ...] = _key(parse_list, "")


@dataclass(frozen=True, eq=False, repr=False)
class SummarySection(_Section):
    """[summary] of config.ini."""

    recurring_unit_min: int = _key(parse_int(2, 100), "2")
    recurring_building_min: int = _key(parse_int(2, 100), "3")
    similarity: float = _key(parse_rate, "0.5")


@dataclass(frozen=True, eq=False, repr=False)
class ScheduleSection(_Section):
    """[schedule] of config.ini."""

    jobs: tuple[str, ...] = _key(parse_jobs, ", ".join(JOB_NAMES))
    daily_check_at: str = _key(parse_time, "08:30")
    workdays_only: bool = _key(parse_bool, "yes")
    notices_every_minutes: int = _key(parse_int(5, 1440), "60")
    callback_list_at: str = _key(parse_time, "08:40")
    survey_reminder_on: str = _key(parse_month_day, "11-01")
    log_keep_days: int = _key(parse_int(1, 3650), "30")
    reminder_format: str = _key(parse_choice("docx", "txt"), "docx")


@dataclass(frozen=True, eq=False, repr=False)
class PrivacySection(_Section):
    """[privacy] of config.ini."""

    mask: bool = _key(parse_bool, "yes")


@dataclass(frozen=True, eq=False, repr=False)
class MarkingSection(_Section):
    """[marking] of config.ini."""

    mode: str = _key(parse_choice("comment", "column"), "comment")
    status_header: str = _key(parse_text, "kefu检查")


@dataclass(frozen=True, eq=False, repr=False)
class LimitsSection(_Section):
    """[limits] of config.ini."""

    max_uncompressed_mb: int = _key(parse_int(1, 100000), "1024")
    max_file_mb: int = _key(parse_int(1, 10000), "200")
    max_cells: int = _key(parse_int(1000, 200_000_000), "10000000")


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
# section -> key -> (parser, PATH or PATHS, default text), read off the sections' dataclasses (fields that
# are no key of their own, like PathsSection.survey_sources, carry no parser)
SCHEMA: dict[str, dict[str, tuple[Any, str]]] = {
    name: {f.name: (f.metadata["parse"], f.metadata["default"]) for f in fields(cls) if "parse" in f.metadata}
    for name, cls in SECTIONS.items()}


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
    keywords = {k: parse_list(v) for k, v in (cp.items("survey_keywords") if cp.has_section("survey_keywords") else [])}
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
        if parse in (PATH, PATHS):
            parts = [text.strip()] if parse is PATH else [t.strip() for t in re.split(r"[,;\n\uff0c\uff1b]", text)]
            paths = [Path(t) for t in parts if t]
            if not paths:
                raise ConfigError(f"配置文件《{name}》[{section}] {key} 不能为空,应填写文件或文件夹路径。")
            paths = [p if p.is_absolute() else base_dir / p for p in paths]
            values[key] = paths[0]
            if parse is PATHS:
                values[f"{key}_sources"] = tuple(paths)
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
