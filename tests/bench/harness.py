"""What every bench run does first: a dataset's database ready, its pages picked, a cache
chosen, the pages warmed."""

import json
import os
import subprocess
import sys

from tests.bench import datasets
from tests.bench.server import BASE_DIR, bench_env, collect_static, fetch

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/7"
WARM_UPS = 3


def redis_url():
    return os.environ.get("BENCH_REDIS_URL") or DEFAULT_REDIS_URL


def flush_redis():
    """Empty the bench's Redis database; False (and the page cache falls back to each
    worker's memory) when there is no Redis to use."""
    try:
        import redis

        redis.Redis.from_url(redis_url(), socket_connect_timeout=1).flushdb()
    except Exception as error:
        print(f"Redis at {redis_url()} unavailable ({error}): caching in each worker's memory.")
        return False
    return True


def mode_env(env, mode):
    """Production with Redis, the page cache on (cached) or off (uncached: other caches stay,
    as with PAGE_CACHE=0 in production)."""
    env = {**env, "PAGE_CACHE": "1" if mode == "cached" else "0"}
    if flush_redis():
        env["REDIS_URL"] = redis_url()
    return env


def prepare(dataset, workdir):
    """(env, database description, pages, size) for `dataset`, its database ready."""
    env = bench_env(workdir, "")
    if dataset == "demo":
        database_url = datasets.prepare_demo(workdir, env)
    else:
        database_url = datasets.prepare_bulk(env, datasets.bulk_url())
    env["DATABASE_URL"] = database_url
    collect_static(env)
    picked = subprocess.run(
        [sys.executable, "-m", "tests.bench.pick"],
        cwd=BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    found = json.loads(picked.stdout)
    pages = [{"name": name, "path": path} for name, path in found["pages"]]
    return env, datasets.describe_database(database_url), pages, found["size"]


def warm(site, pages):
    """Request each page a few times (filling caches) and note its status and size."""
    warmed = []
    for page in pages:
        for _ in range(WARM_UPS):
            status, body, _headers = fetch(site.port, page["path"])
        warmed.append({**page, "status": status, "kb": len(body) / 1024})
    return warmed
