"""The demo year looks like the Info Migrants report of seed 003."""

from permanence.helpline.demo import allocate, seed_call_sheets, seed_report_budget
from permanence.helpline.models import CallSheet
from permanence.helpline.report import build_report
from permanence.helpline.tests.conftest import normalise


def test_demo_year_reproduces_the_figures_of_the_seed(helpline_org):
    written = seed_call_sheets(helpline_org, 2020, non_data=30)
    seed_report_budget(helpline_org, 2020)
    assert written == 6461 + 30
    text = normalise(build_report(organisation=helpline_org, year=2020).text)
    assert "En 2020, le service a traité 6 461 appels." in text
    assert "10,56 % des appels proviennent de Paris, soit 682." in text
    assert "troisième zone d'appel derrière la Seine-Saint-Denis et le Val-de-Marne." in text
    assert "pour Paris, 60 % des appelants sont des particuliers." in text
    assert "70 % émanent d'organismes" in text and "30 % d'associations" in text
    assert "44 % des appelants sont des hommes, 49 % des femmes et 7 % de couples." in text
    assert (
        "45 % des appels émanaient de personnes originaires d'Afrique, 23 % du Maghreb, 7 %" in text
    )
    assert "Montant sollicité : 34 000 € (soit 18 % du coût total du projet)." in text


def test_demo_is_idempotent_and_reproducible(helpline_org, other_helpline):
    seed_call_sheets(helpline_org, 2020, total=300, paris=40, seed=7)
    assert seed_call_sheets(helpline_org, 2020, total=300, paris=40, seed=7) == 0
    seed_call_sheets(other_helpline, 2020, total=300, paris=40, seed=7)

    def fingerprint(organisation):
        fields = ("called_at", "caller_type", "departement", "origin_region", "topics")
        return sorted(
            CallSheet.objects.filter(organisation=organisation).values_list(*fields), key=str
        )

    assert fingerprint(helpline_org) == fingerprint(other_helpline)
    assert seed_report_budget(helpline_org, 2020) == seed_report_budget(helpline_org, 2020)


def test_allocate_keeps_the_total():
    assert sum(allocate(682, {"a": 0.6, "b": 0.4}).values()) == 682
    assert allocate(682, {"a": 0.6, "b": 0.4}) == {"a": 409, "b": 273}
