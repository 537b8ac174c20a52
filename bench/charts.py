"""Which library draws the timeline chart: matplotlib or Vega-Lite (altair + vl-convert-python).

`python -m bench.charts [--sizes 1000 10000] [--runs 3]`: for each size, a synthetic report
(bench/synth.py) is loaded and resolved once, its timeline written to a JSON file of marks; then each
library draws the chart from that file in a process of its own, --runs times, and the median wall time
(imports included) and the peak memory (wait4's ru_maxrss) are printed, with the SVG's size and whether
two runs gave the same bytes. Vega-Lite is measured only where it is installed (the project pins
matplotlib: bench/RESULTS.md says why).
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--marks", nargs=2, metavar=("SIZE", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
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
