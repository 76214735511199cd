from django.conf import settings
from django.utils.functional import SimpleLazyObject

from editorial.models import SiteSettings


def site(request):
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_TAGLINE": settings.SITE_TAGLINE,
        "canonical_url": request.build_absolute_uri(request.path),
        # Read only by templates that show it (the public footer): one query there, none in
        # the admin.
        "site_settings": SimpleLazyObject(SiteSettings.current),
    }
