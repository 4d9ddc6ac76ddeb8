"""Tests for the French territory reference data in ``permanence.core.lib.france``."""

import dataclasses
import datetime

import pytest

from permanence.core.lib.france import (
    ACADEMIE_SCHOOL_ZONES,
    DEPARTEMENTS,
    METROPOLITAN_SCHOOL_ZONES,
    SCHOOL_ZONES,
    Departement,
    departement_from_insee,
    departement_from_postcode,
    get_departement,
    holiday_subdivision,
    is_alsace_moselle,
    normalise_departement,
)

EXPECTED_CODES = (
    [f"{n:02d}" for n in range(1, 20)]
    + ["2A", "2B"]
    + [f"{n:02d}" for n in range(21, 96)]
    + ["971", "972", "973", "974", "976"]
)

REGIONS = {
    "Auvergne-Rhône-Alpes",
    "Bourgogne-Franche-Comté",
    "Bretagne",
    "Centre-Val de Loire",
    "Corse",
    "Grand Est",
    "Hauts-de-France",
    "Île-de-France",
    "Normandie",
    "Nouvelle-Aquitaine",
    "Occitanie",
    "Pays de la Loire",
    "Provence-Alpes-Côte d'Azur",
    "Guadeloupe",
    "Martinique",
    "Guyane",
    "La Réunion",
    "Mayotte",
}


# Reference data.


def test_every_departement_is_present_in_order() -> None:
    assert len(EXPECTED_CODES) == 101
    assert list(DEPARTEMENTS) == EXPECTED_CODES


def test_entries_are_consistent() -> None:
    for code, dep in DEPARTEMENTS.items():
        assert isinstance(dep, Departement)
        assert dep.code == code
        assert dep.name and dep.name == dep.name.strip()
        assert dep.region in REGIONS, dep
        assert dep.academie in ACADEMIE_SCHOOL_ZONES, dep
        assert dep.school_zone == ACADEMIE_SCHOOL_ZONES[dep.academie]
        assert dep.school_zone in SCHOOL_ZONES


def test_names_are_unique() -> None:
    names = [dep.name for dep in DEPARTEMENTS.values()]
    assert len(set(names)) == len(names)


def test_every_region_and_academie_is_used() -> None:
    assert {dep.region for dep in DEPARTEMENTS.values()} == REGIONS
    assert {dep.academie for dep in DEPARTEMENTS.values()} == set(ACADEMIE_SCHOOL_ZONES)


def test_departement_is_frozen_and_mapping_read_only() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEPARTEMENTS["59"].name = "Lille"  # type: ignore[misc]
    with pytest.raises(TypeError):
        DEPARTEMENTS["99"] = DEPARTEMENTS["59"]  # type: ignore[index]


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("09", "Ariège"),
        ("59", "Nord"),
        ("75", "Paris"),
        ("93", "Seine-Saint-Denis"),
        ("94", "Val-de-Marne"),
        ("2A", "Corse-du-Sud"),
        ("2B", "Haute-Corse"),
        ("974", "La Réunion"),
    ],
)
def test_names(code: str, name: str) -> None:
    assert DEPARTEMENTS[code].name == name


@pytest.mark.parametrize(
    ("code", "region", "academie"),
    [
        ("59", "Hauts-de-France", "Lille"),
        ("80", "Hauts-de-France", "Amiens"),
        ("09", "Occitanie", "Toulouse"),
        ("34", "Occitanie", "Montpellier"),
        ("93", "Île-de-France", "Créteil"),
        ("92", "Île-de-France", "Versailles"),
        ("75", "Île-de-France", "Paris"),
        ("14", "Normandie", "Normandie"),
        ("76", "Normandie", "Normandie"),
        ("57", "Grand Est", "Nancy-Metz"),
        ("67", "Grand Est", "Strasbourg"),
        ("13", "Provence-Alpes-Côte d'Azur", "Aix-Marseille"),
        ("83", "Provence-Alpes-Côte d'Azur", "Nice"),
        ("37", "Centre-Val de Loire", "Orléans-Tours"),
        ("63", "Auvergne-Rhône-Alpes", "Clermont-Ferrand"),
        ("2A", "Corse", "Corse"),
        ("971", "Guadeloupe", "Guadeloupe"),
        ("976", "Mayotte", "Mayotte"),
    ],
)
def test_region_and_academie(code: str, region: str, academie: str) -> None:
    assert DEPARTEMENTS[code].region == region
    assert DEPARTEMENTS[code].academie == academie


@pytest.mark.parametrize(
    ("code", "zone"),
    [
        ("59", "B"),  # Lille
        ("80", "B"),  # Amiens
        ("09", "C"),  # Foix, académie de Toulouse
        ("75", "C"),  # Paris
        ("77", "C"),  # Créteil
        ("93", "C"),
        ("94", "C"),
        ("78", "C"),  # Versailles
        ("91", "C"),
        ("92", "C"),
        ("95", "C"),
        ("69", "A"),  # Lyon
        ("33", "A"),  # Bordeaux
        ("21", "A"),  # Dijon
        ("14", "B"),  # Normandie (former Caen)
        ("76", "B"),  # Normandie (former Rouen)
        ("2A", "Corse"),
        ("2B", "Corse"),
        ("971", "Guadeloupe"),
        ("972", "Martinique"),
        ("973", "Guyane"),
        ("974", "La Réunion"),
        ("976", "Mayotte"),
    ],
)
def test_school_zone(code: str, zone: str) -> None:
    assert DEPARTEMENTS[code].school_zone == zone


def test_metropolitan_departements_are_in_zones_a_b_c() -> None:
    for code, dep in DEPARTEMENTS.items():
        if code in {"2A", "2B"} or len(code) == 3:
            assert dep.school_zone not in METROPOLITAN_SCHOOL_ZONES
        else:
            assert dep.school_zone in METROPOLITAN_SCHOOL_ZONES


def test_school_zones_match_vacances_scolaires_france() -> None:
    vsf = pytest.importorskip("vacances_scolaires_france")
    assert set(vsf.SchoolHolidayDates.SUPPORTED_ZONES) == METROPOLITAN_SCHOOL_ZONES


# normalise_departement / get_departement.


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", "01"),
        ("01", "01"),
        ("9", "09"),
        ("2a", "2A"),
        ("2B", "2B"),
        (" 75 ", "75"),
        ("971", "971"),
        ("976", "976"),
    ],
)
def test_normalise_departement(raw: str, expected: str) -> None:
    assert normalise_departement(raw) == expected


def test_normalise_departement_accepts_every_code() -> None:
    for code in DEPARTEMENTS:
        assert normalise_departement(code) == code
        assert normalise_departement(code.lower()) == code


@pytest.mark.parametrize("raw", ["99", "20", "00", "0", "", " ", "96", "975", "977", "2C", "7 5"])
def test_normalise_departement_rejects_unknown(raw: str) -> None:
    with pytest.raises(ValueError, match="département"):
        normalise_departement(raw)


def test_normalise_departement_explains_corsica() -> None:
    with pytest.raises(ValueError, match="2A"):
        normalise_departement("20")


def test_get_departement() -> None:
    assert get_departement(" 2a ").name == "Corse-du-Sud"
    with pytest.raises(ValueError):
        get_departement("99")


# departement_from_insee.


@pytest.mark.parametrize(
    ("insee", "expected"),
    [
        ("01001", "01"),
        ("59350", "59"),
        ("2A004", "2A"),
        ("2a004", "2A"),
        ("2B033", "2B"),
        ("97105", "971"),
        ("97209", "972"),
        ("97302", "973"),
        ("97411", "974"),
        ("97611", "976"),
        ("75056", "75"),
        ("75101", "75"),
        ("75120", "75"),
        ("69381", "69"),
        ("69123", "69"),
        ("13201", "13"),
        ("13216", "13"),
        (" 80021 ", "80"),
    ],
)
def test_departement_from_insee(insee: str, expected: str) -> None:
    assert departement_from_insee(insee) == expected


@pytest.mark.parametrize(
    "insee",
    [
        "",
        "5935",
        "593500",
        "5935A",
        "2C004",
        "20004",  # Corsica has used 2A/2B since 1976
        "00001",
        "96001",
        "97501",  # Saint-Pierre-et-Miquelon
        "97701",  # Saint-Barthélemy
        "98735",  # French Polynesia
        "59000",  # commune number zero
        "97100",
        "75 56",
    ],
)
def test_departement_from_insee_rejects_malformed(insee: str) -> None:
    with pytest.raises(ValueError, match="INSEE"):
        departement_from_insee(insee)


# departement_from_postcode.


@pytest.mark.parametrize(
    ("postcode", "expected"),
    [
        ("59000", "59"),
        ("80000", "80"),
        ("09000", "09"),
        ("01000", "01"),
        ("75001", "75"),
        ("75116", "75"),
        ("93200", "93"),
        ("20000", "2A"),
        ("20090", "2A"),
        ("20100", "2A"),
        ("20167", "2A"),
        ("20200", "2B"),
        ("20290", "2B"),
        ("20600", "2B"),
        ("20620", "2B"),
        ("97100", "971"),
        ("97200", "972"),
        ("97300", "973"),
        ("97400", "974"),
        ("97600", "976"),
        (" 69001 ", "69"),
    ],
)
def test_departement_from_postcode(postcode: str, expected: str) -> None:
    assert departement_from_postcode(postcode) == expected


@pytest.mark.parametrize(
    "postcode",
    [
        "",
        "5900",
        "590000",
        "59 00",
        "2A000",
        "abcde",
        "00100",
        "20300",
        "96000",
        "97500",  # Saint-Pierre-et-Miquelon
        "97133",  # Saint-Barthélemy
        "97150",  # Saint-Martin
        "98000",  # Monaco
        "98800",  # New Caledonia
        "99999",
    ],
)
def test_departement_from_postcode_rejects(postcode: str) -> None:
    with pytest.raises(ValueError, match="[Pp]ostcode"):
        departement_from_postcode(postcode)


# Alsace-Moselle and public holidays.


def test_is_alsace_moselle() -> None:
    assert {code for code in DEPARTEMENTS if is_alsace_moselle(code)} == {"57", "67", "68"}
    assert is_alsace_moselle(" 67")
    with pytest.raises(ValueError):
        is_alsace_moselle("99")


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("57", "57"),
        ("67", "6AE"),
        ("68", "6AE"),
        ("971", "971"),
        ("972", "972"),
        ("973", "973"),
        ("974", "974"),
        ("976", "976"),
        ("59", None),
        ("75", None),
        ("2A", None),
        ("54", None),
    ],
)
def test_holiday_subdivision(code: str, expected: str | None) -> None:
    assert holiday_subdivision(code) == expected


def test_holiday_subdivision_rejects_unknown() -> None:
    with pytest.raises(ValueError):
        holiday_subdivision("20")


def test_holiday_subdivisions_are_accepted_by_holidays() -> None:
    holidays = pytest.importorskip("holidays")
    subdivisions = {holiday_subdivision(code) for code in DEPARTEMENTS}
    subdivisions.discard(None)
    for subdiv in subdivisions:
        assert subdiv in holidays.France.subdivisions
        # Fails loudly (NotImplementedError) on an unknown subdivision.
        calendar = holidays.France(subdiv=subdiv, years=2025)
        assert len(calendar) > len(holidays.France(years=2025))


def test_alsace_moselle_holidays() -> None:
    holidays = pytest.importorskip("holidays")
    for code in ("57", "67", "68"):
        calendar = holidays.France(subdiv=holiday_subdivision(code), years=2025)
        assert datetime.date(2025, 4, 18) in calendar  # Good Friday
        assert datetime.date(2025, 12, 26) in calendar  # Saint Stephen's Day
    national = holidays.France(subdiv=holiday_subdivision("59"), years=2025)
    assert datetime.date(2025, 12, 26) not in national


def test_school_zones_match_holidays_school_subdivisions() -> None:
    holidays = pytest.importorskip("holidays")
    if "school" not in getattr(holidays.France, "supported_categories", ()):
        pytest.skip("this version of holidays has no school holidays for France")
    for zone in METROPOLITAN_SCHOOL_ZONES:
        assert f"Zone {zone}" in holidays.France.subdivisions
