"""Answers of an online questionnaire by meaning, whatever the office's own scale (DESIGN "Satisfaction").

An answer at or above 满意 on the form's own scale counts as satisfied: 非常满意, 很满意, 满意, 比较满意,
较满意, 基本满意, and 4–5 of 5 stars or points (``5``, ``4分``, ``4星``, ``★★★★``). 一般 and below do not:
一般, 不太满意, 比较不满意, 较不满意, 不满意, 很不满意, 非常不满意, 1–3 stars or points. Anything else
(其他〖…〗, 还行, 7分) is no grade: the caller lists it with its cell and counts it nowhere.
"""
from __future__ import annotations

import re
import unicodedata

# grade -> satisfied, best first (the order the distribution shows them in)
MEANING: dict[str, bool] = {
    "非常满意": True, "很满意": True, "满意": True, "比较满意": True, "较满意": True, "基本满意": True,
    "一般": False, "不太满意": False, "比较不满意": False, "较不满意": False, "不满意": False,
    "很不满意": False, "非常不满意": False,
    "5": True, "4": True, "3": False, "2": False, "1": False,
}
SATISFIED_WORDS = tuple(g for g, ok in MEANING.items() if ok and not g.isdigit())
_POINTS = re.compile(r"^([1-5])(?:\.0+)?(?:分|星|颗星)?$")
_STARS = re.compile(r"^[★☆]+$")


def grade_by_meaning(answer: str) -> str | None:
    """The grade ``answer`` stands for (a key of ``MEANING``), None when it is none."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(answer))).rstrip("。.!")
    if text in MEANING:
        return text
    m = _POINTS.match(text)
    if m:
        return m.group(1)
    if _STARS.match(text) and 1 <= text.count("★") <= 5:
        return str(text.count("★"))
    return None
