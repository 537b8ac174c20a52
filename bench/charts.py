"""Which library draws the timeline chart: matplotlib or Vega-Lite (altair + vl-convert-python);
and what the charts cost inside a build.

`python -m bench.charts [--sizes 1000 10000] [--runs 3]`: for each size, a synthetic report
(bench/synth.py) is loaded and resolved once, its timeline written to a JSON file of marks; then each
library draws the chart from that file in a process of its own, --runs times, and the median wall time
(imports included) and the peak memory (wait4's ru_maxrss) are printed, with the SVG's size and whether
two runs gave the same bytes. Vega-Lite is measured only where it is installed (the project pins
matplotlib: bench/RESULTS.md says why).

`python -m bench.charts --in-build CONTENT`: the time the charts take in a site's pages, as the site
build makes them (`driver.assemble`, then the Markdown): a timer around the timeline page's chart, the
entity pages' charts and the helper that writes a chart and its table into a page. Prints JSON:
`charts_s` (wall) and `charts_cpu_s` (CPU), each part's, `assemble_s`, `render_s`, how many small charts
and their SVG bytes. `python -m bench` runs it
once per size (`charts_s` in bench/results.json).

`python -m bench.charts --without-charts -- site --no-pdf --content C --out S`: the generator's command
line (`python -m generator ...`) with every chart and map left out of the pages (the timeline chart,
the entity pages' charts, the place maps): the helpers that make them return nothing, in this process
only. `python -m bench` builds the site once so and once as it is, and records `charts_site_share`,
(CPU with the charts - CPU without) / CPU without, user+sys of the whole process tree.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .synth import generate

ROOT = Path(__file__).resolve().parent.parent

_MATPLOTLIB = """
import json, sys
from generator.dates import DateValue
from generator.outputs.charts import Mark, timeline_svg
marks = [Mark(a, DateValue.parse(d), s, h, t) for a, d, s, h, t in json.load(open(sys.argv[1]))]
sys.stdout.buffer.write(timeline_svg(marks, month_href=lambda a, y, m: f"#{a}-{y}-{m or 0:02d}"))
"""

# The same chart as Vega-Lite: a point per day, a bar per month or interval, colour by status, a link each.
_VEGA = """
import json, sys
import altair as alt, vl_convert as vlc
from generator.dates import DateValue
rows = []
for a, d, s, h, t in json.load(open(sys.argv[1])):
    (lo, hi) = DateValue.parse(d).bounds()
    lo = lo if lo[0] > 999 else (2025, 1, 1); hi = hi if hi[0] < 9000 else (2025, 12, 31)
    rows.append({"axis": a, "start": "%04d-%02d-%02d" % lo, "end": "%04d-%02d-%02d" % hi,
                 "status": s, "href": h, "title": t})
base = alt.Chart(alt.Data(values=rows)).encode(
    y=alt.Y("axis:N", title=None), color=alt.Color("status:N"), href="href:N", tooltip="title:N")
chart = base.mark_bar(height=6).encode(x="start:T", x2="end:T").properties(width=600, height=120)
sys.stdout.buffer.write(vlc.vegalite_to_svg(chart.to_dict()).encode())
"""


def marks_file(size: int, folder: Path) -> Path:
    """The marks, written by a process of its own: a child forked from a parent holding a resolved
    report would count the parent's memory in its own ru_maxrss."""
    out = folder / f"marks-{size}.json"
    subprocess.run([sys.executable, "-m", "bench.charts", "--marks", str(size), str(folder)], cwd=ROOT, check=True)
    return out


def _write_marks(size: int, folder: Path) -> None:
    from generator.pipeline import build

    content = generate(folder / f"content-{size}", size)
    _, resolved = build(content)
    marks = [[e.axis, e.date.edtf, resolved.claims[e.claim_id].claim.status, f"../claims/{e.claim_id}/",
              resolved.claims[e.claim_id].claim.statement] for e in resolved.timeline]
    (folder / f"marks-{size}.json").write_text(json.dumps(marks), encoding="utf-8")


def run(code: str, marks: Path) -> tuple[float, float, str, int]:
    """(seconds, peak MB, sha256 of the SVG, its size) of one process drawing the chart."""
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, str(marks)], cwd=ROOT, stdout=subprocess.PIPE)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    if status:
        raise SystemExit(f"the chart process failed ({status})")
    return time.perf_counter() - started, usage.ru_maxrss / 1024, hashlib.sha256(out).hexdigest(), len(out)


def installed(module: str) -> bool:
    return subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True).returncode == 0


def in_build(content: Path) -> dict:
    """The charts' share of assembling and rendering the site's pages: a timer around each place
    that makes a chart (this process only; nothing of it is left in the generator)."""
    import importlib

    from generator import driver
    from generator.outputs import markdown, smallcharts
    from generator.pipeline import build

    # pages/ exports functions named as its modules (pages.timeline is the page's function)
    entity, timeline = (importlib.import_module(f"generator.pages.{m}") for m in ("entity", "timeline"))

    spent, made = {"timeline_chart_s": 0.0, "entity_charts_s": 0.0, "chart_markdown_s": 0.0}, [0, 0]
    cpu = [0.0]  # CPU time: what a shared machine's load does not inflate

    def timed(f, key):
        def wrapper(*args, **kwargs):
            started, cpu_started = time.perf_counter(), time.process_time()
            try:
                return f(*args, **kwargs)
            finally:
                spent[key] += time.perf_counter() - started
                cpu[0] += time.process_time() - cpu_started
        return wrapper

    def counting(f):
        def wrapper(*args, **kwargs):
            out = f(*args, **kwargs)
            made[0] += 1
            made[1] += len(out[0] if isinstance(out, tuple) else out)
            return out
        return wrapper

    for name in ("timeline_slice", "counts_svg", "figures_svg"):
        setattr(smallcharts, name, counting(getattr(smallcharts, name)))
    entity.entity_charts = timed(entity.entity_charts, "entity_charts_s")
    timeline._chart = timed(timeline._chart, "timeline_chart_s")
    markdown.HELPERS["chart_figure"] = timed(markdown.HELPERS["chart_figure"], "chart_markdown_s")
    _, resolved = build(content)
    started = time.perf_counter()
    site = driver.assemble(resolved, content)
    assembled = time.perf_counter()
    markdown.render_pages(site.pages)
    rendered = time.perf_counter()
    return {"charts_s": round(sum(spent.values()), 3), "charts_cpu_s": round(cpu[0], 3),
            **{k: round(v, 3) for k, v in spent.items()},
            "assemble_s": round(assembled - started, 3),
            "render_s": round(rendered - assembled, 3), "small_charts": made[0],
            "small_charts_mb": round(made[1] / 2**20, 2), "pages": len(site.pages)}


def without_charts(argv: list[str]) -> int:
    """`python -m generator argv` with the charts and maps made into nothing (None: the templates then
    leave out their sections, as for a report with no dated claim and no coordinates)."""
    import importlib

    from generator.cli import main as generator_main

    entity, indexes, timeline = (importlib.import_module(f"generator.pages.{m}")
                                 for m in ("entity", "indexes", "timeline"))
    entity.entity_charts = lambda *args: (None, ())
    entity.place_map = indexes.index_map = timeline._chart = lambda *args: None
    return generator_main(argv)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--marks", nargs=2, metavar=("SIZE", "FOLDER"), help=argparse.SUPPRESS)
    parser.add_argument("--in-build", type=Path, metavar="CONTENT",
                        help="time the charts while a site's pages are made from CONTENT; print JSON")
    if sys.argv[1:2] == ["--without-charts"]:  # the rest is the generator's, untouched
        sys.exit(without_charts(sys.argv[3:] if sys.argv[2:3] == ["--"] else sys.argv[2:]))
    args = parser.parse_args()
    if args.in_build:
        return print(json.dumps(in_build(args.in_build)))
    if args.marks:
        return _write_marks(int(args.marks[0]), Path(args.marks[1]))
    libraries = [("matplotlib", _MATPLOTLIB)] + ([("vega-lite", _VEGA)] if installed("vl_convert") else [])
    print("| claims | marks | library | median time | peak memory | SVG | same bytes |")
    print("|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            marks = marks_file(size, Path(tmp))
            n = len(json.loads(marks.read_text(encoding="utf-8")))
            for name, code in libraries:
                runs = [run(code, marks) for _ in range(args.runs)]
                same = "yes" if len({r[2] for r in runs}) == 1 else "no"
                print(f"| {size:,} | {n:,} | {name} | {statistics.median(r[0] for r in runs):.2f} s "
                      f"| {max(r[1] for r in runs):.0f} MB | {runs[0][3] / 1024:.0f} KiB | {same} |", flush=True)


if __name__ == "__main__":
    main()
