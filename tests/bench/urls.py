"""The site's own URLs plus /bench/bare/: a fixed ~20 KB page that does no work at all."""

from django.http import HttpResponse
from django.urls import path

# handler500 too: Django looks for it in the root URLconf.
from config.urls import handler500  # noqa: F401
from config.urls import urlpatterns as site_urlpatterns
from editorial.page_cache import PageCacheMiddleware

BARE_PATH = "/bench/bare/"
BARE_SIZE = 20 * 1024


def _bare_html():
    head = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bare</title>'
    head += "</head><body><main><h1>A bare page</h1>"
    tail = "</main></body></html>"
    sentence = (
        "<p>This paragraph stands in for the text of an analysis, so the page weighs what a"
        " short article does while Django does nothing but route the request.</p>"
    )
    body = sentence * ((BARE_SIZE - len(head) - len(tail)) // len(sentence))
    filler = "x" * (BARE_SIZE - len(head) - len(body) - len(tail) - len("<p></p>"))
    return (head + body + f"<p>{filler}</p>" + tail).encode()


BARE_HTML = _bare_html()


def bare(request):
    return HttpResponse(BARE_HTML, content_type="text/html; charset=utf-8")


class PageCacheExceptBare(PageCacheMiddleware):
    """The page cache for every page but the bare one, which is always rendered."""

    def __call__(self, request):
        if request.path_info == BARE_PATH:
            return self.get_response(request)
        return super().__call__(request)


urlpatterns = [path(BARE_PATH.strip("/") + "/", bare, name="bench_bare"), *site_urlpatterns]
