"""The public booking page: no account, never cached, the least possible asked, robots and bad
input refused with a clear French message and nothing saved; the person's link cancels."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from permanence.audit.models import AuditEvent
from permanence.booking import services
from permanence.booking.forms import form_stamp
from permanence.booking.models import Appointment, AppointmentStatus, BookingReason, Slot
from permanence.booking.tests.conftest import book, public_data, slot_of, tomorrow_at
from permanence.notifications.models import Message, MessageStatus

PAGE = "/fr/desks/permanence-a/book/"


def post(client, chosen, path=PAGE, **values):
    return client.post(path, public_data(chosen, **values))


def nothing_saved(slot) -> bool:
    slot.refresh_from_db()
    return slot.booked_count == 0 and not Appointment.objects.exists()


def test_the_page_offers_free_slots_and_is_never_cached(client, reason):
    response = client.get(PAGE)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Prendre rendez-vous" in html and "Premier rendez-vous séjour" in html
    assert "csrfmiddlewaretoken" in html and 'name="website"' in html
    slot = Slot.objects.get(reason=reason, start=tomorrow_at(16))
    assert f'value="{slot.pk}"' in html
    cache_control = response["Cache-Control"]
    assert "no-store" in cache_control and "max-age=0" in cache_control
    assert "<script" not in html  # a plain form: no script to download
    again = client.get(PAGE).content.decode()
    assert again != html  # a fresh form each time (its signed timestamp), not a cached copy


def test_the_page_asks_the_least_possible(client, reason):
    html = client.get(PAGE).content.decode()
    names = set(re.findall(r'<(?:input|select|textarea)[^>]* name="([a-z_]+)"', html))
    assert names == {
        "csrfmiddlewaretoken",
        "reason",
        "started",
        "token",
        "slot",
        "first_name",
        "phone",
        "email",
        "language",
        "reminders_opt_out",
        "website",
    }


def test_the_language_of_reminders_defaults_to_the_page_language(client, reason):
    html = client.get("/ar/desks/permanence-a/book/").content.decode()
    assert 'dir="rtl"' in html
    assert '<option value="ar" selected>' in html
    assert "موعد أول للإقامة" in html  # the reason's Arabic label
    with translation.override("ar"):
        title, label = gettext("Prendre rendez-vous"), gettext("Prénom")
    assert title != "Prendre rendez-vous" and label != "Prénom"  # translated
    assert f"<h1>{title}</h1>" in html and label in html


@pytest.mark.parametrize(
    "change",
    [
        {"desk": {"public": False}},
        {"desk": {"modes": ["walk_in"]}},
        {"reason": {"public": False}},
        {"reason": {"active": False}},
    ],
)
def test_no_public_booking_without_a_published_desk_by_appointment_and_a_public_reason(
    client, reason, change
):
    type(reason.desk).objects.filter(pk=reason.desk_id).update(**change.get("desk", {}))
    BookingReason.objects.filter(pk=reason.pk).update(**change.get("reason", {}))
    assert client.get(PAGE).status_code == 404


def test_several_reasons_are_chosen_first(client, reason, booking_desk):
    other = BookingReason.objects.create(desk=booking_desk, label="Nationalité", public=True)
    html = client.get(PAGE).content.decode()
    assert f'href="?reason={other.pk}"' in html and 'name="slot"' not in html
    assert 'name="slot"' in client.get(PAGE, {"reason": other.pk}).content.decode()


def test_a_person_books_and_gets_the_confirmation(client, reason):
    slot = slot_of(reason, tomorrow_at(16))
    response = post(client, slot, language="ar")
    appointment = Appointment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == (
        f"/fr/desks/permanence-a/book/confirmed/{appointment.cancel_token}/"
    )
    assert appointment.booked_by is None and appointment.language == "ar"
    assert appointment.phone == "+33612345678" and appointment.status == AppointmentStatus.BOOKED
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "Votre rendez-vous est confirmé" in html
    assert "9 bd de la Moselle" in html and "16:00" in html
    assert f"/ar/desks/permanence-a/book/cancel/{appointment.cancel_token}/" in html
    # The link shown is on the address the person used, whatever PERMANENCE_BASE_URL says.
    link = f"http://testserver/ar/desks/permanence-a/book/cancel/{appointment.cancel_token}/"
    assert f'<a href="{link}">{link}</a>' in html
    assert "+336••••••78" in html and "06 12 34 56 78" not in html.split("Téléphone")[0]
    # The link's token never leaves the site (links out of the page send no address); a stricter
    # "no-referrer" would make browsers send "Origin: null" and the cancel form fail CSRF.
    assert page["Referrer-Policy"] == "same-origin" and "no-store" in page["Cache-Control"]
    event = AuditEvent.objects.get(action="object.created")
    assert event.actor is None and event.object_id == str(appointment.pk)
    keys = set(Message.objects.values_list("dedupe_key", flat=True))
    assert f"appointment:{appointment.pk}:confirmation" in keys


def test_the_person_cancels_with_the_link(client, reason):
    slot = slot_of(reason, tomorrow_at(16))
    appointment = book(reason, slot, now=timezone.now())
    link = f"/fr/desks/permanence-a/book/cancel/{appointment.cancel_token}/"
    html = client.get(link).content.decode()
    assert "Annuler mon rendez-vous" in html
    response = client.post(link, {"action": "cancel"}, follow=True)
    assert "Votre rendez-vous est annulé" in response.content.decode()
    appointment.refresh_from_db()
    slot.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED and slot.booked_count == 0
    assert not Message.objects.filter(status=MessageStatus.PENDING).exists()
    assert "Annuler mon rendez-vous" not in client.get(link).content.decode()
    assert AuditEvent.objects.filter(action="object.updated").count() == 1


def test_the_person_stops_the_reminders_with_the_link(client, reason):
    start = timezone.now() + timedelta(days=5)
    slot = services.slots_listing(reason=reason, now=start)[0]
    appointment = book(reason, slot, now=timezone.now())
    assert Message.objects.filter(dedupe_key__endswith=":48h").exists()
    link = f"/fr/desks/permanence-a/book/cancel/{appointment.cancel_token}/"
    client.post(link, {"action": "stop_reminders"})
    appointment.refresh_from_db()
    assert appointment.reminders_opt_out and appointment.status == AppointmentStatus.BOOKED
    reminders = Message.objects.filter(dedupe_key__endswith=":48h")
    assert reminders.get().status == MessageStatus.CANCELLED


def test_a_wrong_token_or_another_desks_link_is_404(client, reason, weekly_desk_b):
    appointment = book(reason, slot_of(reason, tomorrow_at(16)))
    assert client.get("/fr/desks/permanence-a/book/cancel/nope/").status_code == 404
    other_desk = f"/fr/desks/ligne-b/book/cancel/{appointment.cancel_token}/"
    assert client.get(other_desk).status_code == 404
    assert client.post(other_desk, {"action": "cancel"}).status_code == 404


@pytest.mark.parametrize("token", ["\x00", "a\x00b", "x" * 65, "é" * 10, "a b"])
def test_a_token_no_link_has_is_404_on_every_database(client, reason, token):
    book(reason, slot_of(reason, tomorrow_at(16)))
    for name in ("confirmed", "cancel"):
        url = reverse(f"booking_public:{name}", kwargs={"slug": "permanence-a", "token": token})
        assert client.get(url).status_code == 404
    assert client.post(url, {"action": "cancel"}).status_code == 404


# --- Bad input: a clear French message, nothing saved ------------------------------------------


def test_a_slot_in_the_past_is_refused(client, reason):
    slot = slot_of(reason, tomorrow_at(16))
    Slot.objects.filter(pk=slot.pk).update(
        start=timezone.now() - timedelta(hours=1), end=timezone.now() - timedelta(minutes=30)
    )
    response = post(client, slot)
    assert response.status_code == 400
    assert "Ce créneau est passé : choisissez-en un autre." in response.content.decode()
    assert nothing_saved(slot)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"phone": "12345"}, "Ce numéro de téléphone n’est pas valide"),
        ({"phone": "01 42 00 00 00"}, "Ce numéro ne reçoit pas de SMS"),
        ({"phone": "", "email": "a@b.fr\nBcc: x@y.fr"}, "Cette adresse e-mail n’est pas valide"),
        ({"phone": "", "email": "a@b.fr\r\nSubject: hi"}, "Cette adresse e-mail n’est pas valide"),
        ({"first_name": "A" * 1024 * 1024}, "au plus 60 caractères"),
        ({"first_name": "Amina\x07"}, "caractères non autorisés"),
        ({"first_name": "Amina\x00"}, "Le caractère nul n’est pas autorisé."),
        ({"first_name": "   "}, "Ce champ est obligatoire."),
        ({"phone": "", "email": ""}, "Indiquez un téléphone portable ou une adresse e-mail"),
        ({"slot": "abc"}, "Choisissez un créneau."),
        ({"slot": ""}, "Choisissez un créneau."),
        ({"slot": str(10**30)}, "Choisissez un créneau."),
        ({"language": "xx"}, "Sélectionnez un choix valide."),
    ],
)
def test_bad_input_is_refused_in_french_and_nothing_is_saved(client, reason, values, message):
    slot = slot_of(reason, tomorrow_at(16))
    response = post(client, slot, **values)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert nothing_saved(slot)


def test_the_chosen_slot_stays_checked_when_the_form_comes_back(client, reason):
    slot = slot_of(reason, tomorrow_at(16))
    response = post(client, slot, phone="12345")
    html = response.content.decode()
    assert f'value="{slot.pk}" required checked>' in html
    assert len(re.findall(r'name="slot" value="\d+" required checked', html)) == 1


def test_a_slot_of_another_reason_is_refused(client, reason, staff_reason):
    slot = slot_of(staff_reason, tomorrow_at(16))
    response = post(client, slot, reason=reason.pk)
    assert "Ce créneau n’est plus proposé" in response.content.decode()
    assert nothing_saved(slot)


def test_the_honeypot_catches_robots(client, reason):
    slot = slot_of(reason, tomorrow_at(16))
    response = post(client, slot, website="https://spam.example")
    assert response.status_code == 400
    assert "Votre demande n’a pas pu être enregistrée." in response.content.decode()
    assert nothing_saved(slot)


@pytest.mark.parametrize(
    ("started", "message"),
    [
        (lambda: form_stamp(), "Vous avez été très rapide"),
        (lambda: form_stamp(timezone.now().timestamp() - 7 * 3600), "restée ouverte longtemps"),
        (lambda: "1700000000.0:forged:signature", "Rechargez la page"),
        (lambda: "", "Rechargez la page"),
    ],
)
def test_a_form_sent_too_fast_or_not_from_our_page_is_refused(client, reason, started, message):
    slot = slot_of(reason, tomorrow_at(16))
    response = post(client, slot, started=started())
    assert response.status_code == 400 and message in response.content.decode()
    assert nothing_saved(slot)


def test_ten_bookings_per_hour_from_one_address(client, reason, settings):
    """A shelter's residents share one address: 10 an hour by default, a setting."""
    assert settings.PERMANENCE_BOOKING_PER_ADDRESS == 10
    reason.capacity = 20
    reason.save()
    slot = slot_of(reason, tomorrow_at(16))
    for number in range(10):
        assert post(client, slot, phone=f"06 12 34 56 {70 + number}").status_code == 302
    response = post(client, slot, phone="06 12 34 56 99")
    assert response.status_code == 400
    assert "Appelez la permanence" in response.content.decode()
    assert Appointment.objects.count() == 10
    other = client.post(PAGE, public_data(slot, phone="06 12 34 56 99"), REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 302  # another connection
    settings.PERMANENCE_BOOKING_PER_ADDRESS = 12
    assert post(client, slot, phone="06 12 34 56 98").status_code == 302
    cache.clear()  # an hour later
    assert post(client, slot, phone="06 12 34 56 97").status_code == 302


def test_three_bookings_per_week_for_one_phone(client, reason):
    slots = services.slots_listing(reason=reason, now=timezone.now())[:4]
    for slot in slots[:3]:
        assert post(client, slot).status_code == 302
        cache.clear()  # other addresses
    response = post(client, slots[3])
    assert response.status_code == 400 and "Appelez la permanence" in response.content.decode()
    assert Appointment.objects.count() == 3


def test_the_desk_page_tag_gives_the_booking_link_only_when_booking_is_open(reason):
    template = Template("{% load booking %}{% public_booking_url desk as url %}[{{ url }}]")
    assert template.render(Context({"desk": reason.desk})) == "[/fr/desks/permanence-a/book/]"
    reason.public = False
    reason.save()
    assert template.render(Context({"desk": reason.desk})) == "[]"


def test_the_public_page_query_count_does_not_grow_with_slots(
    client, reason, django_assert_max_num_queries
):
    client.get(PAGE)
    with django_assert_max_num_queries(10):
        client.get(PAGE)


def test_the_desk_and_its_reasons_are_read_once_then_kept_under_the_directory_generation(
    client, reason, staff_reason
):
    """The page shown reads the desk, its schedule and reasons from the cache (seven queries
    fewer); a change through the services renews the directory's generation and shows."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(PAGE)
    cache.clear()
    cache.get_or_set("directory-generation", "g1")  # read a few seconds before
    with CaptureQueriesContext(connection) as first:
        client.get(PAGE)
    with CaptureQueriesContext(connection) as cached:
        html = client.get(PAGE).content.decode()
    assert len(cached) <= len(first) - 7, [q["sql"][:80] for q in cached.captured_queries]
    assert "Premier rendez-vous séjour" in html and "Suivi de dossier" not in html
    english = client.get(PAGE.replace("/fr/", "/en/")).content.decode()
    assert "First residence appointment" in english  # labels in the reader's language

    staff_reason.public = True
    staff_reason.save()
    reason.desk.touch()  # what services.reason_save() does
    assert "Suivi de dossier" not in client.get(PAGE).content.decode()  # within the generation
    cache.delete("directory-generation")  # GENERATION_SECONDS later
    assert "Suivi de dossier" in client.get(PAGE).content.decode()


def test_a_booking_reads_the_database_not_the_cached_page(client, reason):
    """A reason closed to the public a moment ago still shows on the cached page, but booking
    it is refused, and nothing is saved."""
    slot = slot_of(reason, tomorrow_at(16))
    assert f'value="{slot.pk}"' in client.get(PAGE).content.decode()
    BookingReason.objects.filter(pk=reason.pk).update(public=False)
    assert f'value="{slot.pk}"' in client.get(PAGE).content.decode()  # the cached copy
    response = post(client, slot)
    assert response.status_code == 404
    assert nothing_saved(slot)
