"""Organisations (network → regions → local groups, or a standalone collective) and places."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from permanence.core.lib import france


class OrganisationKind(models.TextChoices):
    NETWORK = "network", _("Réseau national")
    REGION = "region", _("Région")
    GROUP = "group", _("Groupe local")
    COLLECTIVE = "collective", _("Collectif")
    ASSOCIATION = "association", _("Association")


class OrganisationQuerySet(models.QuerySet):
    def active(self) -> "OrganisationQuerySet":
        return self.filter(active=True)

    def with_descendants(self, ids) -> "OrganisationQuerySet":
        """The organisations of ``ids`` and all below them (the tree is a few levels deep)."""
        found = set(ids)
        frontier = set(found)
        while frontier:
            frontier = set(self.filter(parent_id__in=frontier).values_list("id", flat=True)) - found
            found |= frontier
        return self.filter(id__in=found)


class Organisation(models.Model):
    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant court"), max_length=80, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=OrganisationKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("organisation parente"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    description = models.TextField(_("présentation publique"), blank=True)
    website = models.URLField(_("site web"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    def ancestors(self) -> list["Organisation"]:
        """From the parent up to the root."""
        chain, node, seen = [], self.parent, {self.pk}
        while node is not None and node.pk not in seen:
            chain.append(node)
            seen.add(node.pk)
            node = node.parent
        return chain

    def _ancestor_ids(self) -> list[int]:
        ids, node = [], self.parent
        while node is not None and node.pk not in ids:
            ids.append(node.pk)
            node = node.parent
        return ids

    def clean(self) -> None:
        if self.parent_id and self.pk and self.pk in self._ancestor_ids():
            raise ValidationError(
                {"parent": _("Une organisation ne peut pas être sa propre parente.")}
            )


insee_validator = RegexValidator(
    r"^([0-9]{5}|2[AB][0-9]{3})$", _("Un code INSEE a cinq caractères, par exemple 59350 ou 2A004.")
)
postcode_validator = RegexValidator(r"^[0-9]{5}$", _("Un code postal a cinq chiffres."))


class Place(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="places",
    )
    name = models.CharField(_("nom du lieu"), max_length=200)
    address = models.CharField(_("adresse"), max_length=255)
    postcode = models.CharField(_("code postal"), max_length=5, validators=[postcode_validator])
    commune = models.CharField(_("commune"), max_length=120)
    insee_code = models.CharField(
        _("code INSEE de la commune"), max_length=5, validators=[insee_validator]
    )
    departement = models.CharField(_("département"), max_length=3, editable=False)
    school_zone = models.CharField(_("zone de vacances scolaires"), max_length=20, editable=False)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-90)), MaxValueValidator(Decimal(90))],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-180)), MaxValueValidator(Decimal(180))],
    )
    accessibility = models.TextField(_("accessibilité"), blank=True)
    directions = models.TextField(_("comment venir"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["commune", "name"]
        verbose_name = _("lieu")
        verbose_name_plural = _("lieux")

    def __str__(self) -> str:
        return f"{self.name}, {self.commune}"

    def clean(self) -> None:
        """Derive the département and the school-holiday zone from the commune's INSEE code."""
        if not self.insee_code:
            return
        try:
            code = france.departement_from_insee(self.insee_code)
            self.departement = code
            self.school_zone = france.DEPARTEMENTS[code].school_zone
        except (ValueError, KeyError):
            raise ValidationError(
                {"insee_code": _("Ce code INSEE ne correspond à aucun département.")}
            ) from None
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Donnez la latitude et la longitude, ou aucune des deux."))

    @property
    def departement_name(self) -> str:
        dep = france.DEPARTEMENTS.get(self.departement)
        return dep.name if dep else ""
