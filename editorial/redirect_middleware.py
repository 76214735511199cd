"""Old addresses answer 301: the fallback that serves editorial.models.Redirect.

It replaces django.contrib.redirects' middleware, which needs django.contrib.sites; with
that installed, feeds and sitemaps would write their addresses on Site.domain instead of the
host the reader asked (the site is served on several). The rule of which redirect catches
which request is editorial.redirects.catching_paths, the one the loop checks follow.
"""

from django.http import HttpResponsePermanentRedirect

from editorial.models import Redirect
from editorial.redirects import catching_paths


class RedirectFallbackMiddleware:
    """When a GET or HEAD finds no page, answer 301 to where a redirect from its address
    leads, trying its path with the query, with the slash APPEND_SLASH would add, then the
    path alone (editorial.redirects.catching_paths). One indexed query, and only on a 404.

    The new address is used as written: the request's query is not carried over, as
    django.contrib.redirects did not carry it. Other methods keep their 404: a browser
    would follow a 301 to a POST with a GET.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        candidates = list(catching_paths(request.get_full_path()))
        found = dict(
            Redirect.objects.filter(old_path__in=candidates).values_list("old_path", "new_path")
        )
        for path in candidates:
            if path in found:
                return HttpResponsePermanentRedirect(found[path])
        return response
