"""Test settings: production settings, with what a test run needs changed and nothing else."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "tests-only-not-secret")

from config.settings import *  # noqa: F403

SECURE_SSL_REDIRECT = False
# Fast hashing for test users; production uses Argon2 (tests/test_security.py checks).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = tempfile.mkdtemp(prefix="thinktank-test-media-")
STATIC_ROOT = tempfile.mkdtemp(prefix="thinktank-test-static-")
# Nothing cached unless a test asks (override_settings), so query counts see every query.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
PAGE_CACHE = False
