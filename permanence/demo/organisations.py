"""The organisations of the seeds, with their public information (seed pages 000 to 003)."""

from dataclasses import dataclass, field

from permanence.orgs.models import Organisation, OrganisationKind, Place


@dataclass(frozen=True)
class DemoPlace:
    name: str
    address: str
    postcode: str
    commune: str
    insee_code: str
    latitude: str | None = None
    longitude: str | None = None
    accessibility: str = ""
    directions: str = ""


@dataclass(frozen=True)
class DemoOrganisation:
    slug: str
    name: str
    kind: str
    parent: str | None = None
    email: str = ""
    phone: str = ""
    website: str = ""
    description: str = ""
    places: list[DemoPlace] = field(default_factory=list)


CIMADE_NP = "https://www.lacimade.org/regions/nord-picardie/"

ORGANISATIONS = [
    DemoOrganisation(
        "la-cimade",
        "La Cimade",
        OrganisationKind.NETWORK,
        website="https://www.lacimade.org/",
        description=(
            "Créée en 1939, La Cimade est une association de solidarité active avec les migrants, "
            "les demandeurs d’asile et les réfugiés : près de 2 000 bénévoles, 13 régions et plus "
            "de 95 groupes locaux."
        ),
    ),
    DemoOrganisation(
        "cimade-nord-picardie",
        "La Cimade Nord-Picardie",
        OrganisationKind.REGION,
        parent="la-cimade",
        email="nord.picardie@lacimade.org",
        website=CIMADE_NP,
        description="9 équipes locales et environ 200 bénévoles.",
        places=[
            DemoPlace(
                "Siège régional",
                "9 bd de la Moselle",
                "59000",
                "Lille",
                "59350",
                "50.6366",
                "3.0456",
            )
        ],
    ),
    DemoOrganisation(
        "cimade-lille",
        "La Cimade – groupe local de Lille",
        OrganisationKind.GROUP,
        parent="cimade-nord-picardie",
        email="permjuridiquelille@lacimade.org",
        website=CIMADE_NP,
        places=[
            DemoPlace(
                "Local de La Cimade",
                "9 bd de la Moselle",
                "59000",
                "Lille",
                "59350",
                "50.6366",
                "3.0456",
                directions="Métro Port de Lille",
            )
        ],
    ),
    DemoOrganisation(
        "cimade-tourcoing",
        "La Cimade – groupe local de Tourcoing",
        OrganisationKind.GROUP,
        parent="cimade-nord-picardie",
        email="tourcoing@lacimade.org",
        places=[
            DemoPlace(
                "Relais Soleil Tourquennois",
                "25 rue de Roubaix",
                "59200",
                "Tourcoing",
                "59599",
                "50.7196",
                "3.1561",
            )
        ],
    ),
    DemoOrganisation(
        "cimade-valenciennes",
        "La Cimade – groupe local de Valenciennes",
        OrganisationKind.GROUP,
        parent="cimade-nord-picardie",
        email="valenciennes@lacimade.org",
        phone="06 75 67 83 08",
        places=[
            DemoPlace(
                "Maison de quartier Beaujardin",
                "73 rue du Chauffour",
                "59300",
                "Valenciennes",
                "59606",
                "50.3497",
                "3.5174",
            )
        ],
    ),
    DemoOrganisation(
        "cimade-maubeuge",
        "La Cimade – groupe local de Maubeuge",
        OrganisationKind.GROUP,
        parent="cimade-nord-picardie",
        email="maubeuge@lacimade.org",
        places=[
            DemoPlace("Local", "7 quai Berteau", "59600", "Maubeuge", "59392", "50.2775", "3.9706")
        ],
    ),
    DemoOrganisation(
        "cimade-grande-synthe",
        "La Cimade – groupe local de Grande-Synthe",
        OrganisationKind.GROUP,
        parent="cimade-nord-picardie",
        email="grande-synthe@lacimade.org",
        places=[
            DemoPlace(
                "Maison de la Citoyenneté",
                "26 avenue de l’ancien village",
                "59760",
                "Grande-Synthe",
                "59271",
                "51.0141",
                "2.3027",
            )
        ],
    ),
    DemoOrganisation(
        "cimade-lens-lievin",
        "La Cimade – groupe local de Lens-Liévin",
        OrganisationKind.GROUP,
        parent="cimade-nord-picardie",
        email="lens-lievin@lacimade.org",
        phone="07 50 69 83 28",
        places=[
            DemoPlace(
                "Le Toit commun", "15 rue René Lanoy", "62300", "Lens", "62498", "50.4300", "2.8310"
            )
        ],
    ),
    DemoOrganisation(
        "cimade-amiens",
        "La Cimade – groupe local d’Amiens",
        OrganisationKind.GROUP,
        parent="cimade-nord-picardie",
        email="amiens@lacimade.org",
        phone="06 83 04 64 86",
        places=[
            DemoPlace(
                "Espace Dewailly, Pôle citoyenneté",
                "3 place Louis Dewailly",
                "80000",
                "Amiens",
                "80021",
                "49.8906",
                "2.2934",
            )
        ],
    ),
    DemoOrganisation(
        "cimade-soissons",
        "La Cimade – groupe local de Soissons",
        OrganisationKind.GROUP,
        parent="cimade-nord-picardie",
        email="soissons@lacimade.org",
        phone="06 77 97 72 04",
        places=[
            DemoPlace(
                "CCFD",
                "9 rue des Déportés et Fusillés",
                "02200",
                "Soissons",
                "02722",
                "49.3817",
                "3.3236",
            )
        ],
    ),
    DemoOrganisation(
        "cimade-oise",
        "La Cimade – groupe local de l’Oise",
        OrganisationKind.GROUP,
        parent="cimade-nord-picardie",
        email="oise@lacimade.org",
        phone="07 57 50 87 31",
        places=[
            DemoPlace(
                "Salle Couperin",
                "36 rue Wenceslas Coutellier",
                "60600",
                "Clermont",
                "60157",
                "49.3787",
                "2.4125",
            )
        ],
    ),
    DemoOrganisation(
        "perm-de-foix",
        "Perm de Foix",
        OrganisationKind.COLLECTIVE,
        phone="07 45 29 68 08",
        description=(
            "Collectif de bénévoles solidaires des personnes étrangères : aide administrative et "
            "juridique gratuite, avec une approche humaine et conviviale."
        ),
        places=[
            DemoPlace(
                "Bibliothèque associative La Mauvaise Foix",
                "3 rue du Mercadal",
                "09000",
                "Foix",
                "09122",
                "42.96581",
                "1.60868",
            )
        ],
    ),
    DemoOrganisation(
        "exod",
        "EXOD",
        OrganisationKind.ASSOCIATION,
        description=(
            "Maraudes administratives et permanences pour les personnes exilées de la métropole "
            "lilloise."
        ),
    ),
    DemoOrganisation(
        "inter-service-migrants",
        "Inter Service Migrants",
        OrganisationKind.ASSOCIATION,
        description="Interprétariat, écrivain public, traduction et information juridique.",
        places=[
            DemoPlace(
                "Siège", "90 avenue de Flandre", "75019", "Paris", "75119", "48.8898", "2.3776"
            )
        ],
    ),
    DemoOrganisation(
        "info-migrants",
        "Info Migrants",
        OrganisationKind.GROUP,
        parent="inter-service-migrants",
        description=(
            "Service d’informations juridiques par téléphone en droit des étrangers, du lundi au "
            "vendredi de 9 h à 13 h et de 14 h à 16 h."
        ),
    ),
]


def seed_organisations() -> dict[str, Organisation]:
    """Create or update the demo organisations and their places; return them by slug."""
    by_slug: dict[str, Organisation] = {}
    for item in ORGANISATIONS:
        organisation, _ = Organisation.objects.update_or_create(
            slug=item.slug,
            defaults={
                "name": item.name,
                "kind": item.kind,
                "parent": by_slug.get(item.parent) if item.parent else None,
                "email": item.email,
                "phone": item.phone,
                "website": item.website,
                "description": item.description,
            },
        )
        by_slug[item.slug] = organisation
        for demo_place in item.places:
            place = Place.objects.filter(organisation=organisation, name=demo_place.name).first()
            place = place or Place(organisation=organisation)
            for name, value in vars(demo_place).items():
                setattr(place, name, value)
            place.full_clean()
            place.save()
    return by_slug
