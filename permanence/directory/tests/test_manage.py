"""Coordinators edit their desks and schedules; everybody else gets 404."""

import pytest

from permanence.directory.models import Desk, ScheduleRule, UpcomingSession

RULES_MANAGEMENT = {
    "rules-TOTAL_FORMS": "1",
    "rules-INITIAL_FORMS": "0",
    "closures-TOTAL_FORMS": "0",
    "closures-INITIAL_FORMS": "0",
    "extras-TOTAL_FORMS": "0",
    "extras-INITIAL_FORMS": "0",
}
FOIX_RULE = {
    "rules-0-kind": "monthly",
    "rules-0-weekdays": ["0"],
    "rules-0-nths": ["2", "4"],
    "rules-0-interval": "1",
    "rules-0-start": "16:00",
    "rules-0-end": "19:00",
    "rules-0-school_holidays": "any",
}


@pytest.mark.parametrize(
    "url",
    ["/directory/permanence-a/edit/", "/directory/permanence-a/schedule/"],
)
def test_volunteer_and_other_groups_get_404(client_for, desk_a, volunteer_a, volunteer_b, url):
    from conftest import make_user
    from permanence.accounts.roles import Role

    coordinator_b = make_user(
        "coordinator.b@example.org",
        desk_a.organisation.parent.children.get(slug="groupe-b"),
        Role.COORDINATOR,
    )
    for user in (volunteer_a, volunteer_b, coordinator_b):
        assert client_for(user).get(url).status_code == 404


def test_regional_coordinator_edits_the_desks_of_its_groups(client_for, desk_a, region):
    from conftest import make_user
    from permanence.accounts.roles import Role

    regional = make_user("regional.coordinator@example.org", region, Role.COORDINATOR)
    assert client_for(regional).get("/directory/permanence-a/edit/").status_code == 200


def test_coordinator_creates_a_desk(client_for, coordinator_a, group_a):
    client = client_for(coordinator_a)
    response = client.post(
        "/directory/new/?organisation=groupe-a",
        {
            "name": "Nouvelle permanence",
            "slug": "nouvelle",
            "kind": "desk",
            "category": "legal_desk",
            "place": group_a.places.get().pk,
            "topics": ["asylum"],
            "modes": ["walk_in"],
            "languages": ["fr", "ar"],
            "free_of_charge": "on",
            "closed_on_public_holidays": "on",
            "public": "on",
        },
    )
    assert response.status_code == 302
    desk = Desk.objects.get(slug="nouvelle")
    assert desk.organisation == group_a and desk.languages == ["fr", "ar"]


def test_coordinator_cannot_create_a_desk_for_another_group(client_for, coordinator_a, group_b):
    assert client_for(coordinator_a).get("/directory/new/?organisation=groupe-b").status_code == 404


@pytest.mark.parametrize("organisation", ["\x00", "groupe-a\x00", "groupe a", ""])
def test_an_organisation_no_slug_names_is_404_on_every_database(
    client_for, coordinator_a, organisation
):
    response = client_for(coordinator_a).get("/directory/new/", {"organisation": organisation})
    assert response.status_code == 404


def test_schedule_form_saves_rules_and_refreshes_sessions(
    client_for, coordinator_a, desk_a, django_capture_on_commit_callbacks
):
    desk_a.rules.all().delete()
    UpcomingSession.objects.all().delete()
    client = client_for(coordinator_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/directory/permanence-a/schedule/", {**RULES_MANAGEMENT, **FOIX_RULE}
        )
    assert response.status_code == 302
    rule = ScheduleRule.objects.get(desk=desk_a)
    assert (rule.weekdays, rule.nths) == ([0], [2, 4])
    assert UpcomingSession.objects.filter(desk=desk_a).count() >= 6


def test_impossible_rule_gets_a_clear_message_and_nothing_is_saved(
    client_for, coordinator_a, desk_a
):
    before = list(desk_a.rules.values_list("pk", flat=True))
    response = client_for(coordinator_a).post(
        "/directory/permanence-a/schedule/",
        {**RULES_MANAGEMENT, **FOIX_RULE, "rules-0-start": "19:00", "rules-0-end": "16:00"},
    )
    assert response.status_code == 200
    assert "doit être après" in response.content.decode()
    assert list(desk_a.rules.values_list("pk", flat=True)) == before


def test_closure_ending_before_it_starts_is_refused(client_for, coordinator_a, desk_a):
    data = {
        **RULES_MANAGEMENT,
        "rules-TOTAL_FORMS": "0",
        "closures-TOTAL_FORMS": "1",
        "closures-0-start": "2026-12-20",
        "closures-0-end": "2026-12-10",
        "closures-0-message": "Congés",
    }
    response = client_for(coordinator_a).post("/directory/permanence-a/schedule/", data)
    assert response.status_code == 200
    assert "avant de commencer" in response.content.decode()
    assert not desk_a.closures.exists()


def test_live_preview_describes_the_rules_and_lists_ten_dates(client_for, coordinator_a, desk_a):
    desk_a.rules.all().delete()
    response = client_for(coordinator_a).post(
        "/directory/permanence-a/schedule/preview/",
        {**RULES_MANAGEMENT, **FOIX_RULE},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode().replace("\u00a0", " ")
    assert response.status_code == 200
    assert "2e et 4e lundis" in body
    assert body.count("<li>") == 10
    assert "<html" not in body


def test_preview_of_an_invalid_rule_shows_the_error(client_for, coordinator_a, desk_a):
    response = client_for(coordinator_a).post(
        "/directory/permanence-a/schedule/preview/",
        {**RULES_MANAGEMENT, **FOIX_RULE, "rules-0-end": "15:00"},
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()


def test_preview_is_404_for_other_groups(client_for, volunteer_b, desk_a):
    response = client_for(volunteer_b).post(
        "/directory/permanence-a/schedule/preview/", RULES_MANAGEMENT
    )
    assert response.status_code == 404


def test_coordinator_adds_a_translation_and_a_channel(client_for, coordinator_a, desk_a):
    data = {
        "texts-TOTAL_FORMS": "1",
        "texts-INITIAL_FORMS": "0",
        "texts-0-language": "ar",
        "texts-0-name": "الدوام",
        "channels-TOTAL_FORMS": "2",
        "channels-INITIAL_FORMS": "1",
        "channels-0-id": desk_a.channels.get().pk,
        "channels-0-kind": "phone",
        "channels-0-value": "07 45 29 68 08",
        "channels-0-position": "0",
        "channels-1-kind": "signal",
        "channels-1-value": "07 45 29 68 08",
        "channels-1-position": "1",
    }
    response = client_for(coordinator_a).post("/directory/permanence-a/texts/", data)
    assert response.status_code == 302
    assert desk_a.texts.get().name == "الدوام"
    assert desk_a.channels.count() == 2


def test_invalid_phone_number_is_refused_under_the_field(client_for, coordinator_a, desk_a):
    data = {
        "texts-TOTAL_FORMS": "0",
        "texts-INITIAL_FORMS": "0",
        "channels-TOTAL_FORMS": "1",
        "channels-INITIAL_FORMS": "0",
        "channels-0-kind": "whatsapp",
        "channels-0-value": "12",
        "channels-0-position": "0",
    }
    response = client_for(coordinator_a).post("/directory/permanence-a/texts/", data)
    assert response.status_code == 200
    assert "numéro de téléphone n’est pas valide" in response.content.decode()
    assert desk_a.channels.count() == 1


def test_texts_page_is_404_for_other_groups(client_for, volunteer_b, desk_a):
    assert client_for(volunteer_b).get("/directory/permanence-a/texts/").status_code == 404


def test_booking_channel_hours_are_edited_with_the_rules(client_for, coordinator_a, desk_a):
    desk_a.rules.all().delete()
    channel = desk_a.channels.get()
    data = {
        **RULES_MANAGEMENT,
        **FOIX_RULE,
        "rules-TOTAL_FORMS": "2",
        "rules-1-channel": channel.pk,
        "rules-1-kind": "weekly",
        "rules-1-weekdays": ["0"],
        "rules-1-interval": "1",
        "rules-1-start": "14:00",
        "rules-1-end": "17:00",
        "rules-1-school_holidays": "any",
    }
    assert (
        client_for(coordinator_a).post("/directory/permanence-a/schedule/", data).status_code == 302
    )
    assert channel.schedule() is not None
    assert len(desk_a.schedule().rules) == 1


def test_a_huge_number_of_rows_posted_is_refused_without_building_them(
    client_for, coordinator_a, desk_a
):
    """A posted TOTAL_FORMS of 100,000 built up to 2,000 forms per formset; the formsets now
    take 50 rules (400 closures) at most and say so."""
    before = list(desk_a.rules.values_list("pk", flat=True))
    data = {**RULES_MANAGEMENT, **FOIX_RULE, "rules-TOTAL_FORMS": "100000"}
    response = client_for(coordinator_a).post("/directory/permanence-a/schedule/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="rules-49-kind"' in page and "rules-50-" not in page
    assert 'class="errorlist nonform"' in page
    assert list(desk_a.rules.values_list("pk", flat=True)) == before


def _texts_post(desk, rows, channels=None):
    """The texts page as the browser posts it: the desk's rows, then the blank extra row."""
    channels = channels if channels is not None else list(desk.channels.all())
    data = {
        "texts-TOTAL_FORMS": str(len(rows)),
        "texts-INITIAL_FORMS": str(sum(1 for row in rows if "id" in row)),
        "channels-TOTAL_FORMS": str(len(channels)),
        "channels-INITIAL_FORMS": str(len(channels)),
    }
    for i, row in enumerate(rows):
        data.update({f"texts-{i}-{key}": value for key, value in row.items()})
    for i, channel in enumerate(channels):
        data.update(
            {
                f"channels-{i}-id": channel.pk,
                f"channels-{i}-kind": channel.kind,
                f"channels-{i}-value": channel.value,
                f"channels-{i}-position": channel.position,
            }
        )
    return data


def test_the_blank_translation_row_left_as_it_is_saves_nothing(client_for, coordinator_a, desk_a):
    """Its language was preset to the first of the list: each save stored an empty English
    translation, and every later save failed on the duplicate."""
    client = client_for(coordinator_a)
    page = client.get("/directory/permanence-a/texts/").content.decode()
    assert "Choisir une langue" in page
    for _ in range(2):
        data = _texts_post(desk_a, [{"language": "", "name": ""}])
        assert client.post("/directory/permanence-a/texts/", data).status_code == 302
    assert not desk_a.texts.exists()


def test_an_empty_or_second_translation_in_a_language_is_refused_clearly(
    client_for, coordinator_a, desk_a
):
    client = client_for(coordinator_a)
    english = desk_a.texts.create(language="en", name="Help desk")
    response = client.post(
        "/directory/permanence-a/texts/", _texts_post(desk_a, [{"language": "ar", "name": " "}])
    )
    assert response.status_code == 200
    assert "Cette traduction est vide" in response.content.decode()
    rows = [
        {"id": english.pk, "language": "en", "name": "Help desk"},
        {"language": "en", "name": "x"},
    ]
    response = client.post("/directory/permanence-a/texts/", _texts_post(desk_a, rows))
    assert response.status_code == 200
    assert "déjà une traduction dans cette langue" in response.content.decode()
    assert list(desk_a.texts.values_list("language", "name")) == [("en", "Help desk")]


def test_a_contact_emptied_is_refused_and_kept(client_for, coordinator_a, desk_a):
    channel = desk_a.channels.get()
    channel.value = ""
    data = _texts_post(desk_a, [], channels=[channel])
    response = client_for(coordinator_a).post("/directory/permanence-a/texts/", data)
    assert response.status_code == 200
    assert "ou supprimez ce contact" in response.content.decode()
    assert desk_a.channels.get().value
