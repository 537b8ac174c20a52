"""content/ -> raw records: strict YAML with the place of every key and value.

YAML is parsed by libyaml (PyYAML's C parser) as a stream of events, and the
records are built from those events here, so that nothing is left to YAML's
implicit typing: a plain scalar that YAML 1.1 would read as a boolean, a
number or a date is kept as an `Unquoted` value that the model rejects with
"quote it", duplicate keys, anchors and tags are errors, and every value keeps
its line and column.
"""
from __future__ import annotations

import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, NamedTuple

import yaml

from .diagnostics import Diagnostic
from .memo import Memo
from .model import ID_MAX, ID_PATTERN, KINDS, Kind

if not yaml.__with_libyaml__:  # pragma: no cover - the pinned PyYAML wheel has it
    raise ImportError("PyYAML was built without libyaml; reinstall it from the wheel")

MAX_RECORD_BYTES = 1 << 20  # 1 MiB: a record is a few KiB
MAX_SNAPSHOT_BYTES = 4 << 20
MAX_PAGE_BYTES = 4 << 20  # an authored page (content/pages/*.md)
PAGES_FOLDER = "pages"
MAX_DEPTH = 20
_ID_RE = re.compile(ID_PATTERN)
# Device names Windows will not create as files; ids end up as file names elsewhere.
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
# Names the site gives its own pages in a record folder: claims/index.md is the list of claims,
# sources/index.md the bibliography, weapons/index.md ... (pages.index_path). A record of that
# id would be written over it. tests/whole/test_hostile_content.py checks the site has no others.
RESERVED_PAGE_NAMES = frozenset({"index"})

Path_ = tuple  # a path into a record: ("citations", 0, "quote")


class Pos(NamedTuple):  # a tuple: a record has a few hundred of them, a report millions
    line: int
    col: int


@dataclass(frozen=True)
class Unquoted:
    """A plain scalar YAML would type implicitly (NO, 1:30, 0x1F, 2025-07-11)."""

    text: str
    reads_as: str  # "a boolean", "a number", "a date", ...

    def __str__(self) -> str:
        return self.text


@dataclass
class RawRecord:
    kind: Kind
    id: str
    path: str  # relative to content/, with forward slashes
    data: dict[str, Any]
    values: dict[Path_, Pos] = field(default_factory=dict)  # position of each value
    keys: dict[Path_, Pos] = field(default_factory=dict)  # position of each key

    def pos(self, path: Path_, *, key: bool = False) -> Pos:
        """The place of `path`, or of its nearest enclosing value that has one."""
        table = self.keys if key else self.values
        while path:
            if path in table:
                return table[path]
            if not key and path in self.keys:
                return self.keys[path]
            path = path[:-1]
        return self.values.get((), Pos(1, 1))


@dataclass
class Snapshot:
    path: str
    data: bytes


@dataclass
class Content:
    root: Path
    records: list[RawRecord]
    snapshots: dict[str, Snapshot]  # by source id
    diagnostics: list[Diagnostic]
    ids: dict[str, str] = field(default_factory=dict)  # every well-named record file: id -> kind


# -- scalars -----------------------------------------------------------------

_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT_RE = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_FLOAT_RE = re.compile(r"^[-+]?(0|[1-9][0-9]*)\.[0-9]+$")
_READS_AS = {
    "tag:yaml.org,2002:bool": "a boolean",
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:timestamp": "a date",
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:merge": "a merge key",
    "tag:yaml.org,2002:value": "a default value",
}
_RESOLVER = yaml.resolver.Resolver()


def plain_scalar(text: str) -> Any:
    """What a plain (unquoted) scalar means in a record."""
    if text in _NULLS:
        return None
    if text in _BOOLS:
        return _BOOLS[text]
    if _INT_RE.match(text):
        return int(text)
    if _FLOAT_RE.match(text):
        return float(text)
    tag = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))
    if tag in _READS_AS:
        return Unquoted(text, _READS_AS[tag])
    return text


# -- events -> values ----------------------------------------------------------

_SCALAR, _ALIAS = yaml.ScalarEvent, yaml.AliasEvent
_MAP_START, _SEQ_START = yaml.MappingStartEvent, yaml.SequenceStartEvent
_ENDS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


class _Builder:
    """Builds one document's value from parser events, iteratively.

    One loop with the event's class compared by identity: at 10,000 claims it sees 700,000
    events, and a method call or an isinstance per event is a second of the build."""

    def __init__(self, rel: str, record: RawRecord, out: list[Diagnostic]):
        self.rel, self.record, self.out = rel, record, out

    def error(self, mark: Any, code: str, message: str) -> None:
        self.out.append(Diagnostic(self.rel, mark.line + 1, mark.column + 1, code, message))

    def check_node(self, event: Any) -> None:
        if event.anchor is not None:
            self.error(event.start_mark, "Y004",
                       f"anchor '&{event.anchor}' is not allowed: records have no use for anchors and aliases")
        tag = event.tag
        if tag and not (event.__class__ is _SCALAR and tag == "!" and event.style):
            self.error(event.start_mark, "Y007",
                       f"YAML tag '{tag}' is not allowed: quote the value instead")

    def build(self, events: Iterator[Any], event: Any) -> Any:
        """Consume the events of one node starting at `event`; return its value."""
        # Each frame: [container, path, pending_key, seen_keys (line of each key)]
        stack: list[list[Any]] = []
        values, keys = self.record.values, self.record.keys
        while True:
            cls = event.__class__
            if cls in _ENDS:
                value = stack.pop()[0]
            elif cls is _ALIAS:
                self.error(event.start_mark, "Y004", f"alias '*{event.anchor}' is not allowed: write the value out")
                value = None
            else:
                if event.anchor is not None or event.tag is not None:
                    self.check_node(event)
                frame = stack[-1] if stack else None
                if frame is None:
                    path: Path_ = ()
                elif frame[0].__class__ is list:
                    path = frame[1] + (len(frame[0]),)
                elif frame[2] is None:  # a mapping waiting for its next key
                    self._key(event, frame, keys)
                    event = next(events)
                    continue
                else:
                    path = frame[1] + (frame[2],)
                mark = event.start_mark
                values[path] = Pos(mark.line + 1, mark.column + 1)
                if cls is _SCALAR:
                    value = event.value
                    if not event.style:
                        value = plain_scalar(value)
                    if value.__class__ is str and not value.isascii():
                        value = unicodedata.normalize("NFC", value)
                else:
                    if len(stack) >= MAX_DEPTH:
                        self.error(mark, "Y006", f"nested deeper than {MAX_DEPTH} levels")
                        raise _TooDeep
                    stack.append([{} if cls is _MAP_START else [], path, None, {}])
                    event = next(events)
                    continue
            # Attach the finished value to its container, or return it.
            if not stack:
                return value
            frame = stack[-1]
            container = frame[0]
            if container.__class__ is list:
                container.append(value)
            else:
                if frame[2].__class__ is not _Duplicate:
                    container[frame[2]] = value
                frame[2] = None
            event = next(events)

    def _key(self, event: Any, frame: list[Any], keys: dict[Path_, Pos]) -> None:
        mark = event.start_mark
        if event.__class__ is not _SCALAR:
            self.error(mark, "Y010", "keys must be plain names, not lists or mappings")
            raise _BadKey
        key = event.value
        if not key.isascii():
            key = unicodedata.normalize("NFC", key)
        seen = frame[3]
        if key in seen:
            self.error(mark, "Y003", f"duplicate key '{key}' (first at line {seen[key]})")
            key = _Duplicate(key)
        else:
            seen[key] = mark.line + 1
            keys[frame[1] + (key,)] = Pos(mark.line + 1, mark.column + 1)
        frame[2] = key


class _Duplicate(str):
    """A key already seen in its mapping: its value is parsed and dropped."""


class _TooDeep(Exception):
    pass


class _BadKey(Exception):
    pass


def _decode(raw: bytes, rel: str, out: list[Diagnostic]) -> str | None:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
        out.append(Diagnostic(rel, line, col, "Y001",
                              f"invalid UTF-8 (byte 0x{raw[exc.start]:02X}): save the file as UTF-8"))
        return None
    return text.removeprefix("\ufeff")


def parse_record(text: str, kind: Kind, rel: str, out: list[Diagnostic]) -> RawRecord | None:
    """Parse one record file's text; append problems to `out`."""
    record = RawRecord(kind, Path(rel).stem, rel, {})
    builder = _Builder(rel, record, out)
    documents = 0
    value: Any = None
    try:
        events = iter(yaml.parse(text, Loader=yaml.CSafeLoader))
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents == 2:
                    builder.error(event.start_mark, "Y005",
                                  "expected one mapping of fields; a second YAML document starts here")
                    return None
            elif isinstance(event, (yaml.StreamStartEvent, yaml.DocumentEndEvent, yaml.StreamEndEvent)):
                continue
            else:
                value = builder.build(events, event)
    except yaml.reader.ReaderError as exc:
        # Raised for characters YAML does not allow, with an offset in characters.
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        out.append(Diagnostic(rel, line, col, "Y002",
                              f"YAML syntax: the character U+{ord(char):04X} is not allowed in YAML text"))
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "not valid YAML"
        out.append(Diagnostic(rel, mark.line + 1, mark.column + 1, "Y002", f"YAML syntax: {problem}"))
        return None
    except (_TooDeep, _BadKey):
        return None
    if documents == 0 or value is None:
        out.append(Diagnostic(rel, 1, 1, "Y005",
                              "expected one mapping of fields, found an empty file"))
        return None
    if not isinstance(value, dict):
        pos = record.values.get((), Pos(1, 1))
        out.append(Diagnostic(rel, pos.line, pos.col, "Y005",
                              "expected one mapping of fields (name: value), found "
                              + ("a list" if isinstance(value, list) else "a single value")))
        return None
    record.data = value
    # Duplicate keys, anchors and tags are reported, but the record is still
    # checked against its model so that one run shows every mistake.
    return record


def check_id(stem: str) -> str | None:
    """Why `stem` is not a valid id, or None."""
    if len(stem) > ID_MAX:
        return f"is {len(stem)} characters long; ids have at most {ID_MAX}"
    if not _ID_RE.fullmatch(stem):  # match() would let a trailing line break through ($)
        return "is not a valid id: use lowercase ASCII letters, digits and single hyphens"
    if stem in _RESERVED:
        return "is a reserved device name on Windows"
    if stem in RESERVED_PAGE_NAMES:
        return "is the name of the site's own page in each folder (the list of its records): choose another id"
    return None


def id_key(stem: str) -> str:
    """The form under which two ids count as the same."""
    return unicodedata.normalize("NFKC", stem).casefold()


# -- files: only regular files inside the content folder ------------------------
#
# Content comes from anyone's pull request, and a symbolic link in it could publish any file
# of the machine that builds it; a named pipe would block the build. So every entry read is
# looked at with lstat (never following a link) and refused unless it is a regular file, and
# every folder on the way (claims/, pages/, ...) unless it is a real folder. Links are refused
# even where they stay inside the folder: a link's target is not visible in a review, and git
# on Windows checks links out as small text files. The content folder itself is the one that
# was named (`--content`, the plugin's `content`), so it may be a link; what is under it is
# checked. Files are then opened without following a link (O_NOFOLLOW) and without waiting
# (O_NONBLOCK), and must still be the regular file that lstat saw.

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # not on Windows, where lstat is the check
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


class NotRegular(OSError):
    """A content path that is not a regular file (or not a real folder); the message says what it is."""


class TooLarge(OSError):
    """A content file larger than its limit; `size` is how large it is."""

    def __init__(self, size: int):
        super().__init__(f"{size} bytes")
        self.size = size


def what_is(mode: int) -> str | None:
    """What a file system entry of `mode` (from lstat) is, where it is not a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def refusal(what: str) -> str:
    """The message for a content path that is `what` instead of a regular file."""
    fix = " (put the file itself here, not a link to it)" if what == "a symbolic link" else ""
    return f"is {what}: content is read only from regular files inside the content folder{fix}"


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at `path`, at most `limit` of them.

    Never follows a symbolic link, never blocks on a pipe, never opens a device; raises
    NotRegular or TooLarge (OSError both), or the OSError of a file that cannot be read."""
    what = what_is(os.lstat(path).st_mode)
    if what:
        raise NotRegular(what)
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as e:
        if os.path.islink(path):  # replaced by a link since lstat (ELOOP)
            raise NotRegular("a symbolic link") from e
        raise
    with os.fdopen(fd, "rb") as f:
        opened = os.fstat(fd)
        what = what_is(opened.st_mode)
        if what:
            raise NotRegular(what)
        if opened.st_size > limit:
            raise TooLarge(opened.st_size)
        # As many bytes as it holds and one more, which tells whether it grew since: a read of
        # limit + 1 bytes allocated a MiB per record, half the time of reading 12,000 of them.
        data = f.read(opened.st_size + 1)
        if len(data) > opened.st_size:  # it grew: read on, still never more than the limit
            data += f.read(limit + 1 - len(data))
    if len(data) > limit:
        raise TooLarge(len(data))
    return data


def _folder_refused(folder: Path, rel: str, out: list[Diagnostic]) -> bool | None:
    """None where `folder` does not exist, True (and a diagnostic) where it is not a real folder."""
    try:
        mode = os.lstat(folder).st_mode
    except FileNotFoundError:
        return None
    if stat.S_ISDIR(mode):
        return False
    out.append(Diagnostic(rel, 1, 1, "I005", f"the folder {rel} " + refusal(what_is(mode) or "a file, not a folder")))
    return True


def _entries(folder: Path) -> list[tuple[Path, str | None]]:
    """Each entry of a real folder, by name, with what it is where it is not a regular file."""
    with os.scandir(folder) as it:
        found = sorted(it, key=lambda e: e.name)
    out = []
    for e in found:  # the types come with the listing: no system call per file on Linux
        if e.is_file(follow_symlinks=False):
            what = None
        elif e.is_symlink():
            what = "a symbolic link"
        elif e.is_dir(follow_symlinks=False):
            what = "a folder"
        else:
            what = what_is(e.stat(follow_symlinks=False).st_mode)
        out.append((Path(e.path), what))
    return out


def _record_files(root: Path, out: list[Diagnostic]) -> Iterator[tuple[Kind, Path, str | None]]:
    for kind in KINDS:
        if kind.folder == "":
            continue
        folder = root / kind.folder
        if _folder_refused(folder, kind.folder, out) is not False:
            continue
        for path, what in _entries(folder):
            yield kind, path, what


def _read(path: Path, rel: str, limit: int, out: list[Diagnostic]) -> bytes | None:
    try:
        return read_regular(path, limit)
    except TooLarge as e:
        out.append(Diagnostic(rel, 1, 1, "Y009",
                              f"file is {e.size / 2**20:.1f} MiB; the limit is {limit / 2**20:.0f} MiB"))
    except NotRegular as e:
        out.append(Diagnostic(rel, 1, 1, "I005", refusal(str(e))))
    except OSError as e:
        out.append(Diagnostic(rel, 1, 1, "I005", f"cannot be read: {e.strerror or e}"))
    return None


def check_authored(root: Path, out: list[Diagnostic]) -> int:
    """Check the authored pages (content/pages/*.md) as the site will read them; how many there are."""
    folder = root / PAGES_FOLDER
    if _folder_refused(folder, PAGES_FOLDER, out) is not False:
        return 0
    count = 0
    for path, what in _entries(folder):
        if not path.name.endswith(".md"):
            continue
        rel = f"{PAGES_FOLDER}/{path.name}"
        if what:
            out.append(Diagnostic(rel, 1, 1, "I005", refusal(what)))
            continue
        raw = _read(path, rel, MAX_PAGE_BYTES, out)
        if raw is not None and _decode(raw, rel, out) is not None:
            count += 1
    return count


class Reuse:
    """What live preview keeps from one rebuild to the next, owned by whoever rebuilds (the MkDocs
    plugin under `mkdocs serve`): each file's reading, by path, while its mtime and size are the
    same, and each snapshot's normalised text (validate.py), by its digest, and the record folders'
    last listing. An edit then re-reads only the files that changed; told which those are (trust()),
    it neither lists the folders nor looks at the other files. Everything across records is
    checked again.

    Bounded by the content: what a build did not see is dropped at its end. A file rewritten at
    the same size within the file system's timestamp granularity would look unchanged, so only
    live preview reuses: `check`, `site` and the tests read everything."""

    def __init__(self) -> None:
        self.files: dict[Path, tuple[tuple[int, int], Any, tuple[Diagnostic, ...]]] = {}
        self.normalised: dict[str, Any] = {}
        self.reads = 0  # how many files were really read, for tests and benchmarks
        self.changed: list[Path] = []  # the files read again by the last build, new ones among them
        self.dropped: list[Path] = []  # the files the last build no longer saw
        self.memo = Memo()  # what resolve and the index pages computed from unchanged records (memo.py)
        self._seen: set[Path] = set()
        # The last listing of the record folders: (root, entries, their diagnostics, the regular files).
        self._listing: tuple[Path, list, tuple[Diagnostic, ...], frozenset[Path]] | None = None
        self._trusted: frozenset[Path] | None = None  # trust(): the files the next build reads again
        self._forced: frozenset[Path] = frozenset()  # those of this build
        self.scanned = True  # whether the last build listed the folders and looked at every file

    def trust(self, changed: Iterable[Path] | None) -> None:
        """Tell the next build which files changed since the last, all of them (absolute paths, from
        the file system's own notifications): the others are neither listed nor looked at again. It
        lists and looks at everything as before where `changed` is None, or names anything but a
        regular record or snapshot file the last build listed, report.yaml or an authored page."""
        self._trusted = None if changed is None else frozenset(changed)

    def begin(self) -> None:
        self._seen = set()
        self.changed = []
        self.memo.begin()

    def listing(self, root: Path) -> tuple[list, tuple[Diagnostic, ...]] | None:
        """The last build's listing of the record folders, where trust() allows this build to take it."""
        trusted, self._trusted = self._trusted, None
        kept = self._listing
        self.scanned = not (trusted is not None and kept is not None and kept[0] == root.absolute()
                            and all(_trustworthy(path, root, kept[3]) for path in trusted))
        if self.scanned:
            return None
        self._forced = trusted  # type: ignore[assignment]
        return kept[1], kept[2]  # type: ignore[index]

    def listed(self, root: Path, entries: list, found: list[Diagnostic]) -> None:
        regular = frozenset(path.absolute() for _, path, what in entries if what is None)
        self._listing = (root.absolute(), entries, tuple(found), regular)

    def end(self) -> None:
        self.dropped = sorted(set(self.files) - self._seen)
        for path in self.dropped:
            del self.files[path]

    def read(self, path: Path, rel: str, out: list[Diagnostic], read: Any) -> Any:
        self._seen.add(path)
        hit = self.files.get(path)
        if self.scanned or hit is None or path in self._forced:
            hit = self._look(path, hit, read)
        # Diagnostics carry the path as given this time (the folder may be named differently).
        out.extend(d if d.path == rel else Diagnostic(rel, d.line, d.col, d.code, d.message) for d in hit[2])
        return hit[1]

    def _look(self, path: Path, hit: Any, read: Any) -> Any:
        """The file's reading kept while its mtime and size are the same (always read again where the
        notifications say it changed: a rewrite can keep both)."""
        stat = path.stat()
        key = (stat.st_mtime_ns, stat.st_size)
        if hit is None or hit[0] != key or not self.scanned:
            found: list[Diagnostic] = []
            self.reads += 1
            self.changed.append(path)
            hit = self.files[path] = (key, read(found), tuple(found))
        return hit


def _trustworthy(path: Path, root: Path, regular: frozenset[Path]) -> bool:
    """Whether a file said to have changed can be read again alone: a regular file that the last
    listing saw (or report.yaml, or an authored page: those are looked at on every build), still one."""
    root = root.absolute()
    if path not in regular and path != root / "report.yaml" and path.parent != root / PAGES_FOLDER:
        return False
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _listing(root: Path, out: list[Diagnostic], reuse: Reuse | None) -> list[tuple[Kind, Path, str | None]]:
    """Every entry of the record folders: listed again, or the last build's where reuse.trust() allows."""
    kept = reuse.listing(root) if reuse is not None else None
    if kept is not None:
        out.extend(kept[1])
        return kept[0]
    found: list[Diagnostic] = []
    files = list(_record_files(root, found))
    out.extend(found)
    if reuse is not None:
        reuse.listed(root, files, found)
    return files


def _cached(path: Path, rel: str, out: list[Diagnostic], read: Any, reuse: Reuse | None) -> Any:
    if reuse is None:  # nothing is kept: a large report's records would outlive the build
        return read(out)
    return reuse.read(path, rel, out, read)


def load_file(path: Path, kind: Kind, rel: str, out: list[Diagnostic], reuse: Reuse | None = None
              ) -> RawRecord | None:
    def read(found: list[Diagnostic]) -> RawRecord | None:
        raw = _read(path, rel, MAX_RECORD_BYTES, found)
        if raw is None:
            return None
        text = _decode(raw, rel, found)
        if text is None:
            return None
        return parse_record(text, kind, rel, found)

    return _cached(path.absolute(), rel, out, read, reuse)


def load_content(root: Path, progress: Any = None, *, reuse: Reuse | None = None) -> Content:
    """Read every record and snapshot under `root`; never raises on bad content.

    With `reuse`, files unchanged since its last build are not read again (nor looked at, where
    reuse.trust() named the files that changed)."""
    if reuse is not None:
        reuse.begin()
    out: list[Diagnostic] = []
    records: list[RawRecord] = []
    snapshots: dict[str, Snapshot] = {}
    _load_report(root, out, records, reuse)
    files = _listing(root, out, reuse)
    seen: dict[str, str] = {}
    ids: dict[str, str] = {}
    for n, (kind, path, what) in enumerate(files):
        if progress:
            progress(n + 1, len(files))
        rel = f"{kind.folder}/{path.name}"
        if what and what != "a folder" and not _ignored(path.name):
            out.append(Diagnostic(rel, 1, 1, "I005", refusal(what)))
            continue
        if kind.name == "source" and path.suffix == ".txt" and not what:
            if check_id(path.stem) is None:
                raw = _cached(path.absolute(), rel, out,
                              lambda found: _read(path, rel, MAX_SNAPSHOT_BYTES, found), reuse)
                if raw is not None:
                    snapshots[path.stem] = Snapshot(rel, raw)
            continue
        if path.suffix != ".yaml" or what:
            if not _ignored(path.name):
                out.append(Diagnostic(rel, 1, 1, "I003",
                                      "not a record file: records are files whose names end in .yaml"
                                      + (" (rename .yml to .yaml)" if path.suffix == ".yml" else "")))
            continue
        problem = check_id(path.stem)
        if problem:
            out.append(Diagnostic(rel, 1, 1, "I001", f"'{path.stem}' {problem}"))
        key = id_key(path.stem)
        if key in seen:
            out.append(Diagnostic(rel, 1, 1, "I002",
                                  f"id '{path.stem}' is also used by {seen[key]}: ids must be unique "
                                  "across all records, ignoring case"))
        else:
            seen[key] = rel
        if not problem:
            ids.setdefault(path.stem, kind.name)
        rec = load_file(path, kind, rel, out, reuse)
        if rec and not problem:
            records.append(rec)
    check_authored(root, out)
    if reuse is not None:
        reuse.end()
    return Content(root, records, snapshots, out, ids)


def _load_report(root: Path, out: list[Diagnostic], records: list[RawRecord], reuse: Reuse | None) -> None:
    path = root / "report.yaml"
    try:
        what = what_is(os.lstat(path).st_mode)
    except FileNotFoundError:
        out.append(Diagnostic("report.yaml", 1, 1, "I004", f"the report record {root.name}/report.yaml is missing"))
        return
    if what:
        out.append(Diagnostic("report.yaml", 1, 1, "I005", refusal(what)))
        return
    rec = load_file(path, KINDS[0], "report.yaml", out, reuse)
    if rec:
        records.append(rec)


def _ignored(name: str) -> bool:
    """Hidden files that are not records (.gitkeep, .DS_Store): never read, never reported."""
    return name.startswith(".") and not name.endswith((".yaml", ".yml"))
