"""Synthetic case files for the bench: 200,000 people and 1,000,000 timeline entries.

Imported by ``bench/cases_bench.py`` once Django is set up on the throwaway PostgreSQL database
and ``bench/directory_data.py`` has written the directory (its local groups own the people, its
desks are the targets of referrals). Deterministic for a given seed.

What it makes, roughly (``generate(scale=1)``):

* 95 local groups (the first 95 local groups of the directory): the "showcase" group holds
  10,000 people, the others 190,000 between them on a Zipf law (exponent 0.5, from about
  8,000 down to 1,000), and one small group 100 people (the same pages on a small group
  say what the volume costs);
* per group, one coordinator and 3 to 40 volunteers (one per 250 people), each with a TOTP
  authenticator as in production;
* 200,000 people whose names come from ``bench/name_variants.py`` (the origins met at French
  help desks, Zipf-distributed given names, the original script or a passport spelling in
  ``spellings`` for some), with a birth date, nationalities and languages, a phone number for
  60%, an AGDREF number for 40%, a domiciliation for 30% and notes for 20%; one consent each and
  a situation record for 70%;
* the search tokens of every person, computed by the app's own ``search.person_tokens`` (in
  two worker processes) exactly as ``search.index_people`` stores them;
* one case per person and a second, older and closed one for 15% (about 230,000 cases), with
  one or two topics, a status (open 45%, waiting 15%, closed 40% for the current case), one or
  two assigned volunteers for 85%, a legal referent for 10%;
* 1,000,000 timeline entries: the "case opened" event of each case, then contacts (45%),
  confidential notes (20%), tasks (12%, most of them done), appointments with an
  administration (9%), referrals to a desk of the directory (9%) and decisions (5%), spread over
  the cases on a log-normal law (most cases have 2 to 6 entries, some several dozen), each with
  an encrypted summary; the showcase case has 90 entries. The case list's denormalised columns
  (last contact, next open task, last activity) are computed from them, as
  ``services._refresh_case_summary`` does.

Encrypted columns are produced by the model fields themselves (``field.get_prep_value``: AES-GCM
with the field's purpose), so the rows are what the app writes. Rows go in with PostgreSQL's
``COPY`` (or ``executemany`` on SQLite), in chunks: plain ``bulk_create`` would spend most of its
time building SQL for a million rows.
"""

import itertools
import json
import multiprocessing
import random
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction

from permanence.accounts.models import Membership, User
from permanence.accounts.roles import Role
from permanence.cases import search
from permanence.cases.models import (
    Case,
    Consent,
    Entry,
    Person,
    SearchToken,
    SituationRecord,
)
from permanence.cases.vocab import (
    AdminSituation,
    Authority,
    CaseOutcome,
    CaseStatus,
    CaseTopic,
    ContactChannel,
    DecisionType,
    EntryKind,
    NotificationMethod,
    ReferralStatus,
)
from permanence.core.fields import EncryptedField
from permanence.orgs.models import Organisation, OrganisationKind

SEED = 4
PEOPLE = 200_000
ENTRIES = 1_000_000
GROUPS = 95
SHOWCASE_PEOPLE = 10_000  # the measured group
SMALL_PEOPLE = 100  # the small group (same pages, little data)
SHOWCASE_ENTRIES = 90  # the measured case
GROUP_ZIPF = 0.5
SECOND_CASE_SHARE = 0.15
CHUNK = 10_000  # people per chunk (cases and entries follow their people)
TOKEN_BATCH = 1_000  # people per task of the token workers
WORKERS = 2
TODAY = date(2026, 11, 20)  # fixed, so that the data is the same in every run
NOW = datetime.combine(TODAY, time(18, 0), tzinfo=UTC)
PASSWORD = "bench volunteer password"  # never used to sign in: the bench uses force_login

ORIGIN_COUNTRIES = {
    "maghreb-arabic": (["DZ", "MA", "TN", "SD", "SY", "EG", "LY"], ["ar", "fr"]),
    "afghan": (["AF"], ["prs", "ps"]),
    "persian": (["IR"], ["fa"]),
    "eritrean": (["ER", "ET"], ["ti", "ar"]),
    "slavic-chechen": (["RU", "UA", "GE", "BY"], ["ru", "uk"]),
    "west-african": (["GN", "ML", "SN", "CI", "MR", "GM", "CM"], ["fr", "en"]),
    "turkish": (["TR"], ["tr"]),
    "kurdish": (["TR", "IQ", "SY", "IR"], ["tr", "ar", "fa"]),
}
SITUATIONS = [
    (AdminSituation.ASYLUM_NORMAL, 18),
    (AdminSituation.ASYLUM_ACCELERATED, 6),
    (AdminSituation.ASYLUM_DUBLIN, 8),
    (AdminSituation.REFUGEE, 8),
    (AdminSituation.SUBSIDIARY, 4),
    (AdminSituation.RESIDENCE_PERMIT, 12),
    (AdminSituation.RECEIPT, 10),
    (AdminSituation.APS, 2),
    (AdminSituation.UNDOCUMENTED, 26),
    (AdminSituation.EU_CITIZEN, 2),
    (AdminSituation.FRENCH_FAMILY, 3),
    (AdminSituation.OTHER, 1),
]
STATUSES = [(CaseStatus.OPEN, 45), (CaseStatus.WAITING, 15), (CaseStatus.CLOSED, 40)]
TOPICS = [
    (CaseTopic.ASYLUM_OFPRA, 12),
    (CaseTopic.ASYLUM_CNDA, 8),
    (CaseTopic.DUBLIN, 7),
    (CaseTopic.RESIDENCE_FIRST, 10),
    (CaseTopic.RESIDENCE_RENEWAL, 9),
    (CaseTopic.REGULARISATION, 10),
    (CaseTopic.STATUS_CHANGE, 2),
    (CaseTopic.NATIONALITY, 2),
    (CaseTopic.VISA, 2),
    (CaseTopic.FAMILY_REUNION, 4),
    (CaseTopic.HEALTH_PUMA, 3),
    (CaseTopic.HEALTH_CSS, 2),
    (CaseTopic.HEALTH_AME, 7),
    (CaseTopic.HEALTH_PASS, 1),
    (CaseTopic.SOCIAL_RIGHTS, 5),
    (CaseTopic.HOUSING, 6),
    (CaseTopic.SCHOOLING, 2),
    (CaseTopic.WORK, 3),
    (CaseTopic.OQTF, 6),
    (CaseTopic.IRTF, 1),
    (CaseTopic.HOUSE_ARREST, 1),
    (CaseTopic.DETENTION, 1),
    (CaseTopic.PRISON, 1),
    (CaseTopic.OTHER, 2),
]
ENTRY_KINDS = [
    (EntryKind.CONTACT, 45),
    (EntryKind.NOTE, 20),
    (EntryKind.TASK, 12),
    (EntryKind.APPOINTMENT, 9),
    (EntryKind.REFERRAL, 9),
    (EntryKind.DECISION, 5),
]
CHANNELS = [
    (ContactChannel.DESK, 40),
    (ContactChannel.PHONE, 25),
    (ContactChannel.SMS, 8),
    (ContactChannel.WHATSAPP, 10),
    (ContactChannel.EMAIL, 5),
    (ContactChannel.LETTER, 2),
    (ContactChannel.PREFECTURE, 5),
    (ContactChannel.OFII, 2),
    (ContactChannel.HOSPITAL, 2),
    (ContactChannel.OUTREACH, 1),
]
# Pieces of timeline summaries (fictional), joined one to three at a time.
SENTENCES = [
    "Passage à la permanence avec son récépissé.",
    "Appel pour préparer le rendez-vous en préfecture.",
    "Liste des pièces envoyée par SMS, en arabe.",
    "Récit de vie relu avec l’interprète, deux corrections de dates.",
    "Attend toujours la convocation de l’OFPRA.",
    "Dossier AME déposé à la CPAM, accusé de réception gardé en copie.",
    "Hébergée chez une amie jusqu’à la fin du mois, cherche une solution.",
    "A reçu un courrier de la préfecture, à lire ensemble la semaine prochaine.",
    "Orientation vers la PASS de l’hôpital pour un suivi médical.",
    "Le 115 n’a pas de place ce soir ; rappeler demain matin.",
    "Domiciliation renouvelée au CCAS pour un an.",
    "Demande de rendez-vous en ligne : aucun créneau disponible, capture d’écran faite.",
    "Recours rédigé avec l’avocate, envoyé en recommandé.",
    "Inquiète pour sa fille restée au pays ; parler de la réunification familiale.",
    "Promesse d’embauche reçue d’un restaurant, à joindre au dossier.",
    "Ne répond plus au téléphone depuis deux semaines.",
    "Bulletins de salaire de janvier à juin photocopiés.",
    "Convocation au tribunal administratif le mois prochain.",
    "Cours de français deux fois par semaine au centre social.",
    "Carte de l’ADA suspendue : écrire à l’OFII.",
]
TASKS = [
    "Rappeler pour le rendez-vous en préfecture",
    "Préparer le recours avec l’avocate",
    "Envoyer la liste des pièces",
    "Vérifier la réponse de la CPAM",
    "Relancer la SPADA",
    "Photocopier le passeport et le récépissé",
    "Prendre rendez-vous pour l’entretien OFPRA",
    "Chercher une place d’hébergement",
]
GIVEN = [
    "Claire", "Julien", "Sophie", "Marc", "Anne", "Nicolas", "Camille", "Paul", "Lucie", "Karim",
    "Élise", "Thomas", "Nadia", "Pierre", "Inès", "Hugo", "Sarah", "Louis", "Amina", "Jeanne",
]  # fmt: skip


@dataclass
class Showcase:
    """What the bench measures: the biggest group, one of its volunteers, a case with a long
    timeline and its person; the same for the small group; the search queries typed."""

    group: Organisation
    user: User
    case_id: uuid.UUID
    person_id: uuid.UUID
    person_name: str
    small_group: Organisation
    small_user: User
    small_case_id: uuid.UUID
    small_person_id: uuid.UUID
    queries: dict[str, str] = field(default_factory=dict)


@dataclass
class Generated:
    counts: dict[str, int]
    seconds: dict[str, float]
    showcase: Showcase
    # Every generated person (name_variants.FakePerson) by primary key, and the primary keys of
    # the showcase group's people: the bench measures the search's recall on their queries.
    fakes: dict[uuid.UUID, object]
    showcase_people: list[uuid.UUID]


# --- Writing rows ------------------------------------------------------------------------------


def _prepared(model, columns: Sequence[str]) -> list[Callable[[object], object]]:
    """Per column, how a Python value becomes a column value: encrypted fields through the
    field's own ``get_prep_value`` (AES-GCM with its purpose), JSON as text, the rest as is."""
    vendor = connection.vendor
    converters = []
    for name in columns:
        model_field = next(f for f in model._meta.concrete_fields if f.column == name)
        if isinstance(model_field, EncryptedField):
            converters.append(model_field.get_prep_value)
        elif model_field.get_internal_type() == "JSONField":
            converters.append(json.dumps)
        elif vendor != "postgresql" and model_field.get_internal_type() == "UUIDField":
            converters.append(lambda value: value.hex if value is not None else None)
        else:
            converters.append(None)
    return converters


def insert_rows(model, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """Write ``rows`` (tuples in the order of ``columns``) into ``model``'s table."""
    converters = _prepared(model, columns)
    table = model._meta.db_table
    count = 0

    def convert(row):
        return [value if c is None else c(value) for c, value in zip(converters, row, strict=True)]

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            quoted = ", ".join(f'"{c}"' for c in columns)
            with cursor.copy(f'COPY "{table}" ({quoted}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(convert(row))
                    count += 1
        else:
            marks = ", ".join("?" * len(columns))
            batch = [convert(row) for row in rows]
            cursor.executemany(
                f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({marks})', batch
            )
            count = len(batch)
    return count


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


_CUMULATIVE: dict[int, tuple[list, list]] = {}


def _pick(rng: random.Random, weighted: Sequence[tuple[object, int]]):
    """One value of ``weighted`` ((value, weight) pairs, a module constant) at random."""
    if id(weighted) not in _CUMULATIVE:
        values = [v for v, _ in weighted]
        _CUMULATIVE[id(weighted)] = (values, list(itertools.accumulate(w for _, w in weighted)))
    values, cumulative = _CUMULATIVE[id(weighted)]
    return rng.choices(values, cum_weights=cumulative)[0]


def _moment(rng: random.Random, start: datetime, end: datetime) -> datetime:
    """A moment between ``start`` and ``end``, in office hours (Paris time is close enough)."""
    span = max(0, (end - start).days)
    day = start.date() + timedelta(days=rng.randint(0, span))
    moment = datetime.combine(day, time(rng.randint(8, 17), rng.randrange(60)), tzinfo=UTC)
    return min(max(moment, start), end)


# --- Search tokens, in worker processes --------------------------------------------------------


def _tokens_block(people: list[tuple]) -> str:
    """COPY text of the search tokens of ``people`` (run in a worker: no database access).

    Each person is rebuilt as an unsaved ``Person`` and goes through ``search.person_tokens``,
    the function ``search.index_people`` stores."""
    lines = []
    for pk, group, name, spellings, birth_date, contacts, identifiers in people:
        person = Person(
            pk=pk,
            organisation_id=group,
            name=name,
            spellings=spellings,
            birth_date=birth_date,
            contacts=contacts,
            identifiers=identifiers,
        )
        for token in search.person_tokens(person):
            lines.append(f"{pk}\t{group}\t{token.kind}\t{token.digest}\n")
    return "".join(lines)


def _token_batches(people: list[tuple], pool):
    """Start computing the tokens of ``people`` (in the workers, if any): returns a handle for
    ``_write_tokens``."""
    batches = [people[i : i + TOKEN_BATCH] for i in range(0, len(people), TOKEN_BATCH)]
    if pool is None:
        return [_tokens_block(batch) for batch in batches]
    return pool.map_async(_tokens_block, batches)


def _write_tokens(pending) -> int:
    blocks = pending if isinstance(pending, list) else pending.get()
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            table = SearchToken._meta.db_table
            sql = f'COPY "{table}" (person_id, organisation_id, kind, digest) FROM STDIN'
            with cursor.copy(sql) as copy:
                for block in blocks:
                    copy.write(block)
                    count += block.count("\n")
        else:
            rows = [
                (uuid.UUID(pk).hex, int(group), kind, digest)
                for block in blocks
                for pk, group, kind, digest in (line.split("\t") for line in block.splitlines())
            ]
            cursor.executemany(
                f'INSERT INTO "{SearchToken._meta.db_table}" '
                "(person_id, organisation_id, kind, digest) VALUES (?, ?, ?, ?)",
                rows,
            )
            count = len(rows)
    return count


# --- The generator -----------------------------------------------------------------------------


class _Generator:
    def __init__(self, *, scale: float, seed: int, progress: Callable[[str], None]):
        self.rng = random.Random(seed)
        self.seed = seed
        self.progress = progress
        self.people = max(2_000, int(PEOPLE * scale))
        self.entries = max(10_000, int(ENTRIES * scale))
        self.showcase_people = max(500, int(SHOWCASE_PEOPLE * scale))
        self.counts: dict[str, int] = {}
        self.seconds: dict[str, float] = {}

    # Groups and members ---------------------------------------------------------------------

    def groups(self) -> tuple[list[Organisation], list[int]]:
        """The 95 groups (the directory's local groups, or new ones) and their sizes."""
        groups = list(
            Organisation.objects.filter(kind=OrganisationKind.GROUP, active=True).order_by("pk")[
                :GROUPS
            ]
        )
        missing = GROUPS - len(groups)
        if missing:
            network = Organisation.objects.create(
                name="Réseau du bench des dossiers",
                slug="bench-cases-network",
                kind=OrganisationKind.NETWORK,
            )
            created = [
                Organisation(
                    name=f"Groupe local {i + 1}",
                    slug=f"bench-cases-group-{i + 1}",
                    kind=OrganisationKind.GROUP,
                    parent=network,
                )
                for i in range(missing)
            ]
            groups += Organisation.objects.bulk_create(created)
        rest = self.people - self.showcase_people - SMALL_PEOPLE
        weights = [1 / (rank + 1) ** GROUP_ZIPF for rank in range(1, GROUPS - 1)]
        sizes = [int(rest * w / sum(weights)) for w in weights]
        sizes[0] += rest - sum(sizes)
        return groups, [self.showcase_people, *sizes, SMALL_PEOPLE]

    def members(self, groups: list[Organisation], sizes: list[int]) -> dict[int, list[User]]:
        """One coordinator and 3 to 40 volunteers per group; returns the volunteers by group."""
        from allauth.mfa.models import Authenticator

        password = make_password(PASSWORD)
        users, roles = [], []
        for index, (group, size) in enumerate(zip(groups, sizes, strict=True)):
            count = min(40, max(3, size // 250))
            for n in range(count + 1):
                role = Role.COORDINATOR if n == 0 else Role.VOLUNTEER
                given = GIVEN[(index + n) % len(GIVEN)]
                users.append(
                    User(
                        email=f"{role}-{n}@{group.slug}.example.org",
                        display_name=f"{given} {chr(65 + (index * 7 + n) % 26)}.",
                        password=password,
                    )
                )
                roles.append((group, role))
        User.objects.bulk_create(users, batch_size=5_000)
        Membership.objects.bulk_create(
            [
                Membership(user=user, organisation=group, role=role)
                for user, (group, role) in zip(users, roles, strict=True)
            ],
            batch_size=5_000,
        )
        Authenticator.objects.bulk_create(
            [
                Authenticator(
                    user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
                )
                for user in users
            ],
            batch_size=5_000,
        )
        self.counts["users"] = len(users)
        volunteers: dict[int, list[User]] = {}
        coordinators: dict[int, User] = {}
        for user, (group, role) in zip(users, roles, strict=True):
            if role == Role.COORDINATOR:
                coordinators[group.pk] = user
            else:
                volunteers.setdefault(group.pk, []).append(user)
        self.coordinators = coordinators
        return volunteers

    # People ----------------------------------------------------------------------------------

    def person_row(self, pk: uuid.UUID, group: Organisation, fake) -> tuple:
        rng = self.rng
        countries, languages = ORIGIN_COUNTRIES[fake.origin]
        contacts = (
            [{"kind": "phone", "value": fake.phone, "safe": rng.random() < 0.9, "preferred": True}]
            if fake.phone
            else []
        )
        identifiers = {"agdref": str(rng.randrange(10**9, 10**10))} if rng.random() < 0.4 else {}
        domiciliation = (
            f"Domiciliation CCAS, {rng.randint(1, 120)} rue de la République"
            if rng.random() < 0.3
            else ""
        )
        notes = rng.choice(SENTENCES) if rng.random() < 0.2 else ""
        spoken = rng.sample(languages, k=rng.randint(1, len(languages)))
        created = _moment(rng, NOW - timedelta(days=4 * 365), NOW - timedelta(days=30))
        return (
            pk,
            group.pk,
            fake.name,
            fake.spellings,
            fake.birth_date,
            "exact" if rng.random() < 0.85 else "year",
            [rng.choice(countries)],
            spoken,
            rng.random() < 0.4,
            contacts,
            domiciliation,
            identifiers,
            notes,
            created,
            created,
            1,
        )

    PERSON_COLUMNS = (
        "id",
        "organisation_id",
        "name",
        "spellings",
        "birth_date",
        "birth_precision",
        "nationalities",
        "languages",
        "interpreter_needed",
        "contacts",
        "domiciliation",
        "identifiers",
        "notes",
        "created_at",
        "updated_at",
        "version",
    )

    # Cases and entries -----------------------------------------------------------------------

    def case_plan(self, person_count: int) -> list[int]:
        """Entries per case beyond its opening event (log-normal weights, fixed total)."""
        rng = self.rng
        cases = int(person_count * (1 + SECOND_CASE_SHARE))
        extra = self.entries - cases - SHOWCASE_ENTRIES
        weights = [rng.lognormvariate(0, 1.0) for _ in range(cases)]
        counts = [0] * cases
        for index in rng.choices(range(cases), weights, k=max(0, extra)):
            counts[index] += 1
        return counts

    def entry_rows(
        self,
        case_id: uuid.UUID,
        opened: datetime,
        closed: datetime | None,
        count: int,
        volunteers: list[User],
    ) -> tuple[list[tuple], datetime | None, date | None, datetime]:
        """The timeline of one case: (rows, last contact, next open task, last activity)."""
        rng = self.rng
        end = closed or NOW
        rows = [self._entry(case_id, EntryKind.EVENT, opened, volunteers, closed)]
        for _ in range(count):
            kind = _pick(rng, ENTRY_KINDS)
            rows.append(self._entry(case_id, kind, _moment(rng, opened, end), volunteers, closed))
        contacts = [row[2] for row in rows if row[1] == EntryKind.CONTACT]
        open_tasks = [row[14] for row in rows if row[1] == EntryKind.TASK and row[16] is None]
        last = max(row[2] for row in rows)
        return rows, max(contacts, default=None), min(open_tasks, default=None), last

    def _entry(self, case_id, kind, at: datetime, volunteers, closed) -> tuple:
        rng = self.rng
        author = rng.choice(volunteers).pk
        text = " ".join(rng.sample(SENTENCES, k=rng.randint(1, 3)))
        channel, duration, decision = "", None, ("", None, None, "", "")
        authority, appointment, reminder = "", None, None
        task_due, task_assignee, task_done, desk, referral = None, None, None, None, ""
        if kind == EntryKind.EVENT:
            text = ""
        elif kind == EntryKind.CONTACT:
            channel = _pick(rng, CHANNELS)
            duration = rng.choice([5, 10, 15, 20, 30, 45, 60, 90])
        elif kind == EntryKind.TASK:
            text = rng.choice(TASKS)
            task_due = (at + timedelta(days=rng.randint(2, 30))).date()
            task_assignee = rng.choice(volunteers).pk
            if closed or task_due < TODAY - timedelta(days=3) or rng.random() < 0.3:
                task_done = at + timedelta(days=rng.randint(0, 10))
        elif kind == EntryKind.APPOINTMENT:
            authority = rng.choice(Authority.values)
            appointment = at + timedelta(days=rng.randint(5, 60), hours=rng.randint(0, 3))
            reminder = appointment - timedelta(hours=48) if appointment < NOW else None
        elif kind == EntryKind.REFERRAL:
            desk = rng.choice(self.desks) if self.desks else None
            referral = rng.choice(ReferralStatus.values)
            if desk is None:
                kind = EntryKind.NOTE
        elif kind == EntryKind.DECISION:
            taken = (at - timedelta(days=rng.randint(3, 40))).date()
            decision = (
                rng.choice(DecisionType.values),
                taken,
                at,
                rng.choice(NotificationMethod.values),
                rng.choice(["free", "free", "free", "house-arrest", "retention"]),
            )
        return (
            case_id,
            kind,
            at,
            author,
            text,
            channel,
            duration,
            *decision,
            authority,
            appointment,
            task_due,
            task_assignee,
            task_done,
            desk,
            referral,
            reminder,
            at,
        )

    ENTRY_COLUMNS = (
        "case_id",
        "kind",
        "occurred_at",
        "author_id",
        "text",
        "channel",
        "duration_minutes",
        "decision_type",
        "decision_taken_on",
        "decision_notified_at",
        "notification_method",
        "person_situation",
        "authority",
        "appointment_at",
        "task_due",
        "task_assignee_id",
        "task_done_at",
        "referral_desk_id",
        "referral_status",
        "reminder_sent_at",
        "created_at",
    )
    CASE_COLUMNS = (
        "id",
        "organisation_id",
        "person_id",
        "topics",
        "status",
        "outcome",
        "legal_referent_id",
        "opened_on",
        "closed_on",
        "last_contact_at",
        "next_task_due",
        "created_at",
        "updated_at",
        "version",
    )

    def cases_of(self, people: list[tuple], plan: list[int], volunteers, showcase_ids):
        """Case rows, assignee rows and entry rows of a chunk of people."""
        rng = self.rng
        cases, assignees, entries = [], [], []
        for person in people:
            pk, group_id, created = person[0], person[1], person[13]
            staff = volunteers[group_id]
            older = rng.random() < SECOND_CASE_SHARE
            starts = [created] if not older else [created, _moment(rng, created, NOW)]
            for number, opened in enumerate(starts):
                current = number == len(starts) - 1
                case_id = _uuid(rng)
                count = plan.pop() if plan else 0
                if pk in showcase_ids and current:
                    count, status = SHOWCASE_ENTRIES - 1, CaseStatus.OPEN
                    showcase_ids[pk] = case_id
                elif current:
                    status = _pick(rng, STATUSES)
                else:
                    status = CaseStatus.CLOSED
                closed = None
                if status == CaseStatus.CLOSED:
                    closed = _moment(rng, opened, starts[-1] if not current else NOW)
                rows, last_contact, next_task, last = self.entry_rows(
                    case_id, opened, closed, count, staff
                )
                entries += rows
                topics = [_pick(rng, TOPICS)]
                if rng.random() < 0.3:
                    topics.append(_pick(rng, TOPICS))
                topics = list(dict.fromkeys(topics))
                referent = self.coordinators[group_id].pk if rng.random() < 0.1 else None
                cases.append(
                    (
                        case_id,
                        group_id,
                        pk,
                        topics,
                        status,
                        rng.choice(CaseOutcome.values) if closed else "",
                        referent,
                        opened.date(),
                        closed.date() if closed else None,
                        last_contact,
                        next_task,
                        opened,
                        last,
                        1 + len(rows) // 4,
                    )
                )
                if pk in showcase_ids or rng.random() < 0.85:
                    chosen = rng.sample(staff, k=min(len(staff), rng.choice([1, 1, 1, 2])))
                    if pk in showcase_ids:  # the measured volunteer follows the measured case
                        chosen = list(dict.fromkeys([staff[0], *chosen]))
                    assignees += [(case_id, user.pk) for user in chosen]
        return cases, assignees, entries

    # Everything ------------------------------------------------------------------------------

    def run(self) -> Generated:
        import time as clock

        import name_variants

        from permanence.directory.models import Desk

        rng = self.rng
        begin = clock.perf_counter()
        groups, sizes = self.groups()
        volunteers = self.members(groups, sizes)
        self.desks = list(Desk.objects.published().values_list("pk", flat=True).order_by("pk"))
        fakes = name_variants.generate(self.people, self.seed)
        self.seconds["names (name_variants.generate)"] = clock.perf_counter() - begin
        self.progress(f"{len(fakes):,} names generated, {self.counts['users']:,} users")

        # Which person of each group comes where: the group of each fake person.
        owners = [group for group, size in zip(groups, sizes, strict=True) for _ in range(size)]
        pks = [_uuid(rng) for _ in fakes]
        showcase_pk = next(
            pk
            for pk, fake, group in zip(pks, fakes, owners, strict=True)
            if group == groups[0] and fake.name.startswith("Mohamed ") and len(fake.queries) > 0
        )
        small_pk = next(pk for pk, group in zip(pks, owners, strict=True) if group == groups[-1])
        showcase_ids = {showcase_pk: None, small_pk: None}
        plan = self.case_plan(len(fakes))

        pool = None
        if connection.vendor == "postgresql":
            connection.close()  # the workers are forked: they must not share the connection
            pool = multiprocessing.get_context("fork").Pool(WORKERS)
        timers = {"people": 0.0, "cases and entries": 0.0, "waiting for the tokens": 0.0}
        try:
            for start in range(0, len(fakes), CHUNK):
                stop = min(len(fakes), start + CHUNK)
                t0 = clock.perf_counter()
                people = [self.person_row(pks[i], owners[i], fakes[i]) for i in range(start, stop)]
                # The workers compute the search tokens while this process writes the rest.
                identity = [(str(p[0]), p[1], p[2], p[3], p[4], p[9], p[11]) for p in people]
                pending = _token_batches(identity, pool)
                with transaction.atomic():
                    self._add("people", insert_rows(Person, self.PERSON_COLUMNS, people))
                    self._person_history(people)
                    t1 = clock.perf_counter()
                    cases, assignees, entries = self.cases_of(
                        people, plan, volunteers, showcase_ids
                    )
                    self._add("cases", insert_rows(Case, self.CASE_COLUMNS, cases))
                    insert_rows(Case.assignees.through, ("case_id", "user_id"), assignees)
                    self._add("case assignees", len(assignees))
                    self._add("entries", insert_rows(Entry, self.ENTRY_COLUMNS, entries))
                    t2 = clock.perf_counter()
                    self._add("search tokens", _write_tokens(pending))
                    t3 = clock.perf_counter()
                timers["people"] += t1 - t0
                timers["cases and entries"] += t2 - t1
                timers["waiting for the tokens"] += t3 - t2
                self.progress(
                    f"{stop:,} people, {self.counts['entries']:,} entries, "
                    f"{self.counts['search tokens']:,} search tokens "
                    f"({clock.perf_counter() - begin:.0f} s)"
                )
        finally:
            if pool is not None:
                pool.close()
                pool.join()
        self.seconds.update(timers)
        self.counts["groups"] = len(groups)
        self.counts["showcase group people"] = sizes[0]
        self.counts["desks (referral targets)"] = len(self.desks)

        showcase_fake = fakes[pks.index(showcase_pk)]
        user = volunteers[groups[0].pk][0]
        small_user = volunteers[groups[-1].pk][0]
        typo_rng = random.Random(self.seed)
        given, family = showcase_fake.name.split()[0], showcase_fake.name.split()[-1]
        queries = {
            "common given name": "mohamed",
            "misspelt full name": f"{given.lower()} {name_variants.typo(family.lower(), typo_rng)}",
        }
        showcase = Showcase(
            group=groups[0],
            user=user,
            case_id=showcase_ids[showcase_pk],
            person_id=showcase_pk,
            person_name=showcase_fake.name,
            small_group=groups[-1],
            small_user=small_user,
            small_case_id=showcase_ids[small_pk],
            small_person_id=small_pk,
            queries=queries,
        )
        group_people = [pk for pk, group in zip(pks, owners, strict=True) if group == groups[0]]
        return Generated(
            counts=self.counts,
            seconds=self.seconds,
            showcase=showcase,
            fakes=dict(zip(pks, fakes, strict=True)),
            showcase_people=group_people,
        )

    def _person_history(self, people: list[tuple]) -> None:
        """One consent per person (recorded with the person) and a situation for 70%."""
        rng = self.rng
        consents, situations = [], []
        for person in people:
            pk, created = person[0], person[13]
            consents.append((pk, "record", True, "oral", rng.choice(["fr", "ar", "en"]), created))
            if rng.random() < 0.7:
                situation = _pick(rng, SITUATIONS)
                valid = (created - timedelta(days=rng.randint(0, 400))).date()
                expires = (
                    valid + timedelta(days=rng.choice([90, 180, 365]))
                    if rng.random() < 0.5
                    else None
                )
                situations.append((pk, situation, "", valid, expires, created))
        insert_rows(
            Consent,
            ("person_id", "scope", "given", "method", "information_language", "recorded_at"),
            consents,
        )
        insert_rows(
            SituationRecord,
            ("person_id", "situation", "permit_type", "valid_from", "expires_on", "recorded_at"),
            situations,
        )
        self._add("consents", len(consents))
        self._add("situation records", len(situations))

    def _add(self, what: str, count: int) -> None:
        self.counts[what] = self.counts.get(what, 0) + count


def generate(
    *, scale: float = 1.0, seed: int = SEED, progress: Callable[[str], None] = print
) -> Generated:
    """Write the case files into the migrated database (after ``directory_data.generate``)."""
    generator = _Generator(scale=scale, seed=seed, progress=progress)
    return generator.run()
