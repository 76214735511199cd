from dataclasses import dataclass, field
from pathlib import PurePosixPath
from urllib.parse import quote

from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.db.models import Count, Prefetch, Q
from django.db.models.functions import ExtractYear
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header, urlencode
from django.views import static as static_views
from django.views.generic import DetailView, ListView, TemplateView

from events.models import Event
from people.models import Person
from publications.citations import Citation
from publications.forms import PublicationFilterForm, SearchForm
from publications.models import Authorship, Publication, PublicationType, Region, Topic
from publications.plaintext import has_control_characters
from publications.search import clean_query, excerpt, search_items, search_people
from publications.sources import SourceNote

PAGE_SIZE = 20


def list_url(**filters):
    """/publications/ with the given filters, e.g. list_url(type="peace-brief")."""
    return f"{reverse('publications:list')}?{urlencode(filters)}"


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


def all_publications_feeds():
    return feed_links(f"{settings.SITE_NAME}: publications", "publications:feed")


def scoped_feeds(kind, scope):
    label = getattr(scope, "plural_name", None) or str(scope)
    return feed_links(
        f"{settings.SITE_NAME}: {label}", "publications:scoped_feed", kind, scope.slug
    )


def events_feeds():
    return feed_links(f"{settings.SITE_NAME}: events", "events:feed")


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


def publication_json_ld(request, publication):
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": publication.title,
        "description": publication.summary,
        "datePublished": publication.publish_at,
        "dateModified": publication.updated_at,
        "url": request.build_absolute_uri(publication.get_absolute_url()),
        "mainEntityOfPage": request.build_absolute_uri(publication.get_absolute_url()),
        "articleSection": publication.type.name,
        "author": [person_ref_json_ld(request, p) for p in publication.ordered_authors],
        "publisher": organisation_json_ld(request),
        "keywords": [topic.name for topic in publication.topics.all()],
        "inLanguage": "en",
    }
    if publication.image:
        data["image"] = [request.build_absolute_uri(publication.image.url)]
    source = SourceNote.of(publication)
    if source:
        data["isBasedOn"] = source.json_ld()
    return data


def share_links(title, url):
    """Plain links to share a page: no third-party script runs on our pages."""
    return [
        ("Email", f"mailto:?subject={quote(title, safe='')}&body={quote(url, safe='')}"),
        ("Bluesky", "https://bsky.app/intent/compose?" + urlencode({"text": f"{title} {url}"})),
        ("LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url})),
        ("X", "https://x.com/intent/post?" + urlencode({"text": title, "url": url})),
        ("Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})),
    ]


class PublishedPublicationsMixin:
    """Owns what a reader may see of publications, and how cards fetch it."""

    def published_publications(self):
        return Publication.objects.published()

    def publication_cards(self):
        return self.published_publications().for_cards()


class HomeView(PublishedPublicationsMixin, TemplateView):
    template_name = "publications/home.html"
    featured_count = 3
    latest_count = 9

    def get_context_data(self, **kwargs):
        featured = list(self.publication_cards().filter(is_featured=True)[: self.featured_count])
        latest = list(
            self.publication_cards().exclude(pk__in=[p.pk for p in featured])[: self.latest_count]
        )
        if not featured and latest:
            featured, latest = latest[:1], latest[1:]
        return super().get_context_data(
            featured=featured,
            latest=latest,
            topics=topics_with_counts(self.published_publications())[:12],
            types=types_with_counts(self.published_publications()),
            upcoming_events=list(Event.objects.published().upcoming().for_cards()[:3]),
            feeds=all_publications_feeds() + events_feeds(),
            json_ld={
                "@context": "https://schema.org",
                "@type": "WebSite",
                "name": settings.SITE_NAME,
                "url": self.request.build_absolute_uri(reverse("publications:home")),
                "publisher": organisation_json_ld(self.request),
                "potentialAction": {
                    "@type": "SearchAction",
                    "target": self.request.build_absolute_uri(reverse("publications:search"))
                    + "?q={search_term_string}",
                    "query-input": "required name=search_term_string",
                },
            },
            **kwargs,
        )


@dataclass
class FacetOption:
    label: str
    count: int
    url: str
    selected: bool = False


@dataclass
class Facet:
    name: str
    label: str
    options: list[FacetOption] = field(default_factory=list)
    remove_url: str = ""


class FacetedListMixin:
    """A listing filtered from the query string, each filter shown with its choices and counts.

    Subclasses set `filter_form_class` and `facet_labels`, and return from `facet_rows()` the
    choices of each filter as (value, label, count) rows, one query per filter.
    """

    filter_form_class = None
    facet_labels = {}

    def get(self, request, *args, **kwargs):
        self.filters = self.filter_form_class(request.GET)
        if not self.filters.is_valid():
            raise Http404("Unknown filter value.")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        facets = self.facets()
        context["facets"] = facets
        context["active_filters"] = [
            (facet.label, option.label, facet.remove_url)
            for facet in facets
            for option in facet.options
            if option.selected
        ]
        context["filter_params"] = self.filters.params()
        page = context.get("page_obj")
        canonical = self.filters.params() | (
            {"page": page.number} if page and page.number > 1 else {}
        )
        context["canonical_query"] = f"?{urlencode(canonical)}" if canonical else ""
        return context

    def url_with(self, leave_out, **params):
        query = self.filters.params(leave_out=leave_out) | params
        return "?" + urlencode(query) if query else self.request.path

    def facets(self):
        rows = self.facet_rows()
        active = self.filters.params()
        facets = []
        for name, label in self.facet_labels.items():
            selected_value = str(active.get(name, ""))
            facet = Facet(name=name, label=label, remove_url=self.url_with(name))
            for value, option_label, count in rows[name]:
                facet.options.append(
                    FacetOption(
                        label=option_label,
                        count=count,
                        url=self.url_with(name, **{name: value}),
                        selected=str(value) == selected_value,
                    )
                )
            if selected_value and not any(option.selected for option in facet.options):
                # A valid choice that gives nothing within the other filters stays visible,
                # so the reader can see and remove it.
                chosen = self.filters.cleaned_data[name]
                facet.options.insert(
                    0,
                    FacetOption(
                        label=getattr(chosen, "plural_name", None) or str(chosen),
                        count=0,
                        url=self.url_with(name, **{name: selected_value}),
                        selected=True,
                    ),
                )
            facets.append(facet)
        return facets


def topic_rows(through_name, items):
    """(slug, name, count) of the topics of `items`, one query."""
    return [
        (topic.slug, topic.name, topic.count)
        for topic in Topic.objects.filter(**{f"{through_name}__content_object__in": items})
        .annotate(count=Count(through_name, distinct=True))
        .order_by("name")
    ]


def region_rows(related_name, items):
    return [
        (region.slug, region.name, region.count)
        for region in Region.objects.filter(**{f"{related_name}__in": items})
        .annotate(count=Count(related_name, distinct=True))
        .order_by("name")
    ]


def year_rows(items, date_field):
    return [
        (row["year"], str(row["year"]), row["count"])
        for row in items.annotate(year=ExtractYear(date_field))
        .values("year")
        .annotate(count=Count("pk", distinct=True))
        .order_by("-year")
    ]


class PublicationListView(PublishedPublicationsMixin, FacetedListMixin, ListView):
    template_name = "publications/publication_list.html"
    context_object_name = "publications"
    paginate_by = PAGE_SIZE
    filter_form_class = PublicationFilterForm
    facet_labels = {
        "type": "Type",
        "topic": "Topic",
        "region": "Region",
        "expert": "Author",
        "year": "Year",
    }

    def get_queryset(self):
        return self.filters.apply(self.publication_cards()).distinct()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        feeds = all_publications_feeds()
        scopes = {k: v for k, v in self.filters.active().items() if k != "year"}
        if len(scopes) == 1:
            ((kind, scope),) = scopes.items()
            feeds = scoped_feeds(kind, scope) + feeds
        context["feeds"] = feeds
        return context

    def facet_rows(self):
        """Each filter's choices with how many publications each gives within the others."""
        published = self.published_publications()

        def within_others(name):
            return self.filters.apply(published, leave_out=name)

        return {
            "type": [
                (kind.slug, kind.plural_name, kind.count)
                for kind in PublicationType.objects.filter(publications__in=within_others("type"))
                .annotate(count=Count("publications", distinct=True))
                .order_by("display_order", "name")
            ],
            "topic": topic_rows("publication_links", within_others("topic")),
            "region": region_rows("publications", within_others("region")),
            "expert": [
                (person.slug, person.name, person.count)
                for person in Person.objects.filter(
                    authorships__publication__in=within_others("expert")
                )
                .annotate(count=Count("authorships", distinct=True))
                .order_by("sort_name")
            ],
            "year": year_rows(within_others("year"), "publish_at"),
        }


class PreviewMixin:
    """Staff who may change an item see it at its public address before it is public.

    The page says so, is never cached and asks search engines not to index it; to everyone
    else an unpublished item does not exist (404).
    """

    is_preview = False

    def preview_queryset(self):
        return self.model.objects.all()

    def may_preview(self):
        opts = self.model._meta
        return self.request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}")

    def get_object(self, queryset=None):
        try:
            return super().get_object(queryset)
        except Http404:
            if not self.may_preview():
                raise
            self.is_preview = True
            return super().get_object(self.preview_queryset())

    def get_context_data(self, **kwargs):
        return super().get_context_data(is_preview=self.is_preview, **kwargs)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if self.is_preview:
            patch_cache_control(response, private=True, no_store=True)
        return response


class PublicationDetailView(PreviewMixin, PublishedPublicationsMixin, DetailView):
    template_name = "publications/publication_detail.html"
    context_object_name = "publication"
    model = Publication

    def get_queryset(self):
        return self.publication_cards().prefetch_related("regions", "experts_quoted")

    def preview_queryset(self):
        return Publication.objects.for_cards().prefetch_related("regions", "experts_quoted")

    def get_context_data(self, **kwargs):
        publication = self.object
        url = self.request.build_absolute_uri(publication.get_absolute_url())
        return super().get_context_data(
            related=publication.related_for_readers(),
            citation=Citation.of(publication, url),
            source_note=SourceNote.of(publication),
            share_links=share_links(publication.title, url),
            json_ld=publication_json_ld(self.request, publication),
            feeds=all_publications_feeds(),
            **kwargs,
        )


def citation_download(request, slug, file_format):
    """BibTeX or RIS for a published publication, to import into a reference manager."""
    publication = get_object_or_404(
        Publication.objects.published()
        .select_related("type")
        .prefetch_related(
            Prefetch("authorships", queryset=Authorship.objects.select_related("person"))
        ),
        slug=slug,
    )
    citation = Citation.of(publication, request.build_absolute_uri(publication.get_absolute_url()))
    body, content_type = {
        "bib": (citation.bibtex(), "application/x-bibtex"),
        "ris": (citation.ris(), "application/x-research-info-systems"),
    }[file_format]
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{publication.slug}.{file_format}"
    )
    return response


def topics_with_counts(published):
    return (
        Topic.objects.annotate(
            count=Count(
                "publication_links",
                filter=Q(publication_links__content_object__in=published),
                distinct=True,
            )
        )
        .filter(count__gt=0)
        .order_by("-count", "name")
    )


def types_with_counts(published):
    return (
        PublicationType.objects.annotate(
            count=Count("publications", filter=Q(publications__in=published), distinct=True)
        )
        .filter(count__gt=0)
        .order_by("display_order", "name")
    )


class SearchView(TemplateView):
    """/search/?q=: publications, experts and events, labelled by kind, filterable, paginated."""

    template_name = "publications/search.html"
    page_size = PAGE_SIZE
    preview_size = 4

    def get(self, request, *args, **kwargs):
        self.form = SearchForm(request.GET)
        if not self.form.is_valid():
            raise Http404("Unknown filter value.")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(form=self.form, **kwargs)
        query, notice = clean_query(self.form.cleaned_data["q"])
        filters = self.form.cleaned_data
        kind = filters["kind"]
        context.update(
            query=query,
            notice=notice,
            kind=kind,
            types=PublicationType.objects.all(),
            topics=Topic.objects.public().order_by("name"),
            filter_params=self.form.params() | {"q": query, "kind": kind},
        )
        if not query:
            return context

        publications = search_items(
            self.form.apply(Publication.objects.published()),
            query,
            text_fields=("summary", "body"),
            date_field="publish_at",
        )
        events = search_items(
            self.filter_events(Event.objects.published(), filters),
            query,
            text_fields=("description", "summary"),
            date_field="starts_at",
        )
        people = Person.objects.public().with_roles()
        if filters["topic"]:
            people = people.filter(topic_links__tag=filters["topic"])
        if filters["type"] or filters["year"]:
            # People have no type or year: with those filters, only items are asked for.
            people = people.none()
        experts = search_people(people, query)

        sections = {
            "publications": publications.select_related("type").prefetch_related(
                Prefetch("authorships", queryset=Authorship.objects.select_related("person"))
            ),
            "experts": experts,
            "events": events.select_related("kind"),
        }
        counts = {name: results.count() for name, results in sections.items()}
        main = kind or "publications"
        try:
            page = Paginator(sections[main], self.page_size).page(self.request.GET.get("page", 1))
        except InvalidPage:
            raise Http404("No such page.") from None
        context.update(
            counts=counts,
            total=sum(counts.values()),
            main=main,
            page_obj=page,
            previews=[
                (name, counts[name], list(results[: self.preview_size]))
                for name, results in sections.items()
                if not kind and name != main and counts[name]
            ],
        )
        for item in page.object_list:
            item.excerpt_html = excerpt(item)
        return context

    @staticmethod
    def filter_events(queryset, filters):
        if filters["type"]:
            return queryset.none()
        if filters["topic"]:
            queryset = queryset.filter(topic_links__tag=filters["topic"])
        if filters["year"]:
            queryset = queryset.filter(starts_at__year=filters["year"])
        return queryset


def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "",
        f"Sitemap: {sitemap_url}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


#: The only kinds of file we ever store (uploads are checked by content), and the only
#: content types media is served with. Anything else under MEDIA_ROOT is not served.
MEDIA_CONTENT_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".pdf": "application/pdf",
}


def media_audience(request, path):
    """Who may fetch the uploaded file at `path`: "public", "staff" (a preview) or nobody.

    A file is as visible as what it belongs to: the hero image or PDF of an embargoed
    report is not served before the report is public, whatever its address.
    """
    owners = Publication.objects.filter(Q(image=path) | Q(image_card=path) | Q(pdf=path))
    if owners.published().exists() or Person.objects.public().filter(photo=path).exists():
        return "public"
    may_preview = request.user.has_perm("publications.change_publication") and owners.exists()
    if may_preview or (
        request.user.has_perm("people.change_person") and Person.objects.filter(photo=path).exists()
    ):
        return "staff"
    return None


def serve_media(request, path):
    suffix = PurePosixPath(path).suffix.lower()
    content_type = MEDIA_CONTENT_TYPES.get(suffix)
    if content_type is None:
        raise Http404("Not a media file.")
    if has_control_characters(path):
        # No stored name has one, and PostgreSQL refuses a NUL in a query outright.
        raise Http404("No such file.")
    audience = media_audience(request, path)
    if audience is None:
        raise Http404("No such file.")
    response = static_views.serve(request, path, document_root=settings.MEDIA_ROOT)
    response.headers["Content-Type"] = content_type
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    if audience == "public":
        response.headers["Cache-Control"] = "public, max-age=86400"
    else:
        patch_cache_control(response, private=True, no_store=True)
    if content_type == "application/pdf":
        # Names may be in any script ("Доклад.pdf"): RFC 6266 gives them as filename*.
        response.headers["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=PurePosixPath(path).name
        )
    return response
