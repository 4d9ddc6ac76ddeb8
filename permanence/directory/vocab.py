"""Controlled vocabularies of the directory (codes in English, labels in French through gettext)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    DESK = "desk", _("Permanence")
    PARTNER = "partner", _("Service partenaire")


class Category(models.TextChoices):
    LEGAL_DESK = "legal_desk", _("Permanence juridique et administrative")
    HELPLINE = "helpline", _("Ligne d’écoute juridique")
    OUTREACH = "outreach", _("Maraude")
    DOCTOR = "doctor", _("Médecin, centre de santé")
    HOSPITAL_PASS = "hospital_pass", _("PASS (hôpital)")
    FOOD_AID = "food_aid", _("Aide alimentaire")
    EMERGENCY_SHELTER = "emergency_shelter", _("Hébergement d’urgence, 115")
    DOMICILIATION = "domiciliation", _("Domiciliation")
    LAWYER = "lawyer", _("Avocat·e")
    FRENCH_CLASSES = "french_classes", _("Cours de français")
    ACTIVITIES = "activities", _("Activités, loisirs")
    DAY_CENTRE = "day_centre", _("Accueil de jour")
    SOCIAL_SERVICES = "social_services", _("Service social")
    OTHER = "other", _("Autre")


class Topic(models.TextChoices):
    ASYLUM = "asylum", _("Asile")
    DUBLIN = "dublin", _("Procédure Dublin")
    RESIDENCE = "residence", _("Titre de séjour")
    REGULARISATION = "regularisation", _("Régularisation")
    NATIONALITY = "nationality", _("Nationalité")
    VISA = "visa", _("Visa")
    FAMILY = "family", _("Regroupement familial")
    HEALTH = "health", _("Protection maladie (AME, PUMa, CSS)")
    SOCIAL_RIGHTS = "social_rights", _("Droits sociaux")
    REMOVAL = "removal", _("Éloignement, OQTF, rétention")
    PRISON = "prison", _("Prison")
    WORK = "work", _("Travail")
    HOUSING = "housing", _("Logement, hébergement")
    FOOD = "food", _("Alimentation")
    FRENCH = "french", _("Apprendre le français")
    SCHOOLING = "schooling", _("Scolarité")
    DOMICILIATION = "domiciliation", _("Domiciliation")
    ACTIVITIES = "activities", _("Activités")
    OTHER = "other", _("Autre")


class Audience(models.TextChoices):
    FOREIGNERS = "foreigners", _("Personnes étrangères, avec ou sans papiers")
    SUPPORTERS = "supporters", _("Personnes qui les soutiennent")
    PROFESSIONALS = "professionals", _("Professionnel·les et associations")
    EVERYONE = "everyone", _("Tout public")


class Mode(models.TextChoices):
    WALK_IN = "walk_in", _("Sans rendez-vous")
    APPOINTMENT = "appointment", _("Sur rendez-vous")
    REMOTE = "remote", _("À distance")


class ChannelKind(models.TextChoices):
    IN_PERSON = "in_person", _("Sur place")
    PHONE = "phone", _("Téléphone")
    SMS = "sms", _("SMS")
    WHATSAPP = "whatsapp", _("WhatsApp")
    SIGNAL = "signal", _("Signal")
    EMAIL = "email", _("E-mail")
    WEBSITE = "website", _("Site web")
    SOCIAL = "social", _("Réseau social")


class SchoolHolidaysChoice(models.TextChoices):
    ANY = "any", _("Toute l’année")
    OUTSIDE = "outside", _("Hors vacances scolaires")
    DURING = "during", _("Pendant les vacances scolaires seulement")


class RuleKindChoice(models.TextChoices):
    WEEKLY = "weekly", _("Chaque semaine")
    MONTHLY = "monthly", _("Certains jours du mois (1er, 2e…)")
    EVERY_N_WEEKS = "every_n_weeks", _("Toutes les N semaines")


WEEKDAYS = [
    (0, _("lundi")),
    (1, _("mardi")),
    (2, _("mercredi")),
    (3, _("jeudi")),
    (4, _("vendredi")),
    (5, _("samedi")),
    (6, _("dimanche")),
]
NTHS = [(1, _("1er")), (2, _("2e")), (3, _("3e")), (4, _("4e")), (5, _("5e")), (-1, _("dernier"))]

# Languages a desk may speak: ISO 639-1 codes (plus Dari "prs" and Tigrinya "ti").
LANGUAGES = [
    ("fr", _("français")),
    ("en", _("anglais")),
    ("ar", _("arabe")),
    ("es", _("espagnol")),
    ("tr", _("turc")),
    ("prs", _("dari")),
    ("ps", _("pachto")),
    ("fa", _("persan")),
    ("ti", _("tigrigna")),
    ("ru", _("russe")),
    ("uk", _("ukrainien")),
    ("pt", _("portugais")),
    ("it", _("italien")),
    ("de", _("allemand")),
    ("ro", _("roumain")),
    ("sq", _("albanais")),
    ("ka", _("géorgien")),
    ("hy", _("arménien")),
    ("ur", _("ourdou")),
    ("bn", _("bengali")),
    ("ta", _("tamoul")),
    ("so", _("somali")),
    ("am", _("amharique")),
    ("ln", _("lingala")),
    ("wo", _("wolof")),
    ("bm", _("bambara")),
    ("ff", _("peul")),
    ("sw", _("swahili")),
    ("zh", _("chinois")),
    ("ku", _("kurde")),
]


def labels(choices, codes: list[str]) -> list[str]:
    """The labels of ``codes`` in ``choices`` (TextChoices or pairs); unknown codes kept."""
    pairs = dict(choices.choices if hasattr(choices, "choices") else choices)
    return [str(pairs.get(code, code)) for code in codes]
