"""Validation of whole reports: every case of bad-input.md that loading must catch."""
from __future__ import annotations

import json
import re
import subprocess
import sys
import time

import pytest

from conftest import ROOT
from generator.pipeline import check


def problems(content) -> list[str]:
    """The diagnostics of a run, with paths relative to the content folder."""
    return [str(d) for d in check(content).checks.diagnostics]


def codes(content) -> list[str]:
    return [d.code for d in check(content).checks.diagnostics]


def test_the_minimal_report_is_valid(make_content):
    assert problems(make_content()) == []


# 1. A key twice in one record.
def test_case_01_duplicate_key(make_content):
    content = make_content({"actors/outlet.yaml": 'name: "Bloomberg"\nkind: "media-outlet"\nname: "B"\n'})
    assert problems(content) == ["actors/outlet.yaml:3:1: Y003 duplicate key 'name' (first at line 1)"]


# 2. The same id twice, after case folding and NFKC.
def test_case_02_same_id_in_two_kinds(make_content):
    content = make_content({"places/budanov.yaml": 'name: "X"\nkind: "settlement"\n'})
    found = problems(content)
    assert any("I002" in p and "budanov" in p and "actors/budanov.yaml" in p for p in found), found


def test_case_02_ids_equal_after_nfkc_and_case_folding(make_content):
    # U+FF4B FULLWIDTH K folds to 'k': the file names differ, the ids do not.
    content = make_content({"places/\uff4bupiansk.yaml": 'name: "X"\nkind: "settlement"\n'})
    found = [p for p in problems(content) if " I002 " in p]
    assert len(found) == 1 and "places/kupiansk.yaml" in found[0], problems(content)


# 3. Bad ids (file names).
@pytest.mark.parametrize("name", ["a b", "Nul", "nul", ".x", "Type-75", "a--b", "-a", "x" * 65])
def test_case_03_bad_id(make_content, tmp_path, name):
    content = make_content({f"places/{name}.yaml": 'name: "X"\nkind: "settlement"\n'})
    found = problems(content)
    assert any(p.startswith(f"places/{name}.yaml:1:1: I001") for p in found), found
    # Checking writes nothing anywhere.
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    check(content)
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


def test_case_03_reference_with_a_path_is_a_bad_id(make_content):
    content = make_content({"claims/stockpiles.yaml": _claim(weapons='["../x"]')})
    assert any(" S009 " in p and "'weapons[0]'" in p for p in problems(content))


def _claim(**fields: str) -> str:
    base = {
        "statement": '"North Korea has huge stockpiles of ammunition."',
        "claimant": '"budanov"',
        "made": '"2025-07-11"',
        "status": '"reported"',
        "credibility": "3",
        "assessment": '"Single claimant."',
        "citations": '[{source: "src-a", quote: "North Korea has huge stockpiles"}]',
    }
    base.update(fields)
    return "".join(f"{k}: {v}\n" for k, v in base.items() if v is not None)


# 4. Implicit typing: taken as text or rejected with "quote it"; never a boolean or number.
@pytest.mark.parametrize("field, value, reads_as", [
    ("claimant", "NO", "a boolean"),
    ("made", "1:30", "a number"),
    ("made", "2025-07-11", "a date"),
    ("statement", "yes", "a boolean"),
])
def test_case_04_implicit_typing_says_quote_it(make_content, field, value, reads_as):
    content = make_content({"claims/stockpiles.yaml": _claim(**{field: value})})
    found = problems(content)
    line = list(_claim().split("\n")).index(next(l for l in _claim().split("\n") if l.startswith(field))) + 1
    expected = f"claims/stockpiles.yaml:{line}:{len(field) + 3}: Y008 '{field}': {value} unquoted is read by YAML as {reads_as}: quote it (\"{value}\")"
    assert expected in found, found


# 5. An impossible date.
@pytest.mark.parametrize("value", ['"2024-02-30"', '"2025-13"', '"11 July 2025"', '"2025-07-11T25:35"', '"2025-07/2025-06"'])
def test_case_05_invalid_date(make_content, value):
    content = make_content({"claims/stockpiles.yaml": _claim(made=value)})
    found = problems(content)
    assert len(found) == 1 and found[0].startswith("claims/stockpiles.yaml:3:7: S005 'made'"), found


# 6. Required text empty, null or missing: an error; never "None" in a page.
@pytest.mark.parametrize("value, code", [('""', "S003"), ('"   "', "S003"), ("~", "S003"), ("", "S003"),
                                         (None, "S002")])
def test_case_06_required_text_empty_or_missing(make_content, value, code):
    content = make_content({"claims/stockpiles.yaml": _claim(statement=value)})
    found = problems(content)
    assert len(found) == 1 and f" {code} " in found[0] and "'statement'" in found[0], found


# 7. A reference to an id that does not exist: at that list element.
def test_case_07_dangling_reference_at_the_list_element(make_content):
    content = make_content({"claims/stockpiles.yaml": _claim(weapons='["type-75", "type-57"]')})
    found = problems(content)
    line = _claim(weapons="x").split("\n").index("weapons: x") + 1
    assert found == [f"claims/stockpiles.yaml:{line}:22: R001 no weapon 'type-57' (did you mean 'type-75'?)"]


def test_reference_to_the_wrong_kind(make_content):
    content = make_content({"claims/stockpiles.yaml": _claim(weapons='["kupiansk"]')})
    assert any(" R002 'kupiansk' is a place, not a weapon" in p for p in problems(content))


def test_unknown_field_suggests_the_nearest(make_content):
    content = make_content({"claims/stockpiles.yaml": _claim(claimant=None, claimnat='"budanov"')})
    found = problems(content)
    assert any(p.startswith("claims/stockpiles.yaml:") and
               " S001 unknown field 'claimnat' (did you mean 'claimant'?)" in p for p in found), found


def test_unknown_vocabulary_term_suggests_the_nearest(make_content):
    content = make_content({"claims/stockpiles.yaml": _claim(status='"confirmd"')})
    found = problems(content)
    assert len(found) == 1 and " S006 " in found[0] and "did you mean 'confirmed'" in found[0]


# 12. A quote not in the snapshot: the closest passage and its line.
def test_case_12_quote_not_in_snapshot_shows_closest_passage(make_content):
    quote = '[{source: "src-a", quote: "A Type 75 launcher was wrecked near Kupiansk"}]'
    content = make_content({"claims/stockpiles.yaml": _claim(citations=quote)})
    found = problems(content)
    assert len(found) == 1, found
    assert " Q001 " in found[0] and "(line 2)" in found[0]
    assert "A Type 75 launcher was destroyed near Kupiansk" in found[0]


def test_quote_normalises_only_space_quotes_and_dashes(make_content):
    ok = '[{source: "src-a", quote: "told Bloomberg that \\"North Korea has   huge stockpiles ... around the clock.\\""}]'
    assert problems(make_content({"claims/stockpiles.yaml": _claim(citations=ok)})) == []
    for bad in ("north Korea has huge stockpiles", "production ... North Korea has"):
        cit = f'[{{source: "src-a", quote: "{bad}"}}]'
        assert codes(make_content({"claims/stockpiles.yaml": _claim(citations=cit)})) == ["Q001"], bad


# 13. A snapshot that does not match its hash.
def test_case_13_snapshot_hash_mismatch(make_content):
    from conftest import SNAPSHOT
    content = make_content({"sources/src-a.txt": SNAPSHOT.replace("huge", "hugh")})
    found = problems(content)
    assert any(p.startswith("sources/src-a.yaml:") and " Q002 " in p for p in found), found


def test_snapshot_missing_and_orphan(make_content):
    content = make_content({"sources/src-a.txt": None, "sources/other.txt": "x"})
    assert sorted(codes(content)) == ["Q003", "Q003"]


# 14. Korean, Cyrillic, Hebrew and Arabic, NFC or NFD: loaded intact (the pages test the rest).
def test_case_14_scripts_load_intact(make_content):
    text = "\ud55c\uad6d\uc5b4 \u0420\u0443\u0441\u0441\u043a\u0438\u0439 \u05e2\u05d1\u05e8\u05d9\u05ea \u0627\u0644\u0639\u0631\u0628\u064a\u0629"
    import unicodedata
    nfd = unicodedata.normalize("NFD", text)
    content = make_content({"claims/stockpiles.yaml": _claim(statement=f'"{nfd}"')})
    result = check(content)
    assert result.ok, result.checks.diagnostics
    assert result.checks.by_kind["claim"]["stockpiles"].model.statement == unicodedata.normalize("NFC", text)


# 15. A 200,000-character field: a length error, quickly.
def test_case_15_huge_field_is_rejected_quickly(make_content):
    content = make_content({"claims/stockpiles.yaml": _claim(statement='"' + "x" * 200_000 + '"')})
    started = time.perf_counter()
    found = problems(content)
    elapsed = time.perf_counter() - started
    assert found == ["claims/stockpiles.yaml:1:12: S008 'statement' is 200000 characters long; the limit is 2000"]
    # Not a timing assertion on a noisy machine: a generous bound against a hang.
    assert elapsed < 30


def test_huge_file_is_rejected_before_parsing(make_content):
    content = make_content({"claims/stockpiles.yaml": "statement: '" + "x" * (2 << 20) + "'\n"})
    assert codes(content) == ["Y009"]


def test_bad_utf8_has_line_and_column(make_content):
    content = make_content({"actors/outlet.yaml": b'name: "Bloomberg"\nkind: "media\xe9-outlet"\n'})
    assert problems(content) == ["actors/outlet.yaml:2:13: Y001 invalid UTF-8 (byte 0xE9): save the file as UTF-8"]


def test_every_problem_of_a_run_is_reported_together(make_content):
    content = make_content({
        "actors/outlet.yaml": 'name: ""\nkind: "media-outlet"\n',
        "places/kupiansk.yaml": 'name: "K"\nkind: "town"\n',
        "claims/stockpiles.yaml": _claim(credibility="9"),
    })
    assert sorted(codes(content)) == ["S003", "S006", "S006"]


def test_source_must_give_or_explain_its_url_and_date(make_content):
    from conftest import minimal_files
    text = re.sub(r'\n *url: .*', "", minimal_files()["sources/src-a.yaml"])
    content = make_content({"sources/src-a.yaml": text})
    assert any(" S002 missing 'url'" in p for p in problems(content))
    text = text.replace('kind: "article"', 'kind: "article"\n            unknown: {url: "Not in the capture."}')
    assert problems(make_content({"sources/src-a.yaml": text})) == []


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)",
                                 "data:text/html,x", "https:///", "ftp://example.org/"])
def test_case_09_urls_must_be_http_with_a_host(make_content, url):
    from conftest import minimal_files
    text = minimal_files()["sources/src-a.yaml"].replace("https://example.org/a", url)
    assert codes(make_content({"sources/src-a.yaml": text})) == ["S007"]


# -- the command line ----------------------------------------------------------


def run_cli(*args: str, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True, cwd=cwd)


def test_cli_exit_codes_and_json(make_content):
    good = make_content()
    ok = run_cli("check", "--content", str(good))
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "1 claim, 1 source, 1 weapon, 2 actors, 1 place; 1 quote verified" in ok.stderr
    bad = make_content({"claims/stockpiles.yaml": _claim(status='"confirmd"', made='"2024-02-30"')})
    text = run_cli("check", "--content", str(bad))
    assert text.returncode == 1
    lines = text.stdout.splitlines()
    assert len(lines) == 2
    for line, code in zip(lines, ("S005", "S006")):
        assert re.match(rf"^\S*content/claims/stockpiles\.yaml:\d+:\d+: {code} '", line), line
    data = json.loads(run_cli("check", "--content", str(bad), "--format", "json").stdout)
    assert [d["code"] for d in data] == ["S005", "S006"]
    assert {"path", "line", "col", "code", "message", "severity"} <= set(data[0])
    assert run_cli("check", "--bogus").returncode == 2
    assert run_cli("nonsense").returncode == 2
    assert run_cli("check", "--content", str(good / "nope")).returncode == 2


def test_help_lists_the_verbs():
    out = run_cli("--help").stdout
    for verb in ("check", "schema", "codes"):
        assert verb in out
    assert "exit codes" in out


def test_an_empty_choice_says_so_and_lists_the_choices(make_content):
    """`kind:` left empty in a skeleton: 'empty', with the terms to choose from; never 'None'."""
    (line,) = problems(make_content({"actors/outlet.yaml": 'name: "Bloomberg"\nkind:\n'}))
    assert "S003 'kind' is empty: choose one of 'person'" in line and "None" not in line


# Coordinates: a precision and a method from their vocabularies, degrees in range, at their line:col.
def _place(coordinates: str) -> dict[str, str]:
    return {"places/town.yaml": f'name: "Town"\nkind: "settlement"\ncoordinates:\n{coordinates}'}


def test_coordinates_with_precision_method_and_reasoning_are_valid(make_content):
    content = make_content(_place('  lat: 49.7106\n  lon: 37.6156\n  precision: "exact"\n'
                                  '  method: "geolocated"\n  reasoning: "The water tower in the footage."\n'))
    assert problems(content) == []


def test_coordinates_with_only_lat_and_lon_still_load(make_content):
    from generator.pipeline import build

    content = make_content(_place("  lat: 49.7106\n  lon: 37.6156\n"))
    assert problems(content) == []
    place = build(content)[1].places["town"]
    assert (place.coordinates.method, place.precision) == ("approximate", "settlement")


@pytest.mark.parametrize("field, value, expected", [
    ("precision", '"town"', "places/town.yaml:6:14: S006 'coordinates.precision': 'town' is not one of 'exact', "
                            "'settlement', 'district', 'region' or 'country'"),
    ("method", '"footage"', "places/town.yaml:6:11: S006 'coordinates.method': 'footage' is not one of "
                            "'geolocated', 'gazetteer' or 'approximate' ('footage' is written 'geolocated')"),
])
def test_coordinates_bad_precision_or_method(make_content, field, value, expected):
    content = make_content(_place(f"  lat: 49.7\n  lon: 37.6\n  {field}: {value}\n"))
    assert problems(content) == [expected]


@pytest.mark.parametrize("lat, lon, expected", [
    ("95", "37.6", "places/town.yaml:4:8: S009 'coordinates.lat': 95 is out of range: it must be at most 90 "
                   "(degrees north; south is negative)"),
    ("49.7", "-180.5", "places/town.yaml:5:8: S009 'coordinates.lon': -180.5 is out of range: it must be at least "
                       "-180 (degrees east; west is negative)"),
    ('"49.7"', "37.6", "places/town.yaml:4:8: S004 'coordinates.lat' must be a number, found text"),
])
def test_coordinates_out_of_range_or_not_numbers(make_content, lat, lon, expected):
    content = make_content(_place(f"  lat: {lat}\n  lon: {lon}\n"))
    assert problems(content) == [expected]
