"""Python 3.10 compatibility for python-calamine 0.8.3 (remove with Python 3.10).

Chinese Excel stores its date formats (yyyy"年"m"月"d"日", m"月"d"日", h"时"mm"分"...) by built-in id
only (27-36, 50-58), with no format code in styles.xml. python-calamine reads such cells as dates
from 0.9 on; 0.8.3, the newest release for Python 3.10, reads them as plain numbers. Date columns
come out right either way (kefu.core.dates turns serial numbers into dates), but a text column (备注,
处理结果) would show 46090 instead of 2026-03-09. So with calamine < 0.9 the styles part of an
.xlsx/.xlsm is given the same formats as explicit custom formats before calamine reads it (in
memory; the file is not touched). Legacy .xls files are read as they are.
"""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import python_calamine


def _calamine_version() -> tuple[int, ...]:
    """(major, minor) of the installed python-calamine, from the name of its ``.dist-info`` folder beside the
    package (python_calamine-0.9.1.dist-info); (0, 9) when there is none. importlib.metadata would tell
    the same, and its imports would add ~25 ms to every job."""
    for info in Path(python_calamine.__file__).resolve().parent.parent.glob("python_calamine-*.dist-info"):
        found = re.fullmatch(r"python_calamine-(\d+)\.(\d+)\b.*\.dist-info", info.name)
        if found:
            return int(found.group(1)), int(found.group(2))
    return (0, 9)


OLD_CALAMINE = _calamine_version() < (0, 9)

CJK_DATE_FORMATS = {   # built-in id -> its format in Chinese (simplified) Excel
    27: 'yyyy"年"m"月"', 28: 'm"月"d"日"', 29: 'm"月"d"日"', 30: "m-d-yy", 31: 'yyyy"年"m"月"d"日"',
    32: 'h"时"mm"分"', 33: 'h"时"mm"分"ss"秒"', 34: '上午/下午h"时"mm"分"', 35: '上午/下午h"时"mm"分"ss"秒"',
    36: 'yyyy"年"m"月"', 50: 'yyyy"年"m"月"', 51: 'm"月"d"日"', 52: 'yyyy"年"m"月"', 53: 'm"月"d"日"',
    54: 'm"月"d"日"', 55: '上午/下午h"时"mm"分"', 56: '上午/下午h"时"mm"分"ss"秒"', 57: 'yyyy"年"m"月"',
    58: 'm"月"d"日"',
}
_MAX_STYLES_BYTES = 32 * 1024 * 1024
_XF = re.compile(rb"<(?:\w+:)?xf\b[^>]*>")
_NUMFMT_ID = re.compile(rb"""\bnumFmtId\s*=\s*["'](\d+)["']""")
_NUMFMTS = re.compile(rb"<(\w+:)?numFmts\b[^>]*?(/?)>")
_STYLESHEET = re.compile(rb"<(\w+:)?styleSheet\b[^>]*>")


def with_explicit_cjk_date_formats(data: bytes) -> bytes:
    """The .xlsx bytes with built-in Chinese date formats written out; ``data`` itself when none is used.

    Only xl/styles.xml changes: a new copy is appended and the zip directory points at it, so the
    (large) worksheets are not inflated again. Anything unexpected leaves the bytes as they were.
    """
    try:
        buf = io.BytesIO(data)
        with zipfile.ZipFile(buf) as zf:
            info = next((i for i in zf.infolist() if i.filename.lower() == "xl/styles.xml"), None)
            if info is None or info.file_size > _MAX_STYLES_BYTES:
                return data
            styles = explicit_cjk_styles(zf.read(info))
        if styles is None:
            return data
        with zipfile.ZipFile(buf, "a") as zf:
            old = zf.getinfo(info.filename)
            zf.filelist.remove(old)           # the old copy stays in the bytes, unreferenced
            del zf.NameToInfo[old.filename]
            zf.writestr(old.filename, styles, compress_type=zipfile.ZIP_DEFLATED)
        return buf.getvalue()
    except Exception:  # noqa: BLE001 - the shim only improves text columns; never fail a read over it
        return data


def explicit_cjk_styles(styles: bytes) -> bytes | None:
    """styles.xml whose cell formats use custom copies of the Chinese built-in date formats, or None."""
    used = {int(m.group(1)) for xf in _XF.findall(styles) for m in _NUMFMT_ID.finditer(xf)}
    builtin = sorted(used & CJK_DATE_FORMATS.keys())
    if not builtin:
        return None
    first = max([int(i) for i in _NUMFMT_ID.findall(styles)] + [163]) + 1
    new_id = {fid: first + k for k, fid in enumerate(builtin)}

    def xf(m: re.Match) -> bytes:
        return _NUMFMT_ID.sub(lambda a: (b'numFmtId="%d"' % new_id[int(a.group(1))]
                                         if int(a.group(1)) in new_id else a.group(0)), m.group(0))

    out = _XF.sub(xf, styles)
    found = _NUMFMTS.search(out)
    holder = found or _STYLESHEET.search(out)
    if holder is None:
        return None
    prefix = holder.group(1) or b""
    entries = b"".join(b'<%snumFmt numFmtId="%d" formatCode="%s"/>'
                       % (prefix, new_id[fid], CJK_DATE_FORMATS[fid].replace('"', "&quot;").encode("utf-8"))
                       for fid in builtin)
    block = b"<%snumFmts>%s</%snumFmts>" % (prefix, entries, prefix)
    if found is None:                 # no custom formats yet: numFmts is the first child of styleSheet
        return out[:holder.end()] + block + out[holder.end():]
    if found.group(2):                # <numFmts count="0"/>
        return out[:found.start()] + block + out[found.end():]
    return out[:found.end()] + entries + out[found.end():]
