"""`make bench` itself: the synthetic reports it builds, and the figures it writes."""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from bench.synth import generate
from generator.pipeline import check

pytestmark = pytest.mark.slow


def digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            h.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def test_synthetic_reports_are_valid_and_deterministic(tmp_path):
    a, b, c = (generate(tmp_path / name, 120, seed) for name, seed in (("a", 1), ("b", 1), ("c", 2)))
    checked = check(a)
    assert checked.ok, [str(d) for d in checked.diagnostics()[:5]]
    assert len(checked.checks.by_kind["claim"]) == 120 and len(checked.checks.by_kind["source"]) == 12
    assert digest(a) == digest(b) != digest(c)


def test_the_hostile_report_misses_every_quote(tmp_path):
    from bench.hostile import generate as hostile

    content = hostile(tmp_path / "content", snapshot_mib=0.05, misses=4, quote_chars=300)
    codes = [d.code for d in check(content).diagnostics()]
    assert codes == ["Q001"] * 4


def test_bench_writes_every_figure_the_issue_asks_for(tmp_path):
    out = tmp_path / "results.json"
    subprocess.run([sys.executable, "-m", "bench", "--sizes", "20", "40", "--runs", "1", "--out", str(out),
                    "--hostile", "0.05", "5", "300"], cwd=ROOT, check=True, capture_output=True, timeout=900)
    rows = json.loads(out.read_text(encoding="utf-8"))
    (hostile,) = [r for r in rows if r.get("case") == "check-hostile"]
    assert (hostile["misses"], hostile["quote_chars"]) == (5, 300) and hostile["check_hostile_s"] > 0
    rows = [r for r in rows if "claims" in r]
    assert [r["claims"] for r in rows] == [20, 40]
    for row in rows:
        for key in ("generate_s", "generate_floor_s", "generate_vs_floor", "site_build_s", "plain_mkdocs_s",
                    "pdf_s", "peak_rss_mb", "site_mb", "search_index_mb", "preview_rebuild_s", "charts_s",
                    "incremental_site_s"):
            assert isinstance(row[key], float) and row[key] > 0, key
        assert row["pages"] > row["claims"]
        assert row["small_charts"] > 0 and 0 < row["charts_share"] < 1
        assert isinstance(row["charts_site_share"], float) and row["site_without_charts_cpu_s"] > 0
        assert row["site_without_charts_mb"] < row["site_with_charts_mb"]
        assert row["incremental_vs_clean"] > 0 and row["incremental_rss_mb"] > 0
        assert isinstance(row["pdf_peak_mb"], float) and row["pdf_peak_mb"] > 0 and row["pdf_pages"] > 1
        assert row["preview_files_reread"] == 1 and row["preview_pages_rewritten"] >= 1
        assert row["preview_listed_again"] is False  # told the file edited, as the server's notifications tell it


def test_the_site_without_charts_has_every_page_and_no_chart(tmp_path):
    """bench.charts --without-charts: the baseline of charts_site_share is the same pages, with no
    SVG and no data table (the charts' own), not fewer pages."""
    content = generate(tmp_path / "content", 60)
    made = {}
    for name, cmd in (("with", ["-m", "generator"]), ("without", ["-m", "bench.charts", "--without-charts", "--"])):
        out = tmp_path / name
        subprocess.run([sys.executable, *cmd, "render", "--no-pdf", "--content", str(content), "--out", str(out)],
                       cwd=ROOT, check=True, capture_output=True, timeout=300)
        made[name] = {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in out.rglob("*.md")}
    assert made["with"].keys() == made["without"].keys()
    assert sum("<svg" in t for t in made["with"].values()) >= 5  # weapons, places, the timeline
    assert not any("<svg" in t or "cs-chart-data" in t for t in made["without"].values())


def test_the_kept_parts_join_into_the_export_byte_for_byte(tmp_path):
    """bench.pdfjoin measures the join alone: what it keeps must be what the export joined."""
    content = generate(tmp_path / "content", 30, 1)
    kept = tmp_path / "kept"
    subprocess.run([sys.executable, "-m", "bench.pdfjoin", "keep", str(content), str(kept), "--budget", "8"],
                   cwd=ROOT, check=True, capture_output=True)
    assert len(list(kept.glob("part-*.pdf"))) > 1
    subprocess.run([sys.executable, "-m", "bench.pdfjoin", "join", str(kept), str(tmp_path / "joined.pdf")],
                   cwd=ROOT, check=True, capture_output=True)
    assert (tmp_path / "joined.pdf").read_bytes() == (kept / "report.pdf").read_bytes()


def test_the_stages_of_the_generator_add_up_to_its_cpu(tmp_path):
    """bench.stages on a small synthetic report: every stage timed, the pages all written."""
    content = generate(tmp_path / "content", 30)
    out = tmp_path / "md"
    printed = subprocess.run([sys.executable, "-m", "bench.stages", str(content), "--out", str(out)], cwd=ROOT,
                             check=True, capture_output=True, text=True, timeout=300).stdout
    result = json.loads(printed)
    assert set(result["cpu_s"]) >= {"start-up", "load", "validate", "resolve", "record pages",
                                    "Markdown (Jinja2)", "writing"}
    assert all(v >= 0 for v in result["cpu_s"].values()) and result["total_cpu_s"] > 0
    assert abs(sum(result["cpu_s"].values()) - result["total_cpu_s"]) < 0.05
    written = [p for p in out.rglob("*.md")]
    assert result["pages"] == len(written) > 30
