from django.http import Http404

from permanence.cases.perms import cases_for
from permanence.deadlines.models import Deadline, DeadlineQuerySet


def deadlines_for(user) -> DeadlineQuerySet:
    return Deadline.objects.filter(case__in=cases_for(user))


def get_deadline(user, deadline_id: int) -> Deadline:
    deadline = (
        deadlines_for(user)
        .select_related("case", "case__organisation", "case__person", "entry")
        .filter(pk=deadline_id)
        .first()
    )
    if deadline is None:
        raise Http404
    return deadline


def can_edit_rules(user) -> bool:
    """Legal referents of a network, a region or a standalone association correct the rules."""
    from permanence.accounts.models import Membership
    from permanence.accounts.roles import Role

    if not user.is_authenticated:
        return False
    return Membership.objects.filter(
        user=user,
        role=Role.LEGAL_REFERENT,
        organisation__kind__in=["network", "region", "collective", "association"],
    ).exists()
