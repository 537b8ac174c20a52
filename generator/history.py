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
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .model import Claim, Quantity
from .validate import Checks

if TYPE_CHECKING:
    from .resolve import Resolved

TAG_PREFIX = "report-"


class GitError(RuntimeError):
    pass


def git(repo: Path, *args: str, binary: bool = False) -> str | bytes:
    # Paths as they are (no octal escapes for non-ASCII names).
    result = subprocess.run(["git", "-C", str(repo), "-c", "core.quotepath=off", *args],
                            capture_output=True, check=False)
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


def _prefix(root: Path, content: Path) -> str:
    """content/ relative to the repository root, with a trailing slash ("" when it is the root)."""
    rel = content.resolve().relative_to(root.resolve()).as_posix()
    return "" if rel == "." else rel + "/"


def has_commits(root: Path) -> bool:
    try:
        git(root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    except GitError:
        return False
    return True


def is_shallow(root: Path) -> bool:
    return git(root, "rev-parse", "--is-shallow-repository").strip() == "true"


def histories(content: Path) -> dict[str, FileHistory]:
    """path relative to content/ -> its history, for every file git knows or sees changed.

    {} outside a repository. One `git log` and one `git status` for the whole folder."""
    root = repo_root(content)
    if root is None:
        return {}
    prefix = _prefix(root, content)
    pathspec = prefix.rstrip("/") or "."
    out: dict[str, FileHistory] = {}
    if has_commits(root):  # a repository with no commit yet has no log, and every file is uncommitted
        log = git(root, "log", "--no-renames", f"--format={_SEP}%h%x1f%ad%x1f%s", "--date=short",
                  "--name-only", "--", pathspec)
        for block in log.split(_SEP)[1:]:
            head, *names = block.strip("\n").split("\n")
            commit, date, summary = head.split("\x1f", 2)
            for name in names:
                if name and name.startswith(prefix):
                    out.setdefault(name[len(prefix):], FileHistory()).changes.append(Change(date, commit, summary))
        if is_shallow(root):
            for history in out.values():
                history.state = "shallow"
    status = git(root, "status", "--porcelain", "-z", "--no-renames", "--untracked-files=all", "--", pathspec)
    for entry in status.split("\0"):
        name = entry[3:]
        if len(entry) > 3 and name.startswith(prefix):
            history = out.setdefault(name[len(prefix):], FileHistory())
            history.state = "uncommitted" if entry.startswith("??") or not history.changes else "modified"
    return out


# -- the changelog of findings -----------------------------------------------


def release_tags(repo: Path) -> list[str]:
    """The release tags, oldest first."""
    try:
        text = git(repo, "tag", "--list", f"{TAG_PREFIX}*", "--sort=creatordate")
    except GitError:
        return []
    return [t for t in text.splitlines() if t]


def content_at(repo: Path, ref: str, content_rel: str, into: Path) -> Path | None:
    """Extract content/ as it was at `ref` into `into`; returns the folder, None where it did not exist.

    Raises GitError when `ref` itself is unknown."""
    whole = content_rel in ("", ".")
    try:
        git(repo, "cat-file", "-e", f"{ref}^{{tree}}" if whole else f"{ref}:{content_rel}")
    except GitError:
        git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")  # raises for an unknown ref
        return None
    data = git(repo, "archive", "--format=tar", ref, "--", "." if whole else content_rel, binary=True)
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(into, filter="data")
    return into if whole else into / content_rel


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


Claims = Mapping[str, Claim]


def claims_of(report: "Checks | Resolved | Claims") -> dict[str, Claim]:
    """The claim models of a checked or resolved report, by id."""
    if isinstance(report, Checks):
        return {i: c.model for i, c in report.by_kind.get("claim", {}).items()}
    if hasattr(report, "claims") and not isinstance(report, Mapping):  # Resolved
        return {i: view.claim for i, view in report.claims.items()}
    return dict(report)


def changelog(before: "Checks | Resolved | Claims | None", after: "Checks | Resolved | Claims",
              since: str | None) -> Changelog:
    """The claims added, removed and changed between two reports; `before` None: nothing before."""
    old = claims_of(before) if before is not None else {}
    new = claims_of(after)
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
    return Changelog(since, changes)


@lru_cache(maxsize=2)
def _claims_at(root: Path, commit: str, rel: str) -> dict[str, Claim] | None:
    """The claims in content/ at `commit` (a commit never changes, so this keeps); None: no content/ then."""
    from .pipeline import check

    with tempfile.TemporaryDirectory(prefix="claimsite-release-") as tmp:
        old_root = content_at(root, commit, rel, Path(tmp))
        if old_root is None or not old_root.is_dir():
            return None
        return claims_of(check(old_root).checks)


def changelog_since_release(content: Path, after: "Checks | Resolved | Claims",
                            since: str | None = None) -> Changelog | None:
    """The changelog against release tag `since` (None: the newest release tag; "": none, a first release).

    A first release gives Changelog(None, []). None where git cannot tell: outside a repository,
    or in a shallow clone that holds no release tag. Where content/ did not exist at `since`,
    every claim is added. Raises GitError when `since` names no commit."""
    root = repo_root(content)
    if root is None:
        return None
    if since is None:
        tags = release_tags(root)
        if not tags and is_shallow(root):
            return None
        since = tags[-1] if tags else ""
    if not since:
        return Changelog(None, [])
    try:
        commit = git(root, "rev-parse", "--verify", "--quiet", f"{since}^{{commit}}").strip()
    except GitError:
        raise GitError(f"the release to compare with, '{since}', is no tag or commit in {root}") from None
    rel = _prefix(root, content).rstrip("/") or "."
    return changelog(_claims_at(root.resolve(), commit, rel), after, since)
