"""The PDF's join measured alone, on the parts of one real run.

`python -m bench.pdfjoin keep CONTENT DIR [--budget N]`: typesets CONTENT's report as `python -m
generator pdf` does (DIR/report.pdf; --budget: outputs/pdf_parts.py's) and keeps what the join was
given: each compilation's PDF (DIR/part-N.pdf) and the headings and places (DIR/join.json).

`python -m bench.pdfjoin join DIR OUT`: joins DIR's kept parts into OUT with engines/pdf_join.py,
nothing else in the process; run it under `python -m bench.memtree -- ...` for its time and memory.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import shutil
import sys
from pathlib import Path


def keep(content: Path, out: Path, budget: float | None = None) -> None:
    """CONTENT's PDF written into OUT, with what its join was given."""
    from generator.clock import build_epoch
    from generator.driver import changes
    from generator.engines import typst
    from generator.verbs._common import resolve_content

    out.mkdir(parents=True, exist_ok=True)
    original = typst.join

    def kept(parts, headings, places, stream):
        for n, path in enumerate(parts):
            shutil.copyfile(path, out / f"part-{n}.pdf")
        record = {"parts": len(parts), "headings": [dataclasses.asdict(h) for h in headings],
                  "places": {k: dataclasses.asdict(p) for k, p in places.items()}}
        (out / "join.json").write_text(json.dumps(record), encoding="utf-8")
        original(parts, headings, places, stream)

    typst.join = kept
    _, resolved = resolve_content(content, on_errors="no PDF written", everything=False)
    more = {} if budget is None else {"budget": budget}
    typst.write_pdf(resolved, out / "report.pdf", content=content, changes=changes(content, resolved),
                    epoch=build_epoch(resolved), **more)


def join(kept: Path, out: Path) -> None:
    """The parts kept in KEPT joined into OUT, as the export joined them."""
    from generator.engines.pdf_join import Heading, Place, join as join_parts

    record = json.loads((kept / "join.json").read_text(encoding="utf-8"))
    headings = [Heading(**{**h, "place": Place(**h["place"])}) for h in record["headings"]]
    places = {k: Place(**p) for k, p in record["places"].items()}
    parts = [kept / f"part-{n}.pdf" for n in range(record["parts"])]
    with out.open("wb") as stream:
        join_parts(parts, headings, places, stream)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.pdfjoin", description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="verb", required=True)
    k = sub.add_parser("keep")
    k.add_argument("content", type=Path)
    k.add_argument("dir", type=Path)
    k.add_argument("--budget", type=float, help="claims' worth of layout in one compilation")
    j = sub.add_parser("join")
    j.add_argument("dir", type=Path)
    j.add_argument("out", type=Path)
    args = p.parse_args(argv)
    if args.verb == "keep":
        keep(args.content, args.dir, args.budget)
    else:
        join(args.dir, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
