from django.conf import settings
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = f"{settings.SITE_NAME} — editorial"
admin.site.site_title = settings.SITE_NAME
admin.site.index_title = "Editorial desk"

handler500 = "website.errors.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("review/", include("review.urls")),
    path("", include("website.urls")),
]
