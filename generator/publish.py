"""Publishing a version: mike deploys the built site and PDF to gh-pages, git tags the content.

Refuses, changing nothing, when the records do not validate, when content/
has uncommitted changes, when the version exists (unless forced), or outside
a git repository. mike builds the site itself (`mkdocs build`), so the
published site is the one `mkdocs build` gives; the environment tells the
claimsite plugin the version and the release the changelog starts from.
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

from .history import TAG_PREFIX, GitError, git, release_tags, repo_root
from .pipeline import check

VERSION_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]{0,40}$")
BRANCH = "gh-pages"
# Read by the claimsite plugin (generator/mkdocs_hook.py).
ENV_SINCE = "CLAIMSITE_SINCE"  # the release tag the changelog starts from
ENV_STRICT = "CLAIMSITE_STRICT"
ENV_SITE_DIR = "CLAIMSITE_SITE_DIR"
ENV_VERSION = "MIKE_DOCS_VERSION"  # set by mike itself while it builds


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


def deployed_versions(repo: Path) -> list[str]:
    """The versions on gh-pages, from its versions.json; [] before the first."""
    try:
        text = git(repo, "show", f"{BRANCH}:versions.json")
    except GitError:
        return []
    return [v["version"] for v in json.loads(text)]


def _mike(repo: Path, config: Path, *args: str, env: dict[str, str]) -> None:
    mike = Path(sys.executable).with_name("mike")
    result = subprocess.run([str(mike), *args, "--config-file", str(config)], cwd=repo,
                            env={**os.environ, **env}, capture_output=True, text=True)
    if result.returncode:
        raise Refused(f"mike {args[0]} failed:\n{result.stderr.strip()[-4000:]}")


def preflight(content: Path, version: str, *, force: bool) -> tuple[Path, str | None]:
    """Every reason to refuse, checked before anything changes; returns (repo, since)."""
    if not VERSION_RE.match(version):
        raise Refused(f"'{version}' is not a version name: use letters, digits, dots, hyphens "
                      "and underscores, such as 2025.07", code=2)
    repo = repo_root(content)
    if repo is None:
        raise Refused(f"{content} is not inside a git repository: publishing needs git "
                      "(`git init` and commit the content first)")
    checked = check(content)
    if not checked.ok:
        raise Refused("the records do not validate:\n" + "\n".join(map(str, checked.diagnostics()))
                      + "\n" + checked.summary(), code=1)
    rel = content.resolve().relative_to(repo.resolve()).as_posix()
    dirty = git(repo, "status", "--porcelain", "--untracked-files=all", "--", rel).strip()
    if dirty:
        raise Refused(f"{rel}/ has uncommitted changes; commit them first, so that the tag "
                      f"names what was published:\n{dirty}")
    tag = TAG_PREFIX + version
    exists = version in deployed_versions(repo) or tag in release_tags(repo)
    if exists and not force:
        raise Refused(f"version {version} is already published; use --force to publish it again")
    since = next((t for t in reversed(release_tags(repo)) if t != tag), None)
    return repo, since


def publish(content: Path, version: str, *, config: Path = Path("mkdocs.yml"), force: bool = False,
            push: bool = False, remote: str = "origin") -> Published:
    repo, since = preflight(content, version, force=force)
    tag = TAG_PREFIX + version
    config = config.resolve()
    with tempfile.TemporaryDirectory(prefix="claimsite-publish-") as out:
        env = {ENV_STRICT: "true", ENV_SITE_DIR: out, ENV_SINCE: since or ""}
        push_args = ["--push", "--remote", remote] if push else []
        _mike(repo, config, "deploy", "--update-aliases", "--message",
              f"Publish report version {version}", *push_args, version, "latest", env=env)
        _mike(repo, config, "set-default", *push_args, "latest", env=env)
    git(repo, "tag", *(["--force"] if force else []), "-a", tag, "-m", f"Report version {version}")
    if push:
        git(repo, "push", remote, ("+" if force else "") + f"refs/tags/{tag}")
    return Published(version, tag, since, push)
