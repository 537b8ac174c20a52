"""Publishing versions with mike: gh-pages, versions.json, `latest`, each version's PDF and changelog,
the version selector in a browser, each claim's history, and every refusal leaving things as they were.

Everything happens in temporary git repositories made here; the only remote is a local bare one."""
from __future__ import annotations

import functools
import http.server
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import ROOT, minimal_files, write_content
from site_helpers import Html, text_of
from browsers import browser  # noqa: F401 - the fixture

from generator import pages
from generator.history import changelog_since_release, histories
from generator.pipeline import check

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
       "GIT_AUTHOR_NAME": "Tester", "GIT_AUTHOR_EMAIL": "t@example.org",
       "GIT_COMMITTER_NAME": "Tester", "GIT_COMMITTER_EMAIL": "t@example.org"}
for _name in ("MIKE_DOCS_VERSION", "CLAIMSITE_SINCE", "CLAIMSITE_STRICT", "CLAIMSITE_SITE_DIR"):
    ENV.pop(_name, None)

STOCKPILES = "North Korea has huge stockpiles of ammunition."
SECOND = "A Type 75 launcher was destroyed near Kupiansk."
THIRD = "Production goes on around the clock."
SECOND_YAML = f"""
    statement: "{SECOND}"
    claimant: "outlet"
    made: "2025-07-12"
    status: "reported"
    credibility: 3
    assessment: "One outlet."
    citations: [{{source: "src-a", quote: "A Type 75 launcher was destroyed near Kupiansk"}}]
"""
THIRD_YAML = f"""
    statement: "{THIRD}"
    claimant: "budanov"
    made: "2025-07-11"
    status: "reported"
    credibility: 3
    assessment: "Said in the same interview."
    citations: [{{source: "src-a", quote: "production goes on around the clock"}}]
"""


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], env=ENV, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def make_repo(root: Path, files: dict | None = None, *, commit: bool = True) -> Path:
    """A report repository: content/ (the minimal report and `files`), mkdocs.yml, docs/assets, overrides/
    and templates/ (mkdocs.yml watches it), committed."""
    write_content(root, {**minimal_files(), **(files or {})})
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "docs" / "assets", root / "docs" / "assets")
    for folder in ("overrides", "templates"):
        shutil.copytree(ROOT / folder, root / folder)
    git(root, "init", "-q", "-b", "main")
    if commit:
        git(root, "add", "-A")
        git(root, "commit", "-qm", "first findings")
    return root


def publish(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "publish", *args], cwd=repo, env=ENV,
                          capture_output=True, text=True, timeout=600)


def state(repo: Path) -> tuple[str | None, list[str]]:
    """What publishing changes: the gh-pages commit and the tags."""
    branch = subprocess.run(["git", "-C", str(repo), "rev-parse", "--verify", "--quiet", "refs/heads/gh-pages"],
                            env=ENV, capture_output=True, text=True).stdout.strip() or None
    return branch, git(repo, "tag", "--list").split()


def shown(repo: Path, path: str, ref: str = "gh-pages") -> bytes:
    return subprocess.run(["git", "-C", str(repo), "show", f"{ref}:{path}"], env=ENV, capture_output=True,
                          check=True).stdout


def article(repo: Path, path: str) -> list[dict]:
    return Html(shown(repo, path).decode("utf-8")).article()


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """Version 1; then a status changed, a claim added and one removed, committed; then version 2."""
    repo = make_repo(tmp_path_factory.mktemp("report"), {"claims/second.yaml": SECOND_YAML})
    first = publish(repo, "1")
    assert first.returncode == 0, first.stderr
    stockpiles = minimal_files()["claims/stockpiles.yaml"]
    write_content(repo, {"claims/stockpiles.yaml": stockpiles.replace('status: "reported"',
                                                                      'status: "corroborated"'),
                         "claims/third.yaml": THIRD_YAML, "claims/second.yaml": None})
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "second findings")
    second = publish(repo, "2")
    assert second.returncode == 0, second.stderr
    return SimpleNamespace(repo=repo, first=first, second=second)


# -- what publishing makes -------------------------------------------------------------------------


@pytest.mark.slow
def test_gh_pages_holds_both_versions_and_latest_is_the_second(published):
    repo = published.repo
    versions = json.loads(shown(repo, "versions.json"))
    assert [(v["version"], v["aliases"]) for v in versions] == [("2", ["latest"]), ("1", [])]
    tree = {line.split("\t")[1]: line.split()[0] for line in git(repo, "ls-tree", "gh-pages").splitlines()}
    assert {"1", "2", "latest", "versions.json", "index.html"} <= set(tree)
    assert tree["latest"] == "120000" and shown(repo, "latest") == b"2"  # a link to version 2
    assert b'url=latest/' in shown(repo, "index.html")  # the default version is latest
    for v in ("1", "2"):
        assert shown(repo, f"{v}/index.html") and shown(repo, f"{v}/changes/index.html")
        assert json.loads(shown(repo, f"{v}/pagefind/pagefind-entry.json"))["languages"]  # each its own search
    # Each release's tag names the content it published.
    assert git(repo, "tag", "--list").split() == ["report-1", "report-2"]
    assert git(repo, "rev-parse", "report-2^{commit}") == git(repo, "rev-parse", "main")
    assert git(repo, "rev-parse", "report-1^{commit}") == git(repo, "rev-parse", "main~1")
    assert "the first release" in published.first.stderr
    assert "changes since report-1" in published.second.stderr


@pytest.mark.slow
def test_each_version_carries_its_own_pdf(published):
    from pypdf import PdfReader

    texts = {}
    for v in ("1", "2"):
        pdf = shown(published.repo, f"{v}/report.pdf")
        assert pdf.startswith(b"%PDF")
        reader = PdfReader(io.BytesIO(pdf))
        texts[v] = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
        assert f"Version {v}" in reader.pages[0].extract_text()
        links = [e["attrs"].get("href") for e in article(published.repo, f"{v}/index.html") if e["tag"] == "a"]
        assert "report.pdf" in links
    assert "Version 1 is the first published version" in texts["1"]
    assert "status: reported → corroborated" in texts["2"] and "(1 added, 1 changed, 1 removed)" in texts["2"]


@pytest.mark.slow
def test_the_second_versions_changes_page_lists_exactly_the_three_changes(published):
    elements = article(published.repo, "2/changes/index.html")
    headings = [text_of(e) for e in elements if e["tag"] == "h2"]
    assert headings == ["Added (1)", "Changed (1)", "Removed (1)"]
    items = [e for e in elements if e["tag"] == "li" and "li" not in e["parents"]]
    fields = [text_of(e) for e in elements if e["tag"] == "li" and "li" in e["parents"]]
    assert [text_of(e).split(" status:")[0] for e in items] == [THIRD, STOCKPILES, SECOND]
    assert fields == ["status: reported → corroborated"]
    intro = text_of(next(e for e in elements if e["tag"] == "p"))
    assert "between version 1 (tag report-1) and version 2" in intro
    # Added and changed claims link to their pages; a removed claim has none left.
    links = [e["attrs"]["href"] for e in elements if e["tag"] == "a" and "li" in e["parents"]]
    assert links == ["../claims/third/", "../claims/stockpiles/"]

    first = article(published.repo, "1/changes/index.html")
    assert not [e for e in first if e["tag"] in ("h2", "li")]
    assert "Version 1 is the first published version" in " ".join(text_of(e) for e in first if e["tag"] == "p")


@pytest.mark.slow
def test_claim_pages_show_their_history(published):
    elements = article(published.repo, "2/claims/stockpiles/index.html")
    text = " ".join(text_of(e) for e in elements if e["tag"] == "li")
    assert "First recorded:" in text and "Last changed:" in text
    after = [e for e in elements if e["tag"] in ("h2", "li")]
    at = next(i for i, e in enumerate(after) if e["tag"] == "h2" and text_of(e) == "History")
    history = [text_of(e) for e in after[at + 1:] if e["tag"] == "li"][:2]
    assert history[0].endswith(")") and ": second findings (commit " in history[0]
    assert ": first findings (commit " in history[1]
    added = article(published.repo, "2/claims/third/index.html")
    assert ": second findings (commit " in " ".join(text_of(e) for e in added if e["tag"] == "li")


@pytest.mark.slow
def test_every_address_a_version_gives_is_its_own(published):
    """The root of gh-pages only redirects: permalinks, JSON-LD, the exports, the feed and the PDF
    point into the version's folder, which later releases leave as it is."""
    from pypdf import PdfReader

    for v in ("1", "2"):
        own, root = f"https://example.org/r/{v}/claims/stockpiles/", "https://example.org/r/claims/"
        page = shown(published.repo, f"{v}/claims/stockpiles/index.html").decode("utf-8")
        assert page.count(f'href="{own}"') == 2 and root not in page  # the canonical link and the permalink
        claims = json.loads(shown(published.repo, f"{v}/data/claims.json"))
        assert {c["id"]: c["url"] for c in claims["claims"]}["stockpiles"] == own
        assert own.encode() in shown(published.repo, f"{v}/data/feed.xml")
        pdf = PdfReader(io.BytesIO(shown(published.repo, f"{v}/report.pdf")))
        text = " ".join(p.extract_text() for p in pdf.pages[:3])
        assert f"https://example.org/r/{v}/" in text


# -- the version selector, in Chromium --------------------------------------------------------------


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def served(published, tmp_path_factory):
    """gh-pages as GitHub Pages would serve it: the branch's files, over HTTP on 127.0.0.1."""
    root = tmp_path_factory.mktemp("gh-pages")
    archive = subprocess.run(["git", "-C", str(published.repo), "archive", "--format=tar", "gh-pages"],
                             env=ENV, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(root, filter="data")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    thread.join()


@pytest.mark.browser
@pytest.mark.slow
def test_the_version_selector_switches_versions(served, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.set_default_timeout(15_000)
        page.goto(served)  # the site's root sends readers to the latest version
        page.wait_for_url(served + "latest/")
        page.goto(served + "latest/changes/")
        selector = page.locator(".md-version")
        selector.wait_for()
        assert page.inner_text(".md-version__current") == "2"
        assert page.locator(".md-version__link").all_inner_texts() == ["2", "1"]
        selector.hover()
        page.locator(".md-version__link", has_text="1").click()
        page.wait_for_url(served + "1/changes/")  # the same page, in the other version
        assert page.inner_text(".md-version__current") == "1"
        assert "first published version" in page.inner_text("article")
        page.locator(".md-version").hover()
        page.locator(".md-version__link", has_text="2").click()
        page.wait_for_url(served + "2/changes/")
        assert "Removed (1)" in page.inner_text("article")
    finally:
        page.close()


# -- pushing ----------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_push_sends_gh_pages_and_the_tag_to_the_remote(tmp_path):
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], env=ENV, check=True)
    repo = make_repo(tmp_path / "report")
    git(repo, "remote", "add", "origin", str(remote))
    done = publish(repo, "2025.07", "--push")
    assert done.returncode == 0, done.stderr
    assert "pushed" in done.stderr
    assert git(remote, "rev-parse", "gh-pages") == git(repo, "rev-parse", "gh-pages")
    assert git(remote, "rev-parse", "report-2025.07^{commit}") == git(repo, "rev-parse", "main")
    assert json.loads(shown(remote, "versions.json"))[0]["version"] == "2025.07"


# -- refusals: a clear message, exit code, and nothing changed ----------------------------------------------


def test_refuses_invalid_records(tmp_path):
    repo = make_repo(tmp_path, {"claims/stockpiles.yaml": minimal_files()["claims/stockpiles.yaml"].replace(
        'status: "reported"', 'status: "rumoured"')})
    before = state(repo)
    done = publish(repo, "1")
    assert done.returncode == 1, done.stderr
    assert "do not validate" in done.stderr and "stockpiles.yaml" in done.stderr
    assert "nothing was changed" in done.stderr
    assert state(repo) == before == (None, [])


def test_refuses_uncommitted_changes_under_content(tmp_path):
    repo = make_repo(tmp_path)
    write_content(repo, {"claims/third.yaml": THIRD_YAML})
    done = publish(repo, "1")
    assert done.returncode == 3, done.stderr
    assert "uncommitted changes" in done.stderr and "content/claims/third.yaml" in done.stderr
    assert state(repo) == (None, [])


@pytest.mark.slow
def test_refuses_a_published_version_without_force(published):
    before = state(published.repo)
    for version in ("1", "2"):
        done = publish(published.repo, version)
        assert done.returncode == 3, done.stderr
        assert f"version {version} is already published" in done.stderr and "--force" in done.stderr
    assert state(published.repo) == before


def test_refuses_outside_a_git_repository(tmp_path):
    repo = tmp_path / "plain"
    write_content(repo, minimal_files())
    shutil.copy(ROOT / "mkdocs.yml", repo / "mkdocs.yml")
    done = publish(repo, "1")
    assert done.returncode == 3, done.stderr
    assert "not inside a git repository" in done.stderr
    assert not (repo / ".git").exists()


def test_refuses_a_shallow_clone_and_a_bad_version_name(tmp_path):
    repo = make_repo(tmp_path / "full")
    write_content(repo, {"claims/third.yaml": THIRD_YAML})
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "more")
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow)], env=ENV, check=True)
    done = publish(shallow, "1")
    assert done.returncode == 3 and "shallow clone" in done.stderr, done.stderr
    for name in ("latest", "../x", "a b"):
        done = publish(repo, name)
        assert done.returncode == 2 and "not a version name" in done.stderr, done.stderr
    assert state(repo) == (None, []) and state(shallow) == (None, [])


# -- the history behind the changelog and the claim pages ----------------------------------------------------


def test_a_release_without_content_makes_every_claim_new(tmp_path):
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "README").write_text("before the report\n")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "empty")
    git(tmp_path, "tag", "report-0")
    content = write_content(tmp_path, minimal_files())
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "the report")
    log = changelog_since_release(content, check(content).checks)
    assert log.since == "report-0"
    assert [(c.kind, c.claim_id) for c in log.changes] == [("added", "stockpiles")]


def test_shallow_clone_and_uncommitted_records_are_shown_as_such(tmp_path):
    repo = make_repo(tmp_path / "full")
    for n in range(2):
        write_content(repo, {"claims/third.yaml": THIRD_YAML.replace("Said in", f"{n}: said in")})
        git(repo, "add", "-A")
        git(repo, "commit", "-qm", f"change {n}")
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow)], env=ENV, check=True)
    content = shallow / "content"
    found = histories(content)
    assert {h.state for h in found.values()} == {"shallow"}
    view, facts = pages.record_history(found, "claims/third.yaml")
    assert "shallow clone" in view.note and [f.label for f in facts] == ["First recorded", "Last changed"]
    # Without its release tags a shallow clone cannot tell what changed: it says so.
    assert changelog_since_release(content, check(content).checks) is None

    write_content(shallow, {"claims/new.yaml": THIRD_YAML, "claims/third.yaml": THIRD_YAML})
    found = histories(content)
    assert found["claims/new.yaml"].state == "uncommitted"
    assert found["claims/third.yaml"].state == "modified"
    assert "not committed yet" in pages.record_history(found, "claims/new.yaml")[0].note
    assert "not yet committed" in pages.record_history(found, "claims/third.yaml")[0].note


def test_a_repository_without_commits_has_uncommitted_records(tmp_path):
    repo = make_repo(tmp_path, commit=False)
    found = histories(repo / "content")
    assert found["claims/stockpiles.yaml"].state == "uncommitted"
    assert changelog_since_release(repo / "content", check(repo / "content").checks).since is None


# -- the plugin: a PDF with every built version, none under `mkdocs serve` -------------------------------------


@pytest.mark.slow
def test_plugin_builds_the_pdf_except_under_serve(tmp_path, monkeypatch):
    from mkdocs.config import load_config

    repo = make_repo(tmp_path)
    for name in ("MIKE_DOCS_VERSION", "CLAIMSITE_SINCE"):
        monkeypatch.delenv(name, raising=False)

    def configured(command: str):
        cfg = load_config(config_file=str(repo / "mkdocs.yml"))
        plugin = cfg.plugins["claimsite"]
        plugin.on_startup(command=command, dirty=False)
        return plugin, plugin.on_config(cfg)

    # MkDocs keeps one plugin instance per process: a report handed over by the site verb
    # is forgotten once that build shuts down.
    stale = load_config(config_file=str(repo / "mkdocs.yml")).plugins["claimsite"]
    stale.use(object())
    stale.on_startup(command="build", dirty=False)
    stale.on_shutdown()

    plugin, _ = configured("serve")
    assert plugin is stale and plugin._extras.downloads == ()
    assert plugin._extras.histories and plugin._extras.version is None
    plugin.on_shutdown()

    monkeypatch.setenv("MIKE_DOCS_VERSION", "7")
    plugin, cfg = configured("build")
    (download,) = plugin._extras.downloads
    assert download.path == "report.pdf" and download.file.read_bytes().startswith(b"%PDF")
    assert cfg.extra["version"] == {"provider": "mike"} and cfg.site_url == "https://example.org/r/7/"
    assert plugin._extras.version == "7" and plugin._extras.histories
    plugin.on_shutdown()
    assert not download.file.exists()


def test_mkdocs_build_through_the_plugin_indexes_and_runs_the_safety_scan(tmp_path, monkeypatch):
    """mike builds with `mkdocs build`, not the site verb: the plugin indexes the site for search,
    then scans what it wrote; `mkdocs serve` gets the index too."""
    import pytest as _pytest
    from mkdocs.exceptions import PluginError

    from generator.engines import mkdocs as mkdocs_hook, scan, pagefind as search

    plugin = mkdocs_hook.ClaimsitePlugin()
    plugin.on_startup(command="build", dirty=False)
    site = tmp_path / "site"
    site.mkdir()
    bad = '<html><body><p>bad</p><img src="x" onerror="alert(1)"></body></html>'
    (site / "index.html").write_text(bad)

    class Config:
        site_dir = str(site)

    def build() -> None:  # what MkDocs calls around writing the pages (none here: the page is on disk)
        plugin.on_pre_build(Config())
        plugin.on_post_build(Config())

    with _pytest.raises(PluginError, match="safety scan"):
        build()
    assert search.indexed_pages(site) == 1  # indexed first: the scan reads the index too
    (site / "index.html").write_text("<html><body><p>fine</p></body></html>")
    build()
    shutil.rmtree(site / "pagefind")
    plugin.on_startup(command="serve", dirty=False)
    (site / "index.html").write_text(bad)
    build()  # live preview is indexed, not scanned
    assert search.indexed_pages(site) == 1 and scan.scan_site(site)
