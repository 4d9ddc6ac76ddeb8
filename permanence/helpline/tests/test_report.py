"""The funder report of seed 003: sentences, tables, budget, and its four formats."""

import io
import shutil
import subprocess
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from permanence.helpline import exports
from permanence.helpline.models import PARIS, BudgetLine, CallSheet, ReportBudget
from permanence.helpline.report import build_report
from permanence.helpline.tests.conftest import normalise

ARABIC = "منحة بلدية باريس"


def make_calls(organisation, spec: dict, *, year=2020, **fields) -> None:
    """``spec`` maps a département code to a number of calls, spread over the year."""
    start = datetime(year, 1, 2, 9, tzinfo=PARIS)
    sheets = []
    for departement, count in spec.items():
        for _i in range(count):
            sheets.append(
                CallSheet(
                    organisation=organisation,
                    called_at=start + timedelta(minutes=(len(sheets) * 73) % (360 * 24 * 60)),
                    departement=departement,
                    **{"caller_type": "individual", "caller_gender": "woman", **fields},
                )
            )
    CallSheet.objects.bulk_create(sheets, batch_size=5_000)


@pytest.fixture
def year_2020(helpline_org):
    """6,461 calls: 682 from Paris, more from Seine-Saint-Denis and Val-de-Marne."""
    make_calls(helpline_org, {"93": 1500, "94": 1000, "75": 682, "92": 600, "59": 300, "": 200})
    make_calls(helpline_org, {"91": 600, "95": 600, "77": 500, "78": 479})
    assert CallSheet.objects.count() == 6461
    return helpline_org


@pytest.fixture
def budget_2020(helpline_org):
    budget = ReportBudget.objects.create(
        organisation=helpline_org, year=2020, funder="Ville de Paris", requested_amount=34000
    )
    lines = [
        ("expense", "Achats", 3000),
        ("expense", "Services extérieurs", 4000),
        ("expense", "Autres services extérieurs", 2700),
        ("expense", "Impôts et taxes", 11000),
        ("expense", "Charges de personnel", 170000),
        ("income", ARABIC, 34000),
        ("income", "Prestations de services", 156700),
    ]
    for kind, category, amount in lines:
        BudgetLine.objects.create(budget=budget, kind=kind, category=category, amount=amount)
    return budget


def test_report_states_the_calls_the_share_of_paris_and_its_rank(year_2020):
    text = normalise(build_report(organisation=year_2020, year=2020).text)
    assert "En 2020, le service a traité 6 461 appels." in text
    assert "10,56 % des appels proviennent de Paris, soit 682." in text
    assert (
        "Tous départements confondus, Paris est la troisième zone d'appel derrière la "
        "Seine-Saint-Denis et le Val-de-Marne." in text
    )


def test_report_ignores_other_years_and_other_organisations(year_2020, other_helpline):
    make_calls(year_2020, {"75": 10}, year=2021)
    make_calls(other_helpline, {"75": 10})
    assert build_report(organisation=year_2020, year=2020).total == 6461
    assert build_report(organisation=year_2020, year=2021).total == 10


def test_first_zone_and_long_lists_read_well(helpline_org):
    make_calls(helpline_org, {"75": 50, "93": 10, "91": 10})
    text = normalise(build_report(organisation=helpline_org, year=2020).text)
    assert "Paris est la première zone d'appel." in text
    CallSheet.objects.all().delete()
    make_calls(helpline_org, {"75": 5, "93": 10, "94": 10, "91": 10, "59": 10, "78": 10, "13": 9})
    text = normalise(build_report(organisation=helpline_org, year=2020).text)
    assert "Paris est la septième zone d'appel derrière 6 autres départements, dont" in text


def test_breakdown_sentences_about_paris_callers(helpline_org):
    make_calls(helpline_org, {"75": 44}, caller_gender="man", origin_region="afrique")
    make_calls(helpline_org, {"75": 49}, caller_gender="woman", origin_region="maghreb")
    make_calls(helpline_org, {"75": 7}, caller_gender="couple", origin_region="asie")
    pro = {"caller_type": "professional", "caller_gender": "", "origin_region": "afrique"}
    make_calls(helpline_org, {"75": 30}, professional_kind="departement_casvp", **pro)
    make_calls(helpline_org, {"75": 10}, professional_kind="hospitalier_medico_social", **pro)
    make_calls(helpline_org, {"75": 20}, professional_kind="association", **pro)
    make_calls(helpline_org, {"93": 500}, topics=["sejour"])
    text = normalise(build_report(organisation=helpline_org, year=2020).text)
    assert "pour Paris, 63 % des appelants sont des particuliers." in text
    assert (
        "S'agissant des appelants professionnels, 67 % émanent d'organismes (dont 50,00 % du "
        "département et du CASVP et 16,67 % du secteur hospitalier et médico-social) et 33 % "
        "d'associations." in text
    )
    assert (
        "Concernant les particuliers, 44 % des appelants sont des hommes, 49 % des femmes et "
        "7 % de couples." in text
    )
    assert (
        "65 % des appels émanaient de personnes originaires d'Afrique, 31 % du Maghreb et "
        "4 % d'Asie." in text
    )


def test_budget_sentence_and_tables(helpline_org, budget_2020):
    make_calls(helpline_org, {"75": 10})
    report = build_report(organisation=helpline_org, year=2020)
    text = normalise(report.text)
    assert "Montant sollicité : 34 000 € (soit 18 % du coût total du projet)." in text
    assert "Budget prévisionnel de l'action : 190 700 €." in text
    expenses = next(t for t in report.all_tables if t.key == "budget_expense")
    assert expenses.rows[-1] == ["Total", Decimal("190700")]


def test_empty_year_says_so_without_failing(helpline_org):
    report = build_report(organisation=helpline_org, year=2019)
    assert normalise(report.text) == "En 2019, le service a traité 0 appel."
    assert report.tables == []
    for format in exports.FORMATS:
        assert exports.render(report, format)


def test_report_of_6461_sheets_is_quick(year_2020, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        build_report(organisation=year_2020, year=2020)


# --- Formats ------------------------------------------------------------------------------------


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_pdf_renders_french_and_arabic_text(year_2020, budget_2020, tmp_path):
    content = exports.render(build_report(organisation=year_2020, year=2020), "pdf")
    assert content.startswith(b"%PDF-")
    text = normalise(pdf_text(content))
    assert "6 461" in text and "Seine-Saint-Denis" in text and "Charges de personnel" in text
    import unicodedata

    letters = {c for c in unicodedata.normalize("NFKC", text) if "\u0600" <= c <= "\u06ff"}
    assert set(ARABIC.replace(" ", "")) <= letters
    from pypdf import PdfReader

    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in PdfReader(io.BytesIO(content)).pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("Arabic" in name for name in fonts), fonts
    if shutil.which("pdftoppm"):
        (tmp_path / "report.pdf").write_bytes(content)
        subprocess.run(  # noqa: S603
            [  # noqa: S607
                "pdftoppm",
                "-png",
                "-r",
                "40",
                "-f",
                "1",
                "-l",
                "1",
                str(tmp_path / "report.pdf"),
                str(tmp_path / "page"),
            ],
            check=True,
        )
        page = next(tmp_path.glob("page*.png"))
        from PIL import Image

        with Image.open(page) as image:
            assert image.size[0] < image.size[1]  # A4, portrait
            assert image.convert("L").getextrema()[0] < 100  # something is printed


def test_pdf_charts_are_accessible_svg(year_2020):
    html = exports.report_html(build_report(organisation=year_2020, year=2020))
    assert html.count('role="img"') == html.count("<svg")
    assert '<title id="chart-departements-title">Départements d’appel</title>' in html
    assert "<table>" in html


def test_xlsx_has_a_summary_and_one_sheet_per_table(year_2020, budget_2020):
    content = exports.render(build_report(organisation=year_2020, year=2020), "xlsx")
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames[0] == "Synthèse"
    summary = normalise(" ".join(str(c.value) for c in workbook["Synthèse"]["A"] if c.value))
    assert "6 461 appels" in summary and "10,56 %" in summary
    departements = workbook["Départements d’appel"]
    rows = {row[0]: row[1:] for row in departements.iter_rows(min_row=2, values_only=True)}
    assert rows["Paris (75)"][0] == 682
    assert rows["Paris (75)"][1] == pytest.approx(682 / 6461)
    assert rows["Seine-Saint-Denis (93)"][0] == 1500
    expenses = workbook["Budget - dépenses"]
    assert list(expenses.iter_rows(values_only=True))[-1] == ("Total", 190700)


def test_ods_opens_with_odfpy_and_holds_the_figures(year_2020, budget_2020):
    from odf.opendocument import load
    from odf.table import Table, TableCell, TableRow
    from odf.teletype import extractText

    content = exports.render(build_report(organisation=year_2020, year=2020), "ods")
    document = load(io.BytesIO(content))
    sheets = {t.getAttribute("name"): t for t in document.spreadsheet.getElementsByType(Table)}
    assert list(sheets)[0] == "Synthèse"
    summary = normalise(extractText(sheets["Synthèse"]))
    assert "6 461 appels" in summary and "10,56 %" in summary

    def rows(table):
        return [
            [(extractText(c), c.getAttribute("value")) for c in row.getElementsByType(TableCell)]
            for row in table.getElementsByType(TableRow)
        ]

    paris = next(r for r in rows(sheets["Départements d’appel"]) if r[0][0] == "Paris (75)")
    assert paris[1][1] == "682"
    assert float(paris[2][1]) == pytest.approx(682 / 6461)
    income = [r[0][0] for r in rows(sheets["Budget - recettes"])]
    assert ARABIC in income


def test_command_prints_text_and_writes_files(year_2020, budget_2020, tmp_path):
    out = io.StringIO()
    call_command("activity_report", "--organisation", "ligne", "--year", "2020", stdout=out)
    assert "10,56" in out.getvalue() and "Départements d’appel" in out.getvalue()
    for format in ["pdf", "xlsx", "ods"]:
        path = tmp_path / f"report.{format}"
        call_command(
            "activity_report",
            "--organisation",
            "ligne",
            "--year",
            "2020",
            "--format",
            format,
            "--output",
            str(path),
            stderr=io.StringIO(),
        )
        assert path.stat().st_size > 1000
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF-")


def test_command_writes_binary_to_a_redirected_stdout(year_2020):
    class Redirected(io.TextIOWrapper):
        def isatty(self):
            return False

    raw = io.BytesIO()
    stream = Redirected(raw, encoding="utf-8")
    call_command(
        "activity_report",
        "--organisation",
        "ligne",
        "--year",
        "2020",
        "--format",
        "xlsx",
        stdout=stream,
    )
    stream.flush()
    assert raw.getvalue().startswith(b"PK")
