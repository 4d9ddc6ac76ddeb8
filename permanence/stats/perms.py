"""Whose statistics a user may see, and whether the figures are exact or suppressed.

A group's own members (``Perm.VIEW_GROUP_STATS`` on that exact organisation) see its exact
figures. Everything seen from outside the group — a region or network dashboard (the sum over
its groups), or a user who only holds ``Perm.VIEW_AGGREGATE_STATS`` there — has small counts
suppressed. Outside the user's scope: 404.
"""

from django.http import Http404

from permanence.accounts import perms as account_perms
from permanence.accounts.roles import Perm
from permanence.orgs.models import Organisation, OrganisationQuerySet


def visible_ids(user) -> set[int]:
    return account_perms.organisation_ids_with(
        user, Perm.VIEW_GROUP_STATS
    ) | account_perms.organisation_ids_with(user, Perm.VIEW_AGGREGATE_STATS)


def visible_organisations(user) -> OrganisationQuerySet:
    return Organisation.objects.filter(id__in=visible_ids(user), active=True).select_related(
        "parent"
    )


def get_stats_organisation(user, slug: str) -> Organisation:
    try:
        organisation = Organisation.objects.get(slug=slug, active=True)
    except Organisation.DoesNotExist:
        raise Http404 from None
    if organisation.pk not in visible_ids(user):
        raise Http404
    return organisation


def sees_exact(user, organisation: Organisation, counted_ids: list[int]) -> bool:
    """Exact figures only for the owning group's members, on that group alone."""
    if len(counted_ids) > 1:
        return False
    return account_perms.has_perm(user, Perm.VIEW_GROUP_STATS, organisation)
