from django import forms
from django.utils.translation import gettext_lazy as _

from permanence.accounts.roles import Role

# Roles a coordinator may give in their group; network and technical roles are given by the
# technical administrators.
GRANTABLE_ROLES = [
    (Role.VOLUNTEER, Role.VOLUNTEER.label),
    (Role.LEGAL_REFERENT, Role.LEGAL_REFERENT.label),
    (Role.COORDINATOR, Role.COORDINATOR.label),
    (Role.HELPLINE_OPERATOR, Role.HELPLINE_OPERATOR.label),
]


class MemberAddForm(forms.Form):
    email = forms.EmailField(label=_("Adresse e-mail"), max_length=254)
    display_name = forms.CharField(label=_("Nom affiché"), max_length=120, required=False)
    role = forms.ChoiceField(label=_("Rôle"), choices=GRANTABLE_ROLES)

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Rôle"), choices=GRANTABLE_ROLES)
