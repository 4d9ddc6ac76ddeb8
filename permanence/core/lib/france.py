"""Reference data about French territory: départements, regions, académies, school zones.

Pure Python, no Django import, so it can be used anywhere (models, forms, scripts, tests).

Scope: the 101 départements (96 metropolitan including Corsica's 2A and 2B, and the five
overseas départements 971 Guadeloupe, 972 Martinique, 973 Guyane, 974 La Réunion and
976 Mayotte). Overseas collectivities that are not départements (Saint-Pierre-et-Miquelon,
Saint-Barthélemy, Saint-Martin, Wallis-et-Futuna, French Polynesia, New Caledonia...) are
deliberately out of scope: every function here raises ``ValueError`` for them.

School zones (``Departement.school_zone``)
-----------------------------------------
The zone follows the académie, as set by the national school calendar since January 2016:

* ``"A"``: Besançon, Bordeaux, Clermont-Ferrand, Dijon, Grenoble, Limoges, Lyon, Poitiers;
* ``"B"``: Aix-Marseille, Amiens, Lille, Nancy-Metz, Nantes, Nice, Normandie, Orléans-Tours,
  Reims, Rennes, Strasbourg;
* ``"C"``: Créteil, Montpellier, Paris, Toulouse, Versailles;
* ``"Corse"``: the académie de Corse (2A, 2B) has its own calendar;
* overseas: the académie name (``"Guadeloupe"``, ``"Martinique"``, ``"Guyane"``,
  ``"La Réunion"``, ``"Mayotte"``), each of which has its own calendar.

How this maps onto third-party packages (checked against vacances-scolaires-france 0.12.0
and holidays 0.109):

* ``vacances_scolaires_france.SchoolHolidayDates`` only knows ``SUPPORTED_ZONES = ["A", "B",
  "C"]`` (metropolitan France, Corsica excluded). Pass ``school_zone`` as is when it is one
  of :data:`METROPOLITAN_SCHOOL_ZONES`; the package has no data for the other zones (it
  raises ``UnsupportedZoneException``).
* ``holidays.France`` exposes school holidays with ``categories=("school",)`` and the
  subdivisions ``"Zone A"``, ``"Zone B"`` and ``"Zone C"``, i.e. ``f"Zone {school_zone}"``
  for the same three zones only.

The former académies of Caen and Rouen were merged into the académie de Normandie on
1 January 2020; both were already in zone B.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

__all__ = [
    "ACADEMIE_SCHOOL_ZONES",
    "ALSACE_MOSELLE",
    "DEPARTEMENTS",
    "METROPOLITAN_SCHOOL_ZONES",
    "SCHOOL_ZONES",
    "Departement",
    "departement_from_insee",
    "departement_from_postcode",
    "get_departement",
    "holiday_subdivision",
    "is_alsace_moselle",
    "normalise_departement",
]


@dataclass(frozen=True, slots=True)
class Departement:
    """A French département.

    ``code``: canonical code ("01", "2A", "971"); ``name``: official name with accents;
    ``region``: current region (2016 map); ``academie``: académie name; ``school_zone``:
    "A", "B", "C", "Corse" or, overseas, the académie name (see the module docstring).
    """

    code: str
    name: str
    region: str
    academie: str
    school_zone: str


METROPOLITAN_SCHOOL_ZONES: Final[frozenset[str]] = frozenset({"A", "B", "C"})

# Académie -> school zone. Overseas académies and Corsica are their own zone.
ACADEMIE_SCHOOL_ZONES: Final[Mapping[str, str]] = MappingProxyType(
    {
        # Zone A.
        "Besançon": "A",
        "Bordeaux": "A",
        "Clermont-Ferrand": "A",
        "Dijon": "A",
        "Grenoble": "A",
        "Limoges": "A",
        "Lyon": "A",
        "Poitiers": "A",
        # Zone B.
        "Aix-Marseille": "B",
        "Amiens": "B",
        "Lille": "B",
        "Nancy-Metz": "B",
        "Nantes": "B",
        "Nice": "B",
        "Normandie": "B",
        "Orléans-Tours": "B",
        "Reims": "B",
        "Rennes": "B",
        "Strasbourg": "B",
        # Zone C.
        "Créteil": "C",
        "Montpellier": "C",
        "Paris": "C",
        "Toulouse": "C",
        "Versailles": "C",
        # Own calendars.
        "Corse": "Corse",
        "Guadeloupe": "Guadeloupe",
        "Martinique": "Martinique",
        "Guyane": "Guyane",
        "La Réunion": "La Réunion",
        "Mayotte": "Mayotte",
    }
)

SCHOOL_ZONES: Final[frozenset[str]] = frozenset(ACADEMIE_SCHOOL_ZONES.values())

_ARA = "Auvergne-Rhône-Alpes"
_BFC = "Bourgogne-Franche-Comté"
_BRE = "Bretagne"
_CVL = "Centre-Val de Loire"
_COR = "Corse"
_GES = "Grand Est"
_HDF = "Hauts-de-France"
_IDF = "Île-de-France"
_NOR = "Normandie"
_NAQ = "Nouvelle-Aquitaine"
_OCC = "Occitanie"
_PDL = "Pays de la Loire"
_PAC = "Provence-Alpes-Côte d'Azur"

# (code, name, region, académie), in the INSEE order.
_ROWS: Final[tuple[tuple[str, str, str, str], ...]] = (
    ("01", "Ain", _ARA, "Lyon"),
    ("02", "Aisne", _HDF, "Amiens"),
    ("03", "Allier", _ARA, "Clermont-Ferrand"),
    ("04", "Alpes-de-Haute-Provence", _PAC, "Aix-Marseille"),
    ("05", "Hautes-Alpes", _PAC, "Aix-Marseille"),
    ("06", "Alpes-Maritimes", _PAC, "Nice"),
    ("07", "Ardèche", _ARA, "Grenoble"),
    ("08", "Ardennes", _GES, "Reims"),
    ("09", "Ariège", _OCC, "Toulouse"),
    ("10", "Aube", _GES, "Reims"),
    ("11", "Aude", _OCC, "Montpellier"),
    ("12", "Aveyron", _OCC, "Toulouse"),
    ("13", "Bouches-du-Rhône", _PAC, "Aix-Marseille"),
    ("14", "Calvados", _NOR, "Normandie"),
    ("15", "Cantal", _ARA, "Clermont-Ferrand"),
    ("16", "Charente", _NAQ, "Poitiers"),
    ("17", "Charente-Maritime", _NAQ, "Poitiers"),
    ("18", "Cher", _CVL, "Orléans-Tours"),
    ("19", "Corrèze", _NAQ, "Limoges"),
    ("2A", "Corse-du-Sud", _COR, "Corse"),
    ("2B", "Haute-Corse", _COR, "Corse"),
    ("21", "Côte-d'Or", _BFC, "Dijon"),
    ("22", "Côtes-d'Armor", _BRE, "Rennes"),
    ("23", "Creuse", _NAQ, "Limoges"),
    ("24", "Dordogne", _NAQ, "Bordeaux"),
    ("25", "Doubs", _BFC, "Besançon"),
    ("26", "Drôme", _ARA, "Grenoble"),
    ("27", "Eure", _NOR, "Normandie"),
    ("28", "Eure-et-Loir", _CVL, "Orléans-Tours"),
    ("29", "Finistère", _BRE, "Rennes"),
    ("30", "Gard", _OCC, "Montpellier"),
    ("31", "Haute-Garonne", _OCC, "Toulouse"),
    ("32", "Gers", _OCC, "Toulouse"),
    ("33", "Gironde", _NAQ, "Bordeaux"),
    ("34", "Hérault", _OCC, "Montpellier"),
    ("35", "Ille-et-Vilaine", _BRE, "Rennes"),
    ("36", "Indre", _CVL, "Orléans-Tours"),
    ("37", "Indre-et-Loire", _CVL, "Orléans-Tours"),
    ("38", "Isère", _ARA, "Grenoble"),
    ("39", "Jura", _BFC, "Besançon"),
    ("40", "Landes", _NAQ, "Bordeaux"),
    ("41", "Loir-et-Cher", _CVL, "Orléans-Tours"),
    ("42", "Loire", _ARA, "Lyon"),
    ("43", "Haute-Loire", _ARA, "Clermont-Ferrand"),
    ("44", "Loire-Atlantique", _PDL, "Nantes"),
    ("45", "Loiret", _CVL, "Orléans-Tours"),
    ("46", "Lot", _OCC, "Toulouse"),
    ("47", "Lot-et-Garonne", _NAQ, "Bordeaux"),
    ("48", "Lozère", _OCC, "Montpellier"),
    ("49", "Maine-et-Loire", _PDL, "Nantes"),
    ("50", "Manche", _NOR, "Normandie"),
    ("51", "Marne", _GES, "Reims"),
    ("52", "Haute-Marne", _GES, "Reims"),
    ("53", "Mayenne", _PDL, "Nantes"),
    ("54", "Meurthe-et-Moselle", _GES, "Nancy-Metz"),
    ("55", "Meuse", _GES, "Nancy-Metz"),
    ("56", "Morbihan", _BRE, "Rennes"),
    ("57", "Moselle", _GES, "Nancy-Metz"),
    ("58", "Nièvre", _BFC, "Dijon"),
    ("59", "Nord", _HDF, "Lille"),
    ("60", "Oise", _HDF, "Amiens"),
    ("61", "Orne", _NOR, "Normandie"),
    ("62", "Pas-de-Calais", _HDF, "Lille"),
    ("63", "Puy-de-Dôme", _ARA, "Clermont-Ferrand"),
    ("64", "Pyrénées-Atlantiques", _NAQ, "Bordeaux"),
    ("65", "Hautes-Pyrénées", _OCC, "Toulouse"),
    ("66", "Pyrénées-Orientales", _OCC, "Montpellier"),
    ("67", "Bas-Rhin", _GES, "Strasbourg"),
    ("68", "Haut-Rhin", _GES, "Strasbourg"),
    ("69", "Rhône", _ARA, "Lyon"),
    ("70", "Haute-Saône", _BFC, "Besançon"),
    ("71", "Saône-et-Loire", _BFC, "Dijon"),
    ("72", "Sarthe", _PDL, "Nantes"),
    ("73", "Savoie", _ARA, "Grenoble"),
    ("74", "Haute-Savoie", _ARA, "Grenoble"),
    ("75", "Paris", _IDF, "Paris"),
    ("76", "Seine-Maritime", _NOR, "Normandie"),
    ("77", "Seine-et-Marne", _IDF, "Créteil"),
    ("78", "Yvelines", _IDF, "Versailles"),
    ("79", "Deux-Sèvres", _NAQ, "Poitiers"),
    ("80", "Somme", _HDF, "Amiens"),
    ("81", "Tarn", _OCC, "Toulouse"),
    ("82", "Tarn-et-Garonne", _OCC, "Toulouse"),
    ("83", "Var", _PAC, "Nice"),
    ("84", "Vaucluse", _PAC, "Aix-Marseille"),
    ("85", "Vendée", _PDL, "Nantes"),
    ("86", "Vienne", _NAQ, "Poitiers"),
    ("87", "Haute-Vienne", _NAQ, "Limoges"),
    ("88", "Vosges", _GES, "Nancy-Metz"),
    ("89", "Yonne", _BFC, "Dijon"),
    ("90", "Territoire de Belfort", _BFC, "Besançon"),
    ("91", "Essonne", _IDF, "Versailles"),
    ("92", "Hauts-de-Seine", _IDF, "Versailles"),
    ("93", "Seine-Saint-Denis", _IDF, "Créteil"),
    ("94", "Val-de-Marne", _IDF, "Créteil"),
    ("95", "Val-d'Oise", _IDF, "Versailles"),
    # Overseas départements: each one is also a region and an académie.
    ("971", "Guadeloupe", "Guadeloupe", "Guadeloupe"),
    ("972", "Martinique", "Martinique", "Martinique"),
    ("973", "Guyane", "Guyane", "Guyane"),
    ("974", "La Réunion", "La Réunion", "La Réunion"),
    ("976", "Mayotte", "Mayotte", "Mayotte"),
)

DEPARTEMENTS: Final[Mapping[str, Departement]] = MappingProxyType(
    {
        code: Departement(
            code=code,
            name=name,
            region=region,
            academie=academie,
            school_zone=ACADEMIE_SCHOOL_ZONES[academie],
        )
        for code, name, region, academie in _ROWS
    }
)

# Départements under the local law of Alsace-Moselle (two extra public holidays:
# Good Friday and 26 December).
ALSACE_MOSELLE: Final[frozenset[str]] = frozenset({"57", "67", "68"})

# Subdivision codes of ``holidays.France`` (ISO 3166-2 based, checked against holidays
# 0.109). "6AE" is the Collectivité européenne d'Alsace (Bas-Rhin and Haut-Rhin together).
_HOLIDAY_SUBDIVISIONS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "57": "57",
        "67": "6AE",
        "68": "6AE",
        "971": "971",
        "972": "972",
        "973": "973",
        "974": "974",
        "976": "976",
    }
)

_OVERSEAS_PREFIX: Final = "97"
_INSEE_RE: Final = re.compile(r"^(?:\d{2}|2[AB])\d{3}$")
_POSTCODE_RE: Final = re.compile(r"^\d{5}$")
# Postcodes in the 971xx range that belong to overseas collectivities, not to Guadeloupe.
_NON_DEPARTEMENT_POSTCODES: Final[Mapping[str, str]] = MappingProxyType(
    {"97133": "Saint-Barthélemy", "97150": "Saint-Martin"}
)


def normalise_departement(code: str) -> str:
    """Return the canonical code of a département.

    Accepts surrounding whitespace, lower case and a missing leading zero:
    ``"1"`` and ``"01"`` -> ``"01"``, ``"2a"`` -> ``"2A"``, ``" 75 "`` -> ``"75"``,
    ``"971"`` -> ``"971"``. Raises ``ValueError`` for anything that is not one of the 101
    départements (``"00"``, ``"20"``, ``"96"``, ``"975"``...).
    """
    if not isinstance(code, str):
        raise TypeError(f"Département code must be a string, not {type(code).__name__}.")
    cleaned = code.strip().upper()
    if len(cleaned) == 1 and cleaned.isdigit():
        cleaned = "0" + cleaned
    if cleaned in DEPARTEMENTS:
        return cleaned
    if cleaned == "20":
        raise ValueError(
            "Unknown département code '20': Corsica is split into '2A' (Corse-du-Sud) "
            "and '2B' (Haute-Corse)."
        )
    raise ValueError(f"Unknown département code {code!r}.")


def get_departement(code: str) -> Departement:
    """Return the :class:`Departement` for a code, normalised as by ``normalise_departement``."""
    return DEPARTEMENTS[normalise_departement(code)]


def departement_from_insee(code: str) -> str:
    """Return the département code of a commune from its INSEE (COG) code.

    ``"59350"`` -> ``"59"``, ``"2A004"`` -> ``"2A"``, ``"97105"`` -> ``"971"``. The
    arrondissements of Paris (75101-75120), Lyon (69381-69389) and Marseille (13201-13216)
    fold into their département. Surrounding whitespace and lower-case "2a"/"2b" are
    accepted. Raises ``ValueError`` for a malformed code or one outside the 101
    départements (e.g. 975xx, 977xx, 978xx and 98xxx overseas collectivities).
    """
    if not isinstance(code, str):
        raise TypeError(f"INSEE code must be a string, not {type(code).__name__}.")
    cleaned = code.strip().upper()
    if not _INSEE_RE.match(cleaned):
        raise ValueError(
            f"Malformed INSEE commune code {code!r}: expected 5 characters, "
            "digits or '2A'/'2B' followed by 3 digits."
        )
    if cleaned.startswith(_OVERSEAS_PREFIX):
        departement, commune = cleaned[:3], cleaned[3:]
    else:
        departement, commune = cleaned[:2], cleaned[2:]
    if departement not in DEPARTEMENTS:
        raise ValueError(
            f"INSEE commune code {code!r} does not belong to a département "
            f"(unknown prefix {departement!r})."
        )
    if int(commune) == 0:
        raise ValueError(f"Malformed INSEE commune code {code!r}: commune number is zero.")
    return departement


def departement_from_postcode(postcode: str) -> str:
    """Return the département of a 5-digit postcode, on a best-effort basis.

    ``"59000"`` -> ``"59"``, ``"97400"`` -> ``"974"``. Corsica (20xxx) is split by the
    third digit: 200xx and 201xx -> ``"2A"``, 202xx and 206xx -> ``"2B"``.

    Postcodes are La Poste's, not administrative: a few communes carry the postcode of a
    neighbouring département's sorting office, so the answer can be wrong near borders.
    Prefer :func:`departement_from_insee` when the INSEE code is known.

    Raises ``ValueError`` for a malformed postcode or one outside the 101 départements:
    00xxx, 96xxx, 975xx (Saint-Pierre-et-Miquelon), 97133 (Saint-Barthélemy),
    97150 (Saint-Martin), 977xx and above, 98xxx (Monaco, Pacific collectivities), 99xxx.
    """
    if not isinstance(postcode, str):
        raise TypeError(f"Postcode must be a string, not {type(postcode).__name__}.")
    cleaned = postcode.strip()
    if not _POSTCODE_RE.match(cleaned):
        raise ValueError(f"Malformed postcode {postcode!r}: expected exactly 5 digits.")
    if cleaned in _NON_DEPARTEMENT_POSTCODES:
        raise ValueError(
            f"Postcode {postcode!r} is in {_NON_DEPARTEMENT_POSTCODES[cleaned]}, "
            "an overseas collectivity that is not a département."
        )
    prefix = cleaned[:2]
    if prefix == "20":
        if cleaned[2] in "01":
            return "2A"
        if cleaned[2] in "26":
            return "2B"
        raise ValueError(f"Unknown Corsican postcode {postcode!r}.")
    departement = cleaned[:3] if prefix == _OVERSEAS_PREFIX else prefix
    if departement not in DEPARTEMENTS:
        raise ValueError(f"Postcode {postcode!r} does not belong to a French département.")
    return departement


def is_alsace_moselle(departement: str) -> bool:
    """Whether a département is under Alsace-Moselle local law (57, 67, 68).

    Raises ``ValueError`` for an unknown département code.
    """
    return normalise_departement(departement) in ALSACE_MOSELLE


def holiday_subdivision(departement: str) -> str | None:
    """Return the ``holidays.France`` subdivision for a département's regional holidays.

    Values, checked against ``holidays.France.subdivisions`` of holidays 0.109 (which follow
    ISO 3166-2:FR):

    * ``"57"`` (Moselle) and ``"6AE"`` (Alsace, for both 67 Bas-Rhin and 68 Haut-Rhin):
      Good Friday and Saint Stephen's Day (26 December);
    * ``"971"``, ``"972"``, ``"973"``, ``"974"``, ``"976"``: the overseas départements
      (abolition of slavery, and more in Guadeloupe and Martinique);
    * ``None`` for every other département, which only has the national holidays.

    Use it as ``holidays.France(subdiv=holiday_subdivision(dep))``: ``subdiv=None`` means
    national holidays only. Older releases of holidays used other names ("Alsace-Moselle",
    "GES", "GP", "MQ"...; deprecated or aliases in 0.109) and may reject "6AE": check
    ``holidays.France.subdivisions`` before pinning an older version.
    Raises ``ValueError`` for an unknown département code.
    """
    return _HOLIDAY_SUBDIVISIONS.get(normalise_departement(departement))
