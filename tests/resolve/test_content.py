"""The first report's content: valid, complete, and guarded by its quotes and hashes."""
from __future__ import annotations

import hashlib

import shutil

import pytest

from conftest import CONTENT
from generator.load import load_content
from generator.pipeline import build, check
from generator.quotes import fragments


@pytest.fixture(scope="module")
def real():
    checked, resolved = build(CONTENT)
    assert checked.ok, "\n".join(map(str, checked.diagnostics()))
    return resolved


def test_content_is_valid(real):
    assert len(real.claims) >= 30
    assert len(real.sources) == 2


def test_every_record_file_names_its_schema():
    for path in sorted(CONTENT.rglob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        kind = "report" if path.name == "report.yaml" else {
            "sources": "source", "claims": "claim", "weapons": "weapon", "actors": "actor",
            "places": "place", "events": "event"}[path.parent.name]
        assert first.startswith("# yaml-language-server: $schema=") and first.endswith(
            f"schema/{kind}.schema.json"), path


# The sha256 of the two articles the report is built from, as they were captured
# (the seed articles 000_28f06738135cb989.txt and 001_75dd4fe0e2a7c675.txt, as received when the
# report was written): recorded here, so that a clone anywhere can tell its snapshots are those.
SEEDS_SHA256 = {
    "df1c9fcc3e5b9284b8b97b24cfff56f04bf7617e020b91d9c0dfdafd9244941e",
    "03138823e87ba44a035d7d9887c1809c55aeed14af996be80555b709aa24586e",
}


def test_snapshots_are_the_seeds_byte_for_byte(real):
    stored = {hashlib.sha256((CONTENT / "sources" / f"{sid}.txt").read_bytes()).hexdigest() for sid in real.sources}
    assert stored == SEEDS_SHA256
    assert len(real.sources) == len(SEEDS_SHA256)


def test_changing_one_word_of_any_quote_fails_the_check(real, tmp_path):
    """Each quote, one at a time, with one word changed: check reports Q001 at that quote."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    tested = 0
    for claim_id, view in real.claims.items():
        path = content / "claims" / f"{claim_id}.yaml"
        original = path.read_text(encoding="utf-8")
        raw = next(r for r in load_content(content).records if r.id == claim_id)
        for i, citation in enumerate(view.claim.citations):
            pos = raw.values[("citations", i, "quote")]
            lines = original.split("\n")
            first = fragments(citation.quote)[0].split(" ")
            word = max(first, key=len)
            line_text = lines[pos.line - 1]
            if word not in line_text:
                continue  # a block scalar on a later line: covered by the next quotes
            lines[pos.line - 1] = line_text.replace(word, word[::-1] + "x", 1)
            path.write_text("\n".join(lines), encoding="utf-8")
            found = [d for d in check(content).checks.diagnostics]
            assert [(d.path, d.code) for d in found] == [(f"claims/{claim_id}.yaml", "Q001")], found
            assert found[0].line == pos.line
            tested += 1
        path.write_text(original, encoding="utf-8")
    assert tested >= len(real.claims)


@pytest.mark.parametrize("where", [0, 0.5, -1])
def test_changing_one_byte_of_a_snapshot_fails_the_check(real, tmp_path, where):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    for source_id in real.sources:
        path = content / "sources" / f"{source_id}.txt"
        data = bytearray(path.read_bytes())
        original = bytes(data)
        at = int(len(data) * where) if where != -1 else len(data) - 1
        data[at] = (data[at] + 1) % 128 or 65
        path.write_bytes(bytes(data))
        found = check(content).checks.diagnostics
        assert (f"sources/{source_id}.yaml", "Q002") in [(d.path, d.code) for d in found]
        assert all(d.line > 0 and d.col > 0 for d in found)
        path.write_bytes(original)


def test_the_seed_discrepancies_are_recorded(real):
    aspects = {(d.aspect, d.subject_id) for d in real.discrepancies}
    spelled = {d.subject_id for d in real.discrepancies if d.aspect == "spelling"}
    # Kupiansk / Kupyansk and Burevii / Bureviy are found by the generator from the snapshots.
    assert any("kupiansk" in s for s in spelled), aspects
    assert any("burevii" in s or "bureviy" in s for s in spelled), aspects
    assert any(a == "date" for a, _ in aspects), aspects
    assert any(a == "wording" for a, _ in aspects), aspects
    texts = " ".join(v.says for d in real.discrepancies for v in d.versions)
    assert "intelligence units" in texts and "Ukrainian army" in texts


def test_aliases_cover_the_spellings_people_type(real):
    names = {n.casefold() for w in real.weapons.values() for n in [w.name, *w.aliases]}
    assert {"type 75", "type-75", "m1991", "m-1991"} <= names
    places = {n for p in real.places.values() for n in [p.name, *p.aliases]}
    assert {"Kupiansk", "Kupyansk"} <= places


def test_bloomberg_qualifies_budanov(real):
    qualifies = [(cid, r.claim_id) for cid, v in real.claims.items() for r in v.related
                 if r.relation == "qualifies" and r.outgoing]
    assert qualifies
    assert any(d.reasons and "qualified by its own reporter" in d.reasons for d in real.debt)


def test_second_source_says_what_it_does_not_give(real):
    undated = [s for s in real.sources.values() if s.published is None]
    assert len(undated) == 1
    assert "published" in undated[0].unknown and undated[0].title_supplied
