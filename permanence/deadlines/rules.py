"""Appeal-deadline rules: loading and validating the versioned data file ``rules.json``.

The file holds facts taken from the project's legal reference note (sources, confidence and the
date each rule was last verified travel with the rule). This module turns it into frozen
:class:`Rule` objects, refusing anything doubtful with a French message that names the rule and
the field, and finds the rule for a decision: :func:`find_rule`.

Rules marked ``"unverified"`` are refused: unverified facts are listed as known gaps in
``docs/deadlines.md``, never shipped. Rules marked ``"low"`` must carry a ``warning_fr`` starting
with « À vérifier avec un·e juriste » (the engine then sets ``needs_check``).

Legal referents will correct rules in the interface later: a correction is a whole rule stored as
a ``RuleRevision`` (``models.py``) and validated here with :func:`parse_rule`; the set of rules in
force is checked again as a whole (:meth:`RuleSet.with_overrides`), so that two rules never match
the same decision.
"""

import functools
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Final

from permanence.cases.vocab import DecisionType

__all__ = [
    "CONFIDENCES",
    "EXTRA_DECISIONS",
    "REFORM_DATE",
    "RULES_PATH",
    "Duration",
    "NoRule",
    "Rule",
    "RuleSet",
    "RulesError",
    "decision_label",
    "default_rules",
    "find_rule",
    "load_rules",
    "parse_rule",
    "parse_ruleset",
]

RULES_PATH: Final = Path(__file__).with_name("rules.json")

# Law n° 2024-42: its deadlines apply to decisions TAKEN on or after this day.
REFORM_DATE: Final = date(2024, 7, 15)

REGIMES: Final = ("before-2024-07-15", "from-2024-07-15", "any")
UNITS: Final = ("months", "days", "hours")
COUNTINGS: Final = ("franc", "non-franc", "hours")
STARTS: Final = ("notification", "filing")
CONFIDENCES: Final = ("high", "medium", "low", "unverified")
# The values of ``cases.models.PersonSituation`` (a test keeps them equal), kept here so that this
# module and the engine need no model import.
SITUATION_LABELS: Final[Mapping[str, str]] = {
    "free": "libre",
    "house-arrest": "assignée à résidence",
    "prison": "en prison",
    "retention": "en rétention",
}
SITUATIONS: Final = tuple(SITUATION_LABELS)

# Decisions that the cases vocabulary does not list (none at the moment).
EXTRA_DECISIONS: Final[Mapping[str, str]] = {}
DECISIONS: Final = tuple(dict.fromkeys((*DecisionType.values, *EXTRA_DECISIONS)))

# A recours gracieux never extends these deadlines (reference, §2): saying otherwise to a
# volunteer could make a person miss the appeal.
NO_GRACIEUX_DECISIONS: Final = frozenset(
    {
        "oqtf",
        "dublin-transfer",
        "ofpra-rejection",
        "cnda-rejection",
        "irtf-extension",
        "house-arrest",
        "retention-placement",
    }
)

LOW_WARNING_PREFIX: Final = "À vérifier avec un·e juriste"

_CODE_RE: Final = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_URL_RE: Final = re.compile(r"^https?://\S+$")

_REQUIRED: Final = (
    "code",
    "decision",
    "situations",
    "regime",
    "duration",
    "counting",
    "extend_to_working_day",
    "starts",
    "where",
    "suspensive",
    "gracieux_extends",
    "legal_aid",
    "overseas_extra",
    "articles",
    "sources",
    "confidence",
    "last_verified",
    "notes_fr",
    "notes_en",
)
_OPTIONAL: Final = ("implicit_after", "warning_fr", "warning_en")
_TOP_LEVEL: Final = ("version", "verified_on", "notes_fr", "rules")


class RulesError(ValueError):
    """The rules data is invalid. The message is in French and names the rule and the field."""


class NoRule(LookupError):
    """No rule covers this decision. The message (French) says what to do instead."""


@dataclass(frozen=True, slots=True)
class Duration:
    value: int
    unit: str

    def fr(self) -> str:
        if self.unit == "months":
            return f"{self.value} mois"
        word = "jour" if self.unit == "days" else "heure"
        return f"{self.value} {word}{'s' if self.value > 1 else ''}"

    def en(self) -> str:
        word = {"months": "month", "days": "day", "hours": "hour"}[self.unit]
        return f"{self.value} {word}{'s' if self.value > 1 else ''}"

    def as_dict(self) -> dict[str, Any]:
        return {"value": self.value, "unit": self.unit}


@dataclass(frozen=True, kw_only=True, slots=True)
class Rule:
    """One deadline rule. Field meanings: ``docs/deadlines.md``."""

    code: str
    decision: str
    situations: tuple[str, ...]
    regime: str
    duration: Duration
    counting: str
    extend_to_working_day: bool
    starts: str
    where: str
    suspensive: bool | None
    gracieux_extends: bool
    legal_aid: str
    overseas_extra: Duration | None
    articles: tuple[str, ...]
    sources: tuple[str, ...]
    confidence: str
    last_verified: date
    notes_fr: str
    notes_en: str
    implicit_after: Duration | None = None
    warning_fr: str = ""
    warning_en: str = ""
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def hourly(self) -> bool:
        """Counted hour by hour: the result is an aware datetime, not a date."""
        return self.counting == "hours"

    @property
    def needs_check(self) -> bool:
        return self.confidence in ("low", "unverified")

    def covers_regime(self, taken_on: date) -> bool:
        if self.regime == "before-2024-07-15":
            return taken_on < REFORM_DATE
        if self.regime == "from-2024-07-15":
            return taken_on >= REFORM_DATE
        return True

    def matches(self, decision: str, situation: str, taken_on: date) -> bool:
        return (
            self.decision == decision
            and situation in self.situations
            and self.covers_regime(taken_on)
        )

    def as_dict(self) -> dict[str, Any]:
        """The rule as in the data file (what a revision stores and ``rules --format json``
        prints)."""
        return json.loads(json.dumps(self.raw))


@dataclass(frozen=True, slots=True)
class RuleSet:
    version: str
    verified_on: date
    rules: tuple[Rule, ...]

    def __post_init__(self) -> None:
        _check_set(self.rules)

    def __iter__(self):
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def get(self, code: str) -> Rule:
        for rule in self.rules:
            if rule.code == code:
                return rule
        raise NoRule(f"Aucune règle de délai ne porte le code « {code} ».")

    def with_overrides(self, overrides: Iterable[Rule], *, version: str | None = None) -> "RuleSet":
        """This set with some rules replaced (same code) or added; the result is validated."""
        replaced = {rule.code: rule for rule in overrides}
        rules = [replaced.pop(rule.code, rule) for rule in self.rules]
        rules.extend(replaced.values())
        return RuleSet(version or self.version, self.verified_on, tuple(rules))

    def find(self, decision: str, situation: str | None, taken_on: date) -> Rule:
        return find_rule(decision, situation, taken_on, rules=self)


# --- Validation.


def _where(code: str, name: str) -> str:
    return f"Règle « {code} », champ « {name} »"


def _fail(code: str, name: str, problem: str) -> RulesError:
    return RulesError(f"{_where(code, name)} : {problem}")


def _text(data: Mapping[str, Any], code: str, name: str, *, required: bool = True) -> str:
    value = data.get(name, "")
    if not isinstance(value, str):
        raise _fail(code, name, "un texte est attendu.")
    if required and not value.strip():
        raise _fail(code, name, "ne doit pas être vide.")
    return value.strip()


def _choice(data: Mapping[str, Any], code: str, name: str, choices: Iterable[str]) -> str:
    value = data.get(name)
    choices = tuple(choices)
    if value not in choices:
        allowed = ", ".join(f"« {c} »" for c in choices)
        raise _fail(code, name, f"valeur {value!r} inconnue ; valeurs possibles : {allowed}.")
    return value


def _bool(data: Mapping[str, Any], code: str, name: str, *, nullable: bool = False) -> bool | None:
    value = data.get(name)
    if value is None and nullable:
        return None
    if not isinstance(value, bool):
        expected = "true, false ou null" if nullable else "true ou false"
        raise _fail(code, name, f"{expected} est attendu, pas {value!r}.")
    return value


def _date(value: Any, code: str, name: str) -> date:
    if not isinstance(value, str):
        raise _fail(code, name, "une date AAAA-MM-JJ est attendue.")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _fail(code, name, f"date {value!r} invalide (format AAAA-MM-JJ).") from None


def _duration(
    value: Any, code: str, name: str, *, units: Iterable[str] = UNITS, nullable: bool = False
) -> Duration | None:
    if value is None and nullable:
        return None
    if not isinstance(value, Mapping) or set(value) != {"value", "unit"}:
        raise _fail(code, name, 'un objet {"value": n, "unit": "months|days|hours"} est attendu.')
    amount, unit = value["value"], value["unit"]
    if isinstance(amount, bool) or not isinstance(amount, int) or not 0 < amount <= 1000:
        raise _fail(code, f"{name}.value", f"un entier positif est attendu, pas {amount!r}.")
    units = tuple(units)
    if unit not in units:
        raise _fail(code, f"{name}.unit", f"unité {unit!r} impossible ici ({', '.join(units)}).")
    return Duration(amount, unit)


def _strings(data: Mapping[str, Any], code: str, name: str) -> tuple[str, ...]:
    value = data.get(name)
    if not isinstance(value, list) or not value:
        raise _fail(code, name, "une liste non vide est attendue.")
    if not all(isinstance(item, str) and item.strip() for item in value):
        raise _fail(code, name, "chaque élément doit être un texte non vide.")
    if len(set(value)) != len(value):
        raise _fail(code, name, "la liste contient des doublons.")
    return tuple(item.strip() for item in value)


def parse_rule(data: Any, *, position: int | None = None) -> Rule:
    """Validate one rule (a mapping as in ``rules.json``) and return it as a :class:`Rule`."""
    label = f"n° {position + 1}" if position is not None else "sans code"
    if not isinstance(data, Mapping):
        raise RulesError(f"Règle {label} : un objet JSON est attendu.")
    raw_code = data.get("code")
    if not isinstance(raw_code, str) or not _CODE_RE.match(raw_code):
        raise RulesError(
            f"Règle {label}, champ « code » : {raw_code!r} n’est pas un code valide "
            "(minuscules, chiffres et tirets, ex. « oqtf-free »)."
        )
    code = raw_code
    unknown = sorted(set(data) - set(_REQUIRED) - set(_OPTIONAL))
    if unknown:
        raise _fail(code, unknown[0], "champ inconnu (faute de frappe ?).")
    missing = [name for name in _REQUIRED if name not in data]
    if missing:
        raise _fail(code, missing[0], "champ obligatoire absent.")

    decision = _choice(data, code, "decision", DECISIONS)
    situations = _strings(data, code, "situations")
    for situation in situations:
        if situation not in SITUATIONS:
            raise _fail(
                code,
                "situations",
                f"situation {situation!r} inconnue ; valeurs possibles : {', '.join(SITUATIONS)}.",
            )
    regime = _choice(data, code, "regime", REGIMES)
    counting = _choice(data, code, "counting", COUNTINGS)
    duration_units = ("hours", "days") if counting == "hours" else ("months", "days")
    duration = _duration(data["duration"], code, "duration", units=duration_units)
    extend = _bool(data, code, "extend_to_working_day")
    if counting == "hours" and extend:
        raise _fail(
            code,
            "extend_to_working_day",
            "un délai compté heure par heure n’est jamais reporté au jour ouvrable suivant.",
        )
    starts = _choice(data, code, "starts", STARTS)
    implicit_after = _duration(
        data.get("implicit_after"), code, "implicit_after", units=("months", "days"), nullable=True
    )
    if starts == "filing" and implicit_after is None:
        raise _fail(
            code,
            "implicit_after",
            "obligatoire quand le délai part du dépôt (délai de naissance du refus implicite).",
        )
    if starts == "notification" and implicit_after is not None:
        raise _fail(code, "implicit_after", "réservé aux règles qui partent du dépôt (« filing »).")
    if starts == "filing" and counting == "hours":
        raise _fail(code, "counting", "un refus implicite ne se compte pas en heures.")
    gracieux = _bool(data, code, "gracieux_extends")
    if gracieux and decision in NO_GRACIEUX_DECISIONS:
        raise _fail(
            code,
            "gracieux_extends",
            f"un recours gracieux ne prolonge jamais le délai d’une décision « {decision} ».",
        )
    overseas_extra = _duration(
        data["overseas_extra"], code, "overseas_extra", units=("months", "days"), nullable=True
    )
    if overseas_extra is not None and counting == "hours":
        raise _fail(code, "overseas_extra", "pas de délai de distance pour un délai en heures.")
    sources = _strings(data, code, "sources")
    for url in sources:
        if not _URL_RE.match(url):
            raise _fail(code, "sources", f"{url!r} n’est pas une adresse http(s).")
    confidence = _choice(data, code, "confidence", CONFIDENCES)
    if confidence == "unverified":
        raise _fail(
            code,
            "confidence",
            "une règle non vérifiée ne doit pas être livrée : la signaler comme lacune connue "
            "dans docs/deadlines.md.",
        )
    warning_fr = _text(data, code, "warning_fr", required=False)
    warning_en = _text(data, code, "warning_en", required=False)
    if confidence == "low" and not warning_fr.startswith(LOW_WARNING_PREFIX):
        raise _fail(
            code,
            "warning_fr",
            f"une règle de confiance « low » doit avoir un avertissement commençant par "
            f"« {LOW_WARNING_PREFIX} : … ».",
        )
    if bool(warning_fr) != bool(warning_en):
        raise _fail(code, "warning_en", "l’avertissement doit exister en français et en anglais.")

    return Rule(
        code=code,
        decision=decision,
        situations=situations,
        regime=regime,
        duration=duration,
        counting=counting,
        extend_to_working_day=extend,
        starts=starts,
        where=_text(data, code, "where"),
        suspensive=_bool(data, code, "suspensive", nullable=True),
        gracieux_extends=gracieux,
        legal_aid=_text(data, code, "legal_aid"),
        overseas_extra=overseas_extra,
        articles=_strings(data, code, "articles"),
        sources=sources,
        confidence=confidence,
        last_verified=_date(data["last_verified"], code, "last_verified"),
        notes_fr=_text(data, code, "notes_fr"),
        notes_en=_text(data, code, "notes_en"),
        implicit_after=implicit_after,
        warning_fr=warning_fr,
        warning_en=warning_en,
        raw=json.loads(json.dumps(data)),
    )


def _regimes_overlap(a: str, b: str) -> bool:
    return a == b or "any" in (a, b)


def _check_set(rules: tuple[Rule, ...]) -> None:
    if not rules:
        raise RulesError("Le fichier de règles ne contient aucune règle.")
    seen: dict[str, Rule] = {}
    for rule in rules:
        if rule.code in seen:
            raise _fail(rule.code, "code", "deux règles portent ce code.")
        for other in seen.values():
            shared = set(rule.situations) & set(other.situations)
            if (
                other.decision == rule.decision
                and shared
                and _regimes_overlap(rule.regime, other.regime)
            ):
                raise _fail(
                    rule.code,
                    "situations",
                    f"chevauche la règle « {other.code} » (décision « {rule.decision} », "
                    f"situation « {sorted(shared)[0]} ») : une décision ne doit correspondre "
                    "qu’à une seule règle.",
                )
        seen[rule.code] = rule


def parse_ruleset(data: Any) -> RuleSet:
    """Validate the whole data file (already decoded from JSON)."""
    if not isinstance(data, Mapping):
        raise RulesError("Fichier de règles : un objet JSON est attendu.")
    unknown = sorted(set(data) - set(_TOP_LEVEL))
    if unknown:
        raise RulesError(f"Fichier de règles, champ « {unknown[0]} » : champ inconnu.")
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int | str) or not str(version):
        raise RulesError("Fichier de règles, champ « version » : un numéro de version est attendu.")
    if "verified_on" not in data:
        raise RulesError("Fichier de règles, champ « verified_on » : champ obligatoire absent.")
    try:
        verified_on = date.fromisoformat(str(data["verified_on"]))
    except ValueError:
        raise RulesError(
            f"Fichier de règles, champ « verified_on » : date {data['verified_on']!r} invalide "
            "(format AAAA-MM-JJ)."
        ) from None
    rules = data.get("rules")
    if not isinstance(rules, list):
        raise RulesError("Fichier de règles, champ « rules » : une liste est attendue.")
    parsed = tuple(parse_rule(item, position=i) for i, item in enumerate(rules))
    return RuleSet(str(version), verified_on, parsed)


def load_rules(path: Path | str | None = None) -> RuleSet:
    """Read and validate a rules file (by default the shipped ``rules.json``)."""
    path = Path(path) if path is not None else RULES_PATH
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RulesError(f"Fichier de règles {path} illisible : {exc.strerror}.") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RulesError(
            f"Fichier de règles {path.name} : JSON invalide ligne {exc.lineno}, "
            f"colonne {exc.colno} ({exc.msg})."
        ) from exc
    return parse_ruleset(data)


@functools.cache
def default_rules() -> RuleSet:
    """The shipped rules, read once per process."""
    return load_rules()


# --- Lookup.


def decision_label(decision: str) -> str:
    labels = {**dict(DecisionType.choices), **EXTRA_DECISIONS}
    return str(labels.get(decision, decision))


def find_rule(
    decision: str, situation: str | None, taken_on: date, *, rules: RuleSet | None = None
) -> Rule:
    """The one rule for a decision, the person's situation at notification and the date the
    decision was TAKEN (which picks the regime before or from 15/07/2024).

    Raises :class:`NoRule` with a French message when no rule applies: the volunteer must then
    get a lawyer's advice at once rather than rely on the software.
    """
    rules = rules if rules is not None else default_rules()
    if decision not in DECISIONS:
        raise NoRule(
            f"Type de décision « {decision} » inconnu ; codes possibles : {', '.join(DECISIONS)}."
        )
    if not situation:
        raise NoRule(
            "Indiquez la situation de la personne au moment de la notification (libre, assignée "
            "à résidence, en prison, en rétention) : le délai en dépend."
        )
    if situation not in SITUATIONS:
        raise NoRule(
            f"Situation « {situation} » inconnue ; codes possibles : {', '.join(SITUATIONS)}."
        )
    for rule in rules:
        if rule.matches(decision, situation, taken_on):
            return rule
    if decision == "favourable":
        raise NoRule(
            "Aucun délai n’est calculé pour une décision favorable : pas de recours à faire."
        )
    label = decision_label(decision)
    same_decision = [rule for rule in rules if rule.decision == decision]
    if not same_decision:
        raise NoRule(
            f"Aucun délai n’est calculé pour une décision « {label} » : nos sources ne sont pas "
            "assez sûres. Demandez sans attendre l’avis d’un·e juriste ; par prudence, "
            "considérez que le délai peut être très court (48 heures)."
        )
    when = "avant le" if taken_on < REFORM_DATE else "à partir du"
    covered = sorted(
        {
            SITUATION_LABELS[s]
            for rule in same_decision
            for s in rule.situations
            if rule.covers_regime(taken_on)
        }
    )
    covered_text = f" (situations couvertes : {', '.join(covered)})" if covered else ""
    raise NoRule(
        f"Aucune règle connue pour une décision « {label} » prise {when} 15/07/2024, personne "
        f"{SITUATION_LABELS[situation]}{covered_text}. Demandez sans attendre l’avis d’un·e "
        "juriste ; par prudence, considérez que le délai peut être de 48 heures."
    )
