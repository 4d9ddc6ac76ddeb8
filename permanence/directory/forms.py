from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext_lazy as _

from permanence.core.lib import phones
from permanence.core.lib.concurrency import VersionedFormMixin
from permanence.directory.models import (
    Channel,
    Closure,
    Desk,
    DeskText,
    ExtraSession,
    ScheduleRule,
)
from permanence.directory.vocab import (
    LANGUAGES,
    NTHS,
    WEEKDAYS,
    Audience,
    Kind,
    Mode,
    Topic,
)


class SearchForm(forms.Form):
    """The public search: where, and a few filters. Every field is optional."""

    q = forms.CharField(
        label=_("Ville, code postal ou département"), max_length=100, required=False
    )
    topic = forms.ChoiceField(
        label=_("Thème"), choices=[("", _("Tous"))] + Topic.choices, required=False
    )
    language = forms.ChoiceField(
        label=_("Langue parlée"), choices=[("", _("Toutes"))] + LANGUAGES, required=False
    )
    mode = forms.ChoiceField(
        label=_("Modalité"), choices=[("", _("Toutes"))] + Mode.choices, required=False
    )
    kind = forms.ChoiceField(
        label=_("Type"), choices=[("", _("Permanences et services"))] + Kind.choices, required=False
    )
    week = forms.BooleanField(label=_("Ouvert cette semaine"), required=False)
    lat = forms.FloatField(min_value=-90, max_value=90, required=False, widget=forms.HiddenInput)
    lon = forms.FloatField(min_value=-180, max_value=180, required=False, widget=forms.HiddenInput)


class PosterForm(forms.Form):
    first = forms.ChoiceField(label=_("Première langue"), initial="fr")
    second = forms.ChoiceField(label=_("Deuxième langue"), initial="ar")

    def __init__(self, *args, languages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first"].choices = languages
        self.fields["second"].choices = languages


class MultipleChoiceJSONField(forms.MultipleChoiceField):
    """A checkbox list stored in a JSONField list."""

    widget = forms.CheckboxSelectMultiple

    def prepare_value(self, value):
        return value or []


class IntChoicesField(forms.TypedMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, *args, **kwargs):
        super().__init__(*args, coerce=int, **kwargs)


class DeskForm(VersionedFormMixin, forms.ModelForm):
    audiences = MultipleChoiceJSONField(
        label=_("Pour qui"), choices=Audience.choices, required=False
    )
    topics = MultipleChoiceJSONField(label=_("Thèmes"), choices=Topic.choices, required=False)
    modes = MultipleChoiceJSONField(label=_("Modalités"), choices=Mode.choices, required=False)
    languages = MultipleChoiceJSONField(
        label=_("Langues parlées"), choices=LANGUAGES, required=False
    )

    class Meta:
        model = Desk
        fields = [
            "name",
            "slug",
            "kind",
            "category",
            "place",
            "summary",
            "description",
            "offers",
            "does_not_offer",
            "how_to_come",
            "audiences",
            "topics",
            "modes",
            "languages",
            "interpreters",
            "children_welcome",
            "free_of_charge",
            "accessibility",
            "closed_on_public_holidays",
            "public",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "offers": forms.Textarea(attrs={"rows": 3}),
            "does_not_offer": forms.Textarea(attrs={"rows": 3}),
            "how_to_come": forms.Textarea(attrs={"rows": 3}),
            "accessibility": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        self.fields["place"].queryset = organisation.places.all()

    def saved_fields(self) -> list[str]:
        return list(self.Meta.fields)


class RuleForm(forms.ModelForm):
    weekdays = IntChoicesField(label=_("Jours"), choices=WEEKDAYS)
    nths = IntChoicesField(label=_("Seulement les"), choices=NTHS, required=False)
    except_nths = IntChoicesField(label=_("Sauf les"), choices=NTHS, required=False)

    class Meta:
        model = ScheduleRule
        fields = [
            "channel",
            "kind",
            "weekdays",
            "nths",
            "except_nths",
            "interval",
            "anchor",
            "start",
            "end",
            "school_holidays",
            "valid_from",
            "valid_until",
            "label",
        ]
        widgets = {
            "start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "anchor": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, desk: Desk, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].queryset = desk.channels.all()
        self.fields["channel"].empty_label = _("Séances de la permanence")
        self.fields["channel"].label = _("Horaires de")

    def clean(self):
        """The schedule engine is the judge of a rule: its French message goes to the field."""
        from permanence.directory import schedule

        cleaned = super().clean()
        if self.errors:
            return cleaned
        fields = {k: v for k, v in cleaned.items() if k in self.Meta.fields and k != "channel"}
        probe = ScheduleRule(**fields)
        probe.interval = probe.interval or 1
        try:
            probe.as_rule()
        except schedule.ScheduleError as exc:
            field = exc.field if exc.field in self.fields else None
            self.add_error(field, exc.message)
        return cleaned


class ClosureForm(forms.ModelForm):
    class Meta:
        model = Closure
        fields = ["start", "end", "message"]
        widgets = {
            "start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error(
                "end",
                _("La fermeture se termine (%(end)s) avant de commencer (%(start)s).")
                % {"end": end.strftime("%d/%m/%Y"), "start": start.strftime("%d/%m/%Y")},
            )
        return cleaned


class ExtraSessionForm(forms.ModelForm):
    class Meta:
        model = ExtraSession
        fields = ["day", "start", "end", "message"]
        widgets = {
            "day": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end <= start:
            self.add_error("end", _("L’heure de fin doit être après l’heure de début."))
        return cleaned


# How many rows a formset takes at most: a posted TOTAL_FORMS of 1,000 built 2,000 forms (10 to
# 20 s and a page of several MB). More rows than that get the formset's own error.
FEW_ROWS = {"max_num": 50, "absolute_max": 50, "validate_max": True}
MANY_ROWS = {"max_num": 400, "absolute_max": 400, "validate_max": True}

RuleFormSet = forms.inlineformset_factory(
    Desk, ScheduleRule, form=RuleForm, extra=1, can_delete=True, fk_name="desk", **FEW_ROWS
)
ClosureFormSet = forms.inlineformset_factory(
    Desk, Closure, form=ClosureForm, extra=1, can_delete=True, **MANY_ROWS
)
ExtraSessionFormSet = forms.inlineformset_factory(
    Desk, ExtraSession, form=ExtraSessionForm, extra=1, can_delete=True, **MANY_ROWS
)


TEXT_FIELDS = ["name", "summary", "description", "offers", "does_not_offer", "how_to_come"]


class DeskTextForm(forms.ModelForm):
    # No language chosen beforehand: the blank row left as it is must stay unchanged (and so
    # be skipped), not become an empty translation in the first language of the list.
    language = forms.ChoiceField(label=_("Langue"), choices=[])

    class Meta:
        model = DeskText
        fields = [
            "language",
            "name",
            "summary",
            "description",
            "offers",
            "does_not_offer",
            "how_to_come",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ["description", "offers", "does_not_offer", "how_to_come"]
        }
        error_messages = {
            NON_FIELD_ERRORS: {
                "unique_together": _(
                    "Il y a déjà une traduction dans cette langue : complétez-la plutôt que "
                    "d’en ajouter une autre."
                )
            }
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("Choisir une langue"))] + [
            (code, name) for code, name in settings.LANGUAGES if code != "fr"
        ]

    def clean(self):
        cleaned = super().clean()
        if not any((cleaned.get(name) or "").strip() for name in TEXT_FIELDS):
            raise forms.ValidationError(
                _("Cette traduction est vide : écrivez au moins son nom, ou supprimez-la."),
                code="empty",
            )
        return cleaned


PHONE_KINDS = {"phone", "sms", "whatsapp", "signal"}


class ChannelForm(forms.ModelForm):
    class Meta:
        model = Channel
        fields = ["kind", "value", "label", "for_booking", "position"]

    def clean(self):
        cleaned = super().clean()
        kind, value = cleaned.get("kind"), (cleaned.get("value") or "").strip()
        valid_phone = phones.to_e164(value) or phones.is_short_code(value)
        if kind and not value:
            self.add_error(
                "value", _("Indiquez le numéro, l’adresse ou le lien, ou supprimez ce contact.")
            )
        if kind in PHONE_KINDS and value and not valid_phone:
            self.add_error("value", _("Ce numéro de téléphone n’est pas valide."))
        if kind == "email" and value:
            try:
                forms.EmailField().clean(value)
            except forms.ValidationError:
                self.add_error("value", _("Cette adresse e-mail n’est pas valide."))
        if kind in {"website", "social"} and value and not value.startswith("https://"):
            self.add_error("value", _("Un lien doit commencer par https://"))
        return cleaned


DeskTextFormSet = forms.inlineformset_factory(
    Desk, DeskText, form=DeskTextForm, extra=1, can_delete=True, **FEW_ROWS
)
ChannelFormSet = forms.inlineformset_factory(
    Desk, Channel, form=ChannelForm, extra=1, can_delete=True, **FEW_ROWS
)
