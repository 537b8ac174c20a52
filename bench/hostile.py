"""A hostile report for `check`: one large snapshot and many long quotes that are not in it.

Each quote is a passage of the snapshot with one word in ten changed, as a careless copy
would be, so the closest-passage hint has real work to do for every miss. Deterministic for
a seed. `python -m bench.hostile FOLDER` writes one.
"""
from __future__ import annotations

import argparse
import hashlib
import random
import shutil
from pathlib import Path

from .synth import q

WORDS = ("ammunition", "shells", "artillery", "launcher", "missile", "front", "supply", "delivery",
         "officials", "reported", "said", "north", "korea", "russia", "ukraine", "brigade", "strike",
         "near", "village", "region", "week", "month", "estimate", "percent", "stockpiles", "rail",
         "convoy", "depot", "drone", "video", "footage", "intelligence", "according", "sources")


def generate(folder: Path, *, snapshot_mib: float = 4, misses: int = 500, quote_chars: int = 2000,
             seed: int = 1) -> Path:
    """Write the report into `folder` (replaced); returns it."""
    rng = random.Random(seed)
    if folder.exists():
        shutil.rmtree(folder)
    for sub in ("claims", "sources", "actors"):
        (folder / sub).mkdir(parents=True)
    words, size = [], 0
    while size < snapshot_mib * 2**20 - 64:  # just under the limit of a snapshot
        word = rng.choice(WORDS) + (str(rng.randint(1, 999)) if rng.random() < 0.3 else "")
        words.append(word)
        size += len(word) + 1
    lines = [" ".join(words[i:i + 14]) for i in range(0, len(words), 14)]
    snapshot = "\n".join(lines) + "\n"
    (folder / "sources" / "big.txt").write_text(snapshot, encoding="utf-8")
    (folder / "report.yaml").write_text(
        'title: "Hostile check"\nauthors: ["Bench"]\nlicence: "CC BY 4.0"\nsummary: "Many misses."\n'
        'site_url: "https://example.org/h/"\n', encoding="utf-8")
    (folder / "actors" / "outlet.yaml").write_text('name: "Outlet"\nkind: "media-outlet"\n', encoding="utf-8")
    (folder / "sources" / "big.yaml").write_text(
        f'kind: "article"\ntitle: "A very long article"\npublisher: "outlet"\nurl: "https://example.org/big"\n'
        f'published: "2025-07-12"\nsha256: "{hashlib.sha256(snapshot.encode()).hexdigest()}"\nreliability: "C"\n',
        encoding="utf-8")
    per_quote = quote_chars // 8
    for i in range(misses):
        start = rng.randrange(0, max(1, len(words) - per_quote))
        quote = words[start:start + per_quote]
        for k in range(0, len(quote), 10):
            quote[k] = "changed"
        text = " ".join(quote)[:quote_chars]
        (folder / "claims" / f"miss-{i:04d}.yaml").write_text(
            f'statement: "Miss number {i}."\nclaimant: "outlet"\nmade: "2025-07-11"\nstatus: "reported"\n'
            f'credibility: 3\nassessment: "A quote that is not in the snapshot."\n'
            f'citations:\n  - source: "big"\n    quote: {q(text)}\n', encoding="utf-8")
    return folder


def main() -> None:
    p = argparse.ArgumentParser(prog="python -m bench.hostile", description=__doc__)
    p.add_argument("folder", type=Path)
    p.add_argument("--snapshot-mib", type=float, default=4)
    p.add_argument("--misses", type=int, default=500)
    p.add_argument("--quote-chars", type=int, default=2000)
    args = p.parse_args()
    generate(args.folder, snapshot_mib=args.snapshot_mib, misses=args.misses, quote_chars=args.quote_chars)


if __name__ == "__main__":
    main()
