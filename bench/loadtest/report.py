"""The load test's figures from its page loads, and the table it prints."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict

from bench.loadtest.browser import PageLoad
from bench.loadtest.builds import Rebuild, builds_served_between
from bench.loadtest.checks import EITHER, percentile, targets_met, visited_paths

MB = 2**20


# A process keeps its runs on the build it served while it warms a new one
# (dashboard/cached_queries.py): for this long after a rebuild the build before it is still
# right.
WARMING_GRACE_S = 5.0


def mark_stale_builds(
    loads: Sequence[PageLoad], rebuilds: Sequence[Rebuild], warming_s: float = WARMING_GRACE_S
) -> None:
    """A page showing a build that was not served at any moment of its load (or in the
    `warming_s` before it) missed a rebuild."""
    for load in loads:
        if load.error or load.build in (None, EITHER):
            continue
        served = builds_served_between(rebuilds, load.started_s - warming_s, load.ended_s)
        if load.build not in served:
            load.error = f"stale build: showed {load.build} while {sorted(served)} was served"


def timings(loads: Sequence[PageLoad]) -> dict:
    seconds = [load.seconds for load in loads if load.seconds is not None]
    by_page = {}
    for path in visited_paths():
        page = [load.seconds for load in loads if load.path == path and load.seconds is not None]
        by_page["/" + path] = {
            "loads": sum(load.path == path for load in loads),
            "p50_s": percentile(page, 50),
            "p95_s": percentile(page, 95),
        }
    warm = [load.seconds for load in loads if load.seconds is not None and not load.cold]
    return {
        "timed_loads": len(seconds),
        "p50_s": percentile(seconds, 50),
        "p95_s": percentile(seconds, 95),
        "p95_without_first_loads_s": percentile(warm, 95),
        "max_s": max(seconds, default=float("nan")),
        "by_page": by_page,
    }


def summarise(
    single: Sequence[PageLoad],
    loads: Sequence[PageLoad],
    rebuilds: Sequence[Rebuild],
    rss: dict[str, int],
    settings: dict,
) -> dict:
    errors = [load for load in [*single, *loads] if load.error]
    single_seconds = [load.seconds for load in single if load.seconds is not None]
    single_median = statistics.median(single_seconds) if single_seconds else float("nan")
    under_load = timings(loads)
    return {
        "settings": settings,
        "sessions": settings["sessions"],
        "page_loads": len(loads),
        "errors": len(errors),
        "errors_by_kind": dict(Counter(e.error.split(":")[0] for e in errors)),
        "error_examples": [asdict(e) for e in errors[:20]],
        "single_user": {"page_loads": len(single), "median_s": single_median, **timings(single)},
        "under_load": under_load,
        "rss_mb": {name: value / MB for name, value in rss.items()},
        "rebuilds": {
            "requested": settings["rebuilds"],
            "published": sum(r.ok for r in rebuilds),
            "failed": [asdict(r) for r in rebuilds if not r.ok],
            "median_build_s": statistics.median([r.ended_s - r.started_s for r in rebuilds])
            if rebuilds
            else float("nan"),
            "versions_published": "".join(r.version for r in rebuilds if r.ok),
        },
        "page_loads_by_build": dict(
            Counter(load.build or "not shown" for load in loads if not load.error)
        ),
        "loads_columns": [
            *("session", "page", "filters", "started_s", "ended_s", "render_s"),
            *("build", "cold", "error"),
        ],
        "loads": [
            [
                load.session,
                "/" + load.path,
                load.params,
                round(load.started_s, 2),
                round(load.ended_s, 2),
                load.seconds and round(load.seconds, 2),
                load.build,
                load.cold,
                load.error,
            ]
            for load in loads
        ],
        "rebuild_times_s": [
            [r.version, round(r.started_s, 2), round(r.ended_s, 2), r.ok] for r in rebuilds
        ],
        "targets": targets_met(
            len(errors), under_load["p95_s"], single_median, rss["start"], rss["after_settle"]
        ),
    }


def format_table(results: dict) -> str:
    load, single, rss = results["under_load"], results["single_user"], results["rss_mb"]
    rebuilds, settings = results["rebuilds"], results["settings"]
    lines = [
        "| figure | value |",
        "|---|---|",
        f"| concurrent sessions | {results['sessions']} for {settings['seconds']:.0f} s "
        f"(last load ended at {load.get('duration_s', 0):.0f} s; "
        f"{load.get('loads_per_s', 0):.2f} loads/s) |",
        f"| page loads | {results['page_loads']} (+{single['page_loads']} single-user) |",
        f"| errors | {results['errors']} {kinds_text(results['errors_by_kind'])}|",
        f"| render p50 / p95 / max | {load['p50_s']:.2f} s / {load['p95_s']:.2f} s / "
        f"{load['max_s']:.2f} s (p95 without each viewer's first, cold-cache load: "
        f"{load['p95_without_first_loads_s']:.2f} s) |",
        f"| single-user median | {single['median_s']:.2f} s (p95 / median = "
        f"{load['p95_s'] / single['median_s']:.1f}×) |",
        f"| server RSS: server up / load start / peak | {rss['server_up']:.0f} / "
        f"{rss['start']:.0f} / {rss['peak']:.0f} MB |",
        f"| server RSS: sessions closed / +{settings['settle_seconds']:.0f} s / after the TTL "
        f"reap | {rss['at_close']:.0f} / {rss['after_settle']:.0f} "
        f"({rss['after_settle'] / rss['start'] - 1:+.0%} of load start) / "
        f"{rss['after_reap']:.0f} MB ({rss['after_reap'] / rss['start'] - 1:+.0%}) |",
        f"| rebuilds published | {rebuilds['published']} of {rebuilds['requested']} "
        f"(median {rebuilds['median_build_s']:.1f} s each) |",
        "| page loads by build | "
        + ", ".join(f"{k}: {v}" for k, v in sorted(results["page_loads_by_build"].items()))
        + " |",
    ]
    if "cpu_seconds" in results:
        used = results["cpu_seconds"]["under_load"]
        lines.append(
            f"| CPU seconds under load: server / browser / rebuilds / others | {used['server']:.0f}"
            f" / {used['browser']:.0f} / {used['rebuilds']:.0f} / {used['others']:.0f} of "
            f"{used['machine_total']:.0f} |"
        )
        per_load = results["cpu_per_page_load_s"]
        lines.append(
            "| CPU seconds per page load, alone → under load: server; browser | "
            f"{per_load['single_user']['server']:.2f} → {per_load['under_load']['server']:.2f}; "
            f"{per_load['single_user']['browser']:.2f} → {per_load['under_load']['browser']:.2f} |"
        )
    lines += [
        "",
        "| page | loads | p50 | p95 | single-user p50 |",
        "|---|---|---|---|---|",
    ]
    for page, figures in load["by_page"].items():
        alone = single["by_page"][page]["p50_s"]
        lines.append(
            f"| {page} | {figures['loads']} | {figures['p50_s']:.2f} s | "
            f"{figures['p95_s']:.2f} s | {alone:.2f} s |"
        )
    lines.append("")
    for target, met in results["targets"].items():
        lines.append(f"- {target}: {'met' if met else 'NOT met'}")
    return "\n".join(lines)


def kinds_text(kinds: dict[str, int]) -> str:
    return f"({', '.join(f'{k}: {n}' for k, n in kinds.items())}) " if kinds else ""
