"""``manage.py deadlines compute|rules``: compute an appeal deadline, list the rules in force.

A public contract, documented in ``docs/deadlines.md``::

    manage.py deadlines compute --decision oqtf --situation free --taken 2026-03-10 \\
        --notified 2026-03-15 [--departement 59] [--overseas] [--format json|text]
    manage.py deadlines rules [--format json|text]

``compute --format json`` (the default) prints one JSON object: ``safe_deadline``,
``legal_deadline`` (ISO dates, or ISO datetimes with their UTC offset for hour deadlines),
``rule``, ``confidence``, ``sources``, ``explanation`` (French), ``explanation_en`` and
``needs_check``. Bad input stops with a French message (``CommandError``, exit status 1) and
prints nothing on standard output.
"""

import json
from datetime import date, datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser

from permanence.deadlines.engine import DeadlineInputError, Result, compute
from permanence.deadlines.models import effective_rules
from permanence.deadlines.rules import DECISIONS, SITUATIONS, NoRule, RulesError, RuleSet

_FLAGS = {"taken_on": "--taken", "notified": "--notified", "departement": "--departement"}


def _parse_date(flag: str, text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        pass
    try:
        return datetime.strptime(text.strip(), "%d/%m/%Y").date()
    except ValueError:
        raise CommandError(
            f"{flag} : date « {text} » illisible ; format attendu AAAA-MM-JJ (ex. 2026-03-15)."
        ) from None


def _parse_moment(flag: str, text: str) -> date | datetime:
    cleaned = text.strip()
    if "T" in cleaned or " " in cleaned:
        try:
            return datetime.fromisoformat(cleaned)
        except ValueError:
            raise CommandError(
                f"{flag} : date et heure « {text} » illisibles ; format attendu "
                "AAAA-MM-JJTHH:MM, avec ou sans décalage (ex. 2026-03-13T18:00 ou "
                "2026-03-13T18:00+01:00)."
            ) from None
    return _parse_date(flag, cleaned)


def _iso(value: date | datetime) -> str:
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes")
    return value.isoformat()


def result_as_dict(result: Result) -> dict:
    """The JSON object printed by ``compute`` (the public contract)."""
    return {
        "safe_deadline": _iso(result.safe_deadline),
        "legal_deadline": _iso(result.legal_deadline),
        "rule": result.rule_code,
        "confidence": result.confidence,
        "sources": list(result.sources),
        "explanation": result.explanation_fr,
        "explanation_en": result.explanation_en,
        "needs_check": result.needs_check,
    }


class Command(BaseCommand):
    help = "Délais de recours : calculer un délai (compute) ou lister les règles (rules)."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True, metavar="compute|rules")
        calc = commands.add_parser(
            "compute",
            help="Calculer le délai de recours d’une décision.",
        )
        calc.add_argument(
            "--decision", required=True, metavar="CODE", help=f"Parmi : {', '.join(DECISIONS)}."
        )
        calc.add_argument(
            "--situation", required=True, metavar="CODE", help=f"Parmi : {', '.join(SITUATIONS)}."
        )
        calc.add_argument(
            "--taken",
            required=True,
            metavar="DATE",
            help="Date à laquelle la décision a été prise (AAAA-MM-JJ).",
        )
        calc.add_argument(
            "--notified",
            required=True,
            metavar="DATE_OR_DATETIME",
            help="Notification (AAAA-MM-JJ, ou AAAA-MM-JJTHH:MM pour un délai en heures) ; "
            "pour un refus implicite, date de dépôt de la demande complète.",
        )
        calc.add_argument("--departement", default=None, metavar="CODE")
        calc.add_argument(
            "--overseas",
            action="store_true",
            help="La personne réside outre-mer (délai de distance, quand la règle en prévoit).",
        )
        calc.add_argument("--format", choices=("json", "text"), default="json")
        listing = commands.add_parser(
            "rules",
            help="Lister les règles en vigueur.",
        )
        listing.add_argument("--format", choices=("json", "text"), default="text")

    def handle(self, *args, **options) -> None:
        try:
            rules = effective_rules()
        except RulesError as exc:
            raise CommandError(f"Règles de délais invalides : {exc}") from exc
        if options["action"] == "rules":
            self._rules(rules, options["format"])
        else:
            self._compute(rules, options)

    def _compute(self, rules: RuleSet, options: dict) -> None:
        taken = _parse_date("--taken", options["taken"])
        notified = _parse_moment("--notified", options["notified"])
        try:
            rule = rules.find(options["decision"], options["situation"], taken)
            result = compute(
                rule=rule,
                taken_on=taken,
                notified=notified,
                departement=options["departement"],
                overseas=options["overseas"],
            )
        except DeadlineInputError as exc:
            raise CommandError(f"{_FLAGS.get(exc.field, exc.field)} : {exc}") from exc
        except NoRule as exc:
            raise CommandError(str(exc)) from exc
        data = result_as_dict(result)
        if options["format"] == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        lines = [
            f"Règle : {data['rule']} (confiance : {data['confidence']})",
            f"Date à viser : {data['safe_deadline']}",
            f"Date limite légale : {data['legal_deadline']}",
        ]
        if result.needs_check:
            lines.append("À VÉRIFIER AVEC UN·E JURISTE")
        lines += ["", result.explanation_fr, "", "Sources :"]
        lines += [f"  {url}" for url in result.sources]
        self.stdout.write("\n".join(lines))

    def _rules(self, rules: RuleSet, fmt: str) -> None:
        if fmt == "json":
            data = {
                "version": rules.version,
                "verified_on": rules.verified_on.isoformat(),
                "rules": [rule.as_dict() for rule in rules],
            }
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        lines = [f"Règles de délais, version {rules.version}, vérifiées le {rules.verified_on}"]
        for rule in rules:
            extra = f", +{rule.overseas_extra.fr()} outre-mer" if rule.overseas_extra else ""
            implicit = (
                f"refus implicite après {rule.implicit_after.fr()}, puis "
                if rule.implicit_after
                else ""
            )
            lines.append(
                f"{rule.code:<30} {rule.decision:<27} {'/'.join(rule.situations):<35} "
                f"{rule.regime:<18} {implicit}{rule.duration.fr()} ({rule.counting}{extra}) "
                f"→ {rule.where} [{rule.confidence}]"
            )
        self.stdout.write("\n".join(lines))
