"""Access to desks: anyone reads published desks; editing needs `edit_directory` on the owner."""

from django.http import Http404

from permanence.accounts import perms as account_perms
from permanence.accounts.roles import Perm
from permanence.directory.models import Desk, DeskQuerySet


def editable_desks(user) -> DeskQuerySet:
    ids = account_perms.organisation_ids_with(user, Perm.EDIT_DIRECTORY)
    return Desk.objects.filter(organisation_id__in=ids)


def get_desk_for_edit(user, slug: str) -> Desk:
    try:
        return editable_desks(user).select_related("organisation", "place").get(slug=slug)
    except Desk.DoesNotExist:
        raise Http404 from None


def get_public_desk(slug: str) -> Desk:
    try:
        return (
            Desk.objects.published()
            .select_related("organisation", "place")
            .prefetch_related("texts", "channels", "rules", "closures", "extra_sessions")
            .get(slug=slug)
        )
    except Desk.DoesNotExist:
        raise Http404 from None
