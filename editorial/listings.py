"""The machinery of public listings and pages, shared by every content kind: staff preview at
the public address, feed links, JSON-LD and sitemaps. Filters with counts are in
editorial/facets.py, pages deep into a listing in editorial/deep_pages.py."""

from urllib.parse import quote, urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.http import Http404
from django.templatetags.static import static
from django.urls import Resolver404, resolve, reverse, translate_url
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode

from editorial.languages import current_language, main_language, site_languages
from editorial.page_cache import per_generation

PAGE_SIZE = 20


def feed_links(title, name, *args):
    """The RSS and Atom <link rel="alternate"> entries of the feed named `name`."""
    return [
        {
            "title": f"{title} (RSS)",
            "content_type": "application/rss+xml",
            "url": reverse(name, args=args),
        },
        {
            "title": f"{title} (Atom)",
            "content_type": "application/atom+xml",
            "url": reverse(f"{name}_atom", args=args),
        },
    ]


def organisation_json_ld(request):
    return {
        "@type": "Organization",
        "name": settings.SITE_NAME,
        "url": request.build_absolute_uri(reverse("publications:home")),
        "logo": request.build_absolute_uri(static("img/favicon.svg")),
    }


def person_ref_json_ld(request, person):
    return {
        "@type": "Person",
        "name": person.name,
        "url": request.build_absolute_uri(person.get_absolute_url()),
    }


def share_links(title, url):
    """Plain links to share a page: no third-party script runs on our pages."""
    return [
        (
            translation.gettext("Email"),
            f"mailto:?subject={quote(title, safe='')}&body={quote(url, safe='')}",
        ),
        ("Bluesky", "https://bsky.app/intent/compose?" + urlencode({"text": f"{title} {url}"})),
        ("LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url})),
        ("X", "https://x.com/intent/post?" + urlencode({"text": title, "url": url})),
        ("Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})),
    ]


class PreviewMixin:
    """Staff who may change an item see it at its public address before it is public.

    The page says so, is never cached and asks search engines not to index it; to everyone
    else an unpublished item does not exist (404).

    A DetailView gets its item this way as it is. A page built on another view (a ListView
    of what the item holds, say) calls `get_object()` itself and says in `find_object()` how
    its item is looked up.

    A review link (review/links.py) marks the request with `review_grant`, (model, pk): it
    lets exactly that one item through, under the same preview headers, and nothing else.
    """

    is_preview = False

    def public_queryset(self):
        """What readers may see."""
        return self.model.objects.for_readers()

    def page_queryset(self, items):
        """`items` with what the page shows of each fetched along with it."""
        return items

    def get_queryset(self):
        return self.page_queryset(self.public_queryset())

    def preview_queryset(self):
        items = self.model.objects.all()
        if hasattr(items, "in_language"):
            # Editions share slugs across languages: the address's language picks the item.
            items = items.in_language(current_language())
        return self.page_queryset(items)

    def granted_pk(self):
        """The pk of the item of this kind a review link opened this request for, or None."""
        model, pk = getattr(self.request, "review_grant", (None, None))
        return pk if model is self.model else None

    def may_preview(self):
        opts = self.model._meta
        return self.granted_pk() is not None or self.request.user.has_perm(
            f"{opts.app_label}.change_{opts.model_name}"
        )

    def get_object(self, queryset=None):
        try:
            return self.find_object(queryset)
        except Http404:
            if not self.may_preview():
                raise
            self.is_preview = True
            previewable = self.preview_queryset()
            if hasattr(self.request, "review_grant"):
                # Whoever holds the link, it shows its own item and no other.
                previewable = previewable.filter(pk=self.granted_pk())
            return self.find_object(previewable)

    def find_object(self, queryset=None):
        """The item at this address in `queryset` (by default what readers may see)."""
        return super().get_object(queryset)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            is_preview=self.is_preview,
            review_link=getattr(self.request, "review_link", None),
            **kwargs,
        )

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if self.is_preview:
            patch_cache_control(response, private=True, no_store=True)
        return response


def page_alternates(request):
    """[(code, name, absolute url)] of a page that exists in every language (home, lists,
    topics, people): the same address under each language's prefix. Without its query: a
    filter or a page of a list may have nothing in another language (a 404 there), while
    the list itself always exists. An address that is no page (a 404) has none."""
    try:
        resolve(request.path_info)
    except Resolver404:
        return []
    return [
        (code, name, request.build_absolute_uri(translate_url(request.path, code)))
        for code, name in site_languages()
    ]


def edition_alternates(request, item):
    """[(code, name, absolute url)] for each language `item` is published in: the item
    itself, its original and the original's other editions, as readers may see them.

    One query for the whole group. A preview of an unpublished item still lists itself, so
    the page it shows keeps a switcher entry for its own language.
    """
    original_pk = item.edition_of_id or item.pk
    group = {
        edition.language: edition
        for edition in type(item)
        .objects.published()
        .filter(Q(pk=original_pk) | Q(edition_of=original_pk))
        .only("slug", "language")
    }
    group.setdefault(item.language, item)
    return [
        (code, name, request.build_absolute_uri(group[code].get_absolute_url()))
        for code, name in site_languages()
        if code in group
    ]


def language_home(code):
    with translation.override(code):
        return reverse("publications:home")


def switcher_links(alternates):
    """(code, name, address, is_current) for every site language: the page in that language
    when it exists, else that language's home page. Addresses are site-relative, so they
    keep working on a mirror of the site."""
    paths = {code: _site_relative(url) for code, _, url in alternates}
    current = current_language()
    return [
        (code, name, paths.get(code) or language_home(code), code == current)
        for code, name in site_languages()
    ]


def _site_relative(url):
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def default_alternate(alternates):
    """The x-default address: the main language's page, or the first edition there is."""
    urls = {code: url for code, _, url in alternates}
    return urls.get(main_language()) or (alternates[0][2] if alternates else None)


class ArchiveSitemap(Sitemap):
    """A sitemap section that stays cheap however large the archive grows.

    Each file holds at most `limit` addresses (the protocol allows 50,000; 5,000 keeps every
    file quick to render). How many there are and when the latest changed are read once per
    content change, each with one aggregate, instead of on every request (and instead of
    loading every item, as Django's default `get_latest_lastmod` would).
    """

    limit = 5_000
    lastmod_field = "updated_at"
    #: The columns a sitemap entry needs, so no body text is read.
    fields = ("slug", "updated_at")

    def lastmod(self, item):
        return getattr(item, self.lastmod_field)

    def get_latest_lastmod(self):
        return per_generation(
            f"sitemap:{type(self).__qualname__}:latest",
            lambda: self.items().order_by().aggregate(latest=Max(self.lastmod_field))["latest"],
        )

    @property
    def paginator(self):
        paginator = super().paginator
        paginator.count = per_generation(
            f"sitemap:{type(self).__qualname__}:count", lambda: self.items().order_by().count()
        )
        return paginator

    def entries(self, queryset):
        return queryset.only(*self.fields)


class EditionsSitemap(ArchiveSitemap):
    """A section of items that may have editions in other languages (publications, events):
    every published edition is listed at its own address, and each entry of an item with
    published editions names them all (and the original, as x-default) in xhtml:link
    alternates. One query per file for the editions, however many entries it has."""

    fields = ("slug", "language", "edition_of", "updated_at")

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        originals = {url["item"].edition_of_id or url["item"].pk for url in urls}
        model = type(urls[0]["item"]) if urls else None
        groups = {}
        if model is not None:
            editions = (
                model.objects.published()
                .filter(Q(pk__in=originals) | Q(edition_of__in=originals))
                .only(*self.fields)
            )
            for edition in editions:
                groups.setdefault(edition.edition_of_id or edition.pk, []).append(edition)
        for url in urls:
            item = url["item"]
            group = groups.get(item.edition_of_id or item.pk, [])
            if len(group) < 2:
                continue
            by_language = {edition.language: edition for edition in group}
            url["alternates"] = [
                {
                    "lang_code": code,
                    "location": f"{protocol}://{domain}{edition.get_absolute_url()}",
                }
                for code, edition in sorted(by_language.items())
            ]
            default = by_language.get(main_language())
            if default is not None:
                url["alternates"].append(
                    {
                        "lang_code": "x-default",
                        "location": f"{protocol}://{domain}{default.get_absolute_url()}",
                    }
                )
        return urls
