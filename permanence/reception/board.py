"""What the live board shows, and the version of it that the 10-second poll compares.

The board polls every 10 seconds on every tablet and phone of the desk. Most polls find nothing
changed: the browser sends the version it shows (``X-Board-Version``), and when it is still
current the view answers 204 without loading, decrypting or rendering anything.
"""

import hashlib
from datetime import datetime

from django.db.models import Count, Max, Q, Subquery, Sum
from django.utils import timezone, translation

from permanence.reception import perms
from permanence.reception.models import FINAL_STATUSES, ArrivalStatus, DeskSession, board_name

VERSION_HEADER = "X-Board-Version"


def _one_row(queryset, group: str, **aggregates) -> dict:
    """Subqueries of the aggregates of ``queryset``, all of its rows sharing ``group``."""
    grouped = queryset.order_by().values(group)
    return {
        name: Subquery(grouped.annotate(value=aggregate).values("value"))
        for name, aggregate in aggregates.items()
    }


def board_version(session: DeskSession, *, user, now: datetime | None = None) -> str:
    """A digest of everything the board shows, from one query of aggregates.

    - Arrivals: every change bumps ``Arrival.version``, a new one adds to the count, and the
      counts of linked cases and volunteers catch a link emptied by a deletion elsewhere.
    - The rota: its ids only grow, so count and sum change with every sign-up or withdrawal.
    - Appointments: a booking adds to the count, a status change moves ``status_changed_at``.
    - The minute, while someone waits (their waiting time is shown), the closing, the reader
      (their room pre-fills the form) and the language of the page.
    """
    arrivals = _one_row(
        session.arrivals.all(),
        "session",
        arrivals=Count("id"),
        versions=Sum("version"),
        cases=Count("case"),
        volunteers=Count("volunteer"),
        waiting=Count("id", filter=Q(status=ArrivalStatus.WAITING)),
    )
    rota = _one_row(session.rota.all(), "session", rota=Count("id"), rota_ids=Sum("id"))
    appointments = _one_row(
        perms.session_appointments(session),
        "slot__reason__desk",
        appointments=Count("id"),
        changed=Max("status_changed_at"),
    )
    row = (
        DeskSession.objects.filter(pk=session.pk)
        .values("closed_at")
        .annotate(**arrivals, **rota, **appointments)
        .first()
    ) or {}
    minute = ""
    if row.get("waiting"):
        minute = (now or timezone.now()).strftime("%Y%m%d%H%M")
    parts = [*row.items(), minute, user.pk, translation.get_language()]
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:20]


def board_context(session: DeskSession, *, user, version: str = "") -> dict:
    """The board's columns, the appointments still expected, the rota and the version.

    The version is taken first: a change landing while the board is read makes the page newer
    than its version, so the next poll renders again (never the other way round)."""
    version = version or board_version(session, user=user)
    arrivals = list(session.arrivals.select_related("volunteer", "appointment__slot"))
    mine = [a for a in arrivals if a.volunteer_id == user.pk and a.room]
    expected = list(
        perms.session_appointments(session)
        .booked()
        .filter(arrival__isnull=True)
        .select_related("slot", "slot__reason")
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
        "my_room": mine[-1].room if mine else "",
        "rota": session.rota.select_related("user"),
    }
