"""What the admin's forms submit, built the way a browser would post them."""

from http import HTTPStatus

from django.urls import reverse
from django.utils import timezone

from events.models import EventKind
from tests.factories import make_type


def admin_url(model, action, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{action}", args=args)


def change_url(obj):
    return admin_url(type(obj), "change", obj.pk)


def inline_management(prefix, total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def local_parts(moment, prefix):
    """A date-time field as the admin's split widget posts it, in the site's time zone."""
    local = timezone.localtime(moment)
    return {f"{prefix}_0": local.strftime("%Y-%m-%d"), f"{prefix}_1": local.strftime("%H:%M:%S")}


def publication_form_data(**overrides):
    data = {
        "title": "A new brief",
        "slug": "a-new-brief",
        "type": str(make_type("Peace Brief").pk),
        "summary": "Two sentences for the cards.",
        "body": "<p>Text</p>",
        "status": "published",
        "publish_at_0": "2025-05-01",
        "publish_at_1": "09:00:00",
        **inline_management("authorships"),
        **inline_management("related_links"),
    }
    data.update(overrides)
    return data


def event_form_data(event=None, **overrides):
    """The event form as posted: `event` as it stands, or else (no event) a new upcoming panel
    in Almaty, typed as its organizer would: 3 pm to 4:30 pm local time. No speakers."""
    data = _existing_event_fields(event) if event is not None else _new_event_fields()
    data.update(inline_management("speaker_links"))
    data.update(overrides)
    return data


def _new_event_fields():
    return {
        "title": "Water and the Steppe",
        "slug": "water-and-the-steppe",
        "kind": str(EventKind.objects.get(slug="forum").pk),
        "description": "<p>A panel.</p>",
        "starts_at_0": "2030-10-15",
        "starts_at_1": "15:00:00",
        "ends_at_0": "2030-10-15",
        "ends_at_1": "16:30:00",
        "timezone": "Asia/Almaty",
        "venue_name": "Hotel Kazakhstan",
        "status": "published",
        "publish_at_0": "2025-01-02",
        "publish_at_1": "09:00:00",
        "summary": "",
        "video_url": "",
        "edit_version": "",
    }


def _existing_event_fields(event):
    return {
        "title": event.title,
        "slug": event.slug,
        "kind": str(event.kind_id),
        "description": event.description,
        **local_parts(event.starts_at, "starts_at"),
        **local_parts(event.ends_at, "ends_at"),
        "timezone": event.timezone,
        "status": event.status,
        **local_parts(event.publish_at, "publish_at"),
        "summary": event.summary,
        "video_url": event.video_url,
        "edit_version": str(event.version),
    }


def form_errors(response):
    """The errors of an admin change form, to show why a post was refused."""
    context = response.context
    if context is None:
        return response.content[:500]
    errors = []
    if "adminform" in context:
        errors.append(context["adminform"].form.errors)
    for formset in context.get("inline_admin_formsets", []):
        errors.append(formset.formset.errors)
        errors.append(formset.formset.non_form_errors())
    return errors


def admin_post(client, url, data):
    """Post an admin form that must be accepted (a redirect), or fail with its errors."""
    response = client.post(url, data)
    assert response.status_code == HTTPStatus.FOUND, form_errors(response)
    return response
