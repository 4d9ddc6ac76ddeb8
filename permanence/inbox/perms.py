"""Who may read which requests: members with `run_desk` in the request's organisation.

Every view loads its request here; outside the user's groups the answer is 404. Helpline operators,
network officers and technical administrators hold no `run_desk`: the whole inbox is 404 for them.
"""

from uuid import UUID

from django.http import Http404

from permanence.accounts import perms as account_perms
from permanence.accounts.roles import Perm
from permanence.audit.models import Action
from permanence.audit.services import audit_log
from permanence.directory.models import Desk, DeskQuerySet
from permanence.directory.vocab import Kind
from permanence.inbox.models import Request, RequestQuerySet
from permanence.orgs.models import Organisation


def organisation_ids(user) -> set[int]:
    return account_perms.organisation_ids_with(user, Perm.RUN_DESK)


def require_inbox(user) -> set[int]:
    """The ids of the user's desk-running groups, or 404 when there is none."""
    ids = organisation_ids(user)
    if not ids:
        raise Http404
    return ids


def requests_for(user) -> RequestQuerySet:
    return Request.objects.filter(organisation_id__in=organisation_ids(user))


def desks_for(user) -> DeskQuerySet:
    return Desk.objects.filter(organisation_id__in=organisation_ids(user), kind=Kind.DESK)


def organisations_for(user):
    return Organisation.objects.filter(id__in=organisation_ids(user), active=True).order_by("name")


def get_request(user, request_id, *, request=None, audit: bool = True) -> Request:
    """The request named in a URL, or 404; reading it for display writes an audit event."""
    try:
        pk = request_id if isinstance(request_id, UUID) else UUID(str(request_id))
    except ValueError:
        raise Http404 from None
    help_request = (
        requests_for(user)
        .select_related("organisation", "desk", "owner", "case", "created_by")
        .filter(pk=pk)
        .first()
    )
    if help_request is None:
        raise Http404
    if audit:
        audit_log(
            action=Action.OBJECT_READ,
            request=request,
            obj=help_request,
            organisation=help_request.organisation,
        )
    return help_request


def get_public_desk(slug: str) -> Desk:
    """A published desk (not a partner service: their requests would reach nobody), or 404."""
    try:
        return (
            Desk.objects.published()
            .filter(kind=Kind.DESK)
            .select_related("organisation", "place")
            .prefetch_related("channels", "rules", "closures", "extra_sessions", "texts")
            .get(slug=slug)
        )
    except Desk.DoesNotExist:
        raise Http404 from None
