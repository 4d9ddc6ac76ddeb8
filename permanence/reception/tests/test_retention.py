"""`manage.py retention` at the desk: first names and notes of old arrivals are forgotten."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from permanence.reception.models import Arrival, DeskSession
from permanence.reception.services import arrivals_forget
from permanence.reception.tests.conftest import arrive


def session_days_ago(desk, days):
    start = timezone.now() - timedelta(days=days)
    return DeskSession.objects.create(desk=desk, start=start, end=start + timedelta(hours=3))


def test_old_arrivals_lose_their_names_and_notes_but_keep_what_is_counted(
    settings, desk_a, client_for, volunteer_a
):
    settings.PERMANENCE_KEEP_ARRIVALS_DAYS = 90
    settings.PERMANENCE_KEEP_CALL_BACKS_DAYS = 365
    old = session_days_ago(desk_a, 100)
    recent = session_days_ago(desk_a, 10)
    seen = arrive(old, "Amina Haddad", reason_note="OQTF du 3 mars", language="ar", children=2)
    to_call = arrive(old, "Selam", call_back=True)
    called = arrive(old, "Yusuf", call_back=True, called_back_at=timezone.now())
    very_old_call = arrive(session_days_ago(desk_a, 400), "Nino", call_back=True)
    kept = arrive(recent, "Mariam")

    assert arrivals_forget(now=timezone.now()) == 3
    seen.refresh_from_db()
    assert (seen.first_name, seen.reason_note) == ("", "")
    assert (seen.language, seen.children, seen.reason) == ("ar", 2, "asylum")
    assert seen.forgotten_at is not None and seen.version == 2
    assert Arrival.objects.get(pk=called.pk).first_name == ""
    assert Arrival.objects.get(pk=very_old_call.pk).first_name == ""
    assert Arrival.objects.get(pk=to_call.pk).first_name == "Selam"  # still to call back
    assert Arrival.objects.get(pk=kept.pk).first_name == "Mariam"
    assert arrivals_forget(now=timezone.now()) == 0  # nothing twice

    summary = client_for(volunteer_a).get(f"/reception/sessions/{old.pk}/summary/")
    assert summary.status_code == 200
    assert "Sans nom" in summary.content.decode()


def test_the_command_forgets_in_every_app_and_prints_counts_only(settings, desk_a):
    settings.PERMANENCE_KEEP_ARRIVALS_DAYS = 30
    arrive(session_days_ago(desk_a, 40), "Amina Haddad")
    out = StringIO()
    call_command("retention", stdout=out)
    text = out.getvalue()
    assert "reception: 1 arrivals forgotten" in text
    assert "inbox: 0 requests forgotten" in text and "notifications: 0 messages" in text
    assert "Amina" not in text
