"""`make bench`: every public page under wrk, cached and uncached, on the demo and at 100k.

    python -m tests.bench.run [--dataset demo|bulk ...] [--seconds 5] [--port N]
    python -m tests.bench.run --load      # 64 connections for 60 s over a mix of pages
    python -m tests.bench.run --faults    # the same while PostgreSQL restarts (bulk only)

Environment: BENCH_DATASETS ("demo bulk"), BENCH_SECONDS (5), BENCH_DATABASE_URL (the bulk
database, created, migrated and seeded if need be), BENCH_REDIS_URL (redis://127.0.0.1:6379/7,
flushed before each run), BENCH_PORT (a free one). Results also go to bench-results/.
"""

import argparse
import os
import socket
import sys
import tempfile
from pathlib import Path

from tests.bench import results
from tests.bench.harness import flush_redis, mode_env, prepare, redis_url, warm
from tests.bench.server import BASE_DIR, Site
from tests.bench.wrk import require_wrk, run_wrk


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def measure(site, page, seconds):
    site.wait_until_idle()
    result = run_wrk(f"http://127.0.0.1:{site.port}{page['path']}", seconds, timeout=30)
    print(
        f"    {page['name']:<22} {result['rps']:8.1f} req/s  "
        f"p50 {result['p50_ms']:7.1f} ms  p95 {result['p95_ms']:7.1f} ms",
        flush=True,
    )
    return {"status": 200, **result}


def bench_mode(env, mode, pages, port, seconds, log_path):
    """Each page under wrk, the bare view first and again last: the ceiling is the mean of
    the two, and how far they differ shows how much the machine's load moved meanwhile."""
    print(f"  {mode}: starting gunicorn on 127.0.0.1:{port}", flush=True)
    with Site(mode_env(env, mode), port, log_path) as site:
        measured = []
        for page in warm(site, pages):
            if page["status"] != 200:
                print(f"    {page['name']}: HTTP {page['status']}, not measured", flush=True)
                measured.append({**page, mode: {"status": page["status"]}})
                continue
            measured.append({**page, mode: measure(site, page, seconds)})
        bare = next(row for row in measured if row["name"] == results.BARE)
        bare[mode] = results.merge_runs(bare[mode], measure(site, bare, seconds))
        return measured


def bench(dataset, seconds, port):
    with tempfile.TemporaryDirectory(prefix="thinktank-bench-") as workdir:
        env, database, pages, size = prepare(dataset, workdir)
        pages = [{"name": results.BARE, "path": "/bench/bare/"}, *pages]
        cache = f"Redis {redis_url()}" if flush_redis() else "each worker's memory"
        started = results.now()
        rows = {}
        for mode in results.MODES:
            log_path = Path(workdir) / "gunicorn.log"
            for page in bench_mode(env, mode, pages, port, seconds, log_path):
                rows.setdefault(page["path"], {k: v for k, v in page.items() if k != "status"})
                rows[page["path"]][mode] = page[mode]
            # The sitemap file found in the first mode is measured in the second too.
            pages = [{"name": row["name"], "path": row["path"]} for row in rows.values()]
    run = {
        "dataset": dataset,
        "date": started.strftime("%Y-%m-%d %H:%M %Z"),
        "stamp": started.strftime("%Y%m%d-%H%M%S"),
        "machine": results.machine(),
        "commit": results.commit(),
        "database": database,
        "size": size,
        "seconds": seconds,
        "cache": cache,
        "pages": list(rows.values()),
    }
    return run


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", action="append", choices=["demo", "bulk"])
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", 5)))
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", 0)))
    parser.add_argument("--load", action="store_true", help="64 connections for 60 s")
    parser.add_argument("--faults", action="store_true", help="restart PostgreSQL under load")
    options = parser.parse_args(argv)
    require_wrk()
    port = options.port or free_port()
    if options.load or options.faults:
        from tests.bench import stress

        dataset = (options.dataset or ["bulk" if options.faults else "demo"])[0]
        runner = stress.faults if options.faults else stress.load
        return runner(dataset, port)
    chosen = options.dataset or os.environ.get("BENCH_DATASETS", "demo").split()
    outputs = []
    for dataset in chosen:
        print(f"Dataset {dataset}:", flush=True)
        run = bench(dataset, options.seconds, port)
        # The bulk run is compared with the latest demo run: this one's, if it ran first.
        text = results.markdown(run, results.latest("demo"))
        path = results.save(run, text)
        outputs.append((run, text, path))
    for _run, text, path in outputs:
        print()
        print(text)
        print(f"(saved to {path.relative_to(BASE_DIR)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
