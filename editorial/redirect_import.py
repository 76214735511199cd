"""Redirects from a CSV file: sites moving here bring the addresses readers knew.

One redirect per line, `old_path,new_path`, checked like a redirect added by hand
(editorial.redirects.check_redirects) and saved all together or not at all. Whatever is
uploaded, the answer is a list of what is wrong with it, never an error page.
"""

import codecs
import csv
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from editorial.models import Redirect
from editorial.redirects import Problem, check_redirects, request_path

MAX_CSV_BYTES = 2 * 1024 * 1024
MAX_CSV_ROWS = 20_000
#: More problems than this are counted, not listed, so the page stays readable.
LISTED_PROBLEMS = 100
CSV_HEADER = ["old_path", "new_path"]


SAVE_AS_CSV = "Save it from the spreadsheet as “CSV UTF-8” and upload that file."


def read_csv(upload):
    """(line number, old path, new address) for each row of an uploaded CSV file.

    UTF-8 with or without a byte-order mark; a first row `old_path,new_path` is a header.
    Anything that is not such a file raises ValidationError saying why; a row with the
    wrong number of values is a Problem for its line. Returns (rows, problems).
    """
    if upload.size > MAX_CSV_BYTES:
        raise ValidationError(
            f"The file is {upload.size / 1024 / 1024:.1f} MB; at most 2 MB can be imported at "
            "once. Split it into smaller files."
        )
    data = upload.read(MAX_CSV_BYTES + 1)
    if len(data) > MAX_CSV_BYTES:
        raise ValidationError("The file is larger than 2 MB. Split it into smaller files.")
    data = data.removeprefix(codecs.BOM_UTF8)
    if b"\x00" in data:
        raise ValidationError(
            "The file holds NUL bytes, so it is not a CSV text file (a spreadsheet's own "
            f"format, or UTF-16 text?). {SAVE_AS_CSV}"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ValidationError(
            f"The file is not UTF-8 text: byte {error.start + 1} is not valid UTF-8. {SAVE_AS_CSV}"
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    rows, problems = [], []
    line_ended = 0
    try:
        for values in reader:
            # A quoted value may span lines: a row is named by the line it starts on.
            line, line_ended = line_ended + 1, reader.line_num
            values = [value.strip() for value in values]
            while values and not values[-1]:
                values.pop()
            if not values:
                continue
            if not rows and not problems and [value.lower() for value in values] == CSV_HEADER:
                continue
            if len(rows) + len(problems) == MAX_CSV_ROWS:
                raise ValidationError(
                    f"The file holds more than {MAX_CSV_ROWS:,} redirects; at most "
                    f"{MAX_CSV_ROWS:,} can be imported at once. Split it into smaller files."
                )
            if len(values) != 2:
                problems.append(
                    Problem(
                        line,
                        None,
                        f"{len(values)} value{'s' if len(values) > 1 else ''} where two are "
                        "expected: the old path and the new path, separated by a comma",
                    )
                )
                continue
            rows.append((line, *values))
    except csv.Error as error:
        raise ValidationError(
            f"Line {line_ended + 1} cannot be read as CSV ({error}). Nothing was imported."
        ) from None
    if not rows and not problems:
        raise ValidationError(
            "The file holds no redirects: one line per redirect, old_path,new_path."
        )
    return rows, problems


def check_csv(upload):
    """The redirects in an uploaded CSV file, checked, or ValidationError naming every line
    with a problem. All or nothing: one bad line and none is imported."""
    rows, problems = read_csv(upload)
    checked = check_redirects(rows, Redirect.objects.values_list("old_path", "new_path"))
    problems = sorted(problems + checked.problems, key=lambda problem: problem.line)
    if problems:
        lines = len({problem.line for problem in problems})
        messages = [
            f"Nothing was imported: {lines} line{'s' if lines > 1 else ''} of the file "
            f"{'have' if lines > 1 else 'has'} problems. Correct them and upload the file again.",
            *(str(problem) for problem in problems[:LISTED_PROBLEMS]),
        ]
        if len(problems) > LISTED_PROBLEMS:
            messages.append(f"…and {len(problems) - LISTED_PROBLEMS:,} more problems.")
        raise ValidationError(messages)
    return checked.redirects


@dataclass
class Saved:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@transaction.atomic
def save_redirects(redirects, user=None):
    """Save {old path: new address}, made by `user`: a redirect from the same old path
    (however it was written) is updated. Returns how many were created, updated and left as
    they were."""
    saved = Saved()
    current = {}
    for redirect in Redirect.objects.only("pk", "old_path", "new_path"):
        current.setdefault(request_path(redirect.old_path) or redirect.old_path, redirect)
    rows, written_otherwise = [], []
    for old, new in redirects.items():
        redirect = current.get(old)
        if redirect is not None and (redirect.old_path, redirect.new_path) == (old, new):
            saved.unchanged += 1
            continue
        if redirect is None:
            saved.created += 1
        else:
            saved.updated += 1
            if redirect.old_path != old:
                written_otherwise.append(redirect.pk)
        rows.append(Redirect(old_path=old, new_path=new, created_by=user))
    # A redirect from the same path written another way ("/é" for "/%C3%A9") gives way to
    # the one written as browsers send it.
    for start in range(0, len(written_otherwise), 500):
        Redirect.objects.filter(pk__in=written_otherwise[start : start + 500]).delete()
    # One insert-or-update per batch: thousands of single-row UPDATEs would cost seconds. A
    # changed redirect keeps who made it and when; only where it leads is new.
    Redirect.objects.bulk_create(
        rows,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["old_path"],
        update_fields=["new_path"],
    )
    return saved
