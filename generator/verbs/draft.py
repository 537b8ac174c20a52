"""draft: propose claim records from a source's snapshot, into a drafts folder.

Drafts never go into content/: an analyst reads each one, rewrites its
statement, checks its claimant and entities, writes the assessment and moves
it to content/claims/. `--coverage` compares the drafts with the hand-made
claims that cite the source (see COVERAGE_HELP).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..authoring.draft import Context, coverage, draft_text, drafts
from ..load import MAX_SNAPSHOT_BYTES, read_regular
from ..mentions import Matcher
from ..pipeline import check
from ..progress import Progress
from ..diagnostics import terminal_safe
from ._common import add_content_argument

HELP = "propose claim records from a source's snapshot into drafts/<source-id>/ (never into content/)"
COVERAGE_HELP = (
    "compare the drafts with the hand-made claims citing the source, on stdout: how many of those claims a "
    "draft quotes (found: its quote shares a passage with the claim's), and of those claims' items (the "
    "claimant, the channel's actor, each figure's value and unit, the dates made and event.date, the weapons) "
    "how many that draft gives alike, overall and per item (a missed claim's items count as not alike); then "
    "each claim missed, or found with items that differ. It measures agreement with records an analyst wrote, "
    "not correctness: a hand-made claim may hold what its sentence does not say")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.epilog = (p.epilog or "") + '  here 1 means: a source has no snapshot, or its drafts folder already holds drafts (see --force);\n  2: --out lies inside the content folder' + "\n"
    p.add_argument("sources", metavar="SOURCE_ID", nargs="+", help="the id of a source in content/sources/")
    p.add_argument("--out", type=Path, default=Path("drafts"), metavar="DIR",
                   help="the drafts folder (default: drafts); drafts go to DIR/<source-id>/")
    add_content_argument(p)
    p.add_argument("--coverage", action="store_true", help=COVERAGE_HELP)
    p.add_argument("--force", action="store_true",
                   help="replace the drafts a previous run wrote for these sources")


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve() == folder.resolve() or folder.resolve() in path.resolve().parents


def run(args: argparse.Namespace) -> int:
    if _inside(args.out, args.content):
        print(f"error: drafts never go into {args.content}: choose another --out", file=sys.stderr)
        return 2
    progress = Progress("reading records")
    checks = check(args.content, progress).checks
    progress.close()
    records = {kind: checks.by_kind.get(kind, {}) for kind in ("source", "actor", "claim")}
    matcher = Matcher.from_records(checks.by_kind)
    actor_kinds = {i: c.model.kind for i, c in records["actor"].items()}
    hand_claims = {i: c.model for i, c in records["claim"].items()}
    status = 0
    for n, source_id in enumerate(args.sources, 1):
        progress(n, len(args.sources))
        snapshot_path = args.content / "sources" / f"{source_id}.txt"
        if not snapshot_path.is_file():
            print(f"error: no snapshot {snapshot_path}", file=sys.stderr)
            status = 1
            continue
        folder = args.out / source_id
        if folder.is_dir() and any(folder.glob("*.yaml")) and not args.force:
            print(f"error: {folder} already holds drafts: remove them or pass --force", file=sys.stderr)
            status = 1
            continue
        source = records["source"].get(source_id)
        try:  # as `check` reads it: never through a link, never from a pipe
            snapshot = read_regular(snapshot_path, MAX_SNAPSHOT_BYTES).decode("utf-8")
        except (OSError, UnicodeError) as e:
            print(f"error: {snapshot_path} cannot be read ({e}): run `python -m generator check`", file=sys.stderr)
            status = 1
            continue
        model = source.model if source else None
        ctx = Context(source_id, snapshot, getattr(model, "published", None), matcher, actor_kinds,
                      getattr(model, "publisher", None), getattr(model, "language", None))
        found = drafts(ctx)
        _write(folder, ctx, found)
        print(f"wrote {len(found)} drafts to {folder}", file=sys.stderr)
        if args.coverage:  # once, on stdout: the progress goes to stderr, and both may be one terminal
            _print_coverage(coverage(source_id, snapshot, found, hand_claims))
    progress.close()
    return status


def _print_coverage(result) -> None:
    print(terminal_safe(result.line()))
    for claim in result.claims:
        if claim.draft is None:
            print(f"  missed: {terminal_safe(claim.claim_id)}")
        elif claim.disagreements():
            differ = ", ".join(f"{name} {claim.agreed[name][0]}/{claim.agreed[name][1]}"
                               for name in claim.disagreements())
            print(f"  differs: {terminal_safe(claim.claim_id)} (draft {claim.draft}): {differ}")


def _write(folder: Path, ctx: Context, found: list) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.yaml"):
        old.unlink()
    for draft in found:
        (folder / draft.file_name()).write_text(draft_text(ctx, draft), encoding="utf-8", newline="\n")
