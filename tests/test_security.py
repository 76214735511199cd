"""The site's own defences: headers, Content Security Policy, password hashing, login throttling."""

import re
from datetime import timedelta
from http import HTTPStatus

import axes.attempts
import axes.handlers.proxy
import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

import config.settings as production
from tests.factories import make_event, make_publication

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("admin:login")


def public_urls():
    publication = make_publication("Visible")
    event = make_event("Forum")
    return [
        "/",
        "/publications/",
        publication.get_absolute_url(),
        "/topics/",
        "/experts/",
        "/events/",
        event.get_absolute_url(),
    ]


def csp_directives(response):
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


def test_public_pages_allow_only_our_own_origin(client):
    for url in public_urls():
        response = client.get(url)
        directives = csp_directives(response)

        assert directives["default-src"] == ["'self'"], url
        assert directives["script-src"][0] == "'self'"
        assert all(re.fullmatch(r"'nonce-[\w+/=-]+'", v) for v in directives["script-src"][1:])
        assert directives["frame-ancestors"] == ["'none'"]
        assert directives["object-src"] == ["'none'"]
        assert "http" not in response["Content-Security-Policy"]
        assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_public_pages_load_nothing_from_other_origins(client):
    for url in public_urls():
        content = client.get(url).content.decode()
        loaded = re.findall(
            r'<(?:script|img|link|iframe|source)\b[^>]*\b(?:src|href)="([^"]+)"', content
        )

        assert loaded, url
        for address in loaded:
            assert address.startswith("/") or address.startswith("http://testserver/"), address


def test_admin_pages_carry_the_policy_too(admin_client):
    response = admin_client.get(reverse("admin:publications_publication_add"))

    assert "script-src 'self' 'nonce-" in response["Content-Security-Policy"]
    assert 'type="importmap" nonce="' in response.content.decode()


def test_security_headers_on_pages(client):
    response = client.get("/", secure=True)

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_production_hashes_passwords_with_argon2():
    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_argon2_hashes_a_password(settings):
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    user = User.objects.create_user("someone", password="a long passphrase")

    assert user.password.startswith("argon2$")


def attempt(client, username, password, ip="203.0.113.7"):
    return client.post(
        LOGIN_URL,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=ip,
    )


@pytest.fixture
def staff(db):
    return User.objects.create_user("mgarrow", password="right-password", is_staff=True)


def test_five_failed_logins_lock_the_account_from_that_address(client, staff):
    for _ in range(4):
        assert attempt(client, "mgarrow", "wrong").status_code == HTTPStatus.OK
    fifth = attempt(client, "mgarrow", "wrong")

    locked = attempt(client, "mgarrow", "right-password")

    assert fifth.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert locked.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "Too many failed sign-ins" in locked.content.decode()
    assert "15 minutes" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_does_not_block_others(client, staff):
    User.objects.create_user("astrand", password="her-password", is_staff=True)
    for _ in range(5):
        attempt(client, "mgarrow", "wrong")

    assert attempt(client, "astrand", "her-password").status_code == HTTPStatus.FOUND
    assert attempt(client, "mgarrow", "right-password", ip="198.51.100.9").status_code == 302


def test_lockout_ends_after_fifteen_minutes(client, staff, monkeypatch):
    for _ in range(5):
        attempt(client, "mgarrow", "wrong")
    later = timezone.now() + timedelta(minutes=16)
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr(axes.attempts, "now", lambda: later)
    monkeypatch.setattr(axes.handlers.proxy, "now", lambda: later)

    assert attempt(client, "mgarrow", "right-password").status_code == HTTPStatus.FOUND


def test_four_failures_then_success_resets_the_count(client, staff):
    for _ in range(4):
        attempt(client, "mgarrow", "wrong")
    assert attempt(client, "mgarrow", "right-password").status_code == HTTPStatus.FOUND
    client.logout()

    for _ in range(4):
        attempt(client, "mgarrow", "wrong")

    assert attempt(client, "mgarrow", "right-password").status_code == HTTPStatus.FOUND


def test_behind_a_proxy_lockout_follows_the_readers_address(client, staff, settings):
    settings.AXES_CLIENT_IP_CALLABLE = production.client_ip_behind_proxy
    proxy = "10.0.0.2"

    def via_proxy(password, reader, forged="6.6.6.6"):
        # The proxy appends the address it saw to whatever the client sent.
        return client.post(
            LOGIN_URL,
            {"username": "mgarrow", "password": password, "next": "/admin/"},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR=f"{forged}, {reader}",
        )

    for number in range(5):
        via_proxy("wrong", "203.0.113.7", forged=f"6.6.6.{number}")

    assert via_proxy("right-password", "203.0.113.7").status_code == 429
    assert via_proxy("right-password", "198.51.100.9").status_code == HTTPStatus.FOUND
