"""Git history of the findings: the changelog between releases and each record's history.

Both read git once: the records at the previous release are taken from one
`git archive`, and the history of every file under content/ from one
`git log` pass, never one process per file. Outside a repository, in a
shallow clone, or for records not yet committed, the history says so and
the build goes on.
"""
from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .model import Claim, Quantity
from .validate import Checks

TAG_PREFIX = "report-"


class GitError(RuntimeError):
    pass


def git(repo: Path, *args: str, binary: bool = False) -> str | bytes:
    result = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=False)
    if result.returncode:
        raise GitError(result.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} failed")
    return result.stdout if binary else result.stdout.decode("utf-8")


def repo_root(path: Path) -> Path | None:
    try:
        return Path(git(path, "rev-parse", "--show-toplevel").strip())
    except (GitError, FileNotFoundError):
        return None


# -- each record's history ---------------------------------------------------


@dataclass(frozen=True)
class Change:
    date: str  # the commit's author date, YYYY-MM-DD
    commit: str  # abbreviated hash
    summary: str


@dataclass
class FileHistory:
    """The history of one record file; `state` says how far it can be known."""

    changes: list[Change] = field(default_factory=list)  # newest first
    state: str = "committed"  # committed, modified, uncommitted, shallow, no-git

    @property
    def first_recorded(self) -> Change | None:
        return self.changes[-1] if self.changes else None

    @property
    def last_changed(self) -> Change | None:
        return self.changes[0] if self.changes else None


_SEP = "\x1e"


def histories(content: Path) -> dict[str, FileHistory]:
    """path relative to content/ -> its history, for every file git knows or sees changed."""
    root = repo_root(content)
    if root is None:
        return {}
    prefix = content.resolve().relative_to(root.resolve()).as_posix()
    log = git(root, "log", "--no-renames", f"--format={_SEP}%h%x1f%ad%x1f%s", "--date=short",
              "--name-only", "--", prefix)
    out: dict[str, FileHistory] = {}
    for block in log.split(_SEP)[1:]:
        head, *names = block.strip("\n").split("\n")
        commit, date, summary = head.split("\x1f", 2)
        for name in names:
            if name.startswith(prefix + "/"):
                rel = name[len(prefix) + 1:]
                out.setdefault(rel, FileHistory()).changes.append(Change(date, commit, summary))
    if git(root, "rev-parse", "--is-shallow-repository").strip() == "true":
        for history in out.values():
            history.state = "shallow"
    status = git(root, "status", "--porcelain", "--untracked-files=all", "--", prefix)
    for line in status.splitlines():
        name = line[3:].strip('"')
        if name.startswith(prefix + "/"):
            rel = name[len(prefix) + 1:]
            history = out.setdefault(rel, FileHistory())
            history.state = "uncommitted" if line.startswith("??") or not history.changes else "modified"
    return out


# -- the changelog of findings -----------------------------------------------


def release_tags(repo: Path) -> list[str]:
    """The release tags, oldest first."""
    try:
        text = git(repo, "tag", "--list", f"{TAG_PREFIX}*", "--sort=creatordate")
    except GitError:
        return []
    return [t for t in text.splitlines() if t]


def content_at(repo: Path, ref: str, content_rel: str, into: Path) -> Path:
    """Extract content/ as it was at `ref` into `into`; returns the folder."""
    data = git(repo, "archive", "--format=tar", ref, "--", content_rel, binary=True)
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(into, filter="data")
    return into / content_rel


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class ClaimChange:
    claim_id: str
    statement: str
    kind: str  # added, removed, changed
    fields: tuple[FieldChange, ...] = ()


@dataclass
class Changelog:
    since: str | None  # the previous release tag, or None for a first release
    changes: list[ClaimChange]

    def of_kind(self, kind: str) -> list[ClaimChange]:
        return [c for c in self.changes if c.kind == kind]


def _quantities(qs: list[Quantity]) -> str:
    from .resolve import quantity_text
    return "; ".join(quantity_text(q) for q in qs) or "none"


def compare_claims(before: Claim, after: Claim) -> list[FieldChange]:
    """What changed in a claim's findings, field by field."""
    changes = []

    def note(name: str, a: object, b: object) -> None:
        if a != b:
            changes.append(FieldChange(name, str(a) if a not in (None, "") else "none",
                                       str(b) if b not in (None, "") else "none"))

    note("status", before.status, after.status)
    note("credibility", before.credibility, after.credibility)
    note("statement", before.statement, after.statement)
    note("made", before.made, after.made)
    note("event date", before.event.date if before.event else None, after.event.date if after.event else None)
    note("figures", _quantities(before.quantities), _quantities(after.quantities))
    old = {(c.source, c.quote) for c in before.citations}
    new = {(c.source, c.quote) for c in after.citations}
    old_sources = {s for s, _ in old}
    new_sources = {s for s, _ in new}
    for source in sorted(new_sources - old_sources):
        changes.append(FieldChange("citation added", "none", source))
    for source in sorted(old_sources - new_sources):
        changes.append(FieldChange("citation removed", source, "none"))
    for source in sorted(old_sources & new_sources):
        qa = sorted(q for s, q in old if s == source)
        qb = sorted(q for s, q in new if s == source)
        if qa != qb:
            changes.append(FieldChange(f"quote from {source}", " / ".join(qa), " / ".join(qb)))
    return changes


def changelog(before: Checks | None, after: Checks, since: str | None) -> Changelog:
    """The claims added, removed and changed between two checked reports."""
    old = {i: c.model for i, c in (before.by_kind.get("claim", {}) if before else {}).items()}
    new = {i: c.model for i, c in after.by_kind.get("claim", {}).items()}
    changes = []
    for claim_id in sorted(new.keys() | old.keys()):
        if claim_id not in old:
            changes.append(ClaimChange(claim_id, new[claim_id].statement, "added"))
        elif claim_id not in new:
            changes.append(ClaimChange(claim_id, old[claim_id].statement, "removed"))
        else:
            fields = compare_claims(old[claim_id], new[claim_id])
            if fields:
                changes.append(ClaimChange(claim_id, new[claim_id].statement, "changed", tuple(fields)))
    return Changelog(since, changes if before is not None else [])


def changelog_since_release(content: Path, after: Checks, since: str | None = None) -> Changelog | None:
    """The changelog against `since` (default: the newest release tag); None without git or tags."""
    from .pipeline import check

    root = repo_root(content)
    if root is None:
        return None
    since = since or (release_tags(root) or [None])[-1]
    if since is None:
        return Changelog(None, [])
    rel = content.resolve().relative_to(root.resolve()).as_posix()
    with tempfile.TemporaryDirectory() as tmp:
        old_root = content_at(root, since, rel, Path(tmp))
        before = check(old_root).checks if old_root.is_dir() else None
    return changelog(before, after, since)
