"""Partner services of the demo directory, so that volunteers can refer people onwards.

Around Lille (métropole lilloise) and in the Ariège (Foix, Pamiers, Saint-Girons, Lavelanet):
hospital PASS, health centres, food aid, domiciliation, lawyers, French classes, activities,
day centres, social services, and the 115 (a real, national, remote service).

This is fictional data, shown under a "données fictives" banner. Names are generic and marked
"(démo)" so that no real association is credited with invented schedules; phone numbers come
from the range ARCEP reserves for fiction (01 99 00 00 00 to 01 99 99 99 99), e-mail addresses
are at example.org, and street addresses read "Adresse de démonstration", except the CHU de
Lille's public main address. Only the 115 and its hours (24 h/24, 7 j/7) are real.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from permanence.demo.directory import FR, MO, SA, SU, TH, TU, WE, Ch, D, R
from permanence.directory.models import Desk
from permanence.directory.vocab import Category, Kind
from permanence.orgs.models import Organisation, OrganisationKind, Place

DEMO_ADDRESS = "Adresse de démonstration"
WEEKDAYS = (MO, TU, WE, TH, FR)
EVERY_DAY = (MO, TU, WE, TH, FR, SA, SU)

# Commune → (postcode, INSEE code). Commune names keep the ASCII apostrophe used by the search.
COMMUNES = {
    "Lille": ("59000", "59350"),
    "Roubaix": ("59100", "59512"),
    "Tourcoing": ("59200", "59599"),
    "Villeneuve-d'Ascq": ("59650", "59009"),
    "Loos": ("59120", "59360"),
    "Foix": ("09000", "09122"),
    "Pamiers": ("09100", "09225"),
    "Saint-Girons": ("09200", "09261"),
    "Lavelanet": ("09300", "09160"),
}

SeedDesk = Callable[[D, dict[str, Organisation]], Desk]


@dataclass(frozen=True)
class P:
    """A partner's place: fictional street address, real commune, approximate coordinates."""

    name: str
    commune: str
    latitude: str
    longitude: str
    postcode: str = ""
    address: str = DEMO_ADDRESS
    directions: str = ""

    def values(self) -> dict[str, str]:
        postcode, insee_code = COMMUNES[self.commune]
        return {
            "name": self.name,
            "address": self.address,
            "postcode": self.postcode or postcode,
            "commune": self.commune,
            "insee_code": insee_code,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "directions": self.directions,
        }


@dataclass(frozen=True)
class Partner:
    area: str  # "lille", "ariege" or "remote"
    organisation: str  # the organisation's name
    place: P | None
    desk: D
    open_on_public_holidays: bool = False
    free_of_charge: bool = True


def _partner(
    area: str,
    key: str,
    organisation: str,
    place: P | None,
    name: str,
    category: str,
    *,
    open_on_public_holidays: bool = False,
    free_of_charge: bool = True,
    **kw,
) -> Partner:
    slug = f"partner-{key}"
    kw.setdefault("audiences", ("everyone",))
    desk = D(
        slug,
        slug,
        name,
        place.name if place else None,
        kind=Kind.PARTNER,
        category=category,
        **kw,
    )
    return Partner(area, organisation, place, desk, open_on_public_holidays, free_of_charge)


def _lille(key, organisation, place, name, category, **kw) -> Partner:
    return _partner("lille", key, organisation, place, name, category, **kw)


def _ariege(key, organisation, place, name, category, **kw) -> Partner:
    return _partner("ariege", key, organisation, place, name, category, **kw)


def _phone(number: str, label: str = "Numéro fictif de démonstration", **kw) -> Ch:
    return Ch("phone", number, label, **kw)


def _email(key: str) -> Ch:
    return Ch("email", f"{key}@example.org")


PASS_DESCRIPTION = (
    "La permanence d’accès aux soins de santé (PASS) de l’hôpital reçoit les personnes qui n’ont "
    "pas de couverture maladie ou dont les droits ne sont pas ouverts : consultation avec un "
    "médecin, médicaments délivrés si besoin, puis rendez-vous avec une assistante sociale pour "
    "demander l’AME ou la PUMa."
)
PASS_OFFERS = (
    "Consultation de médecine générale, soins infirmiers, médicaments, accompagnement social pour "
    "l’AME, la PUMa et la complémentaire santé solidaire."
)
PASS_DOES_NOT_OFFER = "Pas d’urgences vitales : appeler le 15 ou aller aux urgences."
PASS_SUMMARY = (
    "Consultations médicales et aide pour ouvrir des droits à la protection maladie, pour les "
    "personnes sans couverture santé."
)
BARREAU_DESCRIPTION = (
    "Les avocat·es du barreau donnent un premier conseil gratuit et confidentiel, sur toute "
    "question de droit. Ils et elles expliquent aussi comment demander l’aide juridictionnelle "
    "pour être défendu·e dans une procédure."
)
DOMICILIATION_DOES_NOT_OFFER = (
    "Les personnes qui demandent l’asile sont domiciliées par la SPADA (structure de premier "
    "accueil), pas par ce service."
)

LILLE = [
    _lille(
        "pass-chu-lille",
        "CHU de Lille",
        P(
            "Cité hospitalière – accueil de la PASS",
            "Lille",
            "50.6104",
            "3.0345",
            address="2 avenue Oscar Lambret",
            directions="Métro ligne 1, station CHU – Centre Oscar Lambret.",
        ),
        "PASS du CHU – Lille (démo)",
        Category.HOSPITAL_PASS,
        rules=(R(WEEKDAYS, "08:30", "16:30"),),
        channels=(
            Ch("in_person", "", "Se présenter à l’accueil de la PASS"),
            _phone(
                "01 99 00 20 01",
                "Secrétariat (numéro fictif de démonstration)",
                hours=(R(WEEKDAYS, "09:00", "12:00"),),
            ),
            _email("pass-chu-lille"),
        ),
        modes=("walk_in", "appointment"),
        topics=("health", "social_rights"),
        languages=("fr", "en", "ar"),
        interpreters=True,
        summary=PASS_SUMMARY,
        description=PASS_DESCRIPTION + " Interprétariat par téléphone.",
        offers=PASS_OFFERS,
        does_not_offer=PASS_DOES_NOT_OFFER,
        how_to_come=(
            "Sans rendez-vous pour une première consultation, avec ses papiers s’il y en a."
        ),
        texts={
            "en": {
                "name": "Hospital free care service (PASS) – Lille (demo)",
                "summary": (
                    "Medical consultations and help to open health cover rights, for people "
                    "without health insurance."
                ),
            },
            "ar": {
                "name": "PASS – العلاج في المستشفى لمن ليس لديهم تغطية صحية – ليل (تجريبي)",
                "summary": (
                    "استشارات طبية ومساعدة في فتح الحق في التغطية الصحية للأشخاص الذين ليس "
                    "لديهم تأمين صحي."
                ),
            },
        },
    ),
    _lille(
        "pass-roubaix",
        "Centre hospitalier – Roubaix (démo)",
        P("Hôpital – consultations PASS", "Roubaix", "50.6843", "3.1738"),
        "PASS du centre hospitalier – Roubaix (démo)",
        Category.HOSPITAL_PASS,
        rules=(
            R((MO, TU, TH), "09:00", "12:00", label="Sans rendez-vous"),
            R((WE,), "14:00", "16:30", label="Rendez-vous avec l’assistante sociale"),
        ),
        channels=(
            _phone("01 99 00 20 02", for_booking=True, hours=(R(WEEKDAYS, "09:00", "12:00"),)),
            _email("pass-roubaix"),
        ),
        modes=("walk_in", "appointment"),
        topics=("health", "social_rights"),
        languages=("fr", "ar", "tr"),
        interpreters=True,
        summary=PASS_SUMMARY,
        description=PASS_DESCRIPTION,
        offers=PASS_OFFERS,
        does_not_offer=PASS_DOES_NOT_OFFER,
    ),
    _lille(
        "soins-lille-moulins",
        "Association de soins solidaires – Lille (démo)",
        P("Centre de soins", "Lille", "50.6181", "3.0705"),
        "Centre de soins gratuits – Lille Moulins (démo)",
        Category.DOCTOR,
        rules=(R((TU, TH), "14:00", "17:30"),),
        channels=(
            _phone("01 99 00 20 03"),
            Ch("sms", "01 99 00 20 03"),
            _email("soins-lille-moulins"),
        ),
        topics=("health", "social_rights"),
        languages=("fr", "en", "ar", "ps", "prs"),
        interpreters=True,
        summary=(
            "Consultations médicales gratuites sans rendez-vous, sans condition de papiers ni de "
            "couverture maladie."
        ),
        description=(
            "Des médecins et infirmier·es bénévoles reçoivent les personnes sans couverture "
            "santé, les orientent vers la PASS ou un médecin traitant et aident à ouvrir les "
            "droits à l’AME ou à la PUMa."
        ),
        does_not_offer="Pas de soins dentaires ni d’examens : nous orientons vers la PASS.",
        texts={
            "ar": {
                "name": "مركز العلاج المجاني – ليل مولان (تجريبي)",
                "summary": (
                    "استشارات طبية مجانية بدون موعد، ولا يُشترط وجود أوراق إقامة أو تغطية صحية."
                ),
            },
        },
    ),
    _lille(
        "soins-roubaix",
        "Médecins solidaires de Roubaix (démo)",
        P("Salle de consultation", "Roubaix", "50.6942", "3.1746"),
        "Consultations médicales solidaires – Roubaix (démo)",
        Category.DOCTOR,
        rules=(R((WE,), "09:00", "12:00", nths=(1, 3)),),
        channels=(_phone("01 99 00 20 04"), _email("soins-roubaix")),
        topics=("health",),
        languages=("fr", "ar"),
        summary="Consultations de médecine générale gratuites, les 1er et 3e mercredis du mois.",
        description=(
            "Des médecins bénévoles assurent une consultation sans rendez-vous et orientent vers "
            "la PASS de l’hôpital pour les examens et les médicaments."
        ),
    ),
    _lille(
        "ecoute-villeneuve",
        "Écoute et santé mentale des exilé·es (démo)",
        P("Cabinet associatif", "Villeneuve-d'Ascq", "50.6405", "3.1415"),
        "Écoute psychologique pour personnes exilées – Villeneuve-d’Ascq (démo)",
        Category.DOCTOR,
        rules=(R((TH,), "14:00", "18:00", interval=2, anchor=date(2026, 11, 5)),),
        channels=(
            _phone(
                "01 99 00 20 05",
                "Prise de rendez-vous (numéro fictif de démonstration)",
                for_booking=True,
                hours=(R((MO, TU), "10:00", "12:00"),),
            ),
            Ch("whatsapp", "01 99 00 20 05", "Messages écrits ou vocaux"),
            _email("ecoute-villeneuve"),
        ),
        modes=("appointment", "remote"),
        topics=("health",),
        languages=("fr", "en", "ar", "fa", "ru"),
        audiences=("foreigners",),
        interpreters=True,
        summary=(
            "Entretiens avec un·e psychologue, avec interprète si besoin, pour les personnes "
            "exilées qui traversent un moment difficile."
        ),
        description=(
            "Un jeudi sur deux, sur rendez-vous, au cabinet ou par téléphone. Les entretiens sont "
            "gratuits et confidentiels."
        ),
    ),
    _lille(
        "alimentaire-lille-fives",
        "Aide alimentaire de Fives (démo)",
        P("Local de distribution", "Lille", "50.6296", "3.0906", postcode="59800"),
        "Distribution alimentaire – Lille Fives (démo)",
        Category.FOOD_AID,
        rules=(R((TU, TH), "09:00", "11:30"),),
        channels=(Ch("in_person", "", "Sur place"), _phone("01 99 00 20 06")),
        topics=("food",),
        languages=("fr", "en"),
        summary="Distribution de denrées et de produits d’hygiène deux matinées par semaine.",
        description=(
            "Paniers de produits secs, frais et d’hygiène. Inscription lors de la première venue, "
            "sans condition de titre de séjour."
        ),
        how_to_come="Venir avec un grand sac ; la file d’attente ouvre un quart d’heure avant.",
    ),
    _lille(
        "alimentaire-lille-wazemmes",
        "Solidarité alimentaire de Wazemmes (démo)",
        P("Local associatif", "Lille", "50.6263", "3.0498"),
        "Colis alimentaires – Lille Wazemmes (démo)",
        Category.FOOD_AID,
        rules=(R((WE,), "14:00", "17:00", nths=(2, 4)),),
        channels=(
            _phone("01 99 00 20 07", for_booking=True, hours=(R((MO,), "14:00", "17:00"),)),
            Ch("sms", "01 99 00 20 07", "Pour un premier rendez-vous"),
        ),
        modes=("walk_in", "appointment"),
        topics=("food",),
        languages=("fr", "ar"),
        summary="Colis alimentaires les 2e et 4e mercredis du mois, après un premier entretien.",
        description=(
            "Un premier entretien, sur rendez-vous, permet de s’inscrire ; ensuite, les colis "
            "sont à retirer sans rendez-vous aux dates de distribution."
        ),
    ),
    _lille(
        "epicerie-roubaix",
        "Épicerie solidaire de Roubaix (démo)",
        P("Épicerie", "Roubaix", "50.6875", "3.1700"),
        "Épicerie solidaire – Roubaix (démo)",
        Category.FOOD_AID,
        free_of_charge=False,
        rules=(R((WE, SA), "09:30", "12:00"),),
        channels=(_phone("01 99 00 20 08"), _email("epicerie-roubaix")),
        modes=("appointment",),
        topics=("food",),
        languages=("fr", "ar", "tr"),
        summary=(
            "Produits alimentaires et d’hygiène à 10 à 30 % de leur prix, sur orientation d’un "
            "travailleur social."
        ),
        description=(
            "L’accès se fait pour quelques mois, sur orientation d’un·e travailleur·se social·e "
            "(CCAS, service social, association)."
        ),
    ),
    _lille(
        "repas-tourcoing",
        "Restaurant solidaire de Tourcoing (démo)",
        P("Salle de restauration", "Tourcoing", "50.7239", "3.1612"),
        "Repas chauds – Tourcoing (démo)",
        Category.FOOD_AID,
        rules=(R(WEEKDAYS, "11:45", "13:30"),),
        channels=(_phone("01 99 00 20 09"),),
        topics=("food",),
        languages=("fr", "en", "ar"),
        summary="Un repas chaud gratuit le midi en semaine, sans inscription.",
        description="Repas servis à table ; un café est offert à partir de 11 h 30.",
    ),
    _lille(
        "domiciliation-lille",
        "Service municipal de domiciliation – Lille (démo)",
        P("Accueil domiciliation", "Lille", "50.6330", "3.0690"),
        "Domiciliation administrative – service municipal, Lille (démo)",
        Category.DOMICILIATION,
        rules=(
            R((MO, TU, TH, FR), "09:00", "12:00"),
            R((WE,), "14:00", "16:30", label="Retrait du courrier uniquement"),
        ),
        channels=(_phone("01 99 00 20 10"), _email("domiciliation-lille")),
        topics=("domiciliation", "social_rights"),
        languages=("fr",),
        summary=(
            "Une adresse administrative gratuite pour recevoir son courrier et faire valoir ses "
            "droits, pour les personnes sans domicile stable."
        ),
        description=(
            "Pour les personnes qui ont un lien avec la commune (y vivre, y travailler, y être "
            "suivies). Le courrier se retire aux heures d’ouverture, avec une pièce d’identité."
        ),
        does_not_offer=DOMICILIATION_DOES_NOT_OFFER,
    ),
    _lille(
        "domiciliation-asso-lille",
        "Association de domiciliation – Lille (démo)",
        P("Permanence domiciliation", "Lille", "50.6357", "3.0616"),
        "Domiciliation associative – Lille centre (démo)",
        Category.DOMICILIATION,
        rules=(
            R(WEEKDAYS, "09:30", "11:30", label="Retrait du courrier"),
            R((TU, TH), "14:00", "17:00", label="Ouverture d’une domiciliation, sur rendez-vous"),
        ),
        channels=(
            _phone("01 99 00 20 11", for_booking=True, hours=(R((TU, TH), "14:00", "17:00"),)),
            _email("domiciliation-asso-lille"),
        ),
        modes=("walk_in", "appointment"),
        topics=("domiciliation", "social_rights", "health"),
        languages=("fr", "en", "ar"),
        summary=(
            "Association agréée pour la domiciliation : adresse postale, retrait du courrier et "
            "aide aux démarches qui en dépendent (AME, compte bancaire…)."
        ),
        does_not_offer=DOMICILIATION_DOES_NOT_OFFER,
    ),
    _lille(
        "barreau-lille",
        "Consultations gratuites d’avocat·es – Lille (démo)",
        P("Point-justice", "Lille", "50.6340", "3.0580"),
        "Consultations gratuites du barreau – Lille (démo)",
        Category.LAWYER,
        rules=(R((WE,), "14:00", "17:00"),),
        channels=(
            _phone(
                "01 99 00 20 12",
                "Rendez-vous (numéro fictif de démonstration)",
                for_booking=True,
                hours=(R(WEEKDAYS, "09:00", "12:00"),),
            ),
        ),
        modes=("appointment",),
        topics=("residence", "removal", "family", "work", "housing"),
        languages=("fr", "en"),
        summary=(
            "Consultation gratuite de 20 minutes avec un·e avocat·e, sur rendez-vous, pour un "
            "premier avis juridique."
        ),
        description=BARREAU_DESCRIPTION,
        does_not_offer="La consultation ne vaut pas prise en charge du dossier.",
        texts={
            "en": {
                "name": "Free consultations with a lawyer – Lille (demo)",
                "summary": "A free 20-minute consultation with a lawyer, by appointment.",
            },
        },
    ),
    _lille(
        "avocats-etrangers-lille",
        "Avocat·es solidaires en droit des étrangers – Lille (démo)",
        P("Salle associative", "Lille", "50.6420", "3.0630", postcode="59800"),
        "Permanence d’avocat·es en droit des étrangers – Lille (démo)",
        Category.LAWYER,
        rules=(R((SA,), "09:30", "12:00", nths=(1, 3)),),
        channels=(_email("avocats-etrangers-lille"),),
        topics=("residence", "removal", "asylum", "regularisation", "family"),
        languages=("fr", "en", "ar"),
        audiences=("foreigners", "supporters", "professionals"),
        summary=(
            "Avocat·es en droit des étrangers, sans rendez-vous : OQTF, refus de titre de séjour, "
            "recours devant la CNDA, aide juridictionnelle."
        ),
        how_to_come=(
            "Apporter toutes les décisions reçues avec leur enveloppe : la date de notification "
            "fait courir les délais de recours."
        ),
    ),
    _lille(
        "francais-lille-fives",
        "Centre social de Fives – cours de français (démo)",
        P("Centre social – salle de cours", "Lille", "50.6310", "3.0870", postcode="59800"),
        "Cours de français – Lille Fives (démo)",
        Category.FRENCH_CLASSES,
        rules=(R((MO, TH), "14:00", "16:00", school="outside"),),
        channels=(_phone("01 99 00 20 14"), _email("francais-lille-fives")),
        topics=("french",),
        languages=("fr", "en", "ar"),
        audiences=("foreigners",),
        children_welcome=True,
        summary=(
            "Cours de français pour adultes, tous niveaux, hors vacances scolaires ; inscription "
            "possible toute l’année."
        ),
        description="Garde des jeunes enfants assurée pendant les cours.",
        texts={
            "en": {
                "name": "French classes – Lille Fives (demo)",
                "summary": "French classes for adults, all levels, outside school holidays.",
            },
        },
    ),
    _lille(
        "asl-roubaix",
        "Ateliers de langue de Roubaix (démo)",
        P("Maison de quartier", "Roubaix", "50.6860", "3.1880"),
        "Ateliers sociolinguistiques – Roubaix (démo)",
        Category.FRENCH_CLASSES,
        rules=(
            R((TU, FR), "09:00", "11:00", school="outside"),
            R((WE,), "18:00", "20:00", school="outside", label="Cours du soir"),
        ),
        channels=(
            Ch("sms", "01 99 00 20 15", "Inscriptions par SMS"),
            Ch("whatsapp", "01 99 00 20 15", "Inscriptions par WhatsApp"),
        ),
        modes=("appointment",),
        topics=("french", "schooling"),
        languages=("fr", "ar", "tr"),
        audiences=("foreigners",),
        summary=(
            "Apprendre le français de la vie quotidienne : rendez-vous médicaux, école des "
            "enfants, démarches."
        ),
        description="Un test de positionnement a lieu à l’inscription ; les groupes ont 12 places.",
    ),
    _lille(
        "conversation-villeneuve",
        "Conversation française solidaire (démo)",
        P("Salle de quartier", "Villeneuve-d'Ascq", "50.6233", "3.1450"),
        "Conversation en français – Villeneuve-d’Ascq (démo)",
        Category.FRENCH_CLASSES,
        rules=(R((SA,), "10:00", "12:00", interval=2, anchor=date(2026, 11, 7)),),
        channels=(_email("conversation-villeneuve"),),
        topics=("french", "activities"),
        languages=("fr", "en", "es", "uk", "ru"),
        audiences=("foreigners",),
        summary="Un samedi matin sur deux, pratiquer l’oral autour d’un café, sans inscription.",
    ),
    _lille(
        "ateliers-lille-moulins",
        "Ateliers partagés de Moulins (démo)",
        P("Atelier", "Lille", "50.6170", "3.0660"),
        "Ateliers couture et cuisine partagée – Lille Moulins (démo)",
        Category.ACTIVITIES,
        rules=(
            R((FR,), "14:00", "17:00", nths=(-1,), label="Cuisine partagée"),
            R((WE,), "14:00", "16:30", school="during", label="Sorties et jeux en famille"),
        ),
        channels=(_phone("01 99 00 20 17"), Ch("whatsapp", "01 99 00 20 17")),
        topics=("activities",),
        languages=("fr", "ar", "ti"),
        children_welcome=True,
        summary=(
            "Cuisine partagée le dernier vendredi du mois et sorties en famille le mercredi "
            "pendant les vacances scolaires."
        ),
    ),
    _lille(
        "sport-tourcoing",
        "Sport solidaire Tourcoing (démo)",
        P("Terrain de sport", "Tourcoing", "50.7180", "3.1520"),
        "Football et sport solidaire – Tourcoing (démo)",
        Category.ACTIVITIES,
        rules=(R((SU,), "10:00", "12:00"),),
        channels=(Ch("whatsapp", "01 99 00 20 18", "Groupe d’information"),),
        topics=("activities",),
        languages=("fr", "en", "ar", "ps"),
        summary="Football et jeux collectifs le dimanche matin, ouverts à toutes et tous.",
        how_to_come="Venir en tenue de sport ; des chaussures peuvent être prêtées.",
    ),
    _lille(
        "accueil-jour-lille",
        "Accueil de jour du centre de Lille (démo)",
        P("Accueil de jour", "Lille", "50.6320", "3.0700"),
        "Accueil de jour – Lille centre (démo)",
        Category.DAY_CENTRE,
        rules=(R(WEEKDAYS, "08:30", "12:00"), R((MO, TU, TH, FR), "13:30", "16:30")),
        channels=(_phone("01 99 00 20 19"),),
        topics=("housing", "social_rights", "food"),
        languages=("fr", "en", "ar", "ps", "prs", "ti"),
        summary=(
            "Un lieu pour se poser, se doucher, laver son linge et rencontrer une assistante "
            "sociale, sans rendez-vous."
        ),
        offers=(
            "Café, douches, laverie, bagagerie, recharge de téléphone, accès à internet ; "
            "permanence d’une assistante sociale le jeudi matin."
        ),
        does_not_offer="Pas d’hébergement : pour une place la nuit, appeler le 115.",
        texts={
            "en": {
                "name": "Day centre – Lille centre (demo)",
                "summary": "Coffee, showers, laundry, phone charging and a social worker.",
            },
            "ar": {
                "name": "مركز الاستقبال النهاري – وسط ليل (تجريبي)",
                "summary": "قهوة، استحمام، غسيل الملابس، شحن الهاتف ومساعدة اجتماعية، بدون موعد.",
            },
        },
    ),
    _lille(
        "accueil-jour-roubaix",
        "Accueil de jour de Roubaix (démo)",
        P("Accueil de jour", "Roubaix", "50.6903", "3.1816"),
        "Accueil de jour – Roubaix (démo)",
        Category.DAY_CENTRE,
        rules=(
            R((MO, WE, FR), "09:00", "13:00"),
            R((SA,), "09:00", "12:00", except_nths=(1,)),
        ),
        channels=(_phone("01 99 00 20 20"),),
        topics=("housing", "food", "social_rights"),
        languages=("fr", "ar"),
        summary="Petit-déjeuner, douches et orientation, trois matinées par semaine et le samedi.",
        does_not_offer="Fermé le premier samedi du mois.",
    ),
    _lille(
        "service-social-loos",
        "Service social départemental – Loos (démo)",
        P("Unité territoriale d’action sociale", "Loos", "50.6130", "3.0130"),
        "Service social départemental – Loos (démo)",
        Category.SOCIAL_SERVICES,
        rules=(R(WEEKDAYS, "09:00", "12:00"), R(WEEKDAYS, "13:30", "17:00")),
        channels=(
            _phone(
                "01 99 00 20 21",
                "Accueil et rendez-vous (numéro fictif de démonstration)",
                for_booking=True,
                hours=(R(WEEKDAYS, "09:00", "12:00"), R(WEEKDAYS, "13:30", "17:00")),
            ),
        ),
        modes=("appointment",),
        topics=("social_rights", "housing", "schooling", "health"),
        languages=("fr",),
        summary=(
            "Assistantes sociales du Département : accès aux droits, protection de l’enfance, "
            "aides financières, logement."
        ),
    ),
]

ARIEGE = [
    _ariege(
        "pass-foix",
        "Centre hospitalier – Foix (démo)",
        P("Hôpital – consultations PASS", "Foix", "42.9612", "1.6098"),
        "PASS du centre hospitalier – Foix (démo)",
        Category.HOSPITAL_PASS,
        rules=(
            R(WEEKDAYS, "09:00", "12:00", label="Sans rendez-vous"),
            R(WEEKDAYS, "13:30", "16:30", label="Sur rendez-vous"),
        ),
        channels=(
            _phone("01 99 00 30 01", for_booking=True, hours=(R(WEEKDAYS, "09:00", "16:30"),)),
            _email("pass-foix"),
        ),
        modes=("walk_in", "appointment"),
        topics=("health", "social_rights"),
        languages=("fr", "es", "en"),
        interpreters=True,
        summary=PASS_SUMMARY,
        description=PASS_DESCRIPTION,
        offers=PASS_OFFERS,
        does_not_offer=PASS_DOES_NOT_OFFER,
        texts={
            "en": {
                "name": "Hospital free care service (PASS) – Foix (demo)",
                "summary": "Medical care and help with health cover, for people without it.",
            },
            "es": {
                "name": "PASS del hospital – Foix (demo)",
                "summary": "Consultas médicas y ayuda para obtener la cobertura sanitaria.",
            },
        },
    ),
    _ariege(
        "pass-saint-girons",
        "Centre hospitalier – Saint-Girons (démo)",
        P("Hôpital – consultations PASS", "Saint-Girons", "42.9790", "1.1500"),
        "PASS du centre hospitalier – Saint-Girons (démo)",
        Category.HOSPITAL_PASS,
        rules=(R((TU, TH), "09:00", "12:30"),),
        channels=(_phone("01 99 00 30 02"),),
        topics=("health", "social_rights"),
        languages=("fr", "es"),
        summary=PASS_SUMMARY,
        description=PASS_DESCRIPTION,
        offers=PASS_OFFERS,
        does_not_offer=PASS_DOES_NOT_OFFER,
    ),
    _ariege(
        "soins-pamiers",
        "Médecins solidaires de la basse Ariège (démo)",
        P("Salle de consultation", "Pamiers", "43.1195", "1.6082"),
        "Consultations médicales gratuites – Pamiers (démo)",
        Category.DOCTOR,
        rules=(R((TH,), "14:00", "17:00", nths=(2, 4)),),
        channels=(_phone("01 99 00 30 03"), Ch("sms", "01 99 00 30 03")),
        topics=("health",),
        languages=("fr", "ar", "en"),
        summary="Consultations médicales gratuites les 2e et 4e jeudis du mois, sans rendez-vous.",
        description="Orientation vers la PASS et aide à la demande d’AME.",
    ),
    _ariege(
        "alimentaire-foix",
        "Entraide alimentaire du pays de Foix (démo)",
        P("Local de distribution", "Foix", "42.9653", "1.6075"),
        "Distribution alimentaire – Foix (démo)",
        Category.FOOD_AID,
        rules=(R((TU, FR), "14:00", "16:30"),),
        channels=(_phone("01 99 00 30 04"),),
        topics=("food",),
        languages=("fr", "es", "en"),
        summary="Distribution de denrées le mardi et le vendredi après-midi.",
        how_to_come="Inscription sur place lors de la première venue.",
    ),
    _ariege(
        "alimentaire-pamiers",
        "Solidarité alimentaire appaméenne (démo)",
        P("Local associatif", "Pamiers", "43.1131", "1.6139"),
        "Colis alimentaires – Pamiers (démo)",
        Category.FOOD_AID,
        rules=(R((WE,), "09:30", "11:30", interval=2, anchor=date(2026, 11, 4)),),
        channels=(_phone("01 99 00 30 05"), Ch("whatsapp", "01 99 00 30 05")),
        topics=("food",),
        languages=("fr", "ar"),
        summary="Colis alimentaires un mercredi matin sur deux.",
    ),
    _ariege(
        "epicerie-lavelanet",
        "Épicerie solidaire du pays d’Olmes (démo)",
        P("Épicerie", "Lavelanet", "42.9313", "1.8488"),
        "Épicerie solidaire – Lavelanet (démo)",
        Category.FOOD_AID,
        free_of_charge=False,
        rules=(R((TU,), "14:00", "17:00"), R((SA,), "09:00", "12:00", nths=(1, 3))),
        channels=(_phone("01 99 00 30 06"), _email("epicerie-lavelanet")),
        modes=("appointment",),
        topics=("food",),
        languages=("fr",),
        summary="Produits à petit prix, sur orientation d’un·e travailleur·se social·e.",
    ),
    _ariege(
        "domiciliation-pamiers",
        "Service municipal de domiciliation – Pamiers (démo)",
        P("Accueil domiciliation", "Pamiers", "43.1163", "1.6108"),
        "Domiciliation administrative – service municipal, Pamiers (démo)",
        Category.DOMICILIATION,
        rules=(R((MO, TU, TH), "08:30", "12:00"),),
        channels=(_phone("01 99 00 30 07"),),
        topics=("domiciliation", "social_rights"),
        languages=("fr",),
        summary=(
            "Une adresse administrative gratuite pour les personnes sans domicile stable ayant un "
            "lien avec la commune."
        ),
        does_not_offer=DOMICILIATION_DOES_NOT_OFFER,
    ),
    _ariege(
        "barreau-foix",
        "Consultations gratuites d’avocat·es – Foix (démo)",
        P("Point-justice", "Foix", "42.9660", "1.6050"),
        "Consultations gratuites du barreau – Foix (démo)",
        Category.LAWYER,
        rules=(R((TU,), "14:00", "17:00", nths=(1,)),),
        channels=(
            _phone(
                "01 99 00 30 08",
                "Rendez-vous (numéro fictif de démonstration)",
                for_booking=True,
                hours=(R(WEEKDAYS, "09:00", "12:00"),),
            ),
        ),
        modes=("appointment",),
        topics=("residence", "removal", "family", "work", "housing"),
        languages=("fr",),
        summary="Consultation gratuite avec un·e avocat·e le 1er mardi du mois, sur rendez-vous.",
        description=BARREAU_DESCRIPTION,
    ),
    _ariege(
        "francais-foix",
        "Français pour tous en Ariège (démo)",
        P("Salle de cours", "Foix", "42.9640", "1.6090"),
        "Cours de français – Foix (démo)",
        Category.FRENCH_CLASSES,
        rules=(R((MO, WE), "17:30", "19:30", school="outside"),),
        channels=(_email("francais-foix"), Ch("sms", "01 99 00 30 09", "Inscriptions par SMS")),
        topics=("french",),
        languages=("fr", "en", "es", "ar"),
        audiences=("foreigners",),
        summary="Cours de français du soir pour adultes, hors vacances scolaires.",
    ),
    _ariege(
        "cafe-langues-saint-girons",
        "Café des langues du Couserans (démo)",
        P("Café associatif", "Saint-Girons", "42.9847", "1.1465"),
        "Café des langues et ateliers – Saint-Girons (démo)",
        Category.ACTIVITIES,
        rules=(R((FR,), "18:00", "20:30", interval=2, anchor=date(2026, 11, 6)),),
        channels=(Ch("whatsapp", "01 99 00 30 10"), _email("cafe-langues-saint-girons")),
        topics=("activities", "french"),
        languages=("fr", "en", "es", "ar"),
        children_welcome=True,
        summary="Un vendredi soir sur deux, échanges de langues, jeux et repas partagé.",
    ),
    _ariege(
        "accueil-jour-pamiers",
        "Accueil de jour de Pamiers (démo)",
        P("Accueil de jour", "Pamiers", "43.1178", "1.6050"),
        "Accueil de jour – Pamiers (démo)",
        Category.DAY_CENTRE,
        rules=(R(WEEKDAYS, "09:00", "12:00"),),
        channels=(_phone("01 99 00 30 11"),),
        topics=("housing", "food", "social_rights"),
        languages=("fr", "en"),
        summary="Café, douches, laverie et orientation, en semaine le matin.",
        does_not_offer="Pas d’hébergement : pour une place la nuit, appeler le 115.",
    ),
    _ariege(
        "service-social-foix",
        "Service social départemental – Foix (démo)",
        P("Accueil du service social", "Foix", "42.9672", "1.6031"),
        "Service social départemental – Foix (démo)",
        Category.SOCIAL_SERVICES,
        rules=(R(WEEKDAYS, "09:00", "12:00"), R((MO, TU, TH), "14:00", "17:00")),
        channels=(
            _phone(
                "01 99 00 30 12",
                "Accueil et rendez-vous (numéro fictif de démonstration)",
                for_booking=True,
                hours=(R(WEEKDAYS, "09:00", "12:00"),),
            ),
        ),
        modes=("appointment",),
        topics=("social_rights", "housing", "schooling", "health"),
        languages=("fr",),
        summary="Assistantes sociales du Département, sur rendez-vous.",
    ),
]

REMOTE = [
    _partner(
        "remote",
        "115",
        "115 – Urgence sociale (SIAO)",
        None,
        "115 – Hébergement d’urgence",
        Category.EMERGENCY_SHELTER,
        open_on_public_holidays=True,
        rules=(R(EVERY_DAY, "00:00", "23:59"),),
        channels=(Ch("phone", "115", "Appel gratuit, 24 h/24 et 7 j/7"),),
        modes=("remote",),
        topics=("housing",),
        languages=("fr",),
        summary=(
            "Numéro gratuit d’urgence sociale, joignable jour et nuit, pour demander une place "
            "d’hébergement d’urgence."
        ),
        description=(
            "Le 115 est géré dans chaque département par le SIAO (service intégré d’accueil et "
            "d’orientation). Il oriente vers une place d’hébergement d’urgence selon les "
            "disponibilités, et informe sur les maraudes et les accueils de jour."
        ),
        how_to_come=(
            "Appeler le 115 depuis un fixe ou un mobile, même sans crédit. L’attente peut être "
            "longue : rappeler plusieurs fois si besoin."
        ),
        texts={
            "en": {
                "name": "115 – Emergency shelter (demo)",
                "summary": "Free emergency social number, day and night, to ask for a shelter.",
            },
            "ar": {
                "name": "115 – الطوارئ الاجتماعية والإيواء العاجل",
                "summary": (
                    "رقم مجاني يعمل 24 ساعة في اليوم وطوال أيام الأسبوع لطلب مكان للمبيت في "
                    "حالة الطوارئ."
                ),
            },
        },
    ),
]

PARTNERS = LILLE + ARIEGE + REMOTE


def _seed_organisation(partner: Partner) -> Organisation:
    channels = partner.desk.channels
    phone = next((c.value for c in channels if c.kind == "phone"), "")
    email = next((c.value for c in channels if c.kind == "email"), "")
    organisation, _ = Organisation.objects.update_or_create(
        slug=partner.desk.organisation,
        defaults={
            "name": partner.organisation,
            "kind": OrganisationKind.ASSOCIATION,
            "parent": None,
            "email": email,
            "phone": phone,
            "description": partner.desk.summary,
        },
    )
    return organisation


def _seed_place(organisation: Organisation, demo_place: P) -> Place:
    place = Place.objects.filter(organisation=organisation, name=demo_place.name).first()
    place = place or Place(organisation=organisation)
    for name, value in demo_place.values().items():
        setattr(place, name, value)
    place.full_clean()
    place.save()
    return place


def seed_partners(organisations: dict[str, Organisation], seed_desk: SeedDesk) -> list[Desk]:
    """Create or update the partner services, each with its own organisation and place."""
    known = dict(organisations)
    desks = []
    for partner in PARTNERS:
        organisation = _seed_organisation(partner)
        known[partner.desk.organisation] = organisation
        if partner.place is not None:
            _seed_place(organisation, partner.place)
        desk = seed_desk(partner.desk, known)
        desk.closed_on_public_holidays = not partner.open_on_public_holidays
        desk.free_of_charge = partner.free_of_charge
        Desk.objects.filter(pk=desk.pk).update(
            closed_on_public_holidays=desk.closed_on_public_holidays,
            free_of_charge=desk.free_of_charge,
        )
        desks.append(desk)
    return desks
