"""Tags for what machines read on every page: absolute URLs and JSON-LD."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

from editorial.richtext import plain_text

register = template.Library()

# Like json_script: nothing inside the JSON can close the <script> element around it.
_SCRIPT_SAFE = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


register.filter("plain_text", plain_text)


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    return context["request"].build_absolute_uri(path) if path else ""


@register.simple_tag(takes_context=True)
def json_ld(context, data):
    """A JSON-LD <script> block for `data`. It is a data block, never run, so the Content
    Security Policy does not apply to it and it takes no nonce: public pages use no nonce,
    and their policy has none to replay from the page cache (editorial/page_cache.py)."""
    if not data:
        return ""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_SAFE)
    return mark_safe(  # noqa: S308 -- the payload is JSON with <, > and & escaped
        f'<script type="application/ld+json">{payload}</script>'
    )
