"""The parts of `make bench` that need no server: the bare view, the page picker, the sitemap
reader, wrk's output and the report (tests/bench/). The bench itself runs gunicorn and wrk,
so it is run by hand (`make bench`), never here."""

import uuid

import pytest
from django.test import override_settings

from tests.bench import results
from tests.bench import settings as bench_settings
from tests.bench.pages import pick_pages
from tests.bench.stress import _fault_lines
from tests.bench.urls import BARE_PATH
from tests.bench.wrk import MIX_SCRIPT, REPORT_SCRIPT, errors, parse_output
from tests.factories import (
    make_event,
    make_person,
    make_publication,
    make_region,
    make_topic,
    make_type,
)
from website.page_samples import search_word

BENCH_URLS = override_settings(ROOT_URLCONF="tests.bench.urls")


@pytest.fixture
def demo_like(db):
    """A small archive shaped like the demo: typed, tagged, located, authored, with an event."""
    expert = make_person("Mei Lin Castellanos", is_expert=True)
    topic, region = make_topic("Arms Control"), make_region("Eastern Europe")
    for number in range(25):
        make_publication(
            f"Ceasefire monitoring lessons, part {number}",
            type=make_type("Report"),
            authors=[expert],
            topics=[topic],
            regions=[region],
            days_ago=number + 1,
        )
    make_event("Ceasefire diplomacy forum", speakers=[expert], topics=[topic])


@BENCH_URLS
def test_the_bare_view_is_a_fixed_twenty_kilobyte_page(client, db):
    response = client.get(BARE_PATH)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert 19 * 1024 <= len(response.content) <= 21 * 1024
    assert response.content == client.get(BARE_PATH).content


@BENCH_URLS
def test_the_site_is_still_all_there_under_the_bench_urls(client, demo_like):
    assert client.get("/").status_code == 200
    assert client.get("/no-such-page/").status_code == 404


@BENCH_URLS
def test_the_page_cache_serves_pages_but_never_the_bare_view(client, settings, demo_like):
    settings.MIDDLEWARE = bench_settings.MIDDLEWARE
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"bench-test-{uuid.uuid4()}",
        }
    }
    settings.PAGE_CACHE = True
    assert [client.get("/")["X-Page-Cache"] for _ in range(2)] == ["miss", "hit"]
    assert not any(client.get(BARE_PATH).has_header("X-Page-Cache") for _ in range(2))


@BENCH_URLS
def test_every_picked_page_answers_200(client, demo_like):
    pages = dict(pick_pages())
    for name in ("home", "list", "list, two filters", "detail", "topic", "region", "expert"):
        assert name in pages
    assert pages["deep page"] == "/publications/?page=2"
    assert pages["search, one word"] == "/search/?q=ceasefire"
    for name, path in pages.items():
        assert client.get(path).status_code == 200, name


@BENCH_URLS
def test_the_searched_word_finds_something(client, demo_like):
    path = dict(pick_pages())["search, one word"]
    assert b"Ceasefire monitoring lessons" in client.get(path).content


def test_the_search_word_is_the_most_common_long_word():
    titles = ["Arms control after the treaty", "The treaty's end", "Control rooms"]
    assert search_word(titles) == "control"
    assert search_word([]) == "policy"


def test_the_lua_scripts_report_in_json():
    for script in (REPORT_SCRIPT, MIX_SCRIPT):
        text = script.read_text()
        assert "done = function(summary, latency, requests)" in text
        assert "BENCH_JSON" in text
    assert "per_second" in MIX_SCRIPT.read_text()


def test_wrk_output_is_read_and_errors_counted():
    stdout = (
        "Running 5s test @ http://127.0.0.1:8201/\n  2 threads and 8 connections\n"
        'BENCH_JSON {"requests": 100, "seconds": 5.0, "rps": 20.0, "bytes": 1, "p50_ms": 1, '
        '"p95_ms": 2, "p99_ms": 3, "max_ms": 4, "non_2xx_3xx": 2, '
        '"socket_errors": {"connect": 0, "read": 1, "write": 0, "timeout": 3}}\n'
    )
    result = parse_output(stdout)
    assert result["rps"] == 20.0
    assert errors(result) == 6
    with pytest.raises(ValueError, match="no BENCH_JSON line"):
        parse_output("wrk: connection refused\n")


def measured(rps, p95=10.0):
    return {
        "status": 200,
        "requests": int(rps * 5),
        "seconds": 5.0,
        "bytes": 1000,
        "rps": rps,
        "p50_ms": 5.0,
        "p95_ms": p95,
        "p99_ms": p95,
        "max_ms": p95,
        "non_2xx_3xx": 0,
        "socket_errors": {"connect": 0, "read": 0, "write": 0, "timeout": 0},
    }


def a_run(dataset, home_uncached):
    return {
        "dataset": dataset,
        "date": "2026-01-01 12:00 UTC",
        "machine": {"nproc": 2, "cpu": "Test CPU", "os": "Linux"},
        "commit": "abc1234",
        "database": "SQLite 3.40.1",
        "size": {"publications": 30, "people": 10, "events": 5},
        "seconds": 5,
        "cache": "Redis",
        "pages": [
            {"name": "bare view", "path": "/bench/bare/", "kb": 20.0}
            | {"cached": measured(2000), "uncached": measured(2000)},
            {"name": "home", "path": "/", "kb": 36.0}
            | {"cached": measured(1500), "uncached": measured(home_uncached)},
            {"name": "search (exiles)", "path": "/search/?q=exiles", "kb": 17.0}
            | {"cached": measured(1000, p95=8.0), "uncached": measured(80, p95=120.0)},
        ],
    }


def test_the_report_shows_each_page_as_a_share_of_the_bare_view():
    text = results.markdown(a_run("demo", home_uncached=600))
    assert "2 cores, Test CPU" in text
    assert "30 published publications, 10 people, 5 published events" in text
    assert "| home | `/` | 36 | 1500 | 5.0 | 10.0 | 75.0 | 600 | 5.0 | 10.0 | 30.0 |" in text
    assert "home, cached: 75.0 % of the bare view (target ≥ 70 %): met" in text
    assert "home, uncached: 30.0 % of the bare view (target ≥ 25 %): met" in text
    assert "search p95, uncached: 120.0 ms" in text


def test_the_bulk_report_compares_with_the_demo():
    text = results.markdown(a_run("bulk", home_uncached=300), a_run("demo", home_uncached=600))
    assert "home, uncached: 30.0 % of the bare view on the demo, 15.0 % at 30: factor 2.00" in text
    assert "home, cached: 75.0 % of the bare view on the demo, 75.0 % at 30: factor 1.00" in text


def test_the_bare_view_measured_twice_counts_as_the_mean_and_shows_the_drift():
    run = a_run("demo", home_uncached=600)
    bare = run["pages"][0]
    bare["uncached"] = results.merge_runs(measured(2400), measured(1600))
    assert bare["uncached"]["rps"] == 2000
    text = results.markdown(run)
    assert "start and the end of each run: uncached 2400 → 1600 req/s." in text
    assert "home, uncached: 30.0 % of the bare view" in text


def fault_run(per_second):
    return measured(20) | {"per_second": per_second}


def test_a_fault_run_passes_with_errors_only_while_the_database_is_down():
    start = 1_000
    per_second = [[start + n, 20, 15 if n in (12, 13) else 0] for n in range(20)]
    lines = _fault_lines(fault_run(per_second), start, (start + 12.2, start + 13.6), {}, [1], [1])
    assert "| 12 | 20 | 15 | PostgreSQL restarting |" in lines
    assert "| 11 | 20 | 0 |  |" in lines
    assert lines[-1].startswith("Verdict: PASS")


def test_a_fault_run_fails_when_errors_go_on_after_the_restart():
    start = 1_000
    per_second = [[start + n, 20, 5 if n >= 12 else 0] for n in range(20)]
    lines = _fault_lines(fault_run(per_second), start, (start + 12.2, start + 13.6), {}, [1], [1])
    assert "- Errors outside the restart (+2 s): 15; socket errors: 0" in lines
    assert lines[-1].startswith("Verdict: FAIL")
    replaced = _fault_lines(fault_run([]), start, (start + 1, start + 2), {"/": 500}, [1], [2])
    assert "- Every page after the run: NOT 200: {'/': 500}" in replaced
    assert replaced[-1].startswith("Verdict: FAIL")
