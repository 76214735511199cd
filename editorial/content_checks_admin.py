"""Content checks in the admin: a panel on the change form, a stop on "Publish" and "Schedule"
while there are warnings nobody has read, and the length of the text under it."""

from django import forms
from django.contrib import admin, messages
from django.utils.html import format_html

from editorial.content_checks import BODY_FIELDS, WORDS_PER_MINUTE, body_length, run_checks
from editorial.workflow import add_panel

#: Sent with "_publish" or "_schedule" by an editor who has read the warnings: publish anyway.
PAST_CHECKS_FLAG = "_publish_past_checks"
#: The value of the "Publish anyway" button: a button sends one name, and it must be the
#: action's (other mixins look for "_publish"), so the button says "anyway" with its value.
PAST_CHECKS_VALUE = "past-checks"
GOING_LIVE = {"publish": "_publish", "schedule": "_schedule"}
ANYWAY_LABELS = {"publish": "Publish anyway", "schedule": "Schedule anyway"}


def publishes_past_checks(data, action):
    key = GOING_LIVE.get(action)
    return data.get(PAST_CHECKS_FLAG) == "1" or (key and data.get(key) == PAST_CHECKS_VALUE)


class ContentChecksFormMixin:
    """Runs the checks on what was submitted; "Publish" or "Schedule" stops at warnings unless
    the editor publishes past them, and a link readers cannot follow stops it always.

    `action` is set per request by PublishingAdminMixin.get_form."""

    content_checks = None
    refused_action = None

    def submitted_values(self):
        """The values the checks read, by field name: cleaned where the field is valid, as
        typed where it is not (a body refused for its links is checked all the same)."""
        return {
            name: self.cleaned_data[name] if name in self.cleaned_data else self[name].data
            for name in self.fields
        }

    def clean(self):
        cleaned_data = super().clean()
        named = self.named_people() if hasattr(self, "named_people") else None
        self.content_checks = run_checks(self.instance, self.submitted_values(), named)
        action = getattr(self, "action", None)
        if action not in GOING_LIVE:
            return cleaned_data
        verb = "published" if action == "publish" else "scheduled"
        noun = self._meta.model._meta.verbose_name
        blockers = [check for check in self.content_checks if check.blocks]
        if blockers:
            raise forms.ValidationError(
                f"This {noun} cannot be {verb} while a link in it leads to a page readers "
                "cannot see. Fix the link named under “Content checks”, then try again.",
                code="content_check_blocks",
            )
        if self.content_checks and not publishes_past_checks(self.data, action):
            self.refused_action = action
            count = len(self.content_checks)
            warnings = "a content warning" if count == 1 else f"{count} content warnings"
            fix = "Fix it" if count == 1 else "Fix them"
            raise forms.ValidationError(
                f"This {noun} has not been {verb} yet: it has {warnings}, listed under "
                f"“Content checks”. {fix}, or choose “{ANYWAY_LABELS[action]}”.",
                code="content_check_warnings",
            )
        return cleaned_data


class ContentChecksAdminMixin:
    """For EditorialAdmin: the checks on the change form, on publishing and in the bulk
    "Publish selected now" (which skips items with a broken link and names those it
    published with warnings)."""

    @property
    def media(self):
        return super().media + forms.Media(js=["js/content-checks.js"])

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (ContentChecksFormMixin, form), {})

    def body_field(self):
        names = {field.name for field in self.model._meta.fields}
        return next((name for name in BODY_FIELDS if name in names), None)

    def get_fieldsets(self, request, obj=None):
        """The length of the text, read-only, right under it."""
        body = self.body_field()
        fieldsets = [(name, dict(options)) for name, options in super().get_fieldsets(request, obj)]
        for _name, options in fieldsets:
            fields = list(options["fields"])
            if body in fields and "text_length" not in fields:
                fields.insert(fields.index(body) + 1, "text_length")
                options["fields"] = fields
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return readonly if self.body_field() is None else [*readonly, "text_length"]

    @admin.display(description="length")
    def text_length(self, obj):
        # content-checks.js keeps the count current while the writer types.
        return format_html(
            '<span data-length-of="id_{}" data-words-per-minute="{}">{}</span>',
            self.body_field(),
            WORDS_PER_MINUTE,
            body_length(obj),
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        checks = getattr(form, "content_checks", None)
        if checks is None and obj is not None:
            checks = run_checks(obj)
        if checks is not None:
            refused = getattr(form, "refused_action", None)
            context.update(
                content_checks=checks,
                publish_anyway=refused
                and {
                    "name": GOING_LIVE[refused],
                    "value": PAST_CHECKS_VALUE,
                    "label": ANYWAY_LABELS[refused],
                },
            )
            add_panel(context, "top", "admin/editorial/content_checks.html")
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.action(description="Publish selected now", permissions=["publish"])
    def publish_now(self, request, queryset):
        """Editors chose these items, so warnings do not stop them; a broken link does."""
        blocked, warned = [], []
        for item in queryset.prefetch_related("topics"):
            if item.is_published:
                continue
            checks = run_checks(item)
            if any(check.blocks for check in checks):
                blocked.append(item)
            elif checks:
                warned.append(item)
        self.publish_selected(request, queryset, leave_out={item.pk for item in blocked})
        if blocked:
            self.message_user(
                request,
                f"Not published, because a link in it leads to a page readers cannot see: "
                f"{_titles(blocked)}. Open it to fix the link.",
                messages.ERROR,
            )
        if warned:
            self.message_user(
                request,
                f"Published with content warnings: {_titles(warned)}. Open each to see them.",
                messages.WARNING,
            )


def _titles(items):
    return ", ".join(f"“{item}”" for item in items)
