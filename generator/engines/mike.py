"""Publishing a version: mike deploys the built site and PDF to gh-pages, git tags the content.

Refuses, changing nothing, when the records do not validate, when content/
has uncommitted changes, when the version exists (unless forced), outside a
git repository, or in a shallow clone (whose missing tags would make the
changelog wrong). mike builds the site itself (`mkdocs build`, which through
the claimsite plugin writes the PDF too), so the published site is the one
`mkdocs build` gives; the environment tells the plugin the release the
changelog starts from, and mike tells it the version.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import text_lines
from ..history import TAG_PREFIX, GitError, git, has_commits, is_shallow, release_tags, repo_root
from ..pipeline import check
# The variables the build mike runs reads: defined once, with the plugin that reads them.
from .mkdocs import ENV_CONTENT, ENV_SINCE, ENV_SITE_DIR, ENV_STRICT

VERSION_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]{0,40}$")
BRANCH = "gh-pages"
ALIAS = "latest"


class Refused(Exception):
    """Publishing cannot go ahead; nothing was changed. `code` is the exit code."""

    def __init__(self, message: str, code: int = 3):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Published:
    version: str
    tag: str
    since: str | None
    pushed: bool


def deployed_versions(repo: Path, remote: str = "origin") -> list[str]:
    """The versions on gh-pages (the local branch and the remote's), from versions.json; [] before the first."""
    versions: list[str] = []
    for ref in (BRANCH, f"refs/remotes/{remote}/{BRANCH}"):
        try:
            text = git(repo, "show", f"{ref}:versions.json")
        except GitError:
            continue
        versions += [v["version"] for v in json.loads(text) if v["version"] not in versions]
    return versions


def _mike(repo: Path, config: Path, *args: str, env: dict[str, str]) -> None:
    # mike runs `mkdocs build` from PATH: the one beside this Python, even when the venv is not activated.
    bin_dir = str(Path(sys.executable).parent)
    path = bin_dir + os.pathsep + os.environ.get("PATH", "")
    result = subprocess.run([sys.executable, "-c", "import sys; from mike.driver import main; sys.exit(main())",
                             *args, "--config-file", str(config)], cwd=repo,
                            env={**os.environ, **env, "PATH": path}, capture_output=True, text=True)
    if result.returncode:
        raise Refused(f"mike {args[0]} failed:\n{(result.stderr or result.stdout).strip()[-4000:]}")


def _tag_commit(repo: Path, tag: str) -> str | None:
    try:
        return git(repo, "rev-parse", "--verify", "--quiet", f"refs/tags/{tag}^{{commit}}").strip()
    except GitError:
        return None


def preflight(content: Path, version: str, *, force: bool, remote: str = "origin",
              push: bool = False) -> tuple[Path, str | None]:
    """Every reason to refuse, checked before anything changes; returns (repo, since)."""
    if not VERSION_RE.match(version) or version == ALIAS:
        raise Refused(f"'{version}' is not a version name: use letters, digits, dots, hyphens "
                      f"and underscores, such as 2025.07 (and not '{ALIAS}', the alias)", code=2)
    repo = repo_root(content)
    if repo is None:
        raise Refused(f"{content} is not inside a git repository: publishing needs git "
                      "(`git init` and commit the content first)")
    if not has_commits(repo):
        raise Refused(f"{repo} has no commit yet: commit the content first, so that a tag can name it")
    if is_shallow(repo):
        raise Refused(f"{repo} is a shallow clone: the changelog needs the earlier releases; "
                      "run `git fetch --unshallow --tags` (in GitHub Actions: fetch-depth: 0)")
    if push:
        try:
            git(repo, "remote", "get-url", remote)
        except GitError:
            raise Refused(f"there is no remote '{remote}' to push to: add it, or use --remote") from None
    checked = check(content)
    if not checked.ok:
        raise Refused("the records do not validate:\n" + "\n".join(text_lines(checked.diagnostics()))
                      + "\n" + checked.summary(), code=1)
    rel = content.resolve().relative_to(repo.resolve()).as_posix()
    dirty = git(repo, "status", "--porcelain", "--untracked-files=all", "--", rel).rstrip()
    if dirty.strip():
        raise Refused(f"{rel}/ has uncommitted changes; commit them first, so that the tag "
                      f"names what was published:\n{dirty}")
    tag = TAG_PREFIX + version
    tagged = _tag_commit(repo, tag)
    head = git(repo, "rev-parse", "HEAD").strip()
    # A tag on this very commit, not yet deployed, is a release being published (a pushed tag in CI).
    if (version in deployed_versions(repo, remote) or tagged not in (None, head)) and not force:
        where = "on gh-pages" if version in deployed_versions(repo, remote) else f"tagged {tag} on another commit"
        raise Refused(f"version {version} is already published ({where}); use --force to publish it again")
    since = next((t for t in reversed(release_tags(repo)) if t != tag), None)
    return repo, since


def publish(content: Path, version: str, *, config: Path = Path("mkdocs.yml"), force: bool = False,
            push: bool = False, remote: str = "origin") -> Published:
    repo, since = preflight(content, version, force=force, remote=remote, push=push)
    tag = TAG_PREFIX + version
    config = config.resolve()
    if not config.is_file():
        raise Refused(f"no MkDocs configuration at {config}", code=2)
    with tempfile.TemporaryDirectory(prefix="claimsite-publish-") as out:
        env = {ENV_STRICT: "true", ENV_SITE_DIR: out, ENV_SINCE: since or "",
               ENV_CONTENT: str(content.resolve())}
        push_args = ["--push", "--remote", remote] if push else []
        _mike(repo, config, "deploy", "--update-aliases", "--message",
              f"Publish report version {version}", *push_args, version, ALIAS, env=env)
        _mike(repo, config, "set-default", *push_args, ALIAS, env=env)
    if _tag_commit(repo, tag) != git(repo, "rev-parse", "HEAD").strip():
        git(repo, "tag", *(["--force"] if force else []), "-a", tag, "-m", f"Report version {version}")
    if push:
        git(repo, "push", remote, ("+" if force else "") + f"refs/tags/{tag}")
    return Published(version, tag, since, push)
