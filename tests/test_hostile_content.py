"""Hostile content trees, as a pull request could bring them: links out of the tree, pipes,
names the site needs for itself, dates and addresses the output formats cannot hold.

Every case is one exact input; each says what `check` reports, or that `site` builds it.
"""
from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from conftest import minimal_files, write_content

from generator import cli
from generator.load import RESERVED_PAGE_NAMES, load_content, read_regular
from generator.pages import FOLDER, read_authored, site_pages
from generator.pipeline import check

SOURCE = minimal_files()["sources/src-a.yaml"]
CLAIM = minimal_files()["claims/stockpiles.yaml"]
REPORT = minimal_files()["report.yaml"]
ACTOR = minimal_files()["actors/budanov.yaml"]
ACTOR_TEXT = 'name: "Outsider"\nkind: "person"\n'


def found(content: Path) -> list[str]:
    return [str(d) for d in check(content).checks.diagnostics]


# -- 1. only regular files inside the content folder are read ------------------------


@pytest.fixture
def outside(tmp_path) -> Path:
    """A folder beside the content folder, holding what a link could lead to."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "actor.yaml").write_text(ACTOR_TEXT, encoding="utf-8")
    (folder / "secret.md").write_text("# Secret\n\nroot:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    return folder


LINK = ("is a symbolic link: content is read only from regular files inside the content folder "
        "(put the file itself here, not a link to it)")


def test_a_record_linked_to_a_valid_record_outside_is_refused(make_content, outside):
    content = make_content()
    (content / "actors" / "x.yaml").symlink_to(outside / "actor.yaml")
    assert found(content) == [f"actors/x.yaml:1:1: I005 {LINK}"]


def test_a_record_linked_inside_the_tree_is_refused_too(make_content):
    content = make_content()
    (content / "actors" / "x.yaml").symlink_to(content / "actors" / "budanov.yaml")
    assert found(content) == [f"actors/x.yaml:1:1: I005 {LINK}"]


def test_an_authored_page_linked_to_a_file_outside_is_refused_and_never_read(make_content, outside):
    content = make_content({"pages/about.md": "# About\n"})
    (content / "pages" / "leak.md").symlink_to(outside / "secret.md")
    assert found(content) == [f"pages/leak.md:1:1: I005 {LINK}"]
    with pytest.raises(OSError, match="symbolic link"):
        read_authored(content)


def test_a_snapshot_and_the_report_linked_are_refused(make_content, outside):
    content = make_content()
    snapshot = content / "sources" / "src-a.txt"
    (outside / "src-a.txt").write_bytes(snapshot.read_bytes())
    snapshot.unlink()
    snapshot.symlink_to(outside / "src-a.txt")
    report = content / "report.yaml"
    (outside / "report.yaml").write_bytes(report.read_bytes())
    report.unlink()
    report.symlink_to(outside / "report.yaml")
    assert f"report.yaml:1:1: I005 {LINK}" in found(content)
    assert f"sources/src-a.txt:1:1: I005 {LINK}" in found(content)


def test_a_linked_record_folder_is_refused_and_not_listed(make_content, outside):
    content = make_content()
    (outside / "places").mkdir()
    (outside / "places" / "kupiansk.yaml").write_bytes((content / "places" / "kupiansk.yaml").read_bytes())
    (content / "places" / "kupiansk.yaml").unlink()
    (content / "places").rmdir()
    (content / "places").symlink_to(outside / "places")
    problems = found(content)
    assert problems == ["claims/stockpiles.yaml:6:10: R001 no place 'kupiansk'", "places:1:1: I005 the folder places is a symbolic link: content is read only from "
                           "regular files inside the content folder (put the file itself here, not a link to it)"]  # nothing in it read


def test_a_linked_pages_folder_is_refused(make_content, outside):
    content = make_content()
    (content / "pages").symlink_to(outside)
    assert found(content) == [
        f"pages:1:1: I005 the folder pages {LINK}"]


@pytest.fixture
def hang_guard():
    """Fails a test that blocks (a pipe opened to read waits for a writer) instead of hanging the run."""
    def stop(signum, frame):
        raise TimeoutError("blocked for 120 s")
    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(120)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
@pytest.mark.parametrize("name", ["claims/x.yaml", "sources/x.txt", "pages/x.md", "report.yaml"])
def test_a_named_pipe_is_refused_without_opening_it(make_content, name, hang_guard):
    content = make_content({"report.yaml": None} if name == "report.yaml" else {})
    (content / name).parent.mkdir(exist_ok=True)
    os.mkfifo(content / name)  # no writer: opening it to read would wait for ever
    message = ("is a named pipe (FIFO): content is read only from regular files inside the content folder")
    assert f"{name}:1:1: I005 {message}" in found(content)
    with pytest.raises(OSError, match="named pipe"):
        read_regular(content / name, 1 << 20)


def test_a_folder_named_like_a_page_is_refused(make_content):
    content = make_content()
    (content / "pages" / "x.md").mkdir(parents=True)
    assert found(content) == [
        "pages/x.md:1:1: I005 is a folder: content is read only from regular files inside the content folder"]


def test_an_authored_page_that_is_not_utf8_is_refused_at_check(make_content):
    content = make_content({"pages/x.md": b"# Title\n\ncaf\xe9\n"})
    assert found(content) == ["pages/x.md:3:4: Y001 invalid UTF-8 (byte 0xE9): save the file as UTF-8"]


def test_an_authored_page_too_large_is_refused_at_check(make_content):
    content = make_content({"pages/x.md": b"a" * ((4 << 20) + 1)})
    assert found(content) == ["pages/x.md:1:1: Y009 file is 4.0 MiB; the limit is 4 MiB"]


def test_hidden_links_that_are_never_read_are_left_alone(make_content, outside):
    content = make_content()
    (content / "claims" / ".editor-link").symlink_to(outside / "secret.md")
    assert found(content) == []


def test_the_content_folder_itself_may_be_a_link(make_content, tmp_path):
    content = make_content()
    (tmp_path / "named").symlink_to(content)
    assert found(tmp_path / "named") == []


def test_a_linked_page_fails_the_site_verb_before_anything_is_built(make_content, outside, tmp_path, capsys):
    content = make_content()
    (content / "pages").mkdir()
    (content / "pages" / "leak.md").symlink_to(outside / "secret.md")
    out = tmp_path / "site"
    assert cli.main(["site", "--content", str(content), "--out", str(out)]) == 1
    assert f"pages/leak.md:1:1: I005 {LINK}" in capsys.readouterr().out
    assert not out.exists()
