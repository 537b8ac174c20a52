"""Python's cyclic garbage collector, kept out of the generator's way.

The generator builds millions of long-lived objects (records, positions, page
contexts) and almost no cyclic garbage. The collector, triggered every few
hundred allocations, walks all of them again and again: at 10,000 claims that
was a third of the generator's time. While a stage decorated with `@bulk`
runs, collection is off; when it returns, everything alive is frozen out of
later collections (MkDocs renders in the same process and does make cyclic
garbage, so collection is then back on, for its objects only). Objects freed
later are still freed at once by reference counting; only a reference cycle
among frozen objects would wait for the next stage's unfreeze.
"""
from __future__ import annotations

import functools
import gc
from typing import Callable, TypeVar

F = TypeVar("F", bound=Callable)
_depth = [0]


def bulk(stage: F) -> F:
    @functools.wraps(stage)
    def run(*args, **kwargs):
        outermost = _depth[0] == 0
        if outermost:
            gc.unfreeze()  # a previous build's objects (`mkdocs serve`) can be collected again
            was_enabled = gc.isenabled()
            gc.disable()
        _depth[0] += 1
        try:
            return stage(*args, **kwargs)
        finally:
            _depth[0] -= 1
            if outermost:
                gc.freeze()
                if was_enabled:
                    gc.enable()

    return run  # type: ignore[return-value]
