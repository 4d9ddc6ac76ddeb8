"""« Ma journée » (/reception/my-day/): the user's own rota, interviews, tasks, appointments and
requests, from their groups only."""

from datetime import timedelta

from django.utils import timezone

from conftest import make_user
from permanence.accounts.models import Membership
from permanence.accounts.roles import Role
from permanence.audit.models import Action, AuditEvent
from permanence.cases.models import Case, Entry, Person
from permanence.cases.vocab import Authority, EntryKind
from permanence.deadlines.models import Confidence, Deadline
from permanence.inbox.models import State
from permanence.inbox.tests.conftest import make_request
from permanence.reception.models import ArrivalStatus, RotaRole, RotaSlot
from permanence.reception.tests.conftest import arrive


def task(case, user, due, text):
    return Entry.objects.create(
        case=case, kind=EntryKind.TASK, task_assignee=user, task_due=due, text=text
    )


def test_my_day_gathers_what_is_mine_and_nothing_of_another_group(
    client_for, volunteer_a, volunteer_a2, volunteer_b, group_b, case_a, session_a,
    django_assert_max_num_queries,
):  # fmt: skip
    today = timezone.localdate()
    task(case_a, volunteer_a, today - timedelta(days=2), "Relancer la préfecture")
    task(case_a, volunteer_a, today + timedelta(days=3), "Envoyer le formulaire AME")
    task(case_a, volunteer_a, today + timedelta(days=30), "Dans un mois")
    task(case_a, volunteer_a2, today, "Tâche d’un autre bénévole")
    task(case_a, volunteer_a, None, "Demander le dossier à l’avocate")
    done = task(case_a, volunteer_a, None, "Tâche sans date faite")
    Entry.objects.filter(pk=done.pk).update(task_done_at=timezone.now())
    Entry.objects.create(
        case=case_a,
        kind=EntryKind.APPOINTMENT,
        authority=Authority.OFPRA,
        appointment_at=timezone.now() + timedelta(days=2),
    )
    for days, rule in [(3, "oqtf-48h"), (40, "later-rule")]:
        Deadline.objects.create(
            entry=Entry.objects.create(case=case_a, kind=EntryKind.DECISION, decision_type="oqtf"),
            case=case_a,
            rule_code=rule,
            safe_deadline=timezone.now() + timedelta(days=days),
            legal_deadline=timezone.now() + timedelta(days=days + 1),
            explanation="…",
            confidence=Confidence.HIGH,
        )
    make_request(
        session_a.desk.organisation, name="Samira", state=State.ASSIGNED, owner=volunteer_a
    )
    make_request(session_a.desk.organisation, name="Closed", state=State.CLOSED, owner=volunteer_a)
    RotaSlot.objects.create(session=session_a, user=volunteer_a, role=RotaRole.INTERVIEW)
    arrive(session_a, "Amina", status=ArrivalStatus.IN_INTERVIEW, volunteer=volunteer_a, room="2")
    # A case of group B given to volunteer A when they were there: no longer theirs to see.
    person_b = Person.objects.create(organisation=group_b, name="Boris Ivanov")
    case_b = Case.objects.create(person=person_b, organisation=group_b)
    task(case_b, volunteer_a, today, "Tâche du groupe B")
    task(case_b, volunteer_a, None, "Sans date du groupe B")

    client = client_for(volunteer_a)
    with django_assert_max_num_queries(17):
        page = client.get("/reception/my-day/").content.decode()
    for shown in [
        "Relancer la préfecture",
        "Envoyer le formulaire AME",
        "<bdi>Mohammed Diallo</bdi>",
        "OFPRA",
        "<bdi>Samira</bdi>",
        "Amina",
        "Salle 2",
        "entretiens",
        "Urgent : moins d’une semaine",
    ]:
        assert shown in page, shown
    assert page.index("Relancer la préfecture") < page.index("Aujourd’hui et cette semaine")
    undated = page.index("Sans échéance")
    assert page.index("Envoyer le formulaire AME") < undated
    assert undated < page.index("Demander le dossier à l’avocate") < page.index("Délais de recours")
    assert page.count("— OQTF") == 1  # the deadline within two weeks, not the one in 40 days
    not_mine = ["Dans un mois", "Tâche d’un autre bénévole", "Closed", "Boris", "groupe B", "faite"]
    for hidden in not_mine:
        assert hidden not in page, hidden
    assert AuditEvent.objects.filter(
        action=Action.OBJECT_LISTED, object_type="reception.my_day", actor=volunteer_a
    ).exists()

    other = client_for(volunteer_b).get("/reception/my-day/").content.decode()
    assert "Tâche du groupe B" not in other  # assigned to A, not to B
    for hidden in ["Relancer", "Samira", "Amina", "Mohammed"]:
        assert hidden not in other, hidden


def test_my_day_of_someone_with_nothing_to_do_says_so(client_for, group_a):
    helpline = make_user("new.volunteer@example.org", group_a, Role.VOLUNTEER)
    assert Membership.objects.filter(user=helpline).exists()
    page = client_for(helpline).get("/reception/my-day/").content.decode()
    assert "Rien pour vous aujourd’hui ni cette semaine" in page
