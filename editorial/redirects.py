"""Redirects: an address readers knew answers 301 to where its page went.

The rows are editorial.models.Redirect, served by editorial.redirect_middleware, which is
asked only when a request finds no page. They come three ways:

- by themselves, when the slug of something readers could see changes (the signal
  receivers at the end of this module, connected in EditorialConfig.ready);
- by hand in the admin (editorial/redirects_admin.py, checked by `check_redirects`), and
  from a CSV file of old addresses for a site moving here (editorial/redirect_import.py).

None may make a loop, and none may start at a page readers can see (it would never be used).

Addresses are compared as the middleware meets them. A redirect's old path is matched
against `request.get_full_path()`: the path percent-encoded, then the query. A new address
that is a full address on one of ALLOWED_HOSTS is a request for its path and query; one on
any other host leaves the site and ends the trail. A request for a path without a trailing
slash is caught by a redirect from that path, or else (APPEND_SLASH) by one from the path
with the slash: so "/a" → "/a/" is fine, but "/a/" → "/a" is a loop. A request with a query
that no redirect names is then caught, the same way, by a redirect from its path alone, so
"/old/?utm_source=mail" follows "/old/". Readers go to the new address as it is written:
the request's query is not carried over (as django.contrib.redirects did not), so every
trail is one the checks below can follow.
"""

import copy
import functools
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import chain
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.db.models import Q
from django.http.request import validate_host
from django.utils.encoding import escape_uri_path, iri_to_uri
from simple_history.models import HistoricalRecords

from editorial.internal_links import public_objects, resolve_page
from editorial.models import Publishable, Redirect, visible_to_readers
from editorial.page_cache import is_ours

MAX_OLD_PATH = Redirect._meta.get_field("old_path").max_length
MAX_NEW_PATH = Redirect._meta.get_field("new_path").max_length


# --- addresses ------------------------------------------------------------------------------


def request_path(address):
    """The path and query a request for `address` has on this site, written as
    `request.get_full_path()` writes them; None when `address` leaves the site or is no
    address at all ("page.html", "javascript:…", "//elsewhere.org/")."""
    try:
        parts = urlsplit(address)
    except ValueError:
        return None
    if parts.scheme or parts.netloc:
        # "*" would make every web address ours; it is a wildcard, not a claim.
        hosts = [host for host in settings.ALLOWED_HOSTS if host != "*"]
        if parts.scheme not in ("http", "https") or not validate_host(parts.hostname or "", hosts):
            return None
    elif not parts.path.startswith("/"):
        return None
    path = escape_uri_path(unquote(parts.path or "/"))
    return f"{path}?{iri_to_uri(parts.query)}" if parts.query else path


def catching_paths(path):
    """The old paths of the redirects the middleware tries, in its order, for a request of
    `path` (as `request.get_full_path()` writes it) that finds no page."""
    bare, mark, query = path.partition("?")
    forms = [(bare, mark, query), (bare, "", "")] if query else [(bare, "", "")]
    for form_path, form_mark, form_query in forms:
        yield f"{form_path}{form_mark}{form_query}"
        if settings.APPEND_SLASH and not form_path.endswith("/"):
            yield f"{form_path}/{form_mark}{form_query}"


def shown(value, limit=80):
    """`value` short enough to quote in a message."""
    return value if len(value) <= limit else f"{value[:limit]}…"


# --- loops ----------------------------------------------------------------------------------


def find_loops(existing, proposed):
    """The proposed redirects that would send readers round in a circle.

    `existing` and `proposed` are (old path, new address) pairs; a proposed pair replaces an
    existing one from the same old path. A pair counts when following it never reaches a
    page: it is part of a circle (A → A, A → B → A, or longer) or leads into one. Returns
    {old path: the trail readers would follow, ending at the first address seen twice}.
    """
    proposed = list(proposed)
    targets = {}
    for old, new in chain(existing, proposed):
        key = request_path(old)
        if key is not None:
            targets[key] = request_path(new)

    def next_redirect(key):
        target = targets[key]
        if target is None:
            return None
        return next((path for path in catching_paths(target) if path in targets), None)

    # Each redirect leads to at most one other, so a walk either ends at a page or enters a
    # circle. Walks stop at redirects already settled, so the whole search is linear.
    endless, circular = {}, set()
    for start in targets:
        walk, key = {}, start
        while key is not None and key not in endless and key not in walk:
            walk[key] = len(walk)
            key = next_redirect(key)
        if key in walk:
            circular.update(list(walk)[walk[key] :])
        loops = key is not None and (key in walk or endless[key])
        endless.update(dict.fromkeys(walk, loops))
    looping = {}
    for old, _new in proposed:
        key = request_path(old)
        if key is not None and endless.get(key):
            looping[key] = trail(key, next_redirect, key in circular)
    return looping


def trail(start, next_redirect, circular, limit=8):
    """The addresses readers go through from `start` until one comes round again; a long
    trail is cut short, still ending at `start` when it is part of the circle."""
    seen, steps, key = set(), [], start
    while key not in seen:
        if len(steps) == limit:
            return [*steps, "…", *([start] if circular else [])]
        seen.add(key)
        steps.append(key)
        key = next_redirect(key)
    return [*steps, key]


# --- pages readers can see ------------------------------------------------------------------


def live_pages(paths):
    """Those of `paths` that are pages readers can see, so a redirect from them would never
    be used: the rule of editorial.internal_links.link_problem, with one query per kind of
    page rather than one per path. A path with a query is left to its view (an unknown
    filter value is a 404 a redirect can catch), so it is never counted as live here."""
    live = set()
    pending = {}
    for path in paths:
        if "?" in path:
            continue
        match = resolve_page(path)
        if match is None:
            continue
        if "slug" not in match.kwargs:
            live.add(path)
            continue
        view_class = getattr(match.func, "view_class", None)
        others = frozenset((name, value) for name, value in match.kwargs.items() if name != "slug")
        if (view_class, others) not in pending:
            # Building a view's queryset is not free: once per kind of page, not per path.
            objects = public_objects(view_class, match.kwargs)
            pending[view_class, others] = (objects, defaultdict(list))
        objects, by_slug = pending[view_class, others]
        if objects is None:
            live.add(path)
        else:
            by_slug[match.kwargs["slug"]].append(path)
    for objects, by_slug in pending.values():
        slugs = list(by_slug)
        if objects is None:
            continue
        for start in range(0, len(slugs), 500):
            for slug in objects.filter(slug__in=slugs[start : start + 500]).values_list(
                "slug", flat=True
            ):
                live.update(by_slug[slug])
    return live


# --- checking proposed redirects ------------------------------------------------------------


@dataclass
class Problem:
    line: int | None
    field: str | None  # "old_path", "new_path", or None for the pair
    text: str  # reads after "Line 4: " and, capitalised, on its own

    def __str__(self):
        return (
            f"Line {self.line}: {self.text}."
            if self.line
            else f"{self.text[:1].upper()}{self.text[1:]}."
        )


@dataclass
class Checked:
    #: {old path as the middleware compares it: new address}, for the rows without problems.
    redirects: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)


def has_control_characters(value):
    return any(ord(character) < 32 or ord(character) == 127 for character in value)


def old_path_problem(old):
    """Why `old` cannot be where a redirect starts, or None."""
    if not old:
        return "no old path is given"
    if has_control_characters(old):
        return "the old path holds a control character"
    if "#" in old:
        return (
            f"the old path “{shown(old)}” holds a “#”: browsers never send what follows it, "
            "so no request could match"
        )
    key = request_path(old)
    if key is None:
        return f"“{shown(old)}” is not a path on this site: an old path starts with “/”"
    if len(key) > MAX_OLD_PATH:
        return (
            f"the old path is {len(key)} characters long as browsers send it; at most "
            f"{MAX_OLD_PATH} fit"
        )
    return None


def new_path_problem(new):
    """Why readers cannot be sent to `new`, or None."""
    if not new:
        return "no new path is given"
    if has_control_characters(new):
        return "the new path holds a control character"
    if new.startswith("//") or (
        not new.startswith("/") and urlsplit(new).scheme not in ("http", "https")
    ):
        return (
            f"“{shown(new)}” is not an address readers can be sent to: give a path starting "
            "with one “/”, or a full address starting with “https://”"
        )
    if len(new) > MAX_NEW_PATH:
        return f"the new path is {len(new)} characters long; at most {MAX_NEW_PATH} fit"
    return None


def address_problems(line, old, new):
    """What is wrong with one row taken alone, and its old path as compared (None if any)."""
    problems = [
        Problem(line, name, text)
        for name, text in (("old_path", old_path_problem(old)), ("new_path", new_path_problem(new)))
        if text
    ]
    key = None if problems else request_path(old)
    if key is not None and request_path(new) == key:
        problems.append(Problem(line, None, f"{shown(old)} → {shown(new)} leads back to itself"))
        key = None
    return key, problems


def check_redirects(rows, existing):
    """Check proposed redirects, (line, old path, new address) rows, against each other and
    against `existing` (old path, new address) pairs, which rows from the same old path
    replace. Returns the redirects ready to save and every problem found."""
    checked = Checked()
    first_line = {}
    sound = []
    for line, old, new in rows:
        key, problems = address_problems(line, old, new)
        checked.problems += problems
        if key is None:
            continue
        if key in first_line:
            checked.problems.append(
                Problem(
                    line,
                    "old_path",
                    f"{shown(key)} is already redirected on line {first_line[key]}",
                )
            )
            continue
        first_line[key] = line
        sound.append((line, key, new))
    live = live_pages({key for _line, key, _new in sound})
    loops = find_loops(existing, [(key, new) for _line, key, new in sound])
    for line, key, new in sound:
        if key in live:
            checked.problems.append(
                Problem(
                    line,
                    "old_path",
                    f"{shown(key)} is a page readers can see, so a redirect from it would "
                    "never be used",
                )
            )
        elif key in loops:
            circle = loops[key]
            verb = "makes a loop" if circle[-1] == key else "leads into a loop"
            checked.problems.append(
                Problem(line, None, f"{shown(key)} → {shown(new)} {verb}: {' → '.join(circle)}")
            )
        else:
            checked.redirects[key] = new
    checked.problems.sort(key=lambda problem: problem.line or 0)
    return checked


# --- slug changes ---------------------------------------------------------------------------


@functools.cache
def follows_slug(model):
    """Whether readers find `model`'s rows at an address made from their slug: a model of
    our apps with a slug, get_absolute_url and a rule of what readers may see."""
    if not is_ours(model) or not hasattr(model, "get_absolute_url"):
        return False
    if not any(model_field.name == "slug" for model_field in model._meta.concrete_fields):
        return False
    return issubclass(model, Publishable) or hasattr(model._default_manager, "public")


def remember_public_address(sender, instance, raw=False, update_fields=None, **kwargs):
    """pre_save: note the address readers know the row by, if they can see it and its slug
    is about to change. One query, and only for models whose address is made from a slug."""
    if raw or not follows_slug(sender):
        return
    instance.__dict__.pop("_public_address_before_save", None)
    if instance._state.adding or (update_fields is not None and "slug" not in update_fields):
        return
    public = visible_to_readers(sender).filter(pk=instance.pk).order_by()
    old_slug = next(iter(public.values_list("slug", flat=True)[:1]), None)
    if old_slug is not None and old_slug != instance.slug:
        before = copy.copy(instance)
        before.slug = old_slug
        instance._public_address_before_save = before.get_absolute_url()


def redirect_moved_address(sender, instance, raw=False, **kwargs):
    """post_save: send readers of the row's old address to its new one."""
    old_address = instance.__dict__.pop("_public_address_before_save", None)
    if old_address is None:
        return
    new_address = instance.get_absolute_url()
    if new_address != old_address:
        move_address(old_address, new_address)


def move_address(old, new):
    """Readers of `old` go to `new` from now on, in one hop and never round in a circle.

    A redirect from `new` (left by an earlier move the other way) is deleted: the page lives
    there again. Redirects that led to `old` lead to `new` instead, so none becomes a chain.
    """
    redirects = Redirect.objects.all()
    redirects.filter(old_path__in={new, new.rstrip("/") or "/"}).delete()
    bare = old.rstrip("/") or "/"
    leading_to_old = [
        redirect.pk
        for redirect in redirects.filter(Q(new_path__endswith=old) | Q(new_path__endswith=bare))
        if (request_path(redirect.new_path) or "").rstrip("/") == bare.rstrip("/")
    ]
    if leading_to_old:
        redirects.filter(pk__in=leading_to_old).update(new_path=new)
    Redirect.objects.update_or_create(
        old_path=old,
        defaults={"new_path": new},
        create_defaults={"new_path": new, "created_by": user_saving()},
    )


def user_saving():
    """The staff member whose request is saving, if a request is (simple_history's middleware
    keeps it for the thread): a slug change made in the admin names who made it."""
    user = getattr(getattr(HistoricalRecords.context, "request", None), "user", None)
    return user if user is not None and user.is_authenticated else None
