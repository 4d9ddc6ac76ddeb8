from django import forms
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
        label=_("Précisions"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
