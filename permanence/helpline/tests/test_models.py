"""The call sheet is anonymous by construction; the helpers it relies on."""

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from permanence.helpline import frformat, territory
from permanence.helpline.anonymity import ANONYMITY_MESSAGE, contains_contact
from permanence.helpline.models import CallSheet
from permanence.helpline.vocab import OriginRegion, region_for_nationality

TEXT_FIELDS = {
    "caller_type": 12,
    "caller_gender": 7,
    "professional_kind": 25,
    "departement": 3,
    "origin_region": 16,
    "language": 2,
    "answer": 11,
    "referral": 120,
}


def test_call_sheet_has_no_column_that_can_hold_a_name_a_number_or_an_address():
    text_fields = {
        field.name: field
        for field in CallSheet._meta.get_fields()
        if isinstance(field, models.CharField | models.TextField)
    }
    assert set(text_fields) == set(TEXT_FIELDS)
    for name, field in text_fields.items():
        assert not isinstance(field, models.TextField), name
        assert field.max_length <= TEXT_FIELDS[name], name
    free_texts = {name for name, field in text_fields.items() if not field.choices}
    assert free_texts == {"departement", "language", "referral"}
    # Only the referral is free text; codes are at most three characters.
    assert text_fields["departement"].max_length == 3 and text_fields["language"].max_length == 2


def test_topics_hold_codes_only(helpline_org):
    sheet = CallSheet(
        organisation=helpline_org,
        called_at=timezone.now(),
        caller_type="individual",
        topics=["sejour", "Mohammed Diallo"],
    )
    with pytest.raises(ValidationError) as error:
        sheet.full_clean()
    assert "topics" in error.value.message_dict


@pytest.mark.parametrize(
    "text",
    [
        "Rappeler au 06 12 34 56 78",
        "+44 20 7946 0958",
        "0612345678",
        "écrire à jean.dupont@example.org",
        "dossier 7503123456",
    ],
)
def test_referral_with_a_phone_number_or_an_e_mail_is_refused(helpline_org, text):
    sheet = CallSheet(
        organisation=helpline_org,
        called_at=timezone.now(),
        caller_type="individual",
        referral=text,
    )
    with pytest.raises(ValidationError) as error:
        sheet.full_clean()
    assert error.value.message_dict["referral"] == [str(ANONYMITY_MESSAGE)]


@pytest.mark.parametrize(
    "text", ["Cimade Lille", "Orienté vers le 115", "Avocat, permanence du barreau", "CAF 93"]
)
def test_referral_without_contact_details_is_accepted(text):
    assert not contains_contact(text)


def test_professional_needs_a_kind_and_no_gender(helpline_org):
    sheet = CallSheet(
        organisation=helpline_org,
        called_at=timezone.now(),
        caller_type="professional",
        caller_gender="man",
    )
    with pytest.raises(ValidationError) as error:
        sheet.full_clean()
    assert "professional_kind" in error.value.message_dict


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("93", "93"),
        ("Seine-Saint-Denis", "93"),
        ("seine saint denis", "93"),
        ("75011", "75"),
        ("75111", "75"),
        ("Paris 18e", "75"),
        ("2a", "2A"),
        ("1", "01"),
        ("971", "971"),
        ("la Réunion", "974"),
        ("Val-d'Oise", "95"),
        ("20000", "2A"),
        ("", ""),
    ],
)
def test_departement_is_typed_as_code_postcode_or_name(typed, code):
    assert territory.parse_departement(typed) == code


@pytest.mark.parametrize("typed", ["99", "20", "Atlantide", "975", "00000"])
def test_unknown_departement_is_refused(typed):
    with pytest.raises(ValueError):
        territory.parse_departement(typed)


@pytest.mark.parametrize(
    ("code", "phrase"),
    [
        ("93", "la Seine-Saint-Denis"),
        ("94", "le Val-de-Marne"),
        ("59", "le Nord"),
        ("91", "l’Essonne"),
        ("75", "Paris"),
        ("78", "les Yvelines"),
        ("92", "les Hauts-de-Seine"),
        ("34", "l’Hérault"),
        ("31", "la Haute-Garonne"),
        ("29", "le Finistère"),
        ("69", "le Rhône"),
        ("95", "le Val-d’Oise"),
        ("974", "La Réunion"),
        ("976", "Mayotte"),
        ("90", "le Territoire de Belfort"),
        ("13", "les Bouches-du-Rhône"),
    ],
)
def test_departement_takes_its_french_article(code, phrase):
    assert territory.with_article(territory.departement_name(code)) == phrase


def test_de_contracts_with_the_article():
    assert territory.with_de("Val-de-Marne") == "du Val-de-Marne"
    assert territory.with_de("Yvelines") == "des Yvelines"
    assert territory.with_de("Paris") == "de Paris"
    assert territory.with_de("Essonne") == "de l’Essonne"


def test_french_number_formatting():
    assert frformat.number(6461) == "6\u202f461"
    assert frformat.number(1234567) == "1\u202f234\u202f567"
    assert frformat.percent(682 / 6461, 2) == "10,56\u00a0%"
    assert frformat.percent(34000 / 190700) == "18\u00a0%"
    assert frformat.euros(34000) == "34\u202f000\u00a0€"
    assert frformat.euros(12.5) == "12,50\u00a0€"
    assert frformat.ordinal_feminine(3) == "troisième"


@pytest.mark.parametrize(
    ("code", "region"),
    [
        ("ML", OriginRegion.AFRICA),
        ("dz", OriginRegion.MAGHREB),
        ("MAR", OriginRegion.MAGHREB),
        ("RO", OriginRegion.EUROPE_EU),
        ("UA", OriginRegion.EUROPE_NON_EU),
        ("AF", OriginRegion.ASIA),
        ("SY", OriginRegion.MIDDLE_EAST),
        ("HT", OriginRegion.LATIN_AMERICA),
        ("US", OriginRegion.NORTH_AMERICA),
        ("VU", OriginRegion.OCEANIA),
        ("ZZ", OriginRegion.UNKNOWN),
        ("", OriginRegion.UNKNOWN),
    ],
)
def test_nationality_maps_to_a_region(code, region):
    assert region_for_nationality(code) == region


def test_every_inhabited_country_has_a_region():
    import pycountry

    uninhabited = {"AQ", "BV", "HM", "TF", "GS"}
    missing = [
        c.alpha_2
        for c in pycountry.countries
        if c.alpha_2 not in uninhabited
        and region_for_nationality(c.alpha_2) == OriginRegion.UNKNOWN
    ]
    assert missing == []
