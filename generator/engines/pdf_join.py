"""The PDFs of the report's compilations (engines/typst.py) joined into one.

Each compilation links to a claim, a source, a weapon or a heading through an address
"claimsite-xref:<target>"; here each becomes a link to the page and place the target landed on,
wherever in the report that is. The bookmarks are made here too, from every compilation's
headings, nested by level as Typst nests them. The document's metadata is the first one's.

One compilation's PDF is kept whole with pypdf (its tags too). Several are joined part by part
as bytes (pdf_raw.py): the joined file is written as each part is read, so memory holds one
part, and no object is parsed but the links into the report and the catalog.

Why not a library made for joining PDFs: qpdf (pikepdf 10.18) holds every object of the joined
document in memory until it writes it. On the 68 parts of the 10,000-claim report it took
21.6-23.1 s CPU and 3.5 GB (1.7 GB with each part closed once its pages were copied), against
29.4 s and 0.18 GB here, and the join runs beside the parent's 0.7 GB: over the 2 GB the PDF
may take. pypdf's append passed 3.7 GB (bench/RESULTS.md, 2026-12-04).
"""
from __future__ import annotations

import hashlib
from collections import deque
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, ByteStringObject, Fit, FloatObject, NameObject, NumberObject, TextStringObject

from .pdf_raw import Name, PdfPart, Ref, decode_string, emit, encode_string, renumbered

XREF = "claimsite-xref:"

__all__ = ["Heading", "Place", "XREF", "join"]


@dataclass(frozen=True)
class Place:
    """A point on a page: page number (1 is the first) and its distance from the page's top-left, in pt."""

    page: int
    x: float
    y: float

    @classmethod
    def of(cls, position: dict) -> Place:
        """From Typst's `location().position()`, as JSON: {"page": 1, "x": "70.87pt", "y": "70.87pt"}."""
        return cls(int(position["page"]), float(position["x"].removesuffix("pt")),
                   float(position["y"].removesuffix("pt")))

    def moved(self, pages: int) -> Place:
        return replace(self, page=self.page + pages)


@dataclass(frozen=True)
class Heading:
    level: int
    title: str
    outlined: bool
    bookmarked: bool
    place: Place

    def moved(self, pages: int) -> Heading:
        return replace(self, place=self.place.moved(pages))


def join(parts: list[Path], headings: list[Heading], places: dict[str, Place], out: BinaryIO) -> None:
    """The compilations' PDFs (files, in order) written to `out` as one, its links and bookmarks
    across them."""
    if len(parts) > 1:
        _Stream(parts, headings, places, out).write()
        return
    reader = PdfReader(parts[0])
    writer = PdfWriter(clone_from=reader)  # the whole catalog kept: Typst's tags (for screen readers)
    del writer._root_object[NameObject("/Outlines")]
    readers = [reader]
    _links(writer, places)
    _bookmarks(writer, headings)
    writer.add_metadata(readers[0].metadata)
    # The file's identifier from its parts: the same parts give the same bytes.
    digest = hashlib.sha256(hashlib.sha256(parts[0].read_bytes()).digest()).digest()[:16]
    writer._ID = ArrayObject([ByteStringObject(digest), ByteStringObject(digest)])
    writer.write(out)


def _links(writer: PdfWriter, places: dict[str, Place]) -> None:
    """Every "claimsite-xref:" link made a link to its target's place (to its page's top if the
    target is unknown, which the rounds of typesetting do not leave)."""
    pages = writer.pages
    for page in pages:
        for ref in page.get("/Annots", ()):
            annot = ref.get_object()
            action = annot.get("/A")
            uri = action.get_object().get("/URI") if action is not None else None
            if not (isinstance(uri, str) and uri.startswith(XREF)):
                continue
            place = places.get(uri.removeprefix(XREF))
            if place is None or not 1 <= place.page <= len(pages):
                del annot[NameObject("/A")]
                continue
            target = pages[place.page - 1]
            top = float(target.mediabox.top) - place.y
            annot[NameObject("/Dest")] = ArrayObject([target.indirect_reference, NameObject("/XYZ"),
                                                     FloatObject(place.x), FloatObject(top), NumberObject(0)])
            annot[NameObject("/Contents")] = TextStringObject(f"Page {place.page}")
            del annot[NameObject("/A")]


def _bookmarks(writer: PdfWriter, headings: list[Heading]) -> None:
    """A bookmark for every bookmarked heading, under the nearest heading of a lower level before it."""
    stack: list[tuple[int, object]] = []
    for h in headings:
        if not h.bookmarked:
            continue
        while stack and stack[-1][0] >= h.level:
            stack.pop()
        page = writer.pages[h.place.page - 1]
        fit = Fit.xyz(left=h.place.x, top=float(page.mediabox.top) - h.place.y, zoom=0)
        item = writer.add_outline_item(title=h.title, page_number=h.place.page - 1,
                                       parent=stack[-1][1] if stack else None,
                                       fit=fit, is_open=False)
        stack.append((h.level, item))


class _Stream:
    """Many PDFs joined by writing their objects out one PDF at a time: only what the pages reach
    is written, so each PDF's own catalog, page tree, outline and tags are left behind (a joined
    PDF is not tagged). Object 1 is the joined page tree, 2 onwards the pages in order, then the
    rest as the pages reach them."""

    def __init__(self, parts: list[Path], headings: list[Heading], places: dict[str, Place], out: BinaryIO):
        self.parts, self.headings, self.places, self.out = parts, headings, places, out
        self.pos = 0
        self.offsets: list[int] = [0, -1]  # by object number; 0 is the free list's head, 1 the page tree
        self.tops: list[float] = []  # each page's top, for destinations
        self.digest = hashlib.sha256()

    def write(self) -> None:
        self._put(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        for path in self.parts:  # first: every page's number and size, for links that lead ahead
            data = path.read_bytes()
            self.digest.update(hashlib.sha256(data).digest())
            self.tops += [top for _, top in _pages(PdfPart(data))]
        self.offsets += [-1] * len(self.tops)
        extra: dict[bytes, object] = {}
        for n, path in enumerate(self.parts):
            extra = self._copy(PdfPart(path.read_bytes()), n == 0) or extra
        self._write_at(1, {Name(b"/Type"): Name(b"/Pages"), Name(b"/Kids"): [Ref(2 + i) for i in range(len(self.tops))],
                           Name(b"/Count"): len(self.tops)})
        root = {Name(b"/Type"): Name(b"/Catalog"), Name(b"/Pages"): Ref(1), **extra.get("catalog", {})}
        outline = self._outline()
        if outline:
            root[Name(b"/Outlines")] = Ref(outline)
            root[Name(b"/PageMode")] = Name(b"/UseOutlines")
        root_id = self._write_new(root)
        self._finish(root_id, extra.get("info"))

    # -- copying -----------------------------------------------------------------------------

    def _copy(self, part: PdfPart, first: bool) -> dict | None:
        """Write the objects a part's pages reach (and the first part's metadata), renumbered."""
        pages = _pages(part)
        base = 2 + self._pages_written
        numbering = {old: base + i for i, (old, _) in enumerate(pages)}
        for node in _page_tree(part):
            numbering[node] = 1  # a page's /Parent: the joined page tree
        todo = deque(old for old, _ in pages)
        self._pages_written += len(pages)
        extra = None
        if first:
            catalog = part.value(part.trailer[Name(b"/Root")])
            keep = {k: v for k, v in catalog.items() if k in (b"/Lang", b"/ViewerPreferences", b"/Metadata")}
            info = part.trailer.get(Name(b"/Info"))
            refs = [r for r in (keep.get(b"/Metadata"), info) if isinstance(r, Ref)]
            for r in refs:
                numbering[r] = self._reserve()
                todo.append(r)
            extra = {"catalog": {k: self._renumber(v, numbering, todo) for k, v in keep.items()},
                     "info": numbering.get(info) if isinstance(info, Ref) else None}

        while todo:
            old = todo.popleft()
            body = part.body(old)
            for _, _, ref in body.refs:
                if ref not in numbering and ref in part.offsets:
                    numbering[ref] = self._reserve()
                    todo.append(ref)
            if any(body.text.startswith(b"(" + XREF.encode(), s) for s, _ in body.strings):
                text = emit(self._link(self._renumber(part.value(old), numbering, todo)))
            else:
                text = renumbered(body, numbering)
            self._write_body(numbering[old], text, body.stream)
        return extra

    _pages_written = 0

    def _reserve(self) -> int:
        self.offsets.append(-1)
        return len(self.offsets) - 1

    def _renumber(self, value, numbering: dict[int, int], todo: deque):
        if isinstance(value, Ref):
            if value not in numbering:
                numbering[value] = self._reserve()
                todo.append(value)
            return Ref(numbering[value])
        if isinstance(value, dict):
            return {k: self._renumber(v, numbering, todo) for k, v in value.items()
                    if k not in (b"/StructParent", b"/StructParents")}
        if isinstance(value, list):
            return [self._renumber(v, numbering, todo) for v in value]
        return value

    def _link(self, annot):
        """A link into the report ("claimsite-xref:<target>") made a link to its target's place."""
        if not isinstance(annot, dict) or annot.get(b"/Subtype") != b"/Link":
            return annot
        action = annot.get(b"/A")
        uri = decode_string(action[b"/URI"]) if isinstance(action, dict) and b"/URI" in action else ""
        if not uri.startswith(XREF):
            return annot
        out = {k: v for k, v in annot.items() if k not in (b"/A", b"/Contents")}
        place = self.places.get(uri.removeprefix(XREF))
        if place is not None and 1 <= place.page <= len(self.tops):
            out[Name(b"/Dest")] = self._dest(place)
            out[Name(b"/Contents")] = encode_string(f"Page {place.page}")
        return out

    def _dest(self, place: Place) -> list:
        return [Ref(1 + place.page), Name(b"/XYZ"), place.x, self.tops[place.page - 1] - place.y, 0]

    # -- bookmarks ------------------------------------------------------------------------------

    def _outline(self) -> int | None:
        """The bookmarks as outline items nested by level, closed."""
        root: dict = {"id": self._reserve(), "kids": []}
        stack: list[dict] = []
        nodes = []
        for h in self.headings:
            if not h.bookmarked:
                continue
            while stack and stack[-1]["level"] >= h.level:
                stack.pop()
            parent = stack[-1] if stack else root
            node = {"id": self._reserve(), "level": h.level, "heading": h, "kids": [], "parent": parent,
                    "at": len(parent["kids"])}
            parent["kids"].append(node)
            nodes.append(node)
            stack.append(node)
        if not nodes:
            self.offsets.pop()
            return None
        for node in [root, *nodes]:
            item: dict = {}
            if node is root:
                item[Name(b"/Type")] = Name(b"/Outlines")
            else:
                siblings, i = node["parent"]["kids"], node["at"]
                item[Name(b"/Title")] = encode_string(node["heading"].title)
                item[Name(b"/Parent")] = Ref(node["parent"]["id"])
                item[Name(b"/Dest")] = self._dest(node["heading"].place)
                if i > 0:
                    item[Name(b"/Prev")] = Ref(siblings[i - 1]["id"])
                if i + 1 < len(siblings):
                    item[Name(b"/Next")] = Ref(siblings[i + 1]["id"])
            kids = node["kids"]
            if kids:
                item[Name(b"/First")] = Ref(kids[0]["id"])
                item[Name(b"/Last")] = Ref(kids[-1]["id"])
                item[Name(b"/Count")] = len(kids) if node is root else -len(kids)
            self._write_at(node["id"], item)
        return root["id"]

    # -- writing ---------------------------------------------------------------------------------

    def _put(self, data: bytes) -> None:
        self.out.write(data)
        self.pos += len(data)

    def _write_new(self, value) -> int:
        number = self._reserve()
        self._write_at(number, value)
        return number

    def _write_at(self, number: int, value) -> None:
        self._write_body(number, emit(value), None)

    def _write_body(self, number: int, text: bytes, stream: bytes | None) -> None:
        self.offsets[number] = self.pos
        self._put(b"%d 0 obj\n" % number + text.strip())
        if stream is not None:
            self._put(b"\nstream\n")
            self._put(stream)
            self._put(b"\nendstream")
        self._put(b"\nendobj\n")

    def _finish(self, root_id: int, info: int | None) -> None:
        start = self.pos
        self._put(b"xref\n0 %d\n0000000000 65535 f \n" % len(self.offsets))
        self._put(b"".join(b"%010d 00000 n \n" % offset for offset in self.offsets[1:]))
        digest = self.digest.hexdigest()[:32].encode()
        trailer = b"trailer\n<< /Size %d /Root %d 0 R" % (len(self.offsets), root_id)
        trailer += b" /Info %d 0 R" % info if info else b""
        trailer += b" /ID [<%s> <%s>] >>\nstartxref\n%d\n%%%%EOF\n" % (digest, digest, start)
        self._put(trailer)


def _page_tree(part: PdfPart) -> list[int]:
    """The object numbers of a part's page tree nodes (not its pages)."""
    nodes, todo = [], [part.value(part.trailer[Name(b"/Root")])[b"/Pages"]]
    while todo:
        ref = todo.pop()
        node = part.value(ref)
        if node.get(b"/Type") == b"/Pages":
            nodes.append(ref)
            todo += reversed(node.get(b"/Kids", []))
    return nodes


def _pages(part: PdfPart) -> list[tuple[int, float]]:
    """A part's pages in order: object number and the top of its media box."""
    out = []

    def walk(ref: int, box) -> None:
        node = part.value(ref)
        box = node.get(b"/MediaBox", box)
        if node.get(b"/Type") == b"/Pages":
            for kid in node.get(b"/Kids", []):
                walk(kid, box)
        else:
            out.append((ref, float(box[3])))

    walk(part.value(part.trailer[Name(b"/Root")])[b"/Pages"], None)
    return out
