"""Accounts (signed in by e-mail) and their memberships of organisations, each with a role."""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from permanence.accounts.roles import MATRIX, Perm, Role, role_reads_case_data


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("adresse e-mail"), unique=True)
    display_name = models.CharField(_("nom affiché"), max_length=120, blank=True)
    is_active = models.BooleanField(_("actif"), default=True)
    is_staff = models.BooleanField(_("accès à l’administration technique"), default=False)
    date_joined = models.DateTimeField(_("inscription"), default=timezone.now)
    # The interface language last chosen while signed in (accounts.views.set_language): the
    # reminders sent to this person are written in it. Empty: the site's (French).
    language = models.CharField(
        _("langue des messages"), max_length=10, blank=True, choices=settings.LANGUAGES
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("compte")
        verbose_name_plural = _("comptes")

    @property
    def message_language(self) -> str:
        """The language of the messages sent to this person."""
        return self.language or settings.LANGUAGE_CODE

    def __str__(self) -> str:
        return self.display_name or self.email

    def membership_rows(self) -> list[tuple[int, str, bool]]:
        """(organisation id, role, organisation active) of every membership: one query per
        request for both role_set() and accounts.perms (which keeps the active ones)."""
        if not hasattr(self, "_membership_rows"):
            self._membership_rows = list(
                self.memberships.values_list("organisation_id", "role", "organisation__active")
            )
        return self._membership_rows

    def forget_memberships(self) -> None:
        """Read the memberships again at the next check (one was added to this very object)."""
        self.__dict__.pop("_membership_rows", None)

    def role_set(self) -> set[str]:
        """The roles this account holds anywhere (inactive organisations included)."""
        return {role for _org, role, _active in self.membership_rows()}

    @property
    def reads_case_data(self) -> bool:
        return any(role_reads_case_data(role) for role in self.role_set())

    @property
    def answers_helpline(self) -> bool:
        return Role.HELPLINE_OPERATOR in self.role_set()

    @property
    def requires_mfa(self) -> bool:
        """Every account that can read case data, and the Django admin, need a second factor."""
        return self.reads_case_data or self.is_staff or self.is_superuser

    def has_global_perm(self, perm: Perm) -> bool:
        return any(perm in MATRIX.get(role, frozenset()) for role in self.role_set())


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("rôle"), max_length=30, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("appartenance")
        verbose_name_plural = _("appartenances")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_role_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.role} @ {self.organisation_id}"
