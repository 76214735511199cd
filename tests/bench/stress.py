"""Holding up: 64 connections for a minute over a mix of pages (`--load`), and the same
while PostgreSQL restarts (`--faults`), which must give errors only while it is down and
recover without restarting gunicorn (settings: CONN_MAX_AGE with conn_health_checks)."""

import math
import os
import shlex
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from tests.bench import results
from tests.bench.datasets import is_postgres
from tests.bench.harness import mode_env, prepare, warm
from tests.bench.server import Site, fetch
from tests.bench.wrk import MIX_SCRIPT, errors, finish_wrk, run_wrk, start_wrk

CONNECTIONS = 64
#: A reader's browser waits far longer than wrk's default 2 s; gunicorn's own limit is 30 s.
CLIENT_TIMEOUT = 30
#: Seconds after PostgreSQL is back in which an answer may still fail: one that was already
#: on its way when the restart ended.
GRACE = 2


def _seconds(name, default):
    return int(os.environ.get(name, default))


def _mix(site, pages):
    warmed = warm(site, pages)
    broken = [f"{page['path']} (HTTP {page['status']})" for page in warmed if page["status"] != 200]
    if broken:
        print("  Not in the mix, not answering 200: " + ", ".join(broken))
    return [page["path"] for page in warmed if page["status"] == 200]


def _row(mode, result):
    return (
        f"| {mode} | {result['requests']:,} | {result['rps']:.0f} | {result['p50_ms']:.0f} "
        f"| {result['p95_ms']:.0f} | {result['p99_ms']:.0f} | {result['max_ms']:.0f} "
        f"| {result['non_2xx_3xx']} | {sum(result['socket_errors'].values())} |"
    )


HEADER = (
    "| mode | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | answers ≥ 400 "
    "| socket errors |\n|---|--:|--:|--:|--:|--:|--:|--:|--:|"
)


def _report(kind, dataset, started, lines):
    text = "\n".join(lines)
    print()
    print(text)
    results.RESULTS_DIR.mkdir(exist_ok=True)
    path = results.RESULTS_DIR / f"{kind}-{dataset}-{started.strftime('%Y%m%d-%H%M%S')}.md"
    path.write_text(text + "\n")
    print(f"(saved to {path.relative_to(results.BASE_DIR)})")


def _intro(title, dataset, database, size, started, pages):
    machine = results.machine()
    return [
        f"## {title}: {dataset} ({started.strftime('%Y-%m-%d %H:%M %Z')})",
        "",
        f"- Machine: {machine['nproc']} cores, {machine['cpu']}; code {results.commit()}",
        f"- Dataset: {size['publications']:,} published publications, {size['people']:,} "
        f"people, {size['events']:,} events; database {database}",
        f"- gunicorn, 2 sync workers; `wrk -t2 -c{CONNECTIONS} --timeout {CLIENT_TIMEOUT}s` "
        f"taking these {len(pages)} pages in turn: " + ", ".join(f"`{p}`" for p in pages),
        "",
    ]


def load(dataset, port):
    """64 connections for BENCH_LOAD_SECONDS (60) s, uncached then cached: 0 errors."""
    seconds = _seconds("BENCH_LOAD_SECONDS", 60)
    started = results.now()
    rows, failed = [], False
    with tempfile.TemporaryDirectory(prefix="thinktank-bench-") as workdir:
        env, database, pages, size = prepare(dataset, workdir)
        for mode in ("uncached", "cached"):
            print(f"  {mode}: {CONNECTIONS} connections for {seconds} s", flush=True)
            with Site(mode_env(env, mode), port, Path(workdir) / "gunicorn.log") as site:
                paths = _mix(site, pages)
                result = run_wrk(
                    f"http://127.0.0.1:{port}/",
                    seconds,
                    connections=CONNECTIONS,
                    script=MIX_SCRIPT,
                    args=paths,
                    timeout=CLIENT_TIMEOUT,
                )
            rows.append(_row(mode, result))
            failed = failed or errors(result) > 0
    lines = _intro("Load", dataset, database, size, started, paths)
    lines += [HEADER, *rows, ""]
    lines.append(f"Errors: {'SOME (the target is 0)' if failed else 'none'}.")
    _report("load", dataset, started, lines)
    return 1 if failed else 0


def restart_command(database_url):
    """pg_ctlcluster for the local cluster: BENCH_PG_VERSION (the newest in /etc/postgresql)
    and BENCH_PG_CLUSTER (main). BENCH_PG_RESTART replaces the whole command (a server in a
    container, or `sleep 3` to try the harness without a restart)."""
    if os.environ.get("BENCH_PG_RESTART"):
        return shlex.split(os.environ["BENCH_PG_RESTART"])
    host = urlsplit(database_url).hostname or "localhost"
    if host not in {"127.0.0.1", "localhost", "::1"}:
        raise SystemExit(f"--faults restarts a local PostgreSQL only, not one on {host}.")
    versions = sorted(
        (path.name for path in Path("/etc/postgresql").glob("*") if path.name.isdigit()), key=int
    )
    version = os.environ.get("BENCH_PG_VERSION") or (versions[-1] if versions else None)
    if version is None or shutil.which("pg_ctlcluster") is None:
        raise SystemExit("--faults needs a local PostgreSQL cluster and pg_ctlcluster.")
    cluster = os.environ.get("BENCH_PG_CLUSTER", "main")
    return ["pg_ctlcluster", "--skip-systemctl-redirect", version, cluster, "restart"]


def faults(dataset, port):
    """Load for BENCH_FAULT_SECONDS (40) s, uncached (every request needs the database), with
    PostgreSQL restarted BENCH_FAULT_AT (12) s in; errors per second show when it failed."""
    seconds, restart_at = _seconds("BENCH_FAULT_SECONDS", 40), _seconds("BENCH_FAULT_AT", 12)
    started = results.now()
    with tempfile.TemporaryDirectory(prefix="thinktank-bench-") as workdir:
        env, database, pages, size = prepare(dataset, workdir)
        if not is_postgres(env["DATABASE_URL"]):
            raise SystemExit("--faults needs PostgreSQL: use the bulk dataset.")
        command = restart_command(env["DATABASE_URL"])
        with Site(mode_env(env, "uncached"), port, Path(workdir) / "gunicorn.log") as site:
            paths = _mix(site, pages)
            workers_before = site.worker_pids()
            print(f"  {CONNECTIONS} connections for {seconds} s; restart at {restart_at} s")
            load_started = time.time()
            wrk = start_wrk(
                f"http://127.0.0.1:{port}/",
                seconds,
                connections=CONNECTIONS,
                script=MIX_SCRIPT,
                args=paths,
                timeout=CLIENT_TIMEOUT,
            )
            time.sleep(restart_at)
            down_from = time.time()
            subprocess.run(command, check=True)
            down_until = time.time()
            print(f"  PostgreSQL restarted in {down_until - down_from:.1f} s", flush=True)
            result = finish_wrk(wrk)
            after = {path: fetch(port, path)[0] for path in paths}
            workers_after = site.worker_pids()
    lines = _intro("Faults", dataset, database, size, started, paths)
    lines += _fault_lines(
        result, load_started, (down_from, down_until), after, workers_before, workers_after
    )
    failed = any(line.startswith("Verdict: FAIL") for line in lines)
    _report("faults", dataset, started, lines)
    return 1 if failed else 0


def _fault_lines(result, load_started, down, after, workers_before, workers_after):
    """The per-second table and the verdict. `down` is when the restart command ran (epoch
    seconds); `after` each page's status once the load was over."""
    down_from, down_until = down
    window = range(math.floor(down_from), math.ceil(down_until) + GRACE + 1)
    lines = [
        f"PostgreSQL down (restart command running) from {down_from - load_started:.1f} s "
        f"to {down_until - load_started:.1f} s.",
        "",
        "| second | answers | errors (≥ 400) | |",
        "|--:|--:|--:|---|",
    ]
    outside = 0
    for second, answers, failures in result["per_second"]:
        during = second in window
        outside += 0 if during else failures
        mark = "PostgreSQL restarting" if down_from <= second + 1 and second <= down_until else ""
        lines.append(f"| {second - math.floor(load_started)} | {answers} | {failures} | {mark} |")
    sockets = sum(result["socket_errors"].values())
    broken_after = {path: status for path, status in after.items() if status != 200}
    lines += [
        "",
        HEADER,
        _row("uncached, with restart", result),
        "",
        f"- Errors outside the restart (+{GRACE} s): {outside}; socket errors: {sockets}",
        "- Every page after the run: "
        + ("200" if not broken_after else f"NOT 200: {broken_after}"),
    ]
    same_workers = workers_before == workers_after
    lines.append(
        f"- gunicorn was not restarted; its workers before and after: {workers_before} → "
        f"{workers_after}" + (" (the same processes)" if same_workers else " (replaced)")
    )
    ok = outside == 0 and sockets == 0 and not broken_after and same_workers
    lines.append(
        "Verdict: PASS: errors only while PostgreSQL was down, then it recovered by itself."
        if ok
        else "Verdict: FAIL: errors outside the restart, socket errors, a page still failing "
        "or a worker replaced."
    )
    return lines
