"""Past desk days of the Cimade groups, so that the statistics of visits show something real.

Fictional: first names only, drawn at random; everything is regenerated on each run.
"""

import random
from datetime import timedelta

from django.utils import timezone

from permanence.directory import schedule
from permanence.directory.models import Desk
from permanence.reception.models import (
    Arrival,
    ArrivalStatus,
    DeskSession,
    Reason,
    RotaRole,
    RotaSlot,
)

FIRST_NAMES = [
    "Amina",
    "Mohamed",
    "Fatoumata",
    "Ahmad",
    "Selam",
    "Oleksandr",
    "Nino",
    "Aïcha",
    "Yusuf",
    "Mariam",
    "Abdoulaye",
    "Zahra",
    "Tesfaye",
    "Aslan",
    "Ibrahim",
    "Khadija",
    "Mamadou",
    "Leyla",
]
LANGUAGES = ["fr", "ar", "en", "prs", "ps", "ti", "ru", "uk", "es"]
DESKS = ["cimade-lille-permanence", "cimade-amiens-permanence", "cimade-tourcoing-permanence"]


def seed_desk_days(*, days_back: int = 540, seed: int = 2026) -> int:
    rng = random.Random(seed)
    today = timezone.localdate()
    created = 0
    for desk in Desk.objects.filter(slug__in=DESKS).select_related("place"):
        DeskSession.objects.filter(desk=desk, start__lt=timezone.now()).delete()
        sessions = schedule.sessions_between(
            desk.schedule(), today - timedelta(days=days_back), today - timedelta(days=1)
        )
        arrivals = []
        for occurrence in sessions:
            session = DeskSession.objects.create(
                desk=desk, start=occurrence.start, end=occurrence.end, closed_at=occurrence.end
            )
            for _ in range(rng.randint(3, 12)):
                arrived = occurrence.start + timedelta(minutes=rng.randint(0, 90))
                left = rng.random() < 0.08
                arrivals.append(
                    Arrival(
                        session=session,
                        first_name=rng.choice(FIRST_NAMES),
                        language=rng.choice(LANGUAGES),
                        reason=rng.choices(list(Reason.values), weights=[30, 35, 12, 10, 8, 5])[0],
                        children=rng.choice([0, 0, 0, 1, 2]),
                        interpreter_needed=rng.random() < 0.3,
                        arrived_at=arrived,
                        status=ArrivalStatus.LEFT if left else ArrivalStatus.DONE,
                        interview_started_at=None if left else arrived + timedelta(minutes=20),
                        ended_at=None if left else arrived + timedelta(minutes=55),
                        call_back=left,
                    )
                )
        Arrival.objects.bulk_create(arrivals, batch_size=500)
        created += len(arrivals)
    return created


# (e-mail, role) signed up to each of the next two sessions of the Lille desk.
ROTA = [
    ("coordination.lille@example.org", RotaRole.RECEPTION),
    ("benevole.lille@example.org", RotaRole.INTERVIEW),
    ("referent.lille@example.org", RotaRole.INTERVIEW),
]


def seed_rota(*, sessions: int = 2) -> int:
    """Sign the Lille accounts up to the desk's next sessions (their « Ma journée » and the
    rota show it); return the sign-ups made. Idempotent."""
    from django.contrib.auth import get_user_model

    from permanence.reception.services import sessions_materialise

    desks = (
        Desk.objects.filter(slug="cimade-lille-permanence")
        .select_related("place")
        .prefetch_related("rules", "closures", "extra_sessions")
    )
    sessions_materialise(desks=desks, today=timezone.localdate())
    upcoming = DeskSession.objects.filter(desk__in=desks, end__gt=timezone.now()).order_by("start")
    users = {u.email: u for u in get_user_model().objects.filter(email__in=[e for e, _ in ROTA])}
    made = 0
    for session in upcoming[:sessions]:
        for email, role in ROTA:
            if email in users:
                _slot, created = RotaSlot.objects.get_or_create(
                    session=session, user=users[email], role=role
                )
                made += created
    return made
