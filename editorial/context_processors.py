from django.conf import settings
from django.utils.functional import SimpleLazyObject

from editorial.languages import current_language, main_language, path_without_language
from editorial.models import SiteSettings


def site(request):
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_TAGLINE": getattr(settings, "SITE_TAGLINES", {}).get(
            current_language(), settings.SITE_TAGLINE
        ),
        # Kind names (Analysis, Report) are written in the main language only: a heading
        # that names one reads well in that language alone.
        "MAIN_LANGUAGE": main_language(),
        # The section a page is in, whatever its language: the main menu marks it.
        "section_path": path_without_language(request.path),
        "canonical_url": request.build_absolute_uri(request.path),
        # Read only by templates that show it (the public footer): one query there, none in
        # the admin.
        "site_settings": SimpleLazyObject(SiteSettings.current),
    }
