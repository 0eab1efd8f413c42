"""Rendering the staff-editable notice template: docxtpl (autoescape) once, then plain substitution.

docxtpl re-parses and re-renders the whole document for every notice, which is slow for a batch. So
the template is rendered by docxtpl once per *variant* with a unique marker in place of each field that
the template only prints (``{{ summary }}``); each notice is then the rendered parts with the markers
replaced by the escaped values, exactly what docxtpl itself would have written. Fields the template
uses in any other way (``{% if major %}``, ``{{ summary|upper }}``) are rendered by docxtpl with their
real values and form the variant key, so whatever staff do in Word stays honoured.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import jinja2
from docxtpl import DocxTemplate
from jinja2 import meta, nodes
from lxml import etree
from markupsafe import escape

from kefu.core.errors import ConfigError
from kefu.core.safe_text import jinja_env, safe_values
from kefu.outputs.docx_tokens import is_text_part, keep_tokens_whole, keep_tokens_whole_xml

_MARK = "KeFuF1eLd{:03d}Q"
_MARK_RE = re.compile(r"KeFuF1eLd(\d{3})Q")
_LISTING_CHARS = ("\n", "\t", "\a", "\f")   # docxtpl turns these into breaks/tabs in Word parts
_CORE = "docProps/core.xml"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MAX_VARIANTS = 64


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass
class _Part:
    info: zipfile.ZipInfo
    data: bytes                          # unchanged parts
    segments: list | None = None         # literal str / field index (int), alternating
    listing: bool = False                # docxtpl would resolve \n \t in this part


class NoticeTemplate:
    """The notice template of ``path``; ``render(values) -> bytes`` of a .docx."""

    def __init__(self, path: Path):
        self.path = Path(path)
        try:
            self.blob = self.path.read_bytes()
        except OSError as exc:
            raise ConfigError(f"找不到或无法读取通知单模板《{self.path}》({exc.strerror})。"
                              f"请检查 config.ini 的 [paths] templates 和 [notices] template。") from None
        self.on_page: set[str] = set()
        self.placeholders, self.structural = self._analyse()
        self._variants: dict[tuple, list[_Part]] = {}

    # ---------------------------------------------------------------- analysis
    def _sources(self, tpl: DocxTemplate) -> tuple[list[str], list[str]]:
        tpl.init_docx()
        sources = [tpl.patch_xml(tpl.get_xml())]
        for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
            sources += [tpl.patch_xml(tpl.get_part_xml(part)) for _key, part in tpl.get_headers_footers(uri)]
        for part in tpl.docx.part.package.parts:
            if part.content_type.endswith("wordprocessingml.footnotes+xml"):
                sources.append(tpl.patch_xml(part.blob.decode("utf-8")))
        props = tpl.docx.core_properties
        properties = [getattr(props, p) or "" for p in ("author", "comments", "identifier", "language",
                                                         "subject", "title")]
        return sources, properties

    def _analyse(self) -> tuple[set[str], set[str]]:
        """(every placeholder, those used other than plainly printed); sets ``self.on_page``."""
        try:
            pages, properties = self._sources(DocxTemplate(io.BytesIO(self.blob)))
            env = jinja2.Environment(autoescape=True)
            self.on_page, structural = _names(env, pages)
            in_properties, structural_properties = _names(env, properties)
        except jinja2.TemplateSyntaxError as exc:
            raise ConfigError(f"通知单模板《{self.path.name}》中的占位符写法有误(第 {exc.lineno} 段附近:"
                              f"{exc.message})。请在 Word 中检查 {{{{ }}}} 与 {{% %}} 是否成对。") from None
        except (zipfile.BadZipFile, KeyError, ValueError) as exc:
            raise ConfigError(f"通知单模板《{self.path.name}》不是有效的 Word(.docx)文件({exc})。") from None
        return self.on_page | in_properties, structural | structural_properties

    # ---------------------------------------------------------------- rendering
    def render_docxtpl(self, values: dict) -> bytes:
        """The reference path: docxtpl renders this notice by itself (autoescape on)."""
        tpl = DocxTemplate(io.BytesIO(self.blob))
        tpl.render(safe_values(values), jinja_env(), autoescape=True)
        out = io.BytesIO()
        tpl.save(out)
        return keep_tokens_whole(out.getvalue())   # numbers and dates never break across lines

    def _variant(self, values: dict) -> tuple[list[_Part], list[str]]:
        fields = sorted(k for k in values if k in self.placeholders and k not in self.structural)
        key = tuple((k, values.get(k)) for k in sorted(self.structural))
        parts = self._variants.get(key)
        if parts is None:
            context = {k: v for k, v in values.items() if k in self.structural}
            context.update({name: _MARK.format(i) for i, name in enumerate(fields)})
            parts = self._split(self.render_docxtpl(context))
            if len(self._variants) >= MAX_VARIANTS:
                self._variants.clear()
            self._variants[key] = parts
        return parts, fields

    @staticmethod
    def _split(docx: bytes) -> list[_Part]:
        parts = []
        with zipfile.ZipFile(io.BytesIO(docx)) as zf:
            for info in zf.infolist():
                data = zf.read(info)
                part = _Part(info, data)
                if info.filename.endswith(".xml") and b"KeFuF1eLd" in data:
                    pieces = _MARK_RE.split(data.decode("utf-8"))
                    part.segments = [p if i % 2 == 0 else int(p) for i, p in enumerate(pieces)]
                    part.listing = info.filename.startswith("word/")
                parts.append(part)
        return parts

    def render(self, values: dict) -> bytes:
        """The .docx of one notice, identical to what docxtpl would write for ``values``."""
        values = safe_values(values)
        parts, fields = self._variant(values)
        escaped = [str(escape(str(values[name]))) for name in fields]
        listing = any(c in str(values[name]) for name in fields for c in _LISTING_CHARS)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            for part in parts:
                if part.segments is None:
                    zf.writestr(part.info, part.data)
                    continue
                texts = escaped if part.info.filename != _CORE else [_xml_text(t) for t in escaped]
                xml = "".join(s if isinstance(s, str) else texts[s] for s in part.segments)
                if listing and part.listing:
                    xml = DocxTemplate.resolve_listing(None, xml)
                if is_text_part(part.info.filename):
                    xml = keep_tokens_whole_xml(xml)
                zf.writestr(part.info, xml.encode("utf-8"))
        return out.getvalue()


def _names(env: jinja2.Environment, sources: list[str]) -> tuple[set[str], set[str]]:
    """Undeclared names of the jinja sources, and those not simply printed with {{ name }}."""
    names: set[str] = set()
    structural: set[str] = set()
    for source in sources:
        tree = env.parse(source)
        names |= meta.find_undeclared_variables(tree)
        printed = {id(child) for out in tree.find_all(nodes.Output) for child in out.nodes
                   if isinstance(child, nodes.Name)}
        structural |= {n.name for n in tree.find_all(nodes.Name) if id(n) not in printed or n.ctx != "load"}
    return names, structural


# -------------------------------------------------------------------- combining for print
def combine(documents: list[bytes]) -> bytes:
    """One .docx with the bodies of ``documents`` (notices of one template), each on a new page."""
    if not documents:
        raise ValueError("no documents")
    with zipfile.ZipFile(io.BytesIO(documents[0])) as zf:
        base = etree.fromstring(zf.read("word/document.xml"))
        entries = [(info, zf.read(info)) for info in zf.infolist()]
    body = base.find(f"{{{_W}}}body")
    sect = body.find(f"{{{_W}}}sectPr")
    for child in list(body):
        body.remove(child)
    for i, doc in enumerate(documents):
        with zipfile.ZipFile(io.BytesIO(doc)) as zf:
            children = [c for c in etree.fromstring(zf.read("word/document.xml")).find(f"{{{_W}}}body")
                        if c.tag != f"{{{_W}}}sectPr"]
        if i and children:
            _page_break_before(body, children[0])
        body.extend(children)
    if sect is not None:
        body.append(sect)
    xml = etree.tostring(base, xml_declaration=True, encoding="UTF-8", standalone=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in entries:
            zf.writestr(info, xml if info.filename == "word/document.xml" else data)
    return out.getvalue()


def _page_break_before(body, first) -> None:
    if first.tag == f"{{{_W}}}p":
        ppr = first.find(f"{{{_W}}}pPr")
        if ppr is None:
            ppr = etree.SubElement(first, f"{{{_W}}}pPr")
            first.remove(ppr)
            first.insert(0, ppr)
        before = {f"{{{_W}}}{t}" for t in ("pStyle", "keepNext", "keepLines")}
        at = sum(1 for child in ppr if child.tag in before)
        ppr.insert(at, etree.Element(f"{{{_W}}}pageBreakBefore"))
        return
    p = etree.SubElement(body, f"{{{_W}}}p")
    r = etree.SubElement(p, f"{{{_W}}}r")
    etree.SubElement(r, f"{{{_W}}}br").set(f"{{{_W}}}type", "page")
