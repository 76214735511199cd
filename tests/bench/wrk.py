"""wrk, run with one of our Lua scripts, its numbers read back as JSON."""

import json
import shutil
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPORT_SCRIPT = HERE / "report.lua"
MIX_SCRIPT = HERE / "mix.lua"
MARKER = "BENCH_JSON "


def require_wrk():
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk (make bench does).")


def parse_output(stdout):
    for line in stdout.splitlines():
        if line.startswith(MARKER):
            return json.loads(line[len(MARKER) :])
    raise ValueError(f"no {MARKER.strip()} line in wrk's output:\n{stdout}")


def errors(result):
    """Answers of 400 or more plus connections that failed, timed out or broke."""
    return result["non_2xx_3xx"] + sum(result["socket_errors"].values())


def start_wrk(
    url, seconds, *, connections=8, threads=2, script=REPORT_SCRIPT, args=(), timeout=None
):
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    if timeout:
        command.append(f"--timeout={timeout}s")
    command += ["-s", str(script), url]
    if args:
        command += ["--", *args]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish_wrk(process):
    stdout, stderr = process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"wrk failed ({process.returncode}):\n{stderr}{stdout}")
    return parse_output(stdout)


def run_wrk(url, seconds, **kwargs):
    return finish_wrk(start_wrk(url, seconds, **kwargs))
