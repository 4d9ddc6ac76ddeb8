from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from permanence.cases.forms import TokenFormMixin
from permanence.cases.vocab import CaseTopic
from permanence.core.lib import phones
from permanence.directory.vocab import LANGUAGES
from permanence.inbox import antispam
from permanence.inbox.models import (
    CONTACT_MAX,
    NAME_MAX,
    PHONE_ANSWERS,
    TEXT_MAX,
    AnswerChannel,
    Channel,
    RequestQuerySet,
    State,
)

LANGUAGE_CODES = {code for code, _label in LANGUAGES}
# Site languages whose code differs from the directory's language list.
SITE_TO_LANGUAGE = {"fa-af": "prs"}
TOO_LONG = _(
    "Votre message fait %(show_value)d caractères : %(limit_value)d au plus. Gardez l’essentiel, "
    "nous vous poserons nos questions ensuite."
)
NOTE_MAX = 5000


def page_language() -> str:
    """The language of the page, as a code of the language list (or "")."""
    code = (get_language() or "").lower()
    code = SITE_TO_LANGUAGE.get(code, code.split("-")[0])
    return code if code in LANGUAGE_CODES else ""


def clean_contact(value: str, answer_channel: str) -> str:
    """A phone number in E.164 form, or an e-mail address, as the answer channel needs."""
    value = value.strip()
    if "\r" in value or "\n" in value:
        raise ValidationError(_("Indiquez une seule adresse ou un seul numéro, sur une ligne."))
    if answer_channel == AnswerChannel.EMAIL:
        try:
            validate_email(value)
        except ValidationError:
            raise ValidationError(
                _("Cette adresse e-mail n’est pas valide. Exemple : prenom@exemple.fr")
            ) from None
        local, _at, domain = value.rpartition("@")
        return f"{local}@{domain.lower()}"
    number = phones.to_e164(value)
    if number is None:
        if "@" in value:
            raise ValidationError(
                _("Pour une réponse par e-mail, choisissez « E-mail ». Sinon, indiquez un numéro.")
            )
        raise ValidationError(
            _(
                "Ce numéro de téléphone n’est pas valide. Exemples : 06 12 34 56 78, "
                "+44 7700 900123."
            )
        )
    return number


def _text_field(label, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=TEXT_MAX,
        error_messages={"max_length": TOO_LONG},
        widget=forms.Textarea(attrs={"rows": 8, "dir": "auto"}),
        **kwargs,
    )


class PublicRequestForm(TokenFormMixin, forms.Form):
    """The form of a desk's public page: a question, and how to answer it."""

    text = _text_field(
        _("Décrivez votre question"),
        help_text=_(
            "Dans votre langue si vous préférez. Évitez d’écrire ici vos numéros de dossier."
        ),
    )
    answer_channel = forms.ChoiceField(
        label=_("Comment voulez-vous que nous vous répondions ?"),
        choices=AnswerChannel.choices,
        widget=forms.RadioSelect,
    )
    contact = forms.CharField(
        label=_("Votre numéro de téléphone ou votre adresse e-mail"),
        max_length=CONTACT_MAX,
        help_text=_("Nous ne l’utilisons que pour vous répondre."),
        widget=forms.TextInput(attrs={"dir": "ltr"}),
    )
    name = forms.CharField(
        label=_("Votre prénom ou un pseudonyme (facultatif)"),
        max_length=NAME_MAX,
        required=False,
        widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "given-name"}),
    )
    language = forms.ChoiceField(
        label=_("Votre langue"), choices=[("", _("Non précisée")), *LANGUAGES], required=False
    )
    # Never shown to people (its paragraph is `hidden`): only robots fill it.
    website = forms.CharField(
        label=_("Laissez ce champ vide"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = page_language()
        self.fields["started"].initial = antispam.started_token()

    def clean(self):
        cleaned = super().clean()
        if "contact" in cleaned and cleaned.get("answer_channel"):
            try:
                cleaned["contact"] = clean_contact(cleaned["contact"], cleaned["answer_channel"])
            except ValidationError as error:
                self.add_error("contact", error)
        return cleaned

    def restart_clock(self) -> None:
        """Show the form again with a new start time (the person sends it once more)."""
        data = self.data.copy()
        data["started"] = antispam.started_token()
        self.data = data

    def values(self) -> dict:
        data = self.cleaned_data
        fields = ["text", "answer_channel", "contact", "name", "language"]
        return {name: data[name] for name in fields}


class LogRequestForm(TokenFormMixin, forms.Form):
    """A volunteer writes down a call or a message: keyboard only, in well under 30 seconds."""

    channel = forms.ChoiceField(
        label=_("Reçue par"),
        choices=[choice for choice in Channel.choices if choice[0] != Channel.WEB],
        initial=Channel.PHONE,
        widget=forms.Select(attrs={"autofocus": True}),
    )
    contact = forms.CharField(
        label=_("Numéro ou adresse e-mail"),
        max_length=CONTACT_MAX,
        required=False,
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}),
    )
    answer_channel = forms.ChoiceField(
        label=_("Répondre par"),
        choices=[("", _("Le même canal")), *AnswerChannel.choices],
        required=False,
    )
    name = forms.CharField(
        label=_("Prénom ou pseudonyme"),
        max_length=NAME_MAX,
        required=False,
        widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "off"}),
    )
    language = forms.ChoiceField(
        label=_("Langue"), choices=[("", _("Non précisée")), *LANGUAGES], required=False
    )
    text = _text_field(_("La demande"))
    desk = forms.ModelChoiceField(
        label=_("Permanence"), queryset=None, required=False, empty_label=_("—")
    )
    take = forms.BooleanField(label=_("Je m’en occupe"), required=False)

    def __init__(self, *args, desks, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = list(organisations)
        self.fields["desk"].queryset = desks
        several = len(self.organisations) > 1
        self.fields["desk"].label_from_instance = lambda desk: (
            f"{desk.name} ({desk.organisation.name})" if several else desk.name
        )
        desk_list = list(desks)
        if len(desk_list) == 1:
            self.fields["desk"].initial = desk_list[0].pk

    def clean(self):
        cleaned = super().clean()
        channel = cleaned.get("channel")
        contact = cleaned.get("contact", "")
        answer = cleaned.get("answer_channel") or ""
        if not answer and channel:
            if channel in AnswerChannel.values:
                answer = channel
            elif contact:
                answer = AnswerChannel.EMAIL if "@" in contact else AnswerChannel.PHONE
        if answer in PHONE_ANSWERS and "@" in contact and not cleaned.get("answer_channel"):
            answer = AnswerChannel.EMAIL  # a message received by phone, answered by e-mail
        cleaned["answer_channel"] = answer
        if contact:
            try:
                cleaned["contact"] = clean_contact(contact, answer)
            except ValidationError as error:
                self.add_error("contact", error)
        desk = cleaned.get("desk")
        if desk is not None:
            cleaned["organisation"] = desk.organisation
        elif len(self.organisations) == 1:
            cleaned["organisation"] = self.organisations[0]
        else:
            self.add_error(
                "desk", _("Choisissez la permanence : vous êtes dans plusieurs groupes.")
            )
        return cleaned

    def values(self) -> dict:
        data = self.cleaned_data
        fields = ["channel", "contact", "answer_channel", "name", "language", "text"]
        return {name: data[name] for name in fields}


class StateForm(forms.Form):
    """Answered, closed or reopened: from the version the volunteer was looking at."""

    ACTIONS = [
        ("answer", _("Répondue")),
        ("close", _("Close")),
        ("reopen", _("Rouverte")),
    ]
    action = forms.ChoiceField(choices=ACTIONS)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    note = forms.CharField(
        label=_("Ce qui a été fait (facultatif)"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Ajouter une note"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )


class CaseFromRequestForm(TokenFormMixin, forms.Form):
    """A case for an existing person (``person``) or a new one (``new_name``)."""

    person = forms.UUIDField(required=False, widget=forms.HiddenInput)
    new_name = forms.CharField(
        label=_("Nom d’usage de la nouvelle personne"), max_length=200, required=False
    )
    topics = forms.MultipleChoiceField(
        label=_("Thèmes du dossier"),
        choices=CaseTopic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("« Autre » si rien n’est coché."),
    )
    summary = forms.CharField(
        label=_("Contact ajouté au suivi"),
        max_length=TEXT_MAX + 1000,
        widget=forms.Textarea(attrs={"rows": 8, "dir": "auto"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def clean(self):
        cleaned = super().clean()
        cleaned["new_name"] = (cleaned.get("new_name") or "").strip()
        if not cleaned.get("person") and not cleaned["new_name"]:
            self.add_error("new_name", _("Indiquez le nom de la personne, ou choisissez-la."))
        return cleaned


class InboxFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("État"),
        choices=[("", _("À traiter")), *State.choices, ("all", _("Toutes"))],
        required=False,
    )
    owner = forms.ChoiceField(
        label=_("Prise en charge"),
        choices=[("", _("Peu importe")), ("mine", _("Par moi")), ("unassigned", _("Par personne"))],
        required=False,
    )

    def filter(self, requests: RequestQuerySet, user) -> RequestQuerySet:
        data = self.cleaned_data if self.is_valid() else {}
        state = data.get("state", "")
        if state == "":
            requests = requests.open()
        elif state != "all":
            requests = requests.filter(state=state)
        if data.get("owner") == "mine":
            requests = requests.owned_by(user)
        elif data.get("owner") == "unassigned":
            requests = requests.unassigned()
        return requests.select_related("desk", "owner").order_by("-received_at", "id")
