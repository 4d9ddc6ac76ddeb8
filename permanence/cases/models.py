"""People, their cases and the timeline of each case — confidential by design.

Names, birth dates, identifiers, contact details, notes and document names are encrypted at rest
(``core/fields.py``); the database never holds a person's name in clear. Searching goes through
keyed blind indexes (``SearchToken``, built by ``search.py``). UUIDs name people, cases and
documents in URLs. Every read goes through ``perms.py``, which writes an audit event.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from permanence.cases.vocab import (
    AdminSituation,
    Authority,
    CaseOutcome,
    CaseStatus,
    CaseTopic,
    ContactChannel,
    DecisionType,
    DocumentType,
    EntryKind,
    NotificationMethod,
    ReferralStatus,
    Relation,
)
from permanence.core.fields import EncryptedDateField, EncryptedJSONField, EncryptedTextField
from permanence.core.lib.choices import ChoiceLabelsMixin, choice_labels
from permanence.core.storage import get_private_storage
from permanence.orgs.models import Organisation


class BirthPrecision(models.TextChoices):
    EXACT = "exact", _("Date exacte")
    MONTH = "month", _("Mois et année")
    YEAR = "year", _("Année seulement")


class PersonQuerySet(models.QuerySet):
    def active(self) -> "PersonQuerySet":
        return self.filter(merged_into__isnull=True, erased_at__isnull=True)

    def listed(self) -> "PersonQuerySet":
        """Without the encrypted fields a list of people does not show (Person.UNLISTED_FIELDS):
        they are read and decrypted only if asked for."""
        return self.defer(*Person.UNLISTED_FIELDS)


class Person(ChoiceLabelsMixin, models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("groupe"), on_delete=models.PROTECT, related_name="people"
    )
    name = EncryptedTextField(_("nom d’usage"), help_text=_("Le nom que la personne souhaite."))
    spellings = EncryptedJSONField(
        _("noms et graphies connus"),
        default=list,
        blank=True,
        help_text=_("Nom légal, autres orthographes, écriture d’origine (arabe, cyrillique…)."),
    )
    birth_date = EncryptedDateField(_("date de naissance"), null=True, blank=True)
    birth_precision = models.CharField(
        _("précision de la date"),
        max_length=5,
        choices=BirthPrecision.choices,
        default=BirthPrecision.EXACT,
    )
    nationalities = EncryptedJSONField(_("nationalités"), default=list, blank=True)
    languages = models.JSONField(_("langues"), default=list, blank=True)
    interpreter_needed = models.BooleanField(_("besoin d’interprète"), default=False)
    contacts = EncryptedJSONField(
        _("moyens de contact"),
        default=list,
        blank=True,
        help_text=_("Chaque moyen : type, valeur, « peut-on contacter sans risque ? », préféré."),
    )
    domiciliation = EncryptedTextField(_("adresse de domiciliation"), blank=True, default="")
    identifiers = EncryptedJSONField(_("identifiants"), default=dict, blank=True)
    notes = EncryptedTextField(_("notes confidentielles"), blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from"
    )
    erased_at = models.DateTimeField(null=True, blank=True)
    creation_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    objects = PersonQuerySet.as_manager()

    # Encrypted fields that no list shows: each one loaded costs a decryption per row. Lists of
    # people show the name, the spellings and the birth date (PersonQuerySet.listed()); lists of
    # cases the name alone (CaseQuerySet.with_person_name()).
    UNLISTED_FIELDS = ("nationalities", "contacts", "domiciliation", "identifiers", "notes")
    DETAIL_FIELDS = ("spellings", "birth_date", *UNLISTED_FIELDS)

    class Meta:
        verbose_name = _("personne")
        verbose_name_plural = _("personnes")
        indexes = [
            models.Index(fields=["organisation", "-updated_at"], name="person_org_upd"),
            # The people a volunteer may read (``cases.perms.people_for``), from the index alone:
            # the search joins its tokens with them. Through the organisation's index PostgreSQL
            # read the 10,000 rows of a big group to test two columns: 5–7 ms, against 1 ms.
            models.Index(
                fields=["organisation", "id"],
                condition=models.Q(erased_at__isnull=True, merged_into__isnull=True),
                name="person_active_org",
            ),
        ]

    def __str__(self) -> str:
        return str(self.pk)

    @classmethod
    def details_through(cls, path: str) -> list[str]:
        """DETAIL_FIELDS as seen from a query joining the person at ``path`` ("case__person")."""
        return [f"{path}__{field}" for field in cls.DETAIL_FIELDS]

    @property
    def initials(self) -> str:
        return "".join(part[0] for part in (self.name or "?").split()[:2]).upper()

    def birth_display(self) -> str:
        if self.birth_date is None:
            return ""
        if self.birth_precision == BirthPrecision.YEAR:
            return str(self.birth_date.year)
        if self.birth_precision == BirthPrecision.MONTH:
            return self.birth_date.strftime("%m/%Y")
        return self.birth_date.strftime("%d/%m/%Y")

    def phones(self) -> list[str]:
        return [c.get("value", "") for c in self.contacts if c.get("kind") in PHONE_KINDS]


PHONE_KINDS = {"phone", "sms", "whatsapp", "signal"}


class SearchToken(models.Model):
    """A keyed hash of a normalised piece of a person's identity (name token, phonetic code,
    character n-gram, phone number, birth year, identifier): search without clear text."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="search_tokens")
    # The person's group, copied (kept equal by ``search.person_tokens`` and by a transfer):
    # the index begins with it, so a search reads its own group's entries only, not those of
    # the whole network (55,000–75,000 index entries read to keep 4,000 at 60,000 people).
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    kind = models.CharField(max_length=8)
    digest = models.CharField(max_length=32)

    class Meta:
        # Group and digest first, kind and person in the key: search reads (digest, kind,
        # person) for the digests typed from this index alone (an index-only scan).
        indexes = [
            models.Index(
                fields=["organisation", "digest", "kind", "person"], name="searchtoken_group"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.digest[:8]}"


class HouseholdLink(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="household_links")
    relative = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    relation = models.CharField(_("lien"), max_length=10, choices=Relation.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "relative"], name="one_link_per_pair")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} → {self.relative_id} ({self.relation})"


class SituationRecord(ChoiceLabelsMixin, models.Model):
    """The administrative situation of a person from a date (the history is kept)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="situations")
    situation = models.CharField(_("situation"), max_length=20, choices=AdminSituation.choices)
    permit_type = models.CharField(_("type de titre"), max_length=120, blank=True)
    valid_from = models.DateField(_("depuis le"), null=True, blank=True)
    expires_on = models.DateField(_("expire le"), null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-valid_from", "-recorded_at"]
        verbose_name = _("situation administrative")

    def __str__(self) -> str:
        return f"{self.person_id} {self.situation}"


class ConsentScope(models.TextChoices):
    RECORD = "record", _("Enregistrer ses informations pour l’accompagner")
    SHARE = "share", _("Partager son dossier avec un autre groupe")
    CONTACT = "contact", _("Être recontacté·e (SMS, téléphone, messagerie)")
    DOCUMENTS = "documents", _("Conserver des copies de ses documents")


class ConsentMethod(models.TextChoices):
    ORAL = "oral", _("À l’oral, pendant l’entretien")
    WRITTEN = "written", _("Par écrit, signé")
    MESSAGE = "message", _("Par message")


class Consent(ChoiceLabelsMixin, models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    scope = models.CharField(_("pour quoi"), max_length=10, choices=ConsentScope.choices)
    given = models.BooleanField(_("accord donné"), default=True)
    method = models.CharField(_("comment"), max_length=10, choices=ConsentMethod.choices)
    information_language = models.CharField(_("information donnée en"), max_length=7)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-recorded_at"]
        verbose_name = _("consentement")

    def __str__(self) -> str:
        return f"{self.person_id} {self.scope} {self.given}"


class CaseQuerySet(models.QuerySet):
    def open(self) -> "CaseQuerySet":
        return self.exclude(status=CaseStatus.CLOSED)

    def assigned_to(self, user) -> "CaseQuerySet":
        return self.filter(Q(assignees=user) | Q(legal_referent=user)).distinct()

    def with_person_name(self) -> "CaseQuerySet":
        """Join the person, loading of their encrypted fields the name alone: what a list shows."""
        return self.select_related("person").defer(*Person.details_through("person"))


def timeline_link(case_id) -> str:
    """The address of a case's timeline, for the reminders sent by e-mail (it asks for a login;
    the e-mail names nobody)."""
    base = getattr(settings, "PERMANENCE_BASE_URL", "").rstrip("/")
    return f"{base}{reverse('cases:detail', args=[case_id])}#timeline"


class Case(ChoiceLabelsMixin, models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("groupe"), on_delete=models.PROTECT, related_name="cases"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cases")
    topics = models.JSONField(_("thèmes"), default=list)
    status = models.CharField(
        _("statut"), max_length=8, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    outcome = models.CharField(_("issue"), max_length=14, choices=CaseOutcome.choices, blank=True)
    assignees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("bénévoles"), blank=True, related_name="cases"
    )
    legal_referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("référent·e juridique"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referent_cases",
    )
    opened_on = models.DateField(_("ouvert le"), default=timezone.localdate)
    closed_on = models.DateField(_("clos le"), null=True, blank=True)
    last_contact_at = models.DateTimeField(_("dernier contact"), null=True, blank=True)
    next_task_due = models.DateField(_("prochaine tâche"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    creation_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        indexes = [
            models.Index(fields=["organisation", "status", "-updated_at"], name="case_org_status"),
            # The case list's default order: its first page is read in index order, status
            # filtered on the way, with no sort of the group's cases.
            models.Index(
                fields=["organisation", "-updated_at", "-created_at"], name="case_org_recent"
            ),
            models.Index(fields=["organisation", "-last_contact_at"], name="case_org_contact"),
        ]

    def __str__(self) -> str:
        return str(self.pk)

    def topic_labels(self) -> list[str]:
        labels = choice_labels(CaseTopic)
        return [str(labels.get(code, code)) for code in self.topics]

    def volunteers_to_remind(self) -> list:
        """Who is reminded of the case's deadlines and appointments: the assigned volunteers and
        the legal referent, active and with an e-mail address."""
        users = {user.pk: user for user in self.assignees.all()}
        if self.legal_referent_id:
            users[self.legal_referent_id] = self.legal_referent
        return [user for user in users.values() if user.is_active and user.email]


class CaseShare(models.Model):
    """Another group may work on the case, with the person's consent (or it was transferred)."""

    class Kind(models.TextChoices):
        SHARE = "share", _("Partage")
        TRANSFER = "transfer", _("Transfert")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="shares")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.SHARE)
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "organisation"], name="one_share_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.organisation_id}"


BREAK_GLASS_HOURS = 12


class BreakGlassQuerySet(models.QuerySet):
    def current(self) -> "BreakGlassQuerySet":
        return self.filter(expires_at__gt=timezone.now())


class BreakGlass(models.Model):
    """An exceptional, reasoned access of a regional legal referent to a group's case."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="break_glass")
    reason = EncryptedTextField(_("motif"))
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    objects = BreakGlassQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.case_id}"

    @staticmethod
    def default_expiry():
        return timezone.now() + timedelta(hours=BREAK_GLASS_HOURS)


class PersonSituation(models.TextChoices):
    """The person's situation when a decision is notified (it changes appeal deadlines)."""

    FREE = "free", _("Libre")
    HOUSE_ARREST = "house-arrest", _("Assigné·e à résidence")
    PRISON = "prison", _("En prison")
    RETENTION = "retention", _("En rétention")


class EntryQuerySet(models.QuerySet):
    def tasks_open(self) -> "EntryQuerySet":
        return self.filter(kind=EntryKind.TASK, task_done_at__isnull=True)


class Entry(ChoiceLabelsMixin, models.Model):
    """One line of a case's timeline: a contact, a note, a decision, an appointment with an
    administration, a task, a referral, a document or an event of the case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(_("type"), max_length=12, choices=EntryKind.choices)
    occurred_at = models.DateTimeField(_("date"), default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = EncryptedTextField(_("résumé"), blank=True, default="")
    # Contact
    channel = models.CharField(
        _("canal"), max_length=12, choices=ContactChannel.choices, blank=True
    )
    duration_minutes = models.PositiveSmallIntegerField(_("durée (minutes)"), null=True, blank=True)
    # Decision
    decision_type = models.CharField(
        _("décision"), max_length=30, choices=DecisionType.choices, blank=True
    )
    decision_taken_on = models.DateField(_("prise le"), null=True, blank=True)
    decision_notified_at = models.DateTimeField(_("notifiée le"), null=True, blank=True)
    notification_method = models.CharField(
        _("notifiée comment"), max_length=20, choices=NotificationMethod.choices, blank=True
    )
    person_situation = models.CharField(
        _("situation de la personne"), max_length=12, choices=PersonSituation.choices, blank=True
    )
    # Appointment with an administration
    authority = models.CharField(
        _("administration"), max_length=12, choices=Authority.choices, blank=True
    )
    appointment_at = models.DateTimeField(_("rendez-vous le"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Task
    task_due = models.DateField(_("échéance"), null=True, blank=True)
    task_assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confiée à"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
    )
    task_done_at = models.DateTimeField(null=True, blank=True)
    # Referral to a directory service
    referral_desk = models.ForeignKey(
        "directory.Desk",
        verbose_name=_("vers"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    referral_status = models.CharField(
        _("statut"), max_length=10, choices=ReferralStatus.choices, blank=True
    )
    # The last change of a referral's status after it was recorded (who and when).
    referral_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    referral_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    document = models.ForeignKey(
        "cases.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    creation_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    objects = EntryQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("entrée du suivi")
        verbose_name_plural = _("entrées du suivi")
        indexes = [
            models.Index(fields=["case", "-occurred_at"], name="entry_case_time"),
            models.Index(
                fields=["task_assignee", "task_due"],
                name="entry_open_tasks",
                condition=Q(kind="task", task_done_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.occurred_at:%Y-%m-%d}"


class Document(ChoiceLabelsMixin, models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="documents")
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    doc_type = models.CharField(_("type"), max_length=20, choices=DocumentType.choices)
    file = models.FileField(storage=get_private_storage, upload_to="documents/")
    name = EncryptedTextField(_("nom du fichier"))
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # The upload form's token: sending the same form twice stores the file once.
    creation_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("document")

    def __str__(self) -> str:
        return str(self.pk)
