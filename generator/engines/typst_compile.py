"""One Typst compilation of part of the report: what a process of its own runs (engines/typst.py).

It imports nothing of the generator but the fonts' folders and the join's records, so that a
process starts in about a tenth of a second of CPU rather than half a second: a 10,000-claim
report takes over a hundred compilations."""
from __future__ import annotations

import datetime as dt
import io
import json
import pickle
import sys
from dataclasses import dataclass
from pathlib import Path

import typst
from pypdf import PdfReader

from .pdf_join import Heading, Place
from .typst_fonts import system_fonts

__all__ = ["PdfError", "Typeset", "child", "typeset"]

# What a compilation reports back: its headings and the places of its marks, in its own pages.
_FOUND = """(
  headings: query(heading).map(h => (h.level, h.body, h.outlined, h.bookmarked, h.location().position())),
  marks: query(<xref>).map(m => (m.value, m.location().position())),
)"""


class PdfError(Exception):
    """Typst could not typeset the document."""


@dataclass
class Typeset:
    """One compilation's result: its PDF's file, its page count, its headings and marks (own page numbers)."""

    pdf: Path
    pages: int
    headings: list[Heading]
    marks: dict[str, Place]

    def before(self, page: int) -> Typeset:
        """What it typeset before `page` (its own number), as if it had ended there."""
        return Typeset(self.pdf, page - 1, [h for h in self.headings if h.place.page < page],
                       {t: p for t, p in self.marks.items() if p.page < page})


def child() -> None:
    """A compilation in a process of its own: its inputs pickled on stdin, its result on stdout."""
    template, data, stamp, pdf = pickle.loads(sys.stdin.buffer.read())
    try:
        result: Typeset | PdfError = typeset(template, data, stamp, pdf)
    except PdfError as e:
        result = e
    sys.stdout.buffer.write(pickle.dumps(result))


def typeset(template: str, data: str, stamp: dt.datetime, out: Path) -> Typeset:
    """One compilation, written to `out`, and what it found: where its headings and marks landed."""
    compiler = typst.Compiler(template, font_paths=system_fonts(), ignore_system_fonts=True,
                              sys_inputs={"report": data})
    try:
        pdf = compiler.compile(format="pdf", timestamp=stamp)
        found = json.loads(compiler.eval(_FOUND))
    except typst.TypstError as e:
        raise PdfError(f"Typst could not typeset the report: {e.message}\n" + "\n".join(e.hints)) from None
    headings = [Heading(level, _plain(body), outlined, outlined if bookmarked == "auto" else bookmarked,
                        Place.of(at)) for level, body, outlined, bookmarked, at in found["headings"]]
    marks = {value: Place.of(at) for value, at in found["marks"]}
    out.write_bytes(pdf)
    return Typeset(out, len(PdfReader(io.BytesIO(pdf)).pages), headings, marks)


def _plain(content) -> str:
    """The text of Typst content as query() gives it (JSON)."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(_plain(c) for c in content)
    if not isinstance(content, dict):
        return ""
    func = content.get("func")
    if func == "space" or func == "linebreak":
        return " "
    if "text" in content:
        return _plain(content["text"])
    return "".join(_plain(content[k]) for k in ("children", "body") if k in content)
