"""Rule corrections by legal referents (``RuleRevision``) and computed deadlines (``Deadline``).

``RuleRevision`` is an append-only journal: every correction stores the whole rule as JSON with
its author and reason; the rule in force for a code is the latest revision, or the one in
``rules.json`` when there is none (:func:`effective_rule`, :func:`effective_rules`).

``Deadline`` is the deadline computed for a decision recorded in a case's timeline. Its
explanation is generated text about the rule and dates (not personal data); the outcome note may
mention the person and is encrypted.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from permanence.core.fields import EncryptedTextField
from permanence.deadlines.engine import Result
from permanence.deadlines.rules import Rule, RulesError, RuleSet, default_rules, parse_rule


class RuleRevisionQuerySet(models.QuerySet):
    def latest_per_code(self) -> dict[str, "RuleRevision"]:
        """The latest revision of each rule code."""
        latest: dict[str, RuleRevision] = {}
        for revision in self.order_by("code", "-created_at", "-id"):
            latest.setdefault(revision.code, revision)
        return latest


class RuleRevision(models.Model):
    """A correction of a deadline rule: the whole rule as it must now read. Never edited."""

    code = models.CharField(_("code de la règle"), max_length=80)
    rule = models.JSONField(_("règle"))
    reason = models.TextField(_("motif de la correction"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur·rice"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("date"), auto_now_add=True)

    objects = RuleRevisionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("révision d’une règle de délai")
        verbose_name_plural = _("révisions des règles de délai")
        indexes = [models.Index(fields=["code", "-created_at"], name="rulerevision_code")]

    def __str__(self) -> str:
        return f"{self.code} ({self.created_at:%Y-%m-%d})" if self.created_at else self.code

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ValidationError(
                _("Une révision de règle ne se modifie pas : enregistrez une nouvelle révision.")
            )
        super().save(*args, **kwargs)

    def clean(self) -> None:
        """The rule must be valid on its own and together with the other rules in force."""
        if not self.reason.strip():
            raise ValidationError({"reason": _("Indiquez le motif de la correction.")})
        try:
            rule = self.as_rule()
            if rule.code != self.code:
                raise RulesError(
                    f"Le code de la révision (« {self.code} ») diffère de celui de la règle "
                    f"(« {rule.code} »)."
                )
            effective_rules().with_overrides([rule])
        except RulesError as exc:
            raise ValidationError({"rule": str(exc)}) from exc

    def as_rule(self) -> Rule:
        return parse_rule(self.rule)


def effective_rules() -> RuleSet:
    """The rules in force: the shipped file with the latest revision of each code on top."""
    shipped = default_rules()
    revisions = RuleRevision.objects.latest_per_code()
    if not revisions:
        return shipped
    newest = max(revision.pk for revision in revisions.values())
    return shipped.with_overrides(
        [revision.as_rule() for revision in revisions.values()],
        version=f"{shipped.version}+r{newest}",
    )


def effective_rule(code: str) -> Rule:
    """The rule in force for ``code``: its latest revision, or the shipped one.

    Raises ``rules.NoRule`` for an unknown code and ``rules.RulesError`` if a stored revision
    no longer validates.
    """
    revision = RuleRevision.objects.filter(code=code).order_by("-created_at", "-id").first()
    if revision is not None:
        return revision.as_rule()
    return default_rules().get(code)


class DeadlineStatus(models.TextChoices):
    OPEN = "open", _("À traiter")
    APPEAL_FILED = "appeal_filed", _("Recours déposé")
    LAWYER = "lawyer", _("Confié à un·e avocat·e")
    NO_APPEAL = "no_appeal", _("Pas de recours")


class Confidence(models.TextChoices):
    HIGH = "high", _("Élevée")
    MEDIUM = "medium", _("Moyenne")
    LOW = "low", _("Faible : à vérifier avec un·e juriste")


class DeadlineQuerySet(models.QuerySet):
    def open(self) -> "DeadlineQuerySet":
        return self.filter(status=DeadlineStatus.OPEN)

    def due_before(self, moment) -> "DeadlineQuerySet":
        """Open deadlines whose safe date is before ``moment`` (an aware datetime)."""
        return self.open().filter(safe_deadline__lt=moment)

    def needing_check(self) -> "DeadlineQuerySet":
        return self.open().filter(needs_check=True)

    def for_board(self) -> "DeadlineQuerySet":
        """With what the board shows: the case, the group, the type of decision and the
        person's name, without the other encrypted fields (a decryption per row each)."""
        from permanence.cases.models import Person

        return self.select_related("case", "case__person", "case__organisation", "entry").defer(
            "entry__text", "outcome_note", *Person.details_through("case__person")
        )


class Deadline(models.Model):
    """The appeal deadline computed for a decision (an ``Entry`` of kind "decision")."""

    entry = models.ForeignKey(
        "cases.Entry",
        verbose_name=_("décision"),
        on_delete=models.CASCADE,
        related_name="deadlines",
    )
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="deadlines"
    )
    rule_code = models.CharField(_("règle"), max_length=80)
    rules_version = models.CharField(_("version des règles"), max_length=40, blank=True)
    hourly = models.BooleanField(
        _("délai en heures"),
        default=False,
        help_text=_("Délai compté heure par heure : l’heure de la date limite compte."),
    )
    safe_deadline = models.DateTimeField(_("date à viser"))
    legal_deadline = models.DateTimeField(_("date limite légale"))
    explanation = models.TextField(_("explication du calcul"))
    explanation_en = models.TextField(_("explication du calcul (anglais)"), blank=True)
    needs_check = models.BooleanField(_("à vérifier avec un·e juriste"), default=False)
    confidence = models.CharField(_("confiance"), max_length=6, choices=Confidence.choices)
    status = models.CharField(
        _("suite donnée"),
        max_length=12,
        choices=DeadlineStatus.choices,
        default=DeadlineStatus.OPEN,
    )
    closed_on = models.DateField(_("clos le"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("clos par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome_note = EncryptedTextField(_("note sur la suite donnée"), blank=True, default="")
    acknowledged_at = models.DateTimeField(_("pris en compte le"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pris en compte par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reminders_sent = models.JSONField(
        _("rappels envoyés"),
        default=list,
        blank=True,
        help_text=_("Codes des rappels déjà envoyés (pour ne jamais les envoyer deux fois)."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DeadlineQuerySet.as_manager()

    class Meta:
        ordering = ["safe_deadline", "id"]
        verbose_name = _("délai de recours")
        verbose_name_plural = _("délais de recours")
        indexes = [
            models.Index(fields=["status", "safe_deadline"], name="deadline_status_due"),
            models.Index(fields=["case", "status"], name="deadline_case_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["entry"],
                condition=Q(status="open"),
                name="deadline_one_open_per_entry",
            ),
            models.CheckConstraint(
                condition=Q(legal_deadline__gte=models.F("safe_deadline")),
                name="deadline_legal_not_before_safe",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule_code} {self.safe_deadline:%Y-%m-%d}"

    @property
    def urgency(self) -> tuple[str, str]:
        """(css class, words): urgency is said in text, not by colour alone."""
        from datetime import timedelta

        from django.utils import timezone

        now = timezone.now()
        if self.legal_deadline < now:
            return "overdue", str(_("Dépassé"))
        left = self.safe_deadline - now
        if self.hourly or left <= timedelta(days=7):
            return "critical", str(_("Urgent : moins d’une semaine"))
        if left <= timedelta(days=14):
            return "soon", str(_("Dans les deux semaines"))
        return "later", str(_("À venir"))

    @property
    def reader_explanation(self) -> tuple[str, str]:
        """(language code, text) of the explanation for the page's reader: the engine writes it
        in French and English, so an English interface reads English, every other one French
        (the language of the procedure), marked as such for screen readers."""
        from django.utils.translation import get_language

        if (get_language() or "").startswith("en") and self.explanation_en:
            return "en", self.explanation_en
        return "fr", self.explanation

    @classmethod
    def from_result(cls, *, entry, result: Result, rules_version: str = "") -> "Deadline":
        """An unsaved deadline for ``entry`` (a decision of a case) from an engine result."""
        return cls(
            entry=entry,
            case_id=entry.case_id,
            rule_code=result.rule_code,
            rules_version=rules_version,
            hourly=result.hourly,
            safe_deadline=result.safe_deadline_at(),
            legal_deadline=result.legal_deadline_at(),
            explanation=result.explanation_fr,
            explanation_en=result.explanation_en,
            needs_check=result.needs_check,
            confidence=result.confidence,
        )

    @property
    def is_open(self) -> bool:
        return self.status == DeadlineStatus.OPEN

    def reminder_was_sent(self, code: str) -> bool:
        return code in (self.reminders_sent or [])
