"""A year of fictional call sheets shaped like the Info Migrants report of seed 003.

``seed_call_sheets(organisation, 2020)`` writes 6,461 sheets: 10.56 % from Paris (682), the
Seine-Saint-Denis and the Val-de-Marne ahead of it; among the callers of each département 60 %
individuals (men 44 %, women 49 %, couples 7 %) and 40 % professionals (44.75 % from the
département and the CASVP, 14.36 % health and social sector, 30 % associations); origins 45 %
Africa, 23 % Maghreb, 7 % Latin America… Shares are met exactly (largest remainders), the rest
is drawn from ``random.Random(seed)``. Both functions do nothing when the year already has data.
"""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import holidays
from django.db import transaction

from permanence.helpline.models import (
    PARIS,
    BudgetLine,
    BudgetLineKind,
    CallSheet,
    ReportBudget,
)
from permanence.helpline.vocab import (
    Answer,
    CallerGender,
    CallerType,
    OriginRegion,
    ProfessionalKind,
    Topic,
)

SEED_TOTAL = 6461
SEED_PARIS = 682
# Shares of the calls that are not from Paris (the rest of the country shares what is left).
DEPARTEMENT_SHARES = {
    "93": 0.20,
    "94": 0.14,
    "92": 0.08,
    "95": 0.07,
    "91": 0.06,
    "77": 0.05,
    "78": 0.04,
    "59": 0.015,
    "69": 0.015,
    "13": 0.015,
    "60": 0.01,
    "45": 0.01,
    "33": 0.008,
    "31": 0.008,
    "44": 0.008,
    "67": 0.008,
    "06": 0.006,
    "34": 0.006,
    "35": 0.006,
    "38": 0.006,
    "76": 0.006,
    "": 0.03,
}
CALLER_TYPES = {CallerType.INDIVIDUAL: 0.60, CallerType.PROFESSIONAL: 0.40}
GENDERS = {CallerGender.MAN: 0.44, CallerGender.WOMAN: 0.49, CallerGender.COUPLE: 0.07}
KINDS = {
    ProfessionalKind.DEPARTEMENT_CASVP: 0.4475,
    ProfessionalKind.HEALTH_SOCIAL: 0.1436,
    ProfessionalKind.OTHER_BODY: 0.1089,
    ProfessionalKind.ASSOCIATION: 0.30,
}
REGIONS = {
    OriginRegion.AFRICA: 0.45,
    OriginRegion.MAGHREB: 0.23,
    OriginRegion.LATIN_AMERICA: 0.07,
    OriginRegion.EUROPE_EU: 0.06,
    OriginRegion.ASIA: 0.04,
    OriginRegion.EUROPE_NON_EU: 0.04,
    OriginRegion.MIDDLE_EAST: 0.03,
    OriginRegion.NORTH_AMERICA: 0.03,
    OriginRegion.OCEANIA: 0.03,
    OriginRegion.UNKNOWN: 0.02,
}
TOPIC_WEIGHTS = {
    Topic.RESIDENCE: 40,
    Topic.SOCIAL_RIGHTS: 14,
    Topic.FAMILY: 12,
    Topic.ENTRY: 8,
    Topic.NATIONALITY: 7,
    Topic.ASYLUM: 6,
    Topic.REMOVAL: 5,
    Topic.WORK: 4,
    Topic.HEALTH: 3,
    Topic.OTHER: 1,
}
LANGUAGE_WEIGHTS = {"fr": 80, "ar": 8, "en": 6, "es": 3, "pt": 2, "ru": 1}
ANSWER_WEIGHTS = {Answer.INFORMATION: 80, Answer.REFERRED: 15, Answer.CALL_BACK: 5}
OPENING_HOURS = [(9, 13), (14, 16)]  # Monday to Friday, as the seed's helpline

# The 2022 budget of the action in seed 003 (190,700 €, 34,000 € asked of the Ville de Paris).
SEED_BUDGET = [
    (BudgetLineKind.EXPENSE, "Achats", 3000),
    (BudgetLineKind.EXPENSE, "Services extérieurs", 4000),
    (BudgetLineKind.EXPENSE, "Autres services extérieurs", 2700),
    (BudgetLineKind.EXPENSE, "Impôts et taxes", 11000),
    (BudgetLineKind.EXPENSE, "Charges de personnel", 170000),
    (BudgetLineKind.INCOME, "Ville de Paris", 34000),
    (BudgetLineKind.INCOME, "Prestations de services", 156500),
    (BudgetLineKind.INCOME, "Cotisations", 200),
]


def allocate(total: int, shares: dict) -> dict:
    """Whole counts proportional to ``shares`` that add up to ``total`` (largest remainders)."""
    weight = sum(shares.values())
    exact = {key: total * share / weight for key, share in shares.items()}
    counts = {key: int(value) for key, value in exact.items()}
    by_remainder = sorted(exact, key=lambda key: exact[key] - counts[key], reverse=True)
    for key in by_remainder[: total - sum(counts.values())]:
        counts[key] += 1
    return counts


def _deck(total: int, shares: dict, rng: random.Random) -> list:
    deck = [key for key, count in allocate(total, shares).items() for _ in range(count)]
    rng.shuffle(deck)
    return deck


def _opening_slots(year: int) -> list[date]:
    closed = holidays.France(years=year)
    day, days = date(year, 1, 1), []
    while day.year == year:
        if day.weekday() < 5 and day not in closed:
            days.append(day)
        day += timedelta(days=1)
    return days


def _called_at(days: list[date], rng: random.Random) -> datetime:
    start, end = rng.choice(OPENING_HOURS)
    minute = rng.randrange((end - start) * 60)
    moment = time(start + minute // 60, minute % 60)
    return datetime.combine(rng.choice(days), moment, tzinfo=PARIS)


def _pick(weights: dict, rng: random.Random):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _sheets_of(departement: str, count: int, *, organisation, days, rng) -> list[CallSheet]:
    types = _deck(count, CALLER_TYPES, rng)
    individuals = types.count(CallerType.INDIVIDUAL)
    genders = iter(_deck(individuals, GENDERS, rng))
    kinds = iter(_deck(count - individuals, KINDS, rng))
    regions = _deck(count, REGIONS, rng)
    sheets = []
    for caller_type, region in zip(types, regions, strict=True):
        topics = {_pick(TOPIC_WEIGHTS, rng) for _ in range(rng.choice((1, 1, 2)))}
        answer = _pick(ANSWER_WEIGHTS, rng)
        sheets.append(
            CallSheet(
                organisation=organisation,
                called_at=_called_at(days, rng),
                duration_minutes=rng.randint(3, 25),
                caller_type=caller_type,
                caller_gender=next(genders) if caller_type == CallerType.INDIVIDUAL else "",
                professional_kind=next(kinds) if caller_type == CallerType.PROFESSIONAL else "",
                departement=departement,
                origin_region=region,
                topics=sorted(topics),
                language=_pick(LANGUAGE_WEIGHTS, rng),
                answer=answer,
                referral="Permanence juridique partenaire" if answer == Answer.REFERRED else "",
            )
        )
    return sheets


@transaction.atomic
def seed_call_sheets(
    organisation,
    year: int,
    *,
    seed: int = 2020,
    total: int = SEED_TOTAL,
    paris: int = SEED_PARIS,
    non_data: int = 120,
) -> int:
    """Write a year of sheets (``total`` calls with data, ``paris`` of them from Paris, and
    ``non_data`` calls without object); returns how many were written (0 if there were some)."""
    existing = CallSheet.objects.filter(organisation=organisation).of_year(year)
    if existing.exists():
        return 0
    rng = random.Random(seed)
    days = _opening_slots(year)
    per_departement = {"75": paris, **allocate(total - paris, DEPARTEMENT_SHARES)}
    sheets = []
    for departement, count in per_departement.items():
        sheets += _sheets_of(departement, count, organisation=organisation, days=days, rng=rng)
    sheets += [
        CallSheet(organisation=organisation, called_at=_called_at(days, rng), non_data=True)
        for _ in range(non_data)
    ]
    CallSheet.objects.bulk_create(sheets, batch_size=5_000)
    return len(sheets)


@transaction.atomic
def seed_report_budget(organisation, year: int) -> ReportBudget:
    """The budget of seed 003 for ``year`` (kept as it is when one exists)."""
    budget, created = ReportBudget.objects.get_or_create(
        organisation=organisation,
        year=year,
        defaults={
            "funder": "Ville de Paris",
            "requested_amount": Decimal(34000),
            "focus_departement": "75",
        },
    )
    if created:
        BudgetLine.objects.bulk_create(
            BudgetLine(budget=budget, kind=kind, category=category, amount=Decimal(amount))
            for kind, category, amount in SEED_BUDGET
        )
    return budget
