"""The desks of the seeds with their real schedules, and partner services (demo data)."""

from dataclasses import dataclass, field
from datetime import date, time

from permanence.directory.models import Channel, Desk, DeskText, ScheduleRule
from permanence.directory.vocab import Category, Kind
from permanence.orgs.models import Organisation, Place

MO, TU, WE, TH, FR, SA, SU = range(7)


@dataclass(frozen=True)
class R:
    """A schedule rule in short: weekly unless nths, except_nths or interval say otherwise."""

    weekdays: tuple[int, ...]
    start: str
    end: str
    nths: tuple[int, ...] = ()
    except_nths: tuple[int, ...] = ()
    interval: int = 1
    anchor: date | None = None
    school: str = "any"
    label: str = ""

    def kind(self) -> str:
        if self.nths:
            return "monthly"
        if self.interval > 1:
            return "every_n_weeks"
        return "weekly"


@dataclass(frozen=True)
class Ch:
    kind: str
    value: str = ""
    label: str = ""
    for_booking: bool = False
    hours: tuple[R, ...] = ()


@dataclass(frozen=True)
class D:
    organisation: str
    slug: str
    name: str
    place: str | None
    rules: tuple[R, ...] = ()
    channels: tuple[Ch, ...] = ()
    kind: str = Kind.DESK
    category: str = Category.LEGAL_DESK
    modes: tuple[str, ...] = ("walk_in",)
    topics: tuple[str, ...] = ("asylum", "residence", "regularisation", "nationality", "family")
    languages: tuple[str, ...] = ("fr",)
    audiences: tuple[str, ...] = ("foreigners", "supporters", "professionals")
    summary: str = ""
    description: str = ""
    offers: str = ""
    does_not_offer: str = ""
    how_to_come: str = ""
    interpreters: bool = False
    children_welcome: bool = False
    texts: dict[str, dict[str, str]] = field(default_factory=dict)


CIMADE_OFFERS = (
    "Accueil, information et accompagnement (constitution de dossiers, rédaction de courriers, "
    "recours, orientation) pour le droit d’asile, les titres de séjour, la régularisation, la "
    "nationalité, les visas, le regroupement familial."
)
CIMADE_SUMMARY = "Permanence d’accueil et de soutien juridique de La Cimade."

FOIX = D(
    "perm-de-foix",
    "perm-de-foix",
    "Permanence administrative pour les personnes étrangères",
    "Bibliothèque associative La Mauvaise Foix",
    rules=(R((MO,), "16:00", "19:00", nths=(2, 4)),),
    channels=(
        Ch("in_person", "", "À la bibliothèque associative La Mauvaise Foix"),
        Ch("phone", "07 45 29 68 08", "Appel"),
        Ch("sms", "07 45 29 68 08"),
        Ch("whatsapp", "07 45 29 68 08"),
        Ch("signal", "07 45 29 68 08"),
        Ch("social", "https://www.facebook.com/", "Perm de Foix"),
    ),
    modes=("walk_in", "remote"),
    topics=("asylum", "residence", "health", "social_rights", "regularisation"),
    languages=("fr", "en", "es"),
    children_welcome=True,
    summary="Aide administrative et juridique gratuite, avec une approche humaine et conviviale.",
    description=(
        "La permanence s’adresse aux personnes étrangères, avec ou sans papiers, aux personnes qui "
        "les soutiennent et aux bénévoles ou employé·es des institutions et associations. "
        "L’accueil se fait en deux temps : un espace d’accueil convivial, puis un entretien "
        "individuel confidentiel. Les enfants sont les bienvenus."
    ),
    offers=(
        "Aide administrative (formulaires, contacts, rangement des papiers) et juridique "
        "(ressources, documentation, lien avec des spécialistes du droit des étrangers)."
    ),
    does_not_offer=(
        "Pas d’aide alimentaire ou matérielle, de travail ou de logement : nous pouvons réorienter "
        "vers les autres ressources et aider à y accéder."
    ),
    how_to_come=(
        "Sur place les 2e et 4e lundis, par téléphone (appel, SMS, WhatsApp, Signal) ou par mail ; "
        "nous répondons surtout sur nos créneaux, un lundi sur deux."
    ),
    texts={
        "en": {
            "name": "Administrative desk for foreign people",
            "summary": "Free administrative and legal help, with a human and friendly approach.",
            "does_not_offer": (
                "No food or material help, work or housing, but we can help you reach other "
                "resources."
            ),
        },
        "ar": {
            "name": "الدوام الإداري للأجانب",
            "summary": "نقدم المساعدة الإدارية والقانونية المجانية على نحو إنساني وودي.",
        },
        "es": {
            "name": "Atención administrativa para los extranjeros",
            "summary": (
                "Apoyo administrativo y jurídico gratuito, con un enfoque humano y amistoso."
            ),
        },
    },
)


def _cimade(slug, town, place, rules, *, modes=("walk_in",), channels=(), languages=("fr",), **kw):
    return D(
        f"cimade-{slug}",
        f"cimade-{slug}-permanence",
        f"Permanence juridique de La Cimade – {town}",
        place,
        rules=rules,
        channels=channels,
        modes=modes,
        languages=languages,
        summary=CIMADE_SUMMARY,
        offers=CIMADE_OFFERS,
        **kw,
    )


SEED_DESKS = [
    FOIX,
    _cimade(
        "lille",
        "Lille",
        "Local de La Cimade",
        (R((TU, TH), "14:00", "17:00"), R((SA,), "09:00", "12:00")),
        channels=(Ch("email", "permjuridiquelille@lacimade.org"),),
        languages=("fr", "en", "ar"),
        how_to_come="Métro Port de Lille.",
        interpreters=True,
    ),
    D(
        "cimade-lille",
        "cimade-lille-accueil-info-asile",
        "Accueil info asile – La Cimade Lille",
        "Local de La Cimade",
        rules=(
            R((FR,), "14:00", "16:00", nths=(2,), label="Accueil info asile"),
            R((SA,), "10:00", "12:00", nths=(4,), label="Accueil info asile"),
        ),
        channels=(
            Ch("email", "prepasile.lille@lacimade.org", "Préparations individuelles OFPRA/CNDA"),
        ),
        topics=("asylum", "dublin"),
        languages=("fr", "en", "ar"),
        summary=(
            "Pour les personnes qui souhaitent déposer une demande d’asile ou ont une demande en "
            "cours, sans rendez-vous."
        ),
    ),
    _cimade(
        "tourcoing",
        "Tourcoing",
        "Relais Soleil Tourquennois",
        (R((SA,), "09:30", "11:00", school="outside"),),
        channels=(Ch("email", "tourcoing@lacimade.org"),),
    ),
    _cimade(
        "valenciennes",
        "Valenciennes",
        "Maison de quartier Beaujardin",
        (R((FR,), "09:30", "11:30", school="outside"),),
        modes=("appointment",),
        channels=(
            Ch("phone", "06 75 67 83 08", "Prise de rendez-vous", for_booking=True),
            Ch("email", "valenciennes@lacimade.org"),
        ),
    ),
    _cimade(
        "maubeuge",
        "Maubeuge",
        "Local",
        (R((WE,), "14:00", "16:00", nths=(1, 3)), R((SA,), "09:00", "11:00", nths=(2, 4))),
        channels=(Ch("email", "maubeuge@lacimade.org"),),
        topics=("asylum", "residence", "prison"),
    ),
    _cimade(
        "grande-synthe",
        "Grande-Synthe",
        "Maison de la Citoyenneté",
        (R((TH,), "14:00", "16:30"),),
        channels=(Ch("email", "grande-synthe@lacimade.org"),),
        languages=("fr", "en", "ar", "ps", "prs"),
    ),
    _cimade(
        "lens-lievin",
        "Lens-Liévin",
        "Le Toit commun",
        (R((SA,), "09:00", "10:30"),),
        channels=(Ch("phone", "07 50 69 83 28"), Ch("email", "lens-lievin@lacimade.org")),
    ),
    _cimade(
        "amiens",
        "Amiens",
        "Espace Dewailly, Pôle citoyenneté",
        (
            R((TU,), "14:00", "16:30", school="outside"),
            R((TU,), "14:00", "16:30", interval=2, anchor=date(2026, 10, 20), school="during"),
        ),
        modes=("appointment",),
        channels=(
            Ch(
                "phone",
                "06 83 04 64 86",
                "Rendez-vous à prendre le lundi de 14 h à 17 h",
                for_booking=True,
                hours=(R((MO,), "14:00", "17:00"),),
            ),
            Ch("email", "amiens@lacimade.org"),
        ),
        languages=("fr", "en", "ar", "ru"),
    ),
    _cimade(
        "soissons",
        "Soissons",
        "CCFD",
        (
            R((FR,), "09:30", "12:00"),
            R((MO,), "14:30", "16:30", interval=2, anchor=date(2026, 11, 16)),
        ),
        modes=("appointment",),
        channels=(
            Ch("phone", "06 77 97 72 04", "Prise de rendez-vous", for_booking=True),
            Ch("email", "soissons@lacimade.org"),
        ),
    ),
    _cimade(
        "oise",
        "Clermont (Oise)",
        "Salle Couperin",
        (R((TU,), "14:00", "16:30"),),
        modes=("appointment",),
        channels=(
            Ch(
                "phone",
                "07 57 50 87 31",
                "Téléphone non actif en dehors de ces horaires",
                for_booking=True,
                hours=(R((MO, FR), "09:30", "11:30"),),
            ),
            Ch("email", "oise@lacimade.org"),
        ),
    ),
    D(
        "cimade-nord-picardie",
        "cimade-calais-bus-acces-au-droit",
        "Bus de l’accès au droit – Calais",
        "Accueil de jour du Secours Catholique",
        rules=(R((MO,), "14:00", "17:00", except_nths=(2,)),),
        channels=(Ch("email", "nord.picardie@lacimade.org"),),
        languages=("fr", "en", "ar", "ps", "prs", "ti"),
        summary=(
            "En partenariat avec le bus de l’accès au droit de l’Université Catholique de Lille, "
            "sans rendez-vous, à l’accueil de jour du Secours Catholique."
        ),
        offers=CIMADE_OFFERS,
    ),
    D(
        "exod",
        "exod-permanence",
        "Permanence administrative EXOD",
        "Local d’EXOD",
        rules=(R((WE,), "14:00", "17:00"),),
        modes=("walk_in",),
        topics=("asylum", "residence", "health", "social_rights", "housing", "schooling"),
        languages=("fr", "en", "ar", "ps", "prs"),
        summary=(
            "Informer, aider aux démarches d’accès aux droits sociaux et médicaux, orienter vers "
            "les structures compétentes de droit commun."
        ),
        description=(
            "L’accompagnement juridique d’EXOD vise à débloquer des situations administratives "
            "complexes sur le long terme. EXOD mène aussi des maraudes administratives dans la "
            "métropole lilloise."
        ),
    ),
    D(
        "info-migrants",
        "info-migrants",
        "Info Migrants – information juridique par téléphone",
        None,
        rules=(
            R((MO, TU, WE, TH, FR), "09:00", "13:00"),
            R((MO, TU, WE, TH, FR), "14:00", "16:00"),
        ),
        channels=(Ch("phone", "01 99 00 12 34", "Numéro fictif de démonstration"),),
        category=Category.HELPLINE,
        modes=("remote",),
        topics=("residence", "social_rights", "family", "asylum", "nationality", "removal", "work"),
        languages=("fr", "en"),
        audiences=("foreigners", "professionals"),
        summary=(
            "Service gratuit d’informations juridiques par téléphone en droit des étrangers "
            "(entrée, séjour, droits sociaux, droits de la famille)."
        ),
    ),
]

EXTRA_PLACES = {
    # Places that the desks need and the organisations' own addresses do not give.
    "cimade-nord-picardie": [
        dict(
            name="Accueil de jour du Secours Catholique",
            address="Adresse de démonstration",
            postcode="62100",
            commune="Calais",
            insee_code="62193",
            latitude="50.9513",
            longitude="1.8587",
        )
    ],
    "exod": [
        dict(
            name="Local d’EXOD",
            address="Adresse de démonstration",
            postcode="59000",
            commune="Lille",
            insee_code="59350",
            latitude="50.6280",
            longitude="3.0580",
        )
    ],
}


def _place(organisation: Organisation, name: str | None) -> Place | None:
    if name is None:
        return None
    return Place.objects.get(organisation=organisation, name=name)


def _set_rules(desk: Desk, rules: tuple[R, ...], channel: Channel | None = None) -> None:
    for r in rules:
        rule = ScheduleRule(
            desk=desk,
            channel=channel,
            kind=r.kind(),
            weekdays=list(r.weekdays),
            nths=list(r.nths),
            except_nths=list(r.except_nths),
            interval=r.interval,
            anchor=r.anchor,
            start=time.fromisoformat(r.start),
            end=time.fromisoformat(r.end),
            school_holidays=r.school,
            label=r.label,
        )
        rule.as_rule()  # validates
        rule.save()


def seed_desk(item: D, organisations: dict[str, Organisation]) -> Desk:
    organisation = organisations[item.organisation]
    desk, _ = Desk.objects.update_or_create(
        slug=item.slug,
        defaults=dict(
            organisation=organisation,
            place=_place(organisation, item.place),
            kind=item.kind,
            category=item.category,
            name=item.name,
            summary=item.summary,
            description=item.description,
            offers=item.offers,
            does_not_offer=item.does_not_offer,
            how_to_come=item.how_to_come,
            audiences=list(item.audiences),
            topics=list(item.topics),
            modes=list(item.modes),
            languages=list(item.languages),
            interpreters=item.interpreters,
            children_welcome=item.children_welcome,
        ),
    )
    desk.rules.all().delete()
    desk.channels.all().delete()
    desk.texts.all().delete()
    _set_rules(desk, item.rules)
    for position, ch in enumerate(item.channels):
        channel = Channel.objects.create(
            desk=desk,
            kind=ch.kind,
            value=ch.value,
            label=ch.label,
            for_booking=ch.for_booking,
            position=position,
        )
        _set_rules(desk, ch.hours, channel)
    for language, texts in item.texts.items():
        DeskText.objects.create(desk=desk, language=language, **texts)
    return desk


def seed_places(organisations: dict[str, Organisation]) -> None:
    for slug, places in EXTRA_PLACES.items():
        for values in places:
            place = Place.objects.filter(
                organisation=organisations[slug], name=values["name"]
            ).first()
            place = place or Place(organisation=organisations[slug])
            for name, value in values.items():
                setattr(place, name, value)
            place.full_clean()
            place.save()


def seed_directory(organisations: dict[str, Organisation]) -> list[Desk]:
    from permanence.demo.partners import seed_partners

    seed_places(organisations)
    desks = [seed_desk(item, organisations) for item in SEED_DESKS]
    desks += seed_partners(organisations, seed_desk)
    return desks
