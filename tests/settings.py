"""Test settings: production settings, with what a test run needs changed and nothing else."""

import atexit
import os
import shutil
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
# One pair of folders for each test process (pytest-xdist runs several), gone when it ends.
MEDIA_ROOT = tempfile.mkdtemp(prefix="thinktank-test-media-")
STATIC_ROOT = tempfile.mkdtemp(prefix="thinktank-test-static-")
for _folder in (MEDIA_ROOT, STATIC_ROOT):
    atexit.register(shutil.rmtree, _folder, ignore_errors=True)
# Nothing cached unless a test asks (override_settings), so query counts see every query.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
PAGE_CACHE = False
# Tasks run as they are enqueued; a test that needs a queue overrides TASKS.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# pikepdf says at import, at INFO, that its logging is set up. Under pytest-xdist the main
# process prints that after the summary, where CI reads pytest's closing line.
LOGGING = {
    **LOGGING,  # noqa: F405
    "loggers": {**LOGGING.get("loggers", {}), "pikepdf._core": {"level": "WARNING"}},  # noqa: F405
}
