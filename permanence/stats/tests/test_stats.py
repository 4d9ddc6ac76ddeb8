"""Statistics: scope, suppression of small counts, year-over-year figures, CSV, bounded queries."""

import csv
import io
from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import make_user
from permanence.accounts.roles import Role
from permanence.cases.models import Case, Entry, Person
from permanence.deadlines.models import Deadline
from permanence.helpline.models import CallSheet
from permanence.stats import services
from permanence.stats.services import MASKED, PARIS, SUPPRESSED, Period, Row, StatTable, present

NAMES = ["Mohammed Diallo", "Awa Traoré", "Ivan Petrenko"]


def _at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=PARIS)


def make_cases(organisation, count: int, *, year: int, topics=("asylum_ofpra",), **fields):
    people = [Person(organisation=organisation, name=NAMES[i % len(NAMES)]) for i in range(count)]
    Person.objects.bulk_create(people)
    cases = [
        Case(
            organisation=organisation,
            person=person,
            topics=list(topics),
            opened_on=date(year, 3, 1 + i % 28),
            **fields,
        )
        for i, person in enumerate(people)
    ]
    Case.objects.bulk_create(cases)
    return cases


def make_contacts(case, count: int, *, year: int, channel="desk"):
    Entry.objects.bulk_create(
        Entry(case=case, kind="contact", channel=channel, occurred_at=_at(date(year, 4, 2)))
        for _i in range(count)
    )


def make_deadline(case, *, legal: datetime, status="open", closed_on=None):
    entry = Entry.objects.create(case=case, kind="decision", occurred_at=legal - timedelta(30))
    return Deadline.objects.create(
        entry=entry,
        case=case,
        rule_code="oqtf-free",
        safe_deadline=legal - timedelta(days=1),
        legal_deadline=legal,
        explanation="test",
        confidence="high",
        status=status,
        closed_on=closed_on,
    )


def table(board, key) -> StatTable:
    return next(t for t in board.tables if t.key == key)


def row(board, key, code) -> Row:
    return next(r for r in table(board, key).rows if r.code == code)


# --- Access -------------------------------------------------------------------------------------


def test_index_lists_the_organisations_in_scope(client_for, volunteer_a, network_officer, group_b):
    page = client_for(volunteer_a).get("/stats/").content.decode()
    assert "Groupe A" in page and "Groupe B" not in page and "Région" not in page
    page = client_for(network_officer).get("/stats/").content.decode()
    for name in ("Réseau", "Région", "Groupe A", "Groupe B"):
        assert name in page


def test_another_groups_dashboard_is_404(client_for, volunteer_b, volunteer_a, group_a):
    client = client_for(volunteer_b)
    assert client.get("/stats/groupe-a/").status_code == 404
    assert client.get("/stats/groupe-a/export.csv").status_code == 404
    assert client.get("/stats/nowhere/").status_code == 404
    # A group member does not see the region either (aggregate rights flow down, not up).
    assert client_for(volunteer_a).get("/stats/region/").status_code == 404
    assert client_for(volunteer_a).get("/stats/groupe-a/").status_code == 200


def test_anonymous_visitor_is_sent_to_sign_in(client, group_a):
    response = client.get("/stats/groupe-a/")
    assert response.status_code == 302


# --- Suppression --------------------------------------------------------------------------------


@pytest.fixture
def small_numbers(group_a, group_b):
    """Group A: 3 cases on OFPRA interviews, 12 on first permits, 8 on visas; group B: 2 more."""
    make_cases(group_a, 3, year=2025)
    make_cases(group_a, 12, year=2025, topics=["residence_first"])
    make_cases(group_a, 8, year=2025, topics=["visa"])
    cases_b = make_cases(group_b, 2, year=2025)
    make_contacts(cases_b[0], 7, year=2025, channel="phone")


def test_group_members_see_exact_counts(client_for, volunteer_a, small_numbers):
    response = client_for(volunteer_a).get("/stats/groupe-a/?year=2025")
    board = response.context["board"]
    assert board.exact
    assert row(board, "case_topics", "asylum_ofpra").current_shown == "3"
    assert row(board, "case_topics", "asylum_ofpra").share == "13 %"
    assert SUPPRESSED not in response.content.decode()


def test_network_officer_sees_small_counts_suppressed_even_on_one_group(
    client_for, network_officer, small_numbers
):
    response = client_for(network_officer).get("/stats/groupe-a/?year=2025")
    board = response.context["board"]
    assert not board.exact
    topic = row(board, "case_topics", "asylum_ofpra")
    assert topic.current_shown == SUPPRESSED and topic.share == "" and topic.change == ""
    assert row(board, "case_topics", "residence_first").current_shown == "12"
    assert row(board, "case_topics", "residence_first").share == "52 %"
    # The 3 could be found again from the total (23): the next smallest cell is hidden too.
    assert row(board, "case_topics", "visa").current_shown == MASKED
    assert row(board, "case_topics", "visa").share == ""
    assert "&lt; 5" in response.content.decode()


def test_region_dashboard_is_the_suppressed_sum_of_its_groups(
    client_for, network_officer, small_numbers
):
    board = client_for(network_officer).get("/stats/region/?year=2025").context["board"]
    assert board.group_count == 3
    assert row(board, "case_topics", "asylum_ofpra").current == 5
    assert row(board, "case_topics", "asylum_ofpra").current_shown == "5"
    assert table(board, "case_topics").total.current_shown == "25"
    assert row(board, "contacts", "phone").current_shown == "7"


def test_a_region_coordinator_sees_its_region_suppressed(client_for, region, small_numbers):
    coordinator = make_user("coordinator.region@example.org", region, Role.COORDINATOR)
    board = client_for(coordinator).get("/stats/region/?year=2025").context["board"]
    assert not board.exact  # a sum over groups is always seen from outside them
    board = client_for(coordinator).get("/stats/groupe-a/?year=2025").context["board"]
    assert not board.exact
    assert row(board, "case_topics", "asylum_ofpra").current_shown == SUPPRESSED


def test_a_lone_small_cell_is_not_found_again_from_the_total():
    rows = [Row("a", "A", 2, 0), Row("b", "B", 9, 0), Row("c", "C", 30, 0)]
    shown = present(StatTable("x", "X", "", rows, total=Row("total", "T", 41, 0)), exact=False)
    assert [r.current_shown for r in shown.rows] == [SUPPRESSED, MASKED, "30"]
    assert shown.total.current_shown == "41"
    assert [r.share for r in shown.rows] == ["", "", "73 %"]
    exact = present(StatTable("x", "X", "", rows, total=Row("total", "T", 41, 0)), exact=True)
    assert [r.current_shown for r in exact.rows] == ["2", "9", "30"]


def test_zero_is_not_suppressed_and_small_totals_are():
    rows = [Row("a", "A", 0, 0), Row("b", "B", 3, 0)]
    shown = present(StatTable("x", "X", "", rows, total=Row("total", "T", 3, 0)), exact=False)
    assert [r.current_shown for r in shown.rows] == ["0", SUPPRESSED]
    assert shown.total.current_shown == SUPPRESSED and shown.total.share == ""
    assert shown.rows[0].share == ""  # a share of a suppressed total is not shown


# --- No rows, only aggregates -------------------------------------------------------------------


def test_network_officer_dashboard_has_no_names_nor_case_links(
    client_for, network_officer, small_numbers, group_a
):
    person = Person.objects.filter(organisation=group_a).first()
    make_deadline(person.cases.first(), legal=_at(date(2025, 6, 1)))
    for slug in ("region", "groupe-a", "reseau"):
        for url in (f"/stats/{slug}/?year=2025", f"/stats/{slug}/export.csv?year=2025"):
            response = client_for(network_officer).get(url)
            assert response.status_code == 200
            content = response.content.decode()
            for name in NAMES + ["Diallo", "Traoré", "Petrenko"]:
                assert name not in content
            assert "/cases/" not in content and "/people/" not in content
            assert str(person.pk) not in content


# --- Figures ------------------------------------------------------------------------------------


def test_year_over_year_figures(group_a):
    make_cases(group_a, 6, year=2024)
    make_cases(group_a, 9, year=2025)
    closed = make_cases(
        group_a, 2, year=2024, status="closed", outcome="favourable", closed_on=date(2024, 12, 31)
    )
    make_contacts(closed[0], 4, year=2024, channel="sms")
    make_contacts(closed[0], 10, year=2025, channel="sms")
    make_cases(group_a, 3, year=2023)  # outside both periods
    board = services.build_dashboard(group_a, Period.year(2025), exact=True)
    topic = row(board, "case_topics", "asylum_ofpra")
    assert (topic.current, topic.previous, topic.change) == (9, 8, "+13 %")
    assert board.previous == Period.year(2024)
    assert row(board, "case_outcomes", "favourable").previous == 2
    sms = row(board, "contacts", "sms")
    assert (sms.current_shown, sms.previous_shown, sms.change) == ("10", "4", "+150 %")


def test_deadlines_met_missed_open_and_no_appeal(group_a):
    case = make_cases(group_a, 1, year=2025)[0]
    legal = _at(date(2025, 5, 10), 23)  # late evening: the date is the 10th in Paris
    make_deadline(case, legal=legal, status="appeal_filed", closed_on=date(2025, 5, 10))
    make_deadline(case, legal=legal, status="lawyer", closed_on=date(2025, 5, 2))
    make_deadline(case, legal=legal, status="appeal_filed", closed_on=date(2025, 5, 11))
    make_deadline(case, legal=legal, status="open")  # passed: missed
    make_deadline(case, legal=legal, status="no_appeal", closed_on=date(2025, 5, 1))
    make_deadline(case, legal=_at(date(2024, 5, 10)), status="lawyer", closed_on=date(2024, 5, 1))
    board = services.build_dashboard(group_a, Period.year(2025), exact=True)
    counts = {r.code: (r.current, r.previous) for r in table(board, "deadlines").rows}
    assert counts == {"met": (2, 1), "missed": (2, 0), "open": (0, 0), "no_appeal": (1, 0)}
    future = services.deadlines([group_a.pk], (Period.year(2025), Period.year(2024)), now=legal)
    counts = {r.code: r.current for r in future.rows}
    assert counts["open"] == 1 and counts["missed"] == 1


def test_period_from_parameters_and_previous_period():
    assert services.period_from({"year": "2024"}) == Period.year(2024)
    custom = services.period_from({"from": "2024-02-01", "to": "2024-02-29"})
    assert custom == Period(date(2024, 2, 1), date(2024, 2, 29))
    assert custom.previous() == Period(date(2023, 2, 1), date(2023, 2, 28))
    assert custom.label == "01/02/2024 – 29/02/2024"
    assert services.period_from({"year": "abc"}).is_year
    assert services.period_from({"from": "2025-05-01", "to": "2025-01-01"}).is_year


def test_helpline_operator_sees_call_sheet_statistics(client_for, helpline_operator, helpline_org):
    sheets = [
        CallSheet(
            organisation=helpline_org,
            called_at=_at(date(year, 2, 3)),
            caller_type="individual",
            caller_gender="woman",
            topics=["sejour", "asile"],
        )
        for year, count in ((2025, 7), (2024, 3))
        for _i in range(count)
    ]
    sheets.append(
        CallSheet(organisation=helpline_org, called_at=_at(date(2025, 2, 3)), non_data=True)
    )
    CallSheet.objects.bulk_create(sheets)
    board = client_for(helpline_operator).get("/stats/ligne/?year=2025").context["board"]
    assert board.exact
    individual = row(board, "call_callers", "individual")
    assert (individual.current, individual.previous) == (7, 3)
    assert row(board, "call_topics", "sejour").current == 7


def test_call_sheet_tables_only_where_there_are_call_sheets(group_a):
    board = services.build_dashboard(group_a, Period.year(2025), exact=True)
    assert not any(t.key.startswith("call_") for t in board.tables)


@pytest.mark.skipif(not services.reception_installed(), reason="reception is not installed")
def test_visits_when_reception_is_installed(group_a, client_for, network_officer):
    from permanence.directory.models import Desk
    from permanence.reception.models import Arrival, DeskSession

    desk = Desk.objects.create(organisation=group_a, name="Permanence A", slug="permanence-a")
    sessions = {
        year: DeskSession.objects.create(
            desk=desk, start=_at(date(year, 3, 3), 9), end=_at(date(year, 3, 3), 12)
        )
        for year in (2024, 2025)
    }
    for year, count in ((2024, 2), (2025, 6)):
        for _i in range(count):
            Arrival.objects.create(
                session=sessions[year],
                first_name="Amina",
                reason="asylum",
                arrived_at=_at(date(year, 3, 3), 10),
            )
    board = services.build_dashboard(group_a, Period.year(2025), exact=True)
    visit = row(board, "visits", "asylum")
    assert (visit.current, visit.previous) == (6, 2)
    response = client_for(network_officer).get("/stats/region/?year=2025")
    assert row(response.context["board"], "visits", "asylum").previous_shown == SUPPRESSED
    assert "Amina" not in response.content.decode()


def test_visits_are_skipped_without_reception(group_a, monkeypatch):
    monkeypatch.setattr(services, "reception_installed", lambda: False)
    board = services.build_dashboard(group_a, Period.year(2025), exact=True)
    assert not any(t.key == "visits" for t in board.tables)


# --- Page, chart, CSV, queries ------------------------------------------------------------------


def test_each_chart_has_a_title_and_a_data_table(client_for, volunteer_a, small_numbers):
    page = client_for(volunteer_a).get("/stats/groupe-a/?year=2025").content.decode()
    assert '<title id="chart-case_topics-title">Dossiers ouverts, par thème</title>' in page
    assert '<desc id="chart-case_topics-desc">' in page
    assert '<table id="table-case_topics">' in page
    assert '<th scope="col">2024</th>' in page and '<th scope="col">2025</th>' in page


def test_csv_export(client_for, volunteer_a, network_officer, small_numbers):
    response = client_for(volunteer_a).get("/stats/groupe-a/export.csv?year=2025")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    assert rows[0][2:4] == ["2025", "2024"]
    line = next(r for r in rows if r[0] == "Dossiers ouverts, par thème" and "OFPRA" in r[1])
    assert line[2:4] == ["3", "0"] and line[4] == "13 %"
    response = client_for(network_officer).get("/stats/groupe-a/export.csv?year=2025")
    rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    line = next(r for r in rows if r[0] == "Dossiers ouverts, par thème" and "OFPRA" in r[1])
    assert line[2] == SUPPRESSED and line[4] == ""


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_queries_do_not_grow_with_the_data(client_for, network_officer, group_a, group_b):
    client = client_for(network_officer)
    url = "/stats/reseau/?year=2025"
    _queries(client, url)  # warm the session and the caches
    few = _queries(client, url)
    for organisation in (group_a, group_b):
        cases = make_cases(organisation, 40, year=2025, topics=["visa", "dublin"])
        make_cases(
            organisation,
            30,
            year=2024,
            status="closed",
            outcome="other",
            closed_on=date(2024, 6, 1),
        )
        for case in cases[:10]:
            make_contacts(case, 3, year=2025)
            make_deadline(case, legal=_at(date(2025, 6, 1)))
    many = _queries(client, url)
    assert many == few
    assert many <= 25, many  # session, user, scope; then one query per table
