"""data·inclusion (https://github.com/gip-inclusion/data-inclusion-schema): export and import.

Export: ``structure_records`` and ``service_records`` turn our published desks into data·inclusion
v1 *structures* (one per organisation) and *services* (one per desk), valid against the v1 JSON
Schemas. Organisations imported from data·inclusion (slug ``di-…``) are not exported again.

Import: ``load_file`` reads a v0 or v1 file, ``import_records`` validates every record (JSON Schema
of its version, then our own rules: known ``structure_id``, INSEE code of a département, coordinates
in range, values that fit our fields), converts v0 to v1, and writes structures as ``Organisation``
(with a ``Place``) and services as partner ``Desk`` (with phone, e-mail and booking-link
``Channel``). All or nothing unless ``skip_invalid``. Mapping tables: docs/data-inclusion.md.

The schemas and vocabularies are Licence Ouverte 2.0 data of the GIP de l’inclusion (see SOURCE.md
next to them).
"""

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from hashlib import sha1
from pathlib import Path
from typing import Any, NamedTuple

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F, Max, Prefetch
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify

from permanence.audit.models import Action
from permanence.audit.services import audit_log
from permanence.core.lib import france, phones
from permanence.directory import schedule, vocab
from permanence.directory.models import Channel, Desk
from permanence.directory.vocab import Audience, Category, ChannelKind, Kind, Mode, Topic
from permanence.orgs.models import Organisation, OrganisationKind, Place

SOURCE = "permanence"
IMPORT_PREFIX = "di-"
VERSIONS = ("v0", "v1")

# --- Schemas and vocabularies -------------------------------------------------------------------

_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")


def schema_dir() -> Path:
    """The folder of v0/ and v1/: settings.DATA_INCLUSION_SCHEMA_DIR, else a known copy."""
    candidates = [
        getattr(settings, "DATA_INCLUSION_SCHEMA_DIR", None),
        Path(__file__).resolve().parent / "data-inclusion",
        Path(settings.BASE_DIR).parent / "shared" / "reference" / "data-inclusion",
    ]
    for candidate in candidates:
        if candidate and (Path(candidate) / "v1" / "service.json").is_file():
            return Path(candidate)
    raise ImproperlyConfigured(
        "data·inclusion schemas not found: set DATA_INCLUSION_SCHEMA_DIR to a folder holding "
        "v0/ and v1/ (https://github.com/gip-inclusion/data-inclusion-schema, schemas/)."
    )


@cache
def load_schema(version: str, kind: str) -> dict:
    """The JSON Schema of a ``structure`` or ``service`` of ``version`` ("v0" or "v1")."""
    return json.loads((schema_dir() / version / f"{kind}.json").read_text(encoding="utf-8"))


@cache
def vocabulary(version: str, name: str) -> frozenset[str]:
    """The values of a reference list, e.g. ``vocabulary("v1", "thematiques")``."""
    items = json.loads((schema_dir() / version / "extra" / f"{name}.json").read_text("utf-8"))
    return frozenset(item["value"] for item in items)


def _is_uri(value: object) -> bool:
    return not isinstance(value, str) or bool(_URI.match(value))


def _is_email(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


@cache
def format_checker():
    """jsonschema is imported on first use: web servers that never import stay lighter."""
    from jsonschema import FormatChecker

    checker = FormatChecker()
    checker.checks("uri")(_is_uri)
    checker.checks("email")(_is_email)
    return checker


@cache
def validator(version: str, kind: str):
    """The files declare no ``$schema``: they are Pydantic output, i.e. JSON Schema 2020-12."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(load_schema(version, kind), format_checker=format_checker())


# --- Export: our codes → data·inclusion v1 ------------------------------------------------------

_DAJ = "difficultes-administratives-ou-juridiques--"
_ADMIN = f"{_DAJ}accompagnement-aux-demarches-administratives"
_RIGHTS = f"{_DAJ}accompagnement-pour-lacces-aux-droits"
_CITIZEN = f"{_DAJ}accompagnement-pour-lacces-a-la-citoyennete"
_JUDICIAL = f"{_DAJ}prendre-en-compte-une-problematique-judiciaire"
_SHELTER = "logement-hebergement--rechercher-une-solution-dhebergement-temporaire"
_HOUSING = "logement-hebergement--sinformer-sur-les-demarches-liees-a-lacces-au-logement"
_FOOD = "equipement-et-alimentation--alimentation"
_FRENCH = "lecture-ecriture-calcul--maitriser-le-francais"
_CARE = "sante--acces-aux-soins"
_SOCIAL = "remobilisation--lien-social"
_LEISURE = "remobilisation--activites-sportives-et-culturelles"

LEGAL_CATEGORIES = frozenset({Category.LEGAL_DESK, Category.HELPLINE})

CATEGORY_THEMATIQUES: dict[str, tuple[str, ...]] = {
    Category.LEGAL_DESK: (_ADMIN, _RIGHTS),
    Category.HELPLINE: (_ADMIN, _RIGHTS),
    Category.LAWYER: (_RIGHTS, _JUDICIAL),
    Category.OUTREACH: (_SOCIAL,),
    Category.DOCTOR: (_CARE,),
    Category.HOSPITAL_PASS: (_CARE,),
    Category.FOOD_AID: (_FOOD,),
    Category.EMERGENCY_SHELTER: (_SHELTER,),
    Category.DOMICILIATION: (_ADMIN,),
    Category.FRENCH_CLASSES: (_FRENCH,),
    Category.ACTIVITIES: (_LEISURE, _SOCIAL),
    Category.DAY_CENTRE: (_SOCIAL,),
    Category.SOCIAL_SERVICES: (_RIGHTS,),
    Category.OTHER: (),
}

TOPIC_THEMATIQUES: dict[str, tuple[str, ...]] = {
    Topic.ASYLUM: (_ADMIN, _RIGHTS),
    Topic.DUBLIN: (_ADMIN, _RIGHTS),
    Topic.RESIDENCE: (_ADMIN, _RIGHTS),
    Topic.REGULARISATION: (_ADMIN, _RIGHTS),
    Topic.NATIONALITY: (_CITIZEN, _ADMIN),
    Topic.VISA: (_ADMIN,),
    Topic.FAMILY: (_ADMIN, _RIGHTS),
    Topic.HEALTH: (_CARE, _RIGHTS),
    Topic.SOCIAL_RIGHTS: (_RIGHTS,),
    Topic.REMOVAL: (_JUDICIAL, _RIGHTS),
    Topic.PRISON: (_JUDICIAL,),
    Topic.WORK: (_RIGHTS,),
    Topic.HOUSING: (_SHELTER, _HOUSING),
    Topic.FOOD: (_FOOD,),
    Topic.FRENCH: (_FRENCH,),
    Topic.SCHOOLING: ("famille--soutien-a-la-parentalite-et-a-leducation",),
    Topic.DOMICILIATION: (_ADMIN,),
    Topic.ACTIVITIES: (_LEISURE, _SOCIAL),
    Topic.OTHER: (),
}

CATEGORY_TYPE: dict[str, str] = {
    Category.LEGAL_DESK: "accompagnement",
    Category.LAWYER: "accompagnement",
    Category.SOCIAL_SERVICES: "accompagnement",
    Category.HELPLINE: "information",
    Category.FOOD_AID: "aide-materielle",
    Category.FRENCH_CLASSES: "atelier",
    Category.ACTIVITIES: "atelier",
}

# Words of an organisation's (or a parent's) slugified name → v1 "réseau porteur". La Cimade is
# not in the v1.0.8 list, so its groups carry none.
RESEAU_KEYWORDS: dict[str, str] = {
    "croix-rouge": "croix-rouge",
    "secours-populaire": "secours-populaire",
    "emmaus": "emmaus",
    "restos-du-coeur": "restos-du-coeur",
    "restaurants-du-coeur": "restos-du-coeur",
    "singa": "singa",
    "cidff": "cidff",
    "point-justice": "points-justice",
    "points-justice": "points-justice",
    "federation-des-acteurs-de-la-solidarite": "federation-des-acteurs-de-la-solidarite",
    "banque-alimentaire": "banques-alimentaires",
    "banques-alimentaires": "banques-alimentaires",
    "ccas": "ccas-cias",
    "cias": "ccas-cias",
    "france-services": "france-service",
    "cada": "cada",
    "huda": "huda",
    "apprentis-d-auteuil": "apprentis-dauteuil",
}


def _absolute(base: HttpRequest | str, path: str) -> str:
    if isinstance(base, HttpRequest):
        return base.build_absolute_uri(path)
    return base.rstrip("/") + path


def _fit(text: str, *, maximum: int) -> str:
    text = text.strip()
    return text if len(text) <= maximum else text[: maximum - 1].rstrip() + "…"


def _name(text: str, fallback: str) -> str:
    """3 to 150 characters, not ending with a full stop (except "etc.")."""
    text = " ".join(text.split())
    if text.endswith(".") and not text.endswith("etc."):
        text = text.rstrip(". ")
    text = _fit(text, maximum=150)
    return text if len(text) >= 3 else _fit(f"{fallback} {text}", maximum=150)


def _clean(record: dict) -> dict:
    return {key: value for key, value in record.items() if value not in (None, "", [])}


def _email(value: str) -> str | None:
    return value.strip() if value and _is_email(value.strip()) else None


def _phone(value: str) -> str | None:
    value = value.strip()
    if not value:
        return None
    return phones.to_e164(value) or value


def _place_fields(place: Place | None) -> dict:
    if place is None:
        return {}
    return {
        "adresse": place.address or None,
        "code_postal": place.postcode,
        "commune": place.commune,
        "code_insee": place.insee_code,
        "latitude": float(place.latitude) if place.latitude is not None else None,
        "longitude": float(place.longitude) if place.longitude is not None else None,
    }


def _published_desks():
    return Desk.objects.published().exclude(organisation__slug__startswith=IMPORT_PREFIX)


def _reseaux(organisation: Organisation, names: dict[int, tuple[str, int | None]]) -> list[str]:
    words, node, seen = [], organisation.pk, set()
    while node is not None and node not in seen:
        seen.add(node)
        name, node = names.get(node, ("", None))
        words.append(f"-{slugify(name)}-")
    allowed = vocabulary("v1", "reseaux-porteurs")
    found = {
        value
        for keyword, value in RESEAU_KEYWORDS.items()
        if value in allowed and any(f"-{keyword}-" in text for text in words)
    }
    return sorted(found)


def structure_records(request_or_base_url: HttpRequest | str) -> list[dict]:
    """One v1 structure per organisation that has published desks (imported ones excepted)."""
    latest = dict(
        _published_desks()
        .values_list("organisation_id")
        .annotate(latest=Max("updated_at"))
        .order_by()
    )
    desk_names: dict[int, list[str]] = {}
    for organisation_id, name in (
        _published_desks().order_by("name").values_list("organisation_id", "name")
    ):
        desk_names.setdefault(organisation_id, []).append(name)
    organisations = (
        Organisation.objects.filter(pk__in=latest)
        .prefetch_related(Prefetch("places", queryset=Place.objects.order_by("pk")))
        .order_by("slug")
    )
    names = {
        pk: (name, parent)
        for pk, name, parent in Organisation.objects.values_list("pk", "name", "parent_id")
    }
    with translation.override("fr"):
        link = _absolute(request_or_base_url, reverse("orgs_public:list"))
    records = []
    for org in organisations:
        updated = max(org.updated_at, latest[org.pk])
        description = org.description.strip() or (
            f"Permanences et services de {org.name} : {', '.join(desk_names[org.pk])}."
        )
        places = list(org.places.all())
        record = {
            "source": SOURCE,
            "id": org.slug,
            "nom": _name(org.name, "Organisation"),
            "date_maj": timezone.localdate(updated).isoformat(),
            "description": _fit(description, maximum=10000) if len(description) >= 5 else None,
            "site_web": org.website or None,
            "courriel": _email(org.email),
            "telephone": _phone(org.phone),
            **_place_fields(places[0] if places else None),
            "lien_source": f"{link}#{org.slug}",
            "reseaux_porteurs": _reseaux(org, names),
        }
        records.append(_clean(record))
    return records


def _thematiques(desk: Desk) -> list[str]:
    found = list(CATEGORY_THEMATIQUES.get(desk.category, ()))
    for topic in desk.topics:
        found.extend(TOPIC_THEMATIQUES.get(topic, ()))
    return list(dict.fromkeys(found))


def _publics(desk: Desk) -> list[str] | None:
    """``tous-publics`` may not be combined with another value, so foreigners win over everyone."""
    if Audience.FOREIGNERS in desk.audiences or (
        not desk.audiences and desk.category in LEGAL_CATEGORIES
    ):
        return ["personnes-exilees"]
    if Audience.EVERYONE in desk.audiences:
        return ["tous-publics"]
    return None


def _mobilisable_par(desk: Desk) -> list[str]:
    found = ["usagers"]
    if {Audience.PROFESSIONALS, Audience.SUPPORTERS} & set(desk.audiences):
        found.append("professionnels")
    return found


def _description(desk: Desk) -> str:
    parts = [desk.summary, desk.description]
    if desk.offers.strip():
        parts.append(f"Ce que nous proposons : {desk.offers.strip()}")
    if desk.does_not_offer.strip():
        parts.append(f"Ce que nous ne proposons pas : {desk.does_not_offer.strip()}")
    if desk.languages:
        languages = ", ".join(vocab.labels(vocab.LANGUAGES, desk.languages))
        parts.append(f"Langues parlées : {languages}.")
    if desk.interpreters:
        parts.append("Interprètes disponibles.")
    text = "\n\n".join(part.strip() for part in parts if part and part.strip())
    if len(text) < 5 or not (desk.summary.strip() or desk.description.strip()):
        where = f"à {desk.place.commune}" if desk.place else "à distance"
        category = desk.get_category_display()
        intro = f"{desk.name} ({category}), par {desk.organisation.name}, {where}."
        text = f"{intro}\n\n{text}" if text else intro
    return _fit(text, maximum=10000)


def service_record(desk: Desk, *, base: HttpRequest | str) -> dict:
    """The v1 service of one desk (loaded with organisation, place, channels and schedule)."""
    channels = list(desk.channels.all())
    phone = next((c.value for c in channels if c.kind == ChannelKind.PHONE and c.value), "")
    email = next((c.value for c in channels if c.kind == ChannelKind.EMAIL and c.value), "")
    booking = next(
        (
            c.value.strip()
            for c in channels
            if c.for_booking and c.kind == ChannelKind.WEBSITE and c.value.startswith("https://")
        ),
        None,
    )
    modes_accueil = []
    if desk.place and (set(desk.modes) & {Mode.WALK_IN, Mode.APPOINTMENT} or not desk.modes):
        modes_accueil.append("en-presentiel")
    if Mode.REMOTE in desk.modes or desk.place is None:
        modes_accueil.append("a-distance")
    mobilisation = []
    if desk.place and Mode.WALK_IN in desk.modes:
        mobilisation.append("se-presenter")
    if _phone(phone):
        mobilisation.append("telephoner")
    if _email(email):
        mobilisation.append("envoyer-un-courriel")
    if booking:
        mobilisation.append("utiliser-lien-mobilisation")
    sched = desk.schedule()
    try:
        # No rule and no dated session: the hours are unknown, not "off".
        hours = schedule.to_opening_hours(sched) if sched.rules or sched.extras else None
    except schedule.ScheduleError:
        hours = None
    record = {
        "source": SOURCE,
        "structure_id": desk.organisation.slug,
        "id": desk.slug,
        "nom": _name(desk.name, desk.get_category_display()),
        "description": _description(desk),
        "date_maj": timezone.localdate(desk.updated_at).isoformat(),
        "type": CATEGORY_TYPE.get(desk.category),
        "thematiques": _thematiques(desk),
        "publics": _publics(desk),
        "publics_precisions": ", ".join(vocab.labels(Audience, desk.audiences)) or None,
        "frais": "gratuit" if desk.free_of_charge else "payant",
        "modes_accueil": modes_accueil,
        "modes_mobilisation": mobilisation or None,
        "mobilisable_par": _mobilisable_par(desk),
        "mobilisation_precisions": desk.how_to_come.strip() or None,
        "horaires_accueil": hours or None,
        "telephone": _phone(phone),
        "courriel": _email(email),
        "lien_mobilisation": booking,
        **_place_fields(desk.place),
        "lien_source": _absolute(base, reverse("directory_public:desk", args=[desk.slug])),
    }
    return _clean(record)


def service_records(request_or_base_url: HttpRequest | str) -> list[dict]:
    """One v1 service per published desk (imported ones excepted), in French."""
    desks = (
        _published_desks()
        .select_related("organisation", "place")
        .prefetch_related("channels", "rules", "closures", "extra_sessions")
        .order_by("organisation__slug", "slug")
    )
    with translation.override("fr"):
        return [service_record(desk, base=request_or_base_url) for desk in desks]


# --- Import: data·inclusion → our codes ---------------------------------------------------------

# v1 thematique prefix → our topic (the most specific prefix wins).
THEMATIQUE_TOPICS: dict[str, str] = {
    _ADMIN: Topic.SOCIAL_RIGHTS,
    _RIGHTS: Topic.SOCIAL_RIGHTS,
    f"{_DAJ}connaitre-ses-droits": Topic.SOCIAL_RIGHTS,
    _CITIZEN: Topic.NATIONALITY,
    "sante--": Topic.HEALTH,
    "logement-hebergement--": Topic.HOUSING,
    _FOOD: Topic.FOOD,
    _FRENCH: Topic.FRENCH,
    "famille--soutien-a-la-parentalite-et-a-leducation": Topic.SCHOOLING,
    "remobilisation--": Topic.ACTIVITIES,
    "trouver-un-emploi--": Topic.WORK,
    "preparer-sa-candidature--": Topic.WORK,
    "choisir-un-metier--": Topic.WORK,
}

# v1 thematique prefix → our category, first match in this order.
THEMATIQUE_CATEGORIES: tuple[tuple[str, str], ...] = (
    (_DAJ, Category.LEGAL_DESK),
    ("sante--", Category.DOCTOR),
    (_FOOD, Category.FOOD_AID),
    (_SHELTER, Category.EMERGENCY_SHELTER),
    (_FRENCH, Category.FRENCH_CLASSES),
    ("remobilisation--", Category.ACTIVITIES),
)

# v0 thematiques: kept when the value exists in v1, else this table, else by their first part.
V0_THEMATIQUES: dict[str, tuple[str, ...]] = {
    "acces-aux-droits-et-citoyennete": (_RIGHTS,),
    "acces-aux-droits-et-citoyennete--accompagnement-dans-les-demarches-administratives": (_ADMIN,),
    "acces-aux-droits-et-citoyennete--accompagnement-juridique": (_RIGHTS,),
    "acces-aux-droits-et-citoyennete--aide-aux-victimes": (_JUDICIAL,),
    "acces-aux-droits-et-citoyennete--connaitre-ses-droits": (_RIGHTS,),
    "acces-aux-droits-et-citoyennete--demandeurs-dasile-et-naturalisation": (_ADMIN, _CITIZEN),
    "acces-aux-droits-et-citoyennete--developpement-durable": (),
    "acces-aux-droits-et-citoyennete--faciliter-laction-citoyenne": (
        "remobilisation--benevolat-action-citoyenne",
    ),
    "famille--violences-intrafamiliales": ("famille--surmonter-conflits-separation-violence",),
    "gestion-financiere--obtenir-une-aide-alimentaire": (_FOOD,),
    "gestion-financiere--prevention-et-gestion-du-surendettement": (
        "difficultes-financieres--situation-dendettement-surendettement",
    ),
    "logement-hebergement--mal-loges-sans-logis": (_SHELTER,),
    "remobilisation--discrimination": (f"{_DAJ}connaitre-ses-droits-face-a-une-discrimination",),
    "sante--faire-face-a-une-situation-daddiction": ("sante--addictions",),
    "sante--bien-etre-psychologique": ("sante--sante-mentale",),
    "sante--accompagner-les-traumatismes": ("sante--sante-mentale",),
    "sante--vie-relationnelle-et-affective": ("sante--sante-sexuelle",),
    "mobilite--preparer-un-permis-de-conduire": ("mobilite--preparer-un-permis",),
    "numerique--realiser-des-demarches-administratives-avec-un-accompagnement": (
        "numerique--acceder-a-des-services-en-ligne",
    ),
    "numerique--devenir-autonome-dans-les-demarches-administratives": (
        "numerique--acceder-a-des-services-en-ligne",
    ),
}
V0_THEMATIQUE_FAMILIES: dict[str, str] = {
    "acces-aux-droits-et-citoyennete": _RIGHTS,
    "accompagnement-social-et-professionnel-personnalise": (
        f"{_DAJ}beneficier-dune-mesure-daccompagnement-adapte"
    ),
    "apprendre-francais": _FRENCH,
    "illettrisme": _FRENCH,
    "choisir-un-metier": "choisir-un-metier--connaitre-les-opportunites-demploi",
    "creation-activite": "creer-une-entreprise--definir-son-projet-de-creation-dentreprise",
    "equipement-et-alimentation": _FOOD,
    "famille": "famille--soutien-a-la-parentalite-et-a-leducation",
    "gestion-financiere": "difficultes-financieres--ameliorer-sa-gestion-budgetaire",
    "handicap": "sante--constituer-un-dossier-mdph-invalidite",
    "logement-hebergement": _HOUSING,
    "mobilite": "mobilite--etre-accompagne-dans-son-parcours-mobilite",
    "numerique": "numerique--maitriser-les-fondamentaux-du-numerique",
    "preparer-sa-candidature": (
        "preparer-sa-candidature--organiser-ses-demarches-de-recherche-demploi"
    ),
    "remobilisation": _SOCIAL,
    "sante": _CARE,
    "se-former": "se-former--trouver-sa-formation",
    "souvrir-a-linternational": (
        "souvrir-a-linternational--connaitre-les-opportunites-demploi-a-letranger"
    ),
    "trouver-un-emploi": "trouver-un-emploi--repondre-a-des-offres-demploi",
}
# v0 thematiques that say more than their v1 translation about our topics.
V0_TOPICS: dict[str, tuple[str, ...]] = {
    "acces-aux-droits-et-citoyennete--demandeurs-dasile-et-naturalisation": (
        Topic.ASYLUM,
        Topic.NATIONALITY,
    ),
    "logement-hebergement--mal-loges-sans-logis": (Topic.HOUSING,),
}
V0_PROFILS: dict[str, str | None] = {
    "adultes": None,
    "alternants": "actifs",
    "beneficiaires-rsa": "beneficiaires-des-minimas-sociaux",
    "deficience-visuelle": "personnes-en-situation-de-handicap",
    "demandeurs-demploi": "demandeurs-emploi",
    "familles-enfants": "familles",
    "etudiants": "etudiants",
    "femmes": "femmes",
    "handicaps-mentaux": "personnes-en-situation-de-handicap",
    "handicaps-psychiques": "personnes-en-situation-de-handicap",
    "jeunes": "jeunes",
    "jeunes-16-26": "jeunes",
    "locataires": None,
    "personnes-de-nationalite-etrangere": "personnes-exilees",
    "personnes-en-situation-de-handicap": "personnes-en-situation-de-handicap",
    "personnes-en-situation-illettrisme": None,
    "personnes-handicapees": "personnes-en-situation-de-handicap",
    "proprietaires": None,
    "public-langues-etrangeres": "personnes-exilees",
    "retraites": "seniors",
    "salaries": "actifs",
    "sans-domicile-fixe": "personnes-en-situation-durgence",
    "seniors-65": "seniors",
    "sortants-de-detention": "personnes-en-situation-juridique-specifique",
    "surdite": "personnes-en-situation-de-handicap",
    "victimes": "personnes-en-situation-durgence",
    "tous-publics": "tous-publics",
    "personnes-en-situation-durgence": "personnes-en-situation-durgence",
}
V0_PAYING = frozenset({"payant", "adhesion", "pass-numerique"})
V0_MOBILISATION: dict[str, str] = {
    "envoyer-un-mail": "envoyer-un-courriel",
    "envoyer-un-mail-avec-une-fiche-de-prescription": "envoyer-un-courriel",
    "se-presenter": "se-presenter",
    "telephoner": "telephoner",
}


def thematiques_from_v0(values: Iterable[str]) -> list[str]:
    v1 = vocabulary("v1", "thematiques")
    found: list[str] = []
    for value in values:
        if value in v1:
            found.append(value)
        elif value in V0_THEMATIQUES:
            found.extend(V0_THEMATIQUES[value])
        elif value.split("--")[0] in V0_THEMATIQUE_FAMILIES:
            found.append(V0_THEMATIQUE_FAMILIES[value.split("--")[0]])
    return list(dict.fromkeys(found))


def publics_from_v0(profils: Iterable[str]) -> list[str] | None:
    found = list(dict.fromkeys(p for p in (V0_PROFILS.get(v) for v in profils) if p))
    if len(found) > 1 and "tous-publics" in found:
        found.remove("tous-publics")
    return found or None


def _joined(*parts: Any) -> str | None:
    text = "\n".join(str(p).strip() for p in parts if p and str(p).strip())
    return text or None


def structure_from_v0(record: dict) -> dict:
    """A v0 structure as v1 (typologie, labels and thematiques have no place in v1)."""
    description = record.get("presentation_detail") or record.get("presentation_resume")
    reseaux = set(record.get("labels_nationaux") or ()) & vocabulary("v1", "reseaux-porteurs")
    keep = ["source", "id", "nom", "date_maj", "siret", "site_web", "courriel", "telephone"]
    keep += ["adresse", "complement_adresse", "code_postal", "commune", "code_insee"]
    keep += ["latitude", "longitude", "lien_source"]
    return _clean(
        {
            **{key: record.get(key) for key in keep},
            "description": description if description and len(description) >= 5 else None,
            "horaires_accueil": record.get("horaires_ouverture"),
            "accessibilite_lieu": record.get("accessibilite"),
            "reseaux_porteurs": sorted(reseaux),
        }
    )


def service_from_v0(record: dict) -> dict:
    """A v0 service as v1: profils → publics, frais list → one value, orientation → mobilisation."""
    frais = set(record.get("frais") or ())
    beneficiaire = record.get("modes_orientation_beneficiaire") or []
    accompagnateur = record.get("modes_orientation_accompagnateur") or []
    link = record.get("prise_rdv") or record.get("formulaire_en_ligne")
    orientation = beneficiaire + accompagnateur
    mobilisation = [V0_MOBILISATION[m] for m in orientation if m in V0_MOBILISATION]
    if link:
        mobilisation.append("utiliser-lien-mobilisation")
    mobilisable = (["usagers"] if beneficiaire else []) + (
        ["professionnels"] if accompagnateur else []
    )
    types = [t for t in record.get("types") or () if t in vocabulary("v1", "types-de-services")]
    description = _joined(record.get("presentation_resume"), record.get("presentation_detail"))
    if not description or len(description) < 5:
        description = f"Service « {record.get('nom', '')} »."
    contact = record.get("contact_public") is not False
    zone_code, zone_type = record.get("zone_diffusion_code"), record.get("zone_diffusion_type")
    keep = ["source", "structure_id", "id", "nom", "date_maj", "adresse", "complement_adresse"]
    keep += ["code_postal", "commune", "code_insee", "latitude", "longitude", "lien_source"]
    keep += ["modes_accueil", "nombre_semaines", "volume_horaire_hebdomadaire"]
    return _clean(
        {
            **{key: record.get(key) for key in keep},
            "description": description,
            "type": types[0] if types else None,
            "thematiques": thematiques_from_v0(record.get("thematiques") or ()),
            "publics": publics_from_v0(record.get("profils") or ()),
            "publics_precisions": record.get("profils_precisions"),
            "frais": ("payant" if frais & V0_PAYING else "gratuit") if frais else None,
            "frais_precisions": record.get("frais_autres"),
            "modes_mobilisation": list(dict.fromkeys(mobilisation)) or None,
            "mobilisable_par": mobilisable or None,
            "mobilisation_precisions": _joined(
                record.get("modes_orientation_beneficiaire_autres"),
                record.get("modes_orientation_accompagnateur_autres"),
            ),
            "lien_mobilisation": link,
            "conditions_acces": _joined(*(record.get("pre_requis") or ())),
            # v0 has no opening hours, only a free text "recurrence": kept as text.
            "horaires_accueil": record.get("recurrence"),
            "telephone": record.get("telephone") if contact else None,
            "courriel": record.get("courriel") if contact else None,
            "zone_eligibilite": (
                ["france"] if zone_type == "pays" else [zone_code] if zone_code else None
            ),
        }
    )


def topics_from(thematiques: Iterable[str], *, v0: Iterable[str] = ()) -> list[str]:
    found = []
    for value in v0:
        found.extend(V0_TOPICS.get(value, ()))
    for value in thematiques:
        prefixes = [p for p in THEMATIQUE_TOPICS if value.startswith(p)]
        if prefixes:
            found.append(THEMATIQUE_TOPICS[max(prefixes, key=len)])
    return list(dict.fromkeys(str(t) for t in found))


def category_from(thematiques: Iterable[str]) -> str:
    values = list(thematiques)
    for prefix, category in THEMATIQUE_CATEGORIES:
        if any(value.startswith(prefix) for value in values):
            return str(category)
    return str(Category.OTHER)


# --- Reading a file -----------------------------------------------------------------------------

_V0_KEYS = {
    "structures": {"presentation_resume", "presentation_detail", "typologie", "labels_nationaux"}
    | {"labels_autres", "horaires_ouverture", "accessibilite", "antenne", "rna", "thematiques"},
    "services": {"presentation_resume", "presentation_detail", "profils", "types", "prise_rdv"}
    | {"modes_orientation_beneficiaire", "modes_orientation_accompagnateur", "recurrence"}
    | {"zone_diffusion_type", "zone_diffusion_code", "formulaire_en_ligne", "page_web"},
}
_V1_KEYS = {
    "structures": {"description", "reseaux_porteurs", "accessibilite_lieu", "horaires_accueil"},
    "services": {"description", "publics", "type", "modes_mobilisation", "mobilisable_par"}
    | {"lien_mobilisation", "conditions_acces", "horaires_accueil", "zone_eligibilite"},
}


class DataInclusionFileError(ValueError):
    """The file cannot be read as data·inclusion records at all."""


def detect_version(structures: list, services: list) -> str:
    """v0 when more records carry v0-only fields than v1-only ones; v1 otherwise."""
    votes = 0
    for kind, records in (("structures", structures), ("services", services)):
        for record in records:
            if isinstance(record, dict):
                votes += bool(_V0_KEYS[kind] & record.keys()) - bool(_V1_KEYS[kind] & record.keys())
    return "v0" if votes > 0 else "v1"


def load_file(path: str | Path, *, version: str | None = None) -> tuple[str, list, list]:
    """(version, structures, services) from a JSON file.

    Accepted: ``{"structures": [...], "services": [...]}`` (an optional ``"version"`` key says
    "v0" or "v1"), or a list of records (a record with ``structure_id`` is a service). The version
    is detected from the fields when not given. Raises ``DataInclusionFileError``.
    """
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise DataInclusionFileError(f"{path}: cannot read the file ({exc.strerror}).") from None
    except UnicodeDecodeError:
        raise DataInclusionFileError(f"{path}: not a UTF-8 text file.") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataInclusionFileError(
            f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})."
        ) from None
    if isinstance(data, dict):
        if not ({"structures", "services"} & data.keys()):
            raise DataInclusionFileError(
                f'{path}: expected an object with "structures" and/or "services" lists.'
            )
        structures, services = data.get("structures") or [], data.get("services") or []
        if not isinstance(structures, list) or not isinstance(services, list):
            raise DataInclusionFileError(f'{path}: "structures" and "services" must be lists.')
        version = version or data.get("version")
    elif isinstance(data, list):
        services = [r for r in data if isinstance(r, dict) and "structure_id" in r]
        structures = [r for r in data if not (isinstance(r, dict) and "structure_id" in r)]
    else:
        raise DataInclusionFileError(f"{path}: expected a JSON object or a list of records.")
    version = version or detect_version(structures, services)
    if version not in VERSIONS:
        raise DataInclusionFileError(f"{path}: unknown schema version {version!r} (v0 or v1).")
    return version, structures, services


# --- Validation messages ------------------------------------------------------------------------

_JSON_TYPES = {
    str: "a string",
    bool: "true/false",
    int: "a number",
    float: "a number",
    list: "a list",
    dict: "an object",
    type(None): "null",
}
_FORMATS = {"date": "date (YYYY-MM-DD)", "email": "e-mail address", "uri": "URL"}


def _path(error) -> str:
    text = ""
    for part in error.absolute_path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _is_null_branch(error) -> bool:
    return error.validator == "type" and error.validator_value == "null"


def describe_error(error) -> str:
    """A short message naming the field, for a jsonschema ValidationError."""
    if error.validator in {"anyOf", "oneOf"} and error.context:
        branches: dict[Any, list] = {}
        for sub in error.context:
            branches.setdefault(sub.schema_path[0], []).append(sub)
        real = [subs for subs in branches.values() if not all(map(_is_null_branch, subs))]
        if len(real) == 1:
            deepest = max(real[0], key=lambda e: len(e.absolute_path))
            return describe_error(deepest)
    name, value, rule = _path(error) or "record", error.instance, error.validator_value
    match error.validator:
        case "required":
            missing = [key for key in rule if isinstance(value, dict) and key not in value]
            return f"{', '.join(missing) or name}: required field missing"
        case "enum" | "const":
            return f"{name}: {value!r} is not an allowed value"
        case "type":
            return f"{name}: expected {rule}, got {_JSON_TYPES.get(type(value), 'something else')}"
        case "format":
            return f"{name}: {value!r} is not a valid {_FORMATS.get(rule, rule)}"
        case "maxLength":
            return f"{name}: {len(value)} characters, at most {rule} allowed"
        case "minLength":
            return f"{name}: {len(value)} characters, at least {rule} needed"
        case "pattern":
            return f"{name}: {value!r} does not have the expected form"
        case "uniqueItems":
            return f"{name}: a value is repeated"
        case "minItems":
            return f"{name}: empty list (give at least {rule} value or null)"
        case "minimum":
            return f"{name}: {value!r} is less than {rule}"
        case "anyOf" | "oneOf":
            return f"{name}: {value!r} is not an accepted value"
    return f"{name}: {error.message}"


def schema_errors(record: Any, *, version: str, kind: str) -> list[str]:
    """The JSON Schema errors of one record, as field-named messages (duplicates removed)."""
    schema_kind = "structure" if kind == "structures" else "service"
    errors = sorted(
        validator(version, schema_kind).iter_errors(record),
        key=lambda e: [str(p) for p in e.absolute_path],
    )
    return list(dict.fromkeys(describe_error(e) for e in errors))


# --- Import -------------------------------------------------------------------------------------


class RecordError(NamedTuple):
    """One problem with one record: ``("services", 3, "abc", "code_insee: …")``."""

    kind: str
    index: int
    record_id: str
    message: str

    def __str__(self) -> str:
        return f"{self.kind}[{self.index}] (id={self.record_id}): {self.message}"


@dataclass
class ImportReport:
    """What an import did, or would do.

    ``errors`` block the record (and, without ``skip_invalid``, the whole file); ``warnings`` note
    data left aside (an address without INSEE code, half a pair of coordinates). Schedules are NOT
    parsed from ``horaires_accueil``: it is kept in the desk's "comment venir" text as
    "Horaires : …", and the imported desk has no schedule rules.
    """

    version: str
    errors: list[RecordError] = field(default_factory=list)
    warnings: list[RecordError] = field(default_factory=list)
    structures_created: int = 0
    structures_updated: int = 0
    services_created: int = 0
    services_updated: int = 0
    written: bool = False
    dry_run: bool = False

    @property
    def imported(self) -> int:
        return sum(
            [
                self.structures_created,
                self.structures_updated,
                self.services_created,
                self.services_updated,
            ]
        )


def import_slug(*, source: str, record_id: str, max_length: int) -> str:
    """``di-<source>-<id>`` slugified; ids already prefixed "<source>--" are not repeated."""
    local = record_id[len(source) + 2 :] if record_id.startswith(f"{source}--") else record_id
    slug = slugify(f"{IMPORT_PREFIX}{source}-{local}")
    if len(slug) <= max_length:
        return slug
    digest = sha1(f"{source}\x00{record_id}".encode(), usedforsecurity=False).hexdigest()[:8]
    return f"{slug[: max_length - 9].rstrip('-')}-{digest}"


@dataclass
class _Prepared:
    kind: str
    index: int
    record: dict  # v1
    slug: str
    organisation: Organisation | None = None
    place: Place | None = None
    desk: Desk | None = None
    channels: list[Channel] = field(default_factory=list)
    structure_key: tuple[str, str] | None = None
    uses_structure_place: bool = False


_PLACE_FIELDS = {
    "name": "nom",
    "address": "adresse",
    "postcode": "code_postal",
    "commune": "commune",
    "insee_code": "code_insee",
    "latitude": "latitude",
    "longitude": "longitude",
}
_ORGANISATION_FIELDS = {
    "name": "nom",
    "description": "description",
    "website": "site_web",
    "email": "courriel",
    "phone": "telephone",
    "slug": "id",
}
_DESK_FIELDS = {"name": "nom", "slug": "id", "how_to_come": "horaires_accueil"}
_CHANNEL_FIELDS = {
    ChannelKind.PHONE: "telephone",
    ChannelKind.EMAIL: "courriel",
    ChannelKind.WEBSITE: "lien_mobilisation",
}


def _model_errors(instance, *, names: dict[str, str], exclude: list[str]) -> list[str]:
    try:
        instance.clean_fields(exclude=exclude)
        instance.clean()
    except ValidationError as exc:
        messages = []
        for model_field, errors in exc.message_dict.items():
            name = names.get(model_field, model_field if model_field != "__all__" else "record")
            messages.extend(f"{name}: {message}" for message in errors)
        return messages
    return []


def _place_of(record: dict, *, name: str, warnings: list[str]) -> tuple[Place | None, list[str]]:
    """An unsaved Place for the record's address, or None; with its errors."""
    errors = []
    insee = record.get("code_insee")
    if insee:
        try:
            france.departement_from_insee(insee)
        except ValueError:
            errors.append(f"code_insee: {insee!r} is not a commune code of any département")
    coordinates = {}
    for key, limit in (("latitude", 90), ("longitude", 180)):
        value = record.get(key)
        if value is not None and not -limit <= value <= limit:
            errors.append(f"{key}: {value} is out of range (-{limit} to {limit})")
        coordinates[key] = Decimal(f"{value:.6f}") if value is not None else None
    if (coordinates["latitude"] is None) != (coordinates["longitude"] is None):
        warnings.append("latitude, longitude: only one of them is given, both are left aside")
        coordinates = {"latitude": None, "longitude": None}
    if errors:
        return None, errors
    address = _joined(record.get("adresse"), record.get("complement_adresse")) or ""
    needed = {"code_insee": insee, "code_postal": record.get("code_postal")}
    needed["commune"] = record.get("commune")
    if not all(needed.values()):
        if any(needed.values()) or address:
            missing = ", ".join(key for key, value in needed.items() if not value)
            warnings.append(f"{missing}: missing, so the address is not recorded")
        return None, []
    place = Place(
        name=_fit(name, maximum=200),
        address=address.replace("\n", ", "),
        postcode=needed["code_postal"],
        commune=needed["commune"],
        insee_code=insee.strip().upper(),
        **coordinates,
    )
    exclude = ["organisation"] + (["address"] if not place.address else [])
    return place, _model_errors(place, names=_PLACE_FIELDS, exclude=exclude)


def _prepare_structure(
    record: dict, *, index: int, warnings: list[str]
) -> tuple[_Prepared, list[str]]:
    slug = import_slug(source=record["source"], record_id=record["id"], max_length=80)
    item = _Prepared("structures", index, record, slug)
    item.organisation = Organisation(
        slug=slug,
        name=record["nom"][:200],
        kind=OrganisationKind.ASSOCIATION,
        description=record.get("description") or "",
        website=record.get("site_web") or "",
        email=record.get("courriel") or "",
        phone=(record.get("telephone") or "").strip(),
    )
    errors = _model_errors(item.organisation, names=_ORGANISATION_FIELDS, exclude=["parent"])
    item.place, place_errors = _place_of(record, name=record["nom"], warnings=warnings)
    return item, errors + place_errors


def _how_to_come(record: dict) -> str:
    lines = []
    if record.get("horaires_accueil"):
        lines.append(f"Horaires : {record['horaires_accueil']}")
    for label, key in (
        ("", "mobilisation_precisions"),
        ("Conditions d’accès : ", "conditions_acces"),
        ("Frais : ", "frais_precisions"),
        ("Publics : ", "publics_precisions"),
    ):
        if record.get(key):
            lines.append(f"{label}{record[key]}")
    if record.get("lien_source"):
        lines.append(f"Source : {record['source']}, {record['lien_source']}")
    else:
        lines.append(f"Source : {record['source']} (data·inclusion)")
    return "\n".join(lines)


def _modes(record: dict, *, has_place: bool) -> list[str]:
    accueil = record.get("modes_accueil") or []
    mobilisation = record.get("modes_mobilisation") or []
    modes = []
    if "en-presentiel" in accueil or (not accueil and has_place):
        if "se-presenter" in mobilisation:
            modes.append(Mode.WALK_IN)
        elif mobilisation:
            modes.append(Mode.APPOINTMENT)
    if "a-distance" in accueil:
        modes.append(Mode.REMOTE)
    return [str(m) for m in modes]


def _audiences(record: dict) -> list[str]:
    publics = record.get("publics") or []
    found = []
    if "personnes-exilees" in publics:
        found.append(Audience.FOREIGNERS)
    if "tous-publics" in publics:
        found.append(Audience.EVERYONE)
    if "professionnels" in (record.get("mobilisable_par") or []):
        found.append(Audience.PROFESSIONALS)
    return [str(a) for a in found]


def _prepare_service(
    record: dict, *, index: int, v0_thematiques: list[str], warnings: list[str]
) -> tuple[_Prepared, list[str]]:
    slug = import_slug(source=record["source"], record_id=record["id"], max_length=100)
    item = _Prepared("services", index, record, slug)
    item.structure_key = (record["source"], record["structure_id"])
    thematiques = record.get("thematiques") or []
    description = record["description"].strip()
    first_line = description.splitlines()[0] if description else ""
    item.place, errors = _place_of(record, name=record["nom"], warnings=warnings)
    accueil = record.get("modes_accueil") or []
    item.uses_structure_place = item.place is None and (not accueil or "en-presentiel" in accueil)
    suspended = record.get("_suspended_since")
    item.desk = Desk(
        slug=slug,
        kind=Kind.PARTNER,
        category=category_from(thematiques),
        name=record["nom"][:200],
        summary=_fit(first_line, maximum=300),
        description=description if description != first_line else "",
        how_to_come=_how_to_come(record),
        audiences=_audiences(record),
        topics=topics_from(thematiques, v0=v0_thematiques),
        modes=_modes(record, has_place=item.place is not None or item.uses_structure_place),
        free_of_charge=record.get("frais") != "payant",
        public=not suspended,
    )
    errors += _model_errors(
        item.desk, names=_DESK_FIELDS, exclude=["organisation", "place", "slug"]
    )
    for position, (kind, key) in enumerate(_CHANNEL_FIELDS.items()):
        value = (record.get(key) or "").strip()
        if value:
            channel = Channel(
                kind=kind, value=value, position=position, for_booking=kind == ChannelKind.WEBSITE
            )
            item.channels.append(channel)
            errors += _model_errors(channel, names={"value": key}, exclude=["desk"])
    return item, errors


def _suspended(record: dict) -> dict:
    """v0 ``date_suspension`` in the past: the desk is imported unpublished."""
    when = record.get("date_suspension")
    try:
        if when and date.fromisoformat(when) <= timezone.localdate():
            return {"_suspended_since": when}
    except ValueError:
        pass
    return {}


def _validate(
    *, structures: list, services: list, version: str, report: ImportReport
) -> tuple[list[_Prepared], list[_Prepared]]:
    """Check every record; the valid ones come back prepared (unsaved model instances)."""

    def fail(kind: str, index: int, record: Any, messages: list[str]) -> None:
        record_id = str(record.get("id", "?")) if isinstance(record, dict) else "?"
        report.errors.extend(RecordError(kind, index, record_id, m) for m in messages)

    def note(kind: str, index: int, record: dict, messages: list[str]) -> None:
        record_id = str(record.get("id", "?"))
        report.warnings.extend(RecordError(kind, index, record_id, m) for m in messages)

    def convert(kind: str, index: int, record: Any) -> dict | None:
        errors = schema_errors(record, version=version, kind=kind)
        if not errors and version == "v0":
            converted = (structure_from_v0 if kind == "structures" else service_from_v0)(record)
            errors = [
                f"after conversion to v1, {message}"
                for message in schema_errors(converted, version="v1", kind=kind)
            ]
            record = {**converted, **(_suspended(record) if kind == "services" else {})}
        if errors:
            fail(kind, index, record, errors)
            return None
        return record

    ready_structures: dict[tuple[str, str], _Prepared | None] = {}
    slugs: dict[str, str] = {}
    desk_slugs: dict[str, str] = {}
    for index, raw in enumerate(structures):
        record = convert("structures", index, raw)
        if record is None:
            if isinstance(raw, dict) and isinstance(raw.get("id"), str):
                ready_structures[(str(raw.get("source")), raw["id"])] = None
            continue
        warnings: list[str] = []
        item, errors = _prepare_structure(record, index=index, warnings=warnings)
        key = (record["source"], record["id"])
        if item.slug in slugs:
            errors.append(f"id: {record['id']!r} gives the same identifier as {slugs[item.slug]}")
        slugs.setdefault(item.slug, f"structures[{index}]")
        note("structures", index, record, warnings)
        if errors:
            fail("structures", index, record, errors)
            ready_structures.setdefault(key, None)
        else:
            ready_structures[key] = item

    known = set(
        Organisation.objects.filter(slug__startswith=IMPORT_PREFIX).values_list("slug", flat=True)
    )
    ready_services = []
    for index, raw in enumerate(services):
        record = convert("services", index, raw)
        if record is None:
            continue
        warnings = []
        v0_thematiques = (raw.get("thematiques") or []) if version == "v0" else []
        item, errors = _prepare_service(
            record, index=index, v0_thematiques=v0_thematiques, warnings=warnings
        )
        if item.slug in desk_slugs:
            errors.append(
                f"id: {record['id']!r} gives the same identifier as {desk_slugs[item.slug]}"
            )
        desk_slugs.setdefault(item.slug, f"services[{index}]")
        structure_slug = import_slug(
            source=record["source"], record_id=record["structure_id"], max_length=80
        )
        if item.structure_key in ready_structures:
            if ready_structures[item.structure_key] is None:
                errors.append(
                    f"structure_id: the structure {record['structure_id']!r} has errors "
                    "and is not imported"
                )
        elif structure_slug not in known:
            errors.append(
                f"structure_id: {record['structure_id']!r} is not a structure of this file "
                "nor one imported before"
            )
        note("services", index, record, warnings)
        if errors:
            fail("services", index, record, errors)
        else:
            ready_services.append(item)
    return [s for s in ready_structures.values() if s is not None], ready_services


def _save_place(*, place: Place, organisation: Organisation, first: bool) -> Place:
    """The structure's place updates its first place; a service's reuses a same-address one."""
    existing = Place.objects.filter(organisation=organisation).order_by("pk")
    if not first:
        existing = existing.filter(insee_code=place.insee_code, address=place.address)
    current = existing.first()
    if current is not None:
        for name in _PLACE_FIELDS:
            setattr(current, name, getattr(place, name))
        current.version += 1
        place = current
    place.organisation = organisation
    place.full_clean(exclude=["address"] if not place.address else None)
    place.save()
    return place


def _save_structure(item: _Prepared, *, report: ImportReport) -> Organisation:
    new = item.organisation
    values = {
        name: getattr(new, name) for name in ["name", "description", "website", "email", "phone"]
    }
    organisation, created = Organisation.objects.update_or_create(
        slug=item.slug, defaults=values, create_defaults={**values, "kind": new.kind}
    )
    if not created:
        Organisation.objects.filter(pk=organisation.pk).update(version=F("version") + 1)
    if item.place is not None:
        _save_place(place=item.place, organisation=organisation, first=True)
    report.structures_created += created
    report.structures_updated += not created
    action = Action.OBJECT_CREATED if created else Action.OBJECT_UPDATED
    audit_log(action=action, obj=organisation, organisation=organisation)
    return organisation


def _save_service(item: _Prepared, *, organisation: Organisation, report: ImportReport) -> Desk:
    new = item.desk
    place = None
    if item.place is not None:
        place = _save_place(place=item.place, organisation=organisation, first=False)
    elif item.uses_structure_place:
        place = organisation.places.order_by("pk").first()
    fields = ["kind", "category", "name", "summary", "description", "how_to_come", "audiences"]
    fields += ["topics", "modes", "free_of_charge", "public"]
    values = {name: getattr(new, name) for name in fields}
    values.update(organisation=organisation, place=place)
    desk, created = Desk.objects.update_or_create(slug=item.slug, defaults=values)
    if not created:
        Desk.objects.filter(pk=desk.pk).update(version=F("version") + 1)
        desk.channels.all().delete()
    for channel in item.channels:
        channel.desk = desk
    Channel.objects.bulk_create(item.channels)
    report.services_created += created
    report.services_updated += not created
    action = Action.OBJECT_CREATED if created else Action.OBJECT_UPDATED
    audit_log(action=action, obj=desk, organisation=organisation)
    return desk


def import_records(
    *,
    structures: list,
    services: list,
    version: str,
    skip_invalid: bool = False,
    dry_run: bool = False,
) -> ImportReport:
    """Validate every record, then write them in one transaction.

    With errors and not ``skip_invalid``, nothing is written. Structures become associations
    (slug ``di-<source>-<id>``) with a place; services become partner desks of them (updated in
    place when imported again: their channels are replaced). ``dry_run`` rolls everything back
    but still counts what would be created or updated.
    """
    if version not in VERSIONS:
        raise ValueError(f"Unknown data·inclusion version {version!r}.")
    report = ImportReport(version=version, dry_run=dry_run)
    ready_structures, ready_services = _validate(
        structures=structures, services=services, version=version, report=report
    )
    if report.errors and not skip_invalid:
        return report
    with transaction.atomic():
        organisations = {
            (s.record["source"], s.record["id"]): _save_structure(s, report=report)
            for s in ready_structures
        }
        for item in ready_services:
            organisation = organisations.get(item.structure_key) or Organisation.objects.get(
                slug=import_slug(
                    source=item.structure_key[0], record_id=item.structure_key[1], max_length=80
                )
            )
            _save_service(item, organisation=organisation, report=report)
        if dry_run:
            transaction.set_rollback(True)
    report.written = not dry_run and report.imported > 0
    return report
