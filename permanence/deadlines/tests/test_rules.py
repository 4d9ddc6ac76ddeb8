"""The shipped rules file, its validation and the lookup of the rule for a decision."""

import copy
import json
from datetime import date

import pytest

from permanence.cases.models import PersonSituation
from permanence.cases.vocab import DecisionType
from permanence.deadlines.rules import (
    DECISIONS,
    EXTRA_DECISIONS,
    RULES_PATH,
    SITUATIONS,
    NoRule,
    RulesError,
    default_rules,
    find_rule,
    load_rules,
    parse_rule,
    parse_ruleset,
)


@pytest.fixture
def data():
    return json.loads(RULES_PATH.read_text(encoding="utf-8"))


def rule_data(data, code):
    return next(item for item in data["rules"] if item["code"] == code)


# --- The shipped file.


def test_shipped_file_is_versioned_and_valid():
    rules = load_rules()
    assert rules.version == "1"
    assert rules.verified_on == date(2026, 11, 24)
    assert len(rules) >= 18


def test_situations_are_those_of_the_cases_app():
    assert set(SITUATIONS) == set(PersonSituation.values)


def test_decisions_are_those_of_the_cases_vocabulary_plus_implicit_refusal():
    assert set(DECISIONS) == set(DecisionType.values) | set(EXTRA_DECISIONS)
    assert {rule.decision for rule in default_rules()} <= set(DECISIONS)


def test_a_recours_gracieux_never_extends_oqtf_dublin_or_cnda_deadlines():
    for rule in default_rules():
        if rule.decision in {"oqtf", "dublin-transfer", "ofpra-rejection", "cnda-rejection"}:
            assert rule.gracieux_extends is False, rule.code
    assert default_rules().get("residence-refusal").gracieux_extends is True


def test_low_confidence_rules_carry_a_warning_to_check_with_a_lawyer():
    lows = [rule for rule in default_rules() if rule.confidence == "low"]
    assert {rule.code for rule in lows} == {"dublin-house-arrest", "oqtf-free-before-2024"}
    for rule in lows:
        assert rule.warning_fr.startswith("À vérifier avec un·e juriste : ")
        assert rule.warning_en
        assert rule.needs_check


def test_no_unverified_fact_is_shipped():
    rules = default_rules()
    assert all(rule.confidence in {"high", "medium", "low"} for rule in rules)
    # AME refusals and CNDA decisions have no verified deadline: no rule, on purpose.
    assert not [rule for rule in rules if rule.decision in {"cnda-rejection"}]
    with pytest.raises(NoRule, match="nos sources ne sont pas assez sûres"):
        find_rule("cnda-rejection", "free", date(2026, 3, 1))


def test_every_rule_has_sources_articles_and_a_verification_date():
    for rule in default_rules():
        assert rule.sources and all(url.startswith(("https://", "http://")) for url in rule.sources)
        assert rule.articles
        assert rule.last_verified <= date(2026, 11, 24)
        assert rule.notes_fr and rule.notes_en


def test_hour_rules_are_never_extended_and_have_no_distance_extension():
    for rule in default_rules():
        if rule.hourly:
            assert not rule.extend_to_working_day
            assert rule.overseas_extra is None


def test_rules_round_trip_to_their_json():
    data = json.loads(RULES_PATH.read_text(encoding="utf-8"))
    assert [rule.as_dict() for rule in default_rules()] == data["rules"]


# --- Lookup.


@pytest.mark.parametrize(
    ("decision", "situation", "taken", "code"),
    [
        ("oqtf", "free", date(2026, 3, 1), "oqtf-free"),
        ("oqtf", "house-arrest", date(2026, 3, 1), "oqtf-restricted"),
        ("oqtf", "prison", date(2026, 3, 1), "oqtf-restricted"),
        ("oqtf", "retention", date(2026, 3, 1), "oqtf-retention"),
        ("oqtf", "free", date(2024, 7, 14), "oqtf-free-before-2024"),
        ("oqtf", "free", date(2024, 7, 15), "oqtf-free"),
        ("oqtf", "retention", date(2024, 7, 14), "oqtf-restricted-before-2024"),
        ("irtf-extension", "free", date(2026, 3, 1), "irtf-extension"),
        ("irtf-extension", "retention", date(2026, 3, 1), "irtf-extension-retention"),
        ("dublin-transfer", "free", date(2026, 3, 1), "dublin-free"),
        ("dublin-transfer", "free", date(2023, 3, 1), "dublin-free-before-2024"),
        ("dublin-transfer", "house-arrest", date(2026, 3, 1), "dublin-house-arrest"),
        ("dublin-transfer", "retention", date(2026, 3, 1), "dublin-retention"),
        ("ofpra-rejection", "free", date(2020, 3, 1), "ofpra-rejection-cnda"),
        ("residence-refusal", "prison", date(2026, 3, 1), "residence-refusal"),
        ("residence-implicit-refusal", "free", date(2026, 3, 1), "residence-implicit-refusal"),
        ("house-arrest", "house-arrest", date(2026, 3, 1), "house-arrest"),
        ("retention-placement", "retention", date(2026, 3, 1), "retention-placement"),
        ("cpam-decision", "free", date(2026, 3, 1), "cpam-decision"),
    ],
)
def test_find_rule(decision, situation, taken, code):
    assert find_rule(decision, situation, taken).code == code


def test_regime_depends_on_the_date_the_decision_was_taken():
    assert find_rule("dublin-transfer", "free", date(2024, 7, 14)).duration.value == 15
    assert find_rule("dublin-transfer", "free", date(2024, 7, 15)).duration.value == 7


@pytest.mark.parametrize(
    ("decision", "situation", "message"),
    [
        ("favourable", "free", "Aucun délai n’est calculé"),
        ("other", "free", "Aucun délai n’est calculé"),
        ("oqtf", "", "Indiquez la situation de la personne"),
        ("oqtf", None, "Indiquez la situation de la personne"),
        ("oqtf", "jail", "Situation « jail » inconnue"),
        ("ame-refusal", "free", "Type de décision « ame-refusal » inconnu"),
        ("dublin-transfer", "prison", "situations couvertes : assignée à résidence"),
        ("retention-placement", "free", "Demandez sans attendre l’avis d’un·e juriste"),
    ],
)
def test_no_rule_explains_in_french(decision, situation, message):
    with pytest.raises(NoRule, match=message):
        find_rule(decision, situation, date(2026, 3, 1))


def test_no_old_regime_rule_for_retention_placement():
    with pytest.raises(NoRule, match="prise avant le 15/07/2024"):
        find_rule("retention-placement", "retention", date(2024, 7, 1))


# --- Validation: every error names the rule and the field.


def _mutated(data, code, **changes):
    data = copy.deepcopy(data)
    item = rule_data(data, code)
    for key, value in changes.items():
        if value is ...:
            del item[key]
        else:
            item[key] = value
    return data


@pytest.mark.parametrize(
    ("code", "changes", "field", "message"),
    [
        ("oqtf-free", {"durée": 1}, "durée", "champ inconnu"),
        ("oqtf-free", {"where": ...}, "where", "champ obligatoire absent"),
        ("oqtf-free", {"decision": "oqtf-x"}, "decision", "valeur 'oqtf-x' inconnue"),
        ("oqtf-free", {"situations": ["free", "jail"]}, "situations", "'jail' inconnue"),
        ("oqtf-free", {"situations": []}, "situations", "liste non vide"),
        ("oqtf-free", {"regime": "2024"}, "regime", "valeur '2024' inconnue"),
        ("oqtf-free", {"duration": {"value": 0, "unit": "months"}}, "duration.value", "entier"),
        ("oqtf-free", {"duration": {"value": 1, "unit": "weeks"}}, "duration.unit", "'weeks'"),
        ("oqtf-free", {"duration": {"value": 48, "unit": "hours"}}, "duration.unit", "'hours'"),
        ("oqtf-free", {"duration": 30}, "duration", "objet"),
        ("oqtf-free", {"counting": "civil"}, "counting", "valeur 'civil' inconnue"),
        ("oqtf-free", {"extend_to_working_day": "yes"}, "extend_to_working_day", "true ou false"),
        ("oqtf-retention", {"extend_to_working_day": True}, "extend_to_working_day", "heure"),
        ("oqtf-free", {"gracieux_extends": True}, "gracieux_extends", "ne prolonge jamais"),
        ("dublin-free", {"gracieux_extends": True}, "gracieux_extends", "ne prolonge jamais"),
        ("ofpra-rejection-cnda", {"gracieux_extends": True}, "gracieux_extends", "jamais"),
        ("oqtf-free", {"suspensive": "oui"}, "suspensive", "true, false ou null"),
        ("oqtf-free", {"confidence": "unverified"}, "confidence", "ne doit pas être livrée"),
        ("oqtf-free", {"confidence": "low"}, "warning_fr", "À vérifier avec un·e juriste"),
        ("oqtf-free", {"warning_en": ...}, "warning_en", "en français et en anglais"),
        ("oqtf-free", {"sources": ["infomie.net"]}, "sources", "n’est pas une adresse"),
        ("oqtf-free", {"sources": []}, "sources", "liste non vide"),
        ("oqtf-free", {"articles": ["L614-1", "L614-1"]}, "articles", "doublons"),
        ("oqtf-free", {"last_verified": "24/11/2026"}, "last_verified", "AAAA-MM-JJ"),
        ("oqtf-free", {"notes_fr": " "}, "notes_fr", "ne doit pas être vide"),
        ("oqtf-free", {"starts": "filing"}, "implicit_after", "obligatoire"),
        (
            "oqtf-free",
            {"implicit_after": {"value": 4, "unit": "months"}},
            "implicit_after",
            "réservé",
        ),
        (
            "oqtf-retention",
            {"overseas_extra": {"value": 1, "unit": "months"}},
            "overseas_extra",
            "pas de délai de distance",
        ),
    ],
)
def test_invalid_rules_are_refused_naming_rule_and_field(data, code, changes, field, message):
    with pytest.raises(RulesError) as excinfo:
        parse_ruleset(_mutated(data, code, **changes))
    text = str(excinfo.value)
    assert f"Règle « {code} », champ « {field} »" in text
    assert message in text


def test_overlapping_rules_are_refused(data):
    broken = _mutated(data, "oqtf-restricted", situations=["free", "prison"])
    with pytest.raises(RulesError, match="chevauche la règle « oqtf-free »"):
        parse_ruleset(broken)


def test_a_rule_for_any_regime_overlaps_both_regimes(data):
    broken = _mutated(data, "dublin-free", regime="any")
    with pytest.raises(RulesError, match="chevauche"):
        parse_ruleset(broken)


def test_duplicate_codes_are_refused(data):
    broken = copy.deepcopy(data)
    broken["rules"].append(copy.deepcopy(rule_data(data, "cpam-decision")))
    with pytest.raises(RulesError, match="Règle « cpam-decision », champ « code » : deux règles"):
        parse_ruleset(broken)


def test_bad_codes_are_refused(data):
    with pytest.raises(RulesError, match="Règle n° 1, champ « code »"):
        parse_rule({**rule_data(data, "oqtf-free"), "code": "OQTF free"}, position=0)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"version": None}, "« version »"),
        ({"verified_on": "hier"}, "verified_on"),
        ({"rules": {}}, "« rules » : une liste"),
        ({"rules": []}, "aucune règle"),
        ({"author": "x"}, "« author » : champ inconnu"),
    ],
)
def test_invalid_files_are_refused(data, change, message):
    with pytest.raises(RulesError, match=message):
        parse_ruleset({**data, **change})


def test_invalid_json_is_reported_with_its_line(tmp_path):
    path = tmp_path / "rules.json"
    path.write_text('{"version": 1,\n "rules": [,]}', encoding="utf-8")
    with pytest.raises(RulesError, match="JSON invalide ligne 2"):
        load_rules(path)


def test_missing_file_is_reported(tmp_path):
    with pytest.raises(RulesError, match="illisible"):
        load_rules(tmp_path / "absent.json")
