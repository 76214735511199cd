"""{% picture %}: an uploaded picture as its renditions (editorial/images.py), for the browser to
choose from by the width the layout gives it.

    {% load images %}
    {% picture publication.image sizes="(min-width: 80rem) 76rem, 95vw" alt=publication.image_alt
       priority=True %}

(on one line: a tag cannot span lines)

renders a <picture> with a WebP <source> and an <img> in the upload's own format, each with
every width in `srcset`. The <img> always has `width` and `height` (the upload's, for its
proportions) so the page does not jump as pictures arrive. Pictures are lazy unless
`priority` says the picture is the first thing a reader sees (a hero). Other keyword
arguments (`class`) become attributes of the <img>.

Everything comes from the item's own columns: no query and no storage call.
"""

from django import template
from django.utils.html import format_html, format_html_join

from editorial.images import CONTENT_TYPES, DEFAULT_WIDTH, renditions_of

register = template.Library()

WEBP = CONTENT_TYPES["WEBP"]


def _srcset(storage, renditions):
    return ", ".join(f"{storage.url(r['name'])} {r['width']}w" for r in renditions)


def _fallback_src(storage, renditions):
    """What a browser without `srcset` gets: the widest at most DEFAULT_WIDTH, else the
    narrowest."""
    fitting = [r for r in renditions if r["width"] <= DEFAULT_WIDTH] or renditions[:1]
    return storage.url(fitting[-1]["name"])


def _dimensions(field_file, renditions):
    field = field_file.field
    width = getattr(field_file.instance, field.width_field or "", None)
    height = getattr(field_file.instance, field.height_field or "", None)
    if (not width or not height) and renditions:
        width, height = renditions[-1]["width"], renditions[-1]["height"]
    return width, height


@register.simple_tag
def picture(field_file, sizes, alt="", priority=False, **attrs):
    if not field_file:
        return ""
    renditions = renditions_of(field_file)
    width, height = _dimensions(field_file, renditions)
    # A hero is fetched first, never deferred; anything else waits until it is near.
    loading = {"fetchpriority": "high"} if priority else {"loading": "lazy", "decoding": "async"}
    img_attrs = {"width": width, "height": height, "alt": alt, **loading, **attrs}
    if not renditions:
        # Copies not made yet (make_renditions builds them): the upload itself.
        return format_html("<img {}>", _attributes({"src": field_file.url, **img_attrs}))
    storage = field_file.storage
    webp = [r for r in renditions if r["type"] == WEBP]
    fallback = [r for r in renditions if r["type"] != WEBP] or webp
    img = format_html(
        "<img {}>",
        _attributes(
            {
                "src": _fallback_src(storage, fallback),
                "srcset": _srcset(storage, fallback),
                "sizes": sizes,
                **img_attrs,
            }
        ),
    )
    if fallback is webp:
        return img
    return format_html(
        '<picture><source type="{}" srcset="{}" sizes="{}">{}</picture>',
        WEBP,
        _srcset(storage, webp),
        sizes,
        img,
    )


def _attributes(attrs):
    return format_html_join(
        " ", '{}="{}"', ((name, value) for name, value in attrs.items() if value is not None)
    )
