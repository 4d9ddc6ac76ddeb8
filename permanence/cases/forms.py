import uuid

from django import forms
from django.conf import settings
from django.db import connections
from django.db.models import Exists, Q
from django.utils.translation import gettext_lazy as _

from permanence.accounts.roles import Role
from permanence.cases.models import BirthPrecision, Case, Consent, Entry, SituationRecord
from permanence.cases.upload_messages import NO_FILE_MESSAGE
from permanence.cases.vocab import (
    AdminSituation,
    CaseTopic,
    DocumentType,
    IdentifierKind,
    ReferralStatus,
    Relation,
)
from permanence.core.lib import phones
from permanence.core.lib.concurrency import VersionedFormMixin
from permanence.directory.vocab import LANGUAGES

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
CONTACT_KINDS = [
    ("phone", _("Téléphone")),
    ("sms", _("SMS")),
    ("whatsapp", _("WhatsApp")),
    ("signal", _("Signal")),
    ("email", _("E-mail")),
]


class TokenFormMixin(forms.Form):
    """A hidden token per form display: a double submission creates one record only."""

    token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["token"].initial = uuid.uuid4()


def parse_countries(text: str) -> list[str]:
    """'Afghanistan, ER, Soudan' → ['AF', 'ER', 'SD']; raises ValidationError naming the unknown."""
    import pycountry  # 8 MB of country data: loaded when a nationality is typed

    codes, unknown = [], []
    for part in (p.strip() for p in text.replace(";", ",").split(",")):
        if not part:
            continue
        country = pycountry.countries.get(alpha_2=part.upper()) or pycountry.countries.get(
            alpha_3=part.upper()
        )
        if country is None:
            try:
                country = pycountry.countries.search_fuzzy(part)[0]
            except LookupError:
                country = None
        if country is None:
            unknown.append(part)
        elif country.alpha_2 not in codes:
            codes.append(country.alpha_2)
    if unknown:
        raise forms.ValidationError(
            _("Pays inconnu : %(names)s. Écrivez le nom en français ou en anglais, ou le code."),
            params={"names": ", ".join(unknown)},
        )
    return codes


class PersonForm(VersionedFormMixin, TokenFormMixin, forms.Form):
    """Identity, contacts and identifiers of a person (stored encrypted)."""

    name = forms.CharField(label=_("Nom d’usage"), max_length=200)
    spellings = forms.CharField(
        label=_("Autres noms et graphies"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Une par ligne : nom légal, autres orthographes, écriture d’origine."),
    )
    birth_date = forms.DateField(label=_("Date de naissance"), required=False, widget=DATE)
    birth_precision = forms.ChoiceField(
        label=_("Précision de la date"), choices=BirthPrecision.choices, initial="exact"
    )
    nationalities = forms.CharField(
        label=_("Nationalités"),
        required=False,
        max_length=300,
        help_text=_("Séparées par des virgules, par exemple : Afghanistan, Érythrée."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Langues parlées"),
        choices=LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    interpreter_needed = forms.BooleanField(label=_("Besoin d’interprète"), required=False)
    phone = forms.CharField(label=_("Téléphone"), max_length=30, required=False)
    phone_safe = forms.BooleanField(
        label=_("On peut appeler ou écrire sans risque"), required=False
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    email_safe = forms.BooleanField(label=_("On peut écrire sans risque"), required=False)
    preferred = forms.ChoiceField(
        label=_("Moyen préféré"), choices=[("", "—"), *CONTACT_KINDS], required=False
    )
    domiciliation = forms.CharField(
        label=_("Adresse de domiciliation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    notes = forms.CharField(
        label=_("Notes confidentielles"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, instance=None, **kwargs):
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_from(instance)
        super().__init__(*args, **kwargs)
        for kind, label in IdentifierKind.choices:
            self.fields[f"id_{kind}"] = forms.CharField(label=label, max_length=40, required=False)

    @staticmethod
    def initial_from(person) -> dict:
        contacts = {c.get("kind"): c for c in person.contacts}
        phone = next((c for c in person.contacts if c.get("kind") != "email"), {})
        email = contacts.get("email", {})
        preferred = next((c.get("kind") for c in person.contacts if c.get("preferred")), "")
        initial = {
            "name": person.name,
            "spellings": "\n".join(person.spellings),
            "birth_date": person.birth_date,
            "birth_precision": person.birth_precision,
            "nationalities": ", ".join(person.nationalities),
            "languages": person.languages,
            "interpreter_needed": person.interpreter_needed,
            "phone": phone.get("value", ""),
            "phone_safe": phone.get("safe", False),
            "email": email.get("value", ""),
            "email_safe": email.get("safe", False),
            "preferred": preferred,
            "domiciliation": person.domiciliation,
            "notes": person.notes,
        }
        for kind, value in person.identifiers.items():
            initial[f"id_{kind}"] = value
        return initial

    def clean_nationalities(self) -> list[str]:
        return parse_countries(self.cleaned_data["nationalities"])

    def clean_phone(self) -> str:
        value = self.cleaned_data["phone"].strip()
        if value and phones.to_e164(value) is None:
            raise forms.ValidationError(_("Ce numéro de téléphone n’est pas valide."))
        return value

    def values(self) -> dict:
        """The person's fields, as stored (lists and dicts for the encrypted JSON fields)."""
        data = self.cleaned_data
        contacts = []
        preferred = data["preferred"]
        if data["phone"]:
            # The number is stored once, under the messaging app the person prefers, if any.
            kind = preferred if preferred in {"sms", "whatsapp", "signal"} else "phone"
            contacts.append(
                {
                    "kind": kind,
                    "value": data["phone"],
                    "safe": data["phone_safe"],
                    "preferred": preferred not in {"", "email"},
                }
            )
        if data["email"]:
            contacts.append(
                {
                    "kind": "email",
                    "value": data["email"],
                    "safe": data["email_safe"],
                    "preferred": data["preferred"] == "email",
                }
            )
        identifiers = {
            kind: data[f"id_{kind}"].strip()
            for kind, _label in IdentifierKind.choices
            if data.get(f"id_{kind}", "").strip()
        }
        return {
            "name": data["name"].strip(),
            "spellings": [s.strip() for s in data["spellings"].splitlines() if s.strip()],
            "birth_date": data["birth_date"],
            "birth_precision": data["birth_precision"],
            "nationalities": data["nationalities"],
            "languages": data["languages"],
            "interpreter_needed": data["interpreter_needed"],
            "contacts": contacts,
            "domiciliation": data["domiciliation"],
            "identifiers": identifiers,
            "notes": data["notes"],
        }


class PersonCreateForm(PersonForm):
    organisation = forms.ModelChoiceField(label=_("Groupe"), queryset=None, empty_label=None)
    situation = forms.ChoiceField(
        label=_("Situation administrative"),
        choices=[("", "—"), *AdminSituation.choices],
        required=False,
    )
    consent_language = forms.ChoiceField(
        label=_("Information sur ses données donnée en"),
        choices=settings.LANGUAGES,
        help_text=_(
            "La personne a été informée de l’enregistrement de ses données et l’a accepté."
        ),
    )
    not_a_duplicate = forms.BooleanField(
        label=_("J’ai vérifié : ce n’est aucune des personnes ci-dessus"), required=False
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if organisations.count() == 1:
            self.fields["organisation"].widget = forms.HiddenInput()
            self.fields["organisation"].initial = organisations.first()


class MembersChoiceField(forms.ModelMultipleChoiceField):
    """The group's members chosen by id; an id beyond the database's integers is an invalid
    choice (Django checks each id alone, then reads them all with an ``__in`` lookup, which
    passes them to the database unbounded: SQLite then fails with OverflowError)."""

    def _check_values(self, value):
        ops = connections[self.queryset.db].ops
        lowest, highest = ops.integer_field_range(self.queryset.model._meta.pk.get_internal_type())
        for pk in value if isinstance(value, list | tuple) else ():
            try:
                out_of_range = not lowest <= int(pk) <= highest
            except (TypeError, ValueError):
                continue  # Django's own check names it
            if out_of_range:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super()._check_values(value)


class CaseCreateForm(TokenFormMixin, forms.ModelForm):
    topics = forms.MultipleChoiceField(
        label=_("Thèmes"), choices=CaseTopic.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Case
        fields = ["topics", "assignees", "legal_referent"]
        field_classes = {"assignees": MembersChoiceField}
        widgets = {"assignees": forms.CheckboxSelectMultiple}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        users = (
            get_user_model()
            .objects.filter(
                memberships__organisation=organisation,
                memberships__role__in=[Role.VOLUNTEER, Role.LEGAL_REFERENT, Role.COORDINATOR],
            )
            .order_by("display_name", "email")
        )
        self.fields["assignees"].queryset = users
        self.fields["legal_referent"].queryset = users.filter(
            memberships__role__in=[Role.LEGAL_REFERENT, Role.COORDINATOR]
        )


class CaseForm(VersionedFormMixin, CaseCreateForm):
    class Meta(CaseCreateForm.Meta):
        fields = ["topics", "status", "outcome", "assignees", "legal_referent"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == "closed" and not cleaned.get("outcome"):
            self.add_error("outcome", _("Indiquez l’issue pour clore le dossier."))
        return cleaned


def referral_desks(organisation):
    """The desks a case of ``organisation`` can be referred to, by name: the published desks of
    the départements where the group has a place and those without a place (phone lines,
    nationwide services), or every published desk when the group has no place.

    Not the whole directory: with thousands of desks the select is of no use to anyone, and
    rendering it took a second per case page (``make bench``, cases stage)."""
    from permanence.directory.models import Desk
    from permanence.orgs.models import Place

    places = Place.objects.filter(organisation=organisation)
    nearby = Q(place__isnull=True) | Q(place__departement__in=places.values("departement"))
    return (
        Desk.objects.published()
        .filter(nearby | ~Exists(places))
        .only("id", "name")
        .order_by("name", "id")
    )


class EntryForm(TokenFormMixin, forms.ModelForm):
    """One form per kind of timeline entry; ``FIELDS`` says which fields each kind uses."""

    FIELDS = {
        "contact": ["occurred_at", "channel", "duration_minutes", "text"],
        "note": ["text"],
        "decision": [
            "decision_type",
            "decision_taken_on",
            "decision_notified_at",
            "notification_method",
            "person_situation",
            "text",
        ],
        "appointment": ["authority", "appointment_at", "text"],
        "task": ["text", "task_due", "task_assignee"],
        "referral": ["referral_desk", "referral_status", "text"],
    }
    REQUIRED = {
        "contact": ["channel", "text"],
        "note": ["text"],
        "decision": ["decision_type", "decision_notified_at", "person_situation"],
        "appointment": ["authority", "appointment_at"],
        "task": ["text"],  # a task may have no day yet: « Ma journée » lists it « Sans échéance »
        "referral": ["referral_desk", "referral_status"],
    }

    class Meta:
        model = Entry
        fields = [
            "occurred_at",
            "channel",
            "duration_minutes",
            "text",
            "decision_type",
            "decision_taken_on",
            "decision_notified_at",
            "notification_method",
            "person_situation",
            "authority",
            "appointment_at",
            "task_due",
            "task_assignee",
            "referral_desk",
            "referral_status",
        ]
        widgets = {
            "occurred_at": DATETIME,
            "decision_taken_on": DATE,
            "decision_notified_at": DATETIME,
            "appointment_at": DATETIME,
            "task_due": DATE,
            "text": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, kind: str, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.instance.kind = kind
        for name in list(self.fields):
            if name not in self.FIELDS[kind] and name != "token":
                del self.fields[name]
        for name in self.REQUIRED[kind]:
            self.fields[name].required = True
        if "task_due" in self.fields:
            self.fields["task_due"].help_text = _(
                "Laissez vide s’il n’y a pas encore de date : la tâche reste à faire, "
                "sans échéance."
            )
        if "task_assignee" in self.fields:
            from django.contrib.auth import get_user_model

            self.fields["task_assignee"].queryset = get_user_model().objects.filter(
                memberships__organisation=case.organisation
            )
        if "referral_desk" in self.fields:
            self.fields["referral_desk"].queryset = referral_desks(case.organisation)
        if "text" in self.fields:
            self.fields["text"].label = {
                "contact": _("Résumé"),
                "note": _("Note"),
                "task": _("Tâche à faire"),
            }.get(kind, _("Précisions"))

    def clean(self):
        cleaned = super().clean()
        taken, notified = cleaned.get("decision_taken_on"), cleaned.get("decision_notified_at")
        if taken and notified and notified.date() < taken:
            self.add_error(
                "decision_notified_at",
                _("La notification ne peut pas précéder la décision."),
            )
        for name in ("decision_taken_on", "decision_notified_at", "appointment_at", "occurred_at"):
            value = cleaned.get(name)
            if value is not None and value.year < 1990:
                self.add_error(name, _("Cette date est trop ancienne : vérifiez l’année."))
        return cleaned


class ReferralStatusForm(forms.Form):
    """The status of a referral already on the timeline, and the one the page showed."""

    status = forms.ChoiceField(label=_("Statut de l’orientation"), choices=ReferralStatus.choices)
    seen = forms.ChoiceField(
        choices=[("", "")] + list(ReferralStatus.choices), required=False, widget=forms.HiddenInput
    )


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif de l’accès exceptionnel"),
        min_length=15,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ce motif est enregistré et montré à la coordination du groupe."),
    )


class ShareForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Groupe"), queryset=None)
    transfer = forms.BooleanField(
        label=_("Transférer (le groupe actuel n’aura plus accès)"), required=False
    )
    consent_language = forms.ChoiceField(
        label=_("La personne a donné son accord, informée en"), choices=settings.LANGUAGES
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class DocumentForm(TokenFormMixin, forms.Form):
    doc_type = forms.ChoiceField(label=_("Type de document"), choices=DocumentType.choices)
    file = forms.FileField(
        label=_("Fichier (PDF, JPEG, PNG ou HEIC, 20 Mo au plus)"),
        error_messages={"required": NO_FILE_MESSAGE},
    )


class SituationForm(forms.ModelForm):
    class Meta:
        model = SituationRecord
        fields = ["situation", "permit_type", "valid_from", "expires_on"]
        widgets = {"valid_from": DATE, "expires_on": DATE}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("valid_from"), cleaned.get("expires_on")
        if start and end and end < start:
            self.add_error("expires_on", _("La date d’expiration précède la date de début."))
        return cleaned


class ConsentForm(forms.ModelForm):
    information_language = forms.ChoiceField(
        label=_("Information donnée en"), choices=settings.LANGUAGES
    )

    class Meta:
        model = Consent
        fields = ["scope", "given", "method", "information_language"]


class HouseholdForm(forms.Form):
    relative = forms.UUIDField(
        label=_("Identifiant de la fiche du proche"),
        help_text=_("Ouvrez la fiche du proche : l’identifiant est dans son adresse."),
    )
    relation = forms.ChoiceField(label=_("Lien"), choices=Relation.choices)
