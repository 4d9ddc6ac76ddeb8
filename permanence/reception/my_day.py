"""« Ma journée »: what a volunteer has to do today, from the desk, the cases and the inbox.

Each list comes from the scoped accessors of its app (``perms.py``): a volunteer who left a group
no longer sees its tasks, appointments or requests, even those still in their name. People show
by their usual name only (their other encrypted fields are not read), first names on the desk
side. Tasks without a due date come last, oldest first: nobody set a day, so nobody may forget them.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from permanence.cases import perms as case_perms
from permanence.cases.models import Entry, Person
from permanence.cases.vocab import EntryKind
from permanence.deadlines import perms as deadline_perms
from permanence.inbox import perms as inbox_perms
from permanence.reception import perms
from permanence.reception.models import ArrivalStatus, RotaSlot

AHEAD = timedelta(days=7)  # tasks and appointments shown ahead of today
DEADLINES_AHEAD = timedelta(days=14)  # appeal deadlines: the board's « within two weeks »
ROTA_AHEAD = timedelta(days=14)
LIST_LIMIT = 30


@dataclass
class MyDay:
    rota: list  # the user's rota slots, today and the next two weeks
    interviews: list  # people in interview with the user now
    tasks_late: list
    tasks_soon: list  # due today or within a week
    tasks_undated: list  # open tasks given to the user with no due date, oldest first
    deadlines: list  # open appeal deadlines of the user's cases, passed or within two weeks
    appointments: list  # appointments with administrations of the user's cases, within a week
    requests: list  # open requests the user took

    @property
    def is_empty(self) -> bool:
        lists = (self.rota, self.interviews, self.tasks_late, self.tasks_soon, self.tasks_undated)
        return not any(lists) and not (self.deadlines or self.appointments or self.requests)


def _my_cases_entries(user) -> QuerySet:
    """Entries of the cases the user may read, with their person's name (no other field)."""
    return (
        Entry.objects.filter(case__in=case_perms.cases_for(user))
        .select_related("case__person")
        .defer(*(f"case__person__{field}" for field in Person.DETAIL_FIELDS))
    )


def my_day_for(user, *, now: datetime | None = None) -> MyDay:
    now = now or timezone.now()
    today = timezone.localdate(now)
    midnight = timezone.make_aware(datetime.combine(today, datetime.min.time()))
    rota = (
        RotaSlot.objects.filter(
            user=user,
            session__in=perms.sessions_for(user),
            session__end__gt=now,
            session__start__lt=midnight + ROTA_AHEAD,
        )
        .select_related("session__desk")
        .order_by("session__start", "role")
    )
    interviews = (
        perms.arrivals_for(user)
        .filter(volunteer=user, status=ArrivalStatus.IN_INTERVIEW)
        .select_related("session__desk")
        .order_by("interview_started_at")
    )
    my_tasks = _my_cases_entries(user).tasks_open().filter(task_assignee=user)
    tasks = my_tasks.filter(task_due__lte=today + AHEAD).order_by("task_due", "occurred_at")
    undated = my_tasks.filter(task_due__isnull=True).order_by("occurred_at", "pk")
    mine = Q(case__assignees=user) | Q(case__legal_referent=user)
    appointments = (
        _my_cases_entries(user)
        .filter(mine, kind=EntryKind.APPOINTMENT, appointment_at__gte=midnight)
        .filter(appointment_at__lt=midnight + AHEAD + timedelta(days=1))
        .distinct()
        .order_by("appointment_at")
    )
    deadlines = (
        deadline_perms.deadlines_for(user)
        .filter(mine)
        .open()
        .filter(safe_deadline__lt=now + DEADLINES_AHEAD)
        .for_board()
        .distinct()
        .order_by("safe_deadline")
    )
    requests = inbox_perms.requests_for(user).open().owned_by(user).order_by("received_at")
    tasks = list(tasks[:LIST_LIMIT])
    return MyDay(
        rota=list(rota[:LIST_LIMIT]),
        interviews=list(interviews[:LIST_LIMIT]),
        tasks_late=[task for task in tasks if task.task_due < today],
        tasks_soon=[task for task in tasks if task.task_due >= today],
        tasks_undated=list(undated[:LIST_LIMIT]),
        deadlines=list(deadlines[:LIST_LIMIT]),
        appointments=list(appointments[:LIST_LIMIT]),
        requests=list(requests[:LIST_LIMIT]),
    )
