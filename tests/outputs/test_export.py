"""Open data: every download read back with a standard parser and compared with the records."""
from __future__ import annotations

import csv
import hashlib
import io
import json
import xml.etree.ElementTree as ET

import pytest

from conftest import CONTENT
from generator.cli import main
from generator.dates import parse
from generator.outputs import exports as export_module
from generator.outputs.exports import CITATION_COLUMNS, CLAIM_COLUMNS, atom_timestamp, data_page_markdown, exports
from generator.pipeline import build
from generator.resolve import quantity_text
from generator.outputs.schema import schemas

ATOM = "{http://www.w3.org/2005/Atom}"
SNAPSHOT_B = b"A Type 75, they say.\n"

SECOND_CLAIM = """
    statement: "A Type 75 launcher was destroyed near Kupiansk."
    claimant_vague: "the Ukrainian military"
    made: "2025-06"
    weapons: ["type-75"]
    places: ["kupiansk"]
    quantities: [{value: 1, unit: "launchers", qualifier: "at-least"}]
    status: "corroborated"
    credibility: 2
    assessment: "A video; \\"quoted\\", with a comma and a\\nline break."
    citations:
      - source: "src-a"
        quote: "A Type 75 launcher was destroyed near Kupiansk last month."
        location: "line 2"
      - source: "src-b"
        quote: "Type 75"
        made: "2025"
"""


@pytest.fixture
def content_dir(make_content):
    return make_content({
        "claims/launcher.yaml": SECOND_CLAIM,
        "sources/src-b.txt": SNAPSHOT_B.decode(),
        "sources/src-b.yaml": f"""
            kind: "social-media"
            title: "A post"
            publisher: "budanov"
            authors: ["Lee Hay-june", "Anna Smith"]
            url: "https://example.org/b"
            published: "2025-06"
            accessed: "2025-07-13"
            sha256: "{hashlib.sha256(SNAPSHOT_B).hexdigest()}"
            reliability: "C"
        """,
    })


@pytest.fixture
def resolved(content_dir):
    checked, result = build(content_dir)
    assert result is not None, checked.diagnostics()
    return result


def _csv(data: bytes) -> list[dict[str, str]]:
    text = data.decode("utf-8")
    assert "\r" not in text
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_every_download_is_there(resolved):
    files = exports(resolved)
    expected = {"data/claims.json", "data/claims.csv", "data/citations.csv", "data/sources.csl.json",
                "data/weapons.json", "data/actors.json", "data/places.json", "data/events.json", "data/feed.xml"}
    assert expected | {f"schema/{n}" for n in schemas()} == set(files)
    for path, data in files.items():
        assert isinstance(data, bytes) and data.endswith(b"\n") and b"\r\n" not in data, path


def test_claims_csv_has_one_row_per_claim_in_stable_columns(resolved):
    data = exports(resolved)["data/claims.csv"]
    rows = _csv(data)
    assert tuple(data.decode().split("\n", 1)[0].split(",")) == CLAIM_COLUMNS
    assert [r["id"] for r in rows] == sorted(resolved.claims)
    for row in rows:
        claim = resolved.claims[row["id"]].claim
        assert row["statement"] == claim.statement
        assert row["claimant"] == (claim.claimant or "")
        assert row["claimant_vague"] == (claim.claimant_vague or "")
        assert row["made"] == (claim.made or "")
        assert row["status"] == claim.status and int(row["credibility"]) == claim.credibility
        assert row["assessment"] == claim.assessment  # quotes, commas and line breaks survive
        assert row["weapons"].split("; ") == claim.weapons or (row["weapons"] == "" and not claim.weapons)
        assert row["quantities"] == "; ".join(quantity_text(q) for q in claim.quantities)
        assert int(row["citations"]) == len(claim.citations)
        assert row["url"] == f"https://example.org/r/claims/{row['id']}/"
    launcher = next(r for r in rows if r["id"] == "launcher")
    assert (launcher["made"], launcher["made_precision"]) == ("2025-06", "month")  # never widened
    assert launcher["sources"] == "src-a; src-b"


def test_citations_csv_has_one_row_per_citation(resolved):
    rows = _csv(exports(resolved)["data/citations.csv"])
    expected = [(claim_id, c) for claim_id, v in sorted(resolved.claims.items()) for c in v.claim.citations]
    assert len(rows) == len(expected)
    assert tuple(rows[0]) == CITATION_COLUMNS
    for row, (claim_id, citation) in zip(rows, expected):
        assert (row["claim_id"], row["source_id"], row["quote"]) == (claim_id, citation.source, citation.quote)
        assert row["made"] == (citation.made or "")
        assert row["location"] == (citation.location or "")
    assert [r["number"] for r in rows if r["claim_id"] == "launcher"] == ["1", "2"]
    assert rows[0]["quote_url"].startswith("https://example.org/")


def test_claims_json_holds_every_field_of_every_claim(resolved):
    data = json.loads(exports(resolved)["data/claims.json"])
    assert data["site_url"] == "https://example.org/r/"
    by_id = {c["id"]: c for c in data["claims"]}
    assert sorted(by_id) == sorted(resolved.claims)
    for claim_id, view in resolved.claims.items():
        record = dict(by_id[claim_id])
        assert record.pop("attribution") == view.attribution.sentence()
        record.pop("id"), record.pop("url")
        assert record == view.claim.model_dump(mode="json")


@pytest.mark.parametrize("kind, table", [("weapon", "weapons"), ("actor", "actors"), ("place", "places")])
def test_entities_json(resolved, kind, table):
    data = json.loads(exports(resolved)[f"data/{table}.json"])
    records = getattr(resolved, table)
    assert [e["id"] for e in data] == sorted(records)
    for entry in data:
        entry = dict(entry)
        entity_id = entry.pop("id")
        assert entry.pop("claims") == sorted(resolved.claims_about.get(entity_id, []))
        if kind == "actor":
            entry.pop("claims_made"), entry.pop("sources_published")
        if kind == "weapon":
            assert entry.pop("variants") == resolved.variants.get(entity_id, [])
        assert entry == records[entity_id].model_dump(mode="json")
    if kind == "weapon":
        assert data[0]["claims"] == ["launcher", "stockpiles"]


def test_sources_as_csl_json_keep_the_precision_of_their_dates(resolved):
    items = {i["id"]: i for i in json.loads(exports(resolved)["data/sources.csl.json"])}
    a, b = items["src-a"], items["src-b"]
    assert a["type"] == "article-newspaper"
    assert a["title"] == "An article" and a["container-title"] == "Bloomberg"
    assert a["issued"] == {"date-parts": [[2025, 7, 12]]}
    assert a["URL"] == "https://example.org/a"
    assert "author" not in a and "accessed" not in a
    assert b["issued"] == {"date-parts": [[2025, 6]]}  # a month stays a month
    assert b["accessed"] == {"date-parts": [[2025, 7, 13]]}
    assert b["author"] == [{"literal": "Lee Hay-june"}, {"literal": "Anna Smith"}]
    assert b["container-title"] == "Kyrylo Budanov" and b["type"] == "post"


def test_the_feed_lists_the_claims_newest_first(resolved):
    root = ET.fromstring(exports(resolved)["data/feed.xml"])
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}id") for e in entries] == [
        "https://example.org/r/claims/stockpiles/",  # made 2025-07-11
        "https://example.org/r/claims/launcher/",  # made 2025-06
    ]
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert titles == [resolved.claims["stockpiles"].claim.statement, resolved.claims["launcher"].claim.statement]
    assert [e.findtext(f"{ATOM}updated") for e in entries] == ["2025-07-11T00:00:00Z", "2025-06-01T00:00:00Z"]
    assert root.findtext(f"{ATOM}updated") == "2025-07-11T00:00:00Z"  # from the content, not the clock
    assert "June 2025" in entries[1].findtext(f"{ATOM}summary")  # the text keeps the precision
    assert entries[0].find(f"{ATOM}link").get("href") == "https://example.org/r/claims/stockpiles/"


def test_atom_timestamps_keep_the_zone_and_invent_none():
    assert atom_timestamp(parse("2025-07-12T10:35:00+09:00")) == "2025-07-12T10:35:00+09:00"
    assert atom_timestamp(parse("2025-07-12T10:35:00")) == "2025-07-12T00:00:00Z"
    assert atom_timestamp(parse("2025")) == "2025-01-01T00:00:00Z"


def test_schemas_are_the_generated_ones(resolved):
    files = exports(resolved)
    for name, text in schemas().items():
        assert json.loads(files[f"schema/{name}"]) == json.loads(text)


def test_record_text_cannot_break_the_feed_or_the_csv(make_content):
    statement = '<script>alert(1)</script> & "x", y\n]]> {{ 7*7 }}'
    content = make_content({"claims/stockpiles.yaml": f"""
        statement: {json.dumps(statement)}
        claimant: "budanov"
        status: "reported"
        credibility: 3
        assessment: "x"
        citations:
          - source: "src-a"
            quote: "North Korea has huge stockpiles"
    """, "report.yaml": """
        title: "Test report"
        authors: ["Tester"]
        licence: "CC BY 4.0"
        summary: "A tiny report."
        site_url: "https://example.org/r/"
    """})
    files = exports(build(content)[1])
    root = ET.fromstring(files["data/feed.xml"])
    assert root.find(f"{ATOM}entry").findtext(f"{ATOM}title") == statement
    assert root.find(f".//{ATOM}script") is None
    assert _csv(files["data/claims.csv"])[0]["statement"] == statement


def test_exports_are_deterministic(content_dir):
    first, second = (exports(build(content_dir)[1]) for _ in range(2))
    assert first == second


def test_the_export_verb_writes_the_same_bytes_twice(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    assert main(["export", "--out", str(a)]) == 0
    assert main(["export", "--out", str(b), "--content", str(CONTENT)]) == 0
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    assert files and files == sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    for rel in files:
        assert (a / rel).read_bytes() == (b / rel).read_bytes(), rel
    # The real content, read back.
    claims = _csv((a / "data" / "claims.csv").read_bytes())
    _, resolved = build(CONTENT)
    assert len(claims) == len(resolved.claims)
    ET.fromstring((a / "data" / "feed.xml").read_bytes())


def test_export_refuses_content_with_errors(make_content, tmp_path, capsys):
    content = make_content({"claims/stockpiles.yaml": "statement: \"x\"\n"})
    assert main(["export", "--out", str(tmp_path / "out"), "--content", str(content)]) == 1
    assert not (tmp_path / "out").exists()


def test_data_page_links_every_download_relatively(resolved):
    page = data_page_markdown(resolved)
    for path in exports(resolved):
        assert f"]({path})" in page, path
    assert "https://" not in page
    for column in CLAIM_COLUMNS + CITATION_COLUMNS:
        assert f"`{column}`" in page
    assert "](../data/claims.csv)" in data_page_markdown(resolved, base="../")


@pytest.mark.parametrize("data", [
    {"b": [1, 2.5, -0.0, float("inf"), True, None, "x"], "a": {}, "c": [], "d": {"z": {"y": [[], [{}]]}}},
    ["\u2028 \"quoted\" \\ \x00 é 𝔸 <&>", (1, 2), 10**30, False],
    {"text": "line\nbreak\ttab", "nested": [{"k": "v", "a": [1, {"b": None}]}]},
    {2: "keys that are not strings", 1: "fall back"},
    "a string alone", 3, None,
], ids=range(7))
def test_data_files_are_written_as_the_json_module_writes_them(data):
    assert export_module._json(data) == (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)
                                   + "\n").encode("utf-8")


def test_every_json_download_is_what_the_json_module_writes(resolved):
    for path, data in exports(resolved).items():
        if path.endswith(".json"):
            assert data == (json.dumps(json.loads(data), ensure_ascii=False, indent=2, sort_keys=True)
                            + "\n").encode("utf-8"), path
