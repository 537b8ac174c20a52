"""A progress line on stderr for long work, shown only on a terminal."""
from __future__ import annotations

import sys
import time

from .diagnostics import terminal_safe


class Progress:
    def __init__(self, label: str, *, stream=None, enabled: bool | None = None, every: float = 0.1):
        self.label = label
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.every = every
        self._last = 0.0
        self._shown = False

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if done < total and now - self._last < self.every:
            return
        self._last = now
        self._shown = True
        self.stream.write(f"\r{terminal_safe(self.label)} {done}/{total}\x1b[K")
        self.stream.flush()

    def stage(self, label: str) -> None:
        """Name the next stage of the work."""
        self.label = label
        self(0, 1) if self.enabled else None

    def close(self) -> None:
        if self.enabled and self._shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
