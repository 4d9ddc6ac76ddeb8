"""What the live board shows, and the version of it that the 10-second poll compares.

The board polls every 10 seconds on every tablet and phone of the desk. Most polls find nothing
changed: the browser sends the version it shows (``X-Board-Version``), and when it is still
current the view answers 204 without loading, decrypting or rendering anything.
"""

import hashlib
from datetime import datetime

from django.db import connection
from django.utils import timezone, translation

from permanence.booking.models import Appointment, BookingReason, Slot
from permanence.reception import cards, perms
from permanence.reception.models import (
    FINAL_STATUSES,
    Arrival,
    ArrivalStatus,
    DeskSession,
    RotaSlot,
    board_name,
)

VERSION_HEADER = "X-Board-Version"


# One statement, written out: the ORM took 3 ms to build the same query from nine subqueries,
# six times what the database takes to answer it (PostgreSQL, bench stage `reception`). Plain
# SQL-92, the same on SQLite and PostgreSQL; aggregates without GROUP BY always give one row.
# The appointments are those of ``perms.session_appointments``: the desk's, during the session.
_VERSION_SQL = """
SELECT arrivals.*, rota.*, appointments.* FROM
  (SELECT COUNT(*), SUM(version), COUNT(case_id), COUNT(volunteer_id),
          SUM(CASE WHEN status = %(waiting)s THEN 1 ELSE 0 END)
     FROM {arrival} WHERE session_id = %(session)s) AS arrivals,
  (SELECT COUNT(*), SUM(id) FROM {rota} WHERE session_id = %(session)s) AS rota,
  (SELECT COUNT(*), MAX(appointment.status_changed_at)
     FROM {appointment} AS appointment
     JOIN {slot} AS slot ON slot.id = appointment.slot_id
     JOIN {reason} AS reason ON reason.id = slot.reason_id
    WHERE reason.desk_id = %(desk)s AND slot.start >= %(start)s AND slot.start < %(end)s
  ) AS appointments
"""


def _version_sql() -> str:
    tables = {
        "arrival": Arrival,
        "rota": RotaSlot,
        "appointment": Appointment,
        "slot": Slot,
        "reason": BookingReason,
    }
    quote = connection.ops.quote_name
    return _VERSION_SQL.format(**{name: quote(m._meta.db_table) for name, m in tables.items()})


def board_version(session: DeskSession, *, user, now: datetime | None = None) -> str:
    """A digest of everything the board shows, from one query of aggregates.

    - Arrivals: every change bumps ``Arrival.version``, a new one adds to the count, and the
      counts of linked cases and volunteers catch a link emptied by a deletion elsewhere.
    - The rota: its ids only grow, so count and sum change with every sign-up or withdrawal.
    - Appointments: a booking adds to the count, a status change moves ``status_changed_at``.
    - The minute, while someone waits (their waiting time is shown), the closing, the reader
      (their room pre-fills the form) and the language of the page.
    """
    parameters = {
        "waiting": ArrivalStatus.WAITING.value,
        "session": session.pk,
        "desk": session.desk_id,
        "start": session.start,
        "end": session.end,
    }
    with connection.cursor() as cursor:
        cursor.execute(_version_sql(), parameters)
        row = cursor.fetchone()
    waiting = row[4]
    minute = (now or timezone.now()).strftime("%Y%m%d%H%M") if waiting else ""
    parts = [*row, session.closed_at, minute, user.pk, translation.get_language()]
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:20]


# Encrypted fields the cards show: read and decrypted only for the cards rendered again (most
# of a board's cards are kept rendered, see ``cards``). The board never shows an arrival's
# appointment's first name, phone or e-mail.
_ARRIVAL_SECRETS = ("first_name", "reason_note")
_APPOINTMENT_SECRETS = ("first_name", "phone", "email")


def _decrypt_for_rendering(arrivals: list[Arrival]) -> None:
    """One query for the encrypted fields of the arrivals whose card is rendered again."""
    if not arrivals:
        return
    loaded = Arrival.objects.filter(pk__in=[a.pk for a in arrivals]).only("pk", *_ARRIVAL_SECRETS)
    secrets = {row.pk: row for row in loaded}
    for arrival in arrivals:
        row = secrets.get(arrival.pk)  # None: erased meanwhile (gone at the next poll)
        for name in _ARRIVAL_SECRETS:
            setattr(arrival, name, getattr(row, name) if row is not None else "")


def board_context(session: DeskSession, *, user, version: str = "") -> dict:
    """The board's columns, the appointments still expected, the rota and the version.

    The version is taken first: a change landing while the board is read makes the page newer
    than its version, so the next poll renders again (never the other way round)."""
    version = version or board_version(session, user=user)
    arrivals = list(
        session.arrivals.select_related("volunteer", "appointment__slot").defer(
            *_ARRIVAL_SECRETS, *(f"appointment__{name}" for name in _APPOINTMENT_SECRETS)
        )
    )
    mine = [a for a in arrivals if a.volunteer_id == user.pk and a.room]
    my_room = mine[-1].room if mine else ""
    for arrival in arrivals:
        arrival.card_key = cards.card_key(arrival, closed=session.is_closed, my_room=my_room)
    _decrypt_for_rendering([a for a in arrivals if a.card_key not in cards.store])
    expected = list(
        perms.session_appointments(session)
        .booked()
        .filter(arrival__isnull=True)
        .select_related("slot", "slot__reason")
        .defer("phone", "email")  # the board shows a first name: contacts stay encrypted
    )
    for appointment in expected:
        appointment.shown_name = board_name(appointment.first_name)  # first name, initials
    return {
        "session": session,
        "version": version,
        "expected": expected,
        "waiting": [a for a in arrivals if a.status == ArrivalStatus.WAITING],
        "interviews": [a for a in arrivals if a.status == ArrivalStatus.IN_INTERVIEW],
        "finished": [a for a in arrivals if a.status in FINAL_STATUSES],
        "my_room": my_room,
        "rota": session.rota.select_related("user"),
    }
