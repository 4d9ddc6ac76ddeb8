"""Every URL that names a group's data refuses the other groups, and no input breaks its page.

The URL patterns of the project are walked (``get_resolver()``, includes and the language
prefixes of public pages included). Each pattern of our apps that takes arguments is in
``SCOPED`` (how to name group A's objects in it, and who in group A uses it), in
``TOKEN_LINKS`` (the person's own link, where the token is the key) or in ``PUBLIC`` (it names
nothing of a group's data, with the reason): a new pattern in none of them fails the suite.

For each ``SCOPED`` pattern:
- the outsiders (a volunteer of group B, the member's counterpart in group B, the helpline
  operator, the network officer, the technical administrator; more where the pattern needs it)
  get 404 or 403 on GET and on POST with a plausible body (the volunteer also with an empty
  one), the anonymous visitor is sent to sign in, and no row of the database changes;
- the member of group A is served, in the same world: the arguments are right, so the refusals
  are real;
- where a pattern names two objects, a member of group B naming their own parent and group A's
  child gets 404 too;
- malformed bodies and query strings sent by that member never give a 500 and lose nothing.
Then: the person's appointment link, the public pages of the allow-list, and group B's objects
named in a form or a query by a member of group A.
"""

import io
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time, timedelta
from html.parser import HTMLParser
from types import SimpleNamespace
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from django.apps import apps
from django.contrib import admin
from django.core import mail
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.tasks import default_task_backend
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from conftest import make_user
from permanence.accounts.roles import Role
from permanence.booking.models import Appointment, BookingReason, Slot
from permanence.booking.tests.conftest import tomorrow_at
from permanence.cases.models import Case, Document, Entry, Person
from permanence.cases.tests.conftest import case_a, person_a  # noqa: F401 (fixtures)
from permanence.deadlines.models import Deadline
from permanence.directory.models import Channel, Desk, ScheduleRule
from permanence.helpline.models import ImportJob
from permanence.helpline.tests.conftest import (  # noqa: F401 (fixtures)
    helpline_coordinator,
    other_helpline,
    other_operator,
)
from permanence.inbox.tests.conftest import make_request
from permanence.notifications.models import Message
from permanence.reception.models import DeskSession, RotaSlot
from permanence.reception.tests.conftest import appointment_at, arrive

# --- The people and the objects of group A (and a few of group B) ------------------------------


class People(dict):
    """The accounts of the world, made when first asked for: shared fixtures by their name,
    the others here."""

    MADE_HERE = {
        "referent_region": ("referent.region@example.org", "region", Role.LEGAL_REFERENT),
        "referent_network": ("referent.network@example.org", "network", Role.LEGAL_REFERENT),
        "coordinator_b": ("coordinator.b@example.org", "group_b", Role.COORDINATOR),
        "referent_b": ("referent.b@example.org", "group_b", Role.LEGAL_REFERENT),
    }

    def __init__(self, request):
        super().__init__()
        self.request = request

    def __missing__(self, key):
        if key in self.MADE_HERE:
            email, organisation, role = self.MADE_HERE[key]
            user = make_user(email, self.request.getfixturevalue(organisation), role)
        else:
            user = self.request.getfixturevalue(key)
        self[key] = user
        return user


def plain_desk(organisation, slug: str) -> Desk:
    """A published desk, every day 16:00–19:00 (no upcoming sessions computed: none is read)."""
    desk = Desk.objects.create(
        organisation=organisation,
        place=organisation.places.first(),
        name=f"Permanence {slug}",
        slug=slug,
        modes=["walk_in"],
        languages=["fr", "ar"],
    )
    ScheduleRule.objects.create(
        desk=desk, kind="weekly", weekdays=list(range(7)), start=time(16), end=time(19)
    )
    Channel.objects.create(desk=desk, kind="phone", value="07 45 29 68 08")
    return desk


@pytest.fixture
def world(request, settings, tmp_path, group_a, group_b, helpline_org, person_a, case_a):  # noqa: F811
    settings.PERMANENCE_PRIVATE_MEDIA_ROOT = tmp_path
    now = timezone.now()
    desk_a, desk_b = plain_desk(group_a, "permanence-a"), plain_desk(group_b, "permanence-b")
    w = SimpleNamespace(
        users=People(request),
        group=group_a,
        group_b=group_b,
        helpline=helpline_org,
        person=person_a,
        case=case_a,
        desk=desk_a,
        desk_b=desk_b,
    )
    w.other_helpline = request.getfixturevalue("other_helpline")
    # Cases: a second person of group A (to merge), a task, a decision and its deadline, a
    # document; a person and a case of group B.
    w.person_2 = Person.objects.create(organisation=group_a, name="Mohamed Dialo")
    w.task = Entry.objects.create(
        case=case_a, kind="task", text="Appeler la préfecture", task_due=date.today()
    )
    w.referral = Entry.objects.create(case=case_a, kind="referral", referral_status="proposed")
    decision = Entry.objects.create(
        case=case_a,
        kind="decision",
        decision_type="oqtf",
        decision_notified_at=now,
        person_situation="free",
    )
    w.deadline = Deadline.objects.create(
        entry=decision,
        case=case_a,
        rule_code="oqtf-free",
        safe_deadline=now + timedelta(days=10),
        legal_deadline=now + timedelta(days=11),
        explanation="notifiée → 1 mois",
        confidence="high",
    )
    w.document = Document.objects.create(
        person=person_a,
        case=case_a,
        doc_type="receipt",
        file=ContentFile(b"%PDF-1.4 fake", name="upload"),
        name="recepisse.pdf",
        content_type="application/pdf",
        size=13,
    )
    w.person_b = Person.objects.create(organisation=group_b, name="Boris Ivanov")
    w.case_b = Case.objects.create(person=w.person_b, organisation=group_b, topics=["dublin"])
    w.case_b.assignees.add(w.users["volunteer_b"])
    # The desk day of group A: a session under way, an arrival, an appointment, a rota slot;
    # and a session of group B's desk.
    w.session = DeskSession.objects.create(
        desk=desk_a, start=now - timedelta(hours=1), end=now + timedelta(hours=2)
    )
    w.arrival = arrive(w.session, "Amina", language="ar")
    w.appointment = appointment_at(w.session, now + timedelta(minutes=30))
    w.reason = BookingReason.objects.get(desk=desk_a)
    start = tomorrow_at(16, 30)  # a slot the desk's schedule gives
    w.free_slot = Slot.objects.create(
        reason=w.reason, start=start, end=start + timedelta(minutes=30)
    )
    w.rota_slot = RotaSlot.objects.create(
        session=w.session, user=w.users["volunteer_a"], role="reception"
    )
    w.session_b = DeskSession.objects.create(
        desk=desk_b, start=now - timedelta(hours=1), end=now + timedelta(hours=2)
    )
    # The inbox, the outbox, the memberships and places of group A; a helpline import.
    w.request = make_request(group_a, desk_a)
    w.message = Message.objects.create(
        organisation=group_a,
        channel="sms",
        to="+33612345678",
        body="Rappel : rendez-vous demain à 16 h.",
        dedupe_key="scoping:1",
        send_after=now,
        status="failed",
    )
    w.membership = w.users["volunteer_a"].memberships.get()
    w.rule, w.channel = desk_a.rules.get(), desk_a.channels.get()
    w.place = group_a.places.get()
    w.import_job = ImportJob.objects.create(
        organisation=helpline_org, filename="appels.csv", skip_invalid=False, status="done"
    )
    return w


# Objects that must survive every request of the sweep (by model and primary key).
KEPT = [
    "person",
    "person_2",
    "case",
    "task",
    "deadline",
    "document",
    "session",
    "arrival",
    "appointment",
    "reason",
    "free_slot",
    "rota_slot",
    "request",
    "message",
    "membership",
    "place",
    "rule",
    "channel",
    "import_job",
    "person_b",
    "case_b",
]


def png() -> SimpleUploadedFile:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, "PNG")
    return SimpleUploadedFile("titre.png", buffer.getvalue(), content_type="image/png")


def calls_csv() -> SimpleUploadedFile:
    from permanence.helpline.importer import COLUMNS

    return SimpleUploadedFile("appels.csv", ",".join(COLUMNS).encode(), content_type="text/csv")


# --- The table ----------------------------------------------------------------------------------

# Who is refused everywhere: a volunteer of group B and the roles that read no group's data.
OUTSIDERS = ("volunteer_b", "helpline_operator", "network_officer", "tech_admin")
# The same role as the member, in the other group (or helpline): refused too, and where a URL
# names two objects, it names their own parent and group A's child.
COUNTERPART = {
    "volunteer_a": "volunteer_b",
    "coordinator_a": "coordinator_b",
    "helpline_operator": "other_operator",
    "helpline_coordinator": "other_operator",
    "referent_region": "referent_b",
    "referent_network": "coordinator_b",
}


@dataclass(frozen=True)
class Scoped:
    """How to name group A's objects in a URL, and who may use it."""

    kwargs: Callable[[SimpleNamespace], dict]
    member: str = "volunteer_a"
    methods: tuple[str, ...] = ("GET", "POST")
    # A body that a member would send (the form of the page comes first, see plausible_body).
    body: Callable[[SimpleNamespace], dict] = lambda w: {}
    query: Callable[[SimpleNamespace], dict] = lambda w: {}
    # The page holding the form posted to this URL, when it is another one.
    form_page: Callable[[SimpleNamespace], str] | None = None
    # Own parent, other group's child: the kwargs a member of group B uses.
    mixed: Callable[[SimpleNamespace], dict] | None = None
    # Outsiders who may read this by design, and outsiders to add.
    open_to: tuple[str, ...] = ()
    also_refused: tuple[str, ...] = ()
    # The sweep: other kwargs to try, the only fields to fill, objects a POST removes by design.
    variants: Callable[[SimpleNamespace], list[dict]] | None = None
    sweep_fields: tuple[str, ...] | None = None
    consumes: tuple[str, ...] = ()
    htmx: bool = False  # the view answers htmx requests with a partial
    slow_get: bool = False  # renders a file and reads no parameter: one malformed query only

    def outsiders(self) -> list[str]:
        everyone = (*OUTSIDERS, COUNTERPART[self.member], *self.also_refused)
        return [
            who for who in dict.fromkeys(everyone) if who != self.member and who not in self.open_to
        ]


def slug(w):
    return {"slug": w.group.slug}


def desk(w):
    return {"slug": w.desk.slug}


def case(w):
    return {"case_id": w.case.pk}


def person(w):
    return {"person_id": w.person.pk}


def session(w):
    return {"session_id": w.session.pk}


def arrival(w):
    return {"arrival_id": w.arrival.pk}


def help_request(w):
    return {"request_id": w.request.pk}


def helpline(w):
    return {"slug": w.helpline.slug}


HELPLINE = {"member": "helpline_operator"}


def page(name: str, *attributes: str) -> Callable[[SimpleNamespace], str]:
    """The page of ``name`` for group A's objects named by ``attributes`` of the world."""
    return lambda w: reverse(name, args=[getattr(w, a).pk for a in attributes])


GET, POST = ("GET",), ("POST",)
STATS = ("network_officer",)  # aggregate figures of the groups below (small counts suppressed)

SCOPED: dict[str, Scoped] = {
    # Accounts and organisations (the group's members, places, journal and outbox).
    "accounts:members": Scoped(
        slug,
        member="coordinator_a",
        body=lambda w: {"email": "nouvelle@example.org", "display_name": "N", "role": "volunteer"},
    ),
    "accounts:member_update": Scoped(
        lambda w: {"slug": w.group.slug, "membership_id": w.membership.pk},
        member="coordinator_a",
        methods=POST,
        body=lambda w: {"role": Role.LEGAL_REFERENT},
        form_page=lambda w: reverse("accounts:members", args=[w.group.slug]),
        mixed=lambda w: {"slug": w.group_b.slug, "membership_id": w.membership.pk},
        sweep_fields=("role",),  # "remove" is a button: any value removes, by design
    ),
    "orgs:detail": Scoped(slug, methods=GET, open_to=("network_officer", "tech_admin")),
    "orgs:edit": Scoped(slug, member="coordinator_a", body=lambda w: {"description": "Mardi."}),
    "orgs:place_create": Scoped(
        slug,
        member="coordinator_a",
        body=lambda w: {
            "name": "Local 2",
            "address": "1 rue de Paris",
            "postcode": "59000",
            "commune": "Lille",
            "insee_code": "59350",
        },
    ),
    "orgs:place_edit": Scoped(
        lambda w: {"slug": w.group.slug, "place_id": w.place.pk},
        member="coordinator_a",
        body=lambda w: {"directions": "Sonnez deux fois."},
        mixed=lambda w: {"slug": w.group_b.slug, "place_id": w.place.pk},
    ),
    "orgs:audit": Scoped(slug, member="coordinator_a", methods=GET),
    "notifications:outbox": Scoped(slug, member="coordinator_a", methods=GET),
    "notifications:retry": Scoped(
        lambda w: {"slug": w.group.slug, "message_id": w.message.pk},
        member="coordinator_a",
        methods=POST,
        form_page=lambda w: reverse("notifications:outbox", args=[w.group.slug]),
        mixed=lambda w: {"slug": w.group_b.slug, "message_id": w.message.pk},
    ),
    # Directory: editing a desk of group A.
    "directory:create": Scoped(
        lambda w: {},
        member="coordinator_a",
        query=lambda w: {"organisation": w.group.slug},
        body=lambda w: {"name": "Permanence du jeudi", "slug": "permanence-jeudi"},
    ),
    "directory:edit": Scoped(desk, member="coordinator_a", body=lambda w: {"summary": "Gratuit"}),
    "directory:schedule": Scoped(desk, member="coordinator_a"),
    "directory:texts": Scoped(desk, member="coordinator_a"),
    "directory:schedule_preview": Scoped(
        desk,
        member="coordinator_a",
        methods=POST,
        form_page=lambda w: reverse("directory:schedule", args=[w.desk.slug]),
    ),
    # People, cases, documents.
    "cases:create": Scoped(
        lambda w: {},
        query=lambda w: {"person": w.person.pk},
        body=lambda w: {"topics": ["dublin"], "assignees": [w.users["volunteer_a"].pk]},
    ),
    "cases:detail": Scoped(case, methods=GET),
    "cases:edit": Scoped(case, body=lambda w: {"topics": ["asylum_cnda"]}),
    "cases:entry_add": Scoped(
        lambda w: {"case_id": w.case.pk, "kind": "contact"},
        body=lambda w: {"contact-channel": "phone", "contact-text": "Appel de la personne."},
        variants=lambda w: [
            {"case_id": w.case.pk, "kind": kind}
            for kind in ("contact", "task", "note", "decision", "appointment", "referral")
        ],
        htmx=True,
    ),
    "cases:task_done": Scoped(
        lambda w: {"case_id": w.case.pk, "entry_id": w.task.pk},
        methods=POST,
        form_page=page("cases:detail", "case"),
        mixed=lambda w: {"case_id": w.case_b.pk, "entry_id": w.task.pk},
    ),
    "cases:referral_status": Scoped(
        lambda w: {"case_id": w.case.pk, "entry_id": w.referral.pk},
        methods=POST,
        body=lambda w: {"status": "accepted", "seen": "proposed"},
        form_page=page("cases:detail", "case"),
        mixed=lambda w: {"case_id": w.case_b.pk, "entry_id": w.referral.pk},
    ),
    "cases:document_upload": Scoped(
        case,
        methods=POST,
        body=lambda w: {"doc_type": "receipt", "file": png()},
        form_page=page("cases:detail", "case"),
    ),
    "cases:break_glass": Scoped(
        case,
        member="referent_region",
        body=lambda w: {"reason": "Audience au tribunal demain, la bénévole est absente."},
        also_refused=("volunteer_a",),
    ),
    "cases:share": Scoped(
        case, body=lambda w: {"organisation": w.group_b.pk, "consent_language": "fr"}
    ),
    "people:detail": Scoped(person, methods=GET),
    "people:edit": Scoped(person, body=lambda w: {"notes": "Dort chez sa sœur."}),
    "people:history_add": Scoped(
        lambda w: {"person_id": w.person.pk, "what": "consent"},
        methods=POST,
        body=lambda w: {"scope": "contact", "method": "oral", "information_language": "ar"},
        form_page=page("people:detail", "person"),
        variants=lambda w: [
            {"person_id": w.person.pk, "what": what}
            for what in ("situation", "consent", "household")
        ],
    ),
    "people:export": Scoped(person, member="coordinator_a", methods=GET),
    "people:export_json": Scoped(person, member="coordinator_a", methods=GET),
    "people:export_pdf": Scoped(person, member="coordinator_a", methods=GET, slow_get=True),
    "people:erase": Scoped(
        person, member="coordinator_a", body=lambda w: {"confirmation": "EFFACER"}
    ),
    "people:merge": Scoped(
        person,
        member="coordinator_a",
        query=lambda w: {"other": w.person_2.pk},
        body=lambda w: {"other": w.person_2.pk},
    ),
    "documents:document_download": Scoped(lambda w: {"document_id": w.document.pk}, methods=GET),
    # Deadlines.
    "deadlines:record": Scoped(
        case,
        methods=POST,
        form_page=lambda w: reverse("cases:entry_add", args=[w.case.pk, "decision"]),
        body=lambda w: {
            "decision-decision_type": "oqtf",
            "decision-decision_notified_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "decision-person_situation": "free",
        },
    ),
    "deadlines:acknowledge": Scoped(
        lambda w: {"deadline_id": w.deadline.pk},
        methods=POST,
        form_page=lambda w: reverse("deadlines:board"),
    ),
    "deadlines:close": Scoped(
        lambda w: {"deadline_id": w.deadline.pk},
        body=lambda w: {"status": "appeal_filed", "closed_on": date.today().isoformat()},
    ),
    # The law's rules are the same for every group: legal referents of a network, a region or
    # an association correct them.
    "deadlines:rule_edit": Scoped(
        lambda w: {"code": "oqtf-free"},
        member="referent_network",
        body=lambda w: {"reason": "Décision du Conseil d’État du 3 mars."},
        also_refused=("volunteer_a", "coordinator_a"),
    ),
    # The inbox.
    "inbox:detail": Scoped(help_request, methods=GET),
    "inbox:take": Scoped(help_request, methods=POST, form_page=page("inbox:detail", "request")),
    "inbox:state": Scoped(
        help_request,
        methods=POST,
        body=lambda w: {"action": "close", "version": 1},
        form_page=page("inbox:detail", "request"),
    ),
    "inbox:note": Scoped(
        help_request,
        methods=POST,
        body=lambda w: {"text": "Rappelée."},
        form_page=page("inbox:detail", "request"),
    ),
    "inbox:case": Scoped(
        help_request, body=lambda w: {"new_name": "Amina K.", "summary": "Récépissé", "version": 1}
    ),
    # The desk day.
    "reception:board": Scoped(session, methods=GET, htmx=True),
    "reception:arrival_add": Scoped(
        session,
        methods=POST,
        body=lambda w: {"first_name": "Yonas", "reason": "asylum", "children": 0},
        form_page=page("reception:board", "session"),
    ),
    "reception:appointment_arrived": Scoped(
        lambda w: {"session_id": w.session.pk, "appointment_id": w.appointment.pk},
        methods=POST,
        form_page=page("reception:board", "session"),
        mixed=lambda w: {"session_id": w.session_b.pk, "appointment_id": w.appointment.pk},
    ),
    "reception:summary": Scoped(session, methods=GET),
    "reception:close": Scoped(
        session, methods=POST, form_page=page("reception:summary", "session")
    ),
    "reception:rota": Scoped(session, body=lambda w: {"role": "interview"}),
    "reception:rota_withdraw": Scoped(
        lambda w: {"session_id": w.session.pk, "slot_id": w.rota_slot.pk},
        methods=POST,
        form_page=page("reception:rota", "session"),
        mixed=lambda w: {"session_id": w.session_b.pk, "slot_id": w.rota_slot.pk},
        consumes=("rota_slot",),
    ),
    "reception:take": Scoped(
        arrival,
        methods=POST,
        body=lambda w: {"room": "Salle 2"},
        form_page=page("reception:board", "session"),
    ),
    "reception:move": Scoped(
        arrival,
        methods=POST,
        body=lambda w: {"status": "left"},
        form_page=page("reception:board", "session"),
    ),
    "reception:link": Scoped(arrival, query=lambda w: {"person": w.person.pk}),
    "reception:called_back": Scoped(
        arrival, methods=POST, form_page=lambda w: reverse("reception:call_backs")
    ),
    # Appointments (volunteers' side).
    "booking:move": Scoped(
        lambda w: {"appointment_id": w.appointment.pk},
        methods=POST,
        body=lambda w: {"status": "cancelled"},
        form_page=lambda w: reverse("booking:day", args=[w.desk.slug]),
    ),
    "booking:book": Scoped(
        desk,
        body=lambda w: {
            "reason": w.reason.pk,
            "slot": w.free_slot.pk,
            "first_name": "Awa",
            "phone": "06 12 34 56 78",
        },
        htmx=True,
    ),
    "booking:day": Scoped(desk, methods=GET),
    "booking:reasons": Scoped(
        desk,
        member="coordinator_a",
        body=lambda w: {"label": "Aide CAF", "duration_minutes": 30, "capacity": 1},
    ),
    "booking:reason_edit": Scoped(
        lambda w: {"slug": w.desk.slug, "reason_id": w.reason.pk},
        member="coordinator_a",
        body=lambda w: {"label": "Préparation OFPRA"},
        mixed=lambda w: {"slug": w.desk_b.slug, "reason_id": w.reason.pk},
    ),
    # Statistics of group A (exact for its members, suppressed for the network above).
    "stats:dashboard": Scoped(slug, methods=GET, open_to=STATS),
    "stats:export": Scoped(slug, methods=GET, open_to=STATS),
    # The helpline's anonymous call sheets, imports and funder report.
    "helpline:call_list": Scoped(helpline, **HELPLINE, methods=GET),
    "helpline:call_create": Scoped(
        helpline, **HELPLINE, body=lambda w: {"caller_type": "individual"}
    ),
    "helpline:call_non_data": Scoped(
        helpline,
        **HELPLINE,
        methods=POST,
        form_page=lambda w: reverse("helpline:call_create", args=[w.helpline.slug]),
    ),
    "helpline:import": Scoped(helpline, **HELPLINE, body=lambda w: {"file": calls_csv()}),
    "helpline:import_template": Scoped(helpline, **HELPLINE, methods=GET),
    "helpline:import_detail": Scoped(
        lambda w: {"slug": w.helpline.slug, "job_id": w.import_job.pk},
        **HELPLINE,
        methods=GET,
        mixed=lambda w: {"slug": w.other_helpline.slug, "job_id": w.import_job.pk},
        htmx=True,
    ),
    "helpline:import_errors": Scoped(
        lambda w: {"slug": w.helpline.slug, "job_id": w.import_job.pk},
        **HELPLINE,
        methods=GET,
        mixed=lambda w: {"slug": w.other_helpline.slug, "job_id": w.import_job.pk},
    ),
    "helpline:report": Scoped(helpline, **HELPLINE, methods=GET),
    "helpline:report_download": Scoped(
        helpline, **HELPLINE, methods=GET, query=lambda w: {"format": "text"}
    ),
    "helpline:budget_edit": Scoped(
        helpline,
        member="helpline_coordinator",
        methods=POST,
        form_page=lambda w: reverse("helpline:report", args=[w.helpline.slug]),
    ),
}

# The person's own link (in their confirmation message): the token is the key, whoever opens it.
TOKEN_LINKS = {"booking_public:confirmed": GET, "booking_public:cancel": ("GET", "POST")}

# Patterns with arguments that name nothing of a group's data.
PUBLIC = {
    "directory_public:desk": "the public page of a published desk",
    "directory_public:poster": "the printable poster of a published desk",
    "directory_feeds:desk_ics": "the public calendar of a published desk",
    "directory_feeds:organisation_ics": "the public calendar of an organisation's published desks",
    "inbox_public:form": "the public request form of a published desk: it writes, reads nothing",
    "inbox_public:sent": "the page after that form, with the desk's next session",
    "booking_public:book": "the public booking page of a desk that takes appointments online",
}

# Views of other projects, by the start of their name or of their module.
THIRD_PARTY = {
    "admin:": "Django's admin: staff only, and it registers no model of people's data (tested)",
    "set_language": "Django's language switcher",
    "allauth.": "allauth: the signed-in account's own pages, or a key sent to its address",
}
PEOPLE_APPS = {"cases", "reception", "booking", "inbox", "deadlines", "notifications"}


# --- The URL patterns of the project -------------------------------------------------------------

ROUTE_ARGUMENT = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>")


def project_patterns() -> list[tuple[str, str, set[str]]]:
    """(name, callback module, argument names) of every URL pattern, includes walked."""

    def walk(resolver, route, namespaces):
        for entry in resolver.url_patterns:
            here = route + str(entry.pattern)
            if isinstance(entry, URLResolver):
                inner = [*namespaces, entry.namespace] if entry.namespace else namespaces
                yield from walk(entry, here, inner)
            else:
                arguments = {a or b for a, b in ROUTE_ARGUMENT.findall(here)}
                yield (
                    ":".join([*namespaces, entry.name or ""]),
                    entry.callback.__module__,
                    arguments,
                )

    return list(walk(get_resolver(), "", []))


def test_every_pattern_naming_an_object_is_in_the_table_or_allowed_with_a_reason():
    patterns = project_patterns()
    ours = {name: args for name, module, args in patterns if module.startswith("permanence.")}
    listed = set(SCOPED) | set(TOKEN_LINKS) | set(PUBLIC)

    unguarded = sorted(name for name, arguments in ours.items() if arguments and name not in listed)
    assert not unguarded, f"add these patterns to SCOPED (or PUBLIC, with a reason): {unguarded}"
    assert not listed - set(ours), f"patterns listed but gone: {sorted(listed - set(ours))}"
    assert not set(SCOPED) & set(PUBLIC)
    unknown = {
        name
        for name, module, _arguments in patterns
        if not module.startswith("permanence.")
        and not any(name.startswith(key) or module.startswith(key) for key in THIRD_PARTY)
    }
    assert not unknown, f"views of another project with no reason given: {sorted(unknown)}"
    # The walk sees the public pages under their language prefix, and the included arguments.
    assert ours["booking_public:cancel"] == {"slug", "token"}


def test_the_admin_registers_no_model_of_peoples_data():
    registered = {model._meta.app_label for model in admin.site._registry}
    assert not registered & PEOPLE_APPS


# --- Requests and what they may change ------------------------------------------------------------


def snapshot(*, audit: bool = True) -> dict:
    """Every row of our apps, as stored, the tasks enqueued and the e-mails sent."""
    rows = {}
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            label = model._meta.label
            if not model.__module__.startswith("permanence.") or (
                not audit and label == "audit.AuditEvent"
            ):
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(model._meta.db_table)}")
            rows[label] = sorted(cursor.fetchall(), key=repr)
    rows["tasks"] = len(default_task_backend.results)
    rows["mail"] = len(mail.outbox)
    return rows


def changes(before: dict, after: dict) -> list[str]:
    return [label for label in before if before[label] != after[label]]


def signed_in(user, *, raise_request_exception: bool = True) -> Client:
    """A client signed in as ``user``, with a recent re-authentication (exports, erasure and
    members ask for one): a refusal is then never just a request to sign in again."""
    from allauth.account.internal.flows.login import (
        _AUTHENTICATION_METHODS_USER_SESSION_KEY,
        AUTHENTICATION_METHODS_SESSION_KEY,
    )

    client = Client(raise_request_exception=raise_request_exception)
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": timezone.now().timestamp(), "reauthenticated": True}
    ]
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session.save()
    return client


class Forms(HTMLParser):
    """The forms of a page: method, action (or hx-post), and what a browser would submit."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            # No action: the page itself (""); hx-post: where htmx sends it as well.
            targets = {attrs.get("action") or ""} | (
                {attrs["hx-post"]} if "hx-post" in attrs else set()
            )
            method = (attrs.get("method") or "get").lower()
            self.forms.append({"method": method, "targets": targets, "data": {}, "names": set()})
        if tag == "option" and self._select:
            self._select[2].append((attrs.get("value", ""), "selected" in attrs))
        if not self.forms or "name" not in attrs:
            return
        form, name = self.forms[-1], attrs["name"]
        if name == "csrfmiddlewaretoken":
            return
        form["names"].add(name)
        kind = (attrs.get("type") or "text").lower()
        if tag == "input" and kind not in {"submit", "button", "file", "checkbox", "radio"}:
            form["data"][name] = attrs.get("value") or ""
        elif tag == "input" and kind in {"checkbox", "radio"} and "checked" in attrs:
            form["data"].setdefault(name, []).append(attrs.get("value") or "on")
        elif tag == "select":
            self._select = (name, "multiple" in attrs, [])
        elif tag == "textarea":
            self._textarea = name
            form["data"][name] = ""

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1]["data"][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select and self.forms:
            name, multiple, options = self._select
            chosen = [value for value, selected in options if selected]
            if not multiple:
                chosen = chosen[:1] or [value for value, _selected in options[:1]]
            self.forms[-1]["data"][name] = chosen
            self._select = None
        elif tag == "textarea":
            if self._textarea and self.forms:
                text = self.forms[-1]["data"][self._textarea]
                self.forms[-1]["data"][self._textarea] = text.removeprefix("\n")
            self._textarea = None


class Pages:
    """The pages a member opens, each fetched once: its status and its forms."""

    def __init__(self, client: Client):
        self.client, self.seen = client, {}

    def status(self, url: str) -> int:
        return self._fetch(url)[0]

    def forms(self, page_url: str, target_url: str, method: str) -> list[dict]:
        """The forms of ``page_url`` that send ``method`` to ``target_url``."""
        target = urlsplit(target_url).path
        return [
            form
            for form in self._fetch(page_url)[1]
            if form["method"] == method
            and target in {urlsplit(urljoin(page_url, t)).path for t in form["targets"]}
        ]

    def _fetch(self, url: str) -> tuple[int, list[dict]]:
        if url not in self.seen:
            response = self.client.get(url)
            parser = Forms()
            if response.status_code == 200 and "html" in response.get("Content-Type", ""):
                parser.feed(response.content.decode())
            self.seen[url] = (response.status_code, parser.forms)
        return self.seen[url]


def address(w, name: str, kwargs: dict | None = None) -> str:
    """The URL of the pattern for group A's objects, with the entry's query string."""
    spec = SCOPED[name]
    url = reverse(name, kwargs=spec.kwargs(w) if kwargs is None else kwargs)
    query = spec.query(w)
    return f"{url}?{urlencode(query)}" if query else url


def form_page(w, name: str, kwargs: dict | None = None) -> str | None:
    """The page showing the form posted to the pattern (None: none does)."""
    spec = SCOPED[name]
    if spec.form_page:
        return spec.form_page(w)
    return address(w, name, kwargs) if "GET" in spec.methods else None


def plausible_body(pages: Pages, w, name: str) -> dict:
    """What a member would send: the page's form as shown, with the entry's changes."""
    page, data = form_page(w, name), {}
    if page:
        forms = pages.forms(page, reverse(name, kwargs=SCOPED[name].kwargs(w)), "post")
        data = dict(forms[0]["data"]) if forms else {}
    return {**data, **SCOPED[name].body(w)}


# --- Outsiders are refused and change nothing -------------------------------------------------

REFUSED = {403, 404}


def rewound(body: dict) -> dict:
    """The body, its files read from the start again (each request reads them)."""
    for value in body.values():
        if hasattr(value, "seek"):
            value.seek(0)
    return body


def assert_refused(client: Client, spec: Scoped, url: str, body: dict, who: str) -> None:
    """404 or 403 on every method the view answers; 405 (the same for any object) on others.
    The volunteer of group B also posts an empty body."""
    requests = [("GET", None), ("POST", body)] + ([("POST", {})] if who == "volunteer_b" else [])
    for method, data in requests:
        response = client.get(url) if method == "GET" else client.post(url, rewound(data))
        expected = REFUSED if method in spec.methods else {405}
        assert response.status_code in expected, (who, method, url, response.status_code)


@pytest.mark.parametrize("name", sorted(SCOPED))
def test_outsiders_are_refused_and_change_nothing_and_a_member_is_served(world, name):
    spec = SCOPED[name]
    url = address(world, name)
    member = signed_in(world.users[spec.member])
    pages = Pages(member)
    if "GET" in spec.methods:
        # The arguments name group A's objects rightly: the refusals below are real.
        assert pages.status(url) == 200, (spec.member, url, pages.status(url))
    body = plausible_body(pages, world, name) if "POST" in spec.methods else spec.body(world)
    clients = {who: signed_in(world.users[who]) for who in spec.outsiders()}  # sign-in is audited
    before = snapshot()

    for who, client in clients.items():
        assert_refused(client, spec, url, body, who)
    anonymous = Client()
    for response in (anonymous.get(url), anonymous.post(url, rewound(body))):
        assert response.status_code == 302, (url, response.status_code)
        assert response["Location"].startswith("/accounts/login/")
    assert changes(before, snapshot()) == []

    if "POST" in spec.methods:
        response = member.post(url, rewound(body))
        assert response.status_code in {200, 204, 302}, (spec.member, url, response.status_code)
        assert b'class="errorlist' not in response.content, (spec.member, url, "form errors")


@pytest.mark.parametrize("name", sorted(n for n, spec in SCOPED.items() if spec.mixed))
def test_a_member_of_group_b_naming_their_own_parent_and_group_a_s_child_gets_404(world, name):
    spec = SCOPED[name]
    who = COUNTERPART[spec.member]
    url = reverse(name, kwargs=spec.mixed(world))
    client = signed_in(world.users[who])
    before = snapshot()

    assert_refused(client, spec, url, spec.body(world), who)

    assert changes(before, snapshot()) == []


# --- No input gives a 500, nothing saved is lost -----------------------------------------------

BAD_VALUES = [
    "",
    "x" * 100_000,
    "\x00",
    "not-a-uuid",
    "-1",
    "99999999999999999999",
    "2026-02-30",
    "\u202eسلام\u200f",
]
# Query parameters read by some page or other, tried on every page.
QUERY_KEYS = {
    "page", "q", "person", "other", "date", "from", "to", "year", "reason", "status", "state",
    "owner", "timeline", "organisation", "format", "action", "next", "kind", "first", "second",
}  # fmt: skip


def sweep_fields(pages: Pages, w, name: str, kwargs: dict) -> tuple[set, set]:
    """(POST fields, GET parameters): the pages' forms, the entry's body and query, and more."""
    spec = SCOPED[name]
    url = reverse(name, kwargs=kwargs)
    post, get = set(spec.body(w)), set(spec.query(w)) | QUERY_KEYS
    page = form_page(w, name, kwargs)
    if page:
        for form in pages.forms(page, url, "post"):
            post |= form["names"]
    if "GET" in spec.methods:
        for form in pages.forms(address(w, name, kwargs), url, "get"):
            get |= form["names"]
    if spec.sweep_fields is not None:
        post = set(spec.sweep_fields)
    return post, get


# A formset instantiates as many forms as its TOTAL_FORMS asks, up to 2,000 (Django's
# absolute_max): a huge count there makes a page of 2,000 forms (10 to 20 s), not an error.
FORM_COUNTS = re.compile(r"-(TOTAL|INITIAL)_FORMS$")


def malformed(fields: set[str], value: str) -> dict:
    huge = value.isdigit() and int(value) > 1000
    return {field: value for field in fields if not (huge and FORM_COUNTS.search(field))}


def assert_no_server_error(response, what: str) -> None:
    assert response.status_code < 500, (what, response.status_code)


@pytest.mark.parametrize("name", sorted(SCOPED))
def test_malformed_input_never_gives_a_500_and_loses_nothing(world, name):
    spec = SCOPED[name]
    # A server error is an answer to assert on (its traceback is in the captured log).
    client = signed_in(world.users[spec.member], raise_request_exception=False)
    pages, main = Pages(client), spec.kwargs(world)
    for kwargs in spec.variants(world) if spec.variants else [main]:
        url = reverse(name, kwargs=kwargs)
        post_fields, get_fields = sweep_fields(pages, world, name, kwargs)
        for value in BAD_VALUES if post_fields else [""]:
            if "POST" in spec.methods:
                response = client.post(url, malformed(post_fields, value))
                assert_no_server_error(response, f"POST {url} {value[:20]!r}")
        if "GET" not in spec.methods or kwargs != main:
            continue
        for value in BAD_VALUES[1:2] if spec.slow_get else BAD_VALUES:
            query = dict.fromkeys(get_fields, value)
            assert_no_server_error(client.get(url, query), f"GET {url} {value[:20]!r}")
            if spec.htmx:
                htmx = {"HTTP_HX_REQUEST": "true", "HTTP_X_BOARD_VERSION": value[:200]}
                assert_no_server_error(client.get(url, query, **htmx), f"htmx {url} {value[:20]!r}")

    for attribute in set(KEPT) - set(spec.consumes):
        kept = getattr(world, attribute)
        assert type(kept)._base_manager.filter(pk=kept.pk).exists(), attribute


# --- The person's own link: the token opens one appointment, at its own desk ---------------------


def test_the_appointment_link_opens_with_its_desk_and_token_only(world):
    token = world.appointment.cancel_token
    client = Client()
    for name, methods in TOKEN_LINKS.items():
        assert client.get(reverse(name, args=[world.desk.slug, token])).status_code == 200
        before = snapshot()
        for slug, each in [
            (world.desk_b.slug, token),  # another desk's address
            (world.desk.slug, secrets.token_urlsafe(32)),  # a guessed token
            (world.desk.slug, "x" * 65),
            (world.desk.slug, "\x00"),
            ("not-a-desk", token),
        ]:
            url = reverse(name, kwargs={"slug": slug, "token": each})
            assert client.get(url).status_code == 404, url
            for data in ({}, {"action": "cancel"}):
                expected = 404 if "POST" in methods else 405
                assert client.post(url, data).status_code == expected, url
        assert changes(before, snapshot()) == []
    Appointment.objects.get(pk=world.appointment.pk, status="booked")


# --- The public pages of the allow-list show published desks only ------------------------------


def test_the_public_pages_with_arguments_name_only_published_desks(world):
    desk = world.desk
    desk.modes = ["appointment", "walk_in"]
    desk.save()
    BookingReason.objects.filter(pk=world.reason.pk).update(public=True)
    anonymous = Client()

    def url(name):
        slug = world.group.slug if name == "directory_feeds:organisation_ics" else desk.slug
        return reverse(name, kwargs={"slug": slug})

    for name in PUBLIC:
        if name != "directory_public:poster":  # a PDF: a second of rendering, same lookup
            assert anonymous.get(url(name)).status_code == 200, name
    cache.clear()  # public pages are cached for anonymous visitors
    Desk.objects.filter(pk=desk.pk).update(public=False)

    for name in PUBLIC:
        response = anonymous.get(url(name))
        if name == "directory_feeds:organisation_ics":
            assert desk.name.encode() not in response.content
        else:
            assert response.status_code == 404, name


# --- A member of group A naming group B's objects in a form or a query ---------------------------

CROSS = [
    ("cases:create", "get", lambda w: {}, lambda w: {"person": w.person_b.pk}),
    ("people:merge", "get", person, lambda w: {"other": w.person_b.pk}),
    ("people:merge", "post", person, lambda w: {"other": w.person_b.pk}),
    (
        "people:history_add",
        "post",
        lambda w: {"person_id": w.person.pk, "what": "household"},
        lambda w: {"relative": w.person_b.pk, "relation": "child"},
    ),
    ("reception:link", "get", arrival, lambda w: {"person": w.person_b.pk}),
    (
        "reception:link",
        "post",
        arrival,
        lambda w: {"person": w.person_b.pk, "case": w.case_b.pk, "text": "Entretien"},
    ),
    (
        "reception:link",
        "post",
        arrival,
        lambda w: {"person": w.person.pk, "case": w.case_b.pk, "text": "Entretien"},
    ),
    ("inbox:case", "get", help_request, lambda w: {"person": w.person_b.pk}),
    (
        "inbox:case",
        "post",
        help_request,
        lambda w: {"person": w.person_b.pk, "summary": "Récépissé", "version": 1},
    ),
    (
        "inbox:new",
        "post",
        lambda w: {},
        lambda w: {"channel": "phone", "text": "Appel", "desk": w.desk_b.pk},
    ),
    (
        "cases:edit",
        "post",
        case,
        lambda w: {"topics": ["dublin"], "assignees": [w.users["volunteer_b"].pk], "version": 1},
    ),
    (
        "cases:entry_add",
        "post",
        lambda w: {"case_id": w.case.pk, "kind": "task"},
        lambda w: {
            "task-text": "Relancer",
            "task-task_due": date.today().isoformat(),
            "task-task_assignee": w.users["volunteer_b"].pk,
        },
    ),
]


@pytest.mark.parametrize(
    ("name", "method", "kwargs", "data"),
    CROSS,
    ids=[f"{name}-{method}-{i}" for i, (name, method, *_rest) in enumerate(CROSS)],
)
def test_group_b_s_objects_named_in_a_form_or_a_query_are_refused(
    world, name, method, kwargs, data
):
    client = signed_in(world.users["volunteer_a"])
    url = reverse(name, kwargs=kwargs(world))
    before = snapshot(audit=False)

    response = getattr(client, method)(url, data(world))

    assert response.status_code in {200, 400, 404}, (url, response.status_code)
    if response.status_code == 200:
        assert 'class="errorlist' in response.content.decode()
    assert changes(before, snapshot(audit=False)) == []
