"""The site under gunicorn as production runs it, on one dataset's database.

Production settings with the bench URLconf (tests/bench/settings.py), two sync workers, static
files collected into the run's own folder (whitenoise's manifest needs them), no TLS redirect
(wrk speaks plain HTTP to 127.0.0.1).
"""

import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
WORKERS = 2
# Variables a developer's shell may hold that would change what is measured.
_INHERITED_OUT = ("REDIS_URL", "PAGE_CACHE", "DATABASE_URL", "DEBUG", "DJANGO_SETTINGS_MODULE")


def bench_env(workdir, database_url):
    env = {key: value for key, value in os.environ.items() if key not in _INHERITED_OUT}
    env.update(
        DJANGO_SETTINGS_MODULE="tests.bench.settings",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DEBUG="0",
        SECURE_SSL_REDIRECT="0",
        DATABASE_URL=database_url,
        STATIC_ROOT=str(Path(workdir) / "static"),
        MEDIA_ROOT=str(Path(workdir) / "media"),
        LOG_LEVEL="WARNING",
    )
    return env


def manage(env, *args, check=True, quiet=False):
    """`manage.py args` with the bench settings; returns the finished process."""
    output = subprocess.PIPE if quiet else None
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        check=check,
        stdout=output,
        stderr=output,
        text=True,
    )


def collect_static(env):
    manage(env, "collectstatic", "--noinput", "-v0")


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(NoRedirects)


def fetch(port, path, timeout=120):
    """(status, body, headers) of GET http://127.0.0.1:port/path, errors included."""
    try:
        with _opener.open(f"http://127.0.0.1:{port}{path}", timeout=timeout) as response:
            return response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers


class Site:
    """One gunicorn master and its workers; `with Site(...) as site:` stops it however the
    block ends."""

    def __init__(self, env, port, log_path):
        self.env = env
        self.port = port
        self.log_path = Path(log_path)
        self.process = None

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc_info):
        self.stop()

    def start(self, ready_within=90):
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            f"--bind=127.0.0.1:{self.port}",
            f"--workers={WORKERS}",
            "--worker-class=sync",
            "--log-level=warning",
        ]
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                command, cwd=BASE_DIR, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + ready_within
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited at start-up:\n{self.log_tail()}")
            try:
                if fetch(self.port, "/bench/bare/", timeout=5)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.25)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer within {ready_within} s:\n{self.log_tail()}")

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def wait_until_idle(self, quick=0.2, within=180):
        """Return once the workers are free. When wrk stops, gunicorn still serves the requests
        it had queued (a slow page leaves seconds of them), and the next page measured would
        wait behind them. Idle: the bare view answers quickly twice in a row."""
        deadline = time.monotonic() + within
        quick_in_a_row = 0
        while quick_in_a_row < 2 and time.monotonic() < deadline:
            started = time.monotonic()
            fetch(self.port, "/bench/bare/")
            quick_in_a_row = quick_in_a_row + 1 if time.monotonic() - started < quick else 0

    def worker_pids(self):
        """The workers' process ids: a worker gunicorn had to replace shows as a new id."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return sorted(int(pid) for pid in children.read_text().split())
        except OSError:
            return []

    def log_tail(self, lines=30):
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""
