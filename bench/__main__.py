"""`make bench`: how the build's cost grows with the number of claims.

For each size: a synthetic report (bench/synth.py), then, each as its own
process so that its peak memory is its own, the median wall time of several
runs of
- the generator alone: load, validate, resolve, render (`python -m generator render`),
  and its floor (`python -m bench.floor`: parse every record with libyaml, write the same
  files with the same sizes), their runs in turn,
- the full site build (`python -m generator site --no-pdf`), each from scratch (its build cache
  removed), then once again after one claim is edited: the incremental build,
- a plain `mkdocs build` of the same pages already rendered to Markdown, with
  the same theme, extensions and navigation but no plugin: the floor this stack allows,
- the PDF export (`python -m generator pdf`; its peak is `pdf_peak_mb`), up to --pdf-max claims,
- one live-preview edit (`python -m bench.preview`: the preview's first build, then
  the pages one claim's edit changed written again, as `make serve` does), once;
- the time the charts take inside a build (`python -m bench.charts --in-build`: `charts_s`, and
  `charts_share`, its part of the site build's median), once;
- the site built with the charts and without them (`python -m bench.charts --without-charts`),
  in --runs pairs one after the other: `charts_site_share`, what they add to its CPU time
  (user+sys, whole tree; the ratio of the medians), and `charts_site_share_pairs`, each pair's;
and, once, `check` on a hostile report (bench/hostile.py): a 4 MiB snapshot and 500
quotes of 2,000 characters that are not in it, each needing its closest-passage hint.
Prints a table and writes bench/results.json.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

from .synth import generate

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"


def _tree_rss_kb(pid: int) -> int:
    """The memory of a process and all its descendants, in KiB, from /proc: each one's proportional
    set size, so that pages a forked worker shares with its parent count once (and a child not yet
    past exec, which shares its parent's memory, not at all: memtree.children)."""
    from .memtree import tree

    return sum(tree(pid).values())


def timed(cmd: list[str], expect: int = 0, **kwargs) -> tuple[float, float]:
    """Run `cmd`; return (wall seconds, peak memory in MB) (see `measured`)."""
    return measured(cmd, expect, **kwargs)[:2]


def measured(cmd: list[str], expect: int = 0, **kwargs) -> tuple[float, float, float]:
    """Run `cmd`; return (wall seconds, peak memory in MB, CPU seconds).

    The CPU time is user+sys of the whole tree, from wait4: a process's usage counts the children
    it waited for (Pagefind, the scan's workers), which a loaded machine inflates far less than wall time.

    The peak is the larger of wait4's (the largest single process of the tree) and the sum over
    the whole tree sampled every 100 ms: the build runs Pagefind and a scanning worker beside
    itself, and their memory adds up."""
    import threading

    # What earlier steps wrote (the generator's and the floor's 12,000 files each) is flushed first:
    # else the file system writes it back, and frees what was replaced, inside this run's time.
    os.sync()
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, **kwargs)
    peak, done = [0], threading.Event()

    def sample() -> None:
        while not done.wait(0.1):
            peak[0] = max(peak[0], _tree_rss_kb(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    err = proc.stderr.read().decode("utf-8", "replace")  # until it ends: no pipe fills up
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    done.set()
    sampler.join()
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != expect:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{err[-3000:]}")
    return elapsed, max(usage.ru_maxrss, peak[0]) / 1024, usage.ru_utime + usage.ru_stime


def median_run(cmd: list[str], runs: int, expect: int = 0, before=None) -> tuple[float, float]:
    """The median wall time and the largest peak of `runs` runs, each after `before()` where given."""
    results = [((before or (lambda: None))(), timed(cmd, expect))[1] for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def generate_and_floor(content: Path, md: Path, base: Path, runs: int) -> tuple[float, float, float]:
    """The generator (`render`) and its floor (bench/floor.py) writing the same files, their runs
    taken in turn so that both see the same machine; (generator's median, its peak MB, floor's median).

    The first run of the generator gives the floor its list of files and sizes."""
    py = sys.executable
    generator = [py, "-m", "generator", "render", "--no-pdf", "--content", str(content), "--out", str(md)]
    gen = [timed(generator)]
    manifest = base / "pages.json"
    from .floor import manifest_of

    manifest.write_text(json.dumps(manifest_of(md)), encoding="utf-8")
    floor_cmd = [py, "-m", "bench.floor", "--content", str(content), "--out", str(base / "floor-out"),
                 "--pages", str(manifest)]
    floor = []
    for n in range(runs):
        floor.append(timed(floor_cmd))
        if n + 1 < runs:
            gen.append(timed(generator))
    return (statistics.median(r[0] for r in gen), max(r[1] for r in gen),
            statistics.median(r[0] for r in floor))


def charts_site_share(content: Path, site: Path, pairs: int = 1) -> dict:
    """The site built with the charts and maps and without them (`python -m bench.charts
    --without-charts`), each from scratch, in `pairs` pairs one after the other; the charts' share is
    of CPU time, the medians' ratio (on a shared machine one pair's CPU times moved by 10% from one
    pair to the next, so each pair's own share is kept too)."""
    from generator.verbs.site import cache_file

    args = ["site", "--no-pdf", "--content", str(content), "--out", str(site)]
    runs: dict[str, list[tuple[float, float, float]]] = {"with": [], "without": []}
    sizes: dict[str, float] = {}
    for _ in range(pairs):
        for key, cmd in (("with", [sys.executable, "-m", "generator", *args]),
                         ("without", [sys.executable, "-m", "bench.charts", "--without-charts", *args])):
            shutil.rmtree(cache_file(site).parent, True)
            runs[key].append(measured(cmd))
            sizes[key] = folder_mb(site)
    row = {}
    for key, rs in runs.items():
        row |= {f"site_{key}_charts_s": statistics.median(r[0] for r in rs),
                f"site_{key}_charts_cpu_s": statistics.median(r[2] for r in rs),
                f"site_{key}_charts_mb": sizes[key], f"site_{key}_charts_peak_mb": max(r[1] for r in rs)}
    row["charts_site_share"] = (row["site_with_charts_cpu_s"] - row["site_without_charts_cpu_s"]) \
        / row["site_without_charts_cpu_s"]
    row["charts_site_share_pairs"] = [(w[2] - wo[2]) / wo[2] for w, wo in zip(runs["with"], runs["without"])]
    return row


def edit_one_claim(content: Path) -> Path:
    """Change one claim's assessment, as bench/preview.py does: an analyst's edit of one record."""
    claims = sorted((content / "claims").glob("*.yaml"))
    path = claims[len(claims) // 2]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('assessment: "', 'assessment: "Edited for the bench. ', 1), encoding="utf-8")
    return path


def plain_config_apart(md: Path, site: Path, content: Path) -> Path:
    """plain_config in a process of its own. In this one it loads and resolves the whole report (820 MB
    at 10,000 claims), and a child started later takes its parent's peak as its own at exec (Linux
    keeps the old memory's high-water mark in the child's maxrss): every peak measured after it,
    wait4's ru_maxrss, read at least this process's peak (the hostile check's 820 MB was that)."""
    code = "import sys; from pathlib import Path; from bench.__main__ import plain_config; " \
           "print(plain_config(*map(Path, sys.argv[1:])))"
    out = subprocess.run([sys.executable, "-c", code, str(md), str(site), str(content)], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout
    return Path(out.strip().splitlines()[-1])


def plain_config(md: Path, site: Path, content: Path) -> Path:
    """mkdocs.yml for the rendered pages: the project's settings without the claimsite plugin."""
    sys.path.insert(0, str(ROOT))
    from mkdocs.utils.yaml import yaml_load

    from generator import driver, pages
    from generator.pipeline import build

    config = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))  # MkDocs' loader: knows !ENV
    config["plugins"] = [p for p in config["plugins"] if not (isinstance(p, dict) and "claimsite" in p)]
    config.update(docs_dir=str(md), site_dir=str(site), exclude_docs="")
    config.pop("watch", None)
    config["theme"]["custom_dir"] = str(ROOT / config["theme"]["custom_dir"])
    _, resolved = build(content)
    site_pages = driver.assemble(resolved, content).pages  # the pages the site build gives MkDocs
    config["nav"] = pages.nav(site_pages)
    config["not_in_nav"] = "\n".join("/" + p.path for p in site_pages if not p.in_nav)
    config["site_name"] = resolved.report.title
    path = md.parent / "mkdocs-plain.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    # The rendered pages link to the stylesheet in docs/assets: bring it along.
    assets = md / "assets"
    if not assets.exists():
        assets.symlink_to(ROOT / "docs" / "assets")
    return path


def folder_mb(path: Path, pattern: str = "*") -> float:
    return sum(p.stat().st_size for p in path.rglob(pattern) if p.is_file()) / 2**20


def measure(claims: int, runs: int, pdf: bool, only_generator: bool = False) -> dict:
    base = OUT / str(claims)
    content = generate(base / "content", claims)
    py = sys.executable
    md, site, plain_site = base / "md", base / "site", base / "plain-site"
    row: dict = {"claims": claims, "runs": runs}
    row["generate_s"], gen_rss, row["generate_floor_s"] = generate_and_floor(content, md, base, runs)
    row["generate_vs_floor"] = row["generate_s"] / row["generate_floor_s"]
    row["generate_rss_mb"] = gen_rss
    if only_generator:
        return row
    from generator.verbs.site import cache_file

    site_cmd = [py, "-m", "generator", "site", "--no-pdf", "--content", str(content), "--out", str(site)]
    row["site_build_s"], site_rss = median_run(site_cmd, runs,
                                               before=lambda: shutil.rmtree(cache_file(site).parent, True))
    edit_one_claim(content)  # and the site built again: only what the edit changed is rendered and indexed
    row["incremental_site_s"], incremental_rss = timed(site_cmd)
    row["incremental_vs_clean"] = row["incremental_site_s"] / row["site_build_s"]
    config = plain_config_apart(md, plain_site, content)
    row["plain_mkdocs_s"], _ = median_run([py, "-m", "mkdocs", "build", "-q", "-f", str(config)], runs)
    pages = sum(1 for _ in site.rglob("index.html"))
    row["pages"] = pages
    row["s_per_page"] = row["site_build_s"] / pages
    row["site_vs_plain"] = row["site_build_s"] / row["plain_mkdocs_s"]
    row["peak_rss_mb"] = max(gen_rss, site_rss, incremental_rss)
    row["incremental_rss_mb"] = incremental_rss
    if pdf:
        row["pdf_s"], row["pdf_peak_mb"] = median_run(
            [py, "-m", "generator", "pdf", "--content", str(content), "--out", str(base / "report.pdf")],
            1 if claims > 2000 else runs)
        row["pdf_mb"] = (base / "report.pdf").stat().st_size / 2**20
        row["pdf_pages"] = pdf_pages(base / "report.pdf")
    else:
        row["pdf_s"] = row["pdf_peak_mb"] = None
    row["site_mb"] = folder_mb(site)
    row["search_index_mb"] = search_index_mb(site)
    out = subprocess.run([py, "-m", "bench.preview", "--content", str(content)], cwd=ROOT, check=True,
                         capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    preview = json.loads(out.stdout)
    charts = json.loads(subprocess.run([py, "-m", "bench.charts", "--in-build", str(content)], cwd=ROOT, check=True,
                                       capture_output=True, text=True).stdout)
    row["charts_s"], row["charts_share"] = charts["charts_s"], charts["charts_s"] / row["site_build_s"]
    row["charts_cpu_s"] = charts["charts_cpu_s"]
    row["small_charts"], row["small_charts_mb"] = charts["small_charts"], charts["small_charts_mb"]
    row |= charts_site_share(content, base / "site-share", runs)
    row["preview_first_build_s"], row["preview_rebuild_s"] = preview["first_build_s"], preview["rebuild_s"]
    row["preview_rebuild_cpu_s"] = preview["rebuild_cpu_s"]  # the figure that compares on a loaded machine
    row["preview_files_reread"], row["preview_pages_rewritten"] = preview["files_reread"], preview["pages_rewritten"]
    row["preview_listed_again"] = preview["files_listed_again"]  # False: the edited file was named, as the server does
    return row


def measure_hostile_check(runs: int, snapshot_mib: float, misses: int, quote_chars: int) -> dict:
    """`check` on a report whose every quote misses a large snapshot (exit 1: the misses are errors)."""
    from .hostile import generate as hostile

    content = hostile(OUT / "hostile" / "content", snapshot_mib=snapshot_mib, misses=misses,
                      quote_chars=quote_chars)
    row: dict = {"case": "check-hostile", "snapshot_mib": snapshot_mib, "misses": misses,
                 "quote_chars": quote_chars, "runs": runs}
    row["check_hostile_s"], row["check_hostile_rss_mb"] = median_run(
        [sys.executable, "-m", "generator", "check", "--content", str(content)], runs, expect=1)
    return row


def pdf_pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def search_index_mb(site: Path) -> float:
    """Pagefind's index, every bundle of it (pagefind/, pagefind-2/, ...), or else Material's
    (search/search_index.json)."""
    from generator.engines.pagefind import present

    bundles = present(site)
    if bundles:
        return sum(folder_mb(site / name) for name in bundles)
    return folder_mb(site / "search", "*.json")


def table(rows: list[dict]) -> str:
    cols = ["claims", "pages", "generate_s", "generate_floor_s", "generate_vs_floor", "site_build_s",
            "plain_mkdocs_s", "site_vs_plain", "pdf_s", "peak_rss_mb", "pdf_peak_mb", "site_mb", "search_index_mb",
            "preview_rebuild_s", "charts_s", "charts_site_share", "incremental_site_s", "incremental_vs_clean"]
    fmt = lambda v: "-" if v is None else (f"{v:.2f}" if isinstance(v, float) else str(v))  # noqa: E731
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    lines += ["| " + " | ".join(fmt(r.get(c)) for c in cols) + " |" for r in rows]
    return "\n".join(lines)


def main() -> None:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    p.add_argument("--runs", type=int, default=3, help="runs per measurement; the median is kept")
    p.add_argument("--pdf-max", type=int, default=10000, metavar="N",
                   help="export the PDF only for sizes up to N claims (default 10000; a large report is "
                        "typeset in parts, so its peak memory stays bounded)")
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "results.json")
    p.add_argument("--hostile", type=float, nargs=3, default=[4, 500, 2000], metavar=("MIB", "MISSES", "CHARS"),
                   help="the hostile check's snapshot size, number of missed quotes and their length "
                        "(default: 4 500 2000)")
    p.add_argument("--only-generator", action="store_true",
                   help="measure only the generator and its floor; print the rows, write nothing")
    p.add_argument("--only-charts-share", action="store_true",
                   help="measure only the site built with and without the charts; print the rows, write nothing")
    p.add_argument("--only-hostile", action="store_true",
                   help="measure only the hostile check, and replace its row in --out")
    args = p.parse_args()
    mib, misses, chars = args.hostile[0], int(args.hostile[1]), int(args.hostile[2])
    if args.only_hostile:
        old = json.loads(args.out.read_text(encoding="utf-8")) if args.out.exists() else []
        row = measure_hostile_check(args.runs, mib, misses, chars)
        rows = [r for r in old if r.get("case") != "check-hostile"] + [row]
        args.out.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
        print(json.dumps(row, indent=2))
        return
    if args.only_charts_share:
        rows = [{"claims": n, **charts_site_share(generate(OUT / str(n) / "content", n), OUT / str(n) / "site-share",
                                                  args.runs)}
                for n in args.sizes]
        print(json.dumps(rows, indent=2))
        return
    if args.only_generator:
        rows = [measure(n, args.runs, False, only_generator=True) for n in args.sizes]
        print(json.dumps(rows, indent=2))
        return
    rows = []
    for n in args.sizes:
        print(f"bench: {n} claims ...", file=sys.stderr, flush=True)
        rows.append(measure(n, args.runs, n <= args.pdf_max))
        print(table(rows[-1:]), file=sys.stderr)
    hostile = measure_hostile_check(args.runs, mib, misses, chars)
    args.out.write_text(json.dumps(rows + [hostile], indent=2) + "\n", encoding="utf-8")
    print(table(rows))
    print(f"check on {misses} missed quotes of {chars} characters against a {mib:g} MiB snapshot: "
          f"{hostile['check_hostile_s']:.2f} s, {hostile['check_hostile_rss_mb']:.0f} MB")
    if len(rows) >= 2:
        small, large = rows[0], rows[-1]
        factor = large["claims"] / small["claims"]
        for key in ("generate_s", "site_build_s", "peak_rss_mb", "site_mb", "search_index_mb"):
            print(f"growth of {key}: x{large[key] / small[key]:.2f} for x{factor:.0f} claims")


if __name__ == "__main__":
    main()
