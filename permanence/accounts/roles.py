"""The role × permission matrix (docs/roles.md is written from it and tested against it).

A membership gives a role in one organisation. Permissions marked as inherited also apply to every
organisation below it in the tree (a network officer of La Cimade sees the figures of its groups);
case data never is: it stays with the members of the owning local group.
"""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    VOLUNTEER = "volunteer", _("Bénévole")
    LEGAL_REFERENT = "legal_referent", _("Référent·e juridique")
    COORDINATOR = "coordinator", _("Coordinateur·rice")
    HELPLINE_OPERATOR = "helpline_operator", _("Écoutant·e de la ligne")
    NETWORK_OFFICER = "network_officer", _("Chargé·e de réseau")
    TECH_ADMIN = "tech_admin", _("Administrateur·rice technique")


class Perm(StrEnum):
    VIEW_ORGANISATION = "view_organisation"
    EDIT_ORGANISATION = "edit_organisation"
    MANAGE_MEMBERS = "manage_members"
    VIEW_AUDIT = "view_audit"
    READ_CASES = "read_cases"
    WRITE_CASES = "write_cases"
    BREAK_GLASS = "break_glass"
    RUN_DESK = "run_desk"
    EDIT_DIRECTORY = "edit_directory"
    WRITE_CALL_SHEETS = "write_call_sheets"
    VIEW_GROUP_STATS = "view_group_stats"
    VIEW_AGGREGATE_STATS = "view_aggregate_stats"
    ADMIN_SITE = "admin_site"


PERM_LABELS = {
    Perm.VIEW_ORGANISATION: _("Voir les pages internes de l’organisation"),
    Perm.EDIT_ORGANISATION: _("Modifier l’organisation et ses lieux"),
    Perm.MANAGE_MEMBERS: _("Ajouter et retirer des membres, changer leur rôle"),
    Perm.VIEW_AUDIT: _("Consulter le journal d’audit de l’organisation"),
    Perm.READ_CASES: _("Lire les personnes et les dossiers du groupe"),
    Perm.WRITE_CASES: _("Créer et modifier les personnes et les dossiers du groupe"),
    Perm.BREAK_GLASS: _("Accès exceptionnel motivé aux dossiers des groupes de la région"),
    Perm.RUN_DESK: _("Tenir la permanence : accueil, rendez-vous, demandes"),
    Perm.EDIT_DIRECTORY: _("Modifier les permanences et leurs horaires"),
    Perm.WRITE_CALL_SHEETS: _("Remplir les fiches d’appel anonymes"),
    Perm.VIEW_GROUP_STATS: _("Voir les statistiques détaillées du groupe"),
    Perm.VIEW_AGGREGATE_STATS: _("Voir les statistiques agrégées (petits effectifs masqués)"),
    Perm.ADMIN_SITE: _("Administration technique du site"),
}

_CASEWORK = {Perm.VIEW_ORGANISATION, Perm.READ_CASES, Perm.WRITE_CASES, Perm.RUN_DESK}

MATRIX: dict[str, frozenset[Perm]] = {
    Role.VOLUNTEER: frozenset(_CASEWORK | {Perm.VIEW_GROUP_STATS}),
    Role.LEGAL_REFERENT: frozenset(_CASEWORK | {Perm.VIEW_GROUP_STATS, Perm.BREAK_GLASS}),
    Role.COORDINATOR: frozenset(
        _CASEWORK
        | {
            Perm.EDIT_ORGANISATION,
            Perm.MANAGE_MEMBERS,
            Perm.VIEW_AUDIT,
            Perm.EDIT_DIRECTORY,
            Perm.VIEW_GROUP_STATS,
            Perm.VIEW_AGGREGATE_STATS,
        }
    ),
    Role.HELPLINE_OPERATOR: frozenset(
        {Perm.VIEW_ORGANISATION, Perm.WRITE_CALL_SHEETS, Perm.VIEW_GROUP_STATS}
    ),
    Role.NETWORK_OFFICER: frozenset({Perm.VIEW_ORGANISATION, Perm.VIEW_AGGREGATE_STATS}),
    Role.TECH_ADMIN: frozenset({Perm.VIEW_ORGANISATION, Perm.ADMIN_SITE}),
}

# Permissions that flow down the tree from the organisation of the membership.
INHERITED: frozenset[Perm] = frozenset(
    {Perm.VIEW_ORGANISATION, Perm.VIEW_AGGREGATE_STATS, Perm.BREAK_GLASS, Perm.EDIT_DIRECTORY}
)

CASE_DATA_PERMS: frozenset[Perm] = frozenset({Perm.READ_CASES, Perm.WRITE_CASES, Perm.BREAK_GLASS})


def roles_with(perm: Perm) -> list[str]:
    return [str(role) for role, perms in MATRIX.items() if perm in perms]


def role_reads_case_data(role: str) -> bool:
    return bool(MATRIX.get(role, frozenset()) & CASE_DATA_PERMS)
