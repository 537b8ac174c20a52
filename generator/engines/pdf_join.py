"""The PDFs of the report's compilations (engines/typst.py) joined into one, with pypdf.

Each compilation links to a claim, a source, a weapon or a heading through an address
"claimsite-xref:<target>"; here each becomes a link to the page and place the target landed on,
wherever in the report that is. The bookmarks are made here too, from every compilation's
headings, nested by level as Typst nests them. The document's metadata is the first one's.
"""
from __future__ import annotations

import gc
import hashlib
import io
from dataclasses import dataclass, replace

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (ArrayObject, ByteStringObject, DictionaryObject, Fit, FloatObject,
                           IndirectObject, NameObject, NullObject, NumberObject, StreamObject, TextStringObject)

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


def join(pdfs: list[bytes], headings: list[Heading], places: dict[str, Place]) -> bytes:
    """One PDF of the compilations' PDFs in order, its links and bookmarks across them."""
    if len(pdfs) > 1:
        return _Stream(pdfs, headings, places).write()
    reader = PdfReader(io.BytesIO(pdfs[0]))
    writer = PdfWriter(clone_from=reader)  # the whole catalog kept: Typst's tags (for screen readers)
    del writer._root_object[NameObject("/Outlines")]
    readers = [reader]
    _links(writer, places)
    _bookmarks(writer, headings)
    writer.add_metadata(readers[0].metadata)
    # The file's identifier from its parts: the same parts give the same bytes.
    digest = hashlib.sha256(b"".join(hashlib.sha256(p).digest() for p in pdfs)).digest()[:16]
    writer._ID = ArrayObject([ByteStringObject(digest), ByteStringObject(digest)])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


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
    """Many PDFs joined by writing their objects out one PDF at a time, so that memory holds one
    part's objects, not the whole report's (pypdf's and qpdf's joins of a 10,000-claim report
    took 2.8 GB and more). Only what the pages reach is written: each PDF's own catalog, page
    tree, outline and tags are left behind (a joined PDF is not tagged)."""

    def __init__(self, pdfs: list[bytes], headings: list[Heading], places: dict[str, Place]):
        self.pdfs, self.headings, self.places = pdfs, headings, places
        self.out = io.BytesIO()
        self.offsets: list[int] = [0]  # by object number; 0 is the free list's head
        self.next_id = 1
        self.page_ids: list[int] = []  # the object number of each page of the whole report
        self.sizes: list[tuple[float, float]] = []  # each page's height and top, for destinations
        self.numbering: list[dict[int, int]] = []  # per PDF: its object number -> the joined one

    def write(self) -> bytes:
        self.out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        self.pages_id = self._reserve()
        for pdf in self.pdfs:  # first: every page's new number, for links that lead ahead
            self._number(PdfReader(io.BytesIO(pdf)))
            gc.collect()  # a reader and its objects are a reference cycle: one part's at a time
        first_info = None
        for n, pdf in enumerate(self.pdfs):
            reader = PdfReader(io.BytesIO(pdf))
            self._copy(reader, self.numbering[n])
            if n == 0:
                first_info = reader.trailer.get("/Info")
                catalog = {k: reader.trailer["/Root"][k] for k in ("/Lang", "/ViewerPreferences")
                           if k in reader.trailer["/Root"]}
                metadata = reader.trailer["/Root"].get("/Metadata")
                xmp = self._write_new(self._plain(metadata.get_object(), {})) if metadata is not None else None
                info = self._write_new(self._plain(first_info.get_object(), {})) if first_info is not None else None
            del reader
            gc.collect()
        kids = ArrayObject(IndirectObject(i, 0, None) for i in self.page_ids)
        self._write_at(self.pages_id, DictionaryObject({NameObject("/Type"): NameObject("/Pages"),
                                                        NameObject("/Kids"): kids,
                                                        NameObject("/Count"): NumberObject(len(self.page_ids))}))
        root = DictionaryObject({NameObject("/Type"): NameObject("/Catalog"),
                                 NameObject("/Pages"): IndirectObject(self.pages_id, 0, None),
                                 **{NameObject(k): self._plain(v, {}) for k, v in catalog.items()}})
        if xmp:
            root[NameObject("/Metadata")] = IndirectObject(xmp, 0, None)
        outline = self._outline()
        if outline:
            root[NameObject("/Outlines")] = IndirectObject(outline, 0, None)
            root[NameObject("/PageMode")] = NameObject("/UseOutlines")
        root_id = self._write_new(root)
        return self._finish(root_id, info)

    # -- numbering and copying -------------------------------------------------------------

    def _reserve(self) -> int:
        self.offsets.append(-1)
        self.next_id += 1
        return self.next_id - 1

    def _number(self, reader: PdfReader) -> None:
        """Every object the pages reach, numbered in the joined file (the page tree's /Parent not
        followed: the joined file has its own)."""
        numbering: dict[int, int] = {}
        todo = []
        for page in reader.pages:
            ref = page.indirect_reference.idnum
            numbering[ref] = self._reserve()
            self.page_ids.append(numbering[ref])
            box = page.mediabox
            self.sizes.append((float(box.height), float(box.top)))
            todo.append(page.get_object())
        while todo:
            node = todo.pop()
            for child in _children(node):
                if child.idnum not in numbering:
                    numbering[child.idnum] = self._reserve()
                    todo.append(child.get_object())
        self.numbering.append(numbering)

    def _copy(self, reader: PdfReader, numbering: dict[int, int]) -> None:
        for old, new in sorted(numbering.items(), key=lambda kv: kv[1]):
            obj = reader.get_object(old)
            plain = self._plain(obj, numbering)
            if isinstance(obj, DictionaryObject) and obj.get("/Type") == "/Page":
                plain[NameObject("/Parent")] = IndirectObject(self.pages_id, 0, None)
                plain.pop(NameObject("/StructParents"), None)
            self._write_at(new, plain)

    def _plain(self, obj, numbering: dict[int, int]):
        """A copy of an object with its references renumbered, and its links into the report
        made links to their target's page."""
        if isinstance(obj, IndirectObject):
            return IndirectObject(numbering[obj.idnum], 0, None) if obj.idnum in numbering else NullObject()
        if isinstance(obj, StreamObject):
            copy = type(obj)()
            copy._data = obj._data  # as it is stored, filters and all
            for k, v in obj.items():
                copy[NameObject(k)] = self._plain(v, numbering)
            return copy
        if isinstance(obj, DictionaryObject):
            if obj.get("/Subtype") == "/Link":
                return self._link(obj, numbering)
            return DictionaryObject({NameObject(k): self._plain(v, numbering) for k, v in obj.items()
                                     if k != "/StructParent"})
        if isinstance(obj, ArrayObject):
            return ArrayObject(self._plain(v, numbering) for v in obj)
        return obj

    def _link(self, annot: DictionaryObject, numbering: dict[int, int]) -> DictionaryObject:
        out = DictionaryObject({NameObject(k): self._plain(v, numbering) for k, v in annot.items()
                                if k not in ("/StructParent", "/A")})
        action = annot.get("/A")
        action = action.get_object() if action is not None else None
        uri = action.get("/URI") if action is not None else None
        if not (isinstance(uri, str) and uri.startswith(XREF)):
            if action is not None:
                out[NameObject("/A")] = self._plain(action, numbering)
            return out
        place = self.places.get(uri.removeprefix(XREF))
        if place is not None and 1 <= place.page <= len(self.page_ids):
            _, top = self.sizes[place.page - 1]
            out[NameObject("/Dest")] = ArrayObject([IndirectObject(self.page_ids[place.page - 1], 0, None),
                                                    NameObject("/XYZ"), FloatObject(place.x),
                                                    FloatObject(top - place.y), NumberObject(0)])
            out[NameObject("/Contents")] = TextStringObject(f"Page {place.page}")
        return out

    # -- bookmarks ------------------------------------------------------------------------------

    def _outline(self) -> int | None:
        """The bookmarks as outline item objects: (id, dict) nested by level, closed."""
        nodes: list[dict] = []
        stack: list[dict] = []
        root = {"id": self._reserve(), "kids": []}
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
            return None
        for node in [root, *nodes]:
            item = DictionaryObject()
            if node is root:
                item[NameObject("/Type")] = NameObject("/Outlines")
            else:
                h = node["heading"]
                _, top = self.sizes[h.place.page - 1]
                item[NameObject("/Title")] = TextStringObject(h.title)
                item[NameObject("/Parent")] = IndirectObject(node["parent"]["id"], 0, None)
                item[NameObject("/Dest")] = ArrayObject([IndirectObject(self.page_ids[h.place.page - 1], 0, None),
                                                         NameObject("/XYZ"), FloatObject(h.place.x),
                                                         FloatObject(top - h.place.y), NumberObject(0)])
                siblings = node["parent"]["kids"]
                i = node["at"]
                if i > 0:
                    item[NameObject("/Prev")] = IndirectObject(siblings[i - 1]["id"], 0, None)
                if i + 1 < len(siblings):
                    item[NameObject("/Next")] = IndirectObject(siblings[i + 1]["id"], 0, None)
            kids = node["kids"]
            if kids:
                item[NameObject("/First")] = IndirectObject(kids[0]["id"], 0, None)
                item[NameObject("/Last")] = IndirectObject(kids[-1]["id"], 0, None)
                count = len(kids)
                item[NameObject("/Count")] = NumberObject(count if node is root else -count)
            self._write_at(node["id"], item)
        return root["id"]

    # -- writing ---------------------------------------------------------------------------------

    def _write_new(self, obj) -> int:
        number = self._reserve()
        self._write_at(number, obj)
        return number

    def _write_at(self, number: int, obj) -> None:
        self.offsets[number] = self.out.tell()
        self.out.write(f"{number} 0 obj\n".encode())
        obj.write_to_stream(self.out)
        self.out.write(b"\nendobj\n")

    def _finish(self, root_id: int, info: int | None) -> bytes:
        start = self.out.tell()
        self.out.write(f"xref\n0 {len(self.offsets)}\n0000000000 65535 f \n".encode())
        for offset in self.offsets[1:]:
            self.out.write(f"{offset:010d} 00000 n \n".encode())
        digest = hashlib.sha256(b"".join(hashlib.sha256(p).digest() for p in self.pdfs)).hexdigest()[:32]
        trailer = f"trailer\n<< /Size {len(self.offsets)} /Root {root_id} 0 R"
        trailer += f" /Info {info} 0 R" if info else ""
        trailer += f" /ID [<{digest}> <{digest}>] >>\nstartxref\n{start}\n%%EOF\n"
        self.out.write(trailer.encode())
        return self.out.getvalue()


def _children(obj) -> list[IndirectObject]:
    """The references an object holds, but its /Parent (a page's: the page tree left behind)."""
    out: list[IndirectObject] = []
    todo = [obj]
    while todo:
        node = todo.pop()
        if isinstance(node, IndirectObject):
            out.append(node)
        elif isinstance(node, DictionaryObject):
            todo += [v for k, v in node.items() if k != "/Parent"]
        elif isinstance(node, ArrayObject):
            todo += list(node)
    return out
