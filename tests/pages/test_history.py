"""The changelog of findings between releases, and each record's history, from git."""
from __future__ import annotations

import subprocess

import pytest

from generator.history import changelog_since_release, histories, release_tags
from generator.pipeline import check


def git(repo, *args):
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
                        "GIT_AUTHOR_DATE": "2025-07-13T12:00:00", "GIT_COMMITTER_DATE": "2025-07-13T12:00:00",
                        "PATH": "/usr/bin:/bin"})


@pytest.fixture
def repo(make_content, tmp_path):
    content = make_content({"claims/second.yaml": """
        statement: "A Type 75 launcher was destroyed."
        claimant: "outlet"
        made: "2025-06"
        status: "reported"
        credibility: 3
        assessment: "x"
        citations: [{source: "src-a", quote: "A Type 75 launcher was destroyed"}]
    """})
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "first findings")
    git(tmp_path, "tag", "report-1")
    return tmp_path, content


def test_changelog_lists_exactly_what_changed(repo):
    root, content = repo
    path = content / "claims" / "stockpiles.yaml"
    path.write_text(path.read_text().replace('status: "reported"', 'status: "corroborated"'))
    (content / "claims" / "second.yaml").unlink()
    (content / "claims" / "third.yaml").write_text(
        'statement: "New."\nclaimant: "outlet"\nstatus: "reported"\ncredibility: 6\nassessment: "x"\n'
        'citations: [{source: "src-a", quote: "near Kupiansk"}]\n')
    git(root, "add", "-A")
    git(root, "commit", "-qm", "second findings")
    after = check(content)
    assert after.ok, after.diagnostics()
    log = changelog_since_release(content, after.checks)
    assert log.since == "report-1"
    assert [(c.kind, c.claim_id) for c in log.changes] == [
        ("removed", "second"), ("changed", "stockpiles"), ("added", "third")]
    (status,) = log.of_kind("changed")[0].fields
    assert (status.field, status.before, status.after) == ("status", "reported", "corroborated")


def test_no_release_yet_gives_an_empty_changelog(make_content, tmp_path):
    content = make_content()
    git(tmp_path, "init", "-q")
    assert release_tags(tmp_path) == []
    log = changelog_since_release(content, check(content).checks)
    assert log.since is None and log.changes == []


def test_histories_from_one_git_log(repo):
    root, content = repo
    history = histories(content)
    claim = history["claims/stockpiles.yaml"]
    assert claim.state == "committed"
    assert [(c.date, c.summary) for c in claim.changes] == [("2025-07-13", "first findings")]
    (content / "claims" / "stockpiles.yaml").write_text(
        (content / "claims" / "stockpiles.yaml").read_text() + "\n")
    (content / "claims" / "new.yaml").write_text("x: 1\n")
    history = histories(content)
    assert history["claims/stockpiles.yaml"].state == "modified"
    assert history["claims/new.yaml"].state == "uncommitted" and history["claims/new.yaml"].changes == []


def test_no_git_no_history(make_content):
    assert histories(make_content()) == {}
