"""A synthetic directory for the bench: 5,000 desks and partner services across France.

Imported by ``bench/run.py`` once Django is set up (the `directory` measurement). Deterministic
for a given seed. Everything is written with ``bulk_create`` in batches; the derived upcoming
sessions are *not* computed here (the bench times ``services.sessions_refresh_all()`` itself).

What it makes, roughly:

* ~300 organisations: 4 national networks, 26 regions below them, 170 local groups below the
  regions, and 100 standalone associations and collectives (2% of those are inactive);
* ~3,000 places: a quarter in 20 real cities (real INSEE codes, postcodes and coordinates:
  Lille, Paris, Marseille, Calais…), the rest in synthetic communes with random coordinates
  inside metropolitan France's bounding box (near the real city overseas), INSEE codes and
  postcodes consistent with their département (``f"{dep}{n:03d}"``, ``f"{dep}{n:02d}"`` for
  the 97x départements, 200xx/201xx for 2A and 202xx/206xx for 2B); populous départements
  (75, 93, 13, 59, 69…) get more places;
* 5,000 desks: 60% legal and administrative desks, 38% partner services (health, food,
  shelter, French classes…), 2% nationwide helplines without a place; 3% not published;
  topics, audiences, modes and languages drawn from ``permanence/directory/vocab.py``;
* 1 to 3 schedule rules per desk of every kind: weekly (some "except the 2nd"), monthly
  (1st/3rd, 2nd/4th, last…), every 2 to 4 weeks with an anchor on the right weekday,
  outside or during school holidays, some with validity bounds or a label; some phone
  channels have their own hours;
* 1 to 4 contact channels per desk, translations (DeskText) for about a third of the desks,
  a closure for 8% of them and an extra session for 3%.

The "showcase" desk (``SHOWCASE_SLUG``) is the one whose page the bench times: in Lille, three
rules of three kinds, four channels (one with hours), an English and an Arabic translation and
a closure.
"""

import random
import unicodedata
from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from permanence.core.lib import france
from permanence.directory.models import (
    Channel,
    Closure,
    Desk,
    DeskText,
    ExtraSession,
    ScheduleRule,
)
from permanence.directory.vocab import (
    LANGUAGES,
    Audience,
    Category,
    ChannelKind,
    Kind,
    Mode,
    Topic,
)
from permanence.orgs.models import Organisation, OrganisationKind, Place

DESKS = 5000
ORGANISATIONS = 300
PLACES = 3000
SEED = 20261124
BATCH = 500
SHOWCASE_SLUG = "bench-showcase-lille"
REMOTE_SHARE = 0.02  # nationwide helplines: the search page lists all of them
PARTNER_SHARE = 0.38
UNPUBLISHED_SHARE = 0.03

# Metropolitan France (without Corsica's eastern tip: good enough for random points).
LAT_MIN, LAT_MAX = 42.33, 51.09
LON_MIN, LON_MAX = -4.79, 8.23

# (commune, INSEE code, postcode, latitude, longitude): real cities, so that "near Lille" means
# something and a search by town finds a commune that exists.
CITIES = [
    ("Lille", "59350", "59000", 50.6292, 3.0573),
    ("Roubaix", "59512", "59100", 50.6942, 3.1746),
    ("Tourcoing", "59599", "59200", 50.7239, 3.1612),
    ("Calais", "62193", "62100", 50.9513, 1.8587),
    ("Paris", "75056", "75011", 48.8566, 2.3522),
    ("Montreuil", "93048", "93100", 48.8638, 2.4485),
    ("Saint-Denis", "93066", "93200", 48.9362, 2.3574),
    ("Marseille", "13055", "13001", 43.2965, 5.3698),
    ("Lyon", "69123", "69001", 45.7640, 4.8357),
    ("Toulouse", "31555", "31000", 43.6047, 1.4442),
    ("Nantes", "44109", "44000", 47.2184, -1.5536),
    ("Strasbourg", "67482", "67000", 48.5734, 7.7521),
    ("Bordeaux", "33063", "33000", 44.8378, -0.5792),
    ("Grenoble", "38185", "38000", 45.1885, 5.7245),
    ("Rennes", "35238", "35000", 48.1173, -1.6778),
    ("Montpellier", "34172", "34000", 43.6108, 3.8767),
    ("Nice", "06088", "06000", 43.7102, 7.2620),
    ("Foix", "09122", "09000", 42.9653, 1.6070),
    ("Pointe-à-Pitre", "97120", "97110", 16.2411, -61.5331),
    ("Saint-Denis", "97411", "97400", -20.8823, 55.4504),
]
CITY_SHARE = 0.25

# Rough population weights (default 1): more desks where more people live.
DEPARTEMENT_WEIGHTS = {
    "75": 8, "93": 6, "13": 6, "59": 6, "69": 5, "92": 4, "94": 4, "31": 4, "33": 4,
    "44": 3, "67": 3, "06": 3, "34": 3, "62": 3, "38": 3, "35": 3, "95": 3, "91": 3, "78": 3,
    "77": 3,
}  # fmt: skip

ROOTS = [
    "Beaumont", "Villeneuve", "Montigny", "Fontaine", "Châteauneuf", "Bourg", "Mont", "Val",
    "Roche", "Pont", "Saint-Martin", "Saint-Jean", "Sainte-Marie", "Noisy", "Neuville",
    "Aubigny", "Clairefont", "Marcilly", "Bellevue", "Chaumont", "Rochefort", "Champagne",
    "Saint-Pierre", "Saint-Laurent", "Sainte-Croix", "Bonneval", "Vauvert", "Mirebeau",
    "Montfort", "Lavaur", "Belleville", "Saint-Julien", "Saint-Hilaire", "Bois-Colombe",
    "Charmont", "Vernon", "Auberive", "Malaucourt", "Plessis", "Verneuil", "Courcelles",
    "Saint-Germain", "Champigny", "Gournay", "Longueval", "Ribemont", "Quincy", "Saulx",
]  # fmt: skip
SUFFIXES = [
    "", "", "", "", "-sur-Loire", "-sur-Mer", "-le-Grand", "-le-Petit", "-les-Bains",
    "-en-Vexin", "-sur-Seine", "-la-Forêt", "-du-Lac", "-d’Azergues", "-sous-Bois",
]  # fmt: skip
STREETS = [
    "rue de la République", "avenue Jean-Jaurès", "rue Victor-Hugo", "place de la Mairie",
    "rue Pasteur", "boulevard Gambetta", "rue des Écoles", "rue du Marché", "quai de la Gare",
    "rue Louise-Michel", "chemin des Vignes", "rue de la Solidarité",
]  # fmt: skip
PLACE_NAMES = [
    "Maison des associations", "Centre social", "Local associatif", "Maison de quartier",
    "Espace solidarité", "Salle paroissiale", "Bibliothèque municipale", "Centre de santé",
    "Maison des solidarités", "Accueil de jour", "Épicerie solidaire", "Bourse du travail",
]  # fmt: skip

PARTNER_CATEGORIES = [
    (Category.DOCTOR, ("health",), "Consultations médicales gratuites"),
    (Category.HOSPITAL_PASS, ("health", "social_rights"), "PASS – accès aux soins"),
    (Category.FOOD_AID, ("food",), "Distribution alimentaire"),
    (Category.EMERGENCY_SHELTER, ("housing",), "Hébergement d’urgence"),
    (Category.DOMICILIATION, ("domiciliation", "social_rights"), "Domiciliation"),
    (Category.FRENCH_CLASSES, ("french",), "Cours de français"),
    (Category.ACTIVITIES, ("activities",), "Activités et sorties"),
    (Category.DAY_CENTRE, ("food", "housing", "health"), "Accueil de jour"),
    (Category.SOCIAL_SERVICES, ("social_rights", "housing"), "Service social"),
    (Category.OUTREACH, ("food", "health"), "Maraude"),
    (Category.LAWYER, ("residence", "removal", "asylum"), "Consultation d’avocat·e"),
]
LEGAL_TOPICS = [
    "asylum", "dublin", "residence", "regularisation", "nationality", "visa", "family",
    "health", "social_rights", "removal", "work", "schooling",
]  # fmt: skip
# Languages other than French, with the share of desks that speak them.
LANGUAGE_SHARES = {
    "en": 0.5, "ar": 0.3, "es": 0.15, "ps": 0.05, "prs": 0.05, "fa": 0.05, "ti": 0.04,
    "ru": 0.06, "uk": 0.06, "pt": 0.06, "it": 0.04, "ro": 0.04, "tr": 0.04, "so": 0.02,
    "wo": 0.03, "bm": 0.02, "ln": 0.02, "ku": 0.03, "ka": 0.02, "sq": 0.03, "bn": 0.02,
}  # fmt: skip
TEXT_LANGUAGES = {"en": 0.3, "ar": 0.1, "es": 0.04, "ps": 0.03, "uk": 0.03}
CHANNEL_SHARES = [
    (ChannelKind.PHONE, 0.7),
    (ChannelKind.EMAIL, 0.6),
    (ChannelKind.IN_PERSON, 0.4),
    (ChannelKind.WEBSITE, 0.3),
    (ChannelKind.WHATSAPP, 0.2),
    (ChannelKind.SMS, 0.1),
    (ChannelKind.SOCIAL, 0.1),
    (ChannelKind.SIGNAL, 0.05),
]
STARTS = [time(8, 30), time(9), time(9, 30), time(10), time(13, 30), time(14), time(14, 30)]
STARTS += [time(16), time(17), time(18)]
NTH_SETS = [(1, 3), (2, 4), (-1,), (1,), (2,), (3,), (1, 2, 3), (4, -1)]

assert {code for code, _ in LANGUAGES} >= set(LANGUAGE_SHARES) | set(TEXT_LANGUAGES)
assert set(LEGAL_TOPICS) <= set(Topic.values)


def _slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "-".join("".join(c if c.isalnum() else " " for c in ascii_text).split())


@dataclass
class _Commune:
    name: str
    insee: str
    postcode: str
    latitude: float
    longitude: float
    departement: str


class _Generator:
    def __init__(self, *, desks: int, organisations: int, places: int, seed: int, today: date):
        self.rng = random.Random(seed)
        self.n_desks = desks
        self.n_organisations = organisations
        self.n_places = places
        self.today = today
        self.departements = list(france.DEPARTEMENTS)
        self.weights = [DEPARTEMENT_WEIGHTS.get(code, 1) for code in self.departements]
        self.used_insee = {insee for _, insee, *_ in CITIES}
        self.communes: dict[str, list[_Commune]] = {}
        self.cities = {
            france.departement_from_insee(insee): [] for _, insee, *_ in CITIES
        }  # département -> real cities
        for name, insee, postcode, lat, lon in CITIES:
            dep = france.departement_from_insee(insee)
            self.cities[dep].append(_Commune(name, insee, postcode, lat, lon, dep))

    # --- Territory ------------------------------------------------------------------------------

    def departement(self) -> str:
        return self.rng.choices(self.departements, self.weights)[0]

    def _postcode(self, dep: str) -> str:
        rng = self.rng
        if dep == "2A":
            return f"20{rng.choice('01')}{rng.randrange(100):02d}"
        if dep == "2B":
            return f"20{rng.choice('26')}{rng.randrange(100):02d}"
        if len(dep) == 3:
            while (code := f"{dep}{rng.randrange(100):02d}") in {"97133", "97150"}:
                pass
            return code
        return f"{dep}{rng.randrange(100) * 10:03d}"

    def _new_commune(self, dep: str) -> _Commune:
        rng = self.rng
        while True:
            insee = (
                f"{dep}{rng.randrange(1, 100):02d}"
                if len(dep) == 3
                else f"{dep}{rng.randrange(1, 1000):03d}"
            )
            if insee not in self.used_insee:
                break
        self.used_insee.add(insee)
        name = rng.choice(ROOTS) + rng.choice(SUFFIXES)
        if len(dep) == 3:  # overseas: around the real city when there is one, else anywhere
            centre = self.cities.get(dep, [None])[0]
            lat = (centre.latitude if centre else 16.0) + rng.uniform(-0.3, 0.3)
            lon = (centre.longitude if centre else -61.5) + rng.uniform(-0.3, 0.3)
        else:
            lat, lon = rng.uniform(LAT_MIN, LAT_MAX), rng.uniform(LON_MIN, LON_MAX)
        return _Commune(name, insee, self._postcode(dep), lat, lon, dep)

    def commune(self, dep: str) -> _Commune:
        """A commune of ``dep``: a real city sometimes, else one of its synthetic communes."""
        rng = self.rng
        if dep in self.cities and rng.random() < CITY_SHARE * 2:
            return rng.choice(self.cities[dep])
        known = self.communes.setdefault(dep, [])
        if known and rng.random() < 0.4:  # several places in the same commune
            return rng.choice(known)
        commune = self._new_commune(dep)
        known.append(commune)
        return commune

    # --- Organisations and places ---------------------------------------------------------------

    def organisations(self) -> tuple[list[Organisation], list[Organisation]]:
        """(owners of local desks, national and regional owners of helplines)."""
        rng = self.rng
        networks = [
            Organisation(
                name=name,
                slug=f"bench-{_slugify(name)}",
                kind=OrganisationKind.NETWORK,
                description="Réseau national d’associations de soutien aux personnes étrangères.",
                website=f"https://{_slugify(name)}.example.org",
            )
            for name in (
                "Réseau Accueil Étrangers",
                "Fédération Droits Devant",
                "Secours Solidaire",
                "Santé Migrants France",
            )
        ]
        Organisation.objects.bulk_create(networks)
        regions = []
        for i in range(26):
            parent = networks[i % len(networks)]
            dep = self.departement()
            region_name = france.DEPARTEMENTS[dep].region
            regions.append(
                Organisation(
                    name=f"{parent.name} – {region_name} {i + 1}",
                    slug=f"{parent.slug}-region-{i + 1}",
                    kind=OrganisationKind.REGION,
                    parent=parent,
                )
            )
        Organisation.objects.bulk_create(regions)
        local_count = max(1, self.n_organisations - len(networks) - len(regions))
        groups_count = local_count * 170 // 270
        locals_ = []
        for i in range(local_count):
            dep = self.departement()
            town = self.commune(dep).name
            group = i < groups_count
            parent = rng.choice(regions) if group else None
            name = (
                f"{parent.name.split(' – ')[0]} – groupe de {town}"
                if group
                else f"{rng.choice(['Collectif', 'Association', 'Comité', 'Réseau'])} "
                f"{rng.choice(['solidarité', 'accueil', 'droits', 'entraide'])} {town}"
            )
            org = Organisation(
                name=name,
                slug=f"bench-org-{i + 1}-{_slugify(town)}"[:80],
                kind=OrganisationKind.GROUP
                if group
                else rng.choice([OrganisationKind.ASSOCIATION, OrganisationKind.COLLECTIVE]),
                parent=parent,
                active=group or rng.random() > 0.02,
                email=f"contact{i + 1}@example.org",
                phone=f"0{rng.choice('12345')} {rng.randrange(10, 99)} {rng.randrange(10, 99)} "
                f"{rng.randrange(10, 99)} {rng.randrange(10, 99)}",
            )
            org.home = dep  # type: ignore[attr-defined]
            locals_.append(org)
        Organisation.objects.bulk_create(locals_, batch_size=BATCH)
        return locals_, networks + regions

    def places(self, owners: list[Organisation]) -> dict[int, list[Place]]:
        rng = self.rng
        by_owner: dict[int, list[Place]] = {}
        places = []
        for i in range(self.n_places):
            org = owners[i] if i < len(owners) else rng.choice(owners)
            dep = org.home if rng.random() < 0.8 else self.departement()  # type: ignore[attr-defined]
            commune = self.commune(dep)
            place = Place(
                organisation=org,
                name=f"{rng.choice(PLACE_NAMES)} {commune.name}",
                address=f"{rng.randrange(1, 120)} {rng.choice(STREETS)}",
                postcode=commune.postcode,
                commune=commune.name,
                insee_code=commune.insee,
                departement=france.departement_from_insee(commune.insee),
                school_zone=france.DEPARTEMENTS[commune.departement].school_zone,
                latitude=Decimal(f"{commune.latitude + rng.uniform(-0.01, 0.01):.6f}"),
                longitude=Decimal(f"{commune.longitude + rng.uniform(-0.01, 0.01):.6f}"),
                accessibility="Accessible en fauteuil roulant." if rng.random() < 0.4 else "",
                directions=f"Bus {rng.randrange(1, 40)}, arrêt Mairie."
                if rng.random() < 0.5
                else "",
            )
            places.append(place)
            by_owner.setdefault(org.pk, []).append(place)
        Place.objects.bulk_create(places, batch_size=BATCH)
        return by_owner

    # --- Desks ----------------------------------------------------------------------------------

    def _languages(self) -> list[str]:
        return ["fr"] + [code for code, p in LANGUAGE_SHARES.items() if self.rng.random() < p]

    def _modes(self, remote: bool) -> list[str]:
        rng = self.rng
        if remote:
            return [Mode.REMOTE]
        modes = [m for m, p in ((Mode.WALK_IN, 0.6), (Mode.APPOINTMENT, 0.4)) if rng.random() < p]
        if rng.random() < 0.15:
            modes.append(Mode.REMOTE)
        return modes or [Mode.WALK_IN]

    def desk(self, index: int, org: Organisation, place: Place | None) -> Desk:
        rng = self.rng
        town = place.commune if place else "France entière"
        if place is None:
            kind, category = Kind.PARTNER, Category.HELPLINE
            topics = rng.sample(LEGAL_TOPICS, rng.randint(2, 5))
            name = f"Ligne d’écoute {rng.choice(['juridique', 'asile', 'santé', 'séjour'])}"
        elif rng.random() < PARTNER_SHARE / (1 - REMOTE_SHARE):
            category, base_topics, label = rng.choice(PARTNER_CATEGORIES)
            kind, topics, name = Kind.PARTNER, list(base_topics), f"{label} – {town}"
        else:
            kind, category = Kind.DESK, Category.LEGAL_DESK
            topics = rng.sample(LEGAL_TOPICS, rng.randint(2, 7))
            what = rng.choice(["juridique", "d’accès aux droits", "étrangers", "asile"])
            name = f"Permanence {what} – {town}"
        audiences = [Audience.FOREIGNERS] + [
            a for a in (Audience.SUPPORTERS, Audience.PROFESSIONALS) if rng.random() < 0.5
        ]
        sentences = [
            f"{name} : accueil, information et accompagnement des personnes étrangères.",
            "Nous aidons à constituer les dossiers, à rédiger les courriers et les recours.",
            "L’accueil est confidentiel et gratuit ; les bénévoles sont formés au droit des "
            "étrangers.",
            "Nous orientons vers les associations partenaires pour la santé, l’hébergement et "
            "l’alimentation.",
            "Venez avec vos papiers : titre de séjour, récépissé, courriers de la préfecture.",
        ]
        return Desk(
            organisation=org,
            place=place,
            kind=kind,
            category=category,
            name=name,
            slug=f"{_slugify(name)[:80]}-{index}",
            summary=f"{name.split(' – ')[0]} gratuite, {town}."[:300],
            description=" ".join(rng.sample(sentences, rng.randint(1, len(sentences)))),
            offers="Information juridique, aide aux démarches, orientation."
            if rng.random() < 0.7
            else "",
            does_not_offer="Pas d’aide financière ni de logement : nous réorientons."
            if rng.random() < 0.3
            else "",
            how_to_come=f"Sans rendez-vous, au {place.address}." if place else "Par téléphone.",
            audiences=audiences,
            topics=topics,
            modes=self._modes(place is None),
            languages=self._languages(),
            interpreters=rng.random() < 0.2,
            children_welcome=rng.random() < 0.3,
            free_of_charge=rng.random() < 0.95,
            accessibility="Rez-de-chaussée, sans marche." if rng.random() < 0.2 else "",
            closed_on_public_holidays=rng.random() < 0.9,
            public=rng.random() > UNPUBLISHED_SHARE,
        )

    def rule(self, desk: Desk, channel: Channel | None = None, kind: str | None = None):
        rng = self.rng
        start = rng.choice(STARTS)
        end_hour = min(start.hour + rng.randint(1, 4), 21)
        end = time(end_hour, start.minute)
        kind = kind or rng.choices(["weekly", "monthly", "every_n_weeks"], [55, 25, 20])[0]
        weekdays = sorted(rng.sample(range(6), 1 if kind != "weekly" else rng.choice([1, 1, 2])))
        fields = {}
        if kind == "weekly" and rng.random() < 0.1:
            fields["except_nths"] = [rng.choice([1, 2, 3, 4])]
        elif kind == "monthly":
            fields["nths"] = list(rng.choice(NTH_SETS))
        elif kind == "every_n_weeks":
            # The anchor: the date of one real session, on the rule's weekday.
            anchor = self.today - timedelta(days=rng.randrange(7, 60))
            anchor -= timedelta(days=(anchor.weekday() - weekdays[0]) % 7)
            fields.update(interval=rng.choice([2, 2, 3, 4]), anchor=anchor)
        school = "any"
        if desk.place_id is not None and channel is None:
            school = rng.choices(["any", "outside", "during"], [80, 15, 5])[0]
        if rng.random() < 0.05:
            fields["valid_until"] = self.today + timedelta(days=rng.randrange(30, 300))
        elif rng.random() < 0.05:
            fields["valid_from"] = self.today + timedelta(days=rng.randrange(-60, 60))
        return ScheduleRule(
            desk=desk,
            channel=channel,
            kind=kind,
            weekdays=weekdays,
            start=start,
            end=end,
            school_holidays=school,
            label=rng.choice(["Accueil info asile", "Sur rendez-vous", "Jeunes majeurs"])
            if rng.random() < 0.05
            else "",
            **fields,
        )

    def channel_value(self, kind: str, index: int) -> str:
        rng = self.rng
        digits = " ".join(f"{rng.randrange(10, 100)}" for _ in range(4))
        if kind in {ChannelKind.PHONE, ChannelKind.SMS, ChannelKind.WHATSAPP, ChannelKind.SIGNAL}:
            return f"0{rng.choice('1234567')} {digits}"
        if kind == ChannelKind.EMAIL:
            return f"permanence{index}@example.org"
        if kind == ChannelKind.WEBSITE:
            return f"https://asso{index}.example.org/permanences"
        if kind == ChannelKind.SOCIAL:
            return f"https://social.example.org/@asso{index}"
        return ""

    def run(self) -> dict[str, int]:
        rng = self.rng
        owners, national = self.organisations()
        places_by_owner = self.places(owners)
        lille = next(
            p
            for places in places_by_owner.values()
            for p in places
            if p.commune == "Lille" and p.organisation.active
        )

        desks: list[Desk] = []
        n_remote = round(self.n_desks * REMOTE_SHARE)
        # Skewed sizes: a few organisations hold many desks, most hold a handful.
        sizes = [rng.paretovariate(1.5) for _ in owners]
        scale = (self.n_desks - n_remote - 1) / sum(sizes)
        for org, size in zip(owners, sizes, strict=True):
            for _ in range(max(1, round(size * scale))):
                if len(desks) >= self.n_desks - n_remote - 1:
                    break
                place = rng.choice(places_by_owner[org.pk])
                desks.append(self.desk(len(desks) + 1, org, place))
        while len(desks) < self.n_desks - n_remote - 1:
            org = rng.choice(owners)
            desks.append(self.desk(len(desks) + 1, org, rng.choice(places_by_owner[org.pk])))
        for _ in range(n_remote):
            desks.append(self.desk(len(desks) + 1, rng.choice(national), None))
        showcase = self.desk(0, lille.organisation, lille)
        showcase.slug, showcase.public, showcase.kind = SHOWCASE_SLUG, True, Kind.DESK
        showcase.name = "Permanence juridique – Lille Moulins (bench)"
        showcase.category, showcase.languages = Category.LEGAL_DESK, ["fr", "en", "ar"]
        showcase.modes = [Mode.WALK_IN, Mode.APPOINTMENT]
        desks.append(showcase)
        Desk.objects.bulk_create(desks, batch_size=BATCH)

        rules, texts, closures, extras = [], [], [], []
        channels: list[Channel] = []
        for desk in desks[:-1]:
            for _ in range(rng.choices([1, 2, 3], [50, 30, 20])[0]):
                rules.append(self.rule(desk))
            kinds = [k for k, p in CHANNEL_SHARES if rng.random() < p][:4]
            if desk.place_id is None and ChannelKind.PHONE not in kinds:
                kinds = [ChannelKind.PHONE, *kinds[:3]]
            for position, kind in enumerate(kinds or [ChannelKind.EMAIL]):
                channels.append(
                    Channel(
                        desk=desk,
                        kind=kind,
                        value=self.channel_value(kind, desk.pk),
                        label="Prise de rendez-vous" if rng.random() < 0.15 else "",
                        for_booking=rng.random() < 0.15,
                        position=position,
                    )
                )
            for language, share in TEXT_LANGUAGES.items():
                if rng.random() < share:
                    texts.append(self.text(desk, language))
            if rng.random() < 0.08:
                first = date(self.today.year, 8, rng.randrange(1, 15))
                if first < self.today:
                    first = date(self.today.year + 1, 8, first.day)
                closures.append(
                    Closure(
                        desk=desk, start=first, end=first + timedelta(days=14), message="Congés"
                    )
                )
            if rng.random() < 0.03:
                day = self.today + timedelta(days=rng.randrange(1, 60))
                extras.append(
                    ExtraSession(desk=desk, day=day, start=time(10), end=time(12), message="Forum")
                )
        # The showcase desk: three rules of three kinds, four channels, two translations.
        last_monday = self.today - timedelta(days=self.today.weekday() + 7)
        rules += [
            ScheduleRule(
                desk=showcase,
                kind="weekly",
                weekdays=[1, 3],
                except_nths=[2],
                start=time(14),
                end=time(17),
            ),
            ScheduleRule(
                desk=showcase, kind="monthly", weekdays=[5], nths=[-1], start=time(9), end=time(12)
            ),
            ScheduleRule(
                desk=showcase,
                kind="every_n_weeks",
                weekdays=[0],
                interval=2,
                anchor=last_monday,
                start=time(18),
                end=time(20),
                school_holidays="outside",
                label="Accueil info asile",
            ),
        ]
        for position, kind in enumerate(
            [ChannelKind.IN_PERSON, ChannelKind.PHONE, ChannelKind.WHATSAPP, ChannelKind.EMAIL]
        ):
            channels.append(
                Channel(
                    desk=showcase,
                    kind=kind,
                    value=self.channel_value(kind, 0),
                    label="Prise de rendez-vous" if kind == ChannelKind.PHONE else "",
                    for_booking=kind == ChannelKind.PHONE,
                    position=position,
                )
            )
        texts += [self.text(showcase, "en"), self.text(showcase, "ar")]
        closures.append(
            Closure(
                desk=showcase,
                start=self.today + timedelta(days=40),
                end=self.today + timedelta(days=47),
                message="Fermeture pour formation des bénévoles.",
            )
        )
        Channel.objects.bulk_create(channels, batch_size=BATCH)
        # Hours of some phone lines (rules attached to a channel), and of the showcase's phone.
        for channel in channels:
            if channel.kind == ChannelKind.PHONE and (
                channel.desk is showcase or rng.random() < 0.15
            ):
                rules.append(self.rule(channel.desk, channel=channel, kind="weekly"))
        ScheduleRule.objects.bulk_create(rules, batch_size=BATCH)
        DeskText.objects.bulk_create(texts, batch_size=BATCH)
        Closure.objects.bulk_create(closures, batch_size=BATCH)
        ExtraSession.objects.bulk_create(extras, batch_size=BATCH)
        return {
            "organisations": Organisation.objects.count(),
            "places": Place.objects.count(),
            "communes": len({(p.insee_code) for p in Place.objects.only("insee_code")}),
            "desks": len(desks),
            "partners": sum(d.kind == Kind.PARTNER for d in desks),
            "remote": n_remote,
            "rules": len(rules),
            "channels": len(channels),
            "texts": len(texts),
            "closures": len(closures),
            "extra_sessions": len(extras),
        }

    def text(self, desk: Desk, language: str) -> DeskText:
        samples = {
            "en": ("Legal desk for foreign people", "Free legal and administrative help."),
            "ar": ("الدوام القانوني للأجانب", "مساعدة قانونية وإدارية مجانية."),
            "es": (
                "Atención jurídica para extranjeros",
                "Ayuda jurídica y administrativa gratuita.",
            ),
            "ps": ("د بهرنيانو لپاره حقوقي مرسته", "وړیا حقوقي او اداري مرسته."),
            "uk": ("Юридична допомога для іноземців", "Безкоштовна юридична допомога."),
        }
        name, summary = samples[language]
        return DeskText(
            desk=desk,
            language=language,
            name=name,
            summary=summary,
            description=summary * 3 if self.rng.random() < 0.5 else "",
        )


def generate(
    *,
    desks: int = DESKS,
    organisations: int = ORGANISATIONS,
    places: int = PLACES,
    seed: int = SEED,
    today: date | None = None,
) -> dict[str, int]:
    """Write the synthetic directory into the (empty, migrated) database; return the counts."""
    generator = _Generator(
        desks=desks,
        organisations=organisations,
        places=places,
        seed=seed,
        today=today or timezone.localdate(),
    )
    with transaction.atomic():
        return generator.run()
