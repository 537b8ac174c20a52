"""One live-preview edit at scale: `python -m bench.preview --content DIR`.

Drives the live preview in-process as `make serve` (`python -m generator serve`,
generator/engines/preview.py) does: the first build (MkDocs'), then one claim's
assessment edited and the pages it changed written again. The rebuild's time runs
from the file written to the new HTML written. Prints JSON: both wall times, the rebuild's CPU
time (user and system, of this process: on a loaded machine the figure that compares), how many
record files were read again, whether the content folder was listed again (not: the update is
told the edited file, as the server's notifications tell it) and how many pages were written again. The content
folder is copied first.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def config_for(content: Path, folder: Path) -> Path:
    """The project's mkdocs.yml with the plugin reading `content`."""
    from mkdocs.utils.yaml import yaml_load

    config = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = [{"claimsite": {"content": str(content)}} if p == "claimsite" or
                         (isinstance(p, dict) and "claimsite" in p) else p for p in config["plugins"]]
    config["docs_dir"] = str(ROOT / config.get("docs_dir", "docs"))
    config["theme"]["custom_dir"] = str(ROOT / config["theme"]["custom_dir"])
    config.pop("watch", None)
    path = folder / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def _cpu() -> float:
    """This process's CPU time so far, user and system (the search index runs in a thread of its own
    but waits for the edit's update to end: none of it falls inside the rebuild)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    p = argparse.ArgumentParser(prog="python -m bench.preview", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--content", type=Path, required=True)
    args = p.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from generator.engines.preview import Preview

    with tempfile.TemporaryDirectory(prefix="claimsite-preview-") as tmp:
        folder = Path(tmp)
        content = folder / "content"
        shutil.copytree(args.content, content)
        site = folder / "site"
        preview = Preview(config_for(content, folder), site)
        try:
            first_s = preview.start().seconds
            preview.search_done()  # the first search index, as a reader waits for it before editing
            pages = {p: p.stat().st_mtime_ns for p in site.rglob("index.html")}
            claim = sorted((content / "claims").glob("*.yaml"))[0]
            text = claim.read_text(encoding="utf-8")
            reuse = preview.plugin.reuse
            read = reuse.reads
            started, cpu = time.perf_counter(), _cpu()  # from the file written to the new pages written
            claim.write_text(text.replace("assessment: \"", "assessment: \"Edited. ", 1), encoding="utf-8")
            update = preview.update([claim])  # the file the server's notifications name
            rebuild_s, rebuild_cpu_s = time.perf_counter() - started, _cpu() - cpu
            if update.error or "Edited. " not in (site / "claims" / claim.stem / "index.html").read_text("utf-8"):
                raise SystemExit(f"the edit did not reach its page: {update.error}")
            rewritten = sum(1 for p, stamp in pages.items() if p.stat().st_mtime_ns != stamp)
            preview.search_done()
        finally:
            preview.close()
        result = {"first_build_s": first_s, "rebuild_s": rebuild_s, "rebuild_cpu_s": rebuild_cpu_s, "files_reread": reuse.reads - read,
                  "pages": len(pages), "pages_rewritten": rewritten, "full_rebuild": update.full,
                  "files_listed_again": reuse.scanned}
    print(json.dumps(result))


if __name__ == "__main__":
    sys.exit(main())
