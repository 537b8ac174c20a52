"""new: write the skeleton of a record, or of a whole report, to be filled by hand."""
from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from ..load import check_id
from ..model import KINDS, KIND_BY_NAME
from ..authoring.skeleton import report_skeleton, skeleton
from ..pipeline import DEFAULT_CONTENT
from ._common import PROJECT_CONTENT

HELP = ("write the skeleton of a new record: content/<folder>/<ID>.yaml (never overwrites); "
        "or, with `new report DIR`, of a new report in the folder DIR")
_CHOICES = ["report"] + [k.name for k in KINDS if k.folder]
# Copied into a new report as a starting point: the example report's methodology, which is
# about the method (claims, grades, quotes), not about its subject.
METHODOLOGY = PROJECT_CONTENT / "pages" / "methodology.md"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.epilog = (p.epilog or "") + (
        "  here 1 means: the id is not valid, or a record with that id exists;\n"
        "  for a report: DIR is a file or a folder that is not empty. Nothing is written\n")
    p.add_argument("kind", metavar="KIND", choices=_CHOICES, help="one of " + ", ".join(_CHOICES))
    p.add_argument("id", metavar="ID", help="the record's id: lowercase letters, digits and single hyphens; "
                                            "for a report, the folder to create")
    # Checked in run(), not by argparse: `new report DIR` needs no content folder.
    p.add_argument("--content", type=Path, default=DEFAULT_CONTENT, metavar="DIR",
                   help="the content folder (default: content)")


def run(args: argparse.Namespace) -> int:
    if args.kind == "report":
        return _new_report(Path(args.id))
    if not args.content.is_dir():
        print(f"error: no content folder at {args.content}", file=sys.stderr)
        return 2
    problem = check_id(args.id)
    if problem:
        print(f"error: '{args.id}' {problem}; nothing written", file=sys.stderr)
        return 1
    kind = KIND_BY_NAME[args.kind]
    path = args.content / kind.folder / f"{args.id}.yaml"
    taken = [p for p in (args.content / f.folder / f"{args.id}.yaml" for f in KINDS if f.folder) if p.exists()]
    if taken:
        print(f"error: {taken[0]} already exists (ids are unique across kinds); nothing written",
              file=sys.stderr)
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    written = [path]
    with path.open("x", encoding="utf-8", newline="\n") as out:
        out.write(skeleton(kind.name))
    if kind.name == "source":
        snapshot = path.with_suffix(".txt")
        if not snapshot.exists():
            snapshot.open("x").close()
            written.append(snapshot)
    for p in written:
        print(f"wrote {p}", file=sys.stderr)
    if kind.name == "source":
        print(f"paste the source's text into {path.with_suffix('.txt')} and record its sha256 "
              f"(sha256sum {path.with_suffix('.txt')})", file=sys.stderr)
    return 0


def _new_report(folder: Path) -> int:
    """report.yaml with placeholders that pass the check, a folder per kind of record, and a
    methodology page: a report that checks and builds at once, to be filled in."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        what = "a folder that is not empty" if folder.is_dir() else "not a folder"
        print(f"error: {folder} is {what}: a new report goes into a new or empty folder; nothing written",
              file=sys.stderr)
        return 1
    folder.mkdir(parents=True, exist_ok=True)
    for kind in KINDS:
        if kind.folder:
            (folder / kind.folder).mkdir()
    (folder / "pages").mkdir()
    with (folder / "report.yaml").open("x", encoding="utf-8", newline="\n") as out:
        out.write(report_skeleton(str(folder)))
    if METHODOLOGY.is_file():
        shutil.copyfile(METHODOLOGY, folder / "pages" / "methodology.md")
    print(f"wrote {folder}/report.yaml, a folder for each kind of record"
          f"{' and pages/methodology.md' if METHODOLOGY.is_file() else ''}", file=sys.stderr)
    print(f"replace the placeholders in {folder}/report.yaml, then run "
          f"`python -m generator check --content {folder}`", file=sys.stderr)
    return 0
