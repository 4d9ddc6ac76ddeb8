from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from permanence.deadlines.models import DeadlineStatus


class CloseForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Suite donnée"),
        choices=[(v, label) for v, label in DeadlineStatus.choices if v != DeadlineStatus.OPEN],
        widget=forms.RadioSelect,
    )
    closed_on = forms.DateField(
        label=_("Date (du dépôt du recours, de la transmission…)"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    note = forms.CharField(
        label=_("Précisions"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, deadline, **kwargs):
        super().__init__(*args, **kwargs)
        self.deadline = deadline

    def clean_closed_on(self):
        """Not in the future, nor before the decision was notified: such a date would count the
        deadline as kept or missed by mistake in the statistics."""
        closed_on = self.cleaned_data["closed_on"]
        if closed_on > timezone.localdate():
            raise forms.ValidationError(_("Cette date est dans le futur."), code="future")
        notified = self.deadline.entry.decision_notified_at
        if notified and closed_on < timezone.localdate(notified):
            raise forms.ValidationError(
                _("Cette date est avant la notification de la décision (%(date)s)."),
                params={"date": formats.date_format(timezone.localdate(notified))},
                code="before_notification",
            )
        return closed_on


class RuleRevisionForm(forms.Form):
    rule = forms.CharField(
        label=_("La règle (format JSON, comme dans rules.json)"),
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "false", "dir": "ltr"}),
    )
    reason = forms.CharField(
        label=_("Motif de la correction (source, décision de justice…)"),
        min_length=10,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, code: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.code = code

    def clean_rule(self) -> dict:
        import json

        from permanence.deadlines.rules import RulesError, parse_rule

        try:
            data = json.loads(self.cleaned_data["rule"])
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(
                _("JSON invalide, ligne %(line)s, colonne %(col)s : %(msg)s"),
                params={"line": exc.lineno, "col": exc.colno, "msg": exc.msg},
            ) from None
        try:
            rule = parse_rule(data)
        except RulesError as exc:
            raise forms.ValidationError(str(exc)) from None
        if rule.code != self.code:
            raise forms.ValidationError(_("Le code de la règle ne peut pas changer."))
        return data
