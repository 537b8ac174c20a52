"""The PDF export: text, page numbers, navigation, fonts, literal text, determinism.

The PDF is read back with poppler's tools (pdftotext, pdffonts, pdftoppm) and
pypdf. Two documents are checked: a small report written here with every kind
of awkward text, and the real report in content/ (built once per session).
"""
from __future__ import annotations

import argparse
import hashlib
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pytest
import typst
from pypdf import PdfReader
from pypdf.generic import ArrayObject, IndirectObject

from conftest import CONTENT, RESULTS, minimal_files, write_content
from generator import cli
from generator.outputs import markdown_text
from generator.engines import typst_fonts as pdf_fonts
from generator.verbs import pdf as pdf_verb
from generator.engines.typst import MissingFonts, write_pdf
from generator.outputs.pdf import Selection, document, mentions
from generator.pipeline import build

KOREAN = "북한은 막대한 비축량을 보유하고 있으며 생산은 24시간 계속된다"
CYRILLIC = "Кирило Буданов заявив, що Північна Корея постачає боєприпаси"
HEBREW = "צפון קוריאה מספקת תחמושת"
ARABIC = "كوريا الشمالية تزود روسيا بالذخيرة"
LITERAL = 'Literal # * $ @ <x> [ ] = \\ and #eval("1") #set page(width: 1cm) _a_ `b` {{ 7*7 }} // c'

THEMES = ("supply", "battlefield", "diplomacy")
FILLER = 18  # claims enough for the report to run over many pages


def _filler_sentence(i: int) -> str:
    return f"Filler claim number {i} says that shipment {i} reached the front near Kupiansk."


def rich_files() -> dict[str, str]:
    """The minimal report plus scripts, Typst syntax, themes, variants and an authored page."""
    snapshot = "\n".join([
        "Kyrylo Budanov told Bloomberg that \u201cNorth Korea has huge stockpiles and production goes on "
        "around the clock.\u201d",
        "A Type 75 launcher was destroyed near Kupiansk last month.",
        KOREAN, CYRILLIC, HEBREW, ARABIC, LITERAL,
        *(_filler_sentence(i) for i in range(FILLER)),
    ]) + "\n"
    sha = hashlib.sha256(snapshot.encode()).hexdigest()
    files = minimal_files()
    files["sources/src-b.txt"] = snapshot
    files["sources/src-b.yaml"] = f"""
        kind: "report"
        title: 'Scripts and #eval("2") [syntax] *report*'
        publisher: "press"
        authors: ["Ким Ёна", "이하준"]
        url: "https://example.org/b?x=1&y=[2]"
        archive_url: "https://web.archive.org/web/2025/https://example.org/b"
        language: "ko"
        published: "2025-07"
        accessed: "2025-07-13"
        sha256: "{sha}"
        reliability: "C"
    """
    scripts = {"korean": KOREAN, "korean-nfd": unicodedata.normalize("NFD", KOREAN + " (NFD)"), "cyrillic": CYRILLIC,
               "hebrew": HEBREW, "arabic": ARABIC}
    languages = {"korean": "ko", "korean-nfd": "ko", "cyrillic": "ru", "hebrew": "he", "arabic": "ar"}
    for i, (name, text) in enumerate(scripts.items()):
        quote = unicodedata.normalize("NFC", text).removesuffix(" (NFD)")
        files[f"claims/script-{name}.yaml"] = f"""
            statement: "{text}"
            claimant: "budanov"
            made: "2025-07-{10 + i:02d}"
            places: ["kupiansk"]
            tags: ["diplomacy"]
            status: "reported"
            credibility: 6
            assessment: "{text}"
            citations:
              - source: "src-b"
                quote: "{quote}"
                language: "{languages[name]}"
                translation: {{text: 'Translated ({name}) #strong[x] $y$', by: "machine"}}
        """
    files["claims/literal-syntax.yaml"] = f"""
        statement: '{LITERAL}'
        claimant_vague: 'Someone #calling <x> @all'
        made: "2025-06"
        weapons: ["type-75"]
        tags: ["supply"]
        quantities: [{{value: 40, unit: "percent", qualifier: "up-to", of: "#ammunition *used*"}}]
        status: "disputed"
        credibility: 4
        assessment: '{LITERAL}'
        citations:
          - source: "src-b"
            quote: '{LITERAL}'
            language: "en"
            location: "line [7] #x"
            note: 'A note with $math$ and #strong[bold]'
    """
    for i in range(FILLER):
        files[f"claims/filler-{i:02d}.yaml"] = f"""
            statement: "{_filler_sentence(i)}"
            claimant: "budanov"
            via: [{{actor: "outlet", kind: "interview"}}]
            made: "2025-07-{1 + i % 28:02d}"
            event: {{date: "2025-06", places: ["kupiansk"]}}
            weapons: ["type-75"]
            tags: ["{THEMES[i % 3]}"]
            status: "corroborated"
            credibility: 2
            assessment: "{' '.join(['A long assessment that fills the page.'] * 12)}"
            citations:
              - source: "src-b"
                quote: "{_filler_sentence(i)}"
                language: "en"
              - source: "src-a"
                quote: "A Type 75 launcher was destroyed near Kupiansk last month."
                made: "2025-08-{1 + i % 28:02d}"
            {'related: [{claim: "stockpiles", relation: "variant-of", note: "Worded differently."}]' if i == 0 else ''}
        """
    files["actors/press.yaml"] = """
        name: "Press Agency"
        kind: "media-outlet"
    """
    files["places/kupiansk.yaml"] = """
        name: "Kupiansk"
        aliases: ["Kupyansk", "Куп'янськ", "쿠피안스크"]
        kind: "settlement"
    """
    files["weapons/type-75.yaml"] = """
        name: "Type 75"
        aliases: ["Type-75", "#Type <75>*"]
        category: "multiple-rocket-launcher"
        calibre: "107 mm"
        description: "A launcher."
    """
    files["pages/methodology.md"] = (
        "# How we work\n\nWe *read* the **sources** and link [the stockpiles claim](../claims/stockpiles.md) "
        "and [the web](https://example.org/web).\n\n## Steps\n\n- one #eval(\"3\")\n- two $x$\n\n"
        "<script>alert(1)</script>\n\n1. first\n2. second\n"
    )
    return files


# -- reading a PDF back ---------------------------------------------------------------


def squash(text: str) -> str:
    """Text as compared: NFC, without white space, hyphens (pdftotext joins "Korean-" and "made"
    at a line end into "Koreanmade") or direction marks."""
    text = unicodedata.normalize("NFC", text)
    text = re.sub("[-\u00ad\u2010\u2011\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069]", "", text)
    return re.sub(r"\s+", "", text)


def poppler(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


@dataclass
class Pdf:
    path: Path
    resolved: object

    @cached_property
    def reader(self) -> PdfReader:
        return PdfReader(self.path)

    @cached_property
    def pages(self) -> list[str]:
        """The text of each page; pages[0] is page 1."""
        return poppler("pdftotext", "-enc", "UTF-8", str(self.path), "-").split("\f")[: len(self.reader.pages)]

    @cached_property
    def text(self) -> str:
        return squash("".join(self.pages))

    @cached_property
    def bookmarks(self) -> list[tuple[int, str, int]]:
        """(depth, title, page) of every bookmark, in order."""
        out = []

        def walk(items, depth):
            for item in items:
                if isinstance(item, list):
                    walk(item, depth + 1)
                else:
                    out.append((depth, item.title, self.reader.get_destination_page_number(item) + 1))
        walk(self.reader.outline, 0)
        return out

    def bookmark_page(self, title: str) -> int:
        pages = [p for _, t, p in self.bookmarks if squash(t) == squash(title)]
        assert len(pages) == 1, f"{title!r}: {len(pages)} bookmarks"
        return pages[0]

    def section_pages(self, title: str) -> range:
        """The pages of a level-1 section: from its heading to the page before the next one."""
        tops = [(t, p) for d, t, p in self.bookmarks if d == 0]
        i = [t for t, _ in tops].index(title)
        end = tops[i + 1][1] if i + 1 < len(tops) else len(self.reader.pages) + 1
        return range(tops[i][1], max(end, tops[i][1] + 1))

    @cached_property
    def page_numbers(self) -> dict[int, int]:
        return {page.indirect_reference.idnum: i + 1 for i, page in enumerate(self.reader.pages)}

    def link_target(self, annot) -> int | str | None:
        """The page an internal link leads to, or the address of an external one."""
        dest = annot.get("/Dest")
        if dest is None and "/A" in annot:
            action = annot["/A"].get_object()
            if action.get("/S") == "/URI":
                return str(action["/URI"])
            dest = action.get("/D")
        if isinstance(dest, IndirectObject):
            dest = dest.get_object()
        if isinstance(dest, str):
            return self.reader.get_destination_page_number(self.reader.named_destinations[dest]) + 1
        if isinstance(dest, ArrayObject):
            return self.page_numbers[dest[0].idnum]
        return None

    def links(self, page: int) -> list[tuple[str, int | str | None]]:
        """(text under the link, where it leads) for every link annotation of a page."""
        words = _words(self.path, page)
        height = float(self.reader.pages[page - 1].mediabox.height)
        out = []
        for ref in self.reader.pages[page - 1].get("/Annots", []):
            annot = ref.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            x0, y0, x1, y1 = (float(v) for v in annot["/Rect"])
            inside = [w for (wx0, wy0, wx1, wy1, w) in words  # by the word's centre; y counts from the top
                      if x0 <= (wx0 + wx1) / 2 <= x1 and y0 <= height - (wy0 + wy1) / 2 <= y1]
            out.append((" ".join(inside), self.link_target(annot)))
        return out


def _words(path: Path, page: int) -> list[tuple[float, float, float, float, str]]:
    xml = poppler("pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-")
    return [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', xml)]


def run_verb(*argv: str) -> int:
    """`python -m generator pdf ARGV`, parsed by the verb's own parser as cli.main does."""
    parser = argparse.ArgumentParser()
    pdf_verb.add_arguments(parser)
    return pdf_verb.run(parser.parse_args(argv))


def _export(content: Path, out: Path, **kw) -> Pdf:
    checked, resolved = build(content)
    assert resolved is not None, "\n".join(map(str, checked.diagnostics()))
    return Pdf(write_pdf(resolved, out, content=content, **kw), resolved)


@pytest.fixture(scope="module")
def rich_content(tmp_path_factory) -> Path:
    return write_content(tmp_path_factory.mktemp("rich"), rich_files())


@pytest.fixture(scope="module")
def rich_pdf(rich_content, tmp_path_factory) -> Pdf:
    return _export(rich_content, tmp_path_factory.mktemp("rich-pdf") / "report.pdf")


@pytest.fixture(scope="session")
def real_pdf(tmp_path_factory) -> Pdf:
    """The real report's PDF, built once per session."""
    return _export(CONTENT, tmp_path_factory.mktemp("real-pdf") / "report.pdf")


SMALL_BUDGET = 4  # claims' worth per part: the rich report cut into a dozen parts


@pytest.fixture(scope="module")
def split_pdf(rich_content, tmp_path_factory) -> Pdf:
    """The rich report typeset in small parts, each compilation in a process of its own, joined."""
    return _export(rich_content, tmp_path_factory.mktemp("split-pdf") / "report.pdf", budget=SMALL_BUDGET)


@pytest.fixture(params=["rich", "real", "split"])
def any_pdf(request) -> Pdf:
    return request.getfixturevalue(f"{request.param}_pdf")


# -- the text ----------------------------------------------------------------------------


@pytest.mark.slow
def test_text_holds_every_statement_and_quote(any_pdf):
    missing = []
    for view in any_pdf.resolved.claims.values():
        translations = [c.citation.translation.text for c in view.citations if c.citation.translation]
        for text in [view.claim.statement, *(c.citation.quote for c in view.citations), *translations]:
            if squash(text) not in any_pdf.text:
                missing.append(text)
    assert not missing, missing


@pytest.mark.slow
def test_quotes_are_footnotes_on_the_page_of_their_claim(rich_pdf):
    for view in rich_pdf.resolved.claims.values():
        page = rich_pdf.bookmark_page(view.claim.statement)
        near = squash("".join(rich_pdf.pages[page - 1: page + 1]))
        for c in view.citations:
            assert squash(c.citation.quote) in near, (view.id, page)


@pytest.mark.slow
def test_scripts_print_as_text_in_nfc_and_nfd(rich_pdf):
    """Korean (composed and decomposed), Cyrillic, Hebrew and Arabic come back intact."""
    for text in (KOREAN, CYRILLIC):
        assert squash(text) in rich_pdf.text
    assert rich_pdf.text.count(squash(KOREAN)) >= 4  # both claims' statements and assessments
    for text in (HEBREW, ARABIC):  # right-to-left: poppler may give the words in visual order
        words = [squash(w) for w in text.split()]
        assert all(w in rich_pdf.text or w[::-1] in rich_pdf.text for w in words), text


@pytest.mark.slow
def test_markup_in_records_prints_literally(rich_pdf):
    for text in (LITERAL, 'Someone #calling <x> @all', 'Scripts and #eval("2") [syntax] *report*',
                 "up to 40% of #ammunition *used*", "#Type <75>*", "line [7] #x",
                 "A note with $math$ and #strong[bold]", 'one #eval("3")', "two $x$",
                 "https://example.org/b?x=1&y=[2]"):
        assert squash(text) in rich_pdf.text, text
    assert squash("alert(1)") not in rich_pdf.text and squash("<script>") not in rich_pdf.text


def test_authored_markdown_becomes_blocks_of_runs():
    blocks = markdown_text.blocks(
        "# T\n\nA *b* **c** `d` [e](https://x.org) [f](../claims/x-y.md) [g](javascript:alert(1)) <i>h</i>\n\n"
        "- one\n- two\n\n> q\n")
    assert [b["type"] for b in blocks] == ["heading", "paragraph", "list", "quote"]
    runs = blocks[1]["runs"]
    assert {"text": "b", "emph": True} in runs and {"text": "c", "strong": True} in runs
    assert {"text": "d", "code": True} in runs
    assert {"text": "e", "url": "https://x.org"} in runs and {"text": "f", "claim": "x-y"} in runs
    assert runs[-1] == {"text": " g h"}  # no javascript: link, no tags


# -- page numbers -----------------------------------------------------------------------------


def _toc_entries(pdf: Pdf) -> list[tuple[str, int]]:
    """(title, printed page) of every line of the table of contents."""
    first_section = pdf.bookmarks[0][2]
    lines = "\n".join(pdf.pages[1: first_section - 1]).splitlines()
    entries, pending = [], ""
    for line in lines:
        line = line.replace("\u2060", "").strip()
        m = re.match(r"^(.*?)[\s.]*?(?:\s*\.)+\s*(\d+)$", line)
        if m:
            entries.append(((pending + " " + m.group(1)).strip(), int(m.group(2))))
            pending = ""
        elif line and line != "Contents" and not line.startswith(pdf.resolved.report.title[:20]):
            pending = (pending + " " + line).strip()
    return entries


@pytest.mark.slow
def test_table_of_contents_gives_the_pages_where_headings_stand(any_pdf):
    entries = _toc_entries(any_pdf)
    titles = [t for t, _ in entries]
    for section in ("Summary", "Claims", "Timeline", "Weapons", "Discrepancies", "Bibliography",
                    "Definitions", "Index"):
        assert section in titles
    for title, page in entries:
        assert any_pdf.bookmark_page(title) == page, title
        assert squash(title) in squash(any_pdf.pages[page - 1]), (title, page)


def _expected_index(pdf: Pdf) -> list[str]:
    """Every index line as it must read: label, (see name,) the pages of the claims naming it."""
    r = pdf.resolved
    pages: dict[str, set[int]] = {}
    for view in r.claims.values():
        page = pdf.bookmark_page(view.claim.statement)
        assert squash(view.claim.statement) in squash(pdf.pages[page - 1])
        for entity_id in mentions(view):
            pages.setdefault(entity_id, set()).add(page)
    lines = []
    for kind in ("weapon", "actor", "place"):
        for e in r.index(kind):
            if e.entity_id in pages:
                numbers = ", ".join(str(p) for p in sorted(pages[e.entity_id]))
                lines.append(f"{e.label} (see {e.name}), {numbers}" if e.is_alias else f"{e.label}, {numbers}")
    return lines


@pytest.mark.slow
def test_index_gives_the_pages_of_every_name_and_alias(any_pdf):
    index = squash("".join(any_pdf.pages[p - 1] for p in any_pdf.section_pages("Index")))
    expected = _expected_index(any_pdf)
    assert expected
    missing = [line for line in expected if squash(line) not in index]
    assert not missing, missing


@pytest.mark.slow
def test_index_has_aliases_in_every_script(rich_pdf):
    index = squash("".join(rich_pdf.pages[p - 1] for p in rich_pdf.section_pages("Index")))
    for alias in ("Kupyansk", "Куп'янськ", "쿠피안스크", "Type-75", "#Type <75>*"):
        assert squash(f"{alias} (see") in index, alias


@pytest.mark.slow
def test_clickable_page_numbers_lead_to_the_page_they_print(any_pdf):
    """In the contents and the index, a page number that is a link leads to that page."""
    checked = 0
    pages = [*range(2, any_pdf.bookmarks[0][2]), *any_pdf.section_pages("Index")]
    for page in pages:
        for text, target in any_pdf.links(page):
            number = re.search(r"(\d+)\W*$", text.replace("\u2060", ""))
            if isinstance(target, int) and number:
                assert int(number.group(1)) == target, (page, text, target)
                checked += 1
    assert checked > 10


# -- navigation and metadata ----------------------------------------------------------------------


@pytest.mark.slow
def test_bookmarks_follow_the_headings(any_pdf):
    top = [t for d, t, _ in any_pdf.bookmarks if d == 0]
    assert top[0] == "Summary" and top[-1] == "Index"
    assert {"Claims", "Timeline", "Weapons", "Discrepancies", "Bibliography", "Definitions"} <= set(top)
    for view in any_pdf.resolved.claims.values():  # every claim has its bookmark
        any_pdf.bookmark_page(view.claim.statement)


@pytest.mark.slow
def test_links_inside_the_document_and_out(any_pdf):
    internal, external = 0, 0
    for page in range(1, len(any_pdf.reader.pages) + 1):
        for _, target in any_pdf.links(page):
            if isinstance(target, int):
                assert 1 <= target <= len(any_pdf.reader.pages)
                internal += 1
            else:
                assert target and target.startswith(("http://", "https://")), target
                external += 1
    assert internal > 20 and external > 1


@pytest.mark.slow
def test_every_page_after_the_cover_has_the_title_and_its_number(any_pdf):
    title = squash(any_pdf.resolved.report.title)
    for number, text in enumerate(any_pdf.pages, 1):
        assert title in squash(text), number
        if number > 1:
            assert text.rstrip().splitlines()[-1].strip() == str(number), number


@pytest.mark.slow
def test_metadata(any_pdf):
    meta = any_pdf.reader.metadata
    report = any_pdf.resolved.report
    assert meta.title == report.title
    assert meta.author == ", ".join(report.authors)
    assert meta.subject and meta["/Keywords"]


# -- fonts ----------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_every_font_is_embedded(any_pdf):
    rows = poppler("pdffonts", str(any_pdf.path)).splitlines()[2:]
    assert rows
    for row in rows:
        emb = row.split()[-5]
        assert emb == "yes", row
    names = " ".join(rows)
    assert "NotoSerif" in names and "NotoSans" in names


@pytest.mark.slow
def test_korean_is_set_in_the_korean_font(rich_pdf):
    assert "CJKkr" in poppler("pdffonts", str(rich_pdf.path))


def _only(tmp_path: Path, *names: str) -> typst.Fonts:
    folder = tmp_path / "fonts"
    folder.mkdir()
    for name in names:
        source = next(Path("/usr/share/fonts").rglob(name))
        (folder / name).symlink_to(source)
    return typst.Fonts(include_system_fonts=False, include_embedded_fonts=False, font_paths=[str(folder)])


def test_a_missing_korean_font_is_named_with_its_package(tmp_path):
    fonts = _only(tmp_path, "NotoSerif-Regular.ttf", "NotoSans-Regular.ttf")
    pdf_fonts.plan("Latin and Кириллица", fonts)  # no Korean: nothing missing
    with pytest.raises(MissingFonts, match="Noto Serif CJK KR.*fonts-noto-cjk"):
        pdf_fonts.plan("Latin and " + KOREAN, fonts)


def test_a_character_no_font_has_is_named():
    with pytest.raises(MissingFonts, match=re.escape("U+E000")):
        pdf_fonts.plan("text \ue000")


def test_the_verb_exits_3_naming_the_missing_font(make_content, tmp_path, monkeypatch, capsys):
    content = make_content({"claims/stockpiles.yaml": minimal_files()["claims/stockpiles.yaml"].replace(
        "North Korea has huge stockpiles of ammunition.", KOREAN)})
    fonts = _only(tmp_path, "NotoSerif-Regular.ttf", "NotoSans-Regular.ttf")
    monkeypatch.setattr(pdf_fonts, "system_fonts", lambda: fonts)
    out = tmp_path / "out.pdf"
    assert run_verb("--content", str(content), "--out", str(out)) == 3
    assert "fonts-noto-cjk" in capsys.readouterr().err
    assert not out.exists()


# -- determinism, parts, the verb ---------------------------------------------------------------------


@pytest.mark.slow
def test_parts_typeset_apart_read_as_the_parts_typeset_together(rich_content, split_pdf, tmp_path):
    """A report typeset in parts, in separate processes, and joined: the same pages, text, bookmarks
    and page numbers (contents, references, index) as the same parts typeset in one compilation."""
    from generator.engines.typst import render
    from generator.outputs.pdf_parts import parts, units

    _, resolved = build(rich_content)
    doc = document(resolved, content=rich_content)
    assert len(units(parts(doc, SMALL_BUDGET), SMALL_BUDGET)) >= 5  # typeset apart, really
    together = tmp_path / "together.pdf"
    together.write_bytes(render(doc, budget=SMALL_BUDGET, together=True))
    one = Pdf(together, resolved)
    assert len(split_pdf.reader.pages) == len(one.reader.pages)
    assert split_pdf.pages == one.pages
    assert split_pdf.bookmarks == one.bookmarks
    index = split_pdf.section_pages("Index")
    assert [split_pdf.links(p) for p in index] == [one.links(p) for p in index]
    assert render(doc, budget=SMALL_BUDGET) == split_pdf.path.read_bytes()  # joined, byte for byte again


@pytest.mark.slow
@pytest.mark.parametrize("processes", [1, 2])
def test_compilations_run_side_by_side_and_give_the_same_bytes(rich_content, split_pdf, tmp_path, monkeypatch,
                                                                processes):
    """CLAIMSITE_WORKERS Typst processes at once, each round's batches from the round before: the
    same bytes whichever finishes first; each batch typeset once or twice (the claims first in a
    round, the sections after them get the claims' pages in the same round)."""
    import threading

    from generator.engines import typst as engine
    from generator.outputs.pdf_parts import parts, units

    running, most, calls, lock = [0], [0], [0], threading.Lock()
    apart = engine._apart

    def counted(*args):
        with lock:
            running[0] += 1
            calls[0] += 1
            most[0] = max(most[0], running[0])
        try:
            return apart(*args)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(engine, "_apart", counted)
    monkeypatch.setenv("CLAIMSITE_WORKERS", str(processes))
    again = _export(rich_content, tmp_path / "again.pdf", budget=SMALL_BUDGET)
    assert again.path.read_bytes() == split_pdf.path.read_bytes()
    assert most[0] == processes
    _, resolved = build(rich_content)
    batches = len(units(parts(document(resolved, content=rich_content), SMALL_BUDGET), SMALL_BUDGET))
    assert batches <= calls[0] <= 2 * batches


@pytest.mark.slow
def test_cuts_fall_where_the_pages_break_anyway(tmp_path):
    """The claims typeset in several compilations, each cut moved to a claim that began a page:
    the same pages, page for page, as the report typeset in one run of one compilation, so no
    page is part-empty where two compilations meet."""
    from bench.synth import generate
    from generator.engines.typst import render
    from generator.outputs.pdf_parts import parts, units

    content = generate(tmp_path / "content", 90, 1)
    _, resolved = build(content)
    doc = document(resolved, content=content)
    cut = [b for b in units(parts(doc, 25), 25) if b[-1]["kind"] == "themes"]
    assert len(cut) >= 3  # the claims end three compilations or more
    apart, whole = tmp_path / "apart.pdf", tmp_path / "whole.pdf"
    apart.write_bytes(render(doc, budget=25))
    whole.write_bytes(render(doc, budget=10_000))
    split, one = Pdf(apart, resolved), Pdf(whole, resolved)
    claims = one.section_pages("Claims")
    assert len(claims) > 3 * 6
    assert [split.pages[p - 1] for p in split.section_pages("Claims")] == [one.pages[p - 1] for p in claims]


def test_a_cut_carries_the_items_after_it_into_the_next_part():
    from generator.outputs.pdf_parts import carry, continues

    def run(first, *groups):
        return {"kind": "themes", "section": "Claims", "first": first,
                "groups": [{"head": h and {"title": h}, "items": items} for h, items in groups]}

    batch = [{"kind": "cover", "section": None}, run(True, ("A", [1, 2]), ("B", [3, 4, 5]))]
    following = [run(False, (None, [6]), ("C", [7])), {"kind": "index", "section": "Index"}]
    assert continues(batch, following) and not continues(following, [run(True, ("D", [8]))])
    carry(batch, following, 1, 1)  # from item 4 on
    assert batch[-1]["groups"] == [{"head": {"title": "A"}, "items": [1, 2]}, {"head": {"title": "B"}, "items": [3]}]
    assert following[0]["groups"] == [{"head": None, "items": [4, 5, 6]}, {"head": {"title": "C"}, "items": [7]}]
    carry(batch, following, 1, 0)  # a whole group: its heading goes with it
    assert batch[-1]["groups"] == [{"head": {"title": "A"}, "items": [1, 2]}]
    assert following[0]["groups"][0] == {"head": {"title": "B"}, "items": [3, 4, 5, 6]}


def test_a_long_section_is_cut_into_parts_that_keep_its_groups():
    from generator.outputs.pdf_parts import parts

    claims = [{"anchor": f"claim-{i}"} for i in range(10)]
    doc = {"summary": [], "key_findings": [], "pages": [], "changes": None, "timeline": [],
           "timeline_chart": None, "weapons": [], "discrepancies": [], "bibliography": [], "definitions": [],
           "index": [], "themes": [{"title": "A", "claims": claims[:7]}, {"title": "B", "claims": claims[7:]}]}
    runs = [p for p in parts(doc, budget=3) if p["kind"] == "themes"]
    assert [[(g["head"] and g["head"]["title"], len(g["items"])) for g in r["groups"]] for r in runs] == \
        [[("A", 3)], [(None, 3)], [(None, 1), ("B", 2)], [(None, 1)]]
    assert [r["first"] for r in runs] == [True, False, False, False]
    assert all(p["section"] == "Claims" for p in runs)


@pytest.mark.slow
def test_two_exports_give_the_same_bytes(rich_content, rich_pdf, tmp_path):
    again = _export(rich_content, tmp_path / "again.pdf")
    assert again.path.read_bytes() == rich_pdf.path.read_bytes()


def test_source_date_epoch_sets_the_document_date(make_content, tmp_path, monkeypatch):
    from generator.clock import build_epoch

    checked, resolved = build(make_content())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    reader = PdfReader(write_pdf(resolved, tmp_path / "a.pdf", epoch=build_epoch(resolved)))
    assert reader.metadata["/CreationDate"].startswith("D:20231114221320")
    # The writer is given the date; it reads no clock and no environment of its own.
    reader = PdfReader(write_pdf(resolved, tmp_path / "b.pdf"))
    assert reader.metadata["/CreationDate"].startswith("D:20250712")  # the newest date in the content
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    reader = PdfReader(write_pdf(resolved, tmp_path / "c.pdf", epoch=build_epoch(resolved)))
    assert reader.metadata["/CreationDate"].startswith("D:20250712")


def _claim_ids(doc: dict) -> set[str]:
    return {c["id"] for theme in doc["themes"] for c in theme["claims"]}


def test_a_part_holds_only_its_claims(rich_content):
    from generator.dates import DateValue
    _, resolved = build(rich_content)
    whole = _claim_ids(document(resolved))
    assert whole == set(resolved.claims)
    assert _claim_ids(document(resolved, selection=Selection(weapon="type-75"))) == \
        {f"filler-{i:02d}" for i in range(FILLER)} | {"stockpiles", "literal-syntax"}
    assert _claim_ids(document(resolved, selection=Selection(actor="outlet"))) == \
        {f"filler-{i:02d}" for i in range(FILLER)} | {"stockpiles"}  # channel or publisher
    june = Selection(start=DateValue.parse("2025-06"), end=DateValue.parse("2025-06-30"))
    part = document(resolved, selection=june)
    assert _claim_ids(part) == {f"filler-{i:02d}" for i in range(FILLER)} | {"literal-syntax"}
    assert part["meta"]["selection"] == "Claims from June 2025 to 30 June 2025"
    day = Selection(start=DateValue.parse("2025-07-11"), end=DateValue.parse("2025-07-11"))
    assert _claim_ids(document(resolved, selection=day)) == {"stockpiles", "script-korean-nfd", "filler-10"}


@pytest.mark.slow
def test_the_verb_writes_a_part(rich_content, tmp_path):
    out = tmp_path / "part.pdf"
    assert run_verb("--content", str(rich_content), "--out", str(out), "--weapon", "type-75",
                    "--from", "2025-07", "--version", "1.0") == 0
    text = squash(poppler("pdftotext", "-layout", str(out), "-"))
    assert squash("Claims about Type 75, from July 2025 on") in text and squash("Version 1.0") in text
    assert squash(_filler_sentence(1)) in text and squash(KOREAN) not in text


def test_the_verb_refuses_an_unknown_weapon_or_a_bad_date(make_content, tmp_path, capsys):
    content = make_content()
    assert run_verb("--content", str(content), "--out", str(tmp_path / "x.pdf"), "--weapon", "nope") == 2
    assert "no weapon 'nope'" in capsys.readouterr().err
    with pytest.raises(SystemExit) as e:
        run_verb("--content", str(content), "--from", "2025-02-30")
    assert e.value.code == 2
    with pytest.raises(SystemExit) as e:  # a usage error, like any bad option
        run_verb("--content", str(tmp_path / "nothing"))
    assert e.value.code == 2


def test_the_verb_is_registered():
    assert cli.VERBS["pdf"] == "pdf"


def test_the_verb_exits_1_on_bad_content(make_content, tmp_path, capsys):
    content = make_content({"claims/stockpiles.yaml": "statement: ''\n"})
    out = tmp_path / "x.pdf"
    assert run_verb("--content", str(content), "--out", str(out)) == 1
    assert not out.exists()


# -- pictures for people ------------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("name", ["rich", "real"])
def test_first_pages_as_pictures(name, request):
    """The first pages at 50 dpi, kept in test-results/pdf/ for people to look at."""
    pdf = request.getfixturevalue(f"{name}_pdf")
    folder = RESULTS / "pdf"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"{name}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "50", "-l", "3", "-png", str(pdf.path), str(folder / name)], check=True)
    shutil.copyfile(pdf.path, folder / f"{name}.pdf")
    assert len(list(folder.glob(f"{name}-*.png"))) == 3


def test_a_source_no_claim_cites_is_in_the_bibliography(make_content, tmp_path):
    """What `ingest` leaves before any claim cites it: the whole report lists it; a part lists only the
    sources it refers to; no link of either points at a source the document does not hold."""
    snapshot = "Captured, not read yet: a Type 75 launcher near Kupyansk.\n"
    content = make_content({
        "sources/captured.txt": snapshot,
        "sources/captured.yaml": f"""
            kind: "article"
            title: "Just captured"
            publisher: "outlet"
            url: "https://example.org/captured"
            published: "2025-07-20"
            sha256: "{hashlib.sha256(snapshot.encode()).hexdigest()}"
            reliability: "F"
        """,
    })
    _, resolved = build(content)
    whole = document(resolved)
    assert {b["anchor"] for b in whole["bibliography"]} == {"source-src-a", "source-captured"}
    part = document(resolved, selection=Selection(actor="budanov"))
    anchors = {b["anchor"] for b in part["bibliography"]}
    assert "source-src-a" in anchors
    targets = {v["target"] for d in part["discrepancies"] for v in d["versions"] if v["target"]}
    assert targets <= anchors
    out = tmp_path / "whole.pdf"
    write_pdf(resolved, out)
    assert squash("Just captured") in squash(poppler("pdftotext", str(out), "-"))


def test_a_regional_language_tag_sets_its_language(make_content):
    content = make_content({"report.yaml": """
        title: "Test report"
        authors: ["Tester"]
        licence: "CC BY 4.0"
        summary: "A tiny report."
        site_url: "https://example.org/r/"
        language: "de-CH"
    """})
    claim = (content / "claims/stockpiles.yaml").read_text(encoding="utf-8")
    quote = 'quote: "North Korea has huge stockpiles and production goes on around the clock."'
    assert quote in claim
    indent = claim.split(quote)[0].rsplit("\n", 1)[1]
    (content / "claims/stockpiles.yaml").write_text(claim.replace(quote, quote + f"""
{indent}translation: {{text: "Nordkorea hat riesige Vorräte.", by: "analyst"}}"""), encoding="utf-8")
    checked, resolved = build(content)
    assert resolved is not None, checked.diagnostics()
    assert document(resolved)["meta"]["language"] == "de"
