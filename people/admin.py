from django.contrib import admin, messages
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django_prose_editor.fields import ProseEditorFormField

from editorial.admin import EditGuardMixin, RevisionsAdminMixin, TopicAutocompleteMixin
from editorial.editions_admin import TranslationsAdminMixin
from editorial.richtext import sanitize_html
from people.approval import is_public_person, may_approve_people
from people.models import Person

SUBMIT = "_submit_for_review"


class SanitisedRichTextFormField(ProseEditorFormField):
    """A bio in another language, reduced to the allow-list like the bio itself."""

    def clean(self, value):
        return sanitize_html(super().clean(value))


def translated_bio(language):
    return Person._meta.get_field("bio").formfield(
        form_class=SanitisedRichTextFormField, required=False, label=f"Bio in {language}"
    )


@admin.register(Person)
class PersonAdmin(
    TranslationsAdminMixin,
    RevisionsAdminMixin,
    EditGuardMixin,
    TopicAutocompleteMixin,
    admin.ModelAdmin,
):
    """People, edited by writers until they are public; from then on, by editors.

    A person is public once listed as an expert or named on something published. Without
    `people.publish_person` staff may look at a public person but not change or delete them,
    and may never tick "listed as an expert": they submit the person for review instead.
    """

    list_display = ["name", "title", "affiliation", "is_expert"]
    list_filter = ["is_expert", ("topics", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "sort_name", "title", "affiliation"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["photo_preview", "review_state"]
    change_form_template = "admin/editorial/change_form.html"
    view_on_site = False
    translated_texts = {None: translated_bio}
    translations_attribute = "bio_translations"
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "sort_name",
                    "slug",
                    "title",
                    "affiliation",
                    "is_expert",
                    "review_state",
                ]
            },
        ),
        ("Biography", {"fields": ["bio", "topics"]}),
        ("Photo", {"fields": ["photo", "photo_preview", "photo_alt", "photo_credit"]}),
    ]

    class Media:
        css = {"all": ["css/admin.css"]}
        js = ["js/admin-a11y.js"]

    def locked_for(self, request, person):
        return (
            person is not None and not may_approve_people(request.user) and is_public_person(person)
        )

    def has_change_permission(self, request, obj=None):
        if self.locked_for(request, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if self.locked_for(request, obj):
            return False
        return super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not may_approve_people(request.user):
            fields.append("is_expert")
        return fields

    def submitting(self, request):
        return (
            request.method == "POST"
            and SUBMIT in request.POST
            and not may_approve_people(request.user)
        )

    def save_model(self, request, obj, form, change):
        if may_approve_people(request.user):
            # An editor's save is the review: whatever was asked has now been seen to.
            obj.submitted_for_review_at = None
        elif self.submitting(request):
            obj.submitted_for_review_at = timezone.now()
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        if self.submitting(request):
            return self.submitted(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if self.submitting(request):
            return self.submitted(request, obj)
        return super().response_change(request, obj)

    def submitted(self, request, person):
        self.message_user(
            request,
            f"“{person}” is saved and submitted for review. An editor will look at it, and "
            "list them as an expert if that is what they should be.",
            messages.SUCCESS,
        )
        return redirect("admin:people_person_change", person.pk)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        is_public = is_public_person(obj)
        editable = obj is None or self.has_change_permission(request, obj)
        may_submit = editable and not is_public and not may_approve_people(request.user)
        context.update(
            workflow_transitions=[(SUBMIT, "Submit for review")] if may_submit else [],
            public_url=obj.get_absolute_url() if obj else None,
            is_public=is_public,
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def restore_view(self, request, object_id, history_id):
        if request.method == "POST" and not may_approve_people(request.user):
            person = self.get_object_or_404(request, object_id)
            revision = get_object_or_404(person.history, history_id=history_id)
            if revision.is_expert and not person.is_expert:
                self.message_user(
                    request,
                    "That revision lists them as an expert, which would make their page public: "
                    "only an editor can restore it. Submit them for review instead.",
                    messages.ERROR,
                )
                return redirect("admin:people_person_history", person.pk)
        return super().restore_view(request, object_id, history_id)

    @admin.display(description="currently")
    def review_state(self, person):
        if person.pk is None:
            return "Not saved yet"
        if is_public_person(person):
            return "Public: readers can see this person's page"
        if person.submitted_for_review_at:
            submitted = timezone.localtime(person.submitted_for_review_at)
            when = date_format(submitted, "DATETIME_FORMAT")
            return f"Submitted for review on {when}; not public yet"
        return (
            "Not public: no page until an editor lists them as an expert or something naming "
            "them is published"
        )

    @admin.display(description="preview")
    def photo_preview(self, person):
        if not person.photo:
            return "No photo yet."
        return format_html('<img class="image-preview" src="{}" alt="">', person.photo.url)
