"""Booking reasons and appointments of the Amiens desk (by appointment), for its next sessions.

Fictional: first names only, phone numbers in the range ARCEP keeps for fiction (06 39 98 …).
Regenerated on each run; the board of each upcoming session lists its « Rendez-vous attendus ».
"""

from django.utils import timezone

from permanence.booking import services
from permanence.booking.models import Appointment, BookingReason, Slot
from permanence.directory.models import Desk

DESK = "cimade-amiens-permanence"
REASONS = [
    # label, translations, minutes, places per slot, public
    (
        "Dossier AME",
        {"en": "State medical aid (AME) application", "ar": "ملف المساعدة الطبية الحكومية"},
        30,
        2,
        True,
    ),
    (
        "Préparation entretien OFPRA",
        {"en": "Preparing the OFPRA interview", "ar": "التحضير لمقابلة أوفبرا"},
        60,
        1,
        False,
    ),
]
PEOPLE = [
    ("Mariam", "ar"),
    ("Olena", "uk"),
    ("Fatoumata", "fr"),
    ("Ahmad", "fa-af"),
    ("Selam", "ti"),
    ("Sergueï", "ru"),
    ("Leyla", "tr"),
]


def seed_bookings() -> int:
    """Create the reasons and book the first free slots of each; return the appointments made."""
    desk = (
        Desk.objects.filter(slug=DESK)
        .select_related("organisation", "place")
        .prefetch_related("rules", "closures", "extra_sessions")
        .first()
    )
    if desk is None:
        return 0
    Appointment.objects.filter(slot__reason__desk=desk).delete()
    Slot.objects.filter(reason__desk=desk).delete()
    BookingReason.objects.filter(desk=desk).delete()
    now, made, people = timezone.now(), 0, iter(PEOPLE)
    for label, translations, minutes, capacity, public in REASONS:
        reason = BookingReason.objects.create(
            desk=desk,
            label=label,
            translations=translations,
            duration_minutes=minutes,
            capacity=capacity,
            public=public,
            max_days_ahead=28,
        )
        reason.desk = desk
        for slot in services.slots_listing(reason=reason, now=now, limit=4)[:: 2 if public else 1]:
            person = next(people, None)
            if person is None:
                break
            name, language = person
            services.appointment_book(
                reason=reason,
                slot_id=slot.pk,
                first_name=name,
                phone=f"+3363998{made:04d}",
                language=language,
                now=now,
            )
            made += 1
    return made
