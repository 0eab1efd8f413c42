"""One colour per meaning in every chart kefu draws, the Word reports' pictures (matplotlib) and the
workbooks' native Excel charts (openpyxl) alike, and Excel charts that label every category.

The palette is defined here once: 本期 and 去年同期 are the same two colours in every chart, a grade of a
survey answer has one colour from best to worst (不满意, the worst, red), an item below its target red.
"""
from __future__ import annotations

from openpyxl.chart.data_source import AxDataSource, StrData, StrRef, StrVal
from openpyxl.chart.marker import DataPoint
from openpyxl.chart.text import RichText
from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties, RichTextProperties

from kefu.core.safe_text import xml_safe

SERIES = ("#2F5597", "#C55A11", "#548235", "#7F6000", "#7030A0", "#2E75B6", "#BF9000", "#A5A5A5")
CURRENT, EARLIER, DEPARTMENT = SERIES[0], SERIES[1], SERIES[2]   # 本期, 去年同期 (or 上期), 按责任部门
MEETS_TARGET, BELOW_TARGET, TARGET_LINE = "#4472C4", "#C0504D", "#7F7F7F"
GRADES = ("#2E75B6", "#9DC3E6", "#FFD966", "#F4B183", "#C00000")   # best ... worst (不满意)
ROTATE_FROM = 6   # categories under a column chart from which their labels are turned


def grade_colours(n: int) -> list[str]:
    """Colours of ``n`` grades, best first: the best blue, the worst (不满意) red, whatever the scale."""
    if n <= 1:
        return list(GRADES[:1])
    return [GRADES[round(i * (len(GRADES) - 1) / (n - 1))] for i in range(n)]


def _hex(colour: str) -> str:
    return colour.lstrip("#").upper()


def fill_series(series, colour: str) -> None:
    """An Excel chart series drawn in ``colour`` (bars filled, a line stroked)."""
    series.graphicalProperties.solidFill = _hex(colour)
    series.graphicalProperties.line.solidFill = _hex(colour)


def fill_points(series, colours: list[str]) -> None:
    """Each bar or slice of an Excel chart series in its own colour."""
    series.dPt = []
    for i, colour in enumerate(colours):
        point = DataPoint(idx=i)
        point.graphicalProperties.solidFill = _hex(colour)
        point.graphicalProperties.line.solidFill = _hex(colour)
        series.dPt.append(point)


def label_every_category(chart, labels: list[str], *, column: bool = False) -> None:
    """Every category of an Excel chart labelled: no label skipped (tickLblSkip 1: Excel otherwise
    labels every other one when they crowd), the labels kept in the chart as text (a string cache, so
    that Excel and LibreOffice show them before any recalculation), under a column chart turned when
    there are many; a bar chart grows so that each label has its line."""
    chart.x_axis.tickLblSkip = 1
    chart.x_axis.tickMarkSkip = 1
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    for series in chart.series:
        ref = series.cat.numRef.f if series.cat is not None and series.cat.numRef is not None else None
        if ref:
            # as the cells hold them: no character XML cannot carry (a label typed with a control character)
            cache = StrData(ptCount=len(labels), pt=[StrVal(idx=i, v=xml_safe(str(v))) for i, v in enumerate(labels)])
            series.cat = AxDataSource(strRef=StrRef(f=ref, strCache=cache))
    turned = column and len(labels) >= ROTATE_FROM
    chart.x_axis.txPr = RichText(bodyPr=RichTextProperties(rot=-2700000 if turned else 0, vert="horz"),
                                 p=[Paragraph(pPr=ParagraphProperties(defRPr=CharacterProperties(sz=900)),
                                              endParaRPr=CharacterProperties())])   # 9 pt
    if not column:
        chart.height = max(chart.height, 3.0 + 0.7 * len(labels))   # cm: room for each label's line
