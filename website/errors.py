"""The page readers get when something fails on our side."""

import logging

from django.conf import settings
from django.http import HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

from editorial.languages import current_language

logger = logging.getLogger(__name__)


@requires_csrf_token
def server_error(request, template_name="500.html"):
    """Django's server_error, with the site's name and strapline from settings, in the
    language of the address (the language middleware has run by the time anything fails).

    The template gets no request and no context processor: the failure being reported may
    be the database's, and nothing on this page may touch it.
    """
    try:
        body = loader.get_template(template_name).render(
            {
                "SITE_NAME": settings.SITE_NAME,
                "SITE_TAGLINE": getattr(settings, "SITE_TAGLINES", {}).get(
                    current_language(), settings.SITE_TAGLINE
                ),
            }
        )
    except Exception:
        # An error page that fails would hide the first error behind a second one.
        logger.exception("The 500 page could not be rendered")
        return HttpResponseServerError(
            "<h1>Server Error (500)</h1>", content_type="text/html; charset=utf-8"
        )
    return HttpResponseServerError(body)
