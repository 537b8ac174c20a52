"""Typst: the PDF typeset from the document data of outputs/pdf.py with templates/report.typ.

The one module that imports Typst (typst-py, which compiles in this process); the fonts it is
given are chosen by typst_fonts.py from those installed (fontconfig), never the system's own."""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import typst

from ..history import Changelog
from ..outputs.pdf import _NO_CHANGES, TEMPLATE, Selection, document
from ..resolve import Resolved
from .typst_fonts import MissingFonts, plan

__all__ = ["MissingFonts", "PdfError", "render", "write_pdf"]


class PdfError(Exception):
    """Typst could not typeset the document."""


def _strings(node) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, list):
        for n in node:
            yield from _strings(n)
    elif isinstance(node, dict):
        for v in node.values():
            yield from _strings(v)


def render(doc: dict, *, template: Path = TEMPLATE) -> bytes:
    """The PDF of a document built by `document()`; raises MissingFonts or PdfError."""
    source = template.read_bytes()
    fonts = plan("".join(_strings(doc)) + source.decode("utf-8"))
    data = {**doc, "fonts": fonts.as_data()}
    stamp = dt.datetime(*doc["meta"]["timestamp"], tzinfo=dt.timezone.utc)
    try:
        return typst.compile(
            source, format="pdf", font_paths=fonts.fonts, ignore_system_fonts=True,
            sys_inputs={"report": json.dumps(data, ensure_ascii=False)},
            timestamp=stamp,
        )
    except typst.TypstError as e:
        raise PdfError(f"Typst could not typeset the report: {e.message}\n" + "\n".join(e.hints)) from None


def write_pdf(resolved: Resolved, path: Path, *, selection: Selection | None = None, version: str = "draft",
              content: Path | None = None, changes: Changelog | None | object = _NO_CHANGES,
              epoch: int | None = None) -> Path:
    """Typeset the report (or the selected part) into `path`; `content` is the folder of the authored pages,
    `changes` the changelog since the previous release for a Changes section (None: it says none is known).

    Raises MissingFonts when a font the content needs is not installed, PdfError when Typst fails.
    The file is replaced only once the whole PDF is ready.
    """
    pdf = render(document(resolved, selection=selection, version=version, content=content, changes=changes,
                          epoch=epoch))
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(pdf)
    partial.replace(path)
    return path
