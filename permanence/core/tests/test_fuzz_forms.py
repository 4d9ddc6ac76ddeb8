"""No 500 on malformed input: random data posted to the sign-in, language and organisation forms.

Every answer is a page with a message (200 with an error list, or the 400 page) or a redirect
inside the site; never a server error. Then the two form rules that fuzzing cannot find: an INSEE
code of no département, and two people editing the same organisation at once.
"""

import re
import time
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from allauth.account.internal.flows.login import (
    _AUTHENTICATION_METHODS_USER_SESSION_KEY,
    AUTHENTICATION_METHODS_SESSION_KEY,
)
from django.conf import settings as django_settings
from django.core.cache import cache
from django.test import Client
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_supported_language_variant
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import make_user
from permanence.accounts.models import Membership
from permanence.accounts.roles import Role
from permanence.orgs.models import Organisation, Place

fuzz = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# --- Strategies ------------------------------------------------------------------------------

# Every Unicode category but lone surrogates, which cannot be encoded in a request.
any_char = st.characters(exclude_categories=("Cs",))
OTHER_HOSTS = [
    "https://evil.example.com/",
    "//evil.example.com/fr/",
    "/\\evil.example.com",
    "\\\\evil.example.com",
    "https:evil.example.com",
    "http://testserver@evil.example.com/",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    " https://evil.example.com",
    "\x00//evil.example.com",
    "/%2F%2Fevil.example.com",
    "https://evil.example.com/fr/",
    "///evil.example.com",
    "\thttps://evil.example.com",
]
special_text = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "a\x00b",
        "\r\n",
        "\u202e\u200f",
        "🙂" * 50,
        "ا" * 300,
        "x" * 20_000,
        "é" * 100_000,
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "{{ 7*7 }}",
        "%s%s%n",
        *OTHER_HOSTS,
    ]
)
fuzz_text = st.one_of(st.text(any_char, max_size=300), special_text)
numberish = st.one_of(
    st.integers().map(str),
    st.integers(min_value=2**62, max_value=2**200).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["NaN", "-Infinity", "1e999999", "1e-999999999", "-0", "0x10", "٣", "1_000"]),
    fuzz_text,
)
field_name = st.text(any_char, min_size=1, max_size=40)
extra_fields = st.dictionaries(field_name, fuzz_text, max_size=5)
encoding = st.sampled_from(["multipart", "urlencoded"])


def post(client: Client, url: str, data: dict[str, str], how: str, **extra):
    if how == "urlencoded":
        return client.post(
            url, urlencode(data), content_type="application/x-www-form-urlencoded", **extra
        )
    return client.post(url, data, **extra)


def merge(fields: dict[str, str], extra: dict[str, str]) -> dict[str, str]:
    """Random extra fields, but the form's own fields keep their fuzzed value."""
    return {**extra, **fields}


# --- What every answer must look like --------------------------------------------------------

ERROR_MARKUP = re.compile(r'class="[^"]*\berrorlist\b')


def assert_local_redirect(response) -> None:
    """The Location stays on this site, also as a lenient browser would read it."""
    location = response["Location"]
    assert url_has_allowed_host_and_scheme(location, allowed_hosts={"testserver"}), location
    as_browser = location.lstrip("".join(map(chr, range(0x21)))).replace("\\", "/")
    target = urlsplit(urljoin(f"http://testserver{response.request['PATH_INFO']}", as_browser))
    assert target.scheme == "http" and target.netloc == "testserver", location


def assert_handled(response, *, allowed_redirects: tuple[str, ...] = ()) -> None:
    """200 with an error message, a redirect inside the site, or the 400 page: never a 500."""
    assert response.status_code in {200, 302, 400}, response.status_code
    if response.status_code == 302:
        assert_local_redirect(response)
        if allowed_redirects:
            assert response["Location"].startswith(allowed_redirects), response["Location"]
    elif response.status_code == 400:
        assert "Requête invalide" in response.content.decode()
    else:
        assert ERROR_MARKUP.search(response.content.decode()), "a 200 answer without a message"


# --- Sign-in ---------------------------------------------------------------------------------


@pytest.fixture
def no_lockout(settings):
    """Fuzzing must not lock anybody out, nor be slowed down by allauth's rate limits."""
    settings.AXES_ENABLED = False
    settings.ACCOUNT_RATE_LIMITS = False
    cache.clear()
    yield
    cache.clear()


@pytest.mark.usefixtures("no_lockout")
@fuzz
@given(login=fuzz_text, password=fuzz_text, extra=extra_fields, how=encoding)
@example(login="volunteer.a@example.org", password="\x00", extra={}, how="multipart")
@example(login="x" * 100_000, password="", extra={"next": "//evil.example.com"}, how="urlencoded")
def test_sign_in_form_answers_malformed_input_without_a_server_error(
    volunteer_a, login, password, extra, how
):
    client = Client()

    response = post(
        client, "/accounts/login/", merge({"login": login, "password": password}, extra), how
    )

    assert_handled(response)
    assert "_auth_user_id" not in client.session


def test_sign_in_with_a_body_too_large_gets_the_400_page(db, no_lockout):
    too_big = django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1

    response = Client().post(
        "/accounts/login/",
        urlencode({"login": "a" * too_big, "password": "x"}),
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 400
    assert "Requête invalide" in response.content.decode()


def test_sign_in_with_too_many_fields_gets_the_400_page(db, no_lockout):
    fields = {f"f{i}": "x" for i in range(django_settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}

    response = Client().post("/accounts/login/", {"login": "a@example.org", **fields})

    assert response.status_code == 400
    assert "Requête invalide" in response.content.decode()


# --- Language --------------------------------------------------------------------------------

language_code = st.one_of(
    st.sampled_from([code for code, _name in django_settings.LANGUAGES]),
    st.sampled_from(["FR", "ar-ma", "zz", "fr;q=1", "../etc/passwd", "en\x00", "x" * 10_000]),
    fuzz_text,
)
next_url = st.one_of(
    st.sampled_from(["/fr/", "/en/organisations/", "/dashboard/", "/i18n/setlang/", *OTHER_HOSTS]),
    fuzz_text,
)


@fuzz
@given(
    language=language_code,
    next_=next_url,
    extra=extra_fields,
    how=encoding,
    referer=st.one_of(st.none(), st.sampled_from(OTHER_HOSTS)),
)
@example(language="ar", next_="https://evil.example.com/", extra={}, how="multipart", referer=None)
@example(language="fr", next_="//evil.example.com", extra={}, how="urlencoded", referer=None)
@example(language="en", next_="/fr/\r\nSet-Cookie: x=1", extra={}, how="multipart", referer=None)
@example(language="en", next_="", extra={}, how="multipart", referer="https://evil.example.com/")
def test_language_form_never_redirects_off_site(db, language, next_, extra, how, referer):
    headers = {"HTTP_REFERER": referer} if referer else {}

    response = post(
        Client(),
        "/i18n/setlang/",
        merge({"language": language, "next": next_}, extra),
        how,
        **headers,
    )

    assert response.status_code in {302, 400}, response.status_code
    if response.status_code == 302:
        assert_local_redirect(response)
    cookie = response.cookies.get(django_settings.LANGUAGE_COOKIE_NAME)
    if cookie is not None:
        # Django also keeps "FR" or "ar-ma", which fall back to a language of the site.
        resolved = get_supported_language_variant(cookie.value)
        assert resolved.lower() in {code for code, _name in django_settings.LANGUAGES}


def test_language_form_follows_a_local_next_in_the_chosen_language(db):
    response = Client().post("/i18n/setlang/", {"language": "ar", "next": "/fr/organisations/"})

    assert response.status_code == 302
    assert response["Location"] == "/ar/organisations/"
    assert response.cookies[django_settings.LANGUAGE_COOKIE_NAME].value == "ar"


# --- Organisation forms ----------------------------------------------------------------------


def reauthenticated(client: Client, user) -> Client:
    """Record in the session a recent password re-authentication, as allauth does."""
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time(), "reauthenticated": True}
    ]
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session.save()
    return client


@fuzz
@given(
    fields=st.fixed_dictionaries(
        {
            "name": fuzz_text,
            "description": fuzz_text,
            "website": fuzz_text,
            "email": fuzz_text,
            "phone": fuzz_text,
            "version": numberish,
        }
    ),
    extra=extra_fields,
    how=encoding,
)
@example(
    fields={
        "name": "Groupe A",
        "description": "",
        "website": "",
        "email": "",
        "phone": "",
        "version": "1",
    },
    extra={},
    how="multipart",
)
def test_organisation_form_answers_malformed_input_without_a_server_error(
    client_for, coordinator_a, fields, extra, how
):
    client = client_for(coordinator_a)

    response = post(client, "/orgs/groupe-a/edit/", merge(fields, extra), how)

    assert_handled(response, allowed_redirects=("/orgs/groupe-a/",))


@pytest.mark.parametrize("url", ["/orgs/groupe-a/edit/", "/orgs/groupe-a/places/{place}/edit/"])
def test_a_version_number_beyond_64_bits_is_a_conflict_not_a_server_error(
    client_for, coordinator_a, url
):
    place = Place.objects.get(organisation__slug="groupe-a")
    client = client_for(coordinator_a)
    data = {
        "name": "Groupe A",
        "address": "9 bd de la Moselle",
        "postcode": "59000",
        "commune": "Lille",
        "insee_code": "59350",
        "version": str(2**64),
    }

    response = client.post(url.format(place=place.pk), data)

    assert response.status_code == 200
    assert "Quelqu’un d’autre a modifié cette fiche" in response.content.decode()
    assert Organisation.objects.get(slug="groupe-a").version == 1
    assert Place.objects.get(pk=place.pk).version == 1


@fuzz
@given(
    fields=st.fixed_dictionaries(
        {
            "name": fuzz_text,
            "address": fuzz_text,
            "postcode": st.one_of(st.sampled_from(["59000", "2A000", "00000"]), fuzz_text),
            "commune": fuzz_text,
            "insee_code": st.one_of(
                st.sampled_from(["59350", "2A004", "2B033", "97105", "97501", "98735", "00000"]),
                fuzz_text,
            ),
            "latitude": numberish,
            "longitude": numberish,
            "accessibility": fuzz_text,
            "directions": fuzz_text,
            "version": numberish,
        }
    ),
    extra=extra_fields,
    how=encoding,
)
@example(
    fields={
        "name": "Local",
        "address": "1 rue",
        "postcode": "59000",
        "commune": "Lille",
        "insee_code": "59350",
        "latitude": "50.63",
        "longitude": "",
        "accessibility": "",
        "directions": "",
        "version": "",
    },
    extra={},
    how="multipart",
)
def test_place_form_answers_malformed_input_without_a_server_error(
    client_for, coordinator_a, fields, extra, how
):
    client = client_for(coordinator_a)

    response = post(client, "/orgs/groupe-a/places/new/", merge(fields, extra), how)

    assert_handled(response, allowed_redirects=("/orgs/groupe-a/",))


@fuzz
@given(
    fields=st.fixed_dictionaries(
        {
            "email": st.one_of(
                st.emails().map(lambda e: e[:254]), st.sampled_from(OTHER_HOSTS), fuzz_text
            ),
            "display_name": fuzz_text,
            "role": st.one_of(st.sampled_from([*Role.values, "superuser", ""]), fuzz_text),
        }
    ),
    extra=extra_fields,
    how=encoding,
)
def test_member_form_answers_malformed_input_without_a_server_error(
    client_for, coordinator_a, fields, extra, how
):
    client = reauthenticated(client_for(coordinator_a), coordinator_a)

    response = post(client, "/orgs/groupe-a/members/", merge(fields, extra), how)

    assert_handled(response, allowed_redirects=("/orgs/groupe-a/members/",))
    assert not Membership.objects.filter(
        organisation__slug="groupe-a", role__in=[Role.NETWORK_OFFICER, Role.TECH_ADMIN]
    ).exists()


def test_member_form_without_recent_reauthentication_asks_for_it(client_for, coordinator_a):
    response = client_for(coordinator_a).post(
        "/orgs/groupe-a/members/", {"email": "x\x00@example.org", "role": "volunteer"}
    )

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")


# --- Places: an INSEE code of no département ---------------------------------------------------


def test_place_with_an_insee_code_of_no_departement_is_refused_under_the_field(
    client_for, coordinator_a
):
    places_before = Place.objects.count()
    data = {
        "name": "Local de Saint-Pierre",
        "address": "1 rue du Port",
        "postcode": "97500",
        "commune": "Saint-Pierre",
        "insee_code": "97502",  # Saint-Pierre-et-Miquelon: a collectivity, not a département
    }

    response = client_for(coordinator_a).post("/orgs/groupe-a/places/new/", data)

    assert response.status_code == 200
    field_errors = re.search(
        r'<ul class="errorlist" id="id_insee_code_error">(.*?)</ul>', response.content.decode()
    )
    assert field_errors, "no error list under the INSEE code field"
    assert "Ce code INSEE ne correspond à aucun département." in field_errors[1]
    assert Place.objects.count() == places_before


def test_place_with_a_postcode_in_other_digits_is_refused_under_the_field(
    client_for, coordinator_a
):
    places_before = Place.objects.count()
    data = {
        "name": "Local B",
        "address": "1 rue de Paris",
        "postcode": "٥٩٠٠٠",  # 59000 in Arabic-Indic digits
        "commune": "Lille",
        "insee_code": "59350",
    }

    response = client_for(coordinator_a).post("/orgs/groupe-a/places/new/", data)

    assert response.status_code == 200
    assert 'id="id_postcode_error"' in response.content.decode()
    assert Place.objects.count() == places_before


# --- Organisations: two people editing at once -------------------------------------------------


def form_fields(html: str) -> dict[str, str]:
    """The values of the inputs and text areas of the edit form, as a browser would submit."""
    fields = {}
    for tag in re.findall(r"<input\b[^>]*>", html):
        name = re.search(r'\bname="([^"]*)"', tag)
        value = re.search(r'\bvalue="([^"]*)"', tag)
        if name and name[1] != "csrfmiddlewaretoken":
            fields[name[1]] = value[1] if value else ""
    for name, value in re.findall(
        r'<textarea\b[^>]*\bname="([^"]*)"[^>]*>(.*?)</textarea>', html, re.S
    ):
        fields[name] = value.strip("\n")
    return fields


@pytest.fixture
def coordinator_a2(group_a):
    return make_user("coordinator.a2@example.org", group_a, Role.COORDINATOR)


def test_concurrent_edits_of_an_organisation_show_a_conflict_and_overwrite_nothing(
    client_for, coordinator_a, coordinator_a2
):
    first, second = client_for(coordinator_a), client_for(coordinator_a2)
    first_form = form_fields(first.get("/orgs/groupe-a/edit/").content.decode())
    second_form = form_fields(second.get("/orgs/groupe-a/edit/").content.decode())
    assert first_form["version"] == second_form["version"] == "1"

    saved = first.post(
        "/orgs/groupe-a/edit/", {**first_form, "description": "Permanence le mardi."}
    )
    conflict = second.post(
        "/orgs/groupe-a/edit/", {**second_form, "description": "Permanence le jeudi."}
    )

    assert saved.status_code == 302
    assert conflict.status_code == 200
    html = conflict.content.decode()
    assert "Quelqu’un d’autre a modifié cette fiche" in html
    table = re.search(r'<section class="conflict".*?</section>', html, re.S)
    assert table, "no conflict table"
    assert "Permanence le mardi." in table[0]
    assert "Permanence le jeudi." in table[0]
    assert Organisation.objects.get(slug="groupe-a").description == "Permanence le mardi."


def test_submitting_the_conflict_form_again_keeps_the_second_text_deliberately(
    client_for, coordinator_a, coordinator_a2
):
    first, second = client_for(coordinator_a), client_for(coordinator_a2)
    first_form = form_fields(first.get("/orgs/groupe-a/edit/").content.decode())
    second_form = form_fields(second.get("/orgs/groupe-a/edit/").content.decode())
    first.post("/orgs/groupe-a/edit/", {**first_form, "description": "Permanence le mardi."})
    conflict = second.post(
        "/orgs/groupe-a/edit/", {**second_form, "description": "Permanence le jeudi."}
    )

    resubmitted = form_fields(conflict.content.decode())
    assert resubmitted["version"] == "2"
    response = second.post("/orgs/groupe-a/edit/", resubmitted)

    assert response.status_code == 302
    organisation = Organisation.objects.get(slug="groupe-a")
    assert organisation.description == "Permanence le jeudi."
    assert organisation.version == 3


def test_a_stale_form_after_the_conflict_is_resolved_is_refused_again(
    client_for, coordinator_a, coordinator_a2
):
    first, second = client_for(coordinator_a), client_for(coordinator_a2)
    stale = form_fields(first.get("/orgs/groupe-a/edit/").content.decode())
    fresh = form_fields(second.get("/orgs/groupe-a/edit/").content.decode())
    second.post("/orgs/groupe-a/edit/", {**fresh, "description": "Permanence le jeudi."})

    response = first.post("/orgs/groupe-a/edit/", {**stale, "name": "Groupe A renommé"})

    assert response.status_code == 200
    organisation = Organisation.objects.get(slug="groupe-a")
    assert organisation.name == "Groupe A"
    assert organisation.description == "Permanence le jeudi."
