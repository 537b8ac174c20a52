"""Live preview's memory of what resolve and the index pages computed from inputs that did not change.

After an edit, live preview resolves the whole report again and builds the index pages' contexts
again; most of that work is per record (a claim's view, its row in the claims index) or over
inputs the edit did not touch (the spellings the snapshots use). A `Memo` keeps each such result
with the inputs it was computed from, and gives it back while the inputs are the same: the same
objects (load.Reuse hands back the same record models for files that did not change), or equal
values. Every result is that of a pure function of its inputs, so a memo can only save work, never
change what is computed; an input left out of a key would, which is what tests/resolve/
test_preview_memo.py checks against a build without a memo, edit by edit.

Bounded: each table keeps only the entries looked up by the last round that used it (`begin()` starts
one), so a record deleted takes its entries with it. Builds other than live preview's use `NO_MEMO`, which keeps
nothing.
"""
from __future__ import annotations

from typing import Any, Callable, Hashable, TypeVar

T = TypeVar("T")
_EMPTY: dict = {}


def same(a: tuple, b: tuple) -> bool:
    """Inputs alike: element by element the same object, or equal. A tuple's own comparison is
    that: it takes an element identical to the other as equal without calling its __eq__ (the
    language reference's "identity implies equality" for built-in containers), in C rather than in
    a loop here, which was a tenth of a live-preview edit at 10,000 claims (66,000 lookups)."""
    return a == b


class Memo:
    """Results by table and key, each with the inputs it was computed from."""

    def __init__(self) -> None:
        self._last: dict[str, dict[Hashable, tuple[tuple, Any]]] = {}
        self._now: dict[str, dict[Hashable, tuple[tuple, Any]]] = {}
        self.hits = self.misses = 0  # for tests and benchmarks

    def begin(self) -> None:
        """A new round: what it does not look up is forgotten at the next."""
        self._last = {**self._last, **self._now}  # a table the last round did not reach stays as it was
        self._now = {}

    def get(self, table: str, key: Hashable, inputs: tuple, compute: Callable[[], T]) -> T:
        """The result kept for `key` if its inputs are `inputs`, else `compute()` (kept)."""
        now = self._now.get(table)
        if now is None:
            now = self._now[table] = {}
        hit = now.get(key)
        if hit is None:
            hit = self._last.get(table, _EMPTY).get(key)
        if hit is not None and hit[0] == inputs:  # same(), without a call per lookup
            self.hits += 1
        else:
            self.misses += 1
            hit = (inputs, compute())
        now[key] = hit
        return hit[1]


class _NoMemo(Memo):
    """Keeps nothing: every lookup computes (a full build's records would outlive it otherwise)."""

    def get(self, table: str, key: Hashable, inputs: tuple, compute: Callable[[], T]) -> T:
        return compute()


NO_MEMO: Memo = _NoMemo()
