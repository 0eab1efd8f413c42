"""What an openpyxl load + save would lose or damage in a workbook, found without openpyxl.

kefu writes marks into the office's register only through openpyxl, which rewrites the whole file from
its own model: whatever that model does not hold is silently dropped (text boxes, form buttons,
sparklines, slicers, pivot tables...), some things are rewritten from a simplified copy (charts,
images), and every formula loses its cached result. ``inspect_workbook`` reads the zip directly and
lists each such thing as one Chinese reason; ``mark_register`` refuses to write when there is any.

Parts are judged against an allow-list of what openpyxl keeps as it is, so a part kefu does not know
(a new Excel feature) is a reason too, never silently lost.
"""
from __future__ import annotations

import html
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from kefu.core.errors import InputError, where
from kefu.read.filecheck import read_part_limited
from kefu.read.ooxml import relationships, rels_path

PART_LIMIT = 256 * 1024 * 1024   # a sheet part is streamed through regexes up to this size

# Parts openpyxl reads into its model and writes back without loss.
_SAFE_PARTS = re.compile(
    r"\[Content_Types\]\.xml|_rels/\.rels|docProps/(core|app|custom)\.xml"
    r"|xl/workbook\.xml|xl/_rels/workbook\.xml\.rels|xl/styles\.xml|xl/theme/[^/]+\.xml"
    r"|xl/theme/_rels/[^/]+\.rels|xl/sharedStrings\.xml|xl/worksheets/[^/]+\.xml"
    r"|xl/worksheets/_rels/[^/]+\.rels|xl/tables/[^/]+\.xml|xl/tables/_rels/[^/]+\.rels"
    r"|xl/comments[^/]*\.xml|xl/comments/[^/]+\.xml|xl/calcChain\.xml")
_VBA_PARTS = re.compile(r"xl/vba|customUI|xl/_rels/vbaProject")   # kept with keep_vba=True
_PRINTER = re.compile(r"xl/printerSettings/")
_VML = re.compile(r"xl/drawings/[^/]*\.vml$")
_DRAWING_PARTS = re.compile(r"xl/drawings/(_rels/)?drawing\d+\.xml")

# (pattern on part names, reason). Checked in order; a part takes the first reason that matches.
_PART_REASONS: list[tuple[re.Pattern, str]] = [(re.compile(p), r) for p, r in [
    (r"xl/charts/|xl/chartsheets/", "含有图表"),
    (r"xl/media/", "含有图片"),
    (r"xl/pivotCache/|xl/pivotTables/", "含有数据透视表"),
    (r"xl/slicers/|xl/slicerCaches/|xl/timelines/|xl/timelineCaches/", "含有切片器或日程表"),
    (r"xl/externalLinks/", "含有指向其他工作簿的外部链接"),
    (r"xl/threadedComments/|xl/persons/", "含有新式批注(对话式批注)"),
    (r"xl/activeX/|xl/ctrlProps/", "含有按钮、复选框等控件"),
    (r"xl/embeddings/", "含有嵌入的对象(如 Word 文档、附件)"),
    (r"customXml/", "含有自定义 XML 数据"),
    (r"xl/queryTables/|xl/connections\.xml|xl/model/", "含有外部数据查询或数据模型"),
    (r"xl/macrosheets/|xl/dialogsheets/", "含有旧式宏表或对话框表"),
    (r"xl/richData/|xl/metadata\.xml", "含有单元格内图片或动态数组等新功能"),
    (r"xl/drawings/", "含有文本框等图形"),
]]

_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_DRAWING = re.compile(rb"<(?:\w+:)?drawing\s")
_LEGACY = re.compile(rb"<(?:\w+:)?legacyDrawing\s")
_HF_PICTURE = re.compile(rb"<(?:\w+:)?(?:legacyDrawingHF|picture)\s")
_OBJECTS = re.compile(rb"<(?:\w+:)?(?:oleObjects|controls)[\s>]")
_EXT_URI = re.compile(rb'<(?:\w+:)?ext\b[^>]*\buri="([^"]+)"')
_VML_SHAPE = re.compile(rb"<v:shape\b(.*?)</v:shape>", re.S)
_VML_NOTE = re.compile(rb'ObjectType="Note"')

# Extensions inside a worksheet (extLst) that openpyxl drops, by their documented uri.
_EXT_REASONS = {
    "{78C0D931-6437-407d-A8EE-F0AAD7539E65}": "含有扩展条件格式(如数据条、图标集)",
    "{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}": "含有引用其他工作表的数据验证(下拉列表)",
    "{05C60535-1F16-4fd2-B633-F4F36F0B64E0}": "含有迷你图",
    "{A8765BA9-456A-4dab-B4F3-ACF838C121DE}": "含有切片器或日程表",
    "{3A4CF648-6AED-40f4-86FF-DC5316D8AED3}": "含有切片器或日程表",
    "{7E03D99C-DC04-49d9-9315-930204A7B6E9}": "含有切片器或日程表",
}
FORMULA_REASON = "含有公式(保存后缓存结果会被清空)"
STRICT_REASON = "是“Strict Open XML”(严格)格式,kefu 写入标记的方式无法如实读写这种格式"
_STRICT = re.compile(rb"http://purl\.oclc\.org/ooxml/")
_SHEET_NAME = re.compile(rb'<(?:\w+:)?sheet\b[^>]*\bname="([^"]*)"')
_NOT_IN_SHEET_NAMES = set('/\\?*[]:')


@dataclass
class SafetyReport:
    path: Path
    losses: list[str] = field(default_factory=list)   # Chinese reasons: writing would lose these
    notes: list[str] = field(default_factory=list)    # Chinese: minor changes that are accepted

    @property
    def safe(self) -> bool:
        return not self.losses

    def add(self, reason: str) -> None:
        if reason not in self.losses:
            self.losses.append(reason)

    def refusal(self) -> InputError:
        return InputError(
            f"{where(self.path)}{'、'.join(self.losses)},kefu 用来写入标记的方式会丢失或损坏这些内容,"
            "所以没有在文件里做标记(文件未改动)。可以在 Excel 中打开登记表后再运行标记(装有 xlwings 时"
            "标记直接写入打开的工作簿),或直接查看每日检查的结果清单。")


def inspect_workbook(path: Path, *, keep_vba: bool | None = None) -> SafetyReport:
    """List what an openpyxl load + save (``keep_vba`` as given, default: .xlsm) would lose."""
    path = Path(path)
    keep_vba = path.suffix.lower() == ".xlsm" if keep_vba is None else keep_vba
    report = SafetyReport(path)
    try:
        with zipfile.ZipFile(path) as zf:
            names = [i.filename for i in zf.infolist() if not i.is_dir()]
            if "xl/workbook.xml" in names:
                _check_workbook_part(read_part_limited(zf, "xl/workbook.xml", PART_LIMIT), report)
            _check_parts(names, keep_vba, report)
            for name in names:
                if re.fullmatch(r"xl/worksheets/[^/]+\.xml", name):
                    _check_sheet(read_part_limited(zf, name, PART_LIMIT), name, zf, names, report)
    except zipfile.BadZipFile as err:
        raise InputError(f"{where(path)}不是完整的 Excel 工作簿,可能已损坏。") from err
    return report


def _check_workbook_part(xml: bytes, report: SafetyReport) -> None:
    """Strict Open XML, and sheet names Excel never writes (openpyxl cannot save them)."""
    if _STRICT.search(xml):
        report.add(STRICT_REASON)
    for raw in _SHEET_NAME.findall(xml):
        name = html.unescape(raw.decode("utf-8", "replace"))
        if set(name) & _NOT_IN_SHEET_NAMES or len(name) > 31:
            report.add(f"有工作表名「{name}」含有 Excel 不允许的字符(/ \\ ? * [ ] :)或超过 31 个字")


def _check_parts(names: list[str], keep_vba: bool, report: SafetyReport) -> None:
    for name in names:
        if _SAFE_PARTS.fullmatch(name) or _VML.match(name) or _DRAWING_PARTS.match(name):
            continue  # drawings and VML are judged with the sheet that shows them
        if _VBA_PARTS.match(name):
            if not keep_vba:
                report.add("含有宏(VBA)")
            continue
        if _PRINTER.match(name):
            note = "打印机驱动的专用设置会被去掉(页面方向、边距、打印区域等保留)"
            if note not in report.notes:
                report.notes.append(note)
            continue
        if name.startswith("docProps/"):
            continue  # thumbnail and similar: only the file preview, rebuilt by Excel
        for pattern, reason in _PART_REASONS:
            if pattern.match(name):
                report.add(reason)
                break
        else:
            report.add(f"含有 kefu 不认识的内容({name})")


def _check_sheet(xml: bytes, name: str, zf: zipfile.ZipFile, names: list[str], report: SafetyReport) -> None:
    if _FORMULA.search(xml):
        report.add(FORMULA_REASON)
    if _DRAWING.search(xml):
        for reason in _drawing_reasons(zf, name, names):
            report.add(reason)
    if _LEGACY.search(xml):
        _check_vml(zf, name, names, report)
    if _HF_PICTURE.search(xml):
        report.add("含有页眉页脚图片或工作表背景图片")
    if _OBJECTS.search(xml):
        report.add("含有按钮、复选框等控件或嵌入对象")
    for uri in _EXT_URI.findall(xml):
        report.add(_EXT_REASONS.get(uri.decode("ascii", "replace"), "含有 Excel 扩展功能(如迷你图、扩展条件格式)"))


def _sheet_targets(zf: zipfile.ZipFile, sheet: str, names: list[str], kind: str) -> list[str]:
    """Parts the sheet's relationships point at whose type ends with ``kind`` (drawing, vmlDrawing)."""
    rels = rels_path(sheet)
    if rels not in names:
        return []
    return [rel.target for rel in relationships(read_part_limited(zf, rels, 4 * 1024 * 1024), sheet)
            if rel.type.endswith("/" + kind)]


def _drawing_reasons(zf: zipfile.ZipFile, sheet: str, names: list[str]) -> list[str]:
    """A DrawingML part: chart, picture or shape (text box...), by what it anchors."""
    kinds = []
    for part in _sheet_targets(zf, sheet, names, "drawing"):
        if part in names:
            xml = read_part_limited(zf, part, PART_LIMIT)
            if re.search(rb"<(?:\w+:)?graphicFrame\b", xml):
                kinds.append("含有图表")
            if re.search(rb"<(?:\w+:)?pic\b", xml):
                kinds.append("含有图片")
            if re.search(rb"<(?:\w+:)?(?:sp|cxnSp|grpSp)\b", xml):
                kinds.append("含有文本框等图形")
    return kinds or ["含有图表、图片或文本框等图形"]


def _check_vml(zf: zipfile.ZipFile, sheet: str, names: list[str], report: SafetyReport) -> None:
    """Legacy VML: notes (comments) are kept by openpyxl; any other shape (form button...) is lost."""
    for part in _sheet_targets(zf, sheet, names, "vmlDrawing"):
        if part not in names:
            continue
        shapes = _VML_SHAPE.findall(read_part_limited(zf, part, PART_LIMIT))
        if any(not _VML_NOTE.search(s) for s in shapes):
            report.add("含有按钮等旧式控件或图形")
        elif shapes:
            note = "原有批注的文字和作者保留,批注框的大小和格式会恢复为默认"
            if note not in report.notes:
                report.notes.append(note)
