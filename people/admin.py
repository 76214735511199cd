from django.contrib import admin
from django.utils.html import format_html

from people.models import Person
from publications.admin import EditGuardMixin, RevisionsAdminMixin, TopicAutocompleteMixin


@admin.register(Person)
class PersonAdmin(RevisionsAdminMixin, EditGuardMixin, TopicAutocompleteMixin, admin.ModelAdmin):
    list_display = ["name", "title", "affiliation", "is_expert"]
    list_filter = ["is_expert", ("topics", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "sort_name", "title", "affiliation"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["photo_preview"]
    fieldsets = [
        (None, {"fields": ["name", "sort_name", "slug", "title", "affiliation", "is_expert"]}),
        ("Biography", {"fields": ["bio", "topics"]}),
        ("Photo", {"fields": ["photo", "photo_preview", "photo_alt", "photo_credit"]}),
    ]

    class Media:
        css = {"all": ["css/admin.css"]}
        js = ["js/admin-a11y.js"]

    @admin.display(description="preview")
    def photo_preview(self, person):
        if not person.photo:
            return "No photo yet."
        return format_html('<img class="image-preview" src="{}" alt="">', person.photo.url)
