"""Production settings (read from the environment, as under `make serve`) plus the bare view.

The harness sets SECRET_KEY, ALLOWED_HOSTS, DEBUG=0 and SECURE_SSL_REDIRECT=0 in gunicorn's
environment; everything else is exactly what production runs.
"""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "tests.bench.urls"

# The bare view is the ceiling a Python page is measured against: it must not be served from
# the page cache, or in the cached run it would measure the cache instead of Django.
MIDDLEWARE = [
    "tests.bench.urls.PageCacheExceptBare"
    if entry == "editorial.page_cache.PageCacheMiddleware"
    else entry
    for entry in MIDDLEWARE  # noqa: F405
]
