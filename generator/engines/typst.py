"""Typst: the PDF typeset from the document data of outputs/pdf.py with templates/report.typ.

The one module that imports Typst (typst-py, which compiles in-process); the fonts it is given
are chosen by typst_fonts.py from those installed (fontconfig), never the system's own.

Typst holds the whole document it lays out in memory, about 2 GB per 1,000 claims, and frees
none of it until the process ends. So the document is cut into parts (outputs/pdf_parts.py), and
a report too large for one compilation is typeset a few parts at a time, each compilation in a
process of its own, two at once; pdf_join.py joins their files into one PDF. The template asks
Typst for no page number: each compilation is given the page numbers it prints (where every
claim, source, weapon and heading landed) and reports where its own landed, and the compilations
are typeset again until the numbers agree (usually two rounds), so that the whole reads as if
typeset at once.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import pickle
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor, wait, FIRST_COMPLETED
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import BinaryIO

from .. import fanout
from ..history import Changelog
from ..outputs.pdf import _NO_CHANGES, TEMPLATE, Selection, document
from ..outputs.pdf_parts import DEFAULT_BUDGET, carry, continues, parts, units, weight
from ..resolve import Resolved
from .pdf_join import Heading, Place, join
from .typst_compile import PdfError, Typeset, typeset
from .typst_fonts import MissingFonts, plan

__all__ = ["MissingFonts", "PdfError", "render", "write_pdf"]

ROUNDS = 6  # typesetting rounds before giving up on page numbers that keep moving
_PAGES_PER_WEIGHT = 0.45  # pages per unit of weight, for the first round's guesses (synthetic report: 0.4-0.5)
IN_PROCESS = 100  # the most weight (about claims) typeset in this process rather than in one of its own
MAX_WORKERS = 2  # compilations at once, each in a process of its own

def _strings(node) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, list):
        for n in node:
            yield from _strings(n)
    elif isinstance(node, dict):
        for v in node.values():
            yield from _strings(v)


def render(doc: dict, *, template: Path = TEMPLATE, budget: float = DEFAULT_BUDGET,
           together: bool = False) -> bytes:
    """The PDF of a document built by `document()`; raises MissingFonts or PdfError.

    `budget` is how much of the report one compilation lays out (outputs/pdf_parts.py);
    `together` typesets every part in one compilation, as a report small enough is: the parts as
    typesetting them apart cut them (_Rounds._cut), so that the two can be compared."""
    out = io.BytesIO()
    render_into(doc, out, template=template, budget=budget, together=together)
    return out.getvalue()


def render_into(doc: dict, out: BinaryIO, *, template: Path = TEMPLATE, budget: float = DEFAULT_BUDGET,
                together: bool = False) -> None:
    """render(), the PDF written to `out` as it is joined: no more of it in memory than one part."""
    source = template.read_bytes()
    fonts = plan("".join(_strings(doc)) + source.decode("utf-8"))
    batches = units(parts(doc, budget), budget)
    base = {"meta": doc["meta"], "fonts": fonts.as_data()}
    stamp = dt.datetime(*doc["meta"]["timestamp"], tzinfo=dt.timezone.utc)
    with tempfile.TemporaryDirectory(prefix="claimsite-pdf-") as scratch:
        rounds = _Rounds(batches, base, template, stamp, Path(scratch))
        # The rounds keep the parts as JSON: the document's objects go, unless the caller holds them
        # (write_pdf does not: at 10,000 claims about 280 MB beside Typst's processes).
        del doc, batches
        typeset = rounds.run()
        if together:
            every = [p for b in typeset.parts for p in json.loads(b)]
            typeset = _Rounds([every], base, template, stamp, Path(scratch)).run()
        join([t.pdf for t in typeset.results], typeset.headings(), typeset.places(), out)


def _figures(part: dict) -> int:
    """How many numbered figures templates/report.typ draws for a part: the timeline chart at the
    head of the timeline, each weapon's charts, the map of the places."""
    kind = part["kind"]
    if kind == "timeline":
        return int(bool(part.get("first")) and part.get("chart") is not None)
    if kind == "weapons":
        return sum(len(w.get("charts", ())) for g in part["groups"] for w in g["items"])
    if kind == "places":
        return int(part["places"]["map"] is not None)
    return 0


class _Rounds:
    """Typeset the batches again and again, each round every batch with the page numbers the
    results so far give, until no batch's inputs change; a batch whose inputs are those it was
    typeset with is kept. A round goes in two waves, the batches up to the last claims, then the
    rest; the batches of one wave do not depend on one another, so they are typeset WORKERS at a time,
    but in the first round: there a batch that goes on with the run the one before it ends in waits
    for that one, whose cut moves to where a page began (_cut), so that its items start where a page
    would start anyway.

    The first round guesses the pages of what is not typeset yet from the weight before it; the
    second has them all (a batch's page count hardly depends on the numbers it prints), and a
    third usually finds little or nothing to typeset again."""

    def __init__(self, batches: list[list[dict]], base: dict, template: Path, stamp: dt.datetime,
                 scratch: Path):
        self.base, self.template, self.stamp = base, template, stamp
        self.parts = [json.dumps(b, ensure_ascii=False) for b in batches]
        self.expected = list(_expected_headings([p for b in batches for p in b]))
        self.scratch = scratch
        self.anchors = {s for b in batches for p in b for s in _anchors(p)}
        self.facts = [_Facts.of(b, self.anchors) for b in batches]
        # Cut again once typeset (_cut): the compilations that end inside a run.
        self.uncut = [continues(a, b) for a, b in zip(batches, batches[1:])] + [False]
        self._derive()
        self.offsets = [round(w * _PAGES_PER_WEIGHT) for w in self.weight_before[:-1]]  # a guess until typeset
        self.results: list[Typeset | None] = [None] * len(batches)
        self.inputs: list[bytes | None] = [None] * len(batches)  # the digest of what each was typeset with
        # The claims print the pages of their sources, and the sections after them the pages of
        # the claims: typeset first, the claims give the sections after them their pages within
        # the same round, so that those sections settle in one round instead of two.
        last = max((n for n, b in enumerate(batches) if any(p["kind"] == "themes" for p in b)), default=-1)
        self.waves = [w for w in (range(last + 1), range(last + 1, len(batches))) if w]
        self.compilations = 0

    def _derive(self) -> None:
        """What follows from the batches' facts: where each target is expected before it is
        typeset (at its batch's share of the report's weight), the footnotes and figures before
        each batch (they run on across the batches)."""
        starts = list(accumulate((f.weight for f in self.facts), initial=0.0))
        self.weight_at = {a: starts[i] for i, f in enumerate(self.facts) for a in f.anchors}
        self.weight_before = starts
        self.weights = [f.weight for f in self.facts]
        self.notes_before = list(accumulate((f.notes for f in self.facts), initial=0))
        self.figures_before = list(accumulate((f.figures for f in self.facts), initial=0))
        self.wants = [f.wants for f in self.facts]
        self.has_contents = [f.has_contents for f in self.facts]

    def _cut(self, i: int, result: Typeset) -> Typeset:
        """Batch i, typeset, ends inside a run: its items from the last that began a page on are
        moved to the next batch (pdf_parts.carry), which starts on a new page, so that no page is
        part-empty where the two meet. Its result is what it typeset before that page: the pages
        before an item do not depend on what comes after it."""
        self.uncut[i] = False
        batch = json.loads(self.parts[i])
        at = _page_top(batch[-1], result)
        if at is None:
            return result
        group, item, page = at
        following = json.loads(self.parts[i + 1])
        carry(batch, following, group, item)
        for n, b in ((i, batch), (i + 1, following)):
            self.parts[n] = json.dumps(b, ensure_ascii=False)
            self.facts[n] = _Facts.of(b, self.anchors)
        self._derive()
        return result.before(page)

    def run(self) -> _Rounds:
        # Typst keeps what each compilation laid out until its process ends, rounds included: only a
        # small report is typeset in this process.
        apart = len(self.parts) > 1 or self.weight_before[-1] > IN_PROCESS
        with _Worker(apart, workers() if apart else 1) as worker:
            for _ in range(ROUNDS):
                if not self._round(worker):
                    return self
        raise PdfError(f"the page numbers did not settle after {ROUNDS} rounds of typesetting")

    def _round(self, worker: _Worker) -> bool:
        """One round, wave by wave: in each, every batch whose inputs changed typeset again, at
        most worker.size at a time, from the results before this wave (none of its own)."""
        typeset_any = False
        for wave in self.waves:
            fresh: dict[int, Typeset] = {}
            pending: dict[Future, int] = {}
            places = self.places()
            for i in wave:
                if i > 0 and self.uncut[i - 1] and i - 1 in wave:  # its first items wait for the cut before it
                    while i - 1 in pending.values():
                        self._collect(pending, fresh, FIRST_COMPLETED)
                    fresh[i - 1] = self._cut(i - 1, fresh[i - 1])
                data = self._data(i, self.parts[i], places)
                digest = hashlib.sha256(data.encode("utf-8")).digest()
                if digest == self.inputs[i]:
                    continue
                self.inputs[i] = digest
                while len(pending) >= worker.size:  # at most one batch's data waiting beside each worker
                    self._collect(pending, fresh, FIRST_COMPLETED)
                pending[worker.submit(str(self.template), data, self.stamp, self.scratch / f"{i}.pdf")] = i
                del data
            self._collect(pending, fresh)
            for i, result in fresh.items():
                self.results[i] = result
            self.compilations += len(fresh)
            typeset_any = typeset_any or bool(fresh)
            pages = [r.pages if r else round(w * _PAGES_PER_WEIGHT) for r, w in zip(self.results, self.weights)]
            self.offsets = list(accumulate(pages[:-1], initial=0))
        return typeset_any

    @staticmethod
    def _collect(pending: dict[Future, int], fresh: dict[int, Typeset], until=None) -> None:
        done, _ = wait(pending, return_when=until) if until else (list(pending), None)
        for future in done:
            fresh[pending.pop(future)] = future.result()

    def _data(self, i: int, parts_: str, places: dict[str, Place]) -> str:
        offset = self.offsets[i]
        refs = {t: places[t].page if t in places else round(self.weight_at[t] * _PAGES_PER_WEIGHT) + 1
                for t in self.wants[i]}
        contents = self._contents() if self.has_contents[i] else []
        head = json.dumps({**self.base, "offset": offset, "footnotes": self.notes_before[i],
                           "figures": self.figures_before[i], "refs": refs, "contents": contents},
                          ensure_ascii=False)
        return head[:-1] + ', "parts": ' + parts_ + "}"  # the parts as serialized once

    def headings(self) -> list[Heading]:
        """Every heading typeset so far, with its page in the whole report."""
        return [h.moved(self.offsets[i]) for i, r in enumerate(self.results) if r for h in r.headings]

    def places(self) -> dict[str, Place]:
        """Where each mark and heading (heading-N) landed, in the whole report's pages."""
        out = {}
        for i, r in enumerate(self.results):
            if r:
                out.update({t: p.moved(self.offsets[i]) for t, p in r.marks.items()})
        out.update({f"heading-{n}": h.place for n, h in enumerate(self.headings())})
        return out

    def _contents(self) -> list[dict]:
        """The contents' entries: headings of the first two levels, as the last round found them
        (before any: those the parts will have, on no page yet)."""
        found = self.headings()
        if any(r is None for r in self.results):
            return [{"level": level, "title": title, "page": 1, "target": ""}
                    for level, title in self.expected]
        return [{"level": h.level, "title": h.title, "page": h.place.page, "target": f"heading-{n}"}
                for n, h in enumerate(found) if h.outlined and h.level <= 2]


@dataclass(frozen=True)
class _Facts:
    """What the rounds need to know of one batch besides its JSON."""

    weight: float
    anchors: list[str]
    notes: int  # footnotes: a claim's citations
    figures: int
    wants: list[str]  # the targets it prints the pages of
    has_contents: bool

    @classmethod
    def of(cls, batch: list[dict], anchors: set[str]) -> _Facts:
        return cls(sum(weight(p) for p in batch), [a for p in batch for a in _anchors(p)],
                   sum(len(c["citations"]) for p in batch if p["kind"] == "themes" for g in p["groups"]
                       for c in g["items"]),
                   sum(map(_figures, batch)), sorted({s for s in _strings(batch) if s in anchors}),
                   any(p["kind"] == "contents" for p in batch))


_MOST_CARRIED = 10  # pages: a cut moves back at most this far, so that the next batch stays near its weight


def _page_top(part: dict, result: Typeset) -> tuple[int, int, int] | None:
    """The last item of a typeset run (not its first) that began a page, on one of its last pages:
    its group, its place in the group and its page. An item begins a page where its mark is as high
    as any mark stands (the top of the page's text), on more than one page of the batch."""
    if not result.marks:
        return None
    top = min(p.y for p in result.marks.values())
    if len({p.page for p in result.marks.values() if p.y <= top + _SAME_Y}) < 2:
        return None
    found = None
    for g, group in enumerate(part["groups"]):
        for n, item in enumerate(group["items"]):
            place = result.marks.get(item.get("anchor")) if isinstance(item, dict) else None
            if (place is not None and place.y <= top + _SAME_Y and (g, n) != (0, 0)
                    and place.page > max(1, result.pages - _MOST_CARRIED)):
                found = (g, n, place.page)
    return found


_SAME_Y = 0.5  # pt


def _anchors(part: dict) -> Iterator[str]:
    """The labels a part's claims, weapons and sources are marked with."""
    for group in part.get("groups", ()):
        for item in group["items"]:
            if isinstance(item, dict) and "anchor" in item:
                yield item["anchor"]


def _expected_headings(parts_: list[dict]) -> Iterator[tuple[int, str]]:
    """A first guess at the contents (level, title), so that the first round gives it about the
    pages it will take; the rounds after use the headings Typst typeset."""
    for p in parts_:
        if p["kind"] not in ("cover", "contents") and p.get("first", True):
            yield 1, p["section"]
        for g in p.get("groups", ()):
            if g["head"] and "title" in g["head"]:
                yield 2, g["head"]["title"]


class _Worker:
    """Where a compilation runs: in this process for a single one, else each in a Python process of
    its own, so that what Typst held is freed when it ends; `size` of those at a time."""

    def __init__(self, apart: bool, size: int):
        self.apart, self.size = apart, size
        self.pool = ThreadPoolExecutor(size) if apart else None

    def __enter__(self) -> _Worker:
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def submit(self, template: str, data: str, stamp: dt.datetime, pdf: Path) -> Future:
        """The compilation of `data`, its PDF written to `pdf`; its Typeset is the future's result."""
        if self.pool is not None:
            return self.pool.submit(_apart, template, data, stamp, pdf)
        future: Future = Future()
        try:
            future.set_result(typeset(template, data, stamp, pdf))
        except PdfError as e:
            future.set_exception(e)
        return future


def workers() -> int:
    """How many compilations run at once: CLAIMSITE_WORKERS (generator/fanout.py), else the cores,
    at most MAX_WORKERS (each holds up to about 0.5 GB)."""
    return max(1, min(MAX_WORKERS, fanout.wanted()))


_PACKAGE_ROOT = Path(__file__).resolve().parents[2]


def _apart(template: str, data: str, stamp: dt.datetime, pdf: Path) -> Typeset:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(_PACKAGE_ROOT),
                                                                     os.environ.get("PYTHONPATH")]))}
    done = subprocess.run([sys.executable, "-c", "from generator.engines.typst_compile import child; child()"],
                          input=pickle.dumps((template, data, stamp, pdf)), capture_output=True, env=env)
    if done.returncode != 0:
        raise PdfError("the Typst process failed: " + done.stderr.decode("utf-8", "replace")[-2000:])
    result = pickle.loads(done.stdout)
    if isinstance(result, PdfError):
        raise result
    return result


def write_pdf(resolved: Resolved, path: Path, *, selection: Selection | None = None, version: str = "draft",
              content: Path | None = None, changes: Changelog | None | object = _NO_CHANGES,
              epoch: int | None = None, budget: float = DEFAULT_BUDGET) -> Path:
    """Typeset the report (or the selected part) into `path`; `content` is the folder of the authored pages,
    `changes` the changelog since the previous release for a Changes section (None: it says none is known).

    Raises MissingFonts when a font the content needs is not installed, PdfError when Typst fails.
    The file is replaced only once the whole PDF is ready.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    try:
        with partial.open("wb") as out:
            render_into(document(resolved, selection=selection, version=version, content=content,
                                 changes=changes, epoch=epoch), out, budget=budget)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return path
