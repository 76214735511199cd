"""Two people editing one item at once: the second save is refused, nothing is lost."""

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from editorial.internal_links import InternalLinksForm


class EditGuardForm(InternalLinksForm):
    """Refuses a save based on a version someone else has saved over in the meantime.

    (Every admin form of a written item builds on this one, so its rich-text links are
    checked too: see InternalLinksForm.)

    The form is re-shown with everything the second person typed; the first person's
    save stands. Nothing of either is lost.
    """

    edit_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["edit_version"].initial = self.instance.version

    def clean(self):
        cleaned_data = super().clean()
        self.current_version = self.instance.version
        if not self.instance.pk:
            return cleaned_data
        # The admin validates and saves inside one transaction: lock the row so two saves
        # cannot both pass this check.
        model = type(self.instance)
        current = model.objects.select_for_update().filter(pk=self.instance.pk).first()
        if current is None:
            raise forms.ValidationError("Someone deleted this item while you were editing it.")
        self.current_version = current.version
        if cleaned_data.get("edit_version") != current.version:
            # The re-shown form carries the new version: saving it again is a decision taken
            # knowingly, and the other person's text stays in the history either way.
            self.data = self.data.copy()
            self.data["edit_version"] = str(current.version)
            raise forms.ValidationError(self.conflict_message(current), code="edit_conflict")
        return cleaned_data

    def conflict_message(self, current):
        latest = current.history.select_related("history_user").first()
        who = str(latest.history_user) if latest and latest.history_user else "Someone"
        when = timezone.localtime(latest.history_date if latest else current.updated_at)
        opts = current._meta
        history_url = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_history", args=[current.pk]
        )
        return format_html(
            "{} saved this {} at {} while you were editing it, so your changes have not been "
            "saved yet: everything you typed is still in the form below. "
            '<a href="{}" target="_blank">See what they changed</a> (opens in a new tab), '
            "bring their changes into yours if you want them, then save again. Their version "
            "stays in the history whatever you decide.",
            who,
            opts.verbose_name,
            date_format(when, "DATETIME_FORMAT"),
            history_url,
        )


class EditGuardMixin:
    form = EditGuardForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = [(name, dict(options)) for name, options in super().get_fieldsets(request, obj)]
        first = fieldsets[0][1]
        first["fields"] = [*first["fields"], "edit_version"]
        return fieldsets

    def save_model(self, request, obj, form, change):
        if change:
            obj.version = form.current_version + 1
        super().save_model(request, obj, form, change)
