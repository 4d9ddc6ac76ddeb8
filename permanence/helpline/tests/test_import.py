"""The import contract (docs/imports.md): CSV or XLSX, errors by line and column, all or nothing."""

import io

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from permanence.helpline import importer
from permanence.helpline.models import CallSheet, ImportJob, ImportStatus

HEADER = [
    "date",
    "time",
    "duration_minutes",
    "caller_type",
    "caller_gender",
    "professional_kind",
    "departement",
    "origin_region",
    "topics",
    "language",
]
ROWS = [
    [
        "2020-01-06",
        "09:42",
        "12",
        "particulier",
        "femme",
        "",
        "93",
        "afrique",
        "sejour;famille",
        "fr",
    ],
    [
        "2020-01-06",
        "10:05",
        "",
        "professionnel",
        "",
        "association",
        "75",
        "maghreb",
        "droits_sociaux",
        "",
    ],
    ["2020-01-07", "", "7", "particulier", "", "", "", "inconnue", "", "ar"],
    [
        "2020-02-10",
        "14:30",
        "20",
        "professionnel",
        "",
        "departement_casvp",
        "94",
        "asie",
        "asile",
        "en",
    ],
    [
        "2020-03-02",
        "15:00",
        "5",
        "particulier",
        "couple",
        "",
        "01",
        "europe_ue",
        "travail;sante",
        "",
    ],
]
FIELDS = [
    "called_at",
    "duration_minutes",
    "caller_type",
    "caller_gender",
    "professional_kind",
    "departement",
    "origin_region",
    "topics",
    "language",
]


def csv_bytes(rows, delimiter=",", header=HEADER) -> bytes:
    lines = [header, *rows]
    quote = (lambda v: f'"{v}"' if ";" in v else v) if delimiter == ";" else (lambda v: v)
    return ("\n".join(delimiter.join(quote(v) for v in line) for line in lines) + "\n").encode()


def xlsx_bytes(rows, header=HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append([int(v) if v.isdigit() and len(v) < 4 else (v or None) for v in row])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def run(tmp_path, data: bytes, *args, name="calls.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import_call_sheets", str(path), "--organisation", "ligne", *args, stdout=out, stderr=err
    )
    return out.getvalue(), err.getvalue()


def stored(organisation) -> list[tuple]:
    return sorted(CallSheet.objects.filter(organisation=organisation).values_list(*FIELDS), key=str)


def test_csv_import_creates_one_sheet_per_line(tmp_path, helpline_org):
    out, _err = run(tmp_path, csv_bytes(ROWS))
    assert "5 fiches importées" in out
    sheets = {s.called_at.isoformat(): s for s in CallSheet.objects.all()}
    first = sheets["2020-01-06T08:42:00+00:00"]
    assert (first.caller_type, first.caller_gender, first.departement) == (
        "individual",
        "woman",
        "93",
    )
    assert first.topics == ["sejour", "famille"] and first.duration_minutes == 12
    no_time = CallSheet.objects.get(language="ar")
    assert no_time.caller_gender == "unknown" and no_time.departement == ""
    assert no_time.called_at.isoformat() == "2020-01-07T11:00:00+00:00"  # noon in Paris
    assert CallSheet.objects.get(departement="01").topics == ["travail", "sante"]


def test_one_bad_line_reports_line_and_column_and_imports_nothing(tmp_path, helpline_org):
    rows = [
        *ROWS[:2],
        *[ROWS[0]] * 10,
        ["2020-01-08", "", "", "particuliere", "", "", "93", "afrique", "", ""],
    ]
    with pytest.raises(CommandError, match="aucune fiche importée"):
        _out, err = run(tmp_path, csv_bytes(rows))
    assert CallSheet.objects.count() == 0
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.FAILED and job.error_count == 1
    assert job.errors[0]["message"] == (
        "ligne 14, colonne caller_type : « particuliere » n’est pas une valeur permise "
        "(particulier, professionnel)"
    )


def test_skip_invalid_imports_the_valid_lines(tmp_path, helpline_org):
    rows = [
        *ROWS,
        ["2020-13-01", "25:00", "x", "professionnel", "homme", "", "99", "mars", "foo", "zz"],
    ]
    out, err = run(tmp_path, csv_bytes(rows), "--skip-invalid")
    assert CallSheet.objects.count() == len(ROWS)
    assert "ligne 7, colonne date" in err
    for column in [
        "time",
        "duration_minutes",
        "caller_gender",
        "professional_kind",
        "departement",
        "origin_region",
        "topics",
        "language",
    ]:
        assert f"ligne 7, colonne {column} :" in err, column
    assert "1 ligne(s) invalide(s) ignorée(s)" in out


def test_csv_with_semicolons_and_xlsx_give_the_same_sheets(tmp_path, helpline_org):
    run(tmp_path, csv_bytes(ROWS))
    from_csv = stored(helpline_org)
    CallSheet.objects.all().delete()
    run(tmp_path, csv_bytes(ROWS, delimiter=";"))
    assert stored(helpline_org) == from_csv
    CallSheet.objects.all().delete()
    run(tmp_path, xlsx_bytes(ROWS), name="calls.xlsx")
    assert stored(helpline_org) == from_csv
    assert len(from_csv) == len(ROWS)


def test_xlsx_with_date_and_time_cells_gives_the_same_sheets(tmp_path, helpline_org):
    from datetime import date, time

    run(tmp_path, csv_bytes(ROWS[:2]))
    from_csv = stored(helpline_org)
    CallSheet.objects.all().delete()
    typed = []
    for row in ROWS[:2]:
        hour, minute = (int(part) for part in row[1].split(":"))
        typed.append([date.fromisoformat(row[0]), time(hour, minute), *row[2:]])
    workbook = Workbook()
    workbook.active.append(HEADER)
    for row in typed:
        workbook.active.append([value if value != "" else None for value in row])
    output = io.BytesIO()
    workbook.save(output)
    run(tmp_path, output.getvalue(), name="typed.xlsx")
    assert stored(helpline_org) == from_csv


def test_xlsx_errors_have_the_same_line_numbers_as_csv(tmp_path, helpline_org):
    rows = [*ROWS, [*ROWS[0][:3], "particuliere", *ROWS[0][4:]]]
    for data, name in [(csv_bytes(rows), "a.csv"), (xlsx_bytes(rows), "a.xlsx")]:
        with pytest.raises(CommandError):
            run(tmp_path, data, name=name)
    messages = [job.errors[0]["message"] for job in ImportJob.objects.order_by("created_at")]
    assert messages[0] == messages[1]
    assert messages[0].startswith("ligne 7, colonne caller_type")


def test_missing_column_is_reported_before_any_line(tmp_path, helpline_org):
    header = [c for c in HEADER if c != "origin_region"]
    rows = [[v for c, v in zip(HEADER, row, strict=True) if c != "origin_region"] for row in ROWS]
    with pytest.raises(CommandError, match="origin_region"):
        run(tmp_path, csv_bytes(rows, header=header))


def test_extra_columns_are_ignored_with_a_warning(tmp_path, helpline_org):
    header = [*HEADER, "nom"]
    rows = [[*row, "Mohammed"] for row in ROWS]
    out, _err = run(tmp_path, csv_bytes(rows, header=header))
    assert "ignorée(s), jamais enregistrée(s) : nom" in out
    assert CallSheet.objects.count() == len(ROWS)


def test_non_utf8_file_is_refused_with_advice(tmp_path, helpline_org):
    data = csv_bytes(ROWS).replace(b"sejour", "séjour".encode("cp1252"))
    with pytest.raises(CommandError, match="UTF-8"):
        run(tmp_path, data)


def test_unknown_organisation_is_an_error(tmp_path, db):
    with pytest.raises(CommandError, match="No active organisation"):
        run(tmp_path, csv_bytes(ROWS))


def test_large_import_runs_without_a_query_per_line(
    tmp_path, helpline_org, django_assert_max_num_queries
):
    rows = ROWS * 2_400  # 12,000 lines: three batches
    with django_assert_max_num_queries(40):
        run(tmp_path, csv_bytes(rows))
    assert CallSheet.objects.count() == 12_000
    assert ImportJob.objects.get().progress == 100


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_any_bytes_are_read_or_refused_cleanly(data):
    """A broken file raises ImportFileError, never anything else."""
    try:
        table = importer.read_table(
            b"date,caller_type,caller_gender,professional_kind,"
            b"departement,origin_region,topics\n" + data
        )
        importer.check_rows(table)
    except importer.ImportFileError:
        pass
