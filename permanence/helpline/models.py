"""Anonymous call sheets of a legal helpline, their imports, and the budget of the funder report.

A ``CallSheet`` holds no field that can carry a name, a phone number or an address: every
column is a code from ``vocab.py``, a number or a date, except ``referral`` (120 characters,
checked for phone numbers and e-mail addresses).
"""

import uuid
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from permanence.core.lib.choices import ChoiceLabelsMixin
from permanence.helpline.anonymity import validate_anonymous
from permanence.helpline.vocab import (
    Answer,
    CallerGender,
    CallerType,
    OriginRegion,
    ProfessionalKind,
    Topic,
)

PARIS = ZoneInfo("Europe/Paris")
MAX_DURATION = 600  # minutes


def year_bounds(year: int) -> tuple[datetime, datetime]:
    """1 January 00:00 and the next 1 January, Paris time."""
    return datetime(year, 1, 1, tzinfo=PARIS), datetime(year + 1, 1, 1, tzinfo=PARIS)


class CallSheetQuerySet(models.QuerySet):
    def of_year(self, year: int) -> "CallSheetQuerySet":
        start, end = year_bounds(year)
        return self.filter(called_at__gte=start, called_at__lt=end)

    def on_day(self, day: date) -> "CallSheetQuerySet":
        start = datetime.combine(day, time(0), tzinfo=PARIS)
        return self.filter(called_at__gte=start, called_at__lt=start + timedelta(days=1))


class CallSheet(ChoiceLabelsMixin, models.Model):
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="call_sheets",
    )
    called_at = models.DateTimeField(_("date et heure de l’appel"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("durée (minutes)"), null=True, blank=True, validators=[MaxValueValidator(MAX_DURATION)]
    )
    non_data = models.BooleanField(
        _("appel sans objet"), default=False, help_text=_("Silence, erreur de numéro.")
    )
    caller_type = models.CharField(
        _("appelant·e"), max_length=12, choices=CallerType.choices, blank=True
    )
    caller_gender = models.CharField(
        _("particulier"), max_length=7, choices=CallerGender.choices, blank=True
    )
    professional_kind = models.CharField(
        _("professionnel"), max_length=25, choices=ProfessionalKind.choices, blank=True
    )
    departement = models.CharField(_("département"), max_length=3, blank=True)
    origin_region = models.CharField(
        _("région d’origine"),
        max_length=16,
        choices=OriginRegion.choices,
        default=OriginRegion.UNKNOWN,
        blank=True,
    )
    topics = models.JSONField(_("thèmes"), default=list, blank=True)
    language = models.CharField(_("langue de l’appel"), max_length=2, blank=True)
    answer = models.CharField(_("réponse"), max_length=11, choices=Answer.choices, blank=True)
    referral = models.CharField(
        _("orientation"), max_length=120, blank=True, validators=[validate_anonymous]
    )
    import_job = models.ForeignKey(
        "helpline.ImportJob",
        verbose_name=_("import"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="call_sheets",
        editable=False,
    )
    creation_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saisie par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("saisie le"), default=timezone.now, editable=False)

    objects = CallSheetQuerySet.as_manager()

    class Meta:
        ordering = ["-called_at", "-id"]
        verbose_name = _("fiche d’appel")
        verbose_name_plural = _("fiches d’appel")
        indexes = [models.Index(fields=["organisation", "-called_at"], name="callsheet_org_at")]

    def __str__(self) -> str:
        return f"{self.called_at:%Y-%m-%d %H:%M} {self.caller_type or 'non_data'}"

    @property
    def topic_labels(self) -> list[str]:
        labels = dict(Topic.choices)
        return [str(labels.get(code, code)) for code in self.topics or []]

    def clean(self) -> None:
        """Who called decides which of the gender and the professional kind is filled in."""
        if self.non_data:
            return
        errors = {}
        if not self.caller_type:
            errors["caller_type"] = _("Indiquez qui appelle.")
        elif self.caller_type == CallerType.INDIVIDUAL:
            if self.professional_kind:
                errors["professional_kind"] = _("Seulement pour un professionnel.")
            if not self.caller_gender:
                self.caller_gender = CallerGender.UNKNOWN
        elif not self.professional_kind:
            errors["professional_kind"] = _("Indiquez le type de professionnel.")
        elif self.caller_gender:
            errors["caller_gender"] = _("Seulement pour un particulier.")
        unknown = [t for t in self.topics or [] if t not in Topic.values]
        if unknown:
            errors["topics"] = _("Thème inconnu : %(codes)s.") % {"codes": ", ".join(unknown)}
        if errors:
            raise ValidationError(errors)


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("En attente")
    RUNNING = "running", _("En cours")
    DONE = "done", _("Terminé")
    FAILED = "failed", _("Échec")


class ImportJob(models.Model):
    """One import of a file of call sheets, from the interface (a background task) or a command.

    The uploaded bytes wait in ``data`` for the task and are erased once it has run.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="call_sheet_imports"
    )
    filename = models.CharField(_("fichier"), max_length=200)
    data = models.BinaryField(default=bytes, editable=False)
    skip_invalid = models.BooleanField(_("importer les lignes valides malgré les erreurs"))
    status = models.CharField(
        _("état"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    progress = models.PositiveSmallIntegerField(
        _("avancement (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    total = models.PositiveIntegerField(_("lignes lues"), default=0)
    imported = models.PositiveIntegerField(_("fiches importées"), default=0)
    error_count = models.PositiveIntegerField(_("erreurs"), default=0)
    errors = models.JSONField(_("erreurs (les premières)"), default=list, blank=True)
    warnings = models.JSONField(_("avertissements"), default=list, blank=True)
    message = models.CharField(_("message"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import de fiches d’appel")
        verbose_name_plural = _("imports de fiches d’appel")

    def __str__(self) -> str:
        return f"{self.filename} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)


class ReportBudget(models.Model):
    """The budget of the action, entered by the coordinator for the funder report of a year."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="report_budgets"
    )
    year = models.PositiveSmallIntegerField(
        _("année"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    funder = models.CharField(_("financeur"), max_length=200, blank=True)
    requested_amount = models.DecimalField(
        _("montant sollicité (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    focus_departement = models.CharField(
        _("département du financeur"),
        max_length=3,
        blank=True,
        default="75",
        help_text=_("Le rapport détaille les appels de ce département (75 pour Paris)."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("budget du rapport d’activité")
        verbose_name_plural = _("budgets des rapports d’activité")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="reportbudget_org_year")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}"


class BudgetLineKind(models.TextChoices):
    EXPENSE = "expense", _("Dépense")
    INCOME = "income", _("Recette")


class BudgetLine(models.Model):
    budget = models.ForeignKey(ReportBudget, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(_("nature"), max_length=7, choices=BudgetLineKind.choices)
    category = models.CharField(_("poste"), max_length=120)
    amount = models.DecimalField(
        _("montant (€)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        ordering = ["kind", "id"]
        verbose_name = _("ligne de budget")
        verbose_name_plural = _("lignes de budget")

    def __str__(self) -> str:
        return f"{self.category}: {self.amount}"


class RenderedReport(models.Model):
    """A funder report file kept once rendered, until the figures it was rendered from change.

    ``digest`` is the SHA-256 of everything the file is made from (the report's HTML, the
    renderer's version), so a stale file is never served: changed figures, budget, language
    or template give another digest. It holds anonymous aggregates only, never a name.
    """

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="rendered_reports"
    )
    year = models.PositiveSmallIntegerField()
    format = models.CharField(max_length=8)
    language = models.CharField(max_length=10)
    digest = models.CharField(max_length=64)
    content = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "format", "digest"], name="renderedreport_digest"
            )
        ]
        indexes = [models.Index(fields=["organisation", "year", "format", "language"])]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year} {self.format}"
