from django.contrib import admin
from django.db.models import Prefetch
from django.utils.html import format_html

from editorial.admin import KindAdmin, LabelledInlineMixin
from editorial.editions_admin import EditionInlineMixin
from editorial.images import preview_url
from editorial.sortable_inlines import SortableInlineMixin
from publications.models import Authorship, Publication, PublicationType, RelatedPublication
from review.admin import ReviewedAdmin


class AuthorshipInline(
    EditionInlineMixin, SortableInlineMixin, LabelledInlineMixin, admin.TabularInline
):
    model = Authorship
    near_top = True
    autocomplete_fields = ["person"]
    extra = 1
    verbose_name = "author"
    verbose_name_plural = "authors (in byline order)"


class RelatedPublicationInline(SortableInlineMixin, LabelledInlineMixin, admin.TabularInline):
    model = RelatedPublication
    fk_name = "from_publication"
    autocomplete_fields = ["to_publication"]
    extra = 0
    verbose_name = "related publication"
    verbose_name_plural = "related publications (optional, in order)"


@admin.register(Publication)
class PublicationAdmin(ReviewedAdmin):
    list_display = ["title", "type", "state", "publish_at", "author_names", "is_featured"]
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
    edition_inlines = {Authorship: ("authorships", ["person", "order"])}

    class Media:
        css = {"all": ["css/admin.css"]}
        js = ["js/admin-a11y.js"]

    fieldsets = [
        (None, {"fields": ["title", "slug", "type", "summary", "body"]}),
        ("People", {"fields": ["experts_quoted"]}),
        ("Classification", {"fields": ["topics", "regions"]}),
        (
            "Hero image",
            {"fields": ["image", "image_preview", "image_alt", "image_caption", "image_credit"]},
        ),
        ("Files", {"fields": ["pdf"]}),
        (
            "Source",
            {
                "fields": [
                    "source_relation",
                    "source_title",
                    "source_publisher",
                    "source_date",
                    "source_url",
                ],
                "description": "Only when this piece retells or republishes work that "
                "first appeared elsewhere: readers see the note under the byline.",
            },
        ),
        ("Publishing", {"fields": ["current_state", "status", "publish_at", "is_featured"]}),
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
        if not publication.image:
            return "No image yet."
        return format_html(
            '<img class="image-preview" src="{}" alt="">', preview_url(publication.image, 400)
        )


@admin.register(PublicationType)
class PublicationTypeAdmin(KindAdmin):
    pass
