import uuid
from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from permanence.directory.vocab import LANGUAGES
from permanence.helpline import territory
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
    is_language_code,
)

MAX_UPLOAD_MEGABYTES = 20
DEPARTEMENT_MESSAGE = _(
    "Département inconnu : tapez son numéro (93), son nom (Seine-Saint-Denis) ou un code postal."
)
LANGUAGE_MESSAGE = _("Langue inconnue : tapez son code (ar, en…) ou son nom (arabe, anglais…).")
# Languages suggested while typing: the two-letter codes of the directory's list.
LANGUAGE_SUGGESTIONS = [(code, label) for code, label in LANGUAGES if len(code) == 2]


def parse_language(text: str) -> str:
    """'ar', 'AR' or 'arabe' → 'ar'; '' when blank; ValidationError otherwise."""
    cleaned = text.strip().lower()
    if not cleaned:
        return ""
    if is_language_code(cleaned):
        return cleaned
    for code, label in LANGUAGE_SUGGESTIONS:
        if str(label).lower() == cleaned:
            return code
    raise forms.ValidationError(LANGUAGE_MESSAGE, code="language")


def now_local() -> str:
    return timezone.now().astimezone(PARIS).strftime("%Y-%m-%dT%H:%M")


class CallSheetForm(forms.ModelForm):
    """The sheet an operator fills in during or right after a call, with the keyboard only."""

    called_at = forms.DateTimeField(
        label=_("Date et heure"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    caller_type = forms.ChoiceField(
        label=_("Qui appelle ?"), choices=CallerType.choices, widget=forms.RadioSelect
    )
    caller_gender = forms.ChoiceField(
        label=_("Particulier"),
        choices=CallerGender.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    professional_kind = forms.ChoiceField(
        label=_("Professionnel"),
        choices=ProfessionalKind.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    departement = forms.CharField(
        label=_("Département d’appel"),
        max_length=60,
        required=False,
        help_text=_("93, Seine-Saint-Denis ou 75011."),
        widget=forms.TextInput(attrs={"list": "departements", "autocomplete": "off"}),
    )
    origin_region = forms.ChoiceField(
        label=_("Origine"),
        choices=OriginRegion.choices,
        widget=forms.RadioSelect,
        required=False,
        initial=OriginRegion.UNKNOWN,
    )
    topics = forms.MultipleChoiceField(
        label=_("Thèmes"),
        choices=Topic.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    language = forms.CharField(
        label=_("Langue de l’appel"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"list": "languages", "autocomplete": "off", "size": 10}),
    )
    answer = forms.ChoiceField(
        label=_("Réponse"),
        choices=Answer.choices,
        widget=forms.RadioSelect,
        required=False,
        initial=Answer.INFORMATION,
    )
    token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = CallSheet
        fields = [
            "called_at",
            "duration_minutes",
            "caller_type",
            "caller_gender",
            "professional_kind",
            "departement",
            "origin_region",
            "topics",
            "language",
            "answer",
            "referral",
        ]
        widgets = {
            "duration_minutes": forms.NumberInput(attrs={"min": 0, "max": 600, "size": 4}),
            "referral": forms.TextInput(attrs={"autocomplete": "off"}),
        }
        help_texts = {"referral": _("Vers qui ? Sans nom, sans numéro, sans adresse.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["called_at"].initial = now_local()
        self.fields["token"].initial = uuid.uuid4()

    def clean_called_at(self):
        value = self.cleaned_data["called_at"]
        if value > timezone.now() + timedelta(hours=1):
            raise forms.ValidationError(_("Cet appel serait dans le futur."))
        if value.year < 2000:
            raise forms.ValidationError(_("Cette date est trop ancienne."))
        return value

    def clean_departement(self):
        try:
            return territory.parse_departement(self.cleaned_data["departement"])
        except ValueError:
            raise forms.ValidationError(DEPARTEMENT_MESSAGE, code="departement") from None

    def clean_language(self):
        return parse_language(self.cleaned_data["language"])

    def clean_origin_region(self):
        return self.cleaned_data["origin_region"] or OriginRegion.UNKNOWN

    def clean(self):
        """Keep only the answers that go with the type of caller (a changed mind is no error)."""
        data = super().clean()
        if data.get("caller_type") == CallerType.INDIVIDUAL:
            data["professional_kind"] = ""
            data["caller_gender"] = data.get("caller_gender") or CallerGender.UNKNOWN
        elif data.get("caller_type") == CallerType.PROFESSIONAL:
            data["caller_gender"] = ""
        return data


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier CSV ou XLSX"),
        help_text=_("Colonnes et valeurs : voir le modèle ci-dessous. 20 Mo au plus."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
    skip_invalid = forms.BooleanField(
        label=_("Importer les lignes valides même s’il y a des erreurs"),
        required=False,
        help_text=_("Sinon, un fichier qui contient une erreur n’importe rien."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_MEGABYTES * 1024 * 1024:
            raise forms.ValidationError(_("Le fichier dépasse 20 Mo : découpez-le."))
        return upload


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Année"), min_value=2000, max_value=2100)


class ReportBudgetForm(forms.ModelForm):
    focus_departement = forms.CharField(
        label=_("Département du financeur"),
        max_length=60,
        required=False,
        help_text=_("Le rapport détaille les appels de ce département (75 pour Paris)."),
    )

    class Meta:
        model = ReportBudget
        fields = ["funder", "requested_amount", "focus_departement"]

    def clean_focus_departement(self):
        try:
            return territory.parse_departement(self.cleaned_data["focus_departement"])
        except ValueError:
            raise forms.ValidationError(DEPARTEMENT_MESSAGE, code="departement") from None


class BudgetLineForm(forms.ModelForm):
    class Meta:
        model = BudgetLine
        fields = ["kind", "category", "amount"]
        widgets = {"category": forms.TextInput(attrs={"list": "budget-categories"})}


BudgetLineFormSet = forms.inlineformset_factory(
    ReportBudget, BudgetLine, form=BudgetLineForm, extra=3, can_delete=True, max_num=60
)

# Headings of the associations' budget form (Cerfa n° 12156), suggested while typing.
BUDGET_CATEGORIES = {
    BudgetLineKind.EXPENSE: [
        "Achats",
        "Services extérieurs",
        "Autres services extérieurs",
        "Impôts et taxes",
        "Charges de personnel",
        "Autres charges de gestion courante",
        "Dotations aux amortissements",
    ],
    BudgetLineKind.INCOME: [
        "Ventes, prestations de services",
        "Subventions d’exploitation",
        "Cotisations",
        "Dons",
        "Autres produits",
    ],
}
