"""`render` shared among forked workers (generator/fanout.py) writes what it writes alone."""
from __future__ import annotations

import pytest

from bench.synth import generate
from generator import fanout
from generator.cli import main
from generator.verbs import render


def files_of(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    return generate(tmp_path_factory.mktemp("synth") / "content", 300)


@pytest.fixture
def forked(monkeypatch):
    """Workers even for a small report, and small pieces of work, so that there are many."""
    monkeypatch.setattr(fanout, "THRESHOLD", 0)
    monkeypatch.setattr(render, "CHUNK", 16)

    def use(n: int) -> None:
        monkeypatch.setenv(fanout.ENV, str(n))

    return use


def test_two_workers_write_every_file_byte_for_byte_as_one(synthetic, tmp_path, forked, monkeypatch, capsys):
    forks = []
    real = fanout.fork_map
    monkeypatch.setattr(fanout, "fork_map", lambda *a, **k: forks.append(a[1:3]) or real(*a, **k))
    forked(1)
    assert main(["render", "--no-pdf", "--content", str(synthetic), "--out", str(tmp_path / "one")]) == 0
    alone = capsys.readouterr().err
    forked(2)
    assert main(["render", "--no-pdf", "--content", str(synthetic), "--out", str(tmp_path / "two")]) == 0
    shared = capsys.readouterr().err
    assert len(forks) == 1 and forks[0][0] > 10 and forks[0][1] == 2  # many pieces, two workers
    one, two = files_of(tmp_path / "one"), files_of(tmp_path / "two")
    assert len(one) > 300 and "data/claims.json" in one and "index.md" in one
    assert list(two) == list(one)
    assert [rel for rel in one if one[rel] != two[rel]] == []
    assert alone.splitlines()[-1].rsplit(" to ", 1)[0] == shared.splitlines()[-1].rsplit(" to ", 1)[0]


def test_a_record_error_reads_the_same_with_workers(synthetic, tmp_path, forked, capsys):
    broken = tmp_path / "content"
    generate(broken, 300)
    claim = sorted((broken / "claims").glob("*.yaml"))[7]
    claim.write_text(claim.read_text(encoding="utf-8").replace("status:", "status: nonsense\nold_status:", 1),
                     encoding="utf-8")
    outputs = []
    for n in (1, 2):
        forked(n)
        code = main(["render", "--no-pdf", "--content", str(broken), "--out", str(tmp_path / f"out{n}")])
        outputs.append((code, capsys.readouterr()))
    (code1, seen1), (code2, seen2) = outputs
    assert code1 == code2 == 1
    assert seen1.out == seen2.out and claim.name in seen1.out
    assert seen1.err == seen2.err
    assert not (tmp_path / "out2").exists()


def test_an_error_in_a_worker_is_raised_as_it_was(synthetic, tmp_path, forked, monkeypatch):
    real = render.render_page

    def failing(page, env=None):
        if page.path.startswith("weapons/"):
            raise TypeError(f"a template printed a str without escaping it, on {page.path}")
        return real(page, env)

    monkeypatch.setattr(render, "render_page", failing)
    forked(2)
    with pytest.raises(TypeError, match=r"without escaping it, on weapons/"):
        main(["render", "--no-pdf", "--content", str(synthetic), "--out", str(tmp_path / "md")])
    assert not (tmp_path / "md").exists()


def test_a_bad_worker_count_is_a_usage_error(synthetic, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(fanout.ENV, "two")
    assert main(["render", "--no-pdf", "--content", str(synthetic), "--out", str(tmp_path / "md")]) == 2
    assert not (tmp_path / "md").exists()
    assert "CLAIMSITE_WORKERS='two'" in capsys.readouterr().err


def test_a_small_report_stays_in_one_process(monkeypatch):
    monkeypatch.setenv(fanout.ENV, "2")
    assert fanout.workers(fanout.THRESHOLD - 1) == 1
    assert fanout.workers(fanout.THRESHOLD) == 2
    monkeypatch.setenv(fanout.ENV, "1")
    assert fanout.workers(10 * fanout.THRESHOLD) == 1
