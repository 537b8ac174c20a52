"""What the maps cost: `python -m bench.maps [--claims 10000]`, CPU time in one process after loading.

The synthetic report (bench/synth.py) is loaded and resolved, then the places index's map and every
place page's map are drawn, as the site's page contexts draw them.
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from bench.synth import generate
from generator.outputs import maps
from generator.pages import placemap
from generator.pages.addresses import index_path, record_path
from generator.pipeline import build


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=10_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        _, r = build(generate(Path(tmp) / "content", args.claims))
        t0 = time.process_time()
        maps._rings()
        t1 = time.process_time()
        index = placemap.index_map(r, index_path("place"))
        t2 = time.process_time()
        sizes = [len(m.svg) for m in (placemap.place_map(r, i, record_path("place", i)) for i in r.places) if m]
        t3 = time.process_time()
    print(f"{args.claims} claims: {len(r.places)} places, {len(sizes)} with coordinates")
    print(f"base map read: {t1 - t0:.3f} s CPU")
    print(f"places index map: {t2 - t1:.3f} s CPU, {len(index.svg):,} bytes" if index else "no places index map")
    if sizes:
        print(f"place maps: {t3 - t2:.3f} s CPU in all, median {sorted(sizes)[len(sizes) // 2]:,} bytes, "
              f"{sum(sizes):,} bytes in all")


if __name__ == "__main__":
    main()
