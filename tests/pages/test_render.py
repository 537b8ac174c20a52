"""Rendering: escaping record text, the page contexts, the templates, golden pages."""
from __future__ import annotations

import json
import os
import unicodedata
from pathlib import Path

import markdown
import pytest
from conftest import minimal_files, write_content
from jinja2 import UndefinedError
from site_helpers import HOSTILE, HOSTILE_CASES, SCRIPTS, Html, mkdocs_yml, resolved_of, rich_files, text_of

from generator import gather, pages
from generator.outputs import markdown as render
from generator.pages import Extras, site_pages
from generator.outputs.markdown import environment, json_ld, md_paragraphs, md_text, md_url, render_pages, render_site, token

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "rich"


def site_markdown() -> markdown.Markdown:
    """Python-Markdown with the extensions mkdocs.yml enables."""
    config = mkdocs_yml()
    names, configs = [], {}
    for ext in config["markdown_extensions"]:
        name, cfg = next(iter(ext.items())) if isinstance(ext, dict) else (ext, {})
        names.append(name)
        configs[name] = cfg or {}
    return markdown.Markdown(extensions=names, extension_configs=configs)


def to_html(text: str) -> Html:
    return Html(site_markdown().convert(text))


def only_paragraph(doc: Html) -> dict:
    tags = [e["tag"] for e in doc.elements]
    assert tags == ["p"], f"expected one paragraph, got {tags}"
    return doc.elements[0]


# -- escaping ------------------------------------------------------------------------


@pytest.mark.parametrize("text", [HOSTILE, *HOSTILE_CASES])
def test_record_text_is_one_literal_paragraph(text):
    """bad-input 8, 10, 11: Markdown, HTML and template syntax come out as the text itself."""
    paragraph = only_paragraph(to_html(str(md_text(text))))
    assert text_of(paragraph) == " ".join(text.split())


@pytest.mark.parametrize("text", HOSTILE_CASES)
def test_record_text_stays_literal_inside_a_heading_a_table_cell_and_a_footnote(text):
    escaped = md_text(text)
    doc = to_html(f"## {escaped}\n\n| a | b |\n|---|---|\n| {escaped} | x |\n\nx[^1]\n\n[^1]: {escaped}\n")
    assert [text_of(e) for e in doc.find("h2")] == [" ".join(text.split())]
    assert [text_of(e) for e in doc.find("td")][0] == " ".join(text.split())
    assert len(doc.find("td")) == 2 and len(doc.find("li")) == 1
    assert not doc.find("script") and not doc.find("img")
    assert [e["attrs"].get("class") for e in doc.find("div")] == ["footnote"]


def test_the_escaper_knows_every_markdown_extension_the_site_enables():
    """md_text is written for these extensions; enabling another (pymdownx.*, def_list, smarty, ...)
    may give other characters a meaning: review render.EXTENSIONS and _INLINE, then update both."""
    config = mkdocs_yml()
    names = tuple(next(iter(e)) if isinstance(e, dict) else e for e in config["markdown_extensions"])
    assert names == render.EXTENSIONS
    plugins = [next(iter(p)) if isinstance(p, dict) else p for p in config["plugins"]]
    assert plugins == ["claimsite"], "a plugin that rewrites Markdown (macros, snippets) breaks escaping"


def test_plain_punctuation_is_left_alone():
    """Only syntax is encoded: Python-Markdown pays for every character reference."""
    assert str(md_text("Type-75: 40% (about), e.g. U.S. officials; 1984. Why?")) == (
        "Type-75: 40% (about), e.g. U.S. officials; 1984. Why?")


@pytest.mark.parametrize("form", ["NFC", "NFD"])
@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_other_scripts_pass_intact(script, form):
    """bad-input 14: Korean, Cyrillic, Hebrew, Arabic, composed or decomposed, unchanged."""
    text = unicodedata.normalize(form, SCRIPTS[script] + " Kupiansk é")
    assert text_of(only_paragraph(to_html(str(md_text(text))))) == text


def test_paragraphs_split_at_blank_lines_only():
    doc = to_html(str(md_paragraphs("First line\ncontinues.\n\n\n# Second\n    indented")))
    assert [text_of(p) for p in doc.find("p")] == ["First line continues.", "# Second indented"]
    assert [e["tag"] for e in doc.elements] == ["p", "p"]


def test_a_url_cannot_leave_its_link():
    url = 'https://example.org/a_(b)?q="x"&r=<y> `z`\\|'
    doc = to_html(f"[text]({md_url(url)})")
    (a,) = doc.find("a")
    assert a["attrs"]["href"] == "https://example.org/a_%28b%29?q=%22x%22&r=%3Cy%3E%20%60z%60%5C%7C"
    assert text_of(a) == "text"


def test_a_text_fragment_url_is_kept():
    url = "https://example.org/a#:~:text=North%20Korea,the%20clock."
    assert str(md_url(url)) == url


def test_json_ld_cannot_close_its_script_element():
    data = {"claimReviewed": "</script><script>alert(1)</script> & \u2028"}
    text = str(json_ld(data))
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == data


@pytest.mark.parametrize("bad", ["a b", "x\" onclick=\"y", "", "-x", "a_b", "é"])
def test_token_refuses_anything_but_letters_digits_and_hyphens(bad):
    with pytest.raises(ValueError):
        token(bad)


def test_templates_refuse_to_print_unescaped_text():
    env = environment()
    with pytest.raises(TypeError, match="without escaping"):
        env.from_string("{{ value }}").render(value="*bold*")
    assert env.from_string("{{ value|md }} {{ n }}").render(value="*bold*", n=3) == "&#42;bold&#42; 3"


def test_a_misspelt_field_is_an_error(tmp_path):
    (tmp_path / "bad.md.j2").write_text("{{ page.statment|md }}", encoding="utf-8")
    page = pages.Page("x.md", "bad.md.j2", "X", context=pages.Link("a", "b"))
    with pytest.raises(UndefinedError):
        render_pages([page], templates=tmp_path)


# -- pages ---------------------------------------------------------------------------


@pytest.fixture
def rich(make_content):
    content = make_content(rich_files())
    return resolved_of(content), gather.extras(resolved_of(content), content)


def test_every_record_has_a_page_and_only_index_pages_are_in_the_nav(rich):
    resolved, extra = rich
    site = site_pages(resolved, extra)
    paths = {p.path for p in site}
    for kind in ("claim", "source", "weapon", "actor", "place"):
        table = resolved.claims if kind == "claim" else getattr(resolved, pages.FOLDER[kind])
        assert {pages.record_path(kind, i) for i in table} <= paths
    nav = [path for entry in pages.nav(site) for path in entry.values()]
    assert nav[0] == "index.md" and "about/methodology.md" in nav
    assert not [p for p in nav if p.count("/") and not p.endswith("index.md") and not p.startswith("about/")]


def test_claim_page_context(rich):
    resolved, _ = rich
    page = pages.claim_page(resolved, "forty-percent", pages.Lookups.of(resolved)).context
    assert page.attribution == ("Kyrylo Budanov, head of Ukrainian military intelligence, told Bloomberg "
                                "on 11 July 2025; reported by Bloomberg on 12 July 2025 and by Daily Paper "
                                "on 13 July 2025.")
    assert page.status.text == "Status: Corroborated" and page.status.href == "../definitions.md#claim-status-corroborated"
    assert page.permalink == "https://example.org/r/claims/forty-percent/"
    assert page.versions.columns == (("Bloomberg", 1), ("Daily Paper", 2))
    assert dict(page.versions.rows)["Said"] == ("11 July 2025", "12 July 2025")
    assert dict(page.versions.rows)["Figures"] == ("up to 40% of Russia's ammunition", "about 40%")
    assert [r.relation for r in page.related] == ["Qualified by"]
    assert page.discrepancies and all(link.href.startswith("../discrepancies.md#") for link in page.discrepancies)
    assert page.json_ld["reviewRating"]["ratingValue"] == 4
    footnote = page.footnotes[1]
    assert footnote.fragment_url.startswith("https://example.com/b?x=1&y=(2)#:~:text=")
    assert footnote.source.href == "../sources/src-b.md"


def test_a_claim_without_a_verdict_has_no_claim_review(rich):
    resolved, _ = rich
    assert pages.claim_page(resolved, "undated", pages.Lookups.of(resolved)).context.json_ld is None


def test_a_vague_claimant_is_flagged_and_a_month_stays_a_month(rich):
    resolved, extra = rich
    md = render_site(resolved, extra)["claims/strike.md"]
    assert '!!! warning "Unnamed claimant"' in md and "Some Western officials" in md
    assert "- **Happened:** June 2025, [Kupiansk](../places/kupiansk.md) ('in June')" in md


def test_the_index_lists_every_alias_on_its_weapons_row(rich):
    resolved, extra = rich
    rows = [row for letter in pages.entity_index(resolved, "weapon").context.letters for row in letter.rows]
    # Type-75 is under T, as its weapon is: on the weapon's row, not a row of its own.
    assert [(r.label, r.is_alias, r.aliases, r.entity.href) for r in rows] == [
        ("Type 75", False, ("Type-75",), "type-75.md")]
    assert rows[0].claims == 3 and rows[0].first == "12 July 2025" and rows[0].last == "13 July 2025"
    assert rows[0].strongest.text == "Strongest status: Corroborated"
    md = render_site(resolved, extra)["weapons/index.md"]
    assert "**[Type 75](type-75.md)** *also written: Type-75*{ .cs-aliases }" in md
    assert md.count("Type-75") == 1


def test_an_alias_under_another_letter_has_a_short_row_there_that_points_to_its_entity(make_content):
    files = rich_files()
    files["weapons/type-75.yaml"] = files["weapons/type-75.yaml"].replace('["Type-75"]', '["Type-75", "Howitzer 75"]')
    content = make_content(files)
    resolved = resolved_of(content)
    index = {letter.letter: letter.rows for letter in pages.entity_index(resolved, "weapon").context.letters}
    assert [(r.label, r.is_alias, r.aliases) for r in index["T"]] == [("Type 75", False, ("Howitzer 75", "Type-75"))]
    [short] = index["H"]
    assert short.label == "Howitzer 75" and short.is_alias and short.entity.href == "type-75.md"
    assert (short.first, short.last, short.strongest) == (None, None, None)
    md = render_site(resolved, gather.extras(resolved, content))["weapons/index.md"]
    assert "| Howitzer 75, see [Type 75](type-75.md) | | | | | |" in md


def test_entity_pages_hold_every_alias_and_their_own_timeline(rich):
    resolved, extra = rich
    md = render_site(resolved, extra)
    assert "Type-75" in md["weapons/type-75.md"] and "Kupyansk" in md["places/kupiansk.md"]
    timeline = pages.entity_page(resolved, "weapon", "type-75", pages.Lookups.of(resolved)).context.timeline
    assert [(i.iso, i.label) for i in timeline] == [
        ("2025-06", "Happened"), ("2025-07-11", "Said"), ("2025-07-11", "Said"), ("2025-07-13", "Said")]


def test_the_timeline_tells_happened_from_said_and_keeps_each_precision(rich):
    resolved, _ = rich
    page = pages.timeline(resolved).context
    happened, said = page.axes
    assert [(m.title, [i.date for i in m.entries]) for y in happened.years for m in y.months] == [
        ("June 2025", ["June 2025"])]
    assert [i.date for y in said.years for m in y.months for i in m.entries] == [
        "11 July 2025", "11 July 2025", "13 July 2025", "13 July 2025"]
    assert [i.link.text for i in page.undated] == ["North Korean production goes on around the clock."]


def test_home_links_the_pdf_and_data_only_when_they_exist(rich, tmp_path):
    resolved, extra = rich
    plain = render_site(resolved, Extras(authored=extra.authored))["index.md"]
    assert "Downloads" not in plain and "report.pdf" not in plain
    pdf = pages.Download("The report as PDF", "report.pdf", "the whole report", tmp_path / "r.pdf")
    with_pdf = render_site(resolved, Extras(downloads=(pdf,)))["index.md"]
    assert "## Downloads" in with_pdf and "[The report as PDF](report.pdf)" in with_pdf


def test_two_pages_at_one_path_are_refused(rich):
    resolved, extra = rich
    site = site_pages(resolved, extra)
    with pytest.raises(ValueError, match="two pages"):
        render_pages(site + [site[0]])


def test_rendering_is_deterministic(make_content):
    content = make_content(rich_files())
    first = render_site(resolved_of(content), gather.extras(resolved_of(content), content))
    second = render_site(resolved_of(content), gather.extras(resolved_of(content), content))
    assert first == second


def test_golden_pages(tmp_path):
    """The rich fixture's pages, byte for byte. Regenerate: UPDATE_GOLDEN=1 pytest tests/pages/test_render.py"""
    content = write_content(tmp_path, rich_files())
    resolved = resolved_of(content)
    rendered = render_site(resolved, Extras(authored=gather.read_authored(content)))
    if os.environ.get("UPDATE_GOLDEN"):
        for old in GOLDEN.rglob("*.md"):
            old.unlink()
        for rel, text in rendered.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_text(text, encoding="utf-8")
    golden = {str(p.relative_to(GOLDEN)).replace(os.sep, "/"): p.read_text(encoding="utf-8")
              for p in sorted(GOLDEN.rglob("*.md"))}
    assert sorted(golden) == sorted(rendered)
    for rel, text in rendered.items():
        assert text == golden[rel], f"{rel} differs from tests/golden/rich/{rel}; UPDATE_GOLDEN=1 to accept"


def test_admonition_bodies_are_indented(make_content):
    """An admonition whose body lost its indentation renders as an empty box and a loose paragraph."""
    content = make_content(rich_files())
    for rel, text in render_site(resolved_of(content)).items():
        lines = text.splitlines()
        for i, line in enumerate(lines):
            if line.startswith("!!! "):
                assert lines[i + 1] == "" and lines[i + 2].startswith("    "), f"{rel}:{i + 1}"


def test_minimal_report_renders(make_content):
    assert "claims/stockpiles.md" in render_site(resolved_of(make_content(minimal_files())))


# -- the render verb -------------------------------------------------------------------


def test_render_verb_writes_the_pages_and_refuses_a_foreign_folder(make_content, tmp_path, capsys):
    from generator.cli import main

    content = make_content(rich_files())
    out = tmp_path / "md"
    assert main(["render", "--content", str(content), "--out", str(out)]) == 0
    assert (out / "claims/forty-percent.md").read_text(encoding="utf-8") == (
        GOLDEN / "claims/forty-percent.md").read_text(encoding="utf-8")
    (out / "stale.md").write_text("left over", encoding="utf-8")
    assert main(["render", "--content", str(content), "--out", str(out)]) == 0
    assert not (out / "stale.md").exists()
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep", encoding="utf-8")
    assert main(["render", "--content", str(content), "--out", str(foreign)]) == 2
    assert (foreign / "notes.txt").read_text(encoding="utf-8") == "keep"
    write_content(tmp_path, {"claims/undated.yaml": "statement: ''\n"})
    assert main(["render", "--content", str(content), "--out", str(tmp_path / "other")]) == 1
    assert "claims/undated.yaml:1:" in capsys.readouterr().out
    assert not (tmp_path / "other").exists()


@pytest.mark.slow
def test_render_pdf_and_site_give_one_report(make_content, tmp_path, monkeypatch):
    """One driver: `render --out` writes the very pages the site build hands MkDocs, with the same
    PDF and data files, and `pdf` writes that same PDF (its Changes section included), byte for byte."""
    from conftest import ROOT

    from generator.cli import main
    from generator.verbs import site as site_verb

    content = make_content(rich_files())
    handed: list[dict[str, str]] = []
    real = render.render_pages
    def capture(pages, *args, **kwargs):
        out = real(pages, *args, **kwargs)
        handed.append(dict(out))  # the plugin hands each page on to MkDocs, emptying the dict
        return out

    monkeypatch.setattr(render, "render_pages", capture)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1752192000")
    site_verb.build_site(resolved_of(content), content, tmp_path / "site", ROOT / "mkdocs.yml", pdf=True)
    assert len(handed) == 1 and "index.md" in handed[0]
    out = tmp_path / "md"
    assert main(["render", "--content", str(content), "--out", str(out)]) == 0
    written = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert {rel: text.encode("utf-8") for rel, text in handed[0].items()} == {
        rel: data for rel, data in written.items() if rel.endswith(".md")}
    assert "report.pdf" in handed[0]["index.md"]
    assert written["report.pdf"] == (tmp_path / "site/report.pdf").read_bytes()
    assert written["data/claims.json"] == (tmp_path / "site/data/claims.json").read_bytes()
    assert main(["pdf", "--content", str(content), "--out", str(tmp_path / "alone.pdf")]) == 0
    assert (tmp_path / "alone.pdf").read_bytes() == written["report.pdf"]
