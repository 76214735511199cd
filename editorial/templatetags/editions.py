"""The page in other languages: hreflang links in the head, and the language switcher.

A page that exists in only some languages (a publication, an event) puts `alternates` in its
context (editorial.listings.edition_alternates); every other page exists in every language.
"""

from django import template

from editorial.listings import default_alternate, page_alternates, switcher_links

register = template.Library()


def alternates_of(context):
    alternates = context.get("alternates")
    if alternates is None:
        alternates = page_alternates(context["request"])
    return alternates


@register.inclusion_tag("includes/hreflang.html", takes_context=True)
def hreflang_links(context):
    if "request" not in context:
        return {"alternates": []}
    alternates = alternates_of(context)
    return {"alternates": alternates, "x_default": default_alternate(alternates)}


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    if "request" not in context:
        return {"languages": []}
    return {"languages": switcher_links(alternates_of(context))}
