"""Every query of every kind of public page, as PostgreSQL plans it.

Run it against a large archive (``seed_bulk``) to see which queries grow with it:

    manage.py explain_pages             # plans; flags big tables read whole
    manage.py explain_pages --analyze   # runs each query too: its time, and a flag when it
                                        # reads more than --max-rows rows of a big table
    manage.py explain_pages --strict    # plans as if sequential scans were unaffordable: a
                                        # whole read left means no index can serve the query

It exits with an error when a query that every request of a reader's page runs reads a big
table whole. Queries whose result is kept once per content change (page_cache.per_generation)
are shown apart and not counted: each content change pays for them once.
"""

import json
from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from website.page_samples import sample_pages

#: Tables that grow with the archive: a reader's page must never read them whole.
BIG_TABLES = frozenset(
    {
        "publications_publication",
        "publications_authorship",
        "publications_publicationtopic",
        "publications_publication_regions",
        "publications_publication_experts_quoted",
        "events_event",
        "events_eventspeaker",
        "events_eventtopic",
    }
)


def plan_nodes(node):
    yield node
    for child in node.get("Plans", []):
        yield from plan_nodes(child)


def whole_table_reads(plan):
    """Big tables a plan reads whole: a sequential scan, or an index walked end to end with
    no condition (what the planner picks when sequential scans are priced out), unless a
    Limit above it stops the walk early (the newest twenty, say)."""
    found = set()

    def visit(node, limited):
        table = node.get("Relation Name")
        unbounded_index = node["Node Type"] in {"Index Scan", "Index Only Scan"} and not (
            node.get("Index Cond") or limited
        )
        if table in BIG_TABLES and (node["Node Type"] == "Seq Scan" or unbounded_index):
            found.add(table)
        for child in node.get("Plans", []):
            visit(child, limited or node["Node Type"] == "Limit")

    visit(plan["Plan"], limited=False)
    return sorted(found)


def rows_read(plan):
    """{big table: rows the executed plan read from it, filtered-out rows included}."""
    read = {}
    for node in plan_nodes(plan["Plan"]):
        table = node.get("Relation Name")
        if table in BIG_TABLES and "Actual Rows" in node:
            rows = (node["Actual Rows"] + node.get("Rows Removed by Filter", 0)) * node.get(
                "Actual Loops", 1
            )
            read[table] = read.get(table, 0) + rows
    return read


class Command(BaseCommand):
    help = "EXPLAIN every query of every kind of public page (PostgreSQL)."

    def add_arguments(self, parser):
        parser.add_argument("--analyze", action="store_true", help="Run the queries and time them.")
        parser.add_argument(
            "--strict",
            action="store_true",
            help="Plan with sequential scans made unaffordable (enable_seqscan = off).",
        )
        parser.add_argument(
            "--max-rows",
            type=int,
            default=5000,
            help="With --analyze: flag a query reading more rows than this from a big table.",
        )
        parser.add_argument("--page", action="append", help="Only these page labels.")
        parser.add_argument("--verbose-plans", action="store_true", help="Print every plan.")

    def handle(self, *args, page, **options):
        if connection.vendor != "postgresql":
            raise CommandError("explain_pages needs PostgreSQL (set DATABASE_URL).")
        pages = sample_pages()
        if page:
            pages = {label: url for label, url in pages.items() if label in page}
        problems = []
        for label, url in pages.items():
            # The first request also fills what is kept once per content change
            # (page_cache.per_generation); the second shows what every request costs.
            first, every_request = self.capture(url), self.capture(url)
            once = Counter(first) - Counter(every_request)
            self.stdout.write(f"\n{label}: {url} ({len(every_request)} queries per request)")
            problems += [f"{label} {flag}" for flag in self.report(every_request, **options)]
            if once:
                self.stdout.write(f"  and once per content change ({once.total()} queries):")
                self.report(list(once.elements()), **options)
        if problems:
            raise CommandError("Whole-table reads on readers' pages:\n" + "\n".join(problems))
        self.stdout.write(self.style.SUCCESS("\nNo page reads a big table whole on every request."))

    def report(self, queries, *, analyze, strict, max_rows, verbose_plans, **options):
        """Print each query's plan; return a line for each that reads a big table whole."""
        flags, total_ms = [], 0.0
        for number, sql in enumerate(queries, 1):
            plan = self.explain(sql, analyze=analyze, strict=strict)
            scans = whole_table_reads(plan)
            if analyze:
                scans += [
                    f"{table} ({rows:,} rows)"
                    for table, rows in rows_read(plan).items()
                    if rows > max_rows and table not in scans
                ]
            took = plan.get("Execution Time")
            total_ms += took or 0.0
            timing = f"{took:8.1f} ms" if took is not None else ""
            cost = plan["Plan"]["Total Cost"]
            flag = f"  READS WHOLE {', '.join(scans)}" if scans else ""
            self.stdout.write(f"  {number:2d}. cost {cost:12.1f} {timing}{flag}  {sql[:110]}")
            if verbose_plans or scans:
                self.stdout.write(json.dumps(plan["Plan"], indent=1)[:4000])
            if scans:
                flags.append(f"query {number}: reads the whole of {', '.join(scans)}")
        if analyze:
            self.stdout.write(f"  total {total_ms:.1f} ms in the database")
        return flags

    def capture(self, url):
        client = Client()
        with (
            override_settings(ALLOWED_HOSTS=["*"], PAGE_CACHE=False, SECURE_SSL_REDIRECT=False),
            CaptureQueriesContext(connection) as captured,
        ):
            response = client.get(url)
        if response.status_code != 200:
            raise CommandError(f"{url} answered {response.status_code}")
        return [
            query["sql"]
            for query in captured.captured_queries
            if query["sql"].lstrip().upper().startswith(("SELECT", "WITH"))
        ]

    def explain(self, sql, *, analyze, strict):
        options = "FORMAT JSON" + (", ANALYZE" if analyze else "")
        with connection.cursor() as cursor:
            if strict:
                cursor.execute("SET enable_seqscan = off")
            try:
                cursor.execute(f"EXPLAIN ({options}) {sql}")  # the site's own captured SQL
                return cursor.fetchone()[0][0]
            finally:
                if strict:
                    cursor.execute("RESET enable_seqscan")
