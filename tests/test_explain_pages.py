"""Every query of every reader's page has an index to use on PostgreSQL (manage.py explain_pages).

With sequential scans priced out (``--strict``), a Seq Scan left on a big table means no index
can serve that query: at 100,000 publications it would read the whole table on every request.
"""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tests.factories import make_event, make_person, make_publication, make_region, make_topic

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL plans only"),
]


@pytest.fixture
def archive():
    topic = make_topic("Global Policy")
    region = make_region("Eastern Europe")
    expert = make_person("Nadia Rahimi", is_expert=True)
    expert.topics.set([topic])
    for number in range(3):
        make_publication(
            f"Security policy note {number}", authors=[expert], topics=[topic], regions=[region]
        )
    make_event("Security forum", speakers=[expert], topics=[topic], regions=[region])


def test_no_readers_page_needs_a_sequential_scan_of_a_big_table(archive):
    output = StringIO()

    call_command("explain_pages", "--strict", stdout=output)

    report = output.getvalue()
    for page in ("home", "list", "detail", "topic", "expert", "events list", "search, phrase"):
        assert f"\n{page}" in report
    assert "READS WHOLE" not in report


def test_a_query_reading_more_rows_than_allowed_is_reported(archive):
    """At 100,000 publications --analyze shows what each query reads; here three rows is
    already too many, so the archive's listing must be reported."""
    with pytest.raises(CommandError, match=r"reads the whole of publications_publication \("):
        call_command(
            "explain_pages", "--analyze", "--max-rows", "2", "--page", "list", stdout=StringIO()
        )
