"""Synthetic desk days and appointments for the `reception` bench, on top of a directory.

Imported by ``bench/reception_bench.py`` once Django is set up. Deterministic for a given seed
(the dates follow the day of the run). Rows are written with ``bulk_create`` in batches; names,
notes and contact details go through the models' encrypted fields, as in production.

What it makes, roughly:

* the directory of ``bench/directory_data.py`` at a national network's size: 600 desks, 400
  places, 181 organisations of which 95 local groups (4 networks, 26 regions, 56 associations);
* 4 accounts per local group (3 volunteers, 1 coordinator) with their memberships;
* desk sessions derived from the schedules of the groups' legal desks, from 26 weeks ago to two
  weeks ahead (past ones closed), with 3 to 14 arrivals each in final states (done, left,
  redirected; some to call back) and a rota of 1 to 3 volunteers;
* booking reasons (1 or 2) for every desk that takes appointments, their slots derived from the
  schedule over the same past and up to each reason's horizon, and 50,000 appointments in those
  slots (past ones seen, excused, absent or cancelled; future ones booked or cancelled), with
  ``booked_count`` equal to the live appointments;
* the board desk (``BOARD_SLUG``) of a Lille group, open every day 9:00–19:00, "sur rendez-vous"
  too, with a public reason of 50 places per slot, a public reason of 5 places (for the
  contention test) and a volunteers-only reason; today's session opened 3 hours ago with 60
  arrivals in mixed states, 12 of whom came for one of today's appointments (same first name:
  the models do not link an arrival to an appointment) and 8 linked to a person and a case.
"""

import random
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import directory_data
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from permanence.accounts.models import Membership, User
from permanence.accounts.roles import Role
from permanence.booking.models import (
    FORGET_AFTER,
    Appointment,
    AppointmentStatus,
    BookingReason,
    Slot,
    slot_times,
)
from permanence.booking.services import contact_index
from permanence.cases.models import Case, Person
from permanence.directory import schedule
from permanence.directory.models import Channel, Desk, ScheduleRule
from permanence.directory.vocab import Category, ChannelKind, Kind, Mode
from permanence.orgs.models import Organisation, OrganisationKind
from permanence.reception.models import Arrival, ArrivalStatus, DeskSession, Reason, RotaSlot

SEED = 20261125
DESKS = 600
PLACES = 400
ORGANISATIONS = 181  # 4 networks + 26 regions + 151 local organisations, 95 of them groups
PAST_DAYS = 182
FUTURE_DAYS = 14  # what the session list materialises
APPOINTMENTS = 50_000
BOARD_APPOINTMENTS = 3_000  # of the 50,000: the board desk is a busy one
BATCH = 5_000
BOARD_SLUG = "bench-reception-lille"
BOARD_ARRIVALS = 60
VOLUNTEER_EMAIL = "camille.volunteer@example.org"

FIRST_NAMES = [
    "Amina", "Mohamed", "Fatoumata", "Ahmad", "Selam", "Oleksandr", "Nino", "Aïcha", "Yusuf",
    "Mariam", "Abdoulaye", "Zahra", "Tesfaye", "Aslan", "Ibrahim", "Khadija", "Mamadou", "Leyla",
    "Samira", "Omar", "Hawa", "Bilal", "Nadia", "Kofi", "Awa", "Arman", "Elif", "Dawit", "Rania",
    "Sekou", "Olena", "Giorgi", "Farida", "Moussa", "Hamid", "Salimata", "Yonas", "Mina",
    "محمد", "فاطمة", "Алина", "Тимур",
]  # fmt: skip
FAMILY_NAMES = [
    "Diallo", "Traoré", "Haidari", "Tesfay", "Koné", "Bah", "Camara", "Sow", "Ahmadi", "Yilmaz",
    "Kovalenko", "Beridze", "Mahamat", "Abdi", "Osman", "Keita", "Ndiaye", "Rahimi", "Hakimi",
]  # fmt: skip
VOLUNTEER_NAMES = [
    "Camille", "Dominique", "Claude", "Sacha", "Alix", "Jo", "Maxime", "Lou", "Noa", "Eden",
    "Charlie", "Andréa", "Morgane", "Yanis", "Inès", "Hugo", "Léa", "Bernard", "Monique", "Jean",
]  # fmt: skip
LANGUAGES = ["fr", "fr", "ar", "en", "prs", "ps", "ti", "ru", "uk", "es", "wo", "tr", "ka"]
REASON_WEIGHTS = [30, 35, 12, 10, 8, 5]  # asylum, residence, health, social rights, removal, other
NOTES = ["AME", "récépissé expiré", "OQTF reçue hier", "convocation préfecture", "CNDA", ""]
REASON_LABELS = [
    "Premier rendez-vous séjour",
    "Préparation OFPRA",
    "Renouvellement de titre",
    "Recours OQTF",
    "Aide au dossier AME",
    "Accueil info asile",
]
ROOMS = ["Salle 1", "Salle 2", "Salle 3", "Bureau", "Salle 4"]


@dataclass
class Board:
    """What the bench needs to find again: the board's desk, session, volunteer and reasons."""

    desk: Desk
    session: DeskSession
    volunteer: User
    volunteers: list[User]
    reason: BookingReason  # public, 15 minutes, 50 places per slot
    small_reason: BookingReason  # public, 60 minutes, 5 places per slot
    staff_reason: BookingReason  # volunteers only


class _Generator:
    def __init__(self, *, seed: int, now: datetime):
        self.rng = random.Random(seed)
        self.now = now
        self.today = timezone.localdate(now)
        self.first_day = self.today - timedelta(days=PAST_DAYS)
        self.password = make_password("bench: never used to sign in")
        self.counts: dict[str, int] = {}

    def name(self) -> str:
        rng = self.rng
        first = rng.choice(FIRST_NAMES)
        return first if rng.random() < 0.4 else f"{first} {rng.choice(FAMILY_NAMES)}"

    # --- People of the groups -------------------------------------------------------------------

    def accounts(self, groups: list[Organisation]) -> dict[int, list[User]]:
        users, memberships, by_group = [], [], {}
        for group in groups:
            members = []
            for index, role in enumerate([Role.VOLUNTEER] * 3 + [Role.COORDINATOR]):
                user = User(
                    email=f"g{group.pk}-{index}@example.org",
                    display_name=f"{self.rng.choice(VOLUNTEER_NAMES)} {chr(65 + index)}.",
                    password=self.password,
                )
                users.append(user)
                members.append((user, role))
            by_group[group.pk] = members
        User.objects.bulk_create(users, batch_size=BATCH)
        for group_id, members in by_group.items():
            memberships += [
                Membership(user=user, organisation_id=group_id, role=role) for user, role in members
            ]
        Membership.objects.bulk_create(memberships, batch_size=BATCH)
        self.counts["accounts"] = len(users)
        return {
            group_id: [user for user, _role in members] for group_id, members in by_group.items()
        }

    # --- The board desk -------------------------------------------------------------------------

    def board_desk(self, groups: list[Organisation], users: dict[int, list[User]]) -> Desk:
        """A legal desk of a Lille group, every day 9:00–19:00, walk-in and by appointment."""
        lille = (
            Desk.objects.filter(
                organisation__in=groups, place__commune="Lille", place__isnull=False
            )
            .select_related("place", "organisation")
            .order_by("pk")
            .first()
        ) or Desk.objects.filter(organisation__in=groups, place__isnull=False).order_by("pk")[0]
        desk = Desk.objects.create(
            organisation=lille.organisation,
            place=lille.place,
            kind=Kind.DESK,
            category=Category.LEGAL_DESK,
            name="Permanence juridique – Lille Wazemmes (bench accueil)",
            slug=BOARD_SLUG,
            summary="Permanence juridique gratuite, Lille.",
            description="Accueil, information et accompagnement des personnes étrangères.",
            modes=[Mode.WALK_IN, Mode.APPOINTMENT],
            languages=["fr", "en", "ar"],
            topics=["asylum", "residence", "removal"],
            audiences=["foreigners"],
            interpreters=True,
            children_welcome=True,
            closed_on_public_holidays=False,
        )
        ScheduleRule.objects.create(
            desk=desk, kind="weekly", weekdays=list(range(7)), start=time(9), end=time(19)
        )
        Channel.objects.create(
            desk=desk,
            kind=ChannelKind.PHONE,
            value="03 20 00 00 00",
            label="Prise de rendez-vous",
            for_booking=True,
        )
        volunteer = users[desk.organisation_id][0]
        User.objects.filter(pk=volunteer.pk).update(
            email=VOLUNTEER_EMAIL, display_name="Camille R."
        )
        volunteer.email, volunteer.display_name = VOLUNTEER_EMAIL, "Camille R."
        return desk

    # --- Desk sessions, arrivals and rotas ------------------------------------------------------

    def sessions(self, desks: list[Desk], users: dict[int, list[User]]) -> None:
        rng, now = self.rng, self.now
        last_day = self.today + timedelta(days=FUTURE_DAYS)
        sessions = []
        for desk in desks:
            starts = set()  # two rules may start at the same time: one session (as the app)
            for occurrence in schedule.sessions_between(desk.schedule(), self.first_day, last_day):
                if occurrence.start in starts:
                    continue
                starts.add(occurrence.start)
                past = occurrence.end < now
                sessions.append(
                    DeskSession(
                        desk=desk,
                        start=occurrence.start,
                        end=occurrence.end,
                        closed_at=occurrence.end if past else None,
                    )
                )
        DeskSession.objects.bulk_create(sessions, batch_size=BATCH)
        arrivals, rota = [], []
        for session in sessions:
            members = users[session.desk.organisation_id]
            for user, role in zip(
                rng.sample(members, rng.randint(1, 3)),
                ["reception", "interview", "interview"],
                strict=False,
            ):
                rota.append(RotaSlot(session=session, user=user, role=role))
            if session.closed_at is None:
                continue
            span = max(30, int((session.end - session.start).total_seconds() // 60) - 20)
            for _ in range(rng.randint(3, 14)):
                arrivals.append(self.past_arrival(session, members, span))
            if len(arrivals) >= BATCH:
                Arrival.objects.bulk_create(arrivals, batch_size=BATCH)
                self.counts["past arrivals"] = self.counts.get("past arrivals", 0) + len(arrivals)
                arrivals = []
        Arrival.objects.bulk_create(arrivals, batch_size=BATCH)
        self.counts["past arrivals"] = self.counts.get("past arrivals", 0) + len(arrivals)
        RotaSlot.objects.bulk_create(rota, batch_size=BATCH)
        self.counts["desk sessions"] = len(sessions)
        self.counts["rota slots"] = len(rota)

    def past_arrival(self, session: DeskSession, members: list[User], span: int) -> Arrival:
        rng = self.rng
        arrived = session.start + timedelta(minutes=rng.randrange(span))
        status = rng.choices(
            [ArrivalStatus.DONE, ArrivalStatus.LEFT, ArrivalStatus.REDIRECTED], [80, 8, 12]
        )[0]
        seen = status != ArrivalStatus.LEFT
        started = arrived + timedelta(minutes=rng.randint(5, 60)) if seen else None
        ended = (started or arrived) + timedelta(minutes=rng.randint(15, 50))
        call_back = status == ArrivalStatus.LEFT
        return Arrival(
            session=session,
            first_name=self.name(),
            language=rng.choice(LANGUAGES),
            reason=rng.choices(Reason.values, REASON_WEIGHTS)[0],
            reason_note=rng.choice(NOTES) if rng.random() < 0.2 else "",
            children=rng.choice([0, 0, 0, 0, 1, 2, 3]),
            interpreter_needed=rng.random() < 0.3,
            arrived_at=arrived,
            status=status,
            volunteer=rng.choice(members) if seen else None,
            room=rng.choice(ROOMS) if seen else "",
            interview_started_at=started,
            ended_at=ended,
            call_back=call_back,
            called_back_at=ended + timedelta(days=1) if call_back and rng.random() < 0.7 else None,
        )

    def board_session(self, desk: Desk, members: list[User]) -> DeskSession:
        """Today's session of the board desk, opened 3 hours ago, with 60 arrivals."""
        rng, now = self.rng, self.now
        session = DeskSession.objects.create(
            desk=desk, start=now - timedelta(hours=3), end=now + timedelta(hours=1)
        )
        statuses = (
            [ArrivalStatus.DONE] * 26
            + [ArrivalStatus.LEFT] * 6
            + [ArrivalStatus.REDIRECTED] * 6
            + [ArrivalStatus.IN_INTERVIEW] * 6
            + [ArrivalStatus.WAITING] * 16
        )
        assert len(statuses) == BOARD_ARRIVALS
        interviewers = iter(members * 2)  # the volunteer of the bench has an interview too
        arrivals = []
        for index, status in enumerate(statuses):
            # Earlier arrivals are the finished ones; the waiting ones came in the last hour.
            arrived = session.start + timedelta(minutes=index * 175 // BOARD_ARRIVALS, seconds=17)
            values = {}
            if status in (ArrivalStatus.DONE, ArrivalStatus.IN_INTERVIEW, ArrivalStatus.REDIRECTED):
                started = arrived + timedelta(minutes=rng.randint(5, 25))
                values = {
                    "volunteer": rng.choice(members)
                    if status != ArrivalStatus.IN_INTERVIEW
                    else next(interviewers),
                    "room": rng.choice(ROOMS),
                    "interview_started_at": min(started, now - timedelta(minutes=2)),
                }
            if status in (ArrivalStatus.DONE, ArrivalStatus.REDIRECTED):
                values["ended_at"] = min(
                    values["interview_started_at"] + timedelta(minutes=rng.randint(15, 40)), now
                )
            if status == ArrivalStatus.LEFT:
                values.update(ended_at=arrived + timedelta(minutes=40), call_back=True)
            arrivals.append(
                Arrival(
                    session=session,
                    first_name=self.name(),
                    language=rng.choice(LANGUAGES),
                    reason=rng.choices(Reason.values, REASON_WEIGHTS)[0],
                    reason_note=rng.choice(NOTES) if rng.random() < 0.3 else "",
                    children=rng.choice([0, 0, 0, 1, 2, 3]),
                    interpreter_needed=rng.random() < 0.3,
                    arrived_at=arrived,
                    status=status,
                    created_by=members[-1],
                    **values,
                )
            )
        Arrival.objects.bulk_create(arrivals)
        # 8 interviews already added to the person's case (the "contact ajouté" badge).
        done = [a for a in arrivals if a.status == ArrivalStatus.DONE][:8]
        for arrival in done:
            person = Person.objects.create(
                organisation_id=desk.organisation_id,
                name=arrival.first_name,
                languages=[arrival.language or "fr"],
                created_by=arrival.volunteer,
            )
            case = Case.objects.create(
                organisation_id=desk.organisation_id, person=person, topics=["asylum_ofpra"]
            )
            Arrival.objects.filter(pk=arrival.pk).update(person=person, case=case)
        RotaSlot.objects.bulk_create(
            RotaSlot(session=session, user=user, role=role)
            for user, role in zip(
                members, ["reception", "interview", "interview", "children"], strict=True
            )
        )
        self.board_arrivals = arrivals
        return session

    # --- Booking --------------------------------------------------------------------------------

    def reasons(self, desks: list[Desk], board: Desk) -> tuple[list[BookingReason], dict]:
        rng = self.rng
        reasons = []
        for desk in desks:
            for label in rng.sample(REASON_LABELS, rng.choice([1, 1, 2])):
                reasons.append(
                    BookingReason(
                        desk=desk,
                        label=label,
                        duration_minutes=rng.choice([20, 30, 30, 45]),
                        capacity=rng.choice([1, 1, 1, 2, 3]),
                        public=rng.random() < 0.6,
                        max_days_ahead=rng.choice([14, 28, 28, 42, 60]),
                    )
                )
        special = {
            "reason": BookingReason(
                desk=board,
                label="Premier rendez-vous séjour",
                translations={"ar": "موعد أول للإقامة", "en": "First residence appointment"},
                duration_minutes=15,
                capacity=50,
                public=True,
                max_days_ahead=60,
            ),
            "small_reason": BookingReason(
                desk=board,
                label="Accueil info asile",
                duration_minutes=60,
                capacity=5,
                public=True,
                max_days_ahead=60,
            ),
            "staff_reason": BookingReason(
                desk=board, label="Recours OQTF", duration_minutes=30, capacity=2, max_days_ahead=28
            ),
        }
        BookingReason.objects.bulk_create(reasons + list(special.values()), batch_size=BATCH)
        self.counts["booking reasons"] = len(reasons) + len(special)
        return reasons, special

    def slots(self, reasons: list[BookingReason]) -> list[Slot]:
        slots = []
        for reason in reasons:
            last_day = self.today + timedelta(days=reason.max_days_ahead)
            sessions = schedule.sessions_between(reason.desk.schedule(), self.first_day, last_day)
            times = {  # one slot per start, as services.slots_listing makes them
                start: end
                for session in sessions
                for start, end in slot_times(session.start, session.end, reason.duration_minutes)
            }
            slots += [
                Slot(reason=reason, start=start, end=end, capacity=reason.capacity)
                for start, end in sorted(times.items())
            ]
        Slot.objects.bulk_create(slots, batch_size=BATCH)
        self.counts["slots"] = len(slots)
        return slots

    def appointments(
        self, slots: list[Slot], board_slots: list[Slot], users: dict[int, list[User]]
    ) -> None:
        """50,000 appointments, ``BOARD_APPOINTMENTS`` of them at the board desk."""
        rng, now = self.rng, self.now
        places = [slot for slot in slots for _ in range(slot.capacity)]
        rng.shuffle(places)
        board_places = [slot for slot in board_slots for _ in range(rng.randint(0, 2))]
        rng.shuffle(board_places)
        chosen = board_places[:BOARD_APPOINTMENTS] + places[: APPOINTMENTS - BOARD_APPOINTMENTS]
        appointments, live = [], {}
        for slot in chosen:
            past = slot.end < now
            status = (
                rng.choices(
                    [
                        AppointmentStatus.SEEN,
                        AppointmentStatus.NO_SHOW,
                        AppointmentStatus.EXCUSED,
                        AppointmentStatus.CANCELLED,
                    ],
                    [70, 12, 8, 10],
                )[0]
                if past
                else rng.choices([AppointmentStatus.BOOKED, AppointmentStatus.CANCELLED], [9, 1])[0]
            )
            if status != AppointmentStatus.CANCELLED:
                live[slot.pk] = live.get(slot.pk, 0) + 1
            by_volunteer = rng.random() < 0.5
            members = users.get(slot.reason.desk.organisation_id)
            forgotten = slot.end + FORGET_AFTER < now
            phone = f"+336{rng.randrange(10**7, 10**8)}" if rng.random() < 0.75 else ""
            email = "" if phone else f"p{rng.randrange(10**9)}@example.org"
            if forgotten:
                first_name = phone = email = ""
            else:
                first_name = self.name()
            appointments.append(
                Appointment(
                    slot=slot,
                    first_name=first_name,
                    phone=phone,
                    email=email,
                    language=rng.choice(["fr", "fr", "fr", "ar", "en", "ps", "ti", "ru", "uk"]),
                    status=status,
                    reminders_opt_out=rng.random() < 0.05,
                    cancel_token=uuid.UUID(int=rng.getrandbits(128)).hex
                    + uuid.UUID(int=rng.getrandbits(128)).hex[:11],
                    contact_index=contact_index(phone or email),
                    booked_by=rng.choice(members) if by_volunteer and members else None,
                    status_changed_at=slot.end if past else None,
                )
            )
        Appointment.objects.bulk_create(appointments, batch_size=BATCH)
        # The counters of places taken, and booking dates before each appointment, in SQL.
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE booking_slot SET booked_count = live.n FROM ("
                "  SELECT slot_id, count(*) AS n FROM booking_appointment"
                "  WHERE status <> 'cancelled' GROUP BY slot_id) AS live"
                " WHERE booking_slot.id = live.slot_id"
            )
            cursor.execute(
                "UPDATE booking_appointment AS a SET created_at = s.start - interval '1 hour'"
                "  * (1 + (('x' || substr(md5(a.id::text), 1, 6))::bit(24)::int % 500))"
                "  FROM booking_slot AS s WHERE s.id = a.slot_id"
                if connection.vendor == "postgresql"
                else "SELECT 1"
            )
        self.counts["appointments"] = len(appointments)
        self.counts["live appointments"] = sum(live.values())

    def board_appointments(self, reason: BookingReason) -> None:
        """Today's appointments of the people on the board who came for one (same first name)."""
        slots = list(Slot.objects.filter(reason=reason, start__date=self.today).order_by("start"))
        came = [a for a in self.board_arrivals if a.status != ArrivalStatus.LEFT][::4][:12]
        for arrival, slot in zip(came, slots, strict=False):
            Appointment.objects.create(
                slot=slot,
                first_name=arrival.first_name,
                phone=f"+3367{self.rng.randrange(10**6, 10**7)}",
                status=AppointmentStatus.SEEN
                if arrival.status == ArrivalStatus.DONE
                else AppointmentStatus.BOOKED,
                cancel_token=uuid.uuid4().hex,
            )
            Slot.objects.filter(pk=slot.pk, booked_count__lt=F("capacity")).update(
                booked_count=F("booked_count") + 1
            )

    # --- Everything -----------------------------------------------------------------------------

    def run(self) -> Board:
        groups = list(Organisation.objects.filter(kind=OrganisationKind.GROUP).order_by("pk"))
        self.counts["local groups"] = len(groups)
        users = self.accounts(groups)
        board = self.board_desk(groups, users)
        schedule_of = ("rules", "closures", "extra_sessions")
        group_desks = list(
            Desk.objects.filter(
                organisation__in=groups, kind=Kind.DESK, place__isnull=False, public=True
            )
            .select_related("place")
            .prefetch_related(*schedule_of)
            .order_by("pk")
        )
        self.counts["desks with sessions"] = len(group_desks)
        self.sessions(group_desks, users)
        members = users[board.organisation_id]
        session = self.board_session(board, members)
        booking_desks = list(
            Desk.objects.with_mode(Mode.APPOINTMENT)
            .filter(place__isnull=False)
            .exclude(pk=board.pk)
            .select_related("place")
            .prefetch_related(*schedule_of)
            .order_by("pk")
        )
        board = (
            Desk.objects.select_related("place", "organisation")
            .prefetch_related(*schedule_of)
            .get(pk=board.pk)
        )
        reasons, special = self.reasons(booking_desks, board)
        slots = self.slots(reasons)
        board_slots = self.slots(list(special.values()))
        self.counts["slots"] = len(slots) + len(board_slots)
        self.appointments(slots, board_slots, users)
        self.board_appointments(special["reason"])
        return Board(
            desk=board,
            session=session,
            volunteer=members[0],
            volunteers=members,
            **special,
        )


def generate(*, seed: int = SEED, now: datetime | None = None) -> tuple[Board, dict[str, int]]:
    """Write the directory, the desk days and the appointments; return the board and counts."""
    counts = directory_data.generate(
        desks=DESKS, organisations=ORGANISATIONS, places=PLACES, seed=seed
    )
    generator = _Generator(seed=seed, now=now or timezone.now())
    with transaction.atomic():
        board = generator.run()
    return board, {
        "organisations": counts["organisations"],
        "desks": counts["desks"] + 1,
        **generator.counts,
    }


def first_free_slots(reason: BookingReason, count: int, *, after: date) -> list[Slot]:
    """Free future slots of ``reason`` from the day after ``after`` (each with places left)."""
    start = datetime.combine(after + timedelta(days=1), time.min, tzinfo=reason.timezone)
    return list(
        Slot.objects.filter(reason=reason, start__gte=start).free().order_by("start")[:count]
    )
