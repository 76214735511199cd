"""A live event cannot be used to make people or topics public without an editor.

Anyone named on a published event gets a public page, and a topic used on one is listed for
readers, so adding a speaker or a topic to a live (or scheduled) event publishes them.
Organizers may keep editing live events (to post summaries), so the event admin checks every
path by which a new speaker or topic reaches one: the form, and restoring a revision.
"""

from django import forms
from django.contrib import messages
from django.forms.models import BaseInlineFormSet
from django.shortcuts import get_object_or_404, redirect

from editorial.approval import may_approve_topics, topics_not_yet_public, unapproved_topic_message
from editorial.models import Status
from people.approval import may_approve_people, not_yet_public, unapproved_person_message

GOING_LIVE_ACTIONS = ("_publish", "_schedule")


def goes_live(request, event):
    """Whether the event is public or scheduled, or this request publishes or schedules it."""
    if event is not None and event.status == Status.PUBLISHED:
        return True
    if request.method != "POST":
        return False
    return request.POST.get("status") == Status.PUBLISHED or any(
        action in request.POST for action in GOING_LIVE_ACTIONS
    )


class ApprovedSpeakersFormSet(BaseInlineFormSet):
    """Speakers of an event; on a live one, newcomers must already have a public page unless
    the person saving may make people public. Speakers already on it stay as they are."""

    approval_needed = False

    def clean(self):
        super().clean()
        if not self.approval_needed:
            return
        newcomers = {}
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("DELETE") or data.get("person") is None:
                continue
            if "person" in form.changed_data:
                newcomers[data["person"].pk] = form
        for person in not_yet_public(newcomers):
            newcomers[person.pk].add_error("person", unapproved_person_message(person))


class ApprovedSpeakersInlineMixin:
    formset = ApprovedSpeakersFormSet

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.approval_needed = goes_live(request, obj) and not may_approve_people(request.user)
        return formset


class ApprovedTopicsFormMixin:
    """The change form of a live event, saved by someone who may not make topics public:
    topics added to it must already be public. Topics already on it stay as they are."""

    def clean_topics(self):
        topics = self.cleaned_data.get("topics") or []
        current = set(self.instance.topics.values_list("pk", flat=True))
        refused = topics_not_yet_public(t for t in topics if t.pk not in current)
        if refused:
            raise forms.ValidationError([unapproved_topic_message(t) for t in refused])
        return topics


class LiveEventApprovalMixin:
    """For EventAdmin: topics added to a live event, and revisions restored onto one."""

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if not goes_live(request, obj) or may_approve_topics(request.user):
            return form
        return type(form.__name__, (ApprovedTopicsFormMixin, form), {})

    def restore_view(self, request, object_id, history_id):
        if request.method == "POST":
            event = self.get_object_or_404(request, object_id)
            revision = get_object_or_404(event.history, history_id=history_id)
            refusals = self.restore_refusals(request, event, revision)
            if refusals:
                for refusal in refusals:
                    self.message_user(request, refusal, messages.ERROR)
                return redirect("admin:events_event_history", event.pk)
        return super().restore_view(request, object_id, history_id)

    def restore_refusals(self, request, event, revision):
        """Why restoring `revision` would make someone or something public the user may not."""
        if event.status != Status.PUBLISHED:
            return []
        refusals = []
        if not may_approve_people(request.user):
            current = set(event.speaker_links.values_list("person_id", flat=True))
            restored = {row.person_id for row in revision.speakers.all()} - current
            refusals += [
                f"That revision cannot be restored: {unapproved_person_message(person)}"
                for person in not_yet_public(restored)
            ]
        if not may_approve_topics(request.user):
            current = set(event.topics.values_list("pk", flat=True))
            refusals += [
                f"That revision cannot be restored: {unapproved_topic_message(topic)}"
                for topic in topics_not_yet_public(set(revision.topic_ids) - current)
            ]
        return refusals
