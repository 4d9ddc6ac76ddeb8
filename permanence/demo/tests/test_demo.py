"""The demo data: idempotent, with the documented accounts and organisations."""

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.tasks import default_task_backend
from django.test import RequestFactory

from permanence.accounts.models import Membership, User
from permanence.demo.accounts import ACCOUNTS
from permanence.orgs.models import Organisation, Place


@pytest.mark.django_db
def test_demo_is_idempotent_and_has_every_documented_account():
    default_task_backend.clear()
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    # Appointments with administrations still to come: their volunteers will be reminded.
    assert any(r.task.name == "appointment_remind" for r in default_task_backend.results)
    counts = (Organisation.objects.count(), Place.objects.count(), User.objects.count())
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts == (Organisation.objects.count(), Place.objects.count(), User.objects.count())
    for email, _name, slug, role in ACCOUNTS:
        user = authenticate(RequestFactory().get("/"), email=email, password="demo-permanence")
        assert user is not None, email
        assert Membership.objects.filter(user=user, organisation__slug=slug, role=role).exists()
    foix = Place.objects.get(organisation__slug="perm-de-foix")
    assert (foix.departement, foix.school_zone) == ("09", "C")
    lille = Organisation.objects.get(slug="cimade-lille")
    assert [a.slug for a in lille.ancestors()] == ["cimade-nord-picardie", "la-cimade"]
    assert Organisation.objects.filter(slug="info-migrants").exists()


def test_readme_lists_the_demo_accounts():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text()
    for email, *_ in ACCOUNTS:
        assert email in readme
    assert "demo-permanence" in readme


@pytest.mark.django_db
def test_demo_books_the_amiens_desk_and_its_next_board_lists_the_appointments(client_for):
    from permanence.booking.models import Appointment
    from permanence.reception.models import DeskSession

    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    booked = Appointment.objects.filter(slot__reason__desk__slug="cimade-amiens-permanence")
    assert booked.count() >= 4
    assert set(booked.values_list("slot__reason__label", flat=True)) == {
        "Dossier AME",
        "Préparation entretien OFPRA",
    }
    from allauth.mfa.models import Authenticator

    volunteer = User.objects.get(email="benevole.amiens@example.org")
    Authenticator.objects.create(  # enrolled, as the demo asks on first sign-in
        user=volunteer, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    client = client_for(volunteer)
    assert client.get("/reception/").status_code == 200  # makes the sessions' rows
    first = booked.order_by("slot__start").first()
    session = DeskSession.objects.get(
        desk__slug="cimade-amiens-permanence", start__lte=first.slot.start, end__gt=first.slot.start
    )
    page = client.get(f"/reception/sessions/{session.pk}/").content.decode()
    assert "Rendez-vous attendus" in page and first.first_name in page


@pytest.mark.django_db
def test_demo_fills_each_groups_inbox_and_keeps_the_visitors_requests(client_for):
    from permanence.inbox.models import Request, State

    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    lille = Request.objects.filter(organisation__slug="cimade-lille")
    assert set(lille.values_list("state", flat=True)) == set(State.values)
    assert lille.get(state=State.CASE).case.organisation.slug == "cimade-lille"
    assert Request.objects.filter(organisation__slug="cimade-amiens", state=State.NEW).exists()
    assert Request.objects.filter(organisation__slug="perm-de-foix", state=State.NEW).exists()
    visitor = Request.objects.create(
        organisation=lille.first().organisation, channel="web", text="Une vraie visite"
    )
    count = Request.objects.count()
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Request.objects.count() == count
    assert Request.objects.filter(pk=visitor.pk).exists()

    from allauth.mfa.models import Authenticator

    volunteer = User.objects.get(email="benevole.amiens@example.org")
    Authenticator.objects.create(
        user=volunteer, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    page = client_for(volunteer).get("/inbox/").content.decode()
    assert "Selam" in page and "Samira" not in page
