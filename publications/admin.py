from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.db.models import Prefetch
from django.utils.html import format_html

from publications.models import (
    Authorship,
    Publication,
    PublicationType,
    Region,
    RelatedPublication,
    Status,
    Topic,
)


class TopicAutocompleteMixin:
    """Topics are typed with autocompletion, like authors, instead of taggit's free-text box.

    New topics are created in the Topic admin, which keeps the list curated.
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


class PublishingAdminMixin:
    """Only staff with the model's publish permission may make an item public.

    Others may write drafts and submit them for review. `live_items_editable_by_writers`
    says whether they may still edit an item once it is public (event organizers must,
    to post summaries) or only look at it (writers of publications).
    """

    live_items_editable_by_writers = False

    def can_publish(self, request):
        opts = self.model._meta
        return request.user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")

    @staticmethod
    def is_public_or_scheduled(obj):
        return obj is not None and obj.status == Status.PUBLISHED

    def has_change_permission(self, request, obj=None):
        if (
            not self.live_items_editable_by_writers
            and self.is_public_or_scheduled(obj)
            and not self.can_publish(request)
        ):
            return False
        return super().has_change_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if self.is_public_or_scheduled(obj) and not self.can_publish(request):
            fields += ["status", "publish_at"]
        return fields

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if self.can_publish(request) or "status" not in form.base_fields:
            return form

        class NonPublisherForm(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.fields["status"].choices = [
                    choice for choice in Status.choices if choice[0] != Status.PUBLISHED
                ]

            def clean_status(self):
                status = self.cleaned_data["status"]
                if status == Status.PUBLISHED:
                    raise forms.ValidationError(
                        "You do not have permission to publish. Submit it for review and "
                        "an editor will publish it."
                    )
                return status

        return NonPublisherForm


class AuthorshipInline(admin.TabularInline):
    model = Authorship
    autocomplete_fields = ["person"]
    extra = 1
    verbose_name = "author"
    verbose_name_plural = "authors (in byline order)"


class RelatedPublicationInline(admin.TabularInline):
    model = RelatedPublication
    fk_name = "from_publication"
    autocomplete_fields = ["to_publication"]
    extra = 0
    verbose_name = "related publication"
    verbose_name_plural = "related publications (optional, in order)"


@admin.register(Publication)
class PublicationAdmin(PublishingAdminMixin, TopicAutocompleteMixin, admin.ModelAdmin):
    list_display = ["title", "type", "status", "publish_at", "author_names", "is_featured"]
    list_filter = [
        "status",
        "type",
        ("topics", admin.RelatedOnlyFieldListFilter),
        "regions",
        "is_featured",
    ]
    list_select_related = ["type"]
    search_fields = ["title", "summary", "authors__name"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["experts_quoted", "regions"]
    readonly_fields = ["image_preview", "created_at", "updated_at"]
    inlines = [AuthorshipInline, RelatedPublicationInline]

    class Media:
        css = {"all": ["css/admin.css"]}

    fieldsets = [
        (None, {"fields": ["title", "slug", "type", "summary", "body"]}),
        ("People", {"fields": ["experts_quoted"]}),
        ("Classification", {"fields": ["topics", "regions"]}),
        (
            "Hero image",
            {"fields": ["image", "image_preview", "image_alt", "image_caption", "image_credit"]},
        ),
        ("Files", {"fields": ["pdf"]}),
        ("Publishing", {"fields": ["status", "publish_at", "is_featured"]}),
        ("History", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch("authorships", queryset=Authorship.objects.select_related("person"))
            )
        )

    @admin.display(description="authors")
    def author_names(self, publication):
        return ", ".join(person.name for person in publication.ordered_authors)

    @admin.display(description="preview")
    def image_preview(self, publication):
        picture = publication.image_card or publication.image
        if not picture:
            return "No image yet."
        return format_html('<img class="image-preview" src="{}" alt="">', picture.url)


@admin.register(PublicationType)
class PublicationTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "plural_name", "slug", "display_order"]
    list_editable = ["display_order"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]
