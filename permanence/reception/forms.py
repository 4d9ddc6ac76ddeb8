from django import forms
from django.utils.translation import gettext_lazy as _

from permanence.cases.forms import TokenFormMixin
from permanence.directory.vocab import LANGUAGES
from permanence.reception.models import ArrivalStatus, Reason, RotaRole, board_name

MAX_CHILDREN = 20


class ArrivalForm(TokenFormMixin, forms.Form):
    """The quick form of the reception: a first name and four answers, Enter to save."""

    first_name = forms.CharField(
        label=_("Prénom ou pseudonyme"),
        max_length=60,
        help_text=_("Un prénom, un pseudonyme ou des initiales : jamais le nom complet."),
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off", "dir": "auto"}),
    )
    language = forms.ChoiceField(
        label=_("Langue"), choices=[("", _("Non précisée")), *LANGUAGES], required=False
    )
    reason = forms.ChoiceField(label=_("Motif"), choices=Reason.choices, initial=Reason.OTHER)
    reason_note = forms.CharField(
        label=_("Précision"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    children = forms.IntegerField(
        label=_("Enfants présents"), min_value=0, max_value=MAX_CHILDREN, initial=0
    )
    interpreter_needed = forms.BooleanField(label=_("Besoin d’interprète"), required=False)

    def clean_first_name(self) -> str:
        name = board_name(self.cleaned_data["first_name"])
        if not name:
            raise forms.ValidationError(_("Indiquez un prénom, un pseudonyme ou des initiales."))
        return name

    def values(self) -> dict:
        fields = ["first_name", "language", "reason", "reason_note", "children"]
        values = {name: self.cleaned_data[name] for name in fields}
        values["interpreter_needed"] = self.cleaned_data["interpreter_needed"]
        values["creation_token"] = self.cleaned_data["token"]
        return values


class TakeForm(forms.Form):
    room = forms.CharField(label=_("Salle"), max_length=40, required=False)


class MoveForm(forms.Form):
    status = forms.ChoiceField(
        choices=[
            (status.value, status.label)
            for status in (ArrivalStatus.DONE, ArrivalStatus.LEFT, ArrivalStatus.REDIRECTED)
        ]
    )


class RotaForm(forms.Form):
    role = forms.ChoiceField(label=_("Rôle"), choices=RotaRole.choices)


class LinkForm(TokenFormMixin, forms.Form):
    """The contact added to a case from an interview: which person, which case, a summary."""

    person = forms.UUIDField(widget=forms.HiddenInput)
    case = forms.UUIDField(label=_("Dossier"))
    text = forms.CharField(
        label=_("Résumé de l’entretien"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, cases=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(case.pk, ", ".join(case.topic_labels()) or str(case.pk)) for case in cases]
        self.fields["case"] = forms.TypedChoiceField(
            label=_("Dossier"), choices=choices, widget=forms.RadioSelect, coerce=str
        )
        if len(choices) == 1:
            self.fields["case"].initial = choices[0][0]
