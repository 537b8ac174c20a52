"""docs/tutorial.md, followed to the letter: its commands, files, edits and outputs, read out of it.

The tutorial marks what the reader does with a comment before a fenced block:

  <!-- run -->            an sh block, run by bash (-e) in the folder that holds the report; exit 0
  <!-- run: exit N -->    the same, and it must exit N
  <!-- output -->         a text block: its lines appear, in that order, in what the run before printed
  <!-- file: PATH -->     a block the reader writes as the whole of PATH
  <!-- edit: PATH -->     lines `key: value`, each replacing the one line of PATH for that key,
                          commented out or not
  <!-- serve -->          the preview: started (on a free port), one page fetched over http, stopped

The one unmarked sh block sets up the reader's shell; the test stands in for it: the Python that
runs the tests (the checkout's .venv) first on PATH, CLAIMSITE the checkout, HOME a temporary folder.
"""
from __future__ import annotations

import html
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

TUTORIAL = ROOT / "docs" / "tutorial.md"
MARK_RE = re.compile(r"^<!-- (run|run: exit \d+|output|file: \S+|edit: \S+|serve) -->$")
FENCE_RE = re.compile(r"^```(\w*)$")
HANG_GUARD = 600  # seconds: only so that a hung command ends the test; nothing is timed


@dataclass(frozen=True)
class Step:
    mark: str  # run, output, file, edit, serve
    arg: str  # the exit code of a run, the path of a file or an edit
    lang: str
    text: str
    line: int


def blocks(text: str) -> list[tuple[str | None, str, str, int]]:
    """Every fenced block as (the mark before it or None, language, text, line)."""
    lines, found, mark, i = text.splitlines(), [], None, 0
    while i < len(lines):
        if MARK_RE.match(lines[i]):
            mark = MARK_RE.match(lines[i]).group(1)
        elif FENCE_RE.match(lines[i]):
            end = lines.index("```", i + 1)
            found.append((mark, FENCE_RE.match(lines[i]).group(1), "\n".join(lines[i + 1:end]) + "\n", i + 1))
            mark, i = None, end
        elif lines[i].strip():
            mark = None  # a mark belongs to the block right after it (blank lines between are fine)
        i += 1
    return found


def steps() -> list[Step]:
    out = []
    for mark, lang, text, line in blocks(TUTORIAL.read_text(encoding="utf-8")):
        if mark is None:
            continue
        kind, _, arg = mark.partition(": ")
        if kind == "run":
            arg = arg.removeprefix("exit ") or "0"
        out.append(Step(kind, arg, lang, text, line))
    return out


def until_serve() -> list[Step]:
    all_steps = steps()
    return all_steps[:next(i for i, s in enumerate(all_steps) if s.mark == "serve")]


@pytest.fixture
def reader(tmp_path):
    """The reader's folder and shell environment, as "Before you start" sets them up."""
    home, work = tmp_path / "home", tmp_path / "home" / "reports"
    work.mkdir(parents=True)
    env = {
        "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""),
        "CLAIMSITE": str(ROOT), "HOME": str(home), "LANG": "C.UTF-8",
        "PYTHONUNBUFFERED": "1",  # stdout and stderr interleave as they do in a terminal
        "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_AUTHOR_NAME": "Reader", "GIT_AUTHOR_EMAIL": "reader@example.org",
        "GIT_COMMITTER_NAME": "Reader", "GIT_COMMITTER_EMAIL": "reader@example.org",
    }
    return work, env


class Walk:
    """Does each step as the reader does it; `output` is what the last run printed."""

    def __init__(self, work: Path, env: dict[str, str]):
        self.work, self.env, self.output = work, env, ""

    def do(self, step: Step) -> None:
        getattr(self, "_" + step.mark)(step)

    def _run(self, step: Step) -> None:
        assert step.lang == "sh", f"tutorial.md:{step.line}: a run block is ```sh"
        done = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", step.text], cwd=self.work, env=self.env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=HANG_GUARD)
        self.output = done.stdout
        assert done.returncode == int(step.arg), (
            f"tutorial.md:{step.line}: exit {done.returncode}, the tutorial says {step.arg}:\n"
            f"{step.text}\n{done.stdout}")

    def _output(self, step: Step) -> None:
        printed = iter(line.rstrip() for line in self.output.splitlines())
        for shown in step.text.splitlines():
            assert any(line == shown for line in printed), (
                f"tutorial.md:{step.line}: the tutorial shows\n  {shown}\nwhich is not (or not in this order) "
                f"in what the command printed:\n{self.output}")

    def _path(self, step: Step) -> Path:
        path = (self.work / step.arg).resolve()
        assert self.work.resolve() in path.parents, f"tutorial.md:{step.line}: {step.arg} is outside the folder"
        return path

    def _file(self, step: Step) -> None:
        self._path(step).write_text(step.text, encoding="utf-8")

    def _edit(self, step: Step) -> None:
        path = self._path(step)
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        for new in step.text.splitlines():
            key = new.strip().split(":", 1)[0] + ":"
            at = [i for i, old in enumerate(lines) if old.strip().removeprefix("# ").startswith(key)]
            assert len(at) == 1, f"tutorial.md:{step.line}: {len(at)} lines for {key} in {step.arg}, not one"
            lines[at[0]] = new + "\n"
        path.write_text("".join(lines), encoding="utf-8")

    def _serve(self, step: Step) -> None:
        """Start the preview on a free port, fetch the home page and the claim's page, stop it."""
        port = _free_port()
        command = step.text.strip() + f" --dev-addr 127.0.0.1:{port}"
        assert "\n" not in command, f"tutorial.md:{step.line}: a serve block is one command"
        report = yaml.safe_load((self.work / "myreport" / "report.yaml").read_text(encoding="utf-8"))
        claim = next((self.work / "myreport" / "claims").glob("*.yaml"))
        statement = yaml.safe_load(claim.read_text(encoding="utf-8"))["statement"]
        log = self.work.parent / "serve.log"
        with log.open("w") as out:
            preview = subprocess.Popen(["bash", "-c", "exec " + command], cwd=self.work, env=self.env,
                                       stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            home = _fetch(f"http://127.0.0.1:{port}/", preview, log)
            page = _fetch(f"http://127.0.0.1:{port}/claims/{claim.stem}/", preview, log)
        finally:
            os.killpg(preview.pid, signal.SIGTERM)
            try:
                preview.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(preview.pid, signal.SIGKILL)
                preview.wait()
        assert report["title"] in html.unescape(home)
        assert statement in html.unescape(page)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fetch(url: str, preview: subprocess.Popen, log: Path) -> str:
    """The page, once the preview serves it; the preview ending first fails the test."""
    deadline = time.monotonic() + HANG_GUARD
    while True:
        assert preview.poll() is None, f"the preview stopped (exit {preview.returncode}):\n{log.read_text()}"
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                return response.read().decode("utf-8")
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def test_every_sh_block_but_the_setup_is_marked_and_every_mark_has_its_block():
    found = blocks(TUTORIAL.read_text(encoding="utf-8"))
    unmarked = [text for mark, lang, text, _ in found if lang == "sh" and mark is None]
    assert len(unmarked) == 1 and "source .venv/bin/activate" in unmarked[0], unmarked
    marks = re.findall(r"^<!-- (.*?) -->$", TUTORIAL.read_text(encoding="utf-8"), re.M)
    assert len(marks) == sum(1 for mark, *_ in found if mark), "a mark without a block right after it"
    kinds = [s.mark for s in steps()]
    assert {"run", "output", "file", "edit", "serve"} <= set(kinds)
    assert all(s.arg in ("0", "1") for s in steps() if s.mark == "run")
    assert all(kinds[i - 1] == "run" for i, k in enumerate(kinds) if k == "output")


def test_the_tutorial_up_to_the_preview(reader):
    """Start a report, capture the article, write a claim, see both errors and fix them."""
    walk = Walk(*reader)
    for step in until_serve():
        walk.do(step)
    assert "no problems" in walk.output


@pytest.mark.slow
def test_the_whole_tutorial(reader):
    """The same, then the preview, the site and its PDF, and a published version."""
    work, env = reader
    walk = Walk(work, env)
    for step in steps():
        walk.do(step)
    assert (work / "myreport-site" / "report.pdf").read_bytes().startswith(b"%PDF")
    published = subprocess.run(["git", "-C", "myreport", "show", "gh-pages:versions.json"], cwd=work, env=env,
                               capture_output=True, text=True, check=True).stdout
    assert '"2031.03"' in published
    page = subprocess.run(["git", "-C", "myreport", "show", "gh-pages:2031.03/index.html"], cwd=work, env=env,
                          capture_output=True, text=True, check=True).stdout
    title = yaml.safe_load((work / "myreport" / "report.yaml").read_text(encoding="utf-8"))["title"]
    assert f"<title>{html.escape(title)}" in page  # the report's own site, not the example's
