"""Who may do what, where: every view loads organisations through these accessors.

Outside the user's scope the answer is 404 (not 403), so that nobody learns what exists elsewhere.
"""

from django.core.validators import slug_re
from django.http import Http404

from permanence.accounts.models import Membership
from permanence.accounts.roles import INHERITED, MATRIX, Perm, Role
from permanence.orgs.models import Organisation, OrganisationQuerySet


def _memberships(user) -> list[tuple[int, str]]:
    if not user.is_authenticated:
        return []
    return [(org_id, role) for org_id, role, active in user.membership_rows() if active]


def organisation_ids_with(user, perm: Perm) -> set[int]:
    """Ids of the organisations where ``user`` holds ``perm`` (inherited ones included)."""
    direct = {org_id for org_id, role in _memberships(user) if perm in MATRIX.get(role, ())}
    if perm not in INHERITED or not direct:
        return direct
    return set(Organisation.objects.with_descendants(direct).values_list("id", flat=True))


def organisations_with(user, perm: Perm) -> OrganisationQuerySet:
    return Organisation.objects.filter(id__in=organisation_ids_with(user, perm))


def has_perm(user, perm: Perm, organisation: Organisation) -> bool:
    return organisation.pk in organisation_ids_with(user, perm)


def role_in(user, organisation: Organisation) -> str | None:
    """The role held directly in ``organisation``, if any."""
    return next((role for org_id, role in _memberships(user) if org_id == organisation.pk), None)


def role_label_in(user, organisation: Organisation) -> str | None:
    role = role_in(user, organisation)
    return Role(role).label if role else None


def get_organisation(user, slug: str, perm: Perm = Perm.VIEW_ORGANISATION) -> Organisation:
    """The organisation named in a URL or a query string, or 404 when the user may not ``perm``
    there. A name no slug has (a NUL byte, which PostgreSQL refuses) is 404 without a query."""
    if not slug_re.fullmatch(slug):
        raise Http404
    try:
        organisation = Organisation.objects.select_related("parent").get(slug=slug, active=True)
    except Organisation.DoesNotExist:
        raise Http404 from None
    if not has_perm(user, perm, organisation):
        raise Http404
    return organisation


def get_membership(user, organisation: Organisation, membership_id: int) -> Membership:
    """A membership of an organisation the user manages, or 404."""
    if not has_perm(user, Perm.MANAGE_MEMBERS, organisation):
        raise Http404
    try:
        return Membership.objects.select_related("user").get(
            pk=membership_id, organisation=organisation
        )
    except Membership.DoesNotExist:
        raise Http404 from None
