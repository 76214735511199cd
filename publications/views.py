"""Publications' own pages: the archive with its filters, a publication, its citations."""

from django.conf import settings
from django.db.models import Count, F, Prefetch, Value
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext, gettext_lazy
from django.views.generic import DetailView, ListView

from editorial.deep_pages import DeepPagesMixin
from editorial.facets import FacetedListMixin, Finder, link_rows, year_rows
from editorial.listings import (
    PAGE_SIZE,
    PreviewMixin,
    edition_alternates,
    feed_links,
    organisation_json_ld,
    person_ref_json_ld,
    share_links,
)
from publications.citations import Citation
from publications.forms import PublicationFilterForm
from publications.models import Authorship, Publication, PublicationTopic
from publications.sources import SourceNote


def list_url(**filters):
    """/publications/ with the given filters, e.g. list_url(type="peace-brief")."""
    return f"{reverse('publications:list')}?{urlencode(filters)}"


def all_publications_feeds():
    return feed_links(
        gettext("%(site)s: publications") % {"site": settings.SITE_NAME}, "publications:feed"
    )


def scoped_feeds(kind, scope):
    label = getattr(scope, "display_plural_name", None) or getattr(
        scope, "display_name", str(scope)
    )
    return feed_links(
        f"{settings.SITE_NAME}: {label}", "publications:scoped_feed", kind, scope.slug
    )


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
        "articleSection": publication.type.display_name,
        "author": [person_ref_json_ld(request, p) for p in publication.ordered_authors],
        "publisher": organisation_json_ld(request),
        "keywords": [topic.name for topic in publication.topics.all()],
        "inLanguage": publication.language,
    }
    if publication.image:
        data["image"] = [request.build_absolute_uri(publication.image.url)]
    source = SourceNote.of(publication)
    if source:
        data["isBasedOn"] = source.json_ld()
    return data


class PublishedPublicationsMixin:
    """Owns what a reader may see of publications, and how cards fetch it."""

    def published_publications(self):
        return Publication.objects.for_readers()

    def publication_cards(self):
        return self.published_publications().for_cards()


class PublicationListView(PublishedPublicationsMixin, DeepPagesMixin, FacetedListMixin, ListView):
    template_name = "publications/publication_list.html"
    context_object_name = "publications"
    paginate_by = PAGE_SIZE
    filter_form_class = PublicationFilterForm
    facet_labels = {
        "type": gettext_lazy("Type"),
        "topic": gettext_lazy("Topic"),
        "region": gettext_lazy("Region"),
        "expert": gettext_lazy("Author"),
        "year": gettext_lazy("Year"),
    }
    # Thousands of authors in a large archive: the most published, and a box for the rest.
    facet_limits = {"expert": 12}
    facet_finders = {"expert": Finder("author_q", gettext_lazy("Find an author"), "person__name")}

    def get_queryset(self):
        # A card shows no body; the search vector is for search alone.
        cards = self.publication_cards().defer("body", "search_vector")
        # Each filter follows one link unique per publication: no row comes twice.
        return self.filters.apply(cards)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        feeds = all_publications_feeds()
        scopes = {k: v for k, v in self.filters.active().items() if k != "year"}
        if len(scopes) == 1:
            ((kind, scope),) = scopes.items()
            feeds = scoped_feeds(kind, scope) + feeds
        context["feeds"] = feeds
        context["year_facet"] = next(f for f in context["facets"] if f.name == "year")
        return context

    def results_total(self):
        # Every publication has exactly one type, so the type filter's counts (already
        # counted, and kept) add up to the results: no COUNT over the archive.
        chosen = self.filters.params().get("type")
        return sum(count for value, _, count in self.facet_rows("type") if chosen in (None, value))

    def count_results(self, queryset):
        return self.results_total()

    def selected_count(self, name):
        return self.results_total()

    def facet_items(self):
        return self.published_publications()

    def facet_counts(self, name, items):
        """Each filter's choices with how many publications each gives within the others."""
        if name == "type":
            return (
                items.order_by()
                .values(
                    value=F("type__slug"),
                    label=F("type__plural_name"),
                    translations=F("type__translations"),
                    label_key=Value("plural_name"),
                )
                .annotate(count=Count("*"))
                .order_by("type__display_order", "type__name")
            )
        if name == "topic":
            return link_rows(PublicationTopic.objects, "tag", "content_object", items)
        if name == "region":
            return link_rows(Publication.regions.through.objects, "region", "publication", items)
        if name == "expert":
            return link_rows(Authorship.objects, "person", "publication", items, most_used=True)
        return year_rows(items, "publish_at")


class PublicationDetailView(PreviewMixin, DetailView):
    template_name = "publications/publication_detail.html"
    context_object_name = "publication"
    model = Publication

    def page_queryset(self, publications):
        return (
            publications.for_cards()
            .with_chosen_related()
            .prefetch_related("regions", "experts_quoted")
        )

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
            alternates=edition_alternates(self.request, publication),
            **kwargs,
        )


def citation_download(request, slug, file_format):
    """BibTeX or RIS for a published publication, to import into a reference manager."""
    publication = get_object_or_404(
        Publication.objects.for_readers()
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
