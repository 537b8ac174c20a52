"""Authoring: `new`, `ingest` and `draft`, and the pre-commit hook."""
from __future__ import annotations

import hashlib
import re
import shutil
import textwrap
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import CONTENT, ROOT
from generator import quotes
from generator.cli import VERBS, main
from generator.authoring.draft import Context, claimant, drafts, figures, made, sentences
from generator.authoring.ingest import iso_to_edtf, slug
from generator.mentions import Matcher
from generator.model import KIND_BY_NAME, Claim
from generator.pipeline import check
from generator.outputs.schema import schema_of


def run(*argv: str) -> int:
    return main([str(a) for a in argv])


def codes(content: Path) -> list[str]:
    return [d.code + " " + d.message for d in check(content).checks.diagnostics]


# -- new ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["claim", "source", "weapon", "actor", "place"])
def test_new_writes_a_skeleton_with_every_field_of_the_model(make_content, kind):
    content = make_content()
    assert run("new", kind, "fresh-record", "--content", content) == 0
    path = content / KIND_BY_NAME[kind].folder / "fresh-record.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f"# yaml-language-server: $schema=../../schema/{kind}.schema.json\n")
    for name in KIND_BY_NAME[kind].model.model_fields:
        assert re.search(rf"^\s*(# )?(- )?{name}:", text, re.M), f"{name} missing from the {kind} skeleton"
    # Left as it is, the skeleton fails the check on its empty required fields, never crashes it.
    found = codes(content)
    assert any(c.startswith(("S002", "S003")) for c in found), found


def test_a_filled_skeleton_passes_the_check(make_content):
    content = make_content()
    assert run("new", "weapon", "m1991", "--content", content) == 0
    path = content / "weapons" / "m1991.yaml"
    text = path.read_text(encoding="utf-8")
    for field, value in (("name", '"M1991"'), ("category", '"multiple-rocket-launcher"'),
                         ("description", '"A launcher."')):
        text = re.sub(rf"^{field}:.*$", f"{field}: {value}", text, flags=re.M)
    path.write_text(text, encoding="utf-8")
    assert codes(content) == []


def test_new_source_also_writes_an_empty_snapshot(make_content):
    content = make_content()
    assert run("new", "source", "fresh-source", "--content", content) == 0
    assert (content / "sources" / "fresh-source.txt").read_bytes() == b""


@pytest.mark.parametrize("bad", ["../x", "a b", "Nul", ".x", "Capital", "nul", "a--b"])
def test_new_refuses_an_invalid_id_and_writes_nothing(make_content, bad, capsys):
    content = make_content()
    before = sorted(p for p in content.rglob("*"))
    assert run("new", "claim", bad, "--content", content) == 1
    assert sorted(p for p in content.rglob("*")) == before
    assert "nothing written" in capsys.readouterr().err


def test_new_never_overwrites(make_content, capsys):
    content = make_content()
    path = content / "claims" / "stockpiles.yaml"
    before = path.read_bytes()
    assert run("new", "claim", "stockpiles", "--content", content) == 1
    assert path.read_bytes() == before
    # Ids are unique across kinds: a weapon may not take a claim's id either.
    assert run("new", "weapon", "stockpiles", "--content", content) == 1
    assert not (content / "weapons" / "stockpiles.yaml").exists()
    assert "already exists" in capsys.readouterr().err


def test_new_report_writes_a_report_that_checks_at_once(tmp_path):
    folder = tmp_path / "my-report"
    assert run("new", "report", folder) == 0
    text = (folder / "report.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schema/report.schema.json\n")
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["report.yaml", "pages", *(k.folder for k in KIND_BY_NAME.values() if k.folder)])
    assert (folder / "pages" / "methodology.md").read_bytes() == (CONTENT / "pages" / "methodology.md").read_bytes()
    assert codes(folder) == []
    assert check(folder).checks.by_kind.get("claim", {}) == {}


def test_new_report_refuses_a_folder_that_is_not_empty_or_a_file(tmp_path, capsys):
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine", encoding="utf-8")
    (tmp_path / "a-file").write_text("mine", encoding="utf-8")
    assert run("new", "report", tmp_path / "taken") == 1
    assert run("new", "report", tmp_path / "a-file") == 1
    assert "not empty" in capsys.readouterr().err
    assert [p.name for p in (tmp_path / "taken").iterdir()] == ["notes.txt"]
    assert (tmp_path / "a-file").read_text(encoding="utf-8") == "mine"
    (tmp_path / "empty").mkdir()
    assert run("new", "report", tmp_path / "empty") == 0


def test_new_record_without_a_content_folder_is_a_usage_error(tmp_path, capsys):
    assert run("new", "claim", "x", "--content", tmp_path / "missing") == 2
    assert "no content folder" in capsys.readouterr().err
    assert not (tmp_path / "missing").exists()


def test_a_report_outside_the_checkout_uses_the_checkouts_configuration(tmp_path, monkeypatch):
    from generator.verbs._common import PROJECT_CONFIG, default_config

    assert PROJECT_CONFIG == ROOT / "mkdocs.yml"
    monkeypatch.chdir(tmp_path)
    assert default_config() == PROJECT_CONFIG
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    assert default_config() == Path("mkdocs.yml")


def test_the_plugin_reads_the_content_folder_claimsite_content_names(tmp_path, monkeypatch):
    from mkdocs.config import load_config

    monkeypatch.setenv("CLAIMSITE_CONTENT", str(tmp_path / "elsewhere"))
    plugin = load_config(config_file=str(ROOT / "mkdocs.yml")).plugins["claimsite"]
    assert plugin.config.content == str(tmp_path / "elsewhere")
    monkeypatch.delenv("CLAIMSITE_CONTENT")
    assert load_config(config_file=str(ROOT / "mkdocs.yml")).plugins["claimsite"].config.content == "content"


# -- ingest ------------------------------------------------------------------------

ARTICLE_HTML = """<!doctype html>
<html lang="en-GB"><head>
<title>Type-75 launcher destroyed near Kupyansk | Bloomberg</title>
<meta property="og:site_name" content="Bloomberg">
<meta property="og:title" content="Type-75 launcher destroyed near Kupyansk">
<meta name="author" content="Jane Roe; John Doe">
<meta property="article:published_time" content="2025-07-12T10:35:00+0900">
<link rel="canonical" href="https://example.org/news/type-75">
</head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/login">Log in</a></nav>
<article>
<h1>Type-75 launcher destroyed near Kupyansk</h1>
<p>A video released on Saturday showed a North Korean Type-75 multiple rocket launcher being destroyed
near Kupyansk, the Ukrainian military said.</p>
<p>Kyrylo Budanov told Bloomberg that \u201cNorth Korea has huge stockpiles and production goes on around
the clock.\u201d</p>
<p>About 60 percent of the losses were caused by North Korean weapons, Budanov added.</p>
</article>
<footer>Subscribe to our newsletter. Cookie settings.</footer>
</body></html>
"""

BARE_HTML = """<html><body><div><p>Officials in Kupiansk said on Monday that a launcher of the type the
army calls Type75 had been destroyed, and that about 12 launchers remain in the area.</p>
<p>No one else could confirm the report, which circulated widely among local channels.</p></div>
</body></html>"""


def fill(path: Path, **fields: str) -> None:
    """Replace the commented TODO line of each field with a value, as an author would."""
    text = path.read_text(encoding="utf-8")
    for name, value in fields.items():
        text, n = re.subn(rf"^# {name}:.*$", f"{name}: {value}", text, flags=re.M)
        assert n == 1, name
    path.write_text(text, encoding="utf-8")


def uncomment_unknown(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^# unknown:.*$", "unknown:", text, flags=re.M)
    text = re.sub(r"^#   (\w+): ", r"  \1: ", text, flags=re.M)
    path.write_text(text, encoding="utf-8")


def test_ingest_html_extracts_text_and_metadata(make_content, tmp_path):
    content = make_content()
    page = tmp_path / "saved.html"
    page.write_text(ARTICLE_HTML, encoding="utf-8")
    assert run("ingest", page, "--content", content) == 0
    record = content / "sources" / "type-75-launcher-destroyed-near-kupyansk.yaml"
    snapshot = record.with_suffix(".txt").read_bytes()
    text = record.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/source.schema.json\n")
    data = yaml.safe_load(text)
    assert data["title"] == "Type-75 launcher destroyed near Kupyansk"
    assert data["publisher"] == "outlet"  # the actor named Bloomberg in the fixture content
    assert data["authors"] == ["Jane Roe", "John Doe"]
    assert data["url"] == "https://example.org/news/type-75"
    assert data["language"] == "en"
    # The date and time at the precision the page gives, in its own zone: not converted.
    assert data["published"] == "2025-07-12T10:35:00+09:00"
    assert data["sha256"] == hashlib.sha256(snapshot).hexdigest()
    body = snapshot.decode("utf-8")
    assert "production goes on around the clock" in body
    assert "Subscribe" not in body and "Log in" not in body
    # The reliability grade is the author's to give: the record fails until it is filled.
    assert [c.split()[0] for c in codes(content)] == ["S002"]
    assert "# reliability:" in text and "TODO" in text


def test_an_ingested_html_source_validates_once_the_missing_fields_are_filled(make_content, tmp_path):
    content = make_content()
    page = tmp_path / "saved.html"
    page.write_text(ARTICLE_HTML, encoding="utf-8")
    assert run("ingest", page, "--content", content, "--id", "roe-type-75") == 0
    record = content / "sources" / "roe-type-75.yaml"
    fill(record, reliability='"B"', accessed='"2025-07-13"', archive_url='"https://web.archive.org/x"')
    assert codes(content) == []
    # A claim can now quote it, word for word.
    (content / "claims" / "type-75-destroyed.yaml").write_text(textwrap.dedent("""\
        statement: "A Type 75 launcher was destroyed near Kupiansk."
        claimant: "outlet"
        status: "reported"
        credibility: 3
        assessment: "A video."
        citations:
          - source: "roe-type-75"
            quote: "A video released on Saturday showed a North Korean Type-75 multiple rocket launcher"
        """), encoding="utf-8")
    assert codes(content) == []


def test_an_html_page_without_metadata_leaves_each_field_visibly_for_the_author(make_content, tmp_path):
    content = make_content()
    page = tmp_path / "Launcher report.htm"
    page.write_text(BARE_HTML, encoding="utf-8")
    assert run("ingest", page, "--content", content, "--id", "launcher-report") == 0
    record = content / "sources" / "launcher-report.yaml"
    text = record.read_text(encoding="utf-8")
    for name in ("url", "published", "publisher", "reliability", "accessed", "archive_url"):
        assert re.search(rf"^# {name}:  # TODO: ", text, re.M), name
    messages = "\n".join(codes(content))
    for missing in ("'title'", "'publisher'", "'reliability'"):
        assert missing in messages
    # Filled where the author knows; then url and published must be given or explained ...
    fill(record, title='"A launcher report"', publisher='"outlet"', reliability='"F"')
    messages = "\n".join(codes(content))
    assert "missing 'url'" in messages and "missing 'published'" in messages
    # ... under unknown:, where the article does not say.
    uncomment_unknown(record)
    assert codes(content) == []


def test_ingest_text_keeps_the_bytes_and_reads_labelled_dates(make_content, tmp_path):
    content = make_content()
    source = CONTENT / "sources" / "joongang-nk-supplies-40-percent-of-russian-ammunition.txt"  # a seed, as captured
    assert run("ingest", source, "--content", content, "--id", "seed-copy") == 0
    assert (content / "sources" / "seed-copy.txt").read_bytes() == source.read_bytes()
    data = yaml.safe_load((content / "sources" / "seed-copy.yaml").read_text(encoding="utf-8"))
    assert data["sha256"] == hashlib.sha256(source.read_bytes()).hexdigest()
    assert "Published: 12 Jul. 2025, 10:35" in source.read_text(encoding="utf-8")
    assert data["published"] == "2025-07-12T10:35:00"  # no zone given, none invented


def test_ingest_never_overwrites(make_content, tmp_path, capsys):
    content = make_content()
    page = tmp_path / "saved.html"
    page.write_text(ARTICLE_HTML, encoding="utf-8")
    assert run("ingest", page, "--content", content, "--id", "src-a") == 1  # the fixture's source
    assert "already exists" in capsys.readouterr().err
    assert run("ingest", page, "--content", content, "--id", "twice") == 0
    record = content / "sources" / "twice.yaml"
    record.write_text(record.read_text(encoding="utf-8") + "# edited by hand\n", encoding="utf-8")
    before = record.read_bytes(), record.with_suffix(".txt").read_bytes()
    assert run("ingest", page, "--content", content, "--id", "twice") == 1
    assert (record.read_bytes(), record.with_suffix(".txt").read_bytes()) == before
    # A snapshot alone also blocks the id.
    (content / "sources" / "orphan.txt").write_text("x", encoding="utf-8")
    assert run("ingest", page, "--content", content, "--id", "orphan") == 1
    assert not (content / "sources" / "orphan.yaml").exists()


def test_ingest_refuses_an_invalid_id(make_content, tmp_path):
    content = make_content()
    page = tmp_path / "saved.html"
    page.write_text(ARTICLE_HTML, encoding="utf-8")
    assert run("ingest", page, "--content", content, "--id", "../evil") == 1
    assert not list(content.parent.glob("evil*"))


def test_ingest_reports_a_file_that_is_not_utf8(make_content, tmp_path):
    content = make_content()
    page = tmp_path / "latin1.txt"
    page.write_bytes("Caf\xe9 society said nothing.".encode("latin-1"))
    assert run("ingest", page, "--content", content) == 1


@pytest.mark.parametrize("text, edtf", [
    ("2025-07-12T10:35:00+0900", "2025-07-12T10:35:00+09:00"),
    ("2025-07-12T10:35:00Z", "2025-07-12T10:35:00Z"),
    ("2025-07-12T10:35", "2025-07-12T10:35:00"),
    ("2025-07-12", "2025-07-12"),
    ("2025-02-30", None),
    ("July 2025", None),
])
def test_iso_dates_keep_their_precision_and_zone(text, edtf):
    assert iso_to_edtf(text) == edtf


def test_slug_is_a_valid_id_cut_at_a_word():
    assert slug("North Korea supplies 40% of Russia's ammunition") == "north-korea-supplies-40-of-russia-s-ammunition"
    long = slug("word " * 40)
    assert len(long) <= 64 and not long.endswith("-")
    assert slug("Ünïcödé Kyïv") == "unicode-kyiv"
    assert slug("!!!") == ""


# -- mentions and drafting -----------------------------------------------------------


def test_names_match_whatever_their_spaces_hyphens_and_case():
    matcher = Matcher([("weapon", "type-75", ["Type 75"]), ("weapon", "hwasong-11", ["Hwasong-11Ga"]),
                       ("actor", "north-korea", ["North Korea"])])
    for text in ("Type 75", "Type-75", "Type75", "type-75", "TYPE 75", "a type 75 launcher"):
        assert matcher.ids(text, "weapon") == ["type-75"], text
    assert matcher.ids("Hwasong 11 Ga and HWASONG11GA", "weapon") == ["hwasong-11"]
    assert matcher.ids("Type 755", "weapon") == [] and matcher.ids("Type 7", "weapon") == []
    assert matcher.ids("North Korean shells", "actor") == []  # a whole word only
    assert matcher.ids("North Korea's shells", "actor") == ["north-korea"]


def _ctx(published: str | None = "2025-07-12") -> Context:
    matcher = Matcher([("actor", "budanov", ["Kyrylo Budanov", "Budanov"]), ("actor", "bloomberg", ["Bloomberg"]),
                       ("actor", "outlet", ["Daily"]), ("weapon", "type-75", ["Type 75"])])
    kinds = {"budanov": "person", "bloomberg": "media-outlet", "outlet": "media-outlet"}
    return Context("src", "", published, matcher, kinds, "outlet")


@pytest.mark.parametrize("sentence, actor, vague", [
    ("Kyrylo Budanov, head of intelligence, told Bloomberg that stocks are huge.", "budanov", None),
    ("Stocks are huge, Budanov said.", "budanov", None),
    ("Stocks are huge, according to a Bloomberg report on Saturday.", "bloomberg", None),
    ("Bloomberg noted that it could not verify the claims.", "bloomberg", None),
    ("Security experts believe the launchers are tested in combat.", None, "Security experts"),
])
def test_the_claimant_is_read_from_the_sentence(sentence, actor, vague):
    ctx = _ctx()
    who, verb = claimant(sentence, ctx.matcher.find(sentence), ctx.actor_kinds, None)
    assert verb is not None
    assert (who.actor, who.vague) == (actor, vague)


def test_he_is_the_previous_claimant_and_figures_are_found():
    ctx = _ctx()
    ctx.snapshot = ("Kyrylo Budanov told Bloomberg that stocks are huge. He added that as much as 40 percent "
                    "of shells come from there.\nThe weather was fine.\nA Type 75 was seen in a field.\n")
    found = drafts(ctx)
    assert [d.quote for d in found] == [
        "Kyrylo Budanov told Bloomberg that stocks are huge.",
        "He added that as much as 40 percent of shells come from there.",
        "A Type 75 was seen in a field.",
    ]
    assert found[0].fields["via"] == [{"actor": "bloomberg", "kind": "interview"}]
    assert found[1].fields["claimant"].value == "budanov"
    assert found[1].fields["quantities"] == [{"value": 40.0, "unit": "percent", "qualifier": "up-to", "of": "shells"}]
    assert found[2].fields["claimant"].value == "outlet"  # the outlet's own assertion
    assert found[2].fields["weapons"] == ["type-75"]


def test_figures_are_not_dates_years_or_designations():
    matcher = Matcher([("weapon", "m1991", ["M1991"]), ("weapon", "type-75", ["Type 75"])])
    text = "On 12 Jul. 2025, 10:35, in 2024, an M1991 and a Type 75 fired about 12 rockets (40%)."
    assert [tuple(f) for f in figures(text, matcher.find(text))] == [(12.0, "rockets", "about"),
                                                                    (40.0, "percent", "exactly")]


def test_made_dates_the_sentence_at_its_precision():
    assert made("It said on Saturday that ...", "2025-07-12T10:35:00")[0] == "2025-07-12"
    assert made("It said on Friday that ...", "2025-07-12")[0] == "2025-07-11"
    assert made("On July 11 (local time), he said ...", "2025-07-12")[0] == "2025-07-11"
    assert made("On July 11 (local time), he said ...", None) is None  # no year to be had
    assert made("On 3 June 2024 he said ...", None)[0] == "2024-06-03"
    assert made("He said it.", "2025-07-12") is None


def test_sentences_do_not_split_inside_quotes_or_after_abbreviations():
    text = "U.S. President Trump spoke. He said, \u201cIs it easy - no. Is it hard - yes.\u201d Then he left.\n"
    assert [s.text for s in sentences(text)] == [
        "U.S. President Trump spoke.",
        "He said, \u201cIs it easy - no. Is it hard - yes.\u201d",
        "Then he left.",
    ]


def _seed_sources() -> list[str]:
    checks = check(CONTENT).checks
    cited = {c.source for claim in checks.by_kind.get("claim", {}).values() for c in claim.model.citations}
    return sorted(s for s in checks.by_kind.get("source", {}) if s in cited)


def test_draft_on_the_seed_sources_covers_most_hand_made_claims(tmp_path, capsys):
    sources = _seed_sources()
    assert len(sources) >= 2, "the seed sources are not in content/ yet"
    out = tmp_path / "drafts"
    assert run("draft", *sources, "--out", out, "--coverage") == 0
    report = capsys.readouterr().out
    shares = re.findall(r"^(\S+): drafts cover (\d+) of (\d+) hand-made claims", report, re.M)
    assert sorted(s for s, _, _ in shares) == sources
    print(report)  # the figures, for whoever runs the tests with -s
    for source, covered, total in shares:
        assert int(covered) / int(total) > 0.5, f"{source}: {covered}/{total}"


def test_every_draft_passes_the_quote_check_and_validates_in_content(tmp_path, capsys):
    sources = _seed_sources()
    out = tmp_path / "drafts"
    assert run("draft", *sources, "--out", out) == 0
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    files = sorted(out.glob("*/*.yaml"))
    assert files and not list(CONTENT.rglob("drafts"))
    validator = jsonschema.Draft202012Validator(schema_of("claim"))
    for n, path in enumerate(files):
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# yaml-language-server: $schema=../../schema/claim.schema.json\n")
        data = yaml.safe_load(text)
        validator.validate(data)  # the editors' schema agrees
        claim = Claim.model_validate(data)
        assert (claim.status, claim.credibility, claim.assessment) == ("reported", 6, "TODO")
        snapshot = quotes.normalise((CONTENT / "sources" / f"{path.parent.name}.txt").read_text(encoding="utf-8"))
        assert quotes.find(claim.citations[0].quote, snapshot) is None
        shutil.copy(path, content / "claims" / f"draft-{n}.yaml")
    assert codes(content) == []


def test_draft_never_writes_into_content_nor_over_drafts(make_content, tmp_path, capsys):
    content = make_content()
    assert run("draft", "src-a", "--content", content, "--out", content / "drafts") == 2
    assert not (content / "drafts").exists()
    out = tmp_path / "drafts"
    assert run("draft", "src-a", "--content", content, "--out", out) == 0
    assert list((out / "src-a").glob("*.yaml"))
    assert run("draft", "src-a", "--content", content, "--out", out) == 1
    assert run("draft", "src-a", "--content", content, "--out", out, "--force") == 0
    assert run("draft", "no-such-source", "--content", content, "--out", out) == 1


# -- the command line and the hook -------------------------------------------------


@pytest.mark.parametrize("verb", ["new", "ingest", "draft", "export", "serve"])
def test_every_verb_has_help_with_its_exit_codes(verb, capsys):
    assert verb in VERBS
    with pytest.raises(SystemExit) as exit_:
        main([verb, "--help"])
    assert exit_.value.code == 0
    assert "exit codes" in capsys.readouterr().out


def test_pre_commit_hook_runs_the_check_on_content_changes():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "claimsite-check")
    assert hook["entry"] == "python -m generator check"
    assert (hook["language"], hook["pass_filenames"], hook["files"]) == ("python", False, "^content/")


@pytest.mark.parametrize("text, language", [
    ("Ракета KN-23 влучила в Харків. Прокуратура повідомила про її уламки.", "uk"),
    ("Ракета попала в жилой дом. Обломки были найдены в Харькове.", "ru"),
    ("북한이 러시아에 포탄을 공급하고 있다.", "ko"),
    ("北朝鮮はロシアに砲弾を供給している。", "ja"),
    ("North Korea supplies shells to Russia.", None),
    ("Ракета KN-23.", None),  # Cyrillic that does not tell Ukrainian from Russian
])
def test_ingest_guesses_the_language_only_where_the_letters_tell_it(text, language):
    from generator.authoring.ingest import guess_language, read_article

    assert guess_language(text)[0] == language
    article = read_article("post.txt", text.encode("utf-8"))
    assert article.language == language and (article.language_guessed is None) == (language is None)


def test_a_name_is_found_whichever_apostrophe_the_text_types():
    from generator.mentions import Matcher, NameFinder

    matcher = Matcher([("actor", "office", ["Prosecutor's Office"])])
    for text in ("the Prosecutor’s Office said", "the Prosecutor's Office said", "the prosecutorʼs office said"):
        found = matcher.find(text)
        assert [m.id for m in found] == ["office"] and found[0].text in text, text
        assert NameFinder(["Prosecutor's Office"]).find(text), text
    assert matcher.find("the Prosecutors Office said") == []
