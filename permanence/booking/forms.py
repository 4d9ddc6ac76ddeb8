"""Booking forms: the volunteers' (during a phone call) and the public one (the least possible, with
a honeypot and a minimum fill time), and the coordinators' reason form."""

import re

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from permanence.booking.models import AppointmentStatus, BookingReason, receives_sms
from permanence.cases.forms import TokenFormMixin
from permanence.core.lib import antispam, phones

FIRST_NAME_MAX = 60
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
FORM_SALT = "permanence.booking.public-form"
MIN_FILL_SECONDS = 3  # a person needs more than this to fill the public form
MAX_FORM_AGE = 6 * 3600


def form_stamp(at: float | None = None) -> str:
    """The signed moment the public form was shown (checked when it comes back)."""
    return antispam.stamp(salt=FORM_SALT, at=at)


class TelInput(forms.TextInput):
    input_type = "tel"


def _no_control_characters(value: str) -> str:
    if CONTROL_CHARACTERS.search(value):
        raise forms.ValidationError(_("Ce champ contient des caractères non autorisés."))
    return value


class BookingForm(TokenFormMixin, forms.Form):
    """What a booking needs: a slot, a first name, a phone or an e-mail, a language."""

    slot = forms.IntegerField(
        label=_("Créneau"),
        min_value=1,
        max_value=2**63 - 1,
        error_messages={
            "required": _("Choisissez un créneau."),
            "invalid": _("Choisissez un créneau."),
            "min_value": _("Choisissez un créneau."),
            "max_value": _("Choisissez un créneau."),
        },
    )
    first_name = forms.CharField(
        label=_("Prénom"),
        max_length=FIRST_NAME_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "given-name", "dir": "auto"}),
    )
    phone = forms.CharField(
        label=_("Téléphone portable"),
        required=False,
        max_length=30,
        help_text=_("Pour recevoir la confirmation et les rappels par SMS."),
        widget=TelInput(attrs={"autocomplete": "tel", "dir": "ltr"}),
    )
    email = forms.EmailField(
        label=_("Ou adresse e-mail"),
        required=False,
        max_length=254,
        error_messages={
            "invalid": _("Cette adresse e-mail n’est pas valide. Exemple : prenom@exemple.fr")
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "dir": "ltr"}),
    )
    language = forms.ChoiceField(label=_("Langue des messages"), choices=settings.LANGUAGES)
    reminders_opt_out = forms.BooleanField(
        label=_("Je ne veux pas de rappel avant le rendez-vous"), required=False
    )

    def clean_first_name(self) -> str:
        name = " ".join(_no_control_characters(self.cleaned_data["first_name"]).split())
        if not name:
            raise forms.ValidationError(_("Indiquez un prénom."))
        return name

    def clean_phone(self) -> str:
        text = _no_control_characters(self.cleaned_data["phone"].strip())
        if not text:
            return ""
        number = phones.to_e164(text)
        if number is None:
            raise forms.ValidationError(
                _("Ce numéro de téléphone n’est pas valide. Exemple : 06 12 34 56 78.")
            )
        return number

    def clean_email(self) -> str:
        return _no_control_characters(self.cleaned_data["email"].strip()).lower()

    def clean(self) -> dict:
        data = super().clean()
        if not self.errors and not data.get("phone") and not data.get("email"):
            raise forms.ValidationError(
                _("Indiquez un téléphone portable ou une adresse e-mail, pour la confirmation.")
            )
        return data

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "slot_id": data["slot"],
            "first_name": data["first_name"],
            "phone": data["phone"],
            "email": data["email"],
            "language": data["language"],
            "reminders_opt_out": data["reminders_opt_out"],
            "creation_token": data.get("token"),
        }


class PublicBookingForm(BookingForm):
    """The public form adds two traps for robots: a field people never see (``website``) and the
    signed moment the form was shown (``started``): robots fill everything, and fast."""

    website = forms.CharField(
        label=_("Ne pas remplir ce champ"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    started = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200)

    def clean_phone(self) -> str:
        """Online, the confirmation must reach the person: no landline."""
        number = super().clean_phone()
        if number and not receives_sms(number):
            raise forms.ValidationError(
                _("Ce numéro ne reçoit pas de SMS : donnez un portable ou une adresse e-mail.")
            )
        return number

    def clean(self) -> dict:
        data = super().clean()
        if data.get("website"):
            raise forms.ValidationError(_("Votre demande n’a pas pu être enregistrée."))
        age = antispam.age(data.get("started"), salt=FORM_SALT)
        if age is None:
            raise forms.ValidationError(_("Rechargez la page puis envoyez de nouveau."))
        if age > MAX_FORM_AGE:
            raise forms.ValidationError(
                _("La page est restée ouverte longtemps : vérifiez puis envoyez de nouveau.")
            )
        if age < MIN_FILL_SECONDS:
            raise forms.ValidationError(
                _("Vous avez été très rapide : vérifiez le formulaire puis envoyez de nouveau.")
            )
        return data


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=AppointmentStatus.choices)


class ReasonForm(forms.ModelForm):
    """One form creates and edits a reason; translations of the label in one field each."""

    class Meta:
        model = BookingReason
        fields = ["label", "duration_minutes", "capacity", "public", "max_days_ahead", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        translations = self.instance.translations or {}
        for code, name in self.translation_languages():
            self.fields[f"label_{code}"] = forms.CharField(
                label=name, required=False, max_length=120, initial=translations.get(code, "")
            )
            self.fields[f"label_{code}"].widget.attrs.update({"lang": code, "dir": "auto"})

    @staticmethod
    def translation_languages() -> list[tuple[str, str]]:
        return [(code, name) for code, name in settings.LANGUAGES if code != "fr"]

    def translation_fields(self):
        return [self[f"label_{code}"] for code, _name in self.translation_languages()]

    def clean_label(self) -> str:
        return " ".join(_no_control_characters(self.cleaned_data["label"]).split())

    def clean(self) -> dict:
        data = super().clean()
        for code, _name in self.translation_languages():
            try:
                _no_control_characters(data.get(f"label_{code}") or "")
            except forms.ValidationError as error:
                self.add_error(f"label_{code}", error)
        return data

    def save(self, commit: bool = True) -> BookingReason:
        self.instance.translations = {
            code: text
            for code, _name in self.translation_languages()
            if (text := " ".join((self.cleaned_data.get(f"label_{code}") or "").split()))
        }
        return super().save(commit=commit)
