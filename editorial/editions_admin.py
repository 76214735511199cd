"""Editions in the admin: an original's change form lists its editions in the site's other
languages (and which are out of date), and starts a missing one with the original's
classification filled in and its text left for the translator.

An edition is a publication or event like any other: the same workflow, roles, revisions
and review apply to it.
"""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language_info

from editorial.languages import language_name, main_language, site_languages
from editorial.workflow import add_panel

#: What a new edition takes from its original: never its words, which the translator writes.
COPIED_FROM_ORIGINAL = (
    "type",
    "kind",
    "image",
    "image_alt",
    "image_caption",
    "image_credit",
    "starts_at",
    "ends_at",
    "timezone",
    "venue_name",
    "venue_address",
    "is_online",
    "registration_url",
    "video_url",
)


class EditionInlineMixin:
    """An inline whose rows a new edition copies from its original: one form per row."""

    def get_extra(self, request, obj=None, **kwargs):
        parent_admin = self.admin_site.get_model_admin(self.parent_model)
        copied = parent_admin.edition_inline_initial(request, self) if obj is None else []
        return max(len(copied), super().get_extra(request, obj, **kwargs))


class LanguageFilter(admin.SimpleListFilter):
    title = "language"
    parameter_name = "language"

    def lookups(self, request, model_admin):
        return site_languages()

    def queryset(self, request, queryset):
        return queryset.filter(language=self.value()) if self.value() else queryset


class EditionsAdminMixin:
    """For the admin of a Publishable kind: the language on the form and in the list, and the
    editions panel on an original's change form."""

    editions_fieldset = ("Language", {"fields": ["language", "edition_of"]})
    #: {inline model: (the original's related name, fields)}: the rows (a byline, speakers)
    #: a new edition starts with, copied from its original.
    edition_inlines = {}

    def get_list_display(self, request):
        return [*super().get_list_display(request), "language_name"]

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), LanguageFilter]

    @admin.display(description="language", ordering="language")
    def language_name(self, item):
        return language_name(item.language)

    def get_fieldsets(self, request, obj=None):
        return [self.editions_fieldset, *super().get_fieldsets(request, obj)]

    def get_autocomplete_fields(self, request):
        return [*super().get_autocomplete_fields(request), "edition_of"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "language":
            return forms.TypedChoiceField(
                choices=site_languages(),
                initial=main_language(),
                # Left out of a post (a script's, say), the item is in the main language.
                required=False,
                empty_value=main_language(),
                label="Language",
                help_text="The language this item is written in.",
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def original_for_new_edition(self, request):
        """The original named by ?edition_of= on the add form, if staff may see it."""
        if not hasattr(request, "_edition_original"):
            pk = request.GET.get("edition_of", "")
            request._edition_original = (
                self.get_queryset(request).filter(pk=pk, edition_of=None).first()
                if pk.isdigit()
                else None
            )
        return request._edition_original

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        original = self.original_for_new_edition(request)
        if original is None:
            return initial
        fields = {field.name for field in self.model._meta.get_fields()}
        for name in COPIED_FROM_ORIGINAL:
            if name in fields:
                value = getattr(original, name)
                initial[name] = getattr(value, "pk", value)
        initial["topics"] = list(original.topics.all())
        initial["regions"] = list(original.regions.all())
        return initial

    def edition_inline_initial(self, request, inline):
        original = self.original_for_new_edition(request)
        spec = self.edition_inlines.get(inline.model)
        if original is None or spec is None or request.method != "GET":
            return []
        related_name, fields = spec
        return [
            {field: getattr(row, f"{field}_id", None) or getattr(row, field) for field in fields}
            for row in getattr(original, related_name).all()
        ]

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        initial = self.edition_inline_initial(request, inline)
        if initial:
            kwargs["initial"] = initial
        return kwargs

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.edition_of_id is None and obj.language == main_language():
            context["editions"] = self.editions_of(obj)
            add_panel(context, "top", "admin/editorial/editions.html")
        elif obj is not None and obj.edition_of_id is not None:
            original = obj.edition_of
            context["edition_original"] = {
                "language": language_label(obj.language).capitalize(),
                "title": str(original),
                "url": reverse(self.url_name("change"), args=[original.pk]),
                "out_of_date": original.updated_at > obj.updated_at,
            }
            add_panel(context, "top", "admin/editorial/editions.html")
        return super().render_change_form(request, context, add, change, form_url, obj)

    def url_name(self, view):
        opts = self.model._meta
        return f"admin:{opts.app_label}_{opts.model_name}_{view}"

    def editions_of(self, original):
        """One row per other language: the edition with its state, or a link to start it."""
        existing = {edition.language: edition for edition in original.editions.all()}
        rows = []
        for code, name in site_languages():
            if code == original.language:
                continue
            edition = existing.get(code)
            if edition is None:
                query = urlencode({"edition_of": original.pk, "language": code})
                rows.append(
                    {
                        "language": name,
                        "add_url": f"{reverse(self.url_name('add'))}?{query}",
                        "add_label": f"Add {language_label(code)} edition",
                    }
                )
                continue
            rows.append(
                {
                    "language": name,
                    "edition": edition,
                    "url": reverse(self.url_name("change"), args=[edition.pk]),
                    "state": edition.state_label,
                    "out_of_date": original.updated_at > edition.updated_at,
                }
            )
        return rows


def language_label(code):
    """A language's English name for the admin, which stays in English ("Russian")."""
    try:
        return get_language_info(code)["name"]
    except KeyError:
        return code


def other_languages():
    return [(code, name) for code, name in site_languages() if code != main_language()]


class TranslationsFormMixin:
    """Form fields for a JSON field of translations: `translation_fields` lists (form field
    name, language code, key), the key None when the JSON maps each language to one text."""

    translation_fields = ()
    translations_attribute = "translations"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        stored = getattr(self.instance, self.translations_attribute) or {}
        for name, code, key in self.translation_fields:
            value = stored.get(code) or ({} if key else "")
            self.fields[name].initial = value.get(key, "") if key else value

    def clean(self):
        cleaned_data = super().clean()
        translations = {}
        for name, code, key in self.translation_fields:
            text = (cleaned_data.get(name) or "").strip()
            if not text:
                continue
            if key:
                translations.setdefault(code, {})[key] = text
            else:
                translations[code] = text
        setattr(self.instance, self.translations_attribute, translations)
        return cleaned_data


class TranslationsAdminMixin:
    """One form field per text and other site language, after the main text's fieldsets:
    `translated_texts` maps each translated text (a key in the JSON, or None for a JSON of
    one text per language) to a function making its form field for a language's name."""

    translated_texts = {}
    translations_attribute = "translations"

    def translation_form_fields(self):
        return {
            f"{key or self.translations_attribute}_{code}": (
                code,
                key,
                make_field(language_label(code)),
            )
            for code, _ in other_languages()
            for key, make_field in self.translated_texts.items()
        }

    def get_fieldsets(self, request, obj=None):
        # The JSON itself is edited through the fields below, never as raw JSON.
        fieldsets = [
            (
                title,
                {
                    **options,
                    "fields": [
                        field for field in options["fields"] if field != self.translations_attribute
                    ],
                },
            )
            for title, options in super().get_fieldsets(request, obj)
        ]
        names = list(self.translation_form_fields())
        for code, name in other_languages():
            own = [field for field in names if field.endswith(f"_{code}")]
            fieldsets.append((f"In {language_label(code)} ({name})", {"fields": own}))
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        if "fields" in kwargs and kwargs["fields"] is None:
            # Django asks for the plain form to find the model's fields (get_fields).
            return super().get_form(request, obj, change, **kwargs)
        extra = self.translation_form_fields()
        fields = kwargs.pop("fields", None) or admin.utils.flatten_fieldsets(
            self.get_fieldsets(request, obj)
        )
        kwargs["fields"] = [field for field in fields if field not in extra]
        base = super().get_form(request, obj, change, **kwargs)
        attrs = {name: field for name, (_, _, field) in extra.items()}
        attrs["translation_fields"] = [(name, code, key) for name, (code, key, _) in extra.items()]
        attrs["translations_attribute"] = self.translations_attribute
        return type(base)(base.__name__, (TranslationsFormMixin, base), attrs)
