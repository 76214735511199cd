from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

import website.urls

admin.site.site_header = f"{settings.SITE_NAME} — editorial"
admin.site.site_title = settings.SITE_NAME
admin.site.index_title = "Editorial desk"

handler500 = "website.errors.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("review/", include("review.urls")),
    path("", include("website.urls")),
    # Readers' pages in the main language at /, in each other of settings.LANGUAGES under
    # /<code>/ (/ru/publications/...): the address says the language, so a page is one page
    # whoever asks, and caches and crawlers see each edition at an address of its own.
    *i18n_patterns(path("", include(website.urls.pages)), prefix_default_language=False),
]
