"""A national network's years of activity for the statistics bench (issue 7).

Imported by ``bench/stats_bench.py`` once Django is set up. Deterministic for a given seed
(apart from the ciphertexts, whose nonces are random). What it makes:

* La Cimade-like network: 1 network, 13 regions, 95 local groups (one place each, in a real
  town of the right département), 1 to 3 desks per group by size, a national phone line under
  the network, and two helplines outside it: Info Migrants (``info-migrants``, under its
  association, as in the demo) and a standalone one in Marseille;
* 1,000,000 call sheets: 811,461 for Info Migrants from 6,461 in 2017 (the demo's year) to
  150,000 in 2025, the rest for the two other lines; each year's calls on the opening days
  (weekdays, not public holidays) and hours of ``helpline/demo.py``, with its shares of
  caller types, genders, professional kinds, regions of origin, topics, languages and answers
  (about 1.8 % calls without object); départements weighted as in the demo, plus a tail spread
  over every other département;
* 1,000,000 arrivals at the desk sessions of the 95 groups from January 2021 to yesterday:
  one weekly session per desk (fewer in August and at Christmas), about 25 people per session,
  more in big groups, growing year by year; reasons, statuses and times shaped like
  ``demo/reception.py``;
* the case work the dashboards also count: 150,000 people and cases opened since 2021, with
  topics, closures and outcomes, about 500,000 contacts, and 22,000 decisions with their
  appeal deadlines (met, missed, open, no appeal);
* accounts: the network officer, a coordinator and three volunteers per group, a coordinator
  per region, the coordinator and five operators of each helpline.

Encrypted columns (first names, people's data, entry summaries, notes) are encrypted row by row
by the model fields themselves (``field.get_prep_value``). The large tables are written with
PostgreSQL's ``COPY`` (psycopg's ``cursor.copy``): ``bulk_create`` takes about 3 minutes for a
million call sheets on this machine, ``COPY`` half a minute. Small tables use ``bulk_create``.
Rows are written in the order they happened (sessions day after day, each year's calls in time
order, cases by opening date, entries by date), so that the tables' physical order follows
time as it does in production. PostgreSQL only (``COPY``).
"""

import json
import random
import uuid
from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta
from itertools import accumulate

import holidays
from django.db import connection, models, transaction
from django.utils.text import slugify

from permanence.accounts.models import Membership, User
from permanence.accounts.roles import Role
from permanence.cases.models import Case, Entry, Person
from permanence.cases.vocab import (
    CaseOutcome,
    CaseStatus,
    CaseTopic,
    ContactChannel,
    DecisionType,
    EntryKind,
    NotificationMethod,
)
from permanence.core.fields import EncryptedField
from permanence.core.lib import france
from permanence.deadlines.models import Confidence, Deadline, DeadlineStatus
from permanence.demo.reception import FIRST_NAMES
from permanence.demo.reception import LANGUAGES as VISIT_LANGUAGES
from permanence.directory.models import Desk
from permanence.directory.vocab import Category
from permanence.helpline import demo as calls_demo
from permanence.helpline.models import PARIS, CallSheet
from permanence.helpline.vocab import CallerType
from permanence.orgs.models import Organisation, OrganisationKind, Place
from permanence.reception.models import Arrival, ArrivalStatus, DeskSession, Reason

SEED = 20261206
TODAY = date(2026, 12, 6)  # fixed, so that every run makes the same data
NOW = datetime.combine(TODAY, time(8), tzinfo=PARIS)
FIRST_VISIT_DAY = date(2021, 1, 4)  # a Monday
VISITS = 1_000_000
CASES = 150_000
DECISION_SHARE = 0.15
HELPLINE_SLUG = "info-migrants"
NETWORK_SLUG = "la-cimade"

# Calls a year, per helpline (Info Migrants from the demo's 6,461 in 2017): 1,000,000 in all.
CALLS_PER_YEAR = {
    HELPLINE_SLUG: {
        2017: 6_461,
        2018: 15_000,
        2019: 30_000,
        2020: 50_000,
        2021: 75_000,
        2022: 95_000,
        2023: 115_000,
        2024: 135_000,
        2025: 150_000,
        2026: 140_000,
    },
    "cimade-permanence-telephonique": {
        2021: 12_000,
        2022: 15_000,
        2023: 17_000,
        2024: 19_000,
        2025: 20_000,
        2026: 19_000,
    },
    "ecoute-exil-marseille": {
        2019: 9_000,
        2020: 10_000,
        2021: 10_500,
        2022: 11_000,
        2023: 11_200,
        2024: 11_500,
        2025: 11_800,
        2026: 11_539,
    },
}
NON_DATA_SHARE = 120 / 6461  # calls without object, as in the demo year

# Regions of the network and their groups: (town, département, relative size).
REGIONS = {
    "Île-de-France": [
        ("Paris", "75", 3.0),
        ("Saint-Denis", "93", 2.0),
        ("Montreuil", "93", 1.5),
        ("Créteil", "94", 1.2),
        ("Ivry-sur-Seine", "94", 1.0),
        ("Nanterre", "92", 1.2),
        ("Boulogne-Billancourt", "92", 0.6),
        ("Argenteuil", "95", 1.0),
        ("Cergy", "95", 0.8),
        ("Évry-Courcouronnes", "91", 0.9),
        ("Massy", "91", 0.6),
        ("Versailles", "78", 0.7),
        ("Mantes-la-Jolie", "78", 0.7),
        ("Melun", "77", 0.6),
        ("Meaux", "77", 0.6),
    ],
    "Nord-Picardie": [
        ("Lille", "59", 1.8),
        ("Roubaix", "59", 0.9),
        ("Tourcoing", "59", 0.7),
        ("Dunkerque", "59", 0.6),
        ("Calais", "62", 1.0),
        ("Arras", "62", 0.5),
        ("Amiens", "80", 0.8),
        ("Beauvais", "60", 0.5),
        ("Saint-Quentin", "02", 0.4),
    ],
    "Grand Est": [
        ("Strasbourg", "67", 1.4),
        ("Mulhouse", "68", 0.8),
        ("Metz", "57", 1.0),
        ("Nancy", "54", 0.9),
        ("Reims", "51", 0.7),
        ("Troyes", "10", 0.4),
    ],
    "Auvergne-Rhône-Alpes": [
        ("Lyon", "69", 2.0),
        ("Villeurbanne", "69", 0.8),
        ("Grenoble", "38", 1.2),
        ("Saint-Étienne", "42", 0.8),
        ("Clermont-Ferrand", "63", 0.8),
        ("Chambéry", "73", 0.5),
        ("Annecy", "74", 0.5),
        ("Valence", "26", 0.5),
        ("Bourg-en-Bresse", "01", 0.3),
    ],
    "Provence-Alpes-Côte d’Azur": [
        ("Marseille", "13", 2.0),
        ("Aix-en-Provence", "13", 0.6),
        ("Nice", "06", 1.2),
        ("Toulon", "83", 0.7),
        ("Avignon", "84", 0.6),
        ("Gap", "05", 0.3),
        ("Briançon", "05", 0.4),
    ],
    "Languedoc-Roussillon": [
        ("Montpellier", "34", 1.2),
        ("Béziers", "34", 0.5),
        ("Nîmes", "30", 0.7),
        ("Perpignan", "66", 0.8),
        ("Carcassonne", "11", 0.3),
    ],
    "Sud-Ouest": [
        ("Bordeaux", "33", 1.4),
        ("Toulouse", "31", 1.6),
        ("Bayonne", "64", 0.8),
        ("Pau", "64", 0.5),
        ("Mont-de-Marsan", "40", 0.3),
        ("Agen", "47", 0.3),
        ("Périgueux", "24", 0.3),
        ("Albi", "81", 0.3),
        ("Tarbes", "65", 0.3),
    ],
    "Bretagne-Pays de la Loire": [
        ("Rennes", "35", 1.2),
        ("Nantes", "44", 1.4),
        ("Brest", "29", 0.6),
        ("Angers", "49", 0.7),
        ("Le Mans", "72", 0.6),
        ("Lorient", "56", 0.4),
        ("La Roche-sur-Yon", "85", 0.3),
        ("Saint-Brieuc", "22", 0.3),
        ("Saint-Nazaire", "44", 0.4),
    ],
    "Normandie": [
        ("Rouen", "76", 1.0),
        ("Le Havre", "76", 0.7),
        ("Caen", "14", 0.9),
        ("Cherbourg-en-Cotentin", "50", 0.4),
        ("Évreux", "27", 0.4),
        ("Alençon", "61", 0.3),
    ],
    "Centre-Val de Loire": [
        ("Orléans", "45", 0.8),
        ("Tours", "37", 0.8),
        ("Blois", "41", 0.4),
        ("Bourges", "18", 0.4),
        ("Châteauroux", "36", 0.3),
        ("Chartres", "28", 0.4),
    ],
    "Bourgogne-Franche-Comté": [
        ("Dijon", "21", 0.8),
        ("Besançon", "25", 0.8),
        ("Chalon-sur-Saône", "71", 0.4),
        ("Auxerre", "89", 0.3),
        ("Belfort", "90", 0.4),
        ("Lons-le-Saunier", "39", 0.2),
    ],
    "Centre-Ouest": [
        ("Poitiers", "86", 0.7),
        ("Limoges", "87", 0.6),
        ("La Rochelle", "17", 0.5),
        ("Niort", "79", 0.3),
        ("Angoulême", "16", 0.3),
    ],
    "Outre-mer": [
        ("Pointe-à-Pitre", "971", 0.6),
        ("Cayenne", "973", 0.9),
        ("Mamoudzou", "976", 1.0),
    ],
}
SHOWCASE_REGION = "Île-de-France"  # the region dashboard the bench times
SHOWCASE_GROUP = "Paris"  # the group dashboard the bench times (the busiest group)

# Visits: growth of the desks' attendance from one year to the next.
VISIT_GROWTH = {2021: 0.8, 2022: 0.9, 2023: 1.0, 2024: 1.05, 2025: 1.1, 2026: 1.1}
REASON_WEIGHTS = [30, 35, 12, 10, 8, 5]  # as demo/reception.py, in the order of Reason
ARRIVAL_STATUSES = {ArrivalStatus.DONE: 84, ArrivalStatus.LEFT: 8, ArrivalStatus.REDIRECTED: 8}
REASON_NOTES = ["", "", "", "", "", "", "", "", "OQTF notifiée", "rdv préfecture", "AME refusée"]
INITIALS = "ABCDEFGHIJKLMNOPRSTYZ"

CASE_TOPIC_WEIGHTS = {
    CaseTopic.RESIDENCE_FIRST: 16,
    CaseTopic.RESIDENCE_RENEWAL: 14,
    CaseTopic.REGULARISATION: 14,
    CaseTopic.ASYLUM_OFPRA: 10,
    CaseTopic.ASYLUM_CNDA: 7,
    CaseTopic.DUBLIN: 6,
    CaseTopic.FAMILY_REUNION: 5,
    CaseTopic.NATIONALITY: 4,
    CaseTopic.HEALTH_AME: 5,
    CaseTopic.HEALTH_PUMA: 3,
    CaseTopic.STATUS_CHANGE: 4,
    CaseTopic.VISA: 2,
}
OUTCOME_WEIGHTS = {
    CaseOutcome.FAVOURABLE: 40,
    CaseOutcome.UNFAVOURABLE: 18,
    CaseOutcome.REFERRED: 14,
    CaseOutcome.LOST_CONTACT: 18,
    CaseOutcome.WITHDRAWN: 4,
    CaseOutcome.OTHER: 6,
}
CHANNEL_WEIGHTS = {
    ContactChannel.DESK: 40,
    ContactChannel.PHONE: 25,
    ContactChannel.EMAIL: 10,
    ContactChannel.WHATSAPP: 8,
    ContactChannel.SMS: 5,
    ContactChannel.PREFECTURE: 4,
    ContactChannel.LETTER: 3,
    ContactChannel.OFII: 2,
    ContactChannel.HOSPITAL: 1,
    ContactChannel.SIGNAL: 1,
    ContactChannel.OUTREACH: 1,
}
CONTACT_SUMMARIES = [
    "Point sur le dossier",
    "Pièces demandées par la préfecture",
    "Aide au formulaire en ligne",
    "Relance de l’administration",
    "Explication de la procédure",
    "",
]
DECISIONS = [  # (type, days to appeal, rule code)
    (DecisionType.OQTF, 30, "oqtf-30j"),
    (DecisionType.RESIDENCE_REFUSAL, 60, "refus-titre-2m"),
    (DecisionType.CNDA_REJECTION, 60, "cassation-2m"),
    (DecisionType.OFPRA_REJECTION, 30, "cnda-1m"),
    (DecisionType.DUBLIN_TRANSFER, 15, "dublin-15j"),
]
DEADLINE_OUTCOMES = {
    DeadlineStatus.APPEAL_FILED: 62,
    DeadlineStatus.LAWYER: 10,
    DeadlineStatus.NO_APPEAL: 22,
    DeadlineStatus.OPEN: 6,
}


# --- Helpers ------------------------------------------------------------------------------------


def picker(weights: dict, rng: random.Random) -> Callable[[int], list]:
    """``pick(k)``: ``k`` values drawn from ``weights`` (cumulative weights computed once)."""
    population = [str(key) if isinstance(key, str) else key for key in weights]  # no enums
    cumulative = list(accumulate(weights.values()))
    return lambda k: rng.choices(population, cum_weights=cumulative, k=k)


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def copy_rows(model: type[models.Model], columns: list[str], rows: Iterable[tuple]) -> int:
    """COPY ``rows`` (values of the ``columns`` attributes, ready for the database) into the
    table of ``model``. Other columns get what Django would write: their default (encrypted row
    by row for encrypted fields), ``now`` for auto_now fields, NULL when nullable."""
    fields = {field.attname: field for field in model._meta.concrete_fields}
    constants, encrypted = {}, {}
    for name, field in fields.items():
        if name in columns or isinstance(field, models.AutoField):
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            constants[name] = NOW
            continue
        if field.null and not field.has_default():
            continue  # NULL
        value = field.get_default()
        if value is None:
            raise ValueError(f"{model.__name__}.{name}: no value and no default")
        if isinstance(field, EncryptedField):
            encrypted[name] = (field.get_prep_value, value)
        elif isinstance(field, models.JSONField):
            constants[name] = json.dumps(value)
        else:
            constants[name] = field.get_db_prep_save(value, connection)
    names = [*columns, *encrypted, *constants]
    sql = "COPY {} ({}) FROM STDIN".format(  # noqa: S608 (names from the model)
        connection.ops.quote_name(model._meta.db_table),
        ", ".join(connection.ops.quote_name(fields[name].column) for name in names),
    )
    fixed = tuple(constants.values())
    count = 0
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row((*row, *(prep(value) for prep, value in encrypted.values()), *fixed))
            count += 1
    return count


def _opening_days(year: int, last: date) -> list[date]:
    closed = holidays.France(years=year)
    day, days = date(year, 1, 1), []
    while day.year == year and day < last:
        if day.weekday() < 5 and day not in closed:
            days.append(day)
        day += timedelta(days=1)
    return days


def departement_weights(main: dict) -> dict:
    """``main`` shares, and what is left spread evenly over every other département."""
    others = [code for code in france.DEPARTEMENTS if code not in main]
    left = max(0.0, 1.0 - sum(main.values()))
    return {**main, **dict.fromkeys(others, left / len(others))}


# --- Organisations and accounts -----------------------------------------------------------------


def _organisations() -> dict:
    """The network, its regions and groups (with a place each), and the three helplines."""
    network = Organisation.objects.create(
        name="La Cimade (bench)", slug=NETWORK_SLUG, kind=OrganisationKind.NETWORK
    )
    regions, groups, places = {}, [], []
    for region_name in REGIONS:
        regions[region_name] = Organisation(
            name=f"La Cimade {region_name}",
            slug=f"cimade-{slugify(region_name)}",
            kind=OrganisationKind.REGION,
            parent=network,
        )
    Organisation.objects.bulk_create(regions.values())
    sizes = {}
    for region_name, towns in REGIONS.items():
        for town, _dep, size in towns:
            group = Organisation(
                name=f"La Cimade {town}",
                slug=f"cimade-{slugify(town)}",
                kind=OrganisationKind.GROUP,
                parent=regions[region_name],
            )
            groups.append(group)
            sizes[group.slug] = size
    Organisation.objects.bulk_create(groups)
    towns = [item for region_towns in REGIONS.values() for item in region_towns]
    for group, (town, dep, _size) in zip(groups, towns, strict=True):
        overseas = len(dep) == 3
        places.append(
            Place(
                organisation=group,
                name="Local de la permanence",
                address="1 rue de la Solidarité",
                postcode=f"{dep}00" if overseas else f"{dep}000",
                commune=town,
                insee_code=f"{dep}01" if overseas else f"{dep}001",
                departement=dep,
                school_zone=france.DEPARTEMENTS[dep].school_zone,
            )
        )
    Place.objects.bulk_create(places)
    association = Organisation.objects.create(
        name="Inter Service Migrants", slug="inter-service-migrants", kind="association"
    )
    helplines = {
        HELPLINE_SLUG: Organisation.objects.create(
            name="Info Migrants",
            slug=HELPLINE_SLUG,
            kind=OrganisationKind.GROUP,
            parent=association,
        ),
        "cimade-permanence-telephonique": Organisation.objects.create(
            name="La Cimade, permanence téléphonique nationale",
            slug="cimade-permanence-telephonique",
            kind=OrganisationKind.GROUP,
            parent=network,
        ),
        "ecoute-exil-marseille": Organisation.objects.create(
            name="Écoute Exil Marseille",
            slug="ecoute-exil-marseille",
            kind=OrganisationKind.ASSOCIATION,
        ),
    }
    Place.objects.create(
        organisation=association,
        name="Siège",
        address="90 avenue de Flandre",
        postcode="75019",
        commune="Paris",
        insee_code="75119",
        departement="75",
        school_zone="C",
    )
    return {
        "network": network,
        "regions": regions,
        "groups": groups,
        "sizes": sizes,
        "helplines": helplines,
    }


def _accounts(orgs: dict) -> dict:
    """Accounts (unusable passwords: the bench signs in with force_login) and memberships."""
    people = [("officer@cimade.example.org", orgs["network"], Role.NETWORK_OFFICER)]
    for region in orgs["regions"].values():
        people.append((f"coord.{region.slug}@example.org", region, Role.COORDINATOR))
    for group in orgs["groups"]:
        people.append((f"coord.{group.slug}@example.org", group, Role.COORDINATOR))
        people += [(f"vol{n}.{group.slug}@example.org", group, Role.VOLUNTEER) for n in range(3)]
    for helpline in orgs["helplines"].values():
        people.append((f"coord.{helpline.slug}@example.org", helpline, Role.COORDINATOR))
        people += [
            (f"op{n}.{helpline.slug}@example.org", helpline, Role.HELPLINE_OPERATOR)
            for n in range(5)
        ]
    users = []
    for email, _org, _role in people:
        user = User(email=email, display_name=email.split("@")[0])
        user.set_unusable_password()
        users.append(user)
    User.objects.bulk_create(users)
    Membership.objects.bulk_create(
        Membership(user=user, organisation=org, role=role)
        for user, (_email, org, role) in zip(users, people, strict=True)
    )
    by_email = {user.email: user for user in users}
    helpline = orgs["helplines"][HELPLINE_SLUG]
    region = orgs["regions"][SHOWCASE_REGION]
    group = next(g for g in orgs["groups"] if g.name.endswith(f" {SHOWCASE_GROUP}"))
    return {
        "network_officer": by_email["officer@cimade.example.org"],
        "region_coordinator": by_email[f"coord.{region.slug}@example.org"],
        "group_coordinator": by_email[f"coord.{group.slug}@example.org"],
        "helpline_coordinator": by_email[f"coord.{helpline.slug}@example.org"],
        "helpline_operator": by_email[f"op0.{helpline.slug}@example.org"],
        "count": len(users),
    }


# --- Call sheets --------------------------------------------------------------------------------


CALL_COLUMNS = [
    "organisation_id",
    "called_at",
    "duration_minutes",
    "non_data",
    "caller_type",
    "caller_gender",
    "professional_kind",
    "departement",
    "origin_region",
    "topics",
    "language",
    "answer",
    "referral",
    "created_at",
]


def _call_rows(organisation: Organisation, year: int, count: int, shares: dict, rng):
    """The rows of one helpline's year, shaped like helpline/demo.py."""
    days = _opening_days(year, TODAY)
    slots = [
        (start + minute // 60, minute % 60)
        for start, end in calls_demo.OPENING_HOURS
        for minute in range((end - start) * 60)
    ]
    pick_dep = picker(shares, rng)
    pick_type = picker(calls_demo.CALLER_TYPES, rng)
    pick_gender = picker(calls_demo.GENDERS, rng)
    pick_kind = picker(calls_demo.KINDS, rng)
    pick_region = picker(calls_demo.REGIONS, rng)
    pick_topic = picker(calls_demo.TOPIC_WEIGHTS, rng)
    pick_language = picker(calls_demo.LANGUAGE_WEIGHTS, rng)
    pick_answer = picker(calls_demo.ANSWER_WEIGHTS, rng)
    topic_json: dict[tuple, str] = {}
    columns = zip(
        pick_dep(count),
        pick_type(count),
        pick_gender(count),
        pick_kind(count),
        pick_region(count),
        pick_language(count),
        pick_answer(count),
        strict=True,
    )
    for departement, caller_type, gender, kind, region, language, answer in columns:
        hour, minute = rng.choice(slots)
        called_at = datetime.combine(rng.choice(days), time(hour, minute), tzinfo=PARIS)
        if rng.random() < NON_DATA_SHARE:
            yield (organisation.pk, called_at, None, True, "", "", "", "", "inconnue", "[]",
                   "", "", "", called_at)  # fmt: skip
            continue
        topics = tuple(sorted(set(pick_topic(rng.choice((1, 1, 2))))))
        if topics not in topic_json:
            topic_json[topics] = json.dumps(list(topics))
        individual = caller_type == CallerType.INDIVIDUAL
        referred = answer == "referred"
        yield (
            organisation.pk,
            called_at,
            rng.randint(3, 25),
            False,
            caller_type,
            gender if individual else "",
            "" if individual else kind,
            departement,
            region,
            topic_json[topics],
            language,
            answer,
            "Permanence juridique partenaire" if referred else "",
            called_at,
        )


def _call_sheets(helplines: dict, rng: random.Random, progress) -> int:
    paris = calls_demo.SEED_PARIS / calls_demo.SEED_TOTAL
    rest = 1 - paris - 0.04  # 4 % for the départements the demo does not list
    weight = sum(calls_demo.DEPARTEMENT_SHARES.values())
    idf = {"75": paris, **{k: v * rest / weight for k, v in calls_demo.DEPARTEMENT_SHARES.items()}}
    shares = {
        HELPLINE_SLUG: departement_weights(idf),
        "cimade-permanence-telephonique": departement_weights(
            {"75": 0.12, "93": 0.08, "13": 0.06, "59": 0.05, "69": 0.05, "": 0.05}
        ),
        "ecoute-exil-marseille": departement_weights(
            {"13": 0.55, "84": 0.08, "83": 0.08, "06": 0.07, "": 0.04}
        ),
    }
    total = 0
    for slug, years in CALLS_PER_YEAR.items():
        for year, count in years.items():
            rows = sorted(
                _call_rows(helplines[slug], year, count, shares[slug], rng), key=lambda r: r[1]
            )  # in the order they were taken, as in real life (the table's physical order)
            total += copy_rows(CallSheet, CALL_COLUMNS, rows)
        progress(f"call sheets: {slug} done ({total:,} so far)")
    return total


# --- Desks, sessions and arrivals ---------------------------------------------------------------


def _desks(orgs: dict) -> list[tuple[Desk, float]]:
    """1 to 3 desks per group (by size), each with its share of the group's visitors."""
    places = {place.organisation_id: place for place in Place.objects.all()}
    desks, shares = [], []
    for group in orgs["groups"]:
        size = orgs["sizes"][group.slug]
        count = 1 + (size > 0.7) + (size > 1.4)
        for n in range(count):
            desks.append(
                Desk(
                    organisation=group,
                    place=places[group.pk],
                    category=Category.LEGAL_DESK,
                    name=f"Permanence {n + 1} de {group.name}",
                    slug=f"{group.slug}-permanence-{n + 1}",
                    summary="Permanence juridique et administrative, sans rendez-vous.",
                    topics=["residence", "asylum"],
                    languages=["fr", "en", "ar"],
                )
            )
            shares.append(size / count)
    Desk.objects.bulk_create(desks)
    return list(zip(desks, shares, strict=True))


def _sessions(desks: list[tuple[Desk, float]], rng: random.Random) -> list[tuple]:
    """A weekly session per desk (weekday and hours of its own); a third of the August weeks
    and the Christmas week are off. Returns (session, number of arrivals) pairs, in order."""
    sessions = []
    for desk, share in desks:
        weekday = rng.randrange(5)
        start_hour = rng.choice((9, 14, 14, 17))
        day = FIRST_VISIT_DAY + timedelta(days=weekday)
        while day < TODAY:
            off = (day.month == 8 and rng.random() < 0.35) or (day.month == 12 and day.day > 23)
            if not off:
                start = datetime.combine(day, time(start_hour), tzinfo=PARIS)
                session = DeskSession(
                    desk=desk,
                    start=start,
                    end=start + timedelta(hours=3),
                    closed_at=start + timedelta(hours=3, minutes=20),
                )
                weight = share * VISIT_GROWTH[day.year] * rng.uniform(0.6, 1.4)
                sessions.append((session, weight))
            day += timedelta(days=7)
    sessions.sort(key=lambda pair: (pair[0].start, pair[0].desk.slug))  # written day after day
    DeskSession.objects.bulk_create([session for session, _ in sessions], batch_size=10_000)
    counts = calls_demo.allocate(VISITS, {n: weight for n, (_, weight) in enumerate(sessions)})
    return [(session, count) for (session, _), count in zip(sessions, counts.values(), strict=True)]


ARRIVAL_COLUMNS = [
    "id",
    "session_id",
    "first_name",
    "language",
    "reason",
    "reason_note",
    "children",
    "interpreter_needed",
    "arrived_at",
    "status",
    "room",
    "interview_started_at",
    "ended_at",
    "call_back",
    "called_back_at",
    "version",
]


def _arrival_rows(sessions: list[tuple], rng: random.Random):
    encrypt_name = Arrival._meta.get_field("first_name").get_prep_value
    encrypt_note = Arrival._meta.get_field("reason_note").get_prep_value
    pick_status = picker(ARRIVAL_STATUSES, rng)
    reasons = [str(reason) for reason in Reason.values]
    cumulative = list(accumulate(REASON_WEIGHTS))
    for session, count in sessions:
        statuses = pick_status(count)
        for status, reason in zip(
            statuses, rng.choices(reasons, cum_weights=cumulative, k=count), strict=True
        ):
            arrived = session.start + timedelta(minutes=rng.randrange(120))
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(INITIALS)}."
            left = status == ArrivalStatus.LEFT
            interview = None if left else arrived + timedelta(minutes=rng.randrange(5, 90))
            ended = (
                arrived + timedelta(minutes=rng.randrange(30, 120))
                if left
                else interview + timedelta(minutes=rng.randrange(15, 60))
            )
            call_back = left and rng.random() < 0.5
            yield (
                _uuid(rng),
                session.pk,
                encrypt_name(name),
                rng.choice(VISIT_LANGUAGES),
                reason,
                encrypt_note(rng.choice(REASON_NOTES)),
                rng.choice((0, 0, 0, 1, 2)),
                rng.random() < 0.3,
                arrived,
                status,
                "",
                interview,
                ended,
                call_back,
                ended + timedelta(days=2) if call_back and rng.random() < 0.7 else None,
                1,
            )


# --- People, cases, contacts, decisions and deadlines -------------------------------------------


def _case_rows(groups: list, sizes: dict, rng: random.Random):
    """(person row, case row, case facts) for CASES cases over the groups, by size."""
    pick_group = picker({g.pk: sizes[g.slug] for g in groups}, rng)
    pick_topic = picker(CASE_TOPIC_WEIGHTS, rng)
    pick_outcome = picker(OUTCOME_WEIGHTS, rng)
    person_fields = Person._meta
    name = person_fields.get_field("name").get_prep_value
    nationalities = person_fields.get_field("nationalities").get_prep_value
    birth = person_fields.get_field("birth_date").get_prep_value
    first_day = FIRST_VISIT_DAY.toordinal()
    span = TODAY.toordinal() - first_day
    for organisation_id in pick_group(CASES):
        person_id, case_id = _uuid(rng), _uuid(rng)
        opened = date.fromordinal(first_day + rng.randrange(span))
        closed = opened + timedelta(days=rng.randrange(10, 400))
        is_closed = closed < TODAY and rng.random() < 0.85
        topics = json.dumps(sorted(set(pick_topic(rng.choice((1, 1, 1, 2))))))
        created = datetime.combine(opened, time(15), tzinfo=PARIS)
        person = (
            person_id,
            organisation_id,
            name(f"{rng.choice(FIRST_NAMES)} {rng.choice(INITIALS)}{rng.randrange(1000)}"),
            birth(date(1960 + rng.randrange(45), 1 + rng.randrange(12), 1 + rng.randrange(28))),
            nationalities(rng.choice((["ML"], ["DZ"], ["AF"], ["CD"], ["GN"], ["MA"], []))),
            json.dumps(rng.choice((["fr"], ["ar"], ["en"], ["fr", "ar"]))),
            created,
        )
        case = (
            case_id,
            organisation_id,
            person_id,
            topics,
            str(
                CaseStatus.CLOSED
                if is_closed
                else rng.choice((CaseStatus.OPEN, CaseStatus.WAITING))
            ),
            pick_outcome(1)[0] if is_closed else "",
            opened,
            closed if is_closed else None,
            created,
        )
        yield person, case, (case_id, opened, closed if is_closed else TODAY)


ENTRY_COLUMNS = [
    "id",
    "case_id",
    "kind",
    "occurred_at",
    "text",
    "channel",
    "duration_minutes",
    "decision_type",
    "decision_taken_on",
    "decision_notified_at",
    "notification_method",
    "created_at",
]
DEADLINE_COLUMNS = [
    "entry_id",
    "case_id",
    "rule_code",
    "rules_version",
    "safe_deadline",
    "legal_deadline",
    "explanation",
    "confidence",
    "status",
    "closed_on",
]


CONTACT, DECISION = str(EntryKind.CONTACT), str(EntryKind.DECISION)


def _entries(facts: list[tuple], rng: random.Random) -> tuple[list[tuple], list[tuple]]:
    """Contacts (1 to 6 per case) and, for DECISION_SHARE of the cases, a decision; in the
    order they happened. Returns the entry rows (without id) and the decisions' plans."""
    encrypt = Entry._meta.get_field("text").get_prep_value
    pick_channel = picker(CHANNEL_WEIGHTS, rng)
    methods = [str(method) for method in NotificationMethod.values]
    entries, plans = [], {}
    for case_id, first, last in facts:
        span = max(1, last.toordinal() - first.toordinal())
        for channel in pick_channel(rng.choice((1, 2, 2, 3, 3, 3, 4, 4, 5, 6))):
            day = date.fromordinal(first.toordinal() + rng.randrange(span))
            at = datetime.combine(day, time(9 + rng.randrange(9), rng.randrange(60)), tzinfo=PARIS)
            summary = encrypt(rng.choice(CONTACT_SUMMARIES))
            duration = rng.choice((None, 10, 20, 30, 45, 60))
            entries.append(
                (case_id, CONTACT, at, summary, channel, duration, "", None, None, "", at)
            )
        if rng.random() < DECISION_SHARE:
            kind, days, rule = rng.choice(DECISIONS)
            taken = date.fromordinal(first.toordinal() + rng.randrange(span))
            notified = datetime.combine(taken + timedelta(days=rng.randrange(1, 10)), time(10))
            notified = notified.replace(tzinfo=PARIS)
            row = (case_id, DECISION, notified, encrypt(""), "", None, str(kind), taken, notified,
                   rng.choice(methods), notified)  # fmt: skip
            entries.append(row)
            plans[case_id] = (days, rule)  # one decision per case at most
    entries.sort(key=lambda row: row[2])
    return entries, plans


def _deadline_rows(entries: list[tuple], plans: dict, first_id: int, rng: random.Random):
    """The appeal deadline of each decision: met, missed (filed late, or left open), no appeal."""
    pick_outcome = picker(DEADLINE_OUTCOMES, rng)
    for number, row in enumerate(entries, start=first_id):
        if row[1] != DECISION:
            continue
        days, rule = plans[row[0]]
        notified = row[2]
        legal = datetime.combine((notified + timedelta(days=days)).date(), time(23, 59))
        legal = legal.replace(tzinfo=PARIS)
        status = pick_outcome(1)[0] if legal < NOW else str(DeadlineStatus.OPEN)
        closed = None
        if status != DeadlineStatus.OPEN:
            late = rng.random() < 0.07  # filed after the legal date: a missed deadline
            offset = rng.randrange(1, 10) if late else -rng.randrange(0, days)
            closed = legal.date() + timedelta(days=offset)
        yield (number, row[0], rule, "2026.1", legal - timedelta(days=3), legal,
               f"{days} jours à compter de la notification.", str(Confidence.HIGH), status,
               closed)  # fmt: skip


CASE_COLUMNS = [
    "id",
    "organisation_id",
    "person_id",
    "topics",
    "status",
    "outcome",
    "opened_on",
    "closed_on",
    "created_at",
]


def _case_work(orgs: dict, rng: random.Random, progress) -> dict:
    rows = sorted(_case_rows(orgs["groups"], orgs["sizes"], rng), key=lambda row: row[2][1])
    people = [person for person, _case, _fact in rows]
    copy_rows(
        Person,
        ["id", "organisation_id", "name", "birth_date", "nationalities", "languages", "created_at"],
        people,
    )
    copy_rows(Case, CASE_COLUMNS, [case for _person, case, _fact in rows])
    progress(f"case work: {len(rows):,} people and cases")
    entries, plans = _entries([fact for _person, _case, fact in rows], rng)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM cases_entry")
        first_id = cursor.fetchone()[0]
        numbered = ((number, *row) for number, row in enumerate(entries, start=first_id))
        copy_rows(Entry, ENTRY_COLUMNS, numbered)
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('cases_entry', 'id'), %s)",
            [first_id + len(entries) - 1],
        )
    deadlines = copy_rows(Deadline, DEADLINE_COLUMNS, _deadline_rows(entries, plans, first_id, rng))
    progress(f"case work: {len(entries) - len(plans):,} contacts, {deadlines:,} decisions")
    return {
        "people": len(people),
        "cases": len(rows),
        "contacts": len(entries) - len(plans),
        "deadlines": deadlines,
    }


# --- Entry point --------------------------------------------------------------------------------


def generate(progress: Callable[[str], None] = print) -> dict:
    """Write everything; return the counts and the accounts and organisations the bench uses."""
    rng = random.Random(SEED)
    with transaction.atomic():
        orgs = _organisations()
        accounts = _accounts(orgs)
        desks = _desks(orgs)
        sessions = _sessions(desks, rng)
    progress(f"{len(orgs['groups'])} groups, {len(desks)} desks, {len(sessions):,} sessions")
    with transaction.atomic():
        calls = _call_sheets(orgs["helplines"], rng, progress)
    with transaction.atomic():
        arrivals = copy_rows(Arrival, ARRIVAL_COLUMNS, _arrival_rows(sessions, rng))
    progress(f"visits: {arrivals:,} arrivals")
    with transaction.atomic():
        work = _case_work(orgs, rng, progress)
    region = orgs["regions"][SHOWCASE_REGION]
    group = next(g for g in orgs["groups"] if g.name.endswith(f" {SHOWCASE_GROUP}"))
    return {
        "counts": {
            "groups": len(orgs["groups"]),
            "regions": len(orgs["regions"]),
            "desks": len(desks),
            "sessions": len(sessions),
            "call sheets": calls,
            "arrivals": arrivals,
            **work,
            "accounts": accounts.pop("count"),
        },
        "accounts": accounts,
        "network": orgs["network"],
        "region": region,
        "group": group,
        "helpline": orgs["helplines"][HELPLINE_SLUG],
    }
