"""Property-based tests: any text in any text field of any record stays that text on the page.

Arbitrary Unicode, mixed with Markdown, HTML, template and extension syntax, goes
into every text field of every kind of record at once. The report must load
(or be refused with a diagnostic), render without an exception, and each field
must reach the reader as its own text (after NFC, white space collapsed as
HTML does): between two markers written around it, the built HTML has no
element at all (a long text: only its paragraphs) and the text is the record's.

Most examples go through the pure functions (load, resolve, render) and
Python-Markdown with the extensions mkdocs.yml enables, which is what MkDocs
does to a page's body; a few go through the whole `mkdocs build`, the theme and
the safety scan.
"""
from __future__ import annotations

import hashlib
import json
import re
import textwrap
import time
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml
from conftest import ROOT, write_content
from hypothesis import HealthCheck, example, given, reject, settings
from hypothesis import strategies as st
from site_helpers import mkdocs_yml, rich_files

from generator import gather, pages, unicode_rules
from generator.pipeline import build
from generator.outputs.markdown import md_paragraphs, md_text, render_site
from generator.engines.scan import scan_site
from generator.verbs.site import build_site

# -- the text ----------------------------------------------------------------------

# Syntax of every kind the pages could act on, and characters that change how text is shown.
MARKUP = (
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "</p>", "<b>", "<!--", "-->", "<![CDATA[",
    "{{ 7*7 }}", "{% include 'x' %}", "{#", "[^1]:", "[^1]", "[x](javascript:alert(1))", "![i](x.png)",
    "<https://evil.example/>", "*", "**", "_", "__", "[", "]", "(", ")", "|", "#", "# ", "## ", "!!!",
    '!!! danger "x"', "`", "```", "~~~", "{: onclick=\"alert(1)\" }", "{#id .cls}", "&amp;", "&#60;", "&lt;",
    "&copy;", "&", "<", ">", "\\", "\\*", "1984. ", "1) ", "- ", "+ ", "> ", "    ", "---", "===", "***",
    ": ", "*[HTML]: x", "[TOC]", "///Footnotes Go Here///", "  \n", "\n", "\n\n", "\t", " ", "\u00a0",
    "\u202e", "\u200f", "\u200b", "\u0301", "\u0308", "\u1100\u1161", "e\u0301", "\ufeff", "'", '"',
    "ب", "한", "й", "א", "\U0001f600", "javascript:", "data:text/html,x",
)
# Any character a record may hold: everything but surrogates and control characters (the
# loader refuses those with a diagnostic; tests/load/test_fuzz_load.py covers that), tab and
# line feed excepted.
CHARACTERS = st.characters(blacklist_categories=("Cs", "Cc"),
                           blacklist_characters="\u2028\u2029\ufffe\uffff")
text = st.lists(st.one_of(st.sampled_from(MARKUP), st.text(CHARACTERS, max_size=6)),
                max_size=10).map("".join)


# -- the fields --------------------------------------------------------------------

# Every text field of every kind: (file, path inside the record, shown over several paragraphs).
# The languages are BCP 47 tags, not free text (tests/whole/test_hostile_content.py).
FIELDS = {
    "report.title": ("report.yaml", ("title",), False),
    "report.subtitle": ("report.yaml", ("subtitle",), False),
    "report.author": ("report.yaml", ("authors", 0), False),
    "report.licence": ("report.yaml", ("licence",), False),
    "report.summary": ("report.yaml", ("summary",), True),
    "source.title": ("sources/src-b.yaml", ("title",), False),
    "source.author": ("sources/src-b.yaml", ("authors", 0), False),
    "source.reliability_note": ("sources/src-b.yaml", ("reliability_note",), False),
    "source.unknown": ("sources/src-a.yaml", ("unknown", "archive_url"), False),
    "source.notes": ("sources/src-b.yaml", ("notes",), True),
    "claim.statement": ("claims/forty-percent.yaml", ("statement",), False),
    "claim.via_note": ("claims/forty-percent.yaml", ("via", 0, "note"), False),
    "claim.made_reasoning": ("claims/forty-percent.yaml", ("made_reasoning",), False),
    "claim.unit": ("claims/forty-percent.yaml", ("quantities", 0, "unit"), False),
    "claim.of": ("claims/forty-percent.yaml", ("quantities", 0, "of"), False),
    "claim.assessment": ("claims/forty-percent.yaml", ("assessment",), True),
    "citation.quote": ("claims/forty-percent.yaml", ("citations", 1, "quote"), False),
    "citation.location": ("claims/forty-percent.yaml", ("citations", 1, "location"), False),
    "citation.note": ("claims/forty-percent.yaml", ("citations", 1, "note"), False),
    "citation.unit": ("claims/forty-percent.yaml", ("citations", 1, "quantities", 0, "unit"), False),
    "related.note": ("claims/not-verified.yaml", ("related", 0, "note"), False),
    "claim.claimant_vague": ("claims/strike.yaml", ("claimant_vague",), False),
    "event.date_reasoning": ("claims/strike.yaml", ("event", "date_reasoning"), False),
    "weapon.name": ("weapons/type-75.yaml", ("name",), False),
    "weapon.alias": ("weapons/type-75.yaml", ("aliases", 0), False),
    "weapon.calibre": ("weapons/type-75.yaml", ("calibre",), False),
    "weapon.description": ("weapons/type-75.yaml", ("description",), True),
    "actor.name": ("actors/budanov.yaml", ("name",), False),
    "actor.alias": ("actors/budanov.yaml", ("aliases", 0), False),
    "actor.role": ("actors/budanov.yaml", ("role",), False),
    "actor.description": ("actors/budanov.yaml", ("description",), True),
    "place.name": ("places/kupiansk.yaml", ("name",), False),
    "place.alias": ("places/kupiansk.yaml", ("aliases", 0), False),
    "place.region": ("places/kupiansk.yaml", ("region",), False),
    "place.description": ("places/kupiansk.yaml", ("description",), True),
}
# Read by the generator but shown on no page of the site.
NOT_SHOWN: set[str] = set()
# Names: they refuse invisible characters and words mixing look-alike scripts (docs/unicode.md).
NAMES = {"report.author", "source.author", "weapon.name", "weapon.alias", "actor.name", "actor.alias",
         "place.name", "place.alias"}
# The quote must stand in its source's snapshot: it is appended to the snapshot.
QUOTE_FIELD = "citation.quote"
STATEMENT = list(FIELDS).index("claim.statement")


def markers(i: int) -> tuple[str, str]:
    """Letters and digits only, so Markdown leaves them alone; a digit where the field's text
    touches them, so that NFC cannot compose a combining mark of the text into them."""
    return f"QZ{i:02d}", f"{i:02d}ZQ"


def wrapped(values: dict[str, str]) -> dict[str, str]:
    out = {}
    for i, field in enumerate(FIELDS):
        start, end = markers(i)
        out[field] = start + values[field] + end
    return out


def _set(record, path, value):
    for key in path[:-1]:
        record = record[key]
    if isinstance(record, list) and path[-1] >= len(record):
        record.append(value)
    else:
        record[path[-1]] = value


def content_files(values: dict[str, str]) -> dict[str, str]:
    """The rich report with every text field set (marked), as JSON documents (which are YAML)."""
    files = rich_files()
    data = {rel: yaml.safe_load(textwrap.dedent(text)) for rel, text in files.items() if rel.endswith(".yaml")}
    data["sources/src-b.yaml"]["notes"] = ""
    data["sources/src-a.yaml"].update(unknown={})
    data["claims/forty-percent.yaml"]["made_reasoning"] = ""
    data["claims/forty-percent.yaml"]["via"][0]["note"] = ""
    data["claims/forty-percent.yaml"]["citations"][1]["location"] = ""
    data["claims/not-verified.yaml"]["related"][0]["note"] = ""
    data["weapons/type-75.yaml"]["calibre"] = ""
    data["actors/budanov.yaml"].update(aliases=[], description="")
    data["places/kupiansk.yaml"].update(region="", description="")
    data["report.yaml"]["subtitle"] = ""
    for field, value in values.items():
        rel, path, _ = FIELDS[field]
        _set(data[rel], path, value)
    quote = unicodedata.normalize("NFC", values[QUOTE_FIELD])
    snapshot = files["sources/src-b.txt"] + quote + "\n"
    data["sources/src-b.yaml"]["sha256"] = hashlib.sha256(snapshot.encode()).hexdigest()
    out = {rel: json.dumps(record, ensure_ascii=False) + "\n" for rel, record in data.items()}
    return {**files, **out, "sources/src-b.txt": snapshot}


def expected(value: str) -> str:
    """What a reader sees of a field: its NFC text with white space collapsed, bidi controls and
    invisible characters shown as ⟨U+XXXX⟩ (docs/unicode.md)."""
    return _spaced(unicodedata.normalize("NFC", unicode_rules.visible(value))).strip(" ")


def _spaced(text: str) -> str:
    return re.sub(r"\s+", " ", text)


# -- what the reader sees ------------------------------------------------------------


class Flat(HTMLParser):
    """A page as the text a reader sees, with every tag as \\x01tag\\x02 between the text;
    the contents of <script> (JSON-LD, the theme's) kept apart, and so are the titles of chart
    marks and the links of the slice's table that cut a statement short (outputs/smallcharts.py
    `brief`: they end in "…")."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.scripts: list[tuple[dict, str]] = []
        self.cut: list[str] = []
        self._script: dict | None = None
        self._title: list[str] | None = None
        self._cell_link: list[str] | None = None  # a link that is all of a table cell
        self.feed(html)
        self.close()
        self.text = "".join(self.parts)

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self._script = dict(attrs)
            self.scripts.append((self._script, ""))
        elif tag == "title":
            self._title = []
        elif tag == "a" and self.parts and self.parts[-1] == "\x01td\x02":
            self._cell_link = []
        elif tag not in ("style",):
            self.parts.append(f"\x01{tag}\x02")

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None
        elif tag == "title" and self._title is not None:
            self._whole_or_cut(tag, "".join(self._title))
            self._title = None
        elif tag == "a" and self._cell_link is not None:
            self._whole_or_cut(tag, "".join(self._cell_link))
            self._cell_link = None
        else:
            self.parts.append(f"\x01/{tag}\x02")

    def _whole_or_cut(self, tag: str, text: str) -> None:
        """A mark's title or a table cell's link: kept apart if `brief` cut it, else text of the page."""
        if text.endswith("…"):
            self.cut.append(text)
        else:
            self.parts.append(f"\x01{tag}\x02{text}\x01/{tag}\x02")

    def handle_data(self, data):
        if self._script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)
        elif self._title is not None:
            self._title.append(data)
        elif self._cell_link is not None:
            self._cell_link.append(data)
        else:
            self.parts.append(data)


_PARAGRAPH_BREAK = re.compile(r"\x01/p\x02\s*\x01p\x02")


def occurrences(flat: str, start: str, end: str) -> list[str]:
    return re.findall(re.escape(start) + "(.*?)" + re.escape(end), flat, re.DOTALL)


def shown_in_markdown(markdown_text: str, start: str) -> int:
    """How often a page's Markdown shows a field: not in link destinations (a text-fragment link
    holds the quote's words) nor in the JSON-LD."""
    text = re.sub(r"<script\b.*?</script>", "", markdown_text, flags=re.DOTALL)
    text = re.sub(r"<title>[^<]*…</title>", "", text)  # cut short (Flat.cut)
    text = re.sub(r"<td><a [^>]*>[^<]*…</a></td>", "", text)
    return re.sub(r"\]\([^)\s]*\)", "]", text).count(start)


def check_fields(values: dict[str, str], htmls: dict[str, str], markdowns: dict[str, str] | None = None) -> None:
    """Each marked field is shown, and wherever it is shown it is its own text and no markup; with
    the pages' Markdown, as often as the Markdown has it (nothing swallowed it)."""
    marked = wrapped(values)
    seen = dict.fromkeys(FIELDS, 0)
    for url, html in htmls.items():
        flat = Flat(html)
        for i, (field, (_, _, long)) in enumerate(FIELDS.items()):
            start, end = markers(i)
            want = expected(marked[field])[len(start):-len(end)]
            found = occurrences(flat.text, start, end)
            if markdowns is not None:
                assert len(found) == shown_in_markdown(markdowns[url], start), (
                    f"{url}: {field} is in the Markdown {shown_in_markdown(markdowns[url], start)} times, "
                    f"shown {len(found)} times")
            for inner in found:
                seen[field] += 1
                shown = _PARAGRAPH_BREAK.sub(" ", inner) if long else inner
                assert "\x01" not in shown, f"{url}: {field} became markup: {inner!r}"
                assert _spaced(shown) == want, f"{url}: {field} shows {shown!r}, not {want!r}"
            for title in flat.cut:  # whole where it ends in the title; the last one cut: its start
                for inner in occurrences(title, start, end):
                    seen[field] += 1
                    assert _spaced(inner) == want, f"{url}: {field} shows {inner!r} in a title, not {want!r}"
                last = title.rfind(start)
                if last >= 0 and end not in title[last:]:
                    seen[field] += 1
                    inner = title[last + len(start):-1]
                    assert _spaced(want).startswith(_spaced(inner).rstrip(" ,;:")), (
                        f"{url}: {field} cut short shows {inner!r}, not the start of {want!r}")
        statement = unicodedata.normalize("NFC", marked["claim.statement"])
        for attrs, data in flat.scripts:
            if attrs.get("type") == "application/ld+json" and markers(STATEMENT)[0] in json.loads(data)[
                    "claimReviewed"]:
                assert json.loads(data)["claimReviewed"] == statement, f"{url}: {data!r}"
    missing = [f for f, n in seen.items() if not n and f not in NOT_SHOWN]
    assert not missing, f"fields shown on no page: {missing}"


def site_markdown() -> markdown.Markdown:
    """Python-Markdown with the extensions (and their settings) mkdocs.yml enables, as MkDocs runs it."""
    names, configs = [], {}
    for ext in mkdocs_yml()["markdown_extensions"]:
        name, cfg = next(iter(ext.items())) if isinstance(ext, dict) else (ext, {})
        names.append(name)
        configs[name] = cfg or {}
    return markdown.Markdown(extensions=names, extension_configs=configs)


def resolved_or_reject(content: Path, values: dict[str, str]):
    checked, resolved = build(content)
    if resolved is None:
        # The loader refuses only what it says it refuses (tests/load/test_fuzz_load.py): a field that is
        # blank after NFC, a quote the snapshot check reads otherwise, and a name (as marked) that
        # holds an invisible character or a word mixing look-alike scripts.
        names = [unicodedata.normalize("NFC", v) for f, v in wrapped(values).items() if f in NAMES]
        allowed = {"S003", "Q001"} | ({"S009"} if any(map(unicode_rules.name_problem, names)) else set()) | (
            {"R005"} if any(map(unicode_rules.mixed_script, names)) else set())
        codes = {d.code for d in checked.checks.diagnostics}
        assert codes <= allowed, [str(d) for d in checked.checks.diagnostics]
        reject()
    return resolved


SETTINGS = settings(max_examples=120, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                           HealthCheck.filter_too_much])
fields = st.fixed_dictionaries({field: text for field in FIELDS})
HOSTILE_EVERYWHERE = {field: "<script>alert(1)</script> ///Footnotes Go Here/// [^1]: *a*_b_ {{ 7*7 }} |"
                      for field in FIELDS}


@SETTINGS
@example(HOSTILE_EVERYWHERE)
@example({field: "1984. year" for field in FIELDS})
@example({field: "\u05d0\u05d1 \u202e abc e\u0301 \ud55c\uad6d\u200b" if field not in NAMES
          else "\u05d0\u05d1 abc e\u0301 \ud55c\uad6d" for field in FIELDS})
@given(fields)
def test_any_text_in_any_field_reaches_the_page_as_that_text(make_content_once, values):
    content = make_content_once(content_files(wrapped(values)))
    resolved = resolved_or_reject(content, values)
    rendered = render_site(resolved, pages.Extras(authored=gather.read_authored(content)))
    md = site_markdown()
    htmls = {}
    for path, text in rendered.items():
        if "QZ" in text:
            md.reset()
            htmls[path] = md.convert(text)
    check_fields(values, htmls, rendered)


# -- the escaper alone, where a line starts and ends ---------------------------------

# The markers above keep a field off the start of its line; here the text starts and ends its
# element, in every construct a template puts record text into.
CONTEXTS = {  # the Markdown, the element that holds the text, which of them
    "paragraph": ("{t}\n", "p", 0),
    "heading": ("# {t}\n", "h1", 0),
    "list item": ("- {t}\n", "li", 0),
    "link text": ("[{t}](x.md)\n", "a", 0),
    "table cell": ("| a | b |\n|---|---|\n| {t} | x |\n", "td", 0),
    "footnote": ("x[^1]\n\n[^1]: {t}\n", "li", 0),
    "quote in a footnote": ("x[^1]\n\n[^1]: y\n\n    > {t}\n", "blockquote", 0),
    "admonition title": ('!!! note "{t}"\n\n    x\n', "p", 0),
    "admonition": ('!!! note "x"\n\n    {t}\n', "p", 1),
}


@settings(max_examples=300, deadline=None)
@given(text.filter(lambda t: t.strip()), st.sampled_from(sorted(CONTEXTS)))
def test_escaped_text_is_literal_wherever_a_template_puts_it(value, context):
    template, tag, which = CONTEXTS[context]
    html = site_markdown().convert(template.format(t=md_text(value)))
    flat = Flat(html).text
    want = " ".join(unicodedata.normalize("NFC", unicode_rules.visible(value)).split())
    got = re.findall(rf"\x01{tag}\x02(.*?)\x01/{tag}\x02", flat, re.DOTALL)
    assert got, f"{context}: no <{tag}> in {html!r}"
    inner = got[which]
    if tag == "li":
        inner = re.sub(r"^\s*\x01p\x02|\x01/p\x02\s*$", "", inner)
        inner = re.sub(r"(\u00a0)?\x01a\x02\u21a9\x01/a\x02$", "", inner)  # the footnote's way back
    if tag == "blockquote":
        inner = re.sub(r"^\s*\x01p\x02|\x01/p\x02\s*$", "", inner)
    if tag == "h1":
        inner = re.sub(r"\x01a\x02\u00b6\x01/a\x02$", "", inner)  # the permalink mark
    assert "\x01" not in inner, f"{context}: {value!r} became markup: {html!r}"
    assert " ".join(unicodedata.normalize("NFC", inner).split()) == want, f"{context}: {html!r}"


@settings(max_examples=100, deadline=None)
@given(text)
def test_paragraphs_are_split_at_blank_lines_and_nothing_else(value):
    html = site_markdown().convert(str(md_paragraphs(value)))
    flat = Flat(html).text
    paragraphs = re.findall(r"\x01p\x02(.*?)\x01/p\x02", flat, re.DOTALL)
    blocks = [" ".join(b.split()) for b in re.split(r"\n[^\S\n]*\n", unicode_rules.visible(value))]
    assert [" ".join(p.split()) for p in paragraphs] == [b for b in blocks if b], html
    assert not re.sub(r"\x01/?p\x02", "", flat).count("\x01"), html


def test_a_long_run_of_emphasis_marks_renders_quickly():
    """Python-Markdown can take minutes on long runs of *_[ : escaped, a 2,000-character field of
    them renders at once. A generous bound against a hang, not a timing test."""
    value = ("*_[" * 700)[:2000]
    started = time.perf_counter()
    page = f"# {md_text(value)}\n\n{md_paragraphs(value)}\n\n| {md_text(value)} | x |\n|---|---|\n"
    html = site_markdown().convert(page)
    elapsed = time.perf_counter() - started
    assert elapsed < 20, f"{elapsed:.1f} s"
    assert value in Flat(html).text


# -- a few whole builds --------------------------------------------------------------


@pytest.mark.slow
@settings(max_examples=3, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                 HealthCheck.filter_too_much])
@example(HOSTILE_EVERYWHERE)
@given(fields)
def test_whole_builds_show_every_field_as_its_text_and_scan_clean(tmp_path_factory, values):
    """Through MkDocs and the theme: titles, navigation, search index and the safety scan too."""
    root = tmp_path_factory.mktemp("fuzz-site")
    content = write_content(root, content_files(wrapped(values)))
    resolved = resolved_or_reject(content, values)
    build_site(resolved, content, root / "site", ROOT / "mkdocs.yml", pdf=False)
    site = root / "site"
    assert scan_site(site) == []
    check_fields(values, {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8")
                          for p in site.rglob("*.html")})
