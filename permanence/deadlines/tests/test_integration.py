"""Decisions recorded on a case create deadlines, the board shows them, reminders escalate."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.tasks import default_task_backend
from django.utils import timezone, translation

from permanence.cases.models import Case, Entry, Person
from permanence.deadlines.models import Deadline
from permanence.deadlines.services import reminder_times
from permanence.deadlines.tasks import deadline_remind
from permanence.notifications.models import Message

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def case(group_a, volunteer_a):
    person = Person.objects.create(organisation=group_a, name="Aslan M.")
    case = Case.objects.create(person=person, organisation=group_a, topics=["oqtf"])
    case.assignees.add(volunteer_a)
    return case


def decision(client, case, **fields):
    data = {
        "decision-decision_type": "oqtf",
        "decision-decision_taken_on": "",
        "decision-person_situation": "free",
        "decision-text": "",
        **{f"decision-{k}": v for k, v in fields.items()},
    }
    return client.post(f"/deadlines/cases/{case.pk}/decision/", data)


def test_oqtf_notified_yesterday_under_house_arrest_gives_a_7_day_deadline(
    client_for, volunteer_a, case, django_capture_on_commit_callbacks
):
    yesterday = timezone.localtime() - timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        response = decision(
            client_for(volunteer_a),
            case,
            decision_taken_on=yesterday.date().isoformat(),
            decision_notified_at=yesterday.strftime("%Y-%m-%dT%H:%M"),
            person_situation="house-arrest",
        )
    assert response.status_code == 302
    deadline = Deadline.objects.get()
    assert deadline.rule_code == "oqtf-restricted"
    assert timezone.localtime(deadline.safe_deadline).date() == yesterday.date() + timedelta(days=7)
    assert "7 jours" in deadline.explanation
    assert default_task_backend.results, "reminders were scheduled"
    page = client_for(volunteer_a).get("/deadlines/").content.decode()
    assert "Urgent" in page and "deadline-critical" in page
    assert "Aslan M." in page


def test_notification_before_the_decision_is_refused_and_nothing_saved(
    client_for, volunteer_a, case
):
    response = decision(
        client_for(volunteer_a),
        case,
        decision_taken_on="2026-11-20",
        decision_notified_at="2026-11-10T10:00",
    )
    assert response.status_code == 400
    assert "ne peut pas précéder" in response.content.decode()
    assert not Entry.objects.filter(kind="decision").exists() and not Deadline.objects.exists()


def test_date_in_1850_is_refused(client_for, volunteer_a, case):
    response = decision(client_for(volunteer_a), case, decision_notified_at="1850-01-01T10:00")
    assert response.status_code == 400 and not Deadline.objects.exists()


def test_decision_without_rule_is_recorded_with_a_warning(client_for, volunteer_a, case):
    response = decision(
        client_for(volunteer_a),
        case,
        decision_type="favourable",
        decision_notified_at=timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
    )
    assert response.status_code == 302
    assert Entry.objects.filter(kind="decision").exists() and not Deadline.objects.exists()


@pytest.fixture
def deadline(case, volunteer_a):
    entry = Entry.objects.create(
        case=case,
        kind="decision",
        decision_type="oqtf",
        decision_notified_at=timezone.now(),
        person_situation="free",
    )
    now = timezone.now()
    return Deadline.objects.create(
        entry=entry,
        case=case,
        rule_code="oqtf-free",
        safe_deadline=now + timedelta(days=10),
        legal_deadline=now + timedelta(days=11),
        explanation="notifiée → 1 mois",
        confidence="high",
    )


def test_reminders_are_7_3_and_1_days_before_and_hour_deadlines_at_once_and_12h(deadline):
    now = datetime(2026, 11, 1, 12, tzinfo=PARIS)
    deadline.safe_deadline = datetime(2026, 11, 20, 23, 59, tzinfo=PARIS)
    codes = reminder_times(deadline, now=now)
    assert [(c, t.date().day) for c, t in codes] == [("7d", 13), ("3d", 17), ("1d", 19)]
    deadline.hourly = True
    deadline.safe_deadline = now + timedelta(hours=48)
    codes = reminder_times(deadline, now=now)
    assert codes == [("now", now), ("12h", now + timedelta(hours=36))]


def test_reminder_is_sent_once_even_with_two_workers(deadline, volunteer_a):
    assert deadline_remind.call(deadline.pk, "7d") == 1
    assert deadline_remind.call(deadline.pk, "7d") == 0
    assert Message.objects.filter(recipient_user=volunteer_a).count() == 1
    deadline.refresh_from_db()
    assert deadline.reminders_sent == ["7d"]


def test_unacknowledged_deadline_escalates_to_the_coordinator(deadline, coordinator_a):
    deadline_remind.call(deadline.pk, "7d")
    assert not Message.objects.filter(recipient_user=coordinator_a).exists()
    deadline_remind.call(deadline.pk, "3d")
    assert Message.objects.filter(recipient_user=coordinator_a).exists()


def test_acknowledged_deadline_does_not_escalate(client_for, volunteer_a, deadline, coordinator_a):
    client_for(volunteer_a).post(f"/deadlines/{deadline.pk}/acknowledge/")
    deadline_remind.call(deadline.pk, "3d")
    assert not Message.objects.filter(recipient_user=coordinator_a).exists()


@pytest.mark.parametrize(
    "next_url",
    ["-1", "not a page", "https://evil.example.com/", "//evil.example.com/", "/\\evil.example.com"],
)
def test_acknowledging_goes_back_to_the_board_unless_next_is_a_page_of_the_site(
    client_for, volunteer_a, deadline, next_url
):
    client = client_for(volunteer_a)

    response = client.post(f"/deadlines/{deadline.pk}/acknowledge/", {"next": next_url})

    assert response.status_code == 302 and response["Location"] == "/deadlines/"
    deadline.refresh_from_db()
    assert deadline.acknowledged_at is not None
    back = client.post(
        f"/deadlines/{deadline.pk}/acknowledge/", {"next": f"/cases/{deadline.case_id}/"}
    )
    assert back["Location"] == f"/cases/{deadline.case_id}/"


def test_closing_needs_an_outcome_and_stops_reminders(client_for, volunteer_a, deadline):
    client = client_for(volunteer_a)
    assert (
        client.post(f"/deadlines/{deadline.pk}/close/", {"closed_on": "2026-11-25"}).status_code
        == 200
    )
    today = str(timezone.localdate())
    response = client.post(
        f"/deadlines/{deadline.pk}/close/",
        {"status": "appeal_filed", "closed_on": today, "note": "Recours déposé au TA"},
    )
    assert response.status_code == 302
    deadline.refresh_from_db()
    assert deadline.status == "appeal_filed" and str(deadline.closed_on) == today
    assert deadline_remind.call(deadline.pk, "1d") == 0


def test_other_group_gets_404(client_for, volunteer_b, deadline, case):
    client = client_for(volunteer_b)
    assert client.post(f"/deadlines/{deadline.pk}/acknowledge/").status_code == 404
    assert client.get(f"/deadlines/{deadline.pk}/close/").status_code == 404
    assert client.post(f"/deadlines/cases/{case.pk}/decision/", {}).status_code == 404
    assert "Aslan" not in client.get("/deadlines/").content.decode()


def test_public_rules_page_lists_sources_and_confidence(client, db):
    body = client.get("/fr/deadlines/rules/").content.decode()
    assert "oqtf-free" in body and "http" in body and "ne prolonge pas le délai" in body


def test_network_legal_referent_corrects_a_rule_and_the_change_is_kept(client_for, network):
    import json

    from conftest import make_user
    from permanence.accounts.roles import Role
    from permanence.deadlines.models import RuleRevision, effective_rule

    referent = make_user("referent.network@example.org", network, Role.LEGAL_REFERENT)
    client = client_for(referent)
    page = client.get("/deadlines/rules/dublin-free/edit/")
    assert page.status_code == 200
    rule = effective_rule("dublin-free").as_dict()
    rule["notes_fr"] = "Relu par la juriste du réseau."
    response = client.post(
        "/deadlines/rules/dublin-free/edit/",
        {"rule": json.dumps(rule), "reason": "Relecture CESEDA L572-4 en novembre 2026"},
    )
    assert response.status_code == 302
    assert effective_rule("dublin-free").notes_fr == "Relu par la juriste du réseau."
    assert RuleRevision.objects.get().author == referent
    bad = client.post("/deadlines/rules/dublin-free/edit/", {"rule": "{", "reason": "x" * 12})
    assert "JSON invalide" in bad.content.decode()


def test_group_volunteer_cannot_edit_rules(client_for, volunteer_a):
    assert client_for(volunteer_a).get("/deadlines/rules/dublin-free/edit/").status_code == 404


def test_explanation_is_read_in_english_on_an_english_page_and_marked_french_elsewhere(
    client_for, volunteer_a, deadline, settings
):
    deadline.explanation_en = "notified → 1 month"
    deadline.save()
    pages = (
        "/deadlines/",
        f"/cases/{deadline.case_id}/",
        f"/deadlines/{deadline.pk}/close/",
    )
    for language, shown, hidden in (
        ("en", '<p class="deadline-why" lang="en" dir="auto">notified → 1 month', "notifiée"),
        ("ar", '<p class="deadline-why" lang="fr" dir="auto">notifiée → 1 mois', "notified"),
        ("fr", '<p class="deadline-why" lang="fr" dir="auto">notifiée → 1 mois', "notified"),
    ):
        client = client_for(volunteer_a)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        for url in pages[:2]:
            page = client.get(url).content.decode()
            assert shown in page, (language, url)
            assert hidden not in page, (language, url)
        close = client.get(pages[2]).content.decode()
        assert shown.replace(' class="deadline-why"', "") in close, language


def test_the_reminder_says_both_dates_the_explanation_and_who_has_not_acknowledged(
    deadline, volunteer_a, coordinator_a
):
    deadline.explanation_en = "notified → 1 month"
    deadline.save()
    with translation.override("en"):  # a worker started with another language
        deadline_remind.call(deadline.pk, "7d")
        deadline_remind.call(deadline.pk, "3d")
    first = Message.objects.filter(recipient_user=volunteer_a).order_by("id").first()
    escalated = Message.objects.get(recipient_user=coordinator_a)
    assert first.subject == "Permanence : délai de recours à surveiller"
    local = timezone.localtime(deadline.legal_deadline)
    assert first.body.startswith("Un délai de recours arrive à échéance : date à viser ")
    assert f"{local:%Y}" in first.body and "notifiée → 1 mois" in first.body
    assert "Personne n’a encore pris ce délai en compte." not in first.body
    assert "Personne n’a encore pris ce délai en compte." in escalated.body
    assert escalated.body.endswith("/deadlines/") and "\nTableau des délais : " in escalated.body


def test_closing_refuses_a_date_in_the_future_or_a_note_too_long(client_for, volunteer_a, deadline):
    client = client_for(volunteer_a)
    url = f"/deadlines/{deadline.pk}/close/"
    future = client.post(url, {"status": "appeal_filed", "closed_on": "2099-01-01"})
    assert future.status_code == 200 and "dans le futur" in future.content.decode()
    long_note = {"status": "appeal_filed", "closed_on": "2026-11-25", "note": "x" * 2001}
    assert client.post(url, long_note).status_code == 200
    deadline.refresh_from_db()
    assert deadline.status == "open" and deadline.closed_on is None
