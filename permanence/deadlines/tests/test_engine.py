"""Worked deadline cases (checked by hand against a calendar) and input validation."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from permanence.deadlines.engine import DeadlineInputError, compute
from permanence.deadlines.rules import default_rules, find_rule

# A fixed "today" so that the table does not expire (dates up to a year later are accepted).
TODAY = date(2027, 6, 1)
PARIS = ZoneInfo("Europe/Paris")


def paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS)


def run(decision, situation, taken, notified, departement="75", overseas=False):
    rule = find_rule(decision, situation, taken)
    return compute(
        rule=rule,
        taken_on=taken,
        notified=notified,
        departement=departement,
        overseas=overseas,
        today=TODAY,
    )


D = date
# fmt: off
# (what it shows, decision, situation, taken on, notified, département, overseas,
#  expected rule, safe deadline, legal deadline)
WORKED_CASES = [
    (
        "OQTF, free: 15 March → aim 15 April, franc → 16 April",
        "oqtf", "free", D(2026, 3, 10), D(2026, 3, 15), "75", False,
        "oqtf-free", D(2026, 4, 15), D(2026, 4, 16),
    ),
    (
        "31 January + 1 month → 28 February; franc 1 March is a Sunday → Monday 2 March",
        "oqtf", "free", D(2026, 1, 20), D(2026, 1, 31), "59", False,
        "oqtf-free", D(2026, 2, 28), D(2026, 3, 2),
    ),
    (
        "leap year: 31 January 2028 + 1 month → 29 February",
        "oqtf", "free", D(2028, 1, 20), D(2028, 1, 31), "59", False,
        "oqtf-free", D(2028, 2, 29), D(2028, 3, 1),
    ),
    (
        "Moselle: franc day on Good Friday, then weekend and Easter Monday → Tuesday",
        "oqtf", "free", D(2026, 3, 1), D(2026, 3, 2), "57", False,
        "oqtf-free", D(2026, 4, 2), D(2026, 4, 7),
    ),
    (
        "Bas-Rhin: Good Friday too",
        "oqtf", "free", D(2026, 3, 1), D(2026, 3, 2), "67", False,
        "oqtf-free", D(2026, 4, 2), D(2026, 4, 7),
    ),
    (
        "Paris: Good Friday is a working day",
        "oqtf", "free", D(2026, 3, 1), D(2026, 3, 2), "75", False,
        "oqtf-free", D(2026, 4, 2), D(2026, 4, 3),
    ),
    (
        "Mayotte: franc day on 27 April (abolition of slavery) → 28 April",
        "oqtf", "free", D(2026, 3, 20), D(2026, 3, 26), "976", False,
        "oqtf-free", D(2026, 4, 26), D(2026, 4, 28),
    ),
    (
        "Paris: 27 April is a Monday like any other",
        "oqtf", "free", D(2026, 3, 20), D(2026, 3, 26), "75", False,
        "oqtf-free", D(2026, 4, 26), D(2026, 4, 27),
    ),
    (
        "first day of the new regime (decision taken 15/07/2024): 1 month",
        "oqtf", "free", D(2024, 7, 15), D(2024, 7, 16), "75", False,
        "oqtf-free", D(2024, 8, 16), D(2024, 8, 19),
    ),
    (
        "old regime (decision taken 10/07/2024): 30 days, last day a Sunday → Monday",
        "oqtf", "free", D(2024, 7, 10), D(2024, 7, 12), "75", False,
        "oqtf-free-before-2024", D(2024, 8, 11), D(2024, 8, 12),
    ),
    (
        "OQTF + house arrest: 7 days, not franc",
        "oqtf", "house-arrest", D(2026, 3, 12), D(2026, 3, 16), "13", False,
        "oqtf-restricted", D(2026, 3, 23), D(2026, 3, 23),
    ),
    (
        "OQTF in prison: 7th day a Sunday → Monday",
        "oqtf", "prison", D(2026, 3, 12), D(2026, 3, 15), "13", False,
        "oqtf-restricted", D(2026, 3, 22), D(2026, 3, 23),
    ),
    (
        "OQTF + house arrest: 7th day on Easter Monday → Tuesday",
        "oqtf", "house-arrest", D(2026, 3, 30), D(2026, 3, 30), "69", False,
        "oqtf-restricted", D(2026, 4, 6), D(2026, 4, 7),
    ),
    (
        "Dublin, free: 7 days, 7th day on Ascension Thursday → Friday",
        "dublin-transfer", "free", D(2026, 5, 4), D(2026, 5, 7), "35", False,
        "dublin-free", D(2026, 5, 14), D(2026, 5, 15),
    ),
    (
        "Dublin, free: 7 days on a Wednesday, nothing to move",
        "dublin-transfer", "free", D(2026, 5, 4), D(2026, 5, 6), "35", False,
        "dublin-free", D(2026, 5, 13), D(2026, 5, 13),
    ),
    (
        "Dublin, old regime: 15 days, not franc",
        "dublin-transfer", "free", D(2024, 6, 1), D(2024, 6, 10), "75", False,
        "dublin-free-before-2024", D(2024, 6, 25), D(2024, 6, 25),
    ),
    (
        "Dublin, old regime: 15th day a Sunday → Monday",
        "dublin-transfer", "free", D(2024, 5, 30), D(2024, 6, 1), "75", False,
        "dublin-free-before-2024", D(2024, 6, 16), D(2024, 6, 17),
    ),
    (
        "OFPRA rejection → CNDA: 1 month, franc",
        "ofpra-rejection", "free", D(2026, 3, 1), D(2026, 3, 15), "93", False,
        "ofpra-rejection-cnda", D(2026, 4, 15), D(2026, 4, 16),
    ),
    (
        "CNDA from Réunion: +1 month of distance on the legal date only (31/01 + 2 months)",
        "ofpra-rejection", "free", D(2026, 1, 10), D(2026, 1, 31), "974", True,
        "ofpra-rejection-cnda", D(2026, 2, 28), D(2026, 4, 1),
    ),
    (
        "CNDA from Guyane: +1 month, franc day a Saturday → Monday",
        "ofpra-rejection", "free", D(2026, 3, 1), D(2026, 3, 15), "973", True,
        "ofpra-rejection-cnda", D(2026, 4, 15), D(2026, 5, 18),
    ),
    (
        "residence refusal: 2 months, franc day on Christmas, then the weekend → 28/12",
        "residence-refusal", "free", D(2026, 10, 20), D(2026, 10, 24), "75", False,
        "residence-refusal", D(2026, 12, 24), D(2026, 12, 28),
    ),
    (
        "Haut-Rhin: 26 December is a holiday too → 29/12/2025",
        "residence-refusal", "free", D(2025, 10, 20), D(2025, 10, 24), "68", False,
        "residence-refusal", D(2025, 12, 24), D(2025, 12, 29),
    ),
    (
        "Paris: 26 December 2025 is a working Friday",
        "residence-refusal", "free", D(2025, 10, 20), D(2025, 10, 24), "75", False,
        "residence-refusal", D(2025, 12, 24), D(2025, 12, 26),
    ),
    (
        "no département: national holidays only",
        "residence-refusal", "free", D(2025, 10, 20), D(2025, 10, 24), None, False,
        "residence-refusal", D(2025, 12, 24), D(2025, 12, 26),
    ),
    (
        "residence refusal from Guadeloupe with distance: 31/01 + 3 months, 1 May, weekend",
        "residence-refusal", "free", D(2026, 1, 20), D(2026, 1, 31), "971", True,
        "residence-refusal", D(2026, 3, 31), D(2026, 5, 4),
    ),
    (
        "implicit refusal: filed 10/01, refused 10/05, aim 10/07, franc 11/07 Saturday → 13/07",
        "residence-implicit-refusal", "free", D(2026, 1, 10), D(2026, 1, 10), "75", False,
        "residence-implicit-refusal", D(2026, 7, 10), D(2026, 7, 13),
    ),
    (
        "implicit refusal: filed 31/10, refused 28/02 (end of month), aim 28/04",
        "residence-implicit-refusal", "free", D(2025, 10, 31), D(2025, 10, 31), "75", False,
        "residence-implicit-refusal", D(2026, 4, 28), D(2026, 4, 29),
    ),
    (
        "IRTF extension: 7th day on 14 July → 15 July",
        "irtf-extension", "free", D(2026, 7, 6), D(2026, 7, 7), "31", False,
        "irtf-extension", D(2026, 7, 14), D(2026, 7, 15),
    ),
    (
        "house arrest: 7th day on 8 May (Friday), then weekend → Monday 11 May",
        "house-arrest", "house-arrest", D(2026, 5, 1), D(2026, 5, 1), "59", False,
        "house-arrest", D(2026, 5, 8), D(2026, 5, 11),
    ),
    (
        "CPAM: 2 months, not franc, 15 August on a Saturday → Monday 17",
        "cpam-decision", "free", D(2026, 6, 10), D(2026, 6, 15), "80", False,
        "cpam-decision", D(2026, 8, 15), D(2026, 8, 17),
    ),
    (
        "CPAM in Guadeloupe: 27 May (abolition of slavery) → 28 May",
        "cpam-decision", "free", D(2026, 3, 20), D(2026, 3, 27), "971", False,
        "cpam-decision", D(2026, 5, 27), D(2026, 5, 28),
    ),
    (
        "CPAM in Paris: 27 May is a Wednesday",
        "cpam-decision", "free", D(2026, 3, 20), D(2026, 3, 27), "75", False,
        "cpam-decision", D(2026, 5, 27), D(2026, 5, 27),
    ),
]

P = paris
HOUR_CASES = [
    (
        "48 hours from Friday 18:00 → Sunday 18:00, not extended",
        "oqtf", "retention", D(2026, 3, 10), P(2026, 3, 13, 18, 0), "75",
        "oqtf-retention", P(2026, 3, 15, 18, 0),
    ),
    (
        "spring forward: Sunday 18:00 on the clock (47 real hours), the earlier",
        "oqtf", "retention", D(2026, 3, 10), P(2026, 3, 27, 18, 0), "75",
        "oqtf-retention", P(2026, 3, 29, 18, 0),
    ),
    (
        "spring forward: 02:30 on the clock does not exist that Sunday → 03:00",
        "oqtf", "retention", D(2026, 3, 10), P(2026, 3, 27, 2, 30), "75",
        "oqtf-retention", P(2026, 3, 29, 3, 0),
    ),
    (
        "fall back: 48 real hours end at 17:00 on the clock, the earlier",
        "oqtf", "retention", D(2026, 10, 20), P(2026, 10, 23, 18, 0), "75",
        "oqtf-retention", P(2026, 10, 25, 17, 0),
    ),
    (
        "Réunion: a naive 18:00 is Réunion time",
        "oqtf", "retention", D(2026, 3, 10), datetime(2026, 3, 13, 18, 0), "974",
        "oqtf-retention", datetime(2026, 3, 15, 18, 0, tzinfo=ZoneInfo("Indian/Reunion")),
    ),
    (
        "Dublin + rétention over Christmas: no extension",
        "dublin-transfer", "retention", D(2026, 12, 20), P(2026, 12, 24, 9, 30), "93",
        "dublin-retention", P(2026, 12, 26, 9, 30),
    ),
    (
        "Dublin + house arrest (low confidence): 48 hours",
        "dublin-transfer", "house-arrest", D(2026, 3, 10), P(2026, 3, 13, 10, 0), "93",
        "dublin-house-arrest", P(2026, 3, 15, 10, 0),
    ),
    (
        "IRTF extension in rétention: 48 hours across 14 July",
        "irtf-extension", "retention", D(2026, 7, 10), P(2026, 7, 13, 20, 0), "31",
        "irtf-extension-retention", P(2026, 7, 15, 20, 0),
    ),
    (
        "old regime, prison: 48 hours",
        "oqtf", "prison", D(2024, 3, 1), P(2024, 3, 1, 9, 0), "75",
        "oqtf-restricted-before-2024", P(2024, 3, 3, 9, 0),
    ),
    (
        "Dublin, old regime, rétention: 48 hours",
        "dublin-transfer", "retention", D(2024, 7, 1), P(2024, 7, 12, 16, 45), "93",
        "dublin-restricted-before-2024", P(2024, 7, 14, 16, 45),
    ),
    (
        "rétention placement: 4 days = 96 hours",
        "retention-placement", "retention", D(2026, 3, 13), P(2026, 3, 13, 18, 0), "77",
        "retention-placement", P(2026, 3, 17, 18, 0),
    ),
]
# fmt: on


@pytest.mark.parametrize(
    ("decision", "situation", "taken", "notified", "dep", "overseas", "code", "safe", "legal"),
    [case[1:] for case in WORKED_CASES],
    ids=[case[0] for case in WORKED_CASES],
)
def test_worked_day_cases(decision, situation, taken, notified, dep, overseas, code, safe, legal):
    result = run(decision, situation, taken, notified, dep, overseas)
    assert result.rule_code == code
    assert (result.safe_deadline, result.legal_deadline) == (safe, legal)
    assert not result.hourly


@pytest.mark.parametrize(
    ("decision", "situation", "taken", "notified", "dep", "code", "deadline"),
    [case[1:] for case in HOUR_CASES],
    ids=[case[0] for case in HOUR_CASES],
)
def test_worked_hour_cases(decision, situation, taken, notified, dep, code, deadline):
    result = run(decision, situation, taken, notified, dep)
    assert result.rule_code == code
    assert result.hourly
    assert result.safe_deadline == result.legal_deadline == deadline
    assert result.safe_deadline.utcoffset() == deadline.utcoffset()


def test_there_are_at_least_thirty_worked_cases():
    assert len(WORKED_CASES) + len(HOUR_CASES) >= 30


def test_every_shipped_rule_has_a_worked_case():
    covered = {case[7] for case in WORKED_CASES} | {case[6] for case in HOUR_CASES}
    assert covered == {rule.code for rule in default_rules()}


# --- Explanations.


def test_explanation_follows_the_count_in_french_and_english():
    result = run("oqtf", "free", D(2026, 3, 10), D(2026, 3, 15))
    assert "notifiée le dimanche 15/03/2026 → 1 mois → mercredi 15/04/2026" in (
        result.explanation_fr.lower()
    )
    assert "délai franc" in result.explanation_fr
    assert "→ jeudi 16/04/2026" in result.explanation_fr
    assert "Notified Sunday 15/03/2026 → 1 month → Wednesday 15/04/2026" in result.explanation_en
    assert "'franc' deadline" in result.explanation_en
    assert "ne prolonge PAS" in result.explanation_fr


def test_explanation_names_each_weekend_day_and_holiday_of_the_shift():
    result = run("residence-refusal", "free", D(2026, 10, 20), D(2026, 10, 24))
    assert (
        "le 25/12/2026 est férié (Noël), le 26/12/2026 est un samedi, le 27/12/2026 est un "
        "dimanche → lundi 28/12/2026"
    ) in result.explanation_fr
    assert "25/12/2026 is a public holiday (Christmas Day)" in result.explanation_en
    assert "formé dans le délai le conserve" in result.explanation_fr


def test_alsace_moselle_holidays_are_named():
    result = run("residence-refusal", "free", D(2025, 10, 20), D(2025, 10, 24), "68")
    assert "le 26/12/2025 est férié (Saint-Étienne)" in result.explanation_fr


def test_implicit_refusal_explains_the_date_the_refusal_is_born():
    result = run("residence-implicit-refusal", "free", D(2026, 1, 10), D(2026, 1, 10))
    assert result.implicit_decision_on == D(2026, 5, 10)
    assert "refus implicite né le dimanche 10/05/2026" in result.explanation_fr
    assert "implicit refusal born Sunday 10/05/2026" in result.explanation_en


def test_hour_deadline_explains_there_is_no_extension():
    result = run("oqtf", "retention", D(2026, 3, 10), paris(2026, 3, 13, 18, 0))
    assert "vendredi 13/03/2026 à 18:00" in result.explanation_fr
    assert "sans report pour week-end ni jour férié" in result.explanation_fr
    assert "dimanche 15/03/2026 à 18:00" in result.explanation_fr
    assert "Sunday 15/03/2026 at 18:00" in result.explanation_en


def test_daylight_saving_change_is_mentioned():
    result = run("oqtf", "retention", D(2026, 3, 10), paris(2026, 3, 27, 18, 0))
    assert "Changement d’heure" in result.explanation_fr


def test_overseas_distance_extension_is_explained():
    result = run("ofpra-rejection", "free", D(2026, 1, 10), D(2026, 1, 31), "974", True)
    assert "délai de distance outre-mer + 1 mois → mardi 31/03/2026" in result.explanation_fr
    assert "À viser : samedi 28/02/2026" in result.explanation_fr


def test_overseas_flag_without_distance_rule_says_none_is_added():
    result = run("oqtf", "free", D(2026, 3, 10), D(2026, 3, 15), "971", True)
    assert result.legal_deadline == D(2026, 4, 16)
    assert "Aucun délai de distance n’est ajouté" in result.explanation_fr
    assert "peut ne pas être suspensif" in result.explanation_fr


def test_overseas_departement_without_flag_mentions_the_possible_distance_extension():
    result = run("residence-refusal", "free", D(2026, 3, 10), D(2026, 3, 15), "972")
    assert "délai de distance de 1 mois peut s’ajouter" in result.explanation_fr


def test_missing_departement_is_mentioned():
    result = run("residence-refusal", "free", D(2026, 3, 10), D(2026, 3, 15), None)
    assert "seuls les jours fériés nationaux" in result.explanation_fr


# --- Confidence.


@pytest.mark.parametrize(
    ("decision", "situation", "taken", "notified"),
    [
        ("dublin-transfer", "house-arrest", D(2026, 3, 10), paris(2026, 3, 13, 10, 0)),
        ("oqtf", "free", D(2024, 7, 10), D(2024, 7, 12)),
    ],
)
def test_low_confidence_results_need_a_check_and_say_so(decision, situation, taken, notified):
    result = run(decision, situation, taken, notified)
    assert result.needs_check
    assert result.confidence == "low"
    assert result.warning_fr.startswith("À vérifier avec un·e juriste")
    assert "À vérifier avec un·e juriste" in result.explanation_fr


def test_dublin_house_arrest_warns_48_hours_to_check():
    result = run("dublin-transfer", "house-arrest", D(2026, 3, 10), paris(2026, 3, 13, 10, 0))
    assert "48 h — vérifier" in result.explanation_fr


def test_high_confidence_results_do_not_need_a_check():
    result = run("oqtf", "free", D(2026, 3, 10), D(2026, 3, 15))
    assert not result.needs_check
    assert result.confidence == "high"
    assert result.sources and all(url.startswith("http") for url in result.sources)


# --- Input handling.


def test_day_deadline_as_datetime_ends_at_local_midnight():
    result = run("oqtf", "free", D(2026, 3, 10), D(2026, 3, 15), "974")
    assert result.legal_deadline_at() == datetime(
        2026, 4, 16, 23, 59, 59, tzinfo=ZoneInfo("Indian/Reunion")
    )
    assert result.safe_deadline_at().date() == D(2026, 4, 15)


def test_notification_datetime_counts_in_local_time():
    # 23:30 UTC on 15 March is 00:30 on 16 March in Paris.
    result = run(
        "oqtf", "free", D(2026, 3, 10), datetime(2026, 3, 15, 23, 30, tzinfo=ZoneInfo("UTC"))
    )
    assert result.safe_deadline == D(2026, 4, 16)


@pytest.mark.parametrize("code", ["1", "01", " 57 ", "2a", "974"])
def test_departement_codes_are_normalised(code):
    run("oqtf", "free", D(2026, 3, 10), D(2026, 3, 15), code)


TAKEN = D(2026, 3, 10)
NOTIFIED = D(2026, 3, 15)


def _error(decision="oqtf", situation="free", taken=TAKEN, notified=NOTIFIED, departement="75"):
    rule = find_rule(decision, situation, TAKEN)
    with pytest.raises(DeadlineInputError) as excinfo:
        compute(rule=rule, taken_on=taken, notified=notified, departement=departement, today=TODAY)
    return excinfo.value


def test_notification_before_the_decision_is_refused():
    error = _error(notified=D(2026, 3, 9))
    assert error.field == "notified"
    assert "antérieure à la date de la décision" in str(error)


@pytest.mark.parametrize("field", ["taken_on", "notified"])
def test_dates_before_1950_are_refused(field):
    kwargs = {"taken": D(1850, 3, 10), "notified": D(1850, 3, 15)}
    if field == "notified":
        kwargs = {"taken": D(2026, 3, 10), "notified": D(1850, 3, 15)}
    error = _error(**kwargs)
    assert error.field == field
    assert "1950" in str(error)


def test_dates_more_than_a_year_ahead_are_refused():
    error = _error(notified=D(2028, 6, 2))
    assert error.field == "notified"
    assert "plus d’un an dans le futur" in str(error)
    # Exactly a year ahead is still accepted.
    rule = find_rule("oqtf", "free", D(2026, 3, 10))
    result = compute(
        rule=rule, taken_on=D(2026, 3, 10), notified=D(2028, 6, 1), departement="75", today=TODAY
    )
    assert result.safe_deadline == D(2028, 7, 1)


@pytest.mark.parametrize("code", ["20", "96", "975", "xx", "100"])
def test_unknown_departements_are_refused(code):
    error = _error(departement=code)
    assert error.field == "departement"
    assert f"Département « {code} » inconnu" in str(error)


def test_hour_rule_requires_a_time():
    error = _error(situation="retention", notified=D(2026, 3, 13))
    assert error.field == "notified"
    assert "indiquez aussi l’heure de la notification" in str(error)
    assert "2026-03-13T18:00" in str(error)


def test_rule_of_the_wrong_regime_is_refused():
    rule = find_rule("oqtf", "free", D(2024, 7, 1))
    with pytest.raises(DeadlineInputError) as excinfo:
        compute(
            rule=rule,
            taken_on=D(2026, 3, 10),
            notified=D(2026, 3, 15),
            departement="75",
            today=TODAY,
        )
    assert excinfo.value.field == "taken_on"
    assert "avant le 15/07/2024" in str(excinfo.value)


def test_non_date_input_is_refused():
    error = _error(notified="2026-03-15")
    assert error.field == "notified"


def test_today_defaults_to_the_real_date():
    rule = find_rule("oqtf", "free", D(2026, 3, 10))
    result = compute(rule=rule, taken_on=D(2026, 3, 10), notified=D(2026, 3, 15), departement="75")
    assert result.safe_deadline == D(2026, 4, 15)
