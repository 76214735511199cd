"""The pages that cut across kinds: home, search, robots.txt and uploaded files."""

from pathlib import PurePosixPath

from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.views import static as static_views
from django.views.generic import TemplateView

from editorial.images import source_of_rendition
from editorial.listings import PAGE_SIZE, organisation_json_ld
from editorial.models import Topic
from editorial.page_cache import per_generation
from editorial.plaintext import has_control_characters
from editorial.search import clean_query, excerpt, search_items, search_people
from editorial.search_results import count_together
from editorial.uploads import MEDIA_CONTENT_TYPES
from events.forms import EventFilterForm
from events.models import Event
from events.views import events_feeds
from people.forms import ExpertFilterForm
from people.models import Person
from publications.archive_counts import topics_with_counts, types_with_counts
from publications.models import CARD_DEFERRED, Authorship, Publication, PublicationType
from publications.views import PublishedPublicationsMixin, all_publications_feeds
from review.links import granted_item_ids
from website.forms import SearchForm


class HomeView(PublishedPublicationsMixin, TemplateView):
    template_name = "publications/home.html"
    featured_count = 3
    latest_count = 9

    def get_context_data(self, **kwargs):
        featured, latest = per_generation(
            f"home:publications:{self.featured_count}:{self.latest_count}", self.lead_publications
        )
        return super().get_context_data(
            featured=featured,
            latest=latest,
            topics=topics_with_counts()[:12],
            types=types_with_counts(),
            upcoming_events=list(Event.objects.for_readers().upcoming().for_cards()[:3]),
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

    def lead_publications(self):
        """The featured publications and the latest others, or failing any featured, the
        latest one leading. They change only with content (events below do with the clock)."""
        cards = self.publication_cards().defer(*CARD_DEFERRED)
        featured = list(cards.filter(is_featured=True)[: self.featured_count])
        latest = list(cards.exclude(pk__in=[p.pk for p in featured])[: self.latest_count])
        if not featured and latest:
            featured, latest = latest[:1], latest[1:]
        return featured, latest


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
        kind = self.form.cleaned_data["kind"]
        context.update(
            query=query,
            notice=notice,
            kind=kind,
            # The form's choices change only with content.
            types=per_generation("search:types", lambda: list(PublicationType.objects.all())),
            topics=per_generation(
                "search:topics", lambda: list(Topic.objects.public().order_by("name"))
            ),
            filter_params=self.form.params() | {"q": query, "kind": kind},
        )
        if query:
            context.update(self.results(query, kind))
        return context

    def sections(self, query):
        """What matches `query` within the filters, by kind. Each kind is narrowed by the
        lookups of its own filter form; a filter it does not have (people have no type or
        year, events no type) leaves it out."""
        filters = self.form.active()
        publications = search_items(
            self.form.apply(Publication.objects.published()),
            query,
            text_fields=("summary", "body"),
            date_field="publish_at",
            shown=Publication.objects.select_related("type").prefetch_related(
                Prefetch("authorships", queryset=Authorship.objects.select_related("person"))
            ),
        )
        events = search_items(
            EventFilterForm.narrow(Event.objects.published(), filters),
            query,
            text_fields=("description", "summary"),
            date_field="starts_at",
            shown=Event.objects.select_related("kind"),
        )
        people = ExpertFilterForm.narrow(Person.objects.public().with_roles(), filters)
        return {
            "publications": publications,
            "experts": search_people(people, query),
            "events": events,
        }

    def results(self, query, kind):
        """The counts by kind, the page of the kind asked for (publications by default) and,
        when no kind was asked for, a preview of the others. Every kind is counted in one
        query, up to a limit (editorial/search_results.py)."""
        sections = self.sections(query)
        main = kind or "publications"
        number = self.page_number()
        start = (number - 1) * self.page_size
        others = (0, 0) if kind else (0, self.preview_size)
        count_together(
            {
                matches: (start, start + self.page_size) if name == main else others
                for name, matches in sections.items()
            }
        )
        try:
            page = Paginator(sections[main], self.page_size).page(number)
        except InvalidPage:
            raise Http404("No such page.") from None
        counts = {name: matches.count() for name, matches in sections.items()}
        previews = [
            (name, counts[name], matches.preview(self.preview_size))
            for name, matches in sections.items()
            if not kind and name != main and counts[name]
        ]
        for item in page.object_list:
            item.excerpt_html = excerpt(item)
        return {
            "counts": counts,
            # The kinds with more matches than were counted: shown as "1,000+".
            "capped": {name for name, matches in sections.items() if matches.more},
            "total": sum(counts.values()),
            "main": main,
            "page_obj": page,
            "previews": previews,
        }

    def page_number(self):
        try:
            number = int(self.request.GET.get("page", 1))
        except ValueError:
            raise Http404("No such page.") from None
        if number < 1:
            raise Http404("No such page.")
        return number


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


def media_audience(request, path):
    """Who may fetch the uploaded file at `path`: "public", "staff" (a preview) or nobody.

    A file is as visible as what it belongs to: the hero image or PDF of an embargoed
    report is not served before the report is public, whatever its address. A rendition
    (editorial/images.py) is as visible as the picture it was made from, which its address
    names. Each owner is looked up by one indexed column, the one such a file is kept in.
    """
    source = source_of_rendition(path)
    if source is None and PurePosixPath(path).suffix.lower() == ".pdf":
        owners, people = Publication.objects.filter(pdf=path), Person.objects.none()
    else:
        picture = source or path
        owners = Publication.objects.filter(image=picture)
        people = Person.objects.filter(photo=picture)
    if owners.published().exists() or people.public().exists():
        return "public"
    may_preview = request.user.has_perm("publications.change_publication") and owners.exists()
    if may_preview or (request.user.has_perm("people.change_person") and people.exists()):
        return "staff"
    # Someone without an account who opened a review link sees its item's own files.
    granted = granted_item_ids(request, Publication)
    if granted and owners.filter(pk__in=granted).exists():
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
