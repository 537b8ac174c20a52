"""scripts/system-deps: what `make site` and `make test` install, run against stand-in tools.

Each case runs the script with a PATH of its own: the real coreutils, and fakes of
fc-list (the fonts it reports), chromium, pdftotext, apt-get and sudo that record how
they were called. Nothing is installed.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT

SCRIPT = ROOT / "scripts" / "system-deps"
FONTS = ("Noto Serif", "Noto Sans", "Noto Serif CJK KR", "Noto Sans CJK KR,Noto Sans CJK KR Black")
REAL = ("bash", "grep", "tr", "id", "sed", "cat", "env")


def _tools(folder: Path, *, fonts=FONTS, have=("fc-list", "chromium", "pdftotext", "apt-get")) -> Path:
    folder.mkdir()
    for name in REAL:
        os.symlink(shutil.which(name), folder / name)
    log = folder / "calls.log"
    fakes = {
        "fc-list": "printf '%s\\n' " + " ".join(f"'{f}'" for f in fonts),
        "chromium": "true", "pdftotext": "true",
        "apt-get": f'echo "apt-get $*" >> {log}',
        "sudo": f'echo "sudo" >> {log}; "$@"',
    }
    for name, body in fakes.items():
        if name in have or name == "sudo":
            (folder / name).write_text(f"#!{shutil.which('bash')}\n{body}\n")
            (folder / name).chmod(0o755)
    return folder


def _run(tools: Path, purpose: str) -> subprocess.CompletedProcess:
    return subprocess.run([shutil.which("bash"), str(SCRIPT), purpose], env={"PATH": str(tools)},
                          capture_output=True, text=True, timeout=60)


def _calls(tools: Path) -> list[str]:
    log = tools / "calls.log"
    return log.read_text().splitlines() if log.exists() else []


@pytest.mark.parametrize("purpose", ["site", "test"])
def test_nothing_is_asked_of_apt_when_all_is_there(tmp_path, purpose):
    tools = _tools(tmp_path / "bin")
    done = _run(tools, purpose)
    assert (done.returncode, done.stderr, _calls(tools)) == (0, "", [])


def test_site_installs_only_the_missing_fonts(tmp_path):
    tools = _tools(tmp_path / "bin", fonts=("Noto Serif", "Noto Sans"), have=("fc-list", "apt-get"))
    done = _run(tools, "site")
    assert done.returncode == 0, done.stderr
    calls = [c for c in _calls(tools) if c != "sudo"]
    assert calls == ["apt-get update -qq", "apt-get install -y -qq --no-install-recommends fonts-noto-cjk"]


def test_test_adds_the_browser_and_poppler(tmp_path):
    tools = _tools(tmp_path / "bin", fonts=(), have=("apt-get",))
    done = _run(tools, "test")
    assert done.returncode == 0, done.stderr
    install = [c for c in _calls(tools) if c.startswith("apt-get install")]
    assert install == ["apt-get install -y -qq --no-install-recommends "
                       "fontconfig fonts-noto-core fonts-noto-cjk chromium poppler-utils"]


def test_without_apt_it_names_what_to_install_and_exits_3(tmp_path):
    tools = _tools(tmp_path / "bin", fonts=("Noto Sans",), have=("fc-list",))
    done = _run(tools, "site")
    assert done.returncode == 3
    assert "sudo apt-get install fonts-noto-core fonts-noto-cjk" in done.stderr
    assert "Noto Serif CJK KR" in done.stderr and "make site NO_PDF=1" in done.stderr


def test_a_wrong_purpose_is_a_usage_error(tmp_path):
    done = _run(_tools(tmp_path / "bin"), "everything")
    assert done.returncode == 2 and "usage: scripts/system-deps [site|test]" in done.stderr
