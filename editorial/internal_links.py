"""Links in rich text that point into our own site must lead readers to a page they can see.

A link is checked when it is saved, not discovered broken by readers: each address on our
own site (relative, or absolute with one of ALLOWED_HOSTS) must resolve, and when it is the
page of one object (a publication, person, event, topic or region) that object must be one
readers may see. What readers may see is asked of the view that serves the page, so the rule
is the one the page itself applies (`published()`, `public()`), never a copy of it.
"""

import re
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from django import forms
from django.conf import settings
from django.http.request import validate_host
from django.urls import Resolver404, resolve
from django.utils import translation
from django.views.generic.detail import SingleObjectMixin

from editorial.languages import language_from_path
from editorial.richtext import RichTextField


class _Hrefs(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs += [value for name, value in attrs if name == "href" and value]


def hrefs_in(html):
    parser = _Hrefs()
    parser.feed(html or "")
    return parser.hrefs


def site_path(href):
    """The path (with its query) of `href` if it points into our own site, else None."""
    parts = urlsplit(href.strip())
    if parts.scheme or parts.netloc:
        # "*" would make every web address ours; it is a wildcard, not a claim.
        hosts = [host for host in settings.ALLOWED_HOSTS if host != "*"]
        if parts.scheme not in ("http", "https") or not validate_host(parts.hostname or "", hosts):
            return None
    elif not parts.path:
        return None  # "#section" or "?page=2": the same page
    return parts.path


def public_objects(view_class, kwargs):
    """The objects readers may reach through `view_class`, or None if it is not about one.

    A view serving one object by slug answers with `public_objects()`, or, being a
    DetailView, with the queryset an anonymous reader's request would get.
    """
    if hasattr(view_class, "public_objects"):
        return view_class.public_objects()
    if view_class is not None and issubclass(view_class, SingleObjectMixin):
        return view_class(kwargs=kwargs).get_queryset()
    return None


def resolve_page(path):
    path = unquote(path)
    # CommonMiddleware sends "/experts/someone" on to "/experts/someone/".
    for candidate in [path] if path.endswith("/") else [path, f"{path}/"]:
        try:
            return resolve(candidate)
        except Resolver404:
            continue
    return None


def link_problem(path, named=()):
    """Why a reader following a link to `path` would not get a page, or None if they would."""
    if not path.startswith("/"):
        return "is not a full address on this site: start it with “/”"
    # "/ru/…" resolves, and lists what Russian readers may see, only with Russian active.
    with translation.override(language_from_path(unquote(path))):
        return _problem_in_own_language(path, named)


def _problem_in_own_language(path, named):
    match = resolve_page(path)
    if match is None:
        return "leads to no page on this site"
    view_class = getattr(match.func, "view_class", None)
    objects = public_objects(view_class, match.kwargs)
    if objects is None or "slug" not in match.kwargs:
        return None
    model, slug = objects.model, match.kwargs["slug"]
    if any(isinstance(item, model) and item.slug == slug for item in named):
        # Someone named on this item (quoted, an author, a speaker) has a page as soon as
        # the item is public, so linking them from its text is fine even in a draft.
        return None
    if objects.filter(slug=slug).exists():
        return None
    return f"leads to a {model._meta.verbose_name} readers cannot see (not published, or hidden)"


def check_internal_links(html, named=()):
    """Raise ValidationError naming every link in `html` readers could not follow."""
    errors = []
    for href in dict.fromkeys(hrefs_in(html)):
        path = site_path(href)
        problem = path is not None and link_problem(path, named)
        if problem:
            errors.append(
                forms.ValidationError(
                    "The link to “%(href)s” %(problem)s. Change or remove it.",
                    code="unreachable_link",
                    params={"href": href, "problem": problem},
                )
            )
    if errors:
        raise forms.ValidationError(errors)


def named_model(model):
    """The model of the people `model` names in rows (its byline or speakers): the target of
    a many-to-many field whose rows have a `person`. Found by relation, not by import."""
    for field in model._meta.many_to_many:
        through = getattr(field.remote_field, "through", None)
        if through is not None and any(f.name == "person" for f in through._meta.get_fields()):
            return field.related_model
    return None


PERSON_ROW = re.compile(r"^(?P<prefix>[\w-]+)-(?P<row>\d+)-person$")


class InternalLinksForm(forms.ModelForm):
    """Checks the links in every rich-text field of the model when the form is cleaned."""

    def named_people(self):
        """People this item names: quoted ones, and those in its byline or speaker rows.

        The inline rows (authors, speakers) are posted with the form but validated apart
        from it, so they are read from the submitted data.
        """
        Person = named_model(self._meta.model)
        if Person is None:
            return []
        ids = {person.pk for person in self.cleaned_data.get("experts_quoted") or ()}
        for key, value in self.data.items():
            row = PERSON_ROW.match(key)
            deleted = row and self.data.get(f"{row['prefix']}-{row['row']}-DELETE")
            if row and not deleted and str(value).isdigit():
                ids.add(int(value))
        return list(Person.objects.filter(pk__in=ids)) if ids else []

    def clean(self):
        cleaned_data = super().clean()
        model_fields = {field.name: field for field in self._meta.model._meta.get_fields()}
        rich_fields = [
            name
            for name in self.fields
            if isinstance(model_fields.get(name), RichTextField) and cleaned_data.get(name)
        ]
        if rich_fields:
            named_people = self.named_people()
            for name in rich_fields:
                try:
                    check_internal_links(cleaned_data[name], named_people)
                except forms.ValidationError as error:
                    self.add_error(name, error)
        return cleaned_data
