"""The bench's report: a markdown table per dataset, the issue's targets, saved to
bench-results/ (gitignored) as markdown and as JSON for the next run to compare with."""

import json
import os
import platform
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from tests.bench.server import BASE_DIR
from tests.bench.wrk import errors

RESULTS_DIR = BASE_DIR / "bench-results"
BARE = "bare view"
#: The pages whose ratios the issue sets targets for.
TARGET_PAGES = ("home", "list", "detail", "topic", "expert", "events list")
MODES = ("cached", "uncached")
#: The issue's targets: share of the bare view's req/s, and search p95 at 100k.
TARGET_SHARE = {"cached": 70.0, "uncached": 25.0}
SEARCH_P95_MS = 50.0
BULK_FACTOR = 1.5


def machine():
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"nproc": len(os.sched_getaffinity(0)), "cpu": model, "os": platform.platform()}


def commit():
    git = shutil.which("git")
    if git is None:
        return "unknown"
    try:
        head = subprocess.run(
            [git, "rev-parse", "--short", "HEAD"], cwd=BASE_DIR, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            [git, "status", "--porcelain", "--untracked-files=no"],
            cwd=BASE_DIR,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except OSError:
        return "unknown"
    return f"{head}{' + uncommitted changes' if dirty else ''}" or "unknown"


def now():
    return datetime.now(UTC).astimezone()


def merge_runs(first, last):
    """Two wrk runs of one page as one: rates and latencies averaged, counts added."""
    merged = {key: (first[key] + last[key]) / 2 for key in ("rps", "p50_ms", "p95_ms", "p99_ms")}
    merged["max_ms"] = max(first["max_ms"], last["max_ms"])
    for key in ("requests", "bytes", "non_2xx_3xx"):
        merged[key] = first[key] + last[key]
    merged["socket_errors"] = {
        kind: first["socket_errors"][kind] + last["socket_errors"][kind]
        for kind in first["socket_errors"]
    }
    merged["seconds"] = first["seconds"] + last["seconds"]
    return {**merged, "status": 200, "runs": [first["rps"], last["rps"]]}


def share(row, mode, bare_row):
    """This page's req/s as a percentage of the bare view's in the same mode."""
    measured, ceiling = row.get(mode), (bare_row or {}).get(mode)
    if not measured or not ceiling or "rps" not in measured or not ceiling.get("rps"):
        return None
    return 100 * measured["rps"] / ceiling["rps"]


def _cells(row, mode, bare_row):
    result = row.get(mode)
    if not result:
        return ["–"] * 4
    if "rps" not in result:
        return [f"HTTP {result.get('status')}", "–", "–", "–"]
    percent = share(row, mode, bare_row)
    flag = " ⚠" if errors(result) else ""
    return [
        f"{result['rps']:.0f}{flag}",
        f"{result['p50_ms']:.1f}",
        f"{result['p95_ms']:.1f}",
        "–" if percent is None or row["name"] == BARE else f"{percent:.1f}",
    ]


def bare_of(run):
    return next((row for row in run["pages"] if row["name"] == BARE), None)


def table(run):
    bare_row = bare_of(run)
    lines = [
        "| page | path | KB | cached req/s | p50 ms | p95 ms | % bare "
        "| uncached req/s | p50 ms | p95 ms | % bare |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for row in run["pages"]:
        cells = [row["name"], f"`{row['path']}`", f"{row.get('kb', 0):.0f}"]
        for mode in MODES:
            cells += _cells(row, mode, bare_row)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def target_lines(run):
    """One line per target of the issue: what it asks, what was measured, met or not."""
    bare_row = bare_of(run)
    lines = []
    for mode in MODES:
        for name in TARGET_PAGES:
            row = next((row for row in run["pages"] if row["name"] == name), None)
            percent = share(row, mode, bare_row) if row else None
            if percent is None:
                continue
            met = "met" if percent >= TARGET_SHARE[mode] else "NOT met"
            lines.append(
                f"- {name}, {mode}: {percent:.1f} % of the bare view "
                f"(target ≥ {TARGET_SHARE[mode]:.0f} %): {met}"
            )
    search = next((row for row in run["pages"] if row["name"].startswith("search")), None)
    for mode in MODES:
        result = (search or {}).get(mode) or {}
        if "p95_ms" in result:
            met = "met" if result["p95_ms"] < SEARCH_P95_MS else "NOT met"
            lines.append(
                f"- search p95, {mode}: {result['p95_ms']:.1f} ms "
                f"(target < {SEARCH_P95_MS:.0f} ms at 100k): {met}"
            )
    return lines


def comparison_lines(bulk, demo):
    """Each target page's share of the bare view at 100k against the demo's: the issue allows
    a factor of 1.5. Shares, not req/s, because the two runs met different loads."""
    lines = []
    bares = [bare_of(run) for run in (bulk, demo)]
    for mode in MODES:
        for name in TARGET_PAGES:
            rows = [
                next((row for row in run["pages"] if row["name"] == name), None)
                for run in (bulk, demo)
            ]
            if None in rows:
                continue
            shares = [share(row, mode, bare) for row, bare in zip(rows, bares, strict=True)]
            if None in shares or not shares[0]:
                continue
            factor = shares[1] / shares[0]
            met = "met" if factor <= BULK_FACTOR else "NOT met"
            lines.append(
                f"- {name}, {mode}: {shares[1]:.1f} % of the bare view on the demo, "
                f"{shares[0]:.1f} % at {bulk['size']['publications']:,}: factor {factor:.2f} "
                f"(target ≤ {BULK_FACTOR}): {met}"
            )
    return lines


def markdown(run, demo=None):
    size = run["size"]
    parts = [
        f"## make bench: {run['dataset']} ({run['date']})",
        "",
        f"- Machine: {run['machine']['nproc']} cores, {run['machine']['cpu']}; "
        f"{run['machine']['os']}",
        f"- Dataset: {run['dataset']}: {size['publications']:,} published publications, "
        f"{size['people']:,} people, {size['events']:,} published events; "
        f"database {run['database']}",
        f"- Code: {run['commit']}; gunicorn, 2 sync workers, production settings; "
        f"`wrk -t2 -c8 -d{run['seconds']}s` per page, after a warm-up; cached = page cache on, "
        f"{run['cache']}; uncached = `PAGE_CACHE=0`",
        "",
        table(run),
        "",
    ]
    problems = [
        f"- {row['name']}, {mode}: {errors(row[mode])} errors "
        f"({row[mode]['non_2xx_3xx']} answers ≥ 400, sockets {row[mode]['socket_errors']})"
        for row in run["pages"]
        for mode in MODES
        if row.get(mode) and "rps" in row[mode] and errors(row[mode])
    ]
    problems += [
        f"- {row['name']}, {mode}: answered HTTP {row[mode]['status']} at warm-up, not measured"
        for row in run["pages"]
        for mode in MODES
        if row.get(mode) and "rps" not in row[mode]
    ]
    if problems:
        parts += ["Errors:", "", *problems, ""]
    drift = [
        f"{mode} {' → '.join(f'{rate:.0f}' for rate in bare_of(run)[mode]['runs'])} req/s"
        for mode in MODES
        if (bare_of(run) or {}).get(mode, {}).get("runs")
    ]
    if drift:
        parts += [f"The bare view at the start and the end of each run: {'; '.join(drift)}.", ""]
    parts += ["Targets:", "", *target_lines(run), ""]
    if demo is not None and run["dataset"] != "demo":
        parts += [f"Against the demo run of {demo['date']}:", "", *comparison_lines(run, demo), ""]
    return "\n".join(parts)


def save(run, text):
    RESULTS_DIR.mkdir(exist_ok=True)
    stem = f"{run['dataset']}-{run['stamp']}"
    (RESULTS_DIR / f"{stem}.md").write_text(text + "\n")
    (RESULTS_DIR / f"{stem}.json").write_text(json.dumps(run, indent=1) + "\n")
    return RESULTS_DIR / f"{stem}.md"


def latest(dataset):
    """The most recent saved run of `dataset`, or None."""
    saved = sorted(RESULTS_DIR.glob(f"{dataset}-*.json")) if RESULTS_DIR.exists() else []
    return json.loads(saved[-1].read_text()) if saved else None
