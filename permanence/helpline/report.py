"""The yearly activity report of a helpline, as its funders ask for it (seed 003: Info Migrants).

``build_report`` counts the year's call sheets in two grouped queries and returns French
sentences ("En 2020, le service a traité 6 461 appels. 10,56 % des appels proviennent de Paris,
soit 682…"), tables of breakdowns and the budget. ``exports.py`` writes it as text, PDF, XLSX
or ODS.

Shares are of the calls with data (calls without object are counted apart); the breakdown
sentences are about the funder's département (``ReportBudget.focus_departement``, Paris by
default) and the tables give every call, with that département's column beside.
"""

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import BooleanField, Count, ExpressionWrapper, Q
from django.utils import translation
from django.utils.text import capfirst

from permanence.helpline import frformat as fr
from permanence.helpline import territory
from permanence.helpline.models import BudgetLineKind, CallSheet, ReportBudget
from permanence.helpline.vocab import (
    PUBLIC_BODIES,
    REGION_FROM,
    CallerGender,
    CallerType,
    OriginRegion,
    ProfessionalKind,
    Topic,
)
from permanence.orgs.models import Organisation

TOP_DEPARTEMENTS = 10
NAMED_AHEAD = 5  # "derrière la Seine-Saint-Denis et le Val-de-Marne": up to five names

TOPIC_PHRASES = {
    Topic.ENTRY: "l’entrée en France",
    Topic.RESIDENCE: "le séjour",
    Topic.SOCIAL_RIGHTS: "les droits sociaux",
    Topic.FAMILY: "la famille",
    Topic.ASYLUM: "l’asile",
    Topic.NATIONALITY: "la nationalité",
    Topic.REMOVAL: "l’éloignement",
    Topic.HEALTH: "la santé",
    Topic.WORK: "le travail",
}


class Percent(float):
    """A share of 1, written "10,56 %" in text and as a percentage in spreadsheets."""


@dataclass
class Table:
    """A breakdown: ``columns`` then ``rows`` of str, int, Percent or Decimal (euros) cells."""

    key: str
    title: str
    columns: list[str]
    rows: list[list]
    note: str = ""
    chart: list[tuple[str, float]] = field(default_factory=list)  # (label, share) to draw


@dataclass
class ActivityReport:
    organisation: Organisation
    year: int
    total: int
    non_data: int
    focus: str  # département code, or ""
    paragraphs: list[str]
    tables: list[Table]
    budget_paragraphs: list[str]
    budget_tables: list[Table]

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs + self.budget_paragraphs)

    @property
    def all_tables(self) -> list[Table]:
        return self.tables + self.budget_tables


@dataclass
class _Scope:
    """The counters of one set of calls (every call, or one département's)."""

    total: int = 0
    caller_types: Counter = field(default_factory=Counter)
    genders: Counter = field(default_factory=Counter)
    kinds: Counter = field(default_factory=Counter)
    regions: Counter = field(default_factory=Counter)
    topics: Counter = field(default_factory=Counter)
    departements: Counter = field(default_factory=Counter)

    def add_callers(self, caller_type, gender, kind, departement, calls: int) -> None:
        self.total += calls
        self.caller_types[caller_type] += calls
        if caller_type == CallerType.INDIVIDUAL:
            self.genders[gender or CallerGender.UNKNOWN] += calls
        elif caller_type == CallerType.PROFESSIONAL:
            self.kinds[kind] += calls
        self.departements[departement] += calls

    def add_subjects(self, region, topics, calls: int) -> None:
        self.regions[region or OriginRegion.UNKNOWN] += calls
        for code in set(topics or ()):
            self.topics[code] += calls


def _count(organisation: Organisation, year: int, focus: str) -> tuple[_Scope, _Scope, int]:
    """Two grouped queries over the year's sheets (a few hundred groups each, never a row per
    call): who called and from where, then origins and topics, in or out of the focus."""
    every, local, non_data = _Scope(), _Scope(), 0
    sheets = CallSheet.objects.filter(organisation=organisation).of_year(year).order_by()
    callers = ("caller_type", "caller_gender", "professional_kind", "departement")
    for row in sheets.values("non_data", *callers).annotate(calls=Count("pk")):
        if row["non_data"]:
            non_data += row["calls"]
            continue
        values = [row[name] for name in callers]
        every.add_callers(*values, row["calls"])
        if focus and row["departement"] == focus:
            local.add_callers(*values, row["calls"])
    subjects = (
        sheets.filter(non_data=False)
        .annotate(in_focus=ExpressionWrapper(Q(departement=focus), output_field=BooleanField()))
        .values("in_focus", "origin_region", "topics")
        .annotate(calls=Count("pk"))
        .order_by("in_focus", "origin_region", "topics")
    )
    for row in subjects:
        every.add_subjects(row["origin_region"], row["topics"], row["calls"])
        if focus and row["in_focus"]:
            local.add_subjects(row["origin_region"], row["topics"], row["calls"])
    return every, local, non_data


def _join(parts: list[str]) -> str:
    """['a', 'b', 'c'] → 'a, b et c'."""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " et " + parts[-1]


def _pct(part: int, whole: int, places: int = 0) -> str:
    return fr.percent(fr.share(part, whole), places)


# --- Sentences ----------------------------------------------------------------------------------


def _headline(year: int, every: _Scope, non_data: int) -> str:
    calls = "appel" if every.total <= 1 else "appels"  # French: "0 appel", "1 appel"
    text = f"En {year}, le service a traité {fr.number(every.total)} {calls}."
    if non_data:
        text += (
            f" S’y ajoutent {fr.number(non_data)} appel{'s' if non_data > 1 else ''} sans objet"
            " (silences, erreurs de numéro)."
        )
    return text


def _focus_sentences(every: _Scope, focus: str) -> str:
    name = territory.departement_name(focus)
    count = every.departements[focus]
    text = (
        f"{_pct(count, every.total, 2)} des appels proviennent {territory.with_de(name)}, "
        f"soit {fr.number(count)}."
    )
    if not count:
        return text
    ranking = sorted(
        ((n, code) for code, n in every.departements.items() if code), key=lambda p: (-p[0], p[1])
    )
    ahead = [code for n, code in ranking if n > count]
    subject = capfirst(territory.with_article(name))
    place = f"la {fr.ordinal_feminine(len(ahead) + 1)} zone d’appel"
    if not ahead:
        return f"{text} Tous départements confondus, {subject} est {place}."
    names = [territory.with_article(territory.departement_name(c)) for c in ahead]
    if len(ahead) > NAMED_AHEAD:
        behind = f"{fr.number(len(ahead))} autres départements, dont {_join(names[:3])}"
    else:
        behind = _join(names)
    return f"{text} Tous départements confondus, {subject} est {place} derrière {behind}."


def _breakdown_sentences(scope: _Scope, focus: str) -> list[str]:
    sentences = []
    individuals = scope.caller_types[CallerType.INDIVIDUAL]
    professionals = scope.caller_types[CallerType.PROFESSIONAL]
    if focus:
        opening = "En ce qui concerne l’origine des appels pour " + territory.with_article(
            territory.departement_name(focus)
        )
        sentences.append(
            f"{opening}, {_pct(individuals, scope.total)} des appelants sont des particuliers."
        )
    else:
        sentences.append(
            f"{capfirst(_pct(individuals, scope.total))} des appelants sont des particuliers."
        )
    if professionals:
        bodies = sum(scope.kinds[k] for k in PUBLIC_BODIES)
        dept = _pct(scope.kinds[ProfessionalKind.DEPARTEMENT_CASVP], professionals, 2)
        health = _pct(scope.kinds[ProfessionalKind.HEALTH_SOCIAL], professionals, 2)
        parts = [
            f"{_pct(bodies, professionals)} émanent d’organismes (dont {dept} du département et "
            f"du CASVP et {health} du secteur hospitalier et médico-social)",
            f"{_pct(scope.kinds[ProfessionalKind.ASSOCIATION], professionals)} d’associations",
        ]
        if lawyers := scope.kinds[ProfessionalKind.LAWYER]:
            parts.append(f"{_pct(lawyers, professionals)} d’avocats")
        sentences.append(f"S’agissant des appelants professionnels, {_join(parts)}.")
    if individuals:
        genders = [
            f"{_pct(scope.genders[CallerGender.MAN], individuals)} des appelants sont des hommes",
            f"{_pct(scope.genders[CallerGender.WOMAN], individuals)} des femmes",
            f"{_pct(scope.genders[CallerGender.COUPLE], individuals)} de couples",
        ]
        sentences.append(f"Concernant les particuliers, {_join(genders)}.")
    regions = [
        (_pct(n, scope.total), REGION_FROM[OriginRegion(code)])
        for code, n in scope.regions.most_common()
        if code != OriginRegion.UNKNOWN and n
    ]
    if regions:
        (first, origin), *others = regions
        parts = [f"{first} des appels émanaient de personnes originaires {origin}"]
        parts += [f"{share} {origin}" for share, origin in others]
        sentences.append(_join(parts) + ".")
    topics = [
        f"{TOPIC_PHRASES[Topic(code)]} ({_pct(n, scope.total)})"
        for code, n in scope.topics.most_common()
        if code in TOPIC_PHRASES
    ][:3]
    if topics:
        sentences.append(f"Les questions portaient d’abord sur {_join(topics)}.")
    return sentences


# --- Tables -------------------------------------------------------------------------------------


def _breakdown(
    key: str,
    title: str,
    choices,
    every: Counter,
    local: Counter | None,
    focus_name: str,
    *,
    first_column: str,
    order: list,
    note: str = "",
    wholes: tuple[int, int] | None = None,
) -> Table:
    """One row per code of ``order``: calls and share, overall then in the focus département."""
    whole, local_whole = wholes or (sum(every.values()), sum((local or Counter()).values()))
    columns = [first_column, "Appels", "%"]
    if local is not None:
        columns += [f"Appels ({focus_name})", f"% ({focus_name})"]
    rows, chart = [], []
    labels = dict(choices.choices)
    for code in order:
        label = str(labels.get(code, code))
        row = [label, every[code], Percent(fr.share(every[code], whole))]
        if local is not None:
            row += [local[code], Percent(fr.share(local[code], local_whole))]
        rows.append(row)
        chart.append((label, fr.share(every[code], whole)))
    return Table(key=key, title=title, columns=columns, rows=rows, note=note, chart=chart)


def _tables(every: _Scope, local: _Scope | None, focus: str) -> list[Table]:
    name = territory.departement_name(focus) if focus else ""
    loc = local if local is not None and focus else None

    def pick(attr):
        return getattr(loc, attr) if loc is not None else None

    region_order = [c for c, _n in every.regions.most_common() if c != OriginRegion.UNKNOWN]
    if every.regions[OriginRegion.UNKNOWN]:
        region_order.append(OriginRegion.UNKNOWN)
    topic_order = [code for code, _n in every.topics.most_common()]
    return [
        _breakdown(
            "appelants",
            "Appelants",
            CallerType,
            every.caller_types,
            pick("caller_types"),
            name,
            first_column="Type d’appelant",
            order=list(CallerType.values),
        ),
        _breakdown(
            "professionnels",
            "Professionnels",
            ProfessionalKind,
            every.kinds,
            pick("kinds"),
            name,
            first_column="Type de professionnel",
            order=list(ProfessionalKind.values),
            note="En % des appels de professionnels.",
        ),
        _breakdown(
            "particuliers",
            "Particuliers",
            CallerGender,
            every.genders,
            pick("genders"),
            name,
            first_column="Particulier",
            order=list(CallerGender.values),
            note="En % des appels de particuliers.",
        ),
        _breakdown(
            "origines",
            "Régions d’origine",
            OriginRegion,
            every.regions,
            pick("regions"),
            name,
            first_column="Région d’origine",
            order=region_order,
        ),
        _breakdown(
            "themes",
            "Thèmes",
            Topic,
            every.topics,
            pick("topics"),
            name,
            first_column="Thème",
            order=topic_order,
            note="Un appel peut porter sur plusieurs thèmes : en % des appels.",
            wholes=(every.total, loc.total if loc is not None else 0),
        ),
        _departements_table(every),
    ]


def _departements_table(every: _Scope) -> Table:
    ranked = sorted(
        ((n, code) for code, n in every.departements.items() if code), key=lambda p: (-p[0], p[1])
    )
    rows, chart = [], []
    for n, code in ranked[:TOP_DEPARTEMENTS]:
        label = f"{territory.departement_name(code)} ({code})"
        rows.append([label, n, Percent(fr.share(n, every.total))])
        chart.append((label, fr.share(n, every.total)))
    others = sum(n for n, _code in ranked[TOP_DEPARTEMENTS:])
    if others:
        rows.append(["Autres départements", others, Percent(fr.share(others, every.total))])
    if unknown := every.departements[""]:
        rows.append(["Non renseigné", unknown, Percent(fr.share(unknown, every.total))])
    return Table(
        key="departements",
        title="Départements d’appel",
        columns=["Département", "Appels", "%"],
        rows=rows,
        chart=chart,
    )


# --- Budget -------------------------------------------------------------------------------------


def _budget(budget: ReportBudget | None) -> tuple[list[str], list[Table]]:
    if budget is None:
        return [], []
    lines = list(budget.lines.all())
    tables, totals = [], {}
    for kind, title in ((BudgetLineKind.EXPENSE, "Dépenses"), (BudgetLineKind.INCOME, "Recettes")):
        chosen = [line for line in lines if line.kind == kind]
        totals[kind] = sum((line.amount for line in chosen), Decimal(0))
        rows = [[line.category, line.amount] for line in chosen] + [["Total", totals[kind]]]
        tables.append(
            Table(
                key=f"budget_{kind}",
                title=f"Budget : {title.lower()}",
                columns=["Poste", "Montant (€)"],
                rows=rows,
            )
        )
    sentences = []
    cost = totals[BudgetLineKind.EXPENSE]
    if cost:
        sentences.append(f"Budget prévisionnel de l’action : {fr.euros(cost)}.")
    if budget.funder:
        sentences.append(f"Financeur sollicité : {budget.funder}.")
    if budget.requested_amount is not None:
        text = f"Montant sollicité : {fr.euros(budget.requested_amount)}"
        if cost:
            text += f" (soit {fr.percent(float(budget.requested_amount / cost))} du coût total du "
            text += "projet)"
        sentences.append(text + ".")
    return [" ".join(sentences)] if sentences else [], tables


# --- Entry point --------------------------------------------------------------------------------


def default_focus(organisation: Organisation) -> str:
    """Without a budget, the département of the organisation's first place, or Paris."""
    place = organisation.places.order_by("pk").first()
    return place.departement if place and place.departement else "75"


def build_report(*, organisation: Organisation, year: int) -> ActivityReport:
    """The figures, sentences and tables of ``organisation``'s calls in ``year`` (in French)."""
    budget = (
        ReportBudget.objects.filter(organisation=organisation, year=year)
        .prefetch_related("lines")
        .first()
    )
    focus = budget.focus_departement if budget else default_focus(organisation)
    with translation.override("fr"):
        every, local, non_data = _count(organisation, year, focus)
        paragraphs = [_headline(year, every, non_data)]
        if every.departements[focus] and focus:
            paragraphs[0] += " " + _focus_sentences(every, focus)
        if every.total:
            use_focus = bool(focus and local.total)
            paragraphs.append(
                " ".join(
                    _breakdown_sentences(local if use_focus else every, focus if use_focus else "")
                )
            )
        tables = _tables(every, local, focus) if every.total else []
        budget_paragraphs, budget_tables = _budget(budget)
    return ActivityReport(
        organisation=organisation,
        year=year,
        total=every.total,
        non_data=non_data,
        focus=focus,
        paragraphs=paragraphs,
        tables=tables,
        budget_paragraphs=budget_paragraphs,
        budget_tables=budget_tables,
    )
