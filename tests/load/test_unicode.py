"""The Unicode policy of docs/unicode.md: invisible characters in names and in prose, NFC,
quotes against snapshots, and names that look alike."""
from __future__ import annotations

import hashlib
import json
import re
import unicodedata

import pytest
from conftest import SNAPSHOT, minimal_files
from site_helpers import build_fixture, pages_of, resolved_of, rich_files, with_statement

from generator.outputs import pdf
from generator import unicode_rules
from generator.diagnostics import terminal_safe
from generator.pipeline import check
from generator.outputs.markdown import json_ld, md_paragraphs, md_text, render_site

RLO, LRI, ZWSP, BOM = "\u202e", "\u2066", "\u200b", "\ufeff"
INVISIBLE = {"U+202E": RLO, "U+2066": LRI, "U+200B": ZWSP, "U+FEFF": BOM}
# Every bidi embedding, override and isolate, and the invisibles docs/unicode.md shows.
RAW_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069\u200b\u2060\ufeff\u180e]")


def problems(content) -> list[str]:
    return [str(d) for d in check(content).checks.diagnostics]


def _set(files: dict[str, str], rel: str, old: str, new: str) -> dict[str, str]:
    assert old in files[rel], (rel, old)
    return {**files, rel: files[rel].replace(old, new)}


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


# -- names: refused ----------------------------------------------------------------------------

# (file, the value as written in the minimal report, the field's label, line, column)
NAME_FIELDS = {
    "weapon alias": ("weapons/type-75.yaml", '["Type-75"]', "aliases[0]", 2, 11),
    "actor name": ("actors/budanov.yaml", '"Kyrylo Budanov"', "name", 1, 7),
    "place alias": ("places/kupiansk.yaml", '["Kupyansk"]', "aliases[0]", 2, 11),
    "report author": ("report.yaml", '["Tester"]', "authors[0]", 2, 11),
}


@pytest.mark.parametrize("code", INVISIBLE)
@pytest.mark.parametrize("field", NAME_FIELDS)
def test_a_name_holding_a_bidi_control_or_an_invisible_character_is_refused(make_content, field, code):
    rel, old, label, line, col = NAME_FIELDS[field]
    value = json.loads(old)
    text = value[0] if isinstance(value, list) else value
    spoiled = text[:3] + INVISIBLE[code] + text[3:]
    new = _q([spoiled]) if isinstance(value, list) else _q(spoiled)
    found = problems(make_content(_set(minimal_files(), rel, old, new)))
    name = unicodedata.name(INVISIBLE[code])
    assert found == [f"{rel}:{line}:{col}: S009 '{label}': holds the invisible character {code} {name}: "
                     "names, aliases and authors are compared, indexed and linked, and an invisible "
                     "character makes two of them differ unseen or reorders what is shown "
                     "(docs/unicode.md); delete it"], found


def test_a_direction_mark_in_a_name_is_refused_too(make_content):
    files = _set(minimal_files(), "actors/budanov.yaml", '"Kyrylo Budanov"', _q("\u05e6\u05d4\u05f4\u05dc\u200f"))
    found = problems(make_content(files))
    assert len(found) == 1 and "U+200F RIGHT-TO-LEFT MARK" in found[0], found


@pytest.mark.parametrize("name", [
    "\u062e\u0628\u0631\u06af\u0632\u0627\u0631\u06cc\u200c\u0647\u0627",  # Persian خبرگزاری‌ها: ZWNJ
    "\u0915\u094d\u200d\u0937",  # Devanagari क्‍ष: ZWJ after a virama
    "\u05e6\u05d4\u05f4\u05dc",  # Hebrew צה״ל
    "\u0633\u067e\u0627\u0647 \u067e\u0627\u0633\u062f\u0627\u0631\u0627\u0646",  # Persian سپاه پاسداران
])
def test_joiners_inside_arabic_script_and_indic_names_are_accepted(make_content, name):
    files = _set(minimal_files(), "actors/budanov.yaml", '"Kyrylo Budanov"', _q(name))
    content = make_content(files)
    assert problems(content) == []
    md = render_site(resolved_of(content))["actors/budanov.md"]
    assert name in md  # the joiner is kept: it shapes the letters


def test_a_joiner_beside_latin_letters_is_refused(make_content):
    files = _set(minimal_files(), "weapons/type-75.yaml", '["Type-75"]', _q(["Type\u200c75"]))
    found = problems(make_content(files))
    assert len(found) == 1 and "S009" in found[0] and "U+200C ZERO WIDTH NON-JOINER" in found[0], found


# -- prose: kept, and shown ----------------------------------------------------------------------


@pytest.mark.parametrize("code", INVISIBLE)
def test_prose_keeps_the_character_and_every_page_shows_it(make_content, code):
    ch = INVISIBLE[code]
    files = _set(minimal_files(), "claims/stockpiles.yaml",
                 '"North Korea has huge stockpiles of ammunition."', _q(f"North Korea{ch} has huge stockpiles."))
    files = _set(files, "sources/src-a.yaml", '"An article"', _q(f"report{ch}gpj.exe"))
    content = make_content(files)
    assert problems(content) == []
    resolved = resolved_of(content)
    assert resolved.claims["stockpiles"].claim.statement == f"North Korea{ch} has huge stockpiles."
    rendered = render_site(resolved)
    everything = "".join(rendered.values())
    assert f"North Korea\u27e8{code}\u27e9 has huge stockpiles" in rendered["claims/stockpiles.md"]
    assert f"report\u27e8{code}\u27e9gpj.exe" in everything
    assert not RAW_CONTROL.search(everything), [p for p, t in rendered.items() if RAW_CONTROL.search(t)]


def test_hebrew_arabic_and_persian_with_their_marks_are_accepted_and_kept(make_content):
    statement = ("\u05dc\u05e6\u05e4\u05d5\u05df \u05e7\u05d5\u05e8\u05d9\u05d0\u05d4 \u200fM-1991\u200f "  # Hebrew, RLM
                 "\u0644\u062f\u0649 \u061c\u0663\u0660 "  # Arabic, ALM
                 "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 \u200eBM-21\u200e")  # Persian ZWNJ, LRM
    files = _set(minimal_files(), "claims/stockpiles.yaml",
                 '"North Korea has huge stockpiles of ammunition."', _q(statement))
    content = make_content(files)
    assert problems(content) == []
    md = render_site(resolved_of(content))["claims/stockpiles.md"]
    assert statement in md and "\u27e8" not in md


def test_a_flag_emoji_keeps_its_tag_characters_and_a_lone_tag_is_shown():
    scotland = "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"
    assert unicode_rules.visible(f"{scotland} x\U000e0041") == f"{scotland} x\u27e8U+E0041\u27e9"
    assert unicode_rules.visible("\u2764\ufe0f \u0928\u094d\u200d a\u00adb") == "\u2764\ufe0f \u0928\u094d\u200d a\u00adb"


def test_the_escapers_show_every_bidi_control():
    for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
        code = f"U+{ord(ch):04X}"
        assert md_text(f"a{ch}b") == f"a\u27e8{code}\u27e9b"
        assert md_paragraphs(f"a{ch}b\n\nc{ch}") == f"a\u27e8{code}\u27e9b\n\nc\u27e8{code}\u27e9"


def test_json_ld_keeps_the_data_exact_with_no_raw_control_in_the_page():
    text = str(json_ld({"claimReviewed": f"exe{RLO}.jpg {ZWSP}\U000e0041"}))
    assert not RAW_CONTROL.search(text) and "\U000e0041" not in text
    assert json.loads(text) == {"claimReviewed": f"exe{RLO}.jpg {ZWSP}\U000e0041"}


def test_the_pdf_shows_the_characters_too():
    doc = pdf._nfc({"title": f"report{RLO}gpj.exe", "runs": [{"text": f"e\u0301{LRI}"}]})
    assert doc == {"title": "report\u27e8U+202E\u27e9gpj.exe", "runs": [{"text": "\u00e9\u27e8U+2066\u27e9"}]}


# -- NFC ----------------------------------------------------------------------------------------


def test_nfd_input_is_read_and_rendered_as_nfc(make_content):
    nfd_statement = unicodedata.normalize("NFD", "Caf\u00e9 \ud55c\uad6d \u0419")  # é, Korean, Cyrillic Й
    nfd_name = unicodedata.normalize("NFD", "Kupi\u00e1nsk")
    files = _set(minimal_files(), "claims/stockpiles.yaml",
                 '"North Korea has huge stockpiles of ammunition."', _q(nfd_statement))
    files = _set(files, "places/kupiansk.yaml", '"Kupiansk"', _q(nfd_name))
    content = make_content(files)
    assert nfd_statement != unicodedata.normalize("NFC", nfd_statement)
    assert problems(content) == []
    rendered = render_site(resolved_of(content))
    assert "Caf\u00e9 \ud55c\uad6d \u0419" in rendered["claims/stockpiles.md"]
    assert "Kupi\u00e1nsk" in rendered["places/kupiansk.md"]
    assert not any("\u0301" in t or "\u1100" in t for t in rendered.values())


# -- quotes and snapshots --------------------------------------------------------------------------


def _with_snapshot(files: dict[str, str], snapshot: str) -> dict[str, str]:
    files = {**files, "sources/src-a.txt": snapshot}
    sha = hashlib.sha256(SNAPSHOT.encode()).hexdigest()
    return _set(files, "sources/src-a.yaml", sha, hashlib.sha256(snapshot.encode()).hexdigest())


QUOTE = "North Korea has huge stockpiles and production goes on around the clock."


def test_a_quote_without_the_invisible_characters_of_its_snapshot_matches(make_content):
    snapshot = SNAPSHOT.replace("huge stockpiles", f"huge{ZWSP} stock{BOM}piles\u200f").replace("North", f"{RLO}North")
    content = make_content(_with_snapshot(minimal_files(), snapshot))
    assert problems(content) == []
    # The snapshot keeps its bytes: the sha256 is of the file as written.
    assert (content / "sources/src-a.txt").read_text(encoding="utf-8") == snapshot


def test_a_quote_with_invisible_characters_matches_a_snapshot_without_them(make_content):
    quote = QUOTE.replace("huge", f"hu{ZWSP}ge{LRI}")
    files = _set(minimal_files(), "claims/stockpiles.yaml", _q(QUOTE), _q(quote))
    content = make_content(files)
    assert problems(content) == []
    md = render_site(resolved_of(content))["claims/stockpiles.md"]
    assert "hu\u27e8U+200B\u27e9ge\u27e8U+2066\u27e9" in md  # the reader sees what the record holds


def test_invisible_characters_do_not_excuse_a_different_word(make_content):
    quote = QUOTE.replace("huge", f"vast{ZWSP}")
    files = _set(minimal_files(), "claims/stockpiles.yaml", _q(QUOTE), _q(quote))
    found = problems(make_content(files))
    assert len(found) == 1 and " Q001 " in found[0], found


# -- look-alike names -----------------------------------------------------------------------------


def test_a_name_that_looks_like_another_entitys_is_a_clash(make_content):
    cyrillic = "\u0422\u0443\u0440\u0435 75"  # Туре 75: Cyrillic Т, у, р, е
    files = {**minimal_files(), "weapons/type-75-copy.yaml": (
        f'name: {_q(cyrillic)}\ncategory: "multiple-rocket-launcher"\ndescription: "A copy."\n')}
    found = problems(make_content(files))
    assert found == [f"weapons/type-75-copy.yaml:1:7: R003 '{cyrillic}' (Cyrillic) looks like 'Type 75' "
                     "(Latin), which names weapon 'type-75': a name or alias must lead to one weapon"], found


def test_an_alias_that_looks_like_another_places_name_is_a_clash(make_content):
    files = {**minimal_files(), "places/kupyansk-2.yaml": (
        'name: "Kupiansk-Vuzlovyi"\naliases: ["Kup\u0443ansk"]\nkind: "settlement"\n')}  # Cyrillic у
    found = problems(make_content(files))
    assert any(f.startswith("places/kupyansk-2.yaml:2:11: R003 'Kup\u0443ansk' (Cyrillic and Latin) looks like "
                            "'Kupyansk' (Latin), which names place 'kupiansk'") for f in found), found


def test_a_word_mixing_latin_and_cyrillic_letters_is_flagged(make_content):
    files = _set(minimal_files(), "actors/budanov.yaml", '"Kyrylo Budanov"', _q("Kyrylo Bud\u0430nov"))
    found = problems(make_content(files))
    assert found == ["actors/budanov.yaml:1:7: R005 'Bud\u0430nov' mixes Cyrillic and Latin letters that "
                     "look alike: write the word in one script"], found


@pytest.mark.parametrize("name", ["\u0411\u0443\u043a-\u041c1", "Tor-M2 (\u0422\u043e\u0440-\u041c2)",
                                  "\ubd81\ud55c \u5317\u97d3", "\u0395\u03bb\u03bb\u03ac\u03b4\u03b1"])
def test_names_in_one_script_per_word_are_accepted(make_content, name):
    files = _set(minimal_files(), "weapons/type-75.yaml", '["Type-75"]', _q([name]))
    assert problems(make_content(files)) == []


def test_same_names_in_different_scripts_that_do_not_look_alike_are_not_a_clash(make_content):
    files = {**minimal_files(), "places/kupiansk-ru.yaml":
             f'name: {_q("Купянск")}\nkind: "settlement"\n'}
    assert problems(make_content(files)) == []


# -- a built page ----------------------------------------------------------------------------------


@pytest.mark.slow
def test_the_built_claim_page_shows_the_control_and_holds_none_raw(tmp_path):
    site = build_fixture(tmp_path, with_statement(rich_files(), f"Launcher report{RLO}gpj.exe {LRI}x{ZWSP}"))
    html = pages_of(site)["claims/stockpiles/"].read_text(encoding="utf-8")
    assert "report\u27e8U+202E\u27e9gpj.exe \u27e8U+2066\u27e9x\u27e8U+200B\u27e9" in html
    raw = [p for p, f in pages_of(site).items() if RAW_CONTROL.search(f.read_text(encoding="utf-8"))]
    assert raw == []


# -- the policy as written ------------------------------------------------------------------------

DOC = (__import__("conftest").ROOT / "docs" / "unicode.md").read_text(encoding="utf-8")


def _code_points(cell: str) -> list[str]:
    """The characters a cell of the rules table names: each U+XXXX, and both ends of each range."""
    return [chr(int(h, 16)) for h in re.findall(r"U\+([0-9A-F]{4,5})", cell)]


def _rows() -> list[list[str]]:
    return [[c.strip() for c in line.strip("|").split("|")] for line in DOC.splitlines()
            if line.startswith("| ") and "U+" in line.split("|")[1]]


def test_the_documented_rules_are_the_rules():
    rows = _rows()
    assert len(rows) == 8
    for chars, in_names, in_prose, _ in rows:
        if chars.startswith(("control", "tag characters inside")):
            continue  # the loader's (test_load.py, test_check.py), and the flag case above
        for ch in _code_points(chars):
            where = f"{chars[:40]}: U+{ord(ch):04X}"
            shown = unicode_rules.visible(f"a{ch}b")
            if in_prose.startswith("kept, shown"):
                assert shown == f"a\u27e8U+{ord(ch):04X}\u27e9b", where
            else:
                assert in_prose == "kept as they are" and shown == f"a{ch}b", where
            if in_names.startswith("refused"):
                assert unicode_rules.name_problem(f"a{ch}b"), where
            else:  # the joiners: between two Persian letters, not between two Latin ones
                assert not unicode_rules.name_problem(f"\u0645{ch}\u06cc") and unicode_rules.name_problem(f"a{ch}b")


# -- ids ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("stem", ["kupi\u0430nsk", "kupiansk\n", "kupiansk\u200b", "t\u0443pe-75"])
def test_an_id_is_lowercase_ascii_only(make_content, stem):
    content = make_content({f"places/{stem}.yaml": 'name: "Kupiansk-Vuzlovyi"\nkind: "settlement"\n'})
    found = [p for p in problems(content) if " I001 " in p]
    shown = terminal_safe(stem)  # a diagnostic's line shows a line feed as \x0a
    assert found == [f"places/{shown}.yaml:1:1: I001 '{shown}' is not a valid id: use lowercase ASCII "
                     "letters, digits and single hyphens"], problems(content)
