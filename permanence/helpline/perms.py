"""Who may fill in, import and report on call sheets. Outside the scope: 404.

Operators of the helpline (``Perm.WRITE_CALL_SHEETS``) fill in and import sheets of their own
organisation only; the report needs ``Perm.VIEW_GROUP_STATS`` and its budget
``Perm.EDIT_ORGANISATION`` (the coordinator).
"""

from django.http import Http404

from permanence.accounts import perms as account_perms
from permanence.accounts.roles import Perm
from permanence.helpline.models import ImportJob
from permanence.orgs.models import Organisation


def get_helpline(user, slug: str) -> Organisation:
    return account_perms.get_organisation(user, slug, Perm.WRITE_CALL_SHEETS)


def get_reporting(user, slug: str) -> Organisation:
    return account_perms.get_organisation(user, slug, Perm.VIEW_GROUP_STATS)


def get_budgeting(user, slug: str) -> Organisation:
    return account_perms.get_organisation(user, slug, Perm.EDIT_ORGANISATION)


def can_edit_budget(user, organisation: Organisation) -> bool:
    return account_perms.has_perm(user, Perm.EDIT_ORGANISATION, organisation)


def nav_for(user, organisation: Organisation) -> dict:
    """Which helpline pages the user may open (the links shown in the helpline menu)."""
    return {
        "sheets": account_perms.has_perm(user, Perm.WRITE_CALL_SHEETS, organisation),
        "report": account_perms.has_perm(user, Perm.VIEW_GROUP_STATS, organisation),
    }


def get_import_job(organisation: Organisation, job_id) -> ImportJob:
    job = ImportJob.objects.filter(organisation=organisation, pk=job_id).defer("data").first()
    if job is None:
        raise Http404
    return job
