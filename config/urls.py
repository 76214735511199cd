from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from publications.views import serve_media

admin.site.site_header = f"{settings.SITE_NAME} — editorial"
admin.site.site_title = settings.SITE_NAME
admin.site.index_title = "Editorial desk"

urlpatterns = [
    path("", include("publications.urls")),
    path("experts/", include("people.urls")),
    path("events/", include("events.urls")),
    path("admin/", admin.site.urls),
]

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.+)$", serve_media, name="media")
    ]
