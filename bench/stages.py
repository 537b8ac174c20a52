"""`python -m bench.stages CONTENT [--out DIR]`: where the generator's CPU goes, stage by stage.

The generator (`python -m generator render --no-pdf`) in one process, serially, each stage
timed with time.process_time (CPU, which a shared machine's load moves less than wall time): the
start-up (the interpreter and the generator's imports), load, validate, resolve, the git pass and
the data files (`extras`), the page contexts (front pages, record pages), their Markdown
(Jinja2), and the writing of every file. Prints JSON: each stage's CPU seconds, their total, and
the number of pages. The stages are those of `render`'s serial path; with workers (`fanout.py`,
from 2,000 claims) the page contexts, their Markdown and the writing are shared between processes,
load, validate and resolve are not. bench/floor.py is what the generator is measured against.
"""
from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path


def main() -> None:
    started = time.process_time()
    p = argparse.ArgumentParser(prog="python -m bench.stages", description=__doc__.split("\n\n")[0])
    p.add_argument("content", type=Path)
    p.add_argument("--out", type=Path, help="where to write the pages (default: a temporary folder)")
    args = p.parse_args()

    from generator.bulk import bulk

    spent: dict[str, float] = {"start-up": 0.0}
    pages = bulk(stages)(args.content, args.out, spent, started)  # the collector kept out of the way (bulk.py)
    print(json.dumps({"cpu_s": {k: round(v, 2) for k, v in spent.items()},
                      "total_cpu_s": round(sum(spent.values()), 2), "pages": pages}, indent=2))


def stages(content_dir: Path, out: Path | None, spent: dict[str, float], started: float) -> int:
    from generator import driver
    from generator.gather import extras
    from generator.load import load_content
    from generator.outputs.markdown import render_pages
    from generator.pages import Lookups, front_pages, record_pages
    from generator.resolve import resolve
    from generator.validate import validate
    from generator.verbs.render import write_pages

    spent["start-up"] = time.process_time() - started

    def timed(name, f, *a, **k):
        t = time.process_time()
        result = f(*a, **k)
        spent[name] = spent.get(name, 0.0) + time.process_time() - t
        return result

    content = timed("load", load_content, content_dir)
    checks = timed("validate", validate, content)
    if checks.diagnostics:
        raise SystemExit(f"{content_dir} has errors: run python -m generator check")
    resolved = timed("resolve", resolve, checks)
    changelog = timed("changelog (git)", driver.changes, content_dir, resolved)
    site = timed("git histories and data files", extras, resolved, content_dir, (), changelog)
    lookups = timed("lookups", Lookups.of, resolved)
    pages = timed("front pages", front_pages, resolved, site, lookups)
    pages += timed("record pages", record_pages, resolved, site, lookups)
    markdown = timed("Markdown (Jinja2)", render_pages, pages)
    with tempfile.TemporaryDirectory() as tmp:
        timed("writing", write_pages, markdown, out or Path(tmp) / "md", dict(site.data_files))
    return len(markdown)


if __name__ == "__main__":
    main()
