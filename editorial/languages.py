"""The languages the site is read in, and which one a request is in.

A page's language is said by its address alone: English at /, Russian under /ru/, Ukrainian
under /uk/ (settings.LANGUAGES, through i18n_patterns in config/urls.py). The browser's
Accept-Language and any language cookie are ignored, so one address is one page whoever
asks: caches may keep it without varying on the reader, and the admin stays in English.
"""

from django.conf import settings
from django.utils import translation


def site_languages():
    """Every language the site is published in, as (code, name) pairs, main language first."""
    return list(settings.LANGUAGES)


def main_language():
    """The language of the unprefixed addresses, and the one a page falls back to."""
    return settings.LANGUAGE_CODE


def _site_code(code):
    """The site language a code belongs to ("ru-RU" is Russian), or None."""
    if not code:
        return None
    codes = {site_code for site_code, _ in settings.LANGUAGES}
    code = code.lower()
    if code in codes:
        return code
    base = code.split("-")[0]
    return base if base in codes else None


def current_language():
    """The language active now, always one of site_languages(); the main one if none is."""
    return _site_code(translation.get_language()) or main_language()


def language_name(code):
    """The name of a site language in that language itself ("Русский"), or the code if unknown."""
    return dict(settings.LANGUAGES).get(_site_code(code), code)


def language_from_path(path):
    """The language an address is in: its prefix when that is a site language, else the main."""
    return _site_code(translation.get_language_from_path(path)) or main_language()


def path_without_language(path):
    """The address as it would be in the main language: "/ru/events/" is "/events/"."""
    code = translation.get_language_from_path(path)
    prefix = f"/{code}/"
    if code and path.startswith(prefix):
        return path[len(prefix) - 1 :]
    return path


class LanguageFromPathMiddleware:
    """Activates the language of the address for the request, and says it in Content-Language.

    Unlike django.middleware.locale.LocaleMiddleware, it never consults Accept-Language or
    the language cookie and adds no ``Vary: Accept-Language``: the response depends on the
    address only.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = language_from_path(request.path_info)
        previous = translation.get_language()
        translation.activate(language)
        request.LANGUAGE_CODE = language
        try:
            response = self.get_response(request)
        finally:
            # The thread serves the next request (or test) in its own language, not this one.
            translation.activate(previous) if previous else translation.deactivate()
        response.headers.setdefault("Content-Language", language)
        return response
