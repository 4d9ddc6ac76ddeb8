"""Error pages are the site's own localised templates and never reveal internal details."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from permanence.core.tests.urls_raise import SECRET_DETAIL

LEAK_MARKERS = ["Traceback", "RuntimeError", "SuspiciousOperation", "DisallowedHost", 'File "']


def title_in(language: str, text: str) -> str:
    with translation.override(language):
        return translation.gettext(text)


def html_tag(response) -> str:
    match = re.search(r"<html\b[^>]*>", response.content.decode())
    assert match, "not an HTML page"
    return match[0]


def assert_no_details(response, *secrets: str) -> None:
    body = response.content.decode()
    for marker in [*LEAK_MARKERS, SECRET_DETAIL, *secrets]:
        assert marker not in body


def arabic_client(**kwargs) -> Client:
    client = Client(**kwargs)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    return client


# --- 404 -------------------------------------------------------------------------------------


def test_unknown_public_page_shows_the_french_404_page(db):
    response = Client().get("/fr/cette-page-n-existe-pas/")

    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]
    assert 'lang="fr"' in html_tag(response)
    assert 'dir="ltr"' in html_tag(response)
    assert title_in("fr", "Page introuvable") in response.content.decode()
    assert_no_details(response, "Using the URLconf", "urlpatterns")


def test_unknown_page_with_the_arabic_cookie_is_shown_right_to_left(db):
    response = arabic_client().get("/no-such-page/")

    assert response.status_code == 404
    assert 'lang="ar"' in html_tag(response)
    assert 'dir="rtl"' in html_tag(response)
    assert title_in("ar", "Page introuvable") in response.content.decode()
    assert_no_details(response, "Using the URLconf")


def test_unknown_page_under_the_arabic_prefix_is_shown_right_to_left(db):
    response = Client().get("/ar/no-such-page/")

    assert response.status_code == 404
    assert 'dir="rtl"' in html_tag(response)


def test_unknown_page_for_a_signed_in_account_is_the_same_404_page(client_for, volunteer_a):
    response = client_for(volunteer_a).get("/orgs/groupe-b-does-not-exist/")

    assert response.status_code == 404
    assert title_in("fr", "Page introuvable") in response.content.decode()
    assert_no_details(response, "DoesNotExist", "Http404")


# --- 500 -------------------------------------------------------------------------------------


@pytest.mark.urls("permanence.core.tests.urls_raise")
def test_server_error_shows_the_500_page_without_the_exception(db):
    response = Client(raise_request_exception=False).get("/boom/")

    assert response.status_code == 500
    assert title_in("fr", "Erreur du serveur") in response.content.decode()
    assert_no_details(response)


@pytest.mark.urls("permanence.core.tests.urls_raise")
def test_server_error_is_localised_by_the_language_cookie(db):
    response = arabic_client(raise_request_exception=False).get("/boom/")

    assert response.status_code == 500
    assert 'dir="rtl"' in html_tag(response)
    assert title_in("ar", "Erreur du serveur") in response.content.decode()
    assert_no_details(response)


@pytest.mark.urls("permanence.core.tests.urls_raise")
def test_server_error_for_a_signed_in_account_reveals_nothing(client_for, volunteer_a):
    client = client_for(volunteer_a)
    client.raise_request_exception = False

    response = client.get("/boom/")

    assert response.status_code == 500
    assert title_in("fr", "Erreur du serveur") in response.content.decode()
    assert_no_details(response)
    assert "no-store" in response.headers["Cache-Control"]


# --- 400 and 403 -----------------------------------------------------------------------------


def test_bad_host_header_gets_the_400_page_without_details(db):
    response = Client().get("/fr/", HTTP_HOST="evil.example.com")

    assert response.status_code == 400
    assert title_in("fr", "Requête invalide") in response.content.decode()
    assert_no_details(response, "evil.example.com", "ALLOWED_HOSTS")


@pytest.mark.urls("permanence.core.tests.urls_raise")
def test_suspicious_operation_in_a_view_gets_the_400_page_without_details(db):
    response = Client().get("/suspicious/")

    assert response.status_code == 400
    assert title_in("fr", "Requête invalide") in response.content.decode()
    assert_no_details(response)


@pytest.mark.urls("permanence.core.tests.urls_raise")
def test_permission_denied_gets_the_403_page_without_details(db):
    response = arabic_client().get("/forbidden/")

    assert response.status_code == 403
    assert 'dir="rtl"' in html_tag(response)
    assert title_in("ar", "Accès refusé") in response.content.decode()
    assert_no_details(response)


def test_admin_for_an_account_without_staff_access_is_the_403_page(client_for, volunteer_a):
    response = client_for(volunteer_a).get("/admin/login/")

    assert response.status_code == 403
    assert title_in("fr", "Accès refusé") in response.content.decode()
