"""The page a review link opens: one item that is not public yet, shown as staff preview it."""

from django.http import Http404
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from review.links import link_for_token, record_opening


@require_safe
def review_page(request, token):
    """The item's own page, answered by the view at its public address with the request
    marked so that its preview lets exactly this item through (editorial/listings.py)."""
    link = link_for_token(token)
    item = link.item if link is not None else None
    if item is None:
        raise Http404("No such review link, or it has expired or been revoked.")
    if item.is_published:
        # Out now: the reader gets the page everyone gets, and the token is left behind.
        return redirect(item.get_absolute_url())
    # An edition's page is in its own language (/ru/...): its address resolves, and the page
    # reads, only in that language.
    with translation.override(getattr(item, "language", None) or translation.get_language()):
        public_path = item.get_absolute_url()
        try:
            match = resolve(public_path)
        except Resolver404:
            raise Http404("This item has no page.") from None
        if request.method == "GET":
            record_opening(request, link)
        # The page names itself (canonical, og:url) by the item's own address, not the token's.
        request.path = request.path_info = public_path
        request.review_grant = (type(item), item.pk)
        request.review_link = link
        request.LANGUAGE_CODE = translation.get_language()
        response = match.func(request, *match.args, **match.kwargs)
        if hasattr(response, "render"):
            response.render()
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    # The address is the key: no link on the page may pass it on to another site.
    response["Referrer-Policy"] = "no-referrer"
    return response
