"""Filters of the case list (a form whose values become QuerySet filters)."""

from datetime import timedelta

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from permanence.cases.models import Case, CaseQuerySet
from permanence.cases.vocab import CaseStatus, CaseTopic


class CaseFilterForm(forms.Form):
    mine = forms.BooleanField(label=_("Mes dossiers"), required=False)
    topic = forms.ChoiceField(
        label=_("Thème"), choices=[("", _("Tous")), *CaseTopic.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Statut"),
        choices=[("", _("Ouverts et en attente")), *CaseStatus.choices, ("all", _("Tous"))],
        required=False,
    )
    assignee = forms.ModelChoiceField(
        label=_("Bénévole"), queryset=get_user_model().objects.none(), required=False
    )
    task = forms.ChoiceField(
        label=_("Prochaine tâche"),
        choices=[
            ("", _("Peu importe")),
            ("late", _("En retard")),
            ("week", _("Dans les 7 jours")),
        ],
        required=False,
    )
    contact = forms.ChoiceField(
        label=_("Dernier contact"),
        choices=[
            ("", _("Peu importe")),
            ("30", _("Il y a plus de 30 jours")),
            ("90", _("Il y a plus de 90 jours")),
        ],
        required=False,
    )
    order = forms.ChoiceField(
        label=_("Trier par"),
        choices=[
            ("-updated_at", _("Activité récente")),
            ("next_task_due", _("Prochaine tâche")),
            ("last_contact_at", _("Contact le plus ancien")),
        ],
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from permanence.cases.perms import readable_organisation_ids

        self.user = user
        self.fields["assignee"].queryset = (
            get_user_model()
            .objects.filter(memberships__organisation_id__in=readable_organisation_ids(user))
            .distinct()
            .order_by("display_name", "email")
        )

    def filter(self, cases: CaseQuerySet) -> CaseQuerySet:
        data = self.cleaned_data if self.is_valid() else {}
        today = timezone.localdate()
        status = data.get("status", "")
        if status == "":
            cases = cases.open()
        elif status != "all":
            cases = cases.filter(status=status)
        if data.get("mine"):
            assigned = Case.assignees.through.objects.filter(user=self.user).values("case_id")
            cases = cases.filter(Q(pk__in=assigned) | Q(legal_referent=self.user))
        if data.get("topic"):
            cases = cases.filter(topics__icontains=f'"{data["topic"]}"')
        if data.get("assignee"):
            cases = cases.filter(assignees=data["assignee"])
        if data.get("task") == "late":
            cases = cases.filter(next_task_due__lt=today)
        elif data.get("task") == "week":
            cases = cases.filter(next_task_due__range=(today, today + timedelta(days=7)))
        if data.get("contact"):
            limit = timezone.now() - timedelta(days=int(data["contact"]))
            cases = cases.filter(Q(last_contact_at__lt=limit) | Q(last_contact_at__isnull=True))
        order = data.get("order") or "-updated_at"
        return (
            cases.with_person_name()
            .select_related("organisation")
            .prefetch_related("assignees")
            .order_by(order, "-created_at")
        )
