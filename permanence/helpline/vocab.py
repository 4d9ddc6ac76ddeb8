"""Controlled vocabularies of the call sheets (stored codes, French labels, import values).

The import files use French values (docs/imports.md); ``*_IMPORT`` maps each of them to the
stored code. Regions of origin are grouped as in the funder reports of the helplines
(Afrique, Maghreb, Amérique latine…); ``region_for_nationality`` maps a country to its region.
"""

from functools import lru_cache

from django.db import models
from django.utils.translation import gettext_lazy as _


class CallerType(models.TextChoices):
    INDIVIDUAL = "individual", _("Particulier")
    PROFESSIONAL = "professional", _("Professionnel")


class CallerGender(models.TextChoices):
    MAN = "man", _("Homme")
    WOMAN = "woman", _("Femme")
    COUPLE = "couple", _("Couple")
    UNKNOWN = "unknown", _("Inconnu")


class ProfessionalKind(models.TextChoices):
    DEPARTEMENT_CASVP = "departement_casvp", _("Département, CCAS, CASVP")
    HEALTH_SOCIAL = "hospitalier_medico_social", _("Secteur hospitalier et médico-social")
    OTHER_BODY = "autre_organisme", _("Autre organisme")
    ASSOCIATION = "association", _("Association")
    LAWYER = "avocat", _("Avocat")


# Public bodies ("organismes"), as opposed to associations and lawyers, in the funder reports.
PUBLIC_BODIES = (
    ProfessionalKind.DEPARTEMENT_CASVP,
    ProfessionalKind.HEALTH_SOCIAL,
    ProfessionalKind.OTHER_BODY,
)


class OriginRegion(models.TextChoices):
    AFRICA = "afrique", _("Afrique")
    MAGHREB = "maghreb", _("Maghreb")
    LATIN_AMERICA = "amerique_latine", _("Amérique latine")
    EUROPE_EU = "europe_ue", _("Europe (UE)")
    EUROPE_NON_EU = "europe_hors_ue", _("Europe (hors UE)")
    ASIA = "asie", _("Asie")
    MIDDLE_EAST = "moyen_orient", _("Moyen-Orient")
    NORTH_AMERICA = "amerique_du_nord", _("Amérique du Nord")
    OCEANIA = "oceanie", _("Océanie")
    UNKNOWN = "inconnue", _("Inconnue")


# "45 % des appels émanaient de personnes originaires d’Afrique, 23 % du Maghreb…"
REGION_FROM = {
    OriginRegion.AFRICA: "d’Afrique",
    OriginRegion.MAGHREB: "du Maghreb",
    OriginRegion.LATIN_AMERICA: "d’Amérique latine",
    OriginRegion.EUROPE_EU: "d’Europe (UE)",
    OriginRegion.EUROPE_NON_EU: "d’Europe (hors UE)",
    OriginRegion.ASIA: "d’Asie",
    OriginRegion.MIDDLE_EAST: "du Moyen-Orient",
    OriginRegion.NORTH_AMERICA: "d’Amérique du Nord",
    OriginRegion.OCEANIA: "d’Océanie",
}


class Topic(models.TextChoices):
    ENTRY = "entree", _("Entrée en France, visas")
    RESIDENCE = "sejour", _("Séjour")
    SOCIAL_RIGHTS = "droits_sociaux", _("Droits sociaux")
    FAMILY = "famille", _("Famille")
    ASYLUM = "asile", _("Asile")
    NATIONALITY = "nationalite", _("Nationalité")
    REMOVAL = "eloignement", _("Éloignement")
    HEALTH = "sante", _("Santé")
    WORK = "travail", _("Travail")
    OTHER = "autre", _("Autre")


class Answer(models.TextChoices):
    INFORMATION = "information", _("Information donnée")
    REFERRED = "referred", _("Orientation vers un partenaire")
    CALL_BACK = "call_back", _("À rappeler")


# Values of the import files (French, lower case) → stored codes.
CALLER_TYPE_IMPORT = {
    "particulier": CallerType.INDIVIDUAL,
    "professionnel": CallerType.PROFESSIONAL,
}
CALLER_GENDER_IMPORT = {
    "homme": CallerGender.MAN,
    "femme": CallerGender.WOMAN,
    "couple": CallerGender.COUPLE,
    "inconnu": CallerGender.UNKNOWN,
}
PROFESSIONAL_KIND_IMPORT = {kind.value: kind for kind in ProfessionalKind}
ORIGIN_REGION_IMPORT = {region.value: region for region in OriginRegion}
TOPIC_IMPORT = {topic.value: topic for topic in Topic}

# Nationality (ISO 3166-1 alpha-2) → region. Choices where usage varies: Egypt and Turkey count
# as Middle East, the Caucasus as Europe outside the EU, Afghanistan and Central Asia as Asia,
# Western Sahara and Mauritania as Maghreb, Mexico and the Caribbean as Latin America.
_REGION_COUNTRIES = {
    OriginRegion.MAGHREB: "DZ EH LY MA MR TN",
    OriginRegion.AFRICA: (
        "AO BF BI BJ BW CD CF CG CI CM CV DJ ER ET GA GH GM GN GQ GW KE KM LR LS MG ML MU MW MZ "
        "NA NE NG RE RW SC SD SH SL SN SO SS ST SZ TD TG TZ UG YT ZA ZM ZW"
    ),
    OriginRegion.EUROPE_EU: (
        "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK"
    ),
    OriginRegion.EUROPE_NON_EU: (
        "AD AL AM AX AZ BA BY CH FO GB GE GG GI IM IS JE LI MC MD ME MK NO RS RU SJ SM UA VA XK"
    ),
    OriginRegion.MIDDLE_EAST: "AE BH EG IL IQ IR JO KW LB OM PS QA SA SY TR YE",
    OriginRegion.NORTH_AMERICA: "BM CA GL PM US",
    OriginRegion.LATIN_AMERICA: (
        "AG AI AR AW BB BL BO BQ BR BS BZ CL CO CR CU CW DM DO EC FK GD GF GP GT GY HN HT JM KN "
        "KY LC MF MQ MS MX NI PA PE PR PY SR SV SX TC TT UY VC VE VG VI"
    ),
    OriginRegion.ASIA: (
        "AF BD BN BT CC CN CX HK ID IN IO JP KG KH KP KR KZ LA LK MM MN MO MV MY NP PH PK SG TH "
        "TJ TL TM TW UZ VN"
    ),
    OriginRegion.OCEANIA: (
        "AS AU CK FJ FM GU KI MH MP NC NF NR NU NZ PF PG PN PW SB TK TO TV UM VU WF WS"
    ),
}
REGION_OF_COUNTRY: dict[str, OriginRegion] = {
    code: region for region, codes in _REGION_COUNTRIES.items() for code in codes.split()
}


@lru_cache(maxsize=512)
def region_for_nationality(code: str) -> OriginRegion:
    """'ML' or 'MLI' → Afrique, 'dz' → Maghreb; anything unknown → Inconnue."""
    cleaned = (code or "").strip().upper()
    if len(cleaned) == 3:
        import pycountry  # loaded on first use

        country = pycountry.countries.get(alpha_3=cleaned)
        cleaned = country.alpha_2 if country else ""
    return REGION_OF_COUNTRY.get(cleaned, OriginRegion.UNKNOWN)


@lru_cache(maxsize=512)
def is_language_code(code: str) -> bool:
    """Whether ``code`` is an ISO 639-1 language code ('ar', 'fr', 'ti'…)."""
    import pycountry  # loaded on first use

    return len(code) == 2 and pycountry.languages.get(alpha_2=code) is not None
