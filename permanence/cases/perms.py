"""Who may read which people, cases and documents. Outside the scope: 404.

Case data stays with the members of the owning local group (roles that read case data), groups it
was shared with (with the person's consent), and legal referents who "broke the glass" with a
written reason. Every object loaded here for display writes an audit event (``audit=True``).
"""

from uuid import UUID

from django.db.models import Q
from django.http import Http404

from permanence.accounts import perms as account_perms
from permanence.accounts.roles import Perm
from permanence.audit.models import Action
from permanence.audit.services import audit_log
from permanence.cases.models import (
    BreakGlass,
    Case,
    CaseQuerySet,
    CaseShare,
    Document,
    Person,
    PersonQuerySet,
)


def readable_organisation_ids(user) -> set[int]:
    return account_perms.organisation_ids_with(user, Perm.READ_CASES)


def _reached_from_elsewhere(user, ids: set[int]) -> list[tuple[UUID, UUID]]:
    """(case, person) of the cases of other groups that ``user`` may read: shared with one of
    their groups, or opened by breaking the glass. Few rows, loaded in one query, so that the
    queries of ``cases_for`` and ``people_for`` stay on indexes: an OR with a join or a
    subquery made PostgreSQL read every case of the network (0.2 s per case list with
    230,000 cases, ``make bench``). Read once per request: kept on the user object, as its
    memberships are (``forget_reach()`` after opening an access in the same request)."""
    key = frozenset(ids)
    kept = getattr(user, "_reached_cache", None)
    if kept is None:
        kept = {}
        user._reached_cache = kept
    if key not in kept:
        pairs = ("case_id", "case__person_id")
        shared = CaseShare.objects.filter(organisation_id__in=ids).order_by().values_list(*pairs)
        glass = BreakGlass.objects.current().filter(user=user).order_by().values_list(*pairs)
        kept[key] = list(shared.union(glass))
    return kept[key]


def forget_reach(user) -> None:
    """Read the cases shared with the user's groups or opened by them again at the next check."""
    if getattr(user, "_reached_cache", None) is not None:
        user._reached_cache = None


def cases_for(user) -> CaseQuerySet:
    if not user.is_authenticated:
        return Case.objects.none()
    ids = readable_organisation_ids(user)
    elsewhere = [case_id for case_id, _person_id in _reached_from_elsewhere(user, ids)]
    return Case.objects.filter(Q(organisation_id__in=ids) | Q(pk__in=elsewhere))


def people_for(user) -> PersonQuerySet:
    if not user.is_authenticated:
        return Person.objects.none()
    ids = readable_organisation_ids(user)
    elsewhere = [person_id for _case_id, person_id in _reached_from_elsewhere(user, ids)]
    return Person.objects.active().filter(Q(organisation_id__in=ids) | Q(pk__in=elsewhere))


def _uuid(value) -> UUID:
    try:
        return value if isinstance(value, UUID) else UUID(str(value))
    except ValueError:
        raise Http404 from None


def get_case(user, case_id, *, request=None, audit: bool = True) -> Case:
    case = (
        cases_for(user)
        .select_related("person", "organisation", "legal_referent")
        .filter(pk=_uuid(case_id))
        .first()
    )
    if case is None:
        raise Http404
    if audit:
        audit_log(
            action=Action.OBJECT_READ, request=request, obj=case, organisation=case.organisation
        )
    return case


class NotManaged(Exception):
    """Readable, but not by a member of the group that owns it (a group the case is shared with,
    a referent who broke the glass): they may add to the timeline, not edit, share or transfer."""

    def __init__(self, obj: Case | Person) -> None:
        super().__init__(str(obj.pk))
        self.obj = obj


def may_manage(user, organisation) -> bool:
    """Edit a person or a case, share or transfer it: members of the owning group only."""
    return account_perms.has_perm(user, Perm.WRITE_CASES, organisation)


def get_case_to_manage(user, case_id, *, request=None) -> Case:
    """The case, for its owning group's members; ``NotManaged`` for the others who may read it."""
    case = get_case(user, case_id, audit=False)
    if not may_manage(user, case.organisation):
        raise NotManaged(case)
    audit_log(action=Action.OBJECT_READ, request=request, obj=case, organisation=case.organisation)
    return case


def get_person_to_manage(user, person_id, *, request=None, audit: bool = True) -> Person:
    """The person, for their group's members; ``NotManaged`` for the others who may read them."""
    person = get_person(user, person_id, audit=False)
    if not may_manage(user, person.organisation):
        raise NotManaged(person)
    if audit:
        audit_log(
            action=Action.OBJECT_READ, request=request, obj=person, organisation=person.organisation
        )
    return person


def get_person(user, person_id, *, request=None, audit: bool = True) -> Person:
    person = people_for(user).select_related("organisation").filter(pk=_uuid(person_id)).first()
    if person is None:
        raise Http404
    if audit:
        audit_log(
            action=Action.OBJECT_READ, request=request, obj=person, organisation=person.organisation
        )
    return person


def get_document(user, document_id) -> Document:
    """The document, if its person is readable; the download itself is audited by its service."""
    document = (
        Document.objects.select_related("person", "person__organisation")
        .filter(pk=_uuid(document_id), person__in=people_for(user))
        .first()
    )
    if document is None:
        raise Http404
    return document


def organisations_for_new_people(user):
    """Groups in which the user may create people and cases."""
    return account_perms.organisations_with(user, Perm.WRITE_CASES).order_by("name")


def get_case_for_break_glass(user, case_id) -> Case:
    """A case the user may open exceptionally (legal referent above its group), or 404."""
    case = Case.objects.select_related("organisation").filter(pk=_uuid(case_id)).first()
    if case is None or not account_perms.has_perm(user, Perm.BREAK_GLASS, case.organisation):
        raise Http404
    return case
