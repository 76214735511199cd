"""The admin of redirects: old address → new address, added by hand or imported from a CSV
file, each checked so that none makes a loop or starts at a page readers can see.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from editorial.models import Redirect
from editorial.redirect_import import MAX_CSV_ROWS, check_csv, save_redirects
from editorial.redirects import check_redirects, request_path, shown


class RedirectForm(forms.ModelForm):
    class Meta:
        model = Redirect
        fields = ["old_path", "new_path"]

    def clean(self):
        cleaned_data = super().clean()
        old, new = cleaned_data.get("old_path"), cleaned_data.get("new_path")
        if not (old and new):
            return cleaned_data
        others = list(
            Redirect.objects.exclude(pk=self.instance.pk).values_list("old_path", "new_path")
        )
        checked = check_redirects([(None, old, new)], others)
        for problem in checked.problems:
            self.add_error(problem.field, str(problem))
        if checked.redirects:
            [(key, _new)] = checked.redirects.items()
            if any(request_path(other) == key for other, _ in others):
                self.add_error(
                    "old_path",
                    f"A redirect from {shown(key)} already exists. Change that one instead.",
                )
            cleaned_data["old_path"] = key
        return cleaned_data


class RedirectImportForm(forms.Form):
    csv_file = forms.FileField(
        label="CSV file",
        help_text=(
            "One redirect per line: the old path, a comma, the new path. A first line "
            "“old_path,new_path” is read as a header. UTF-8 text, at most 2 MB and "
            f"{MAX_CSV_ROWS:,} lines."
        ),
    )

    def clean_csv_file(self):
        upload = self.cleaned_data["csv_file"]
        try:
            self.redirects = check_csv(upload)
        except ValidationError as error:
            raise ValidationError(error.messages) from None
        return upload


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    """Old addresses that answer 301: made by slug changes, by hand and by CSV import."""

    form = RedirectForm
    # Django would pick the editorial app's change form, the one of things staff publish.
    change_form_template = "admin/change_form.html"
    list_display = ["old_path", "new_path", "created_at", "created_by"]
    list_select_related = ["created_by"]
    search_fields = ["old_path", "new_path"]
    readonly_fields = ["created_at", "created_by"]
    list_per_page = 100

    def get_fields(self, request, obj=None):
        return ["old_path", "new_path", *(self.readonly_fields if obj else [])]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="editorial_redirect_import",
            ),
            *super().get_urls(),
        ]

    def may_import(self, request):
        """Importing adds some redirects and changes others, so it needs both permissions."""
        return self.has_add_permission(request) and self.has_change_permission(request)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            "import_url": reverse("admin:editorial_redirect_import")
            if self.may_import(request)
            else None,
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    def import_view(self, request):
        if not self.may_import(request):
            raise PermissionDenied
        if request.method == "POST":
            form = RedirectImportForm(request.POST, request.FILES)
            if form.is_valid():
                saved = save_redirects(form.redirects, request.user)
                self.message_user(
                    request,
                    import_summary(saved, form.cleaned_data["csv_file"].name),
                    messages.SUCCESS,
                )
                return redirect("admin:editorial_redirect_changelist")
        else:
            form = RedirectImportForm()
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "app_label": opts.app_label,
            "title": "Import redirects from a CSV file",
            "form": form,
            "max_rows": f"{MAX_CSV_ROWS:,}",
        }
        return TemplateResponse(request, "admin/editorial/redirect/import.html", context)


def import_summary(saved, filename):
    counts = [
        (saved.created, "added"),
        (saved.updated, "changed to the new path in the file"),
        (saved.unchanged, "already there as they were"),
    ]
    total = saved.created + saved.updated + saved.unchanged
    parts = ", ".join(f"{count:,} {what}" for count, what in counts if count)
    return f"Imported {total:,} redirect{'s' if total != 1 else ''} from “{filename}”: {parts}."
