"""{% cards %}: a card partial rendered once per item and content generation, then kept.

    {% load cards %}
    {% cards "publications/partials.html#card" publications as publication %}
    {% cards "events/partials.html#card" events as event varying "is_over" %}

renders the partial for each item in turn, the item named as given, and keeps each rendering
(page_cache.per_generation_many): any change of content, a renamed author or topic too,
starts a new generation, so a kept card is never stale; and a list's cards come from the
cache in one request, not one per card as {% cache %} would make. Each language keeps its own
renderings (per_generation_many keys values by the reader's language), since a card's
interface words, dates and topic names are in the page's language. A card shows its item and
nothing else of the page; `varying` names an attribute of the item that changes with the
clock (an event being over), kept apart.
"""

from django import template
from django.utils.safestring import mark_safe

from editorial.page_cache import per_generation_many

register = template.Library()


class CardsNode(template.Node):
    def __init__(self, template_name, items, item_name, varying):
        self.template_name = template_name
        self.items = items
        self.item_name = item_name
        self.varying = varying

    def render(self, context):
        template_name = self.template_name.resolve(context)
        items = list(self.items.resolve(context) or ())
        varying = self.varying.resolve(context) if self.varying else None
        card = context.template.engine.get_template(template_name)

        def name_of(item):
            state = f":{getattr(item, varying)}" if varying else ""
            return f"card:{template_name}:{item._meta.label}:{item.pk}{state}"

        names = {name_of(item): item for item in items}

        def render(missing):
            rendered = {}
            for name in missing:
                with context.push({self.item_name: names[name]}):
                    rendered[name] = card.render(context)
            return rendered

        cards = per_generation_many(list(names), render)
        # Each card was rendered, and escaped, by the template engine.
        return mark_safe("".join(cards[name_of(item)] for item in items))  # noqa: S308


@register.tag
def cards(parser, token):
    """{% cards TEMPLATE ITEMS as NAME [varying ATTRIBUTE] %}"""
    bits = token.split_contents()
    if len(bits) not in (5, 7) or bits[3] != "as" or (len(bits) == 7 and bits[5] != "varying"):
        raise template.TemplateSyntaxError(
            f"{bits[0]} takes: TEMPLATE ITEMS as NAME [varying ATTRIBUTE]"
        )
    varying = parser.compile_filter(bits[6]) if len(bits) == 7 else None
    return CardsNode(
        parser.compile_filter(bits[1]), parser.compile_filter(bits[2]), bits[4], varying
    )
