"""Live preview (`python -m generator serve`, engines/preview.py): after an edit, the pages that show
what changed are rendered again through MkDocs' page machinery, and no other page is written."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from conftest import minimal_files, write_content

from bench.preview import config_for
from generator import pages
from generator.engines.preview import Preview, _Server, watched

pytestmark = pytest.mark.slow


def stamps(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("index.html")}


def edit(path: Path, old: str, new: str) -> None:
    time.sleep(0.02)  # a page written again gets a later mtime than the build before
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def preview(tmp_path):
    content = write_content(tmp_path, minimal_files())
    site = tmp_path / "site"
    preview = Preview(config_for(content, tmp_path), site, search=False)
    first = preview.start()
    assert first.full and (site / "claims/stockpiles/index.html").is_file()
    yield content, site, preview
    preview.close()


def built(source: str) -> str:
    """Where MkDocs writes a page (use_directory_urls): claims/x.md -> claims/x/index.html."""
    if source == "index.md" or source.endswith("/index.md"):
        return source[:-3] + ".html"
    return source[:-3] + "/index.html"


def page(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_an_edit_writes_again_the_pages_that_show_it_and_no_other(preview):
    content, site, preview = preview
    before = stamps(site)
    edit(content / "claims/stockpiles.yaml", "huge stockpiles of ammunition", "vast stockpiles of shells")
    update = preview.update()
    assert update.error is None and not update.full
    written = {p for p, stamp in stamps(site).items() if stamp != before[p]}
    # The statement shows on its claim's page, on the pages that list the claim, and on home (a key finding).
    assert {"claims/stockpiles/index.html", "claims/index.html", "weapons/type-75/index.html",
            "index.html"} <= written
    assert "sources/src-a/index.html" in before and len(written) < len(before)
    assert written == {built(p) for p in update.written}
    for path in written:
        assert "vast stockpiles of shells" in page(site, path), path
        assert "huge stockpiles of ammunition" not in page(site, path), path
    # The pages are MkDocs' own: the theme, the navigation, the stylesheet.
    claim = page(site, "claims/stockpiles/index.html")
    assert 'class="md-nav' in claim and "assets/claimsite.css" in claim
    assert preview.plugin.reuse.reads >= 1


def test_an_edit_that_changes_no_page_writes_none(preview):
    content, site, preview = preview
    before = stamps(site)
    edit(content / "claims/stockpiles.yaml", "credibility: 3", "credibility: 3  # checked")
    update = preview.update()
    assert update.error is None and update.written == [] and stamps(site) == before


def test_a_bad_edit_is_reported_and_the_preview_goes_on(preview):
    content, site, preview = preview
    before = stamps(site)
    claim = content / "claims/stockpiles.yaml"
    edit(claim, 'status: "reported"', 'status: "rumoured"')
    update = preview.update()
    assert update.error and "claims/stockpiles.yaml" in update.error and "rumoured" in update.error
    assert stamps(site) == before  # the last good site stays served
    edit(claim, 'status: "rumoured"', 'status: "disputed"')
    fixed = preview.update()
    assert fixed.error is None and "claims/stockpiles.md" in fixed.written
    assert "disputed" in page(site, "claims/stockpiles/index.html").lower()


def test_a_change_to_what_every_page_shows_rebuilds_the_whole_site(preview):
    content, site, preview = preview
    before = stamps(site)
    edit(content / "report.yaml", "Test report", "Renamed report")
    update = preview.update()
    assert update.full and update.error is None
    after = stamps(site)
    assert all(after[p] != before[p] for p in before)
    assert "Renamed report" in page(site, "weapons/type-75/index.html")


def test_a_new_record_rebuilds_the_whole_site(preview):
    content, site, preview = preview
    write_content(content.parent, {"places/lyman.yaml": 'name: "Lyman"\nkind: "settlement"\n'})
    update = preview.update()
    assert update.full and update.error is None
    assert (site / "places/lyman/index.html").is_file()


def test_the_server_shows_the_error_on_every_page_and_watches_the_content(preview):
    content, site, preview = preview
    server = _Server(preview, host="127.0.0.1", port=0, root=str(site))
    try:
        assert content.resolve() in watched(preview.plugin.built[0])
        html = b"<html><body class='x'><p>page</p></body></html>"
        server._watched_paths["x"] = 1  # the livereload script goes into pages only while watching
        assert b"role=\"alert\"" not in server._inject_js_into_html(html, 1)
        server.error = "content/claims/x.yaml:1:1: E101 <b>bad</b>"
        shown = server._inject_js_into_html(html, 1)
        assert shown.index(b"role=\"alert\"") > shown.index(b"<body")
        assert b"E101 &lt;b&gt;bad&lt;/b&gt;" in shown and b"<b>bad" not in shown
        server.error = "a.yaml:1:1: E101 one\nb.yaml:2:3: E102 two \x1b[31m"  # every mistake at once
        shown = server._inject_js_into_html(html, 1)
        assert b"E101 one\nb.yaml:2:3: E102 two \\x1b[31m</pre>" in shown  # a line each; escapes stay escaped
        assert b"livereload" in shown
    finally:
        server.server_close()


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """A synthetic report of 60 claims (bench/synth.py), previewed once for the module's edits."""
    from bench.synth import generate

    folder = tmp_path_factory.mktemp("synthetic")
    content = generate(folder / "content", 60)
    preview = Preview(config_for(content, folder), folder / "site", search=False)
    preview.start()
    yield content, preview
    preview.close()


def every_page_is_current(preview) -> set[str]:
    """The pages whose context is not what a build of every page gives now (none, if the edit's
    pages were found)."""
    config = preview.plugin.built[0]
    resolved, extras = preview.plugin.refresh(config)
    return {p.path for p in pages.site_pages(resolved, extras) if preview.plugin.kept.get(p.path) != p}


@pytest.mark.parametrize("record, old, new, near", [
    ("claims/claim-00003.yaml", "status: \"corroborated\"", "status: \"disputed\"", True),  # badges, indexes, debt
    ("claims/claim-00003.yaml", "weapons: [\"weapon-0\", \"weapon-2\"]", "weapons: [\"weapon-0\", \"weapon-1\"]", True),
    # A source's title, a weapon's or an actor's name shows on the page of every claim citing it or about it.
    ("sources/source-3.yaml", "title: \"Synthetic article 3\"", "title: \"A renamed article\"", False),
    ("weapons/weapon-0.yaml", "name: \"Type 100\"", "name: \"Type 100 Mod\"", False),
    ("actors/person-1.yaml", "name: \"Official 1 Kovalenko\"", "name: \"Officer 1 Kovalenko\"", False),
])
def test_the_pages_an_edit_changes_are_all_found(synthetic, record, old, new, near):
    content, preview = synthetic
    edit(content / record, old, new)
    update = preview.update()
    assert update.error is None and not update.full and update.written
    if near:  # only the pages near the edit were built again
        assert update.contexts < len(preview.plugin.kept) / 3
    assert every_page_is_current(preview) == set()


def test_an_edit_saved_with_a_bad_one_shows_once_the_bad_one_is_fixed(synthetic):
    content, preview = synthetic
    claim = content / "claims/claim-00005.yaml"  # not about weapon-2: its page is not near the claim's
    status = next(line for line in claim.read_text(encoding="utf-8").splitlines() if line.startswith("status: "))
    edit(content / "weapons/weapon-2.yaml", "A synthetic weapon number 2.", "A weapon described again.")
    edit(claim, status, 'status: "rumoured"')
    assert preview.update().error  # both files read again; nothing shown
    edit(claim, 'status: "rumoured"', status)
    fixed = preview.update()
    assert fixed.error is None and "weapons/weapon-2.md" in fixed.written
    assert every_page_is_current(preview) == set()


def test_told_of_the_edited_file_the_preview_lists_nothing_and_its_pages_are_a_full_builds(preview, tmp_path):
    content, site, preview = preview
    claim = content / "claims/stockpiles.yaml"
    edit(claim, "huge stockpiles of ammunition", "vast stockpiles of shells")
    update = preview.update([claim])
    assert update.error is None and not update.full and "claims/stockpiles.md" in update.written
    assert not preview.plugin.reuse.scanned and preview.plugin.reuse.changed == [claim.absolute()]
    (tmp_path / "fresh").mkdir()
    fresh = Preview(config_for(content, tmp_path / "fresh"), tmp_path / "fresh-site", search=False)
    try:
        fresh.start()
    finally:
        fresh.close()
    ours = {p.relative_to(site): p.read_bytes() for p in site.rglob("*.html")}
    theirs = {p.relative_to(tmp_path / "fresh-site"): p.read_bytes() for p in (tmp_path / "fresh-site").rglob("*.html")}
    assert ours.keys() == theirs.keys() and [p for p in ours if ours[p] != theirs[p]] == []
    assert "vast stockpiles of shells" in page(site, "claims/stockpiles/index.html")


def test_told_of_a_file_rewritten_at_the_same_size_and_mtime_the_preview_reads_it(preview):
    content, site, preview = preview
    claim = content / "claims/stockpiles.yaml"
    before = claim.stat()
    text = claim.read_text(encoding="utf-8")
    claim.write_text(text.replace("huge stockpiles of", "vast stockpiles of"), encoding="utf-8")
    os.utime(claim, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert preview.update([str(claim)]).written and "vast stockpiles of" in page(site, "claims/stockpiles/index.html")


@pytest.mark.parametrize("named", ["places/lyman.yaml", "../elsewhere.txt", "claims/gone.yaml"])
def test_told_of_a_file_it_did_not_list_the_preview_looks_at_every_file(preview, named):
    """A file created (here with another one beside it, not named), one outside the content, one
    that is not there: the update lists and looks at everything, so nothing is missed."""
    content, site, preview = preview
    write_content(content.parent, {"places/lyman.yaml": 'name: "Lyman"\nkind: "settlement"\n'})
    update = preview.update([content / named])
    assert preview.plugin.reuse.scanned and update.full and update.error is None
    assert (site / "places/lyman/index.html").is_file()


def test_after_a_failed_update_the_next_looks_at_every_file(preview):
    content, site, preview = preview
    claim, weapon = content / "claims/stockpiles.yaml", content / "weapons/type-75.yaml"
    edit(claim, 'status: "reported"', 'status: "rumoured"')
    assert preview.update([claim]).error
    edit(weapon, 'name: "Type 75"', 'name: "Type 75 Mod"')  # not named below
    edit(claim, 'status: "rumoured"', 'status: "disputed"')
    fixed = preview.update([claim])
    assert fixed.error is None and preview.plugin.reuse.scanned
    assert "Type 75 Mod" in page(site, "weapons/type-75/index.html")
    edit(claim, 'status: "disputed"', 'status: "reported"')
    assert preview.update([claim]).error is None and not preview.plugin.reuse.scanned  # trusted again


def test_the_server_tells_the_update_which_files_were_edited(preview):
    """Through inotify: the first update after the server starts looks at every file (an edit made
    during the first build went unseen), the next is told the file saved and lists nothing."""
    content, site, preview = preview
    server = _Server(preview, host="127.0.0.1", port=0, root=str(site))
    claim = content / "claims/stockpiles.yaml"

    def saved(old: str, new: str) -> None:
        with server._rebuild_cond:
            server._want_rebuild = False
        edit(claim, old, new)
        with server._rebuild_cond:
            assert server._rebuild_cond.wait_for(lambda: server._want_rebuild, timeout=30)
        server._rebuild()

    try:
        server.watch(str(content))
        server.observer.start()
        saved("huge stockpiles of ammunition", "vast stockpiles of shells")
        assert preview.plugin.reuse.scanned and server.error is None
        saved("vast stockpiles of shells", "many stockpiles of shells")
        assert not preview.plugin.reuse.scanned and preview.plugin.reuse.changed == [claim.absolute()]
        assert "many stockpiles of shells" in page(site, "claims/stockpiles/index.html")
    finally:
        server.observer.stop()
        server.observer.join()
        server.server_close()


def test_the_server_looks_at_every_file_after_a_file_created_moved_or_lost_notifications(preview):
    import logging

    from watchdog.events import (DirCreatedEvent, DirModifiedEvent, FileClosedEvent, FileClosedNoWriteEvent,
                                 FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent,
                                 FileOpenedEvent)

    content, site, preview = preview
    server = _Server(preview, host="127.0.0.1", port=0, root=str(site))
    a, b = str(content / "claims/a.yaml"), str(content / "claims/b.yaml")
    overflow = logging.getLogger("watchdog.observers.inotify_c")
    try:
        assert server._taken() is None  # the first update: every file
        for event in (FileModifiedEvent(a), FileClosedEvent(b), DirModifiedEvent(str(content / "claims")),
                      FileOpenedEvent(a), FileClosedNoWriteEvent(a)):  # a save, and the preview's own reads
            server._edited(event)
        assert server._taken() == {a, b} and server._want_rebuild
        for event in (FileCreatedEvent(a), FileDeletedEvent(a), FileMovedEvent(a, b), DirCreatedEvent(a)):
            server._edited(FileModifiedEvent(b))
            server._edited(event)
            assert server._taken() is None, event
        server._edited(FileModifiedEvent(a))
        server._want_rebuild = False
        overflow.warning("Inotify queue overflowed; filesystem events were lost")  # watchdog 7.1.0's words
        assert server._taken() is None and server._want_rebuild
    finally:
        server.server_close()
    overflow.warning("Inotify queue overflowed; filesystem events were lost")
    assert server._taken() == set()  # a closed server hears no more
