"""The links the PDF puts over its charts' marks and its map's points (templates/report.typ `chart`),
found as a PDF reader finds them: link annotations, their boxes and the pages they go to."""
from __future__ import annotations

from pypdf import PdfReader
from pypdf.generic import ArrayObject

PAGE_WIDTH = 595.276  # A4, in pt
MARGIN = 62.362  # 2.2 cm, the template's margin left and right: a chart is the column's width
TOLERANCE = 0.6  # pt: the template places each link at the view box's units scaled, Typst rounds a little


Spot = tuple[int | None, float | None]  # a destination: its page (0-based) and its height from the page's top


def annotations(reader: PdfReader, page: int) -> list[tuple[tuple[float, float, float, float], Spot]]:
    """Each link annotation of a page (0-based): its box (x0, top, width, height, from the page's top)
    and where its destination is."""
    numbers = {p.indirect_reference.idnum: n for n, p in enumerate(reader.pages)}
    height = float(reader.pages[page].mediabox.height)
    out = []
    for ref in reader.pages[page].get("/Annots", ()):
        annot = ref.get_object()
        if annot.get("/Subtype") != "/Link":
            continue
        x0, y0, x1, y1 = (float(v) for v in annot["/Rect"])
        dest = annot.get("/Dest")
        to = (numbers.get(dest[0].idnum), height - float(dest[3])) if isinstance(dest, ArrayObject) else (None, None)
        out.append(((x0, height - y1, x1 - x0, y1 - y0), to))
    return out


def chart_links(reader: PdfReader, chart: dict) -> tuple[int, list[tuple[str, Spot]]]:
    """The page (0-based) that carries `chart` (outputs/pdf.py's: its view box and its links), and
    for each of its links the label it was given and where its annotation goes. Every link
    must be found: the annotation at its box scaled to the column's width, each at the same offset
    from the chart's top left (the image's)."""
    k = (PAGE_WIDTH - 2 * MARGIN) / chart["width"]
    for page in range(len(reader.pages)):
        found = []
        tops = set()
        spare = annotations(reader, page)
        for x, y, w, h, label in chart["links"]:
            match = next((a for a in spare if abs(a[0][0] - (MARGIN + x * k)) < TOLERANCE
                          and abs(a[0][2] - w * k) < TOLERANCE and abs(a[0][3] - h * k) < TOLERANCE
                          and (not tops or abs(a[0][1] - y * k - min(tops)) < 2 * TOLERANCE)), None)
            if match is None:
                break
            spare.remove(match)
            tops.add(round(match[0][1] - y * k, 1))
            found.append((label, match[1]))
        if chart["links"] and len(found) == len(chart["links"]):
            return page, found
    raise AssertionError(f"no page has the {len(chart['links'])} links of the chart")
