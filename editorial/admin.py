"""The editorial admin: what every content kind's admin is made of, and the admin of what the
kinds share (topics, regions, site settings)."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.text import capfirst

from editorial.approval import is_public_topic, may_approve_topics
from editorial.content_checks_admin import ContentChecksAdminMixin
from editorial.edit_guard import EditGuardForm, EditGuardMixin
from editorial.editions_admin import EditionsAdminMixin, TranslationsAdminMixin
from editorial.history import RevisionsAdminMixin
from editorial.models import Region, SiteSettings, Topic
from editorial.workflow import PublishingAdminMixin

__all__ = ["EditGuardForm", "EditorialAdmin", "KindAdmin", "LabelledInlineMixin"]


class TopicAutocompleteMixin:
    """Topics are typed with autocompletion, like authors, instead of taggit's free-text box.

    A topic is created on purpose in the Topic admin (with its description), never as a
    side effect of a typo in a publication's form.
    """

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "topics":
            return forms.ModelMultipleChoiceField(
                queryset=Topic.objects.all(),
                required=False,
                widget=AutocompleteSelectMultiple(db_field, self.admin_site),
                help_text="Start typing a topic's name.",
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class EditorialAdmin(
    EditionsAdminMixin,
    ContentChecksAdminMixin,
    PublishingAdminMixin,
    RevisionsAdminMixin,
    EditGuardMixin,
    TopicAutocompleteMixin,
    admin.ModelAdmin,
):
    """The admin of things staff write and publish: publications and events."""

    list_per_page = 50


class LabelledInlineMixin:
    """Tabular inlines name their inputs only in the column header; give each input its own."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None:
            formfield.widget.attrs.setdefault("aria-label", capfirst(formfield.label))
        return formfield


def translated_kind_name(language):
    return forms.CharField(label=f"Name in {language}", max_length=80, required=False)


def translated_plural_name(language):
    return forms.CharField(label=f"Plural name in {language}", max_length=80, required=False)


class KindAdmin(TranslationsAdminMixin, admin.ModelAdmin):
    """Publication types and event kinds: named, ordered, added by staff without a deploy;
    their names in the site's other languages label items for those languages' readers."""

    translated_texts = {"name": translated_kind_name, "plural_name": translated_plural_name}

    list_display = ["name", "plural_name", "slug", "display_order"]
    list_editable = ["display_order"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


def translated_name(language):
    return forms.CharField(label=f"Name in {language}", max_length=100, required=False)


def translated_description(language):
    return forms.CharField(
        label=f"Description in {language}", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class SubjectTranslationsMixin(TranslationsAdminMixin):
    """A topic's or region's name and description in the site's other languages: readers of
    those languages see them, and the main text where none is given."""

    translated_texts = {"name": translated_name, "description": translated_description}


@admin.register(Topic)
class TopicAdmin(SubjectTranslationsMixin, admin.ModelAdmin):
    """Writers add topics and edit those nothing public uses yet; once readers can see a
    topic, changing or deleting it needs `publications.publish_topic`."""

    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]

    def locked_for(self, request, topic):
        return topic is not None and not may_approve_topics(request.user) and is_public_topic(topic)

    def has_change_permission(self, request, obj=None):
        return not self.locked_for(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self.locked_for(request, obj) and super().has_delete_permission(request, obj)


@admin.register(Region)
class RegionAdmin(SubjectTranslationsMixin, admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    """One row of switches: editors change it, nobody adds or deletes it."""

    fields = ["shows_demo_notice"]

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        settings_row, _ = SiteSettings.objects.get_or_create(pk=1)
        return redirect("admin:publications_sitesettings_change", settings_row.pk)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# The redirects' admin lives in its own module; importing it here registers it.
from editorial import redirects_admin  # noqa: E402, F401
