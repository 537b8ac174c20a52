"""The stages in order: load -> validate -> resolve. Used by every verb."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .bulk import bulk
from .diagnostics import Diagnostic
from .load import Reuse, load_content
from .memo import NO_MEMO
from .progress import Progress
from .validate import Checks, validate

DEFAULT_CONTENT = Path("content")


@dataclass
class Checked:
    root: Path
    checks: Checks

    @property
    def ok(self) -> bool:
        return not self.checks.diagnostics

    def diagnostics(self) -> list[Diagnostic]:
        """The diagnostics with paths as seen from the working directory."""
        shown = os.path.relpath(self.root)
        return [Diagnostic(os.path.join(shown, d.path).replace(os.sep, "/"), d.line, d.col, d.code, d.message)
                for d in self.checks.diagnostics]

    def summary(self) -> str:
        counts = ", ".join(
            _count(len(self.checks.by_kind.get(kind, {})), kind)
            for kind in ("claim", "source", "weapon", "actor", "place", "event")
            if kind != "event" or self.checks.by_kind.get(kind))
        verdict = "no problems" if self.ok else _count(len(self.checks.diagnostics), "problem")
        quotes = _count(self.checks.quotes_checked, "quote")
        return f"checked {os.path.relpath(self.root)}: {counts}; {quotes} verified against their snapshots: {verdict}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def check(root: Path = DEFAULT_CONTENT, progress: Progress | None = None, *, reuse: Reuse | None = None
          ) -> Checked:
    content = load_content(root, progress, reuse=reuse)
    return Checked(root, validate(content, reuse))


@bulk
def build(root: Path = DEFAULT_CONTENT, progress: Progress | None = None, *, reuse: Reuse | None = None):
    """Load, validate and resolve; returns (Checked, Resolved or None).

    `reuse`: live preview's readings from its last build (load.Reuse); unchanged files are not read again,
    and what resolve computed from unchanged records is reused (reuse.memo)."""
    from .resolve import resolve

    checked = check(root, progress, reuse=reuse)
    if not checked.ok:
        return checked, None
    return checked, resolve(checked.checks, reuse.memo if reuse else NO_MEMO)
