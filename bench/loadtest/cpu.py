"""Who used the CPU during the load: the server, the browser, the rebuilds, or someone else.

On a small machine the browser drawing twenty pages competes with the server it measures, so
render times alone cannot say where the time went. Read from /proc, in CPU seconds.
"""

from __future__ import annotations

import os
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> tuple[int, list[str]] | None:
    """(parent pid, the fields after the command name) of a live process."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:  # gone meanwhile
        return None
    fields = text[text.rindex(")") + 2 :].split()
    return int(fields[1]), fields


def _cpu_s(fields: list[str], children: bool) -> float:
    # utime, stime, then cutime, cstime: the reaped children's time, counted once, at reaping.
    used = int(fields[11]) + int(fields[12])
    if children:
        used += int(fields[13]) + int(fields[14])
    return used / TICK


def _tree(root: int, parents: dict[int, int]) -> set[int]:
    found, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent]
        found.update(children)
        frontier += children
    return found


def process_cpu_s(pid: int) -> float:
    """CPU seconds one process has used so far (all its threads), from /proc."""
    found = _stat(pid)
    return _cpu_s(found[1], children=False) if found else 0.0


def tree_cpu_s(root: int) -> float:
    """CPU seconds a process and everything it started have used so far: one Streamlit
    process, or `make serve`'s supervisord with its processes and nginx."""
    stats = {
        pid: s for pid in map(int, filter(str.isdigit, os.listdir("/proc"))) if (s := _stat(pid))
    }
    tree = _tree(root, {pid: ppid for pid, (ppid, _) in stats.items()})
    return sum(_cpu_s(stats[pid][1], children=True) for pid in tree if pid in stats)


def tree_pids(root: int) -> set[int]:
    stats = {
        pid: s for pid in map(int, filter(str.isdigit, os.listdir("/proc"))) if (s := _stat(pid))
    }
    return _tree(root, {pid: ppid for pid, (ppid, _) in stats.items()})


def cpu_snapshot(server_pid: int) -> dict[str, float]:
    """CPU seconds so far: the server, the browser (Playwright's driver and Chromium), this
    process, its reaped children (the rebuilds), and the whole machine (busy and idle)."""
    stats = {
        pid: s for pid in map(int, filter(str.isdigit, os.listdir("/proc"))) if (s := _stat(pid))
    }
    parents = {pid: ppid for pid, (ppid, _) in stats.items()}
    server = _tree(server_pid, parents)
    mine = os.getpid()
    browser = _tree(mine, parents) - server - {mine}
    line = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    ticks = [int(value) for value in line]
    idle = ticks[3] + ticks[4]  # idle and iowait
    me = os.times()
    return {
        "server": sum(_cpu_s(stats[pid][1], children=True) for pid in server if pid in stats),
        "browser": sum(_cpu_s(stats[pid][1], children=True) for pid in browser if pid in stats),
        "load_test": me.user + me.system,
        "rebuilds": me.children_user + me.children_system,
        "machine_busy": (sum(ticks[:8]) - idle) / TICK,
        "machine_total": sum(ticks[:8]) / TICK,
    }


def cpu_used(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    """CPU seconds between two snapshots; `others` is what the machine did beyond this test."""
    used = {name: after[name] - before[name] for name in before}
    ours = sum(used[n] for n in ("server", "browser", "load_test", "rebuilds"))
    used["others"] = max(0.0, used["machine_busy"] - ours)
    return {name: round(value, 1) for name, value in used.items()}


def cpu_per_load(used: dict[str, float], loads: float) -> dict[str, float]:
    """The server's and the browser's CPU seconds per page load."""
    return {who: round(used[who] / max(loads, 1), 2) for who in ("server", "browser")}
