"""Independent pieces of work shared among processes forked from this one.

After resolve, the data files and each record's page (its context, its Markdown, its file) do not
depend on one another, and everything they read is already in this process's memory: forked
workers inherit it instead of being sent it (pickling a resolved report of 10,000 claims costs
more than rendering it). Only each piece's result, small, travels back. As in
engines/scanpool.py the pool forks: spawn would import the main script again.

`CLAIMSITE_WORKERS`: how many worker processes; 1 does everything in this process, as before.
Default: the cores this process may run on. A report under THRESHOLD claims stays in one process
whatever the setting: there, starting workers costs more than they save.
"""
from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Callable, TypeVar

ENV = "CLAIMSITE_WORKERS"
THRESHOLD = 2000  # claims; bench/RESULTS.md has the measurement behind it

T = TypeVar("T")
_work: Callable[[int], Any] | None = None  # set only while a pool forks and runs


class BadWorkers(ValueError):
    """CLAIMSITE_WORKERS is not a whole number of at least 1."""


def wanted() -> int:
    """The processes CLAIMSITE_WORKERS asks for, else the cores this process may run on."""
    text = os.environ.get(ENV, "").strip()
    if not text:
        return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if not text.isdigit() or int(text) < 1:
        raise BadWorkers(f"{ENV}={text!r}: give a whole number of processes, 1 or more (1: no workers)")
    return int(text)


def workers(claims: int, asked: int | None = None) -> int:
    """How many processes share the work for a report of `claims` claims (1: this one alone), of
    the `asked` (default: wanted())."""
    return 1 if claims < THRESHOLD else (wanted() if asked is None else asked)


def _run(n: int) -> Any:
    assert _work is not None  # inherited from the parent at fork
    return _work(n)


def fork_map(work: Callable[[int], T], count: int, processes: int,
             meanwhile: Callable[[], Any] | None = None) -> tuple[list[T], Any]:
    """[work(0), ..., work(count - 1)], run in `processes` forked workers, in that order; and what
    `meanwhile()` returned, run in this process while they work. `work` is inherited, never pickled;
    an exception raised in a worker is raised here, as it was."""
    global _work
    _work = work
    try:
        with ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("fork")) as pool:
            futures = [pool.submit(_run, n) for n in range(count)]  # the workers fork from here
            try:
                beside = meanwhile() if meanwhile else None
                return [f.result() for f in futures], beside
            except BaseException:
                for f in futures:
                    f.cancel()
                raise
    finally:
        _work = None
