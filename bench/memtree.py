"""`python -m bench.memtree [--trace FILE] -- COMMAND...`: where a command's peak memory is.

Runs COMMAND and samples every process of its tree every 100 ms, as bench's timed() does (each
process's proportional set size, so pages a forked worker shares with its parent count once),
but keeps each process apart: prints as JSON the tree's peak, the processes alive at that
moment with what each held, each process's own peak, and the CPU time (user + system) of the
whole tree and of each process (as last sampled: a little short). --trace writes every sample (seconds, pid, MB, command) for a closer look, and the
lines the command printed on stderr, each with its time.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path


_KCMP = {"x86_64": 312, "aarch64": 272}.get(os.uname().machine)  # kcmp(2)'s system call number
_KCMP_VM = 1


def same_memory(pid: int, other: int) -> bool:
    """Whether two processes share one address space: a child between vfork and exec, as Python's
    subprocess starts one, whose smaps_rollup is its parent's (counted twice, the 10,000-claim build
    showed a peak 490 MB too high for a tenth of a second). Linux's kcmp; False where it is not there."""
    if _KCMP is None:
        return False
    import ctypes

    return ctypes.CDLL(None, use_errno=True).syscall(_KCMP, pid, other, _KCMP_VM, 0, 0) == 0


def _pss_kb(pid: int) -> int | None:
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return None
    return next((int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:")), 0)


def children(pid: int) -> list[int]:
    """pid's child processes, less those that still share its memory (same_memory)."""
    found = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            found += [int(c) for c in (task / "children").read_text().split()]
    except (OSError, ValueError):
        pass
    return [c for c in found if not same_memory(pid, c)]


def _cpu_s(pid: int) -> float | None:
    """User and system time of one process so far (its threads', not its children's)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _label(pid: int) -> str:
    try:
        args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return "?"
    words = [Path(a.decode("utf-8", "replace")).name if i == 0 else a.decode("utf-8", "replace")
             for i, a in enumerate(args[:4]) if a]
    return " ".join(words)[:80]


def tree(pid: int) -> dict[int, int]:
    """Each live process of pid's tree, pid included: its PSS in KiB."""
    sizes, todo = {}, [pid]
    while todo:
        p = todo.pop()
        kb = _pss_kb(p)
        if kb is not None:
            sizes[p] = kb
            todo += children(p)
    return sizes


def run(cmd: list[str], trace: Path | None = None) -> dict:
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    labels: dict[int, str] = {}
    own_peak: dict[int, tuple[int, float]] = {}
    cpu: dict[int, float] = {}  # each process's CPU time when last seen
    best: tuple[int, float, dict[int, int]] = (0, 0.0, {})
    samples: list[tuple[float, int, int]] = []
    lines: list[tuple[float, str]] = []
    done = threading.Event()

    def sample() -> None:
        nonlocal best
        while not done.wait(0.1):
            now = time.perf_counter() - started
            sizes = tree(proc.pid)
            for pid, kb in sizes.items():
                if pid not in labels or labels[pid] == "?":
                    labels[pid] = _label(pid)
                if kb > own_peak.get(pid, (0, 0.0))[0]:
                    own_peak[pid] = (kb, now)
                samples.append((now, pid, kb))
                cpu[pid] = _cpu_s(pid) or cpu.get(pid, 0.0)
            if sum(sizes.values()) > best[0]:
                best = (sum(sizes.values()), now, sizes)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    for raw in proc.stderr:
        lines.append((time.perf_counter() - started, raw.decode("utf-8", "replace").rstrip()))
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    mb = lambda kb: round(kb / 1024, 1)  # noqa: E731
    if trace is not None:
        with trace.open("w", encoding="utf-8") as out:
            for t, pid, kb in samples:
                out.write(f"{t:.1f}\t{pid}\t{mb(kb)}\t{labels.get(pid, '?')}\n")
            for t, line in lines:
                out.write(f"{t:.1f}\tstderr\t{line}\n")
    return {"exit": os.waitstatus_to_exitcode(status), "wall_s": round(wall, 1),
            "cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
            "user_s": round(usage.ru_utime, 1), "sys_s": round(usage.ru_stime, 1),
            "largest_process_mb": mb(usage.ru_maxrss),
            "peak_tree_mb": mb(best[0]), "peak_at_s": round(best[1], 1),
            "at_peak": {f"{pid} {labels.get(pid, '?')}": mb(kb) for pid, kb in sorted(best[2].items())},
            "each_peak": {f"{pid} {labels.get(pid, '?')}": [mb(kb), round(t, 1)]
                          for pid, (kb, t) in sorted(own_peak.items()) if kb > 20 * 1024},
            "each_cpu_s": {f"{pid} {labels.get(pid, '?')}": round(cpu[pid], 1)
                           for pid in sorted(cpu) if cpu[pid] >= 1.0},
            "stderr_tail": [line for _, line in lines[-5:]]}


def main() -> None:
    p = argparse.ArgumentParser(prog="python -m bench.memtree", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--trace", type=Path, help="write every sample and stderr line here")
    p.add_argument("command", nargs=argparse.REMAINDER)
    args = p.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        p.error("no command")
    print(json.dumps(run(command, args.trace), indent=2))


if __name__ == "__main__":
    sys.exit(main())
