"""Revisions: every save of a publication, person or event is kept, and any can be restored.

django-simple-history stores the rows. We record one revision per save, after the byline,
topics and other relations are saved too (the admin saves those after the object itself),
instead of one per relation; and a revision also keeps the topics, which taggit relates
through a manager simple-history cannot follow.
"""

from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.db import models, transaction
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

from editorial.block_diff import block_diff, looks_like_html
from editorial.richtext import RichTextField
from editorial.search import refresh_search_vectors
from editorial.templatetags.revision_times import revision_time

#: Fields that describe the saving rather than the content; never compared or restored.
BOOKKEEPING_FIELDS = {
    "id",
    "version",
    "created_at",
    "updated_at",
    "created_by",
    "submitted_by",
    "submitted_at",
}
#: Workflow state stays as it is when content is restored; publishing is a separate act.
WORKFLOW_FIELDS = {"status", "publish_at"}


class RevisionExtras(models.Model):
    topic_ids = models.JSONField(default=list, blank=True)

    class Meta:
        abstract = True


class Revisions(HistoricalRecords):
    def __init__(self, **kwargs):
        super().__init__(bases=[RevisionExtras], **kwargs)

    def finalize(self, sender, **kwargs):
        if sender is not self.cls:
            return
        # Through models named by string (the byline's Authorship) are resolved only when the
        # model is registered, just after class_prepared; simple-history needs them resolved.
        opts = sender._meta
        opts.apps.lazy_model_operation(self.finalize_registered, (opts.app_label, opts.model_name))

    def finalize_registered(self, model):
        super().finalize(model)
        model._revisions = self
        pre_create_historical_record.connect(
            keep_topics, sender=getattr(model, self.manager_name).model, weak=False
        )

    def m2m_changed(self, *args, **kwargs):
        # Relations are captured with the save they belong to, not as revisions of their own.
        return

    def record(self, instance, *, created=False, user=None, reason=""):
        if user is not None:
            instance._history_user = user
        instance._change_reason = reason
        self.create_historical_record(instance, "+" if created else "~")


def keep_topics(sender, instance, history_instance, **kwargs):
    if instance.pk and hasattr(instance, "topics"):
        history_instance.topic_ids = sorted(instance.topics.values_list("pk", flat=True))


def record_revision(instance, *, created=False, user=None, reason=""):
    type(instance)._revisions.record(instance, created=created, user=user, reason=reason)


def tracked_m2m_fields(model):
    return list(model._revisions.get_m2m_fields_from_model(model))


def content_fields(model):
    return [
        field
        for field in model._meta.concrete_fields
        if field.name not in BOOKKEEPING_FIELDS and field.editable
    ]


@dataclass
class FieldChange:
    label: str
    old: str
    new: str
    diff: str = ""


def describe_relation(revision, field):
    """The related objects a revision records, as text, in their saved order."""
    if revision is None:
        return ""
    rows = list(getattr(revision, field.name).all())
    through = field.remote_field.through
    target = field.m2m_reverse_field_name()
    order = "order" if any(f.name == "order" for f in through._meta.fields) else None
    if order:
        rows.sort(key=lambda row: getattr(row, order))
    names = []
    for row in rows:
        try:
            label = str(getattr(row, target))
        except ObjectDoesNotExist:
            label = "(deleted)"
        if hasattr(row, "get_role_display"):
            label += f" ({row.get_role_display()})"
        names.append(label)
    return ", ".join(names)


def describe_topics(revision, topic_model):
    if revision is None:
        return ""
    names = dict(topic_model.objects.filter(pk__in=revision.topic_ids).values_list("pk", "name"))
    return ", ".join(names.get(pk, "(deleted)") for pk in revision.topic_ids)


def describe_value(revision, field):
    if revision is None:
        return ""
    if field.choices:
        return dict(field.flatchoices).get(getattr(revision, field.attname), "")
    if field.is_relation:
        related = getattr(revision, field.name, None)
        return "" if related is None else str(related)
    value = getattr(revision, field.attname)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def text_diff(field, old, new):
    """Long text compared block by block; HTML by its block elements, plain text by line."""
    html = isinstance(field, RichTextField) or looks_like_html(old) or looks_like_html(new)
    return block_diff(old, new, label=str(field.verbose_name).capitalize(), html=html)


def compare(older, newer, topic_model, *, with_workflow=True):
    """What changed between two revisions of the same item, field by field.

    With `older` None, everything `newer` holds counts as new: what recovering it brings
    back. Without `with_workflow`, the status and publish date are left out, as a restore
    leaves them.
    """
    model = newer.instance_type
    changes = []
    for field in content_fields(model):
        if not with_workflow and field.name in WORKFLOW_FIELDS:
            continue
        old, new = describe_value(older, field), describe_value(newer, field)
        if old != new:
            long_text = isinstance(field, models.TextField)
            changes.append(
                FieldChange(
                    str(field.verbose_name).capitalize(),
                    old,
                    new,
                    text_diff(field, old, new) if long_text else "",
                )
            )
    for field in tracked_m2m_fields(model):
        old, new = describe_relation(older, field), describe_relation(newer, field)
        if old != new:
            changes.append(FieldChange(str(field.verbose_name).capitalize(), old, new))
    if hasattr(model, "topics"):
        old, new = describe_topics(older, topic_model), describe_topics(newer, topic_model)
        if old != new:
            changes.append(FieldChange("Topics", old, new))
    return changes


class RestoreRefused(Exception):
    """The revision cannot come back as it was; the message says why, for the editor."""


@transaction.atomic
def restore(revision, *, user, topic_model):
    """Make the item what `revision` recorded; a deleted item comes back as a draft.

    The restore is itself a new revision, so nothing is lost by restoring. Returns the item
    and the number of links left out because what they pointed to has since been deleted.
    """
    model = revision.instance_type
    live = model.objects.select_for_update().filter(pk=revision.id).first()
    slug = getattr(revision, "slug", None)
    if slug and model.objects.filter(slug=slug).exclude(pk=revision.id).exists():
        then = "recover this one" if live is None else "restore this revision"
        raise RestoreRefused(
            f"Another {model._meta.verbose_name} now uses the address “{slug}”. Change its "
            f"slug first, then {then}."
        )
    item = live or revision.instance
    for field in content_fields(model):
        if live is not None and field.name in WORKFLOW_FIELDS:
            continue
        setattr(item, field.attname, getattr(revision, field.attname))
    if live is None and hasattr(item, "status"):
        item.status = "draft"
    item.version = (live.version if live else revision.version) + 1
    item.skip_history_when_saving = True
    left_out = 0
    try:
        item.save()
        for field in tracked_m2m_fields(model):
            left_out += _restore_links(item, revision, field)
        if hasattr(item, "topics"):
            item.topics.set(list(topic_model.objects.filter(pk__in=revision.topic_ids)))
    finally:
        del item.skip_history_when_saving
    if hasattr(model, "search_vector_expression"):
        # The links were rewritten in bulk, without the signals that keep the vector current.
        refresh_search_vectors(model.objects.filter(pk=item.pk))
    record_revision(
        item,
        created=live is None,
        user=user,
        reason=f"Restored the revision of {revision_time(revision.history_date)}"
        + ("" if live else " (recovered)"),
    )
    return item, left_out


def _linked_rows(revision, field):
    """The rows of one relation `revision` recorded, split into those that can be put back
    and the number that cannot, because the person or publication they named is deleted."""
    through = field.remote_field.through
    source = through._meta.get_field(field.m2m_field_name())
    targets = [f for f in through._meta.concrete_fields if f.is_relation and f != source]
    rows = list(getattr(revision, field.name).all())
    existing = {
        target.name: set(
            target.related_model.objects.filter(
                pk__in=[getattr(row, target.attname) for row in rows]
            ).values_list("pk", flat=True)
        )
        for target in targets
    }
    kept = [
        row
        for row in rows
        if all(getattr(row, target.attname) in existing[target.name] for target in targets)
    ]
    return kept, len(rows) - len(kept)


def links_left_out(revision):
    """How many links restoring `revision` would leave out: they name deleted items."""
    model = revision.instance_type
    return sum(_linked_rows(revision, field)[1] for field in tracked_m2m_fields(model))


def _restore_links(item, revision, field):
    """Put back the rows of one relation as `revision` recorded them; return how many could
    not be, because the person or publication they pointed to no longer exists."""
    through = field.remote_field.through
    source = through._meta.get_field(field.m2m_field_name())
    copied = [f.attname for f in through._meta.concrete_fields if f.name not in {"id", source.name}]
    kept, left_out = _linked_rows(revision, field)
    through.objects.filter(**{source.name: item}).delete()
    through.objects.bulk_create(
        through(**{name: getattr(row, name) for name in copied}, **{source.name: item})
        for row in kept
    )
    return left_out
