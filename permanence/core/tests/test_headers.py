"""Security and privacy headers on every kind of response, and the production settings."""

import os
import re
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from permanence.core.lib.crypto import generate_key_text

REPO_ROOT = Path(__file__).resolve().parents[3]
SCRIPT_NONCE_RE = re.compile(r"<script\b[^>]*\bnonce=\"([^\"]*)\"", re.IGNORECASE)
SCRIPT_TAG_RE = re.compile(r"<script\b[^>]*>", re.IGNORECASE)


def parse_csp(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


# --- The responses under test ----------------------------------------------------------------


def get_public_page(client_for, user):
    return Client().get("/fr/")


def get_healthz(client_for, user):
    return Client().get("/healthz")


def get_login_page(client_for, user):
    return Client().get("/accounts/login/")


def get_signed_in_page(client_for, user):
    return client_for(user).get("/dashboard/")


def get_not_found(client_for, user):
    return Client().get("/fr/this-page-does-not-exist/")


def get_signed_in_not_found(client_for, user):
    return client_for(user).get("/orgs/no-such-organisation/")


def get_redirect(client_for, user):
    return Client().get("/dashboard/")


def get_language_redirect(client_for, user):
    return Client().get("/")


def get_slash_redirect(client_for, user):
    return client_for(user).get("/dashboard")


def get_signed_in_redirect(client_for, user):
    return client_for(user).get("/accounts/login/")


ALL_RESPONSES = {
    "public page": get_public_page,
    "healthz": get_healthz,
    "sign-in page": get_login_page,
    "signed-in page": get_signed_in_page,
    "404": get_not_found,
    "signed-in 404": get_signed_in_not_found,
    "redirect": get_redirect,
    "signed-in redirect": get_signed_in_redirect,
    "language redirect": get_language_redirect,
    "slash redirect": get_slash_redirect,
}
HTML_RESPONSES = ["public page", "sign-in page", "signed-in page", "404", "signed-in 404"]
SIGNED_IN_RESPONSES = ["signed-in page", "signed-in 404", "signed-in redirect", "slash redirect"]


def marked(kinds):
    """The kinds as test parameters (framework redirects included: they get the headers too)."""
    return list(kinds)


@pytest.fixture
def respond(client_for, volunteer_a):
    def make(kind: str):
        return ALL_RESPONSES[kind](client_for, volunteer_a)

    return make


def test_the_responses_under_test_are_of_the_expected_kinds(respond):
    assert respond("public page").status_code == 200
    assert respond("healthz").status_code == 200
    assert respond("sign-in page").status_code == 200
    assert respond("signed-in page").status_code == 200
    assert respond("404").status_code == 404
    assert respond("signed-in 404").status_code == 404
    assert respond("redirect").status_code == 302
    assert respond("signed-in redirect").status_code == 302
    assert respond("language redirect").status_code == 302
    assert respond("slash redirect").status_code == 301


# --- Content-Security-Policy -----------------------------------------------------------------


@pytest.mark.parametrize("kind", ALL_RESPONSES)
def test_every_response_has_a_strict_content_security_policy(respond, kind):
    response = respond(kind)

    assert "Content-Security-Policy" in response.headers
    csp = parse_csp(response.headers["Content-Security-Policy"])
    assert "'self'" in csp["script-src"]
    assert "'unsafe-inline'" not in csp["script-src"]
    assert "'unsafe-eval'" not in csp["script-src"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in csp.get("default-src", [])


@pytest.mark.parametrize("kind", HTML_RESPONSES)
def test_html_pages_allow_scripts_by_a_nonce_that_matches_their_script_tags(respond, kind):
    response = respond(kind)

    assert response["Content-Type"].startswith("text/html")
    csp = parse_csp(response.headers["Content-Security-Policy"])
    header_nonces = [v for v in csp["script-src"] if v.startswith("'nonce-")]
    assert len(header_nonces) == 1
    nonce = header_nonces[0].removeprefix("'nonce-").removesuffix("'")
    assert len(nonce) >= 16

    html = response.content.decode()
    script_tags = SCRIPT_TAG_RE.findall(html)
    assert script_tags, "the page loads no script: nothing to compare the nonce with"
    page_nonces = SCRIPT_NONCE_RE.findall(html)
    assert page_nonces, "no script tag carries the nonce"
    assert set(page_nonces) == {nonce}
    for tag in script_tags:
        if "nonce=" in tag:
            continue
        # Without the nonce, only same-origin files ('self') or inert JSON data blocks are allowed.
        src = re.search(r"\bsrc=\"([^\"]*)\"", tag)
        assert (src and src[1].startswith("/static/")) or 'type="application/json"' in tag, tag


def test_each_page_gets_a_fresh_nonce(respond):
    first = parse_csp(respond("public page").headers["Content-Security-Policy"])["script-src"]
    second = parse_csp(respond("public page").headers["Content-Security-Policy"])["script-src"]

    assert first != second


# --- Other security headers ------------------------------------------------------------------


@pytest.mark.parametrize("kind", marked(ALL_RESPONSES))
def test_every_response_has_the_browser_security_headers(respond, kind):
    response = respond(kind)

    assert response.headers["Referrer-Policy"] in {"same-origin", "no-referrer", "strict-origin"}
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    permissions = response.headers["Permissions-Policy"]
    for feature in ("camera", "microphone", "payment"):
        assert f"{feature}=()" in permissions
    # The position is asked only by our own "around me" button, never by a third party.
    assert "geolocation=(self)" in permissions


# --- Caching and sign-out --------------------------------------------------------------------


@pytest.mark.parametrize("kind", marked(SIGNED_IN_RESPONSES))
def test_responses_to_a_signed_in_account_are_never_stored(respond, kind):
    response = respond(kind)

    cache_control = [v.strip() for v in response.headers["Cache-Control"].split(",")]
    assert "no-store" in cache_control
    assert "public" not in cache_control


@pytest.mark.parametrize("kind", ALL_RESPONSES)
def test_ordinary_responses_do_not_clear_site_data(respond, kind):
    assert "Clear-Site-Data" not in respond(kind).headers


def test_signing_out_clears_the_browser_data_of_the_site(client_for, volunteer_a):
    client = client_for(volunteer_a)

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    cleared = {v.strip() for v in response.headers["Clear-Site-Data"].split(",")}
    assert {'"cache"', '"cookies"', '"storage"'} <= cleared
    assert "no-store" in response.headers["Cache-Control"]
    assert client.get("/dashboard/").status_code == 302


def test_the_sign_out_confirmation_page_does_not_clear_site_data(client_for, volunteer_a):
    client = client_for(volunteer_a)

    response = client.get("/accounts/logout/")

    assert "Clear-Site-Data" not in response.headers
    assert client.get("/dashboard/").status_code == 200


# --- Production settings (a fresh interpreter, because settings.py reads the environment) ------


def random_secret_key() -> str:
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    return "".join(secrets.choice(alphabet) for _ in range(60))


def base_env(tmp_path: Path) -> dict[str, str]:
    """A clean environment: nothing leaks in from the developer's shell or from pytest."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "PYTHONPATH": str(REPO_ROOT),
        "PERMANENCE_VAR_DIR": str(tmp_path),
    }


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        **base_env(tmp_path),
        "DEBUG": "0",
        "SECRET_KEY": random_secret_key(),
        "ALLOWED_HOSTS": "permanence.example.org",
        "PERMANENCE_DATA_KEYS": f"k1:{generate_key_text()}",
        "PERMANENCE_INDEX_KEY": generate_key_text(),
        **extra,
    }


def run_python(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (fixed arguments, no shell)
        [sys.executable, *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def import_settings(env: dict[str, str], code: str = "") -> subprocess.CompletedProcess:
    return run_python(env, "-c", f"import permanence.settings as s\n{code}")


def test_deploy_check_passes_with_the_production_environment(tmp_path):
    result = run_python(
        production_env(tmp_path), "manage.py", "check", "--deploy", "--fail-level", "WARNING"
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_check_passes_with_the_production_environment_and_hsts_preload(tmp_path):
    env = production_env(tmp_path, SECURE_HSTS_PRELOAD="1")

    result = run_python(env, "manage.py", "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_secure_cookies_and_transport(tmp_path):
    code = "\n".join(
        [
            "assert s.DEBUG is False",
            "assert s.SESSION_COOKIE_SECURE is True",
            "assert s.CSRF_COOKIE_SECURE is True",
            "assert s.LANGUAGE_COOKIE_SECURE is True",
            "assert s.SECURE_HSTS_SECONDS >= 31536000, s.SECURE_HSTS_SECONDS",
            "assert s.SECURE_SSL_REDIRECT is True",
            "assert s.ALLOWED_HOSTS == ['permanence.example.org'], s.ALLOWED_HOSTS",
            "print('checked')",
        ]
    )

    result = import_settings(production_env(tmp_path), code)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "checked"


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = production_env(tmp_path)
    del env["SECRET_KEY"]

    result = import_settings(env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr
    assert "must be set when DEBUG is off" in result.stderr


def test_production_refuses_to_start_without_encryption_keys(tmp_path):
    env = production_env(tmp_path)
    del env["PERMANENCE_DATA_KEYS"]

    result = import_settings(env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "PERMANENCE_DATA_KEYS" in result.stderr
    assert "must be set when DEBUG is off" in result.stderr
    assert not (tmp_path / "dev-keys").exists()


def test_production_refuses_to_start_without_any_secret(tmp_path):
    result = import_settings({**base_env(tmp_path), "DEBUG": "0"})

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "must be set when DEBUG is off" in result.stderr


def test_a_debug_value_that_is_not_a_boolean_is_refused_loudly(tmp_path):
    result = import_settings(production_env(tmp_path, DEBUG="maybe"))

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DEBUG='maybe' is not a boolean" in result.stderr


def test_the_secret_key_can_be_read_from_a_file(tmp_path):
    key = random_secret_key()
    key_file = tmp_path / "secret_key"
    key_file.write_text(key + "\n", encoding="utf-8")
    env = production_env(tmp_path, SECRET_KEY_FILE=str(key_file))
    env["SECRET_KEY"] = "this-value-is-ignored-when-the-file-is-given"

    result = import_settings(env, "print(repr(s.SECRET_KEY))")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == repr(key)


def test_an_unreadable_secret_key_file_is_refused_with_its_name(tmp_path):
    missing = tmp_path / "no-such-file"

    result = import_settings(production_env(tmp_path, SECRET_KEY_FILE=str(missing)))

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY_FILE" in result.stderr
    assert "no-such-file" in result.stderr
