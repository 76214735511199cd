"""`make bench`: the site under gunicorn with production settings, loaded with wrk.

Not collected by pytest (no module here is named test_*); tests/test_bench_harness.py checks
the parts that need no server. Run it as ``python -m tests.bench.run`` (see ``--help``).
"""
