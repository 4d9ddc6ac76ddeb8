"""An append-only journal of who did what, when, to which object: never the data itself."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete an audit event."""


class Action(models.TextChoices):
    LOGIN = "auth.login", _("Connexion")
    LOGIN_FAILED = "auth.login_failed", _("Échec de connexion")
    LOCKOUT = "auth.lockout", _("Compte verrouillé")
    LOGOUT = "auth.logout", _("Déconnexion")
    SESSION_EXPIRED = "auth.session_expired", _("Session expirée")
    PASSWORD_CHANGED = "auth.password_changed", _("Mot de passe modifié")
    PASSWORD_RESET = "auth.password_reset", _("Mot de passe réinitialisé")
    REAUTHENTICATED = "auth.reauthenticated", _("Ré-authentification")
    MFA_ADDED = "mfa.added", _("Second facteur ajouté")
    MFA_REMOVED = "mfa.removed", _("Second facteur retiré")
    MFA_CODES_RESET = "mfa.codes_reset", _("Codes de secours régénérés")
    ORG_UPDATED = "org.updated", _("Organisation modifiée")
    PLACE_CREATED = "place.created", _("Lieu créé")
    PLACE_UPDATED = "place.updated", _("Lieu modifié")
    MEMBER_ADDED = "member.added", _("Membre ajouté")
    MEMBER_ROLE_CHANGED = "member.role_changed", _("Rôle modifié")
    MEMBER_REMOVED = "member.removed", _("Membre retiré")
    AUDIT_VIEWED = "audit.viewed", _("Journal consulté")
    OBJECT_READ = "object.read", _("Consultation")
    OBJECT_CREATED = "object.created", _("Création")
    OBJECT_UPDATED = "object.updated", _("Modification")
    OBJECT_DELETED = "object.deleted", _("Suppression")
    OBJECT_EXPORTED = "object.exported", _("Export")
    OBJECT_LISTED = "object.listed", _("Liste consultée")
    OBJECT_SEARCHED = "object.searched", _("Recherche")
    OBJECT_ERASED = "object.erased", _("Effacement")
    OBJECT_MERGED = "object.merged", _("Fusion")
    CASE_SHARED = "case.shared", _("Dossier partagé ou transféré")
    BREAK_GLASS = "case.break_glass", _("Accès exceptionnel motivé")


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit events cannot be changed.")

    def delete(self):
        raise AppendOnlyError("Audit events cannot be deleted.")

    def for_organisation(self, organisation_id: int) -> "AuditEventQuerySet":
        return self.filter(organisation_id=organisation_id)


class AuditEvent(models.Model):
    # Links are kept without database constraints so that deleting a user or an organisation never
    # touches the journal: the ids stay as they were.
    at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur·rice"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=40, choices=Action.choices)
    object_type = models.CharField(_("type d’objet"), max_length=60, blank=True)
    object_id = models.CharField(_("identifiant de l’objet"), max_length=64, blank=True)
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    ip = models.GenericIPAddressField(_("adresse IP"), null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("évènement d’audit")
        verbose_name_plural = _("évènements d’audit")
        indexes = [models.Index(fields=["organisation", "-at"], name="audit_org_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit events cannot be deleted.")
