"""bench/floor.py: the generator's floor writes the files it is given, at their sizes."""
from __future__ import annotations

import json

from bench.floor import main, manifest_of
from bench.synth import generate


def test_the_floor_writes_every_listed_file_at_its_size(tmp_path, monkeypatch):
    content = generate(tmp_path / "content", 30)
    listed = [["index.md", 5000], ["claims/a.md", 1], ["data/claims.json", 123456], ["empty.md", 0]]
    (tmp_path / "pages.json").write_text(json.dumps(listed), encoding="utf-8")
    out = tmp_path / "out"
    (out / "stale").mkdir(parents=True)
    monkeypatch.setattr("sys.argv", ["floor", "--content", str(content), "--out", str(out),
                                     "--pages", str(tmp_path / "pages.json")])
    main()
    assert [[rel, size] for rel, size in manifest_of(out)] == sorted(listed)
    assert b'"statement"' in (out / "data/claims.json").read_bytes()  # cut from the records' values


def test_without_a_list_the_floor_writes_each_record_as_json(tmp_path, monkeypatch):
    content = generate(tmp_path / "content", 30)
    records = sorted(content.rglob("*.yaml"))
    monkeypatch.setattr("sys.argv", ["floor", "--content", str(content), "--out", str(tmp_path / "out")])
    main()
    written = sorted((tmp_path / "out").rglob("*.json"))
    assert len(written) == len(records) > 30
    assert all(isinstance(json.loads(p.read_bytes()), dict) for p in written)
