"""Publications' own pages: the archive with its filters, a publication, its citations."""

from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import content_disposition_header, urlencode
from django.views.generic import DetailView, ListView

from editorial.listings import (
    PAGE_SIZE,
    FacetedListMixin,
    PreviewMixin,
    feed_links,
    organisation_json_ld,
    person_ref_json_ld,
    share_links,
    subject_rows,
    year_rows,
)
from editorial.models import Region, Topic
from people.models import Person
from publications.citations import Citation
from publications.forms import PublicationFilterForm
from publications.models import Authorship, Publication, PublicationType
from publications.sources import SourceNote


def list_url(**filters):
    """/publications/ with the given filters, e.g. list_url(type="peace-brief")."""
    return f"{reverse('publications:list')}?{urlencode(filters)}"


def all_publications_feeds():
    return feed_links(f"{settings.SITE_NAME}: publications", "publications:feed")


def scoped_feeds(kind, scope):
    label = getattr(scope, "plural_name", None) or str(scope)
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


class PublishedPublicationsMixin:
    """Owns what a reader may see of publications, and how cards fetch it."""

    def published_publications(self):
        return Publication.objects.published()

    def publication_cards(self):
        return self.published_publications().for_cards()


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
            "topic": subject_rows(
                Topic.objects, "publication_links__content_object", within_others("topic")
            ),
            "region": subject_rows(Region.objects, "publications", within_others("region")),
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


class PublicationDetailView(PreviewMixin, DetailView):
    template_name = "publications/publication_detail.html"
    context_object_name = "publication"
    model = Publication

    def page_queryset(self, publications):
        return publications.for_cards().prefetch_related("regions", "experts_quoted")

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
