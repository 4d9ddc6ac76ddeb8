from allauth.account.forms import ResetPasswordForm
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from permanence.accounts.models import Membership
from permanence.accounts.roles import Role
from permanence.audit.models import Action
from permanence.audit.services import audit_log
from permanence.orgs.models import Organisation


class MembershipError(Exception):
    """A change of membership that would break a rule; the message is for the user."""


def member_add(
    *, organisation: Organisation, email: str, role: str, display_name: str, request
) -> Membership:
    """Give ``email`` a role in ``organisation``; a new account gets an e-mail to set a password."""
    membership, created = _member_add_records(
        organisation=organisation,
        email=email,
        role=role,
        display_name=display_name,
        request=request,
    )
    if created:
        # Sent once the records are committed: allauth's password-reset mail is the invitation.
        form = ResetPasswordForm(data={"email": email})
        if form.is_valid():
            form.save(request)
    return membership


@transaction.atomic
def _member_add_records(
    *, organisation: Organisation, email: str, role: str, display_name: str, request
) -> tuple[Membership, bool]:
    user_model = get_user_model()
    user = user_model.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        user = user_model.objects.create_user(email=email, password=None, display_name=display_name)
    if Membership.objects.filter(user=user, organisation=organisation).exists():
        raise MembershipError(_("Cette personne est déjà membre de l’organisation."))
    membership = Membership.objects.create(user=user, organisation=organisation, role=role)
    audit_log(
        action=Action.MEMBER_ADDED, request=request, obj=membership, organisation=organisation
    )
    return membership, created


def _check_not_last_coordinator(membership: Membership) -> None:
    if membership.role != Role.COORDINATOR:
        return
    others = Membership.objects.filter(
        organisation_id=membership.organisation_id, role=Role.COORDINATOR
    ).exclude(pk=membership.pk)
    if not others.exists():
        raise MembershipError(_("Le groupe doit garder au moins une personne à la coordination."))


@transaction.atomic
def member_change_role(*, membership: Membership, role: str, request) -> Membership:
    if role != membership.role:
        _check_not_last_coordinator(membership)
        membership.role = role
        membership.save(update_fields=["role"])
        audit_log(
            action=Action.MEMBER_ROLE_CHANGED,
            request=request,
            obj=membership,
            organisation=membership.organisation,
        )
    return membership


@transaction.atomic
def member_remove(*, membership: Membership, request) -> None:
    _check_not_last_coordinator(membership)
    audit_log(
        action=Action.MEMBER_REMOVED,
        request=request,
        obj=membership,
        organisation=membership.organisation,
    )
    membership.delete()
