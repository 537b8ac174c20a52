"""The generator's floor: what any generator of this report must do, and nothing else.

`python -m bench.floor --content DIR --out DIR [--pages MANIFEST]`, one process on one core:
- reads every record file under DIR (report.yaml and every *.yaml below it) and parses it with
  libyaml into Python values (`yaml.load` with `yaml.CSafeLoader`: no positions, no checks), and
  reads every snapshot (*.txt) as bytes;
- replaces what a previous run left in --out, as `render` does;
- writes the pages: with `--pages`, a JSON list of [path, bytes] (the files the generator wrote,
  which `python -m bench` lists from its output), every one of those paths with exactly that
  many bytes, cut in turn from the records' values dumped as JSON; without it, one page per
  record, its values dumped as JSON.

So the floor reads what the generator reads and writes as many files of the same sizes as it
does; what it leaves out is the checking, resolving, page contexts and templates.
"""
from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import yaml


def read_records(content: Path) -> tuple[list[object], int]:
    """Every record's values, in path order, and the bytes of the snapshots read beside them."""
    records, snapshot_bytes = [], 0
    for path in sorted(content.rglob("*")):
        if path.suffix == ".yaml":
            records.append(yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader))
        elif path.suffix == ".txt":
            snapshot_bytes += len(path.read_bytes())
    return records, snapshot_bytes


def pages_of(records: list[object], manifest: list[tuple[str, int]] | None) -> list[tuple[str, bytes]]:
    """The files to write: each record's JSON, or the manifest's paths and sizes cut from it."""
    dumps = [json.dumps(r, ensure_ascii=False, default=str).encode("utf-8") for r in records]
    if manifest is None:
        return [(f"records/{n:06d}.json", d) for n, d in enumerate(dumps)]
    stream = b"\n".join(dumps) or b"\n"
    total = sum(size for _, size in manifest)
    stream *= -(-total // len(stream))  # long enough for every page without wrapping
    out, at = [], 0
    for rel, size in manifest:
        out.append((rel, stream[at:at + size]))
        at += size
    return out


def write(pages: list[tuple[str, bytes]], out: Path) -> None:
    if out.exists():
        shutil.rmtree(out)
    for rel, data in pages:
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def manifest_of(folder: Path) -> list[tuple[str, int]]:
    """Every file below `folder` with its size: the --pages list for the generator's output."""
    return [(p.relative_to(folder).as_posix(), p.stat().st_size)
            for p in sorted(folder.rglob("*")) if p.is_file()]


def main() -> None:
    p = argparse.ArgumentParser(prog="python -m bench.floor", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--content", type=Path, required=True, metavar="DIR")
    p.add_argument("--out", type=Path, required=True, metavar="DIR")
    p.add_argument("--pages", type=Path, metavar="MANIFEST",
                   help="a JSON list of [path, bytes] to write instead of one file per record")
    args = p.parse_args()
    manifest = json.loads(args.pages.read_text(encoding="utf-8")) if args.pages else None
    records, _ = read_records(args.content)
    write(pages_of(records, manifest), args.out)


if __name__ == "__main__":
    main()
