"""Public directory pages: search, desk page, poster, iCalendar and API agree."""

import json
from datetime import datetime, timedelta

import icalendar
import pytest
from django.core.cache import cache
from django.utils import timezone
from django.utils.html import escape

from permanence.directory import schedule
from permanence.directory.models import Desk, DeskText, UpcomingSession
from permanence.directory.poster import poster_html


def test_search_page_needs_no_sign_in_and_lists_published_desks(client, desk_a):
    body = client.get("/fr/").content.decode()
    assert "Permanence A" in body


def test_unpublished_desk_is_neither_listed_nor_shown(client, desk_a):
    Desk.objects.filter(pk=desk_a.pk).update(public=False)
    assert "Permanence A" not in client.get("/fr/").content.decode()
    assert client.get("/fr/desks/permanence-a/").status_code == 404
    assert client.get("/ical/desks/permanence-a.ics").status_code == 404


def test_search_by_town_postcode_and_departement(client, desk_a):
    for q in ["Lille", "lille", "59000", "59", "Nord"]:
        assert "Permanence A" in client.get("/fr/", {"q": q}).content.decode(), q
    body = client.get("/fr/", {"q": "Foix"}).content.decode()
    assert "Permanence A" not in body
    assert "Aucun lieu connu" in body


def test_filters_by_language_topic_and_mode(client, desk_a):
    assert "Permanence A" in client.get("/fr/", {"language": "ar"}).content.decode()
    assert "Permanence A" not in client.get("/fr/", {"language": "ru"}).content.decode()
    assert "Permanence A" in client.get("/fr/", {"topic": "asylum"}).content.decode()
    assert "Permanence A" not in client.get("/fr/", {"topic": "health"}).content.decode()
    assert "Permanence A" not in client.get("/fr/", {"mode": "appointment"}).content.decode()


def test_open_this_week_uses_the_real_sessions(client, desk_a, weekly_desk_b):
    UpcomingSession.objects.filter(desk=desk_a).delete()
    body = client.get("/fr/", {"week": "on"}).content.decode()
    assert "Permanence A" not in body


def test_a_desk_open_now_says_so_instead_of_a_start_already_past(client, desk_a):
    """A 24-hour line (sessions from midnight to midnight) showed « Prochaine date : 00:00 »
    at nine in the evening. An open session says « Ouvert en ce moment », with its end when
    that is the same day."""
    UpcomingSession.objects.filter(desk=desk_a).delete()
    now = timezone.localtime()
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    UpcomingSession.objects.create(desk=desk_a, start=midnight, end=midnight + timedelta(days=1))
    body = client.get("/fr/").content.decode()
    assert "Ouvert en ce moment" in body and "jusqu’à" not in body
    assert "Prochaine date" not in body.split("Permanence A")[1].split("</li>")[0]

    cache.clear()
    UpcomingSession.objects.filter(desk=desk_a).delete()
    start, end = now - timedelta(minutes=1), now + timedelta(minutes=1)
    UpcomingSession.objects.create(desk=desk_a, start=start, end=end)
    body = client.get("/fr/").content.decode()
    if timezone.localtime(end).date() == now.date():  # not a minute before midnight
        assert f"Ouvert en ce moment</strong> · jusqu’à {timezone.localtime(end):%H:%M}" in body

    cache.clear()
    UpcomingSession.objects.filter(desk=desk_a).delete()
    later = now + timedelta(days=2)
    UpcomingSession.objects.create(desk=desk_a, start=later, end=later + timedelta(hours=3))
    body = client.get("/fr/").content.decode()
    assert "Prochaine date :" in body and "Ouvert en ce moment" not in body


def test_htmx_search_returns_only_the_results(client, desk_a):
    full = client.get("/fr/", {"q": "Lille"}).content.decode()
    partial = client.get("/fr/", {"q": "Lille"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" in full and "<html" not in partial
    assert 'id="results"' in partial and "Permanence A" in partial


def test_search_query_count_does_not_grow_with_results(
    client, desk_a, django_assert_max_num_queries
):
    for n in range(15):
        clone = Desk.objects.create(
            organisation=desk_a.organisation, place=desk_a.place, name=f"D{n}", slug=f"d{n}"
        )
        DeskText.objects.create(desk=clone, language="ar", name=f"ar{n}")
    # 3 queries for the cache generation, 6 for the page (where, count, page, texts, sessions…).
    with django_assert_max_num_queries(10):
        client.get("/fr/", {"q": "Lille"})


def test_desk_page_shows_next_dates_channels_and_map_link(client, desk_a):
    body = client.get("/fr/desks/permanence-a/").content.decode()
    assert "tel:+33745296808" in body
    assert "openstreetmap.org" in body and "<iframe" not in body
    assert "Les 2e et 4e lundis" in body.replace("\u00a0", " ")


def test_untranslated_desk_text_falls_back_visibly_to_french(client, desk_a):
    body = client.get("/ar/desks/permanence-a/").content.decode()
    assert 'lang="fr"' in body and "Aide gratuite" in body
    DeskText.objects.create(desk=desk_a, language="ar", name="الدوام", summary="مساعدة")
    desk_a.touch()
    cache.delete("directory-generation")
    body = client.get("/ar/desks/permanence-a/").content.decode()
    assert "الدوام" in body and "مساعدة" in body


def test_a_dari_desk_text_is_shown_on_the_dari_page(client, desk_a):
    """Dari's code has a region ("fa-af"), as the desk form saves it."""
    DeskText.objects.create(desk=desk_a, language="fa-af", name="کمک حقوقی رایگان")
    desk_a.touch()
    cache.delete("directory-generation")
    assert desk_a.text("name", "fa-af") == ("کمک حقوقی رایگان", False)
    body = client.get("/fa-af/desks/permanence-a/").content.decode()
    assert "کمک حقوقی رایگان" in body


@pytest.mark.parametrize("language", ["ar", "fa-af", "ru"])
def test_desk_page_and_poster_describe_the_schedule_in_the_reader_language(
    client, desk_a, language
):
    text = schedule.describe(desk_a.schedule(), language)
    assert text != schedule.describe(desk_a.schedule(), "fr")
    assert text != schedule.describe(desk_a.schedule(), "en")
    body = client.get(f"/{language}/desks/permanence-a/").content.decode()
    assert escape(text) in body
    poster = poster_html(
        desk=desk_a, languages=["fr", language], url="https://x", language_names={}
    )
    assert escape(text) in poster
    assert escape(schedule.describe(desk_a.schedule(), "fr")) in poster


def test_page_api_ics_and_poster_agree_on_the_sessions(client, desk_a):
    page = client.get("/fr/desks/permanence-a/").content.decode()
    api = json.loads(client.get("/api/v1/desks").content)["results"][0]
    ics = icalendar.Calendar.from_ical(client.get("/ical/desks/permanence-a.ics").content)
    starts_api = [datetime.fromisoformat(s["start"]) for s in api["next_sessions"]]
    starts_ics = sorted(e.decoded("dtstart") for e in ics.walk("VEVENT"))
    now = timezone.now()
    assert len(starts_api) == 10
    assert [s for s in starts_ics if s > now - timedelta(hours=3)][:10] == starts_api
    for start in starts_api:
        assert f'datetime="{start.isoformat()}"' in page
    poster = poster_html(desk=desk_a, languages=["fr", "ar"], url="https://x", language_names={})
    assert all(f"{s.day} " in poster for s in starts_api[:8])


def test_poster_is_a_pdf_in_two_languages(client, desk_a):
    response = client.get("/fr/desks/permanence-a/poster.pdf", {"first": "fr", "second": "ar"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_poster_with_unknown_language_is_404_not_500(client, desk_a):
    response = client.get("/fr/desks/permanence-a/poster.pdf", {"first": "xx", "second": "ar"})
    assert response.status_code == 404


@pytest.mark.parametrize("query", [{"topic": "nope"}, {"mode": "x"}, {"page": "0"}, {"page": "z"}])
def test_api_rejects_bad_filters_with_a_message(client, desk_a, query):
    response = client.get("/api/v1/desks", query)
    assert response.status_code in (400, 404)
    assert "error" in json.loads(response.content)


@pytest.mark.parametrize("code", ["20", "96", "xx", "\x00", "5 9"])
def test_api_refuses_an_unknown_departement_with_400_as_documented(client, desk_a, code):
    response = client.get("/api/v1/desks", {"departement": code})
    assert response.status_code == 400
    assert json.loads(response.content)["error"].startswith("departement:")


def test_api_filters_by_departement_written_either_way(client, desk_a):
    for code in ["59", " 59 "]:
        assert json.loads(client.get("/api/v1/desks", {"departement": code}).content)["count"] == 1
    assert json.loads(client.get("/api/v1/desks", {"departement": "09"}).content)["count"] == 0


def test_api_lists_the_contract_fields(client, desk_a, weekly_desk_b):
    data = json.loads(client.get("/api/v1/desks").content)
    assert data["count"] == 2
    desk = next(d for d in data["results"] if d["id"] == "permanence-a")
    for key in [
        "id",
        "name",
        "organisation",
        "town",
        "postcode",
        "insee_code",
        "latitude",
        "longitude",
        "modes",
        "languages",
        "channels",
        "opening_hours",
        "next_sessions",
        "ics_url",
    ]:
        assert key in desk
    assert desk["opening_hours"].startswith("Mo[2,4] 16:00-19:00")
    assert desk["ics_url"].endswith("/ical/desks/permanence-a.ics")


def test_openapi_describes_the_desks_endpoint(client):
    spec = json.loads(client.get("/api/v1/openapi.json").content)
    assert "/api/v1/desks" in spec["paths"]


def test_organisation_feed_holds_all_its_desks(client, desk_a):
    ics = icalendar.Calendar.from_ical(client.get("/ical/organisations/groupe-a.ics").content)
    assert len(list(ics.walk("VEVENT"))) >= 20
    assert client.get("/ical/organisations/unknown.ics").status_code == 404


def test_public_pages_are_cached_for_anonymous_visitors_until_a_desk_changes(
    client, desk_a, django_assert_max_num_queries
):
    client.get("/fr/desks/permanence-a/")
    with django_assert_max_num_queries(0):
        assert "Permanence A" in client.get("/fr/desks/permanence-a/").content.decode()
    desk_a.name = "Permanence A renommée"
    desk_a.save()
    cache.delete("directory-generation")
    assert "renommée" in client.get("/fr/desks/permanence-a/").content.decode()


def test_signed_in_visitors_always_get_a_fresh_page(client_for, volunteer_a, desk_a):
    client = client_for(volunteer_a)
    client.get("/fr/desks/permanence-a/")
    Desk.objects.filter(pk=desk_a.pk).update(name="Nom direct")
    assert "Nom direct" in client.get("/fr/desks/permanence-a/").content.decode()


def test_search_around_a_point_orders_by_distance(client, desk_a):
    body = client.get("/fr/", {"lat": "50.63", "lon": "3.05"}).content.decode()
    assert "Permanence A" in body and "0,5 km" in body.replace("\u00a0", " ") or "km" in body
    far = client.get("/fr/", {"lat": "43.6", "lon": "1.44"}).content.decode()
    assert "Permanence A" not in far


@pytest.mark.parametrize("query", [{"lat": "91", "lon": "3"}, {"lat": "x"}, {"q": "a" * 500}])
def test_bad_search_input_is_no_error(client, desk_a, query):
    assert client.get("/fr/", query).status_code == 200
