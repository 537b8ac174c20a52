"""What a site has besides the records, read from the content folder and from git: the authored
pages, each record's history, the changelog since the last release, and the data downloads.

The one place, with the driver, where building a site reads files; pages/ only builds contexts."""
from __future__ import annotations

from pathlib import Path

from .history import Changelog, FileHistory, changelog_since_release, histories, repo_root
from .load import MAX_PAGE_BYTES, read_regular
from .pages import AUTHORED_DIR, DATA_PAGE, Authored, Download, Extras
from .resolve import Resolved
from .validate import Checks


def read_authored(content: Path) -> tuple[Authored, ...]:
    """The trusted Markdown pages in content/pages/*.md, by file name."""
    folder = content / "pages"
    pages = []
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        # `check` refused any page that is not a regular UTF-8 file (load.check_authored); read as it did.
        text = read_regular(path, MAX_PAGE_BYTES).decode("utf-8")
        pages.append(Authored(f"{AUTHORED_DIR}/{path.name}", _title_of(text, path.stem), text))
    return tuple(pages)


def data_downloads(r: Resolved, files: bool = True) -> tuple[tuple[tuple[str, bytes], ...], Authored | None]:
    """The open-data files (unless not `files`) and their page, where generator/outputs/exports.py
    provides them."""
    try:
        from .outputs import exports as export
    except ModuleNotFoundError as e:
        if e.name == f"{__package__}.export":
            return (), None
        raise
    page = Authored(DATA_PAGE, "Data", export.data_page_markdown(r))
    return tuple(export.exports(r).items()) if files else (), page


def extras(r: Resolved, content: Path, downloads: tuple[Download, ...] = (),
           changes: Changelog | None = None, *, version: str | None = None, data_files: bool = True) -> Extras:
    """Everything the site has besides the records, for the report in `content`: with each
    record's history, read from git in one pass. Without `data_files`, the data files are left
    for the caller to make (data_downloads) where it writes them."""
    data_files, data_page = data_downloads(r, data_files)
    return Extras(read_authored(content), downloads, data_files, data_page, changes,
                  record_histories(content), version)


def record_histories(content: Path) -> dict[str, FileHistory] | None:
    """Every record file's git history (one `git log` pass); None outside a git repository."""
    return histories(content) if repo_root(content) is not None else None


def release_changes(content: Path, report: Checks | Resolved, since: str | None = None) -> Changelog | None:
    """The changelog since release `since` (default: the newest release tag; "": this is the first).

    None where git cannot tell (no repository, a shallow clone without releases): the Changes page
    says so. Where content/ did not exist at the release, every claim is new."""
    return changelog_since_release(content, report, since)


def _title_of(markdown: str, stem: str) -> str:
    for line in markdown.splitlines():
        if line.startswith("# "):
            return line[2:].strip().strip("#").strip()
    return stem.replace("-", " ").capitalize()
