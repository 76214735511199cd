"""One line for each revision in the history: which fields it changed since the one before.

The history shows fifty revisions a page, so the line is worked out from the rows themselves
(compare() describes values, which costs queries): the page is read with one revision more,
the one before its last, and the relations of all of them in one query per relation.
"""

from collections import defaultdict

from django.utils.text import get_text_list

from editorial.revisions import content_fields, tracked_m2m_fields


def _recorded_links(revisions, field):
    """{history_id: the rows of `field` each revision recorded}, for all of them at once."""
    through = field.remote_field.through
    source = field.m2m_field_name()
    compared = [f.attname for f in through._meta.concrete_fields if f.name not in {"id", source}]
    recorded = getattr(type(revisions[0]), field.name).model._default_manager
    links = defaultdict(list)
    for history_id, *values in recorded.filter(
        history_id__in=[revision.history_id for revision in revisions]
    ).values_list("history_id", *compared):
        links[history_id].append(tuple(values))
    return {history_id: sorted(rows, key=repr) for history_id, rows in links.items()}


def summary(older, newer, links):
    """What `newer` changed since `older`, in a line: "Changed title, body and topics"."""
    if newer.history_type == "-":
        return "Deleted"
    if older is None:
        return "Created" if newer.history_type == "+" else "Earliest revision kept"
    model = newer.instance_type
    changed, status = [], ""
    for field in content_fields(model):
        before, after = getattr(older, field.attname), getattr(newer, field.attname)
        if before == after:
            continue
        if field.name == "status":
            names = dict(field.flatchoices)
            status = f"Status: {names.get(before, before)} → {names.get(after, after)}"
        else:
            changed.append(str(field.verbose_name))
    for field in tracked_m2m_fields(model):
        recorded = links[field.name]
        if recorded.get(older.history_id, []) != recorded.get(newer.history_id, []):
            changed.append(str(field.verbose_name))
    if hasattr(model, "topics") and older.topic_ids != newer.topic_ids:
        changed.append("topics")
    if not changed:
        return status or "No content change"
    fields = get_text_list(changed, "and")
    return f"{status}; changed {fields}" if status else f"Changed {fields}"


def with_summaries(page, history):
    """The revisions of `page` (of `history`, newest first), each with its `summary`."""
    if not page.paginator.count:
        return []
    start = page.start_index() - 1
    revisions = list(history[start : start + page.paginator.per_page + 1])
    shown = revisions[: page.paginator.per_page]
    model = shown[0].instance_type
    links = {field.name: _recorded_links(revisions, field) for field in tracked_m2m_fields(model)}
    for newer, older in zip(shown, [*revisions[1:], None], strict=False):
        newer.summary = summary(older, newer, links)
    return shown
