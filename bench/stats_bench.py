"""The `stats` stage (issue 7): dashboards, yearly report and import with 1,000,000 call sheets.

Run by ``bench/run.py --only stats`` in a child process on a throwaway PostgreSQL cluster. The
child migrates, writes the data of ``bench/stats_data.py`` (1,000,000 call sheets, 1,000,000
visits at 95 local groups' desks, 150,000 cases), runs ``VACUUM ANALYZE`` (what autovacuum does
soon after such inserts), then times in-process, as the people who use them:

* the statistics dashboards for 2025 compared with 2024: the network officer's network view
  (95 groups) and a region's, a group coordinator's own group, and the helpline's dashboard
  (Info Migrants, 150,000 calls in 2025), with their CSV exports;
* the yearly funder report of Info Migrants for 2025: the service (``build_report`` and
  ``exports.render``) in text, PDF, XLSX and ODS, the report page and its four downloads;
* ``import_call_sheets`` of a 100,000-line CSV file in the format of docs/imports.md, then of
  the same lines as XLSX.

Every page is alternated with the trivial view ``/healthz`` (requested anonymously, after two
untimed settling requests, as in the directory stage) and given as a median, with its ratio to
the trivial view's median. The target of issue 7 is absolute: 1 s of server time for the
dashboards and the report, 30 s for the import of 100,000 lines.
"""

import csv
import io
import random
import statistics
import tempfile
import time
import zipfile
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

TARGET_MS = 1000.0  # dashboards and report, server time
IMPORT_TARGET_S = 30.0  # 100,000 lines
IMPORT_LINES = 100_000
YEAR = 2025
PAGE_WARMUP = 2
PAGE_BUDGET_S = 40.0  # at most this long per page: fewer pairs than --requests for slow pages
MIN_PAIRS = 10
SETTLE_REQUESTS = 2
SERVICE_RUNS = 7  # the report service: median of this many runs per format
QUERY_SAMPLES = 3


def _verdict(value_ms: float, target_ms: float = TARGET_MS) -> str:
    met = "met" if value_ms <= target_ms else "NOT met"
    return f"target ≤ {target_ms / 1000:g} s: {met}"


class _Timer:
    """Alternates the trivial view (anonymous client) and a measured call, as
    ``Bench.interleaved`` does, but for a signed-in client or any callable."""

    def __init__(self, bench, api):
        self.bench, self.api = bench, api
        self.anonymous = bench.django()

    def trivial(self) -> float:
        for _ in range(SETTLE_REQUESTS):
            self.anonymous.get("/healthz")
        start = time.perf_counter()
        response = self.anonymous.get("/healthz")
        elapsed = time.perf_counter() - start
        if response.status_code != 200:
            raise self.api.BenchError(f"/healthz: status {response.status_code}")
        return elapsed

    def pairs(self, func, *, count: int | None = None) -> tuple[list[float], ...]:
        """Warm-up, then pairs (trivial, ``func``); the number of pairs is --requests, fewer
        when the warm-up says they would take more than PAGE_BUDGET_S. Returns the trivial
        view's times, ``func``'s and the CPU time ``func`` took in this process (the machine is
        shared: wall times include waiting for a CPU; CPU times do not, nor PostgreSQL's work)."""
        warm = []
        for _ in range(PAGE_WARMUP):
            start = time.perf_counter()
            func()
            warm.append(time.perf_counter() - start)
        if count is None:
            budget = int(PAGE_BUDGET_S / max(min(warm), 1e-3))
            count = max(MIN_PAIRS, min(self.bench.requests, budget))
        trivial_times, times, cpu_times = [], [], []
        for _ in range(count):
            trivial_times.append(self.trivial())
            start, start_cpu = time.perf_counter(), time.process_time()
            func()
            times.append(time.perf_counter() - start)
            cpu_times.append(time.process_time() - start_cpu)
        return trivial_times, times, cpu_times


def _signed_in(user):
    from django.test import Client

    client = Client()
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    return client


def _sql_profile(client, path: str) -> tuple[int, float, list[dict]]:
    """Queries of one request, and the median time spent in cursor.execute over a few."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    seconds: list[float] = []

    def timed(execute, sql, params, many, context):
        begin = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            seconds.append(time.perf_counter() - begin)

    totals = []
    for _ in range(QUERY_SAMPLES):
        reset_queries()
        seconds.clear()
        with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(timed):
            client.get(path)
        totals.append(sum(seconds))
    slowest = sorted(
        ({"ms": 1000 * float(q["time"]), "sql": q["sql"][:300]} for q in captured.captured_queries),
        key=lambda q: -q["ms"],
    )[:3]
    return len(captured.captured_queries), 1000 * statistics.median(totals), slowest


# --- The import file ----------------------------------------------------------------------------

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


def import_lines(count: int, seed: int = 7) -> list[list]:
    """``count`` lines of a helpline's spreadsheet of 2012–2016, in the documented format, with
    the accepted variants (DD/MM/YYYY dates, 9h30 times, postcodes, names of départements,
    "1" for "01", mixed case and spaces) and the demo's shares."""
    from stats_data import departement_weights, picker

    from permanence.helpline import demo

    rng = random.Random(seed)
    shares = departement_weights({"75": 0.11, **demo.DEPARTEMENT_SHARES})
    pick_dep = picker({key: value for key, value in shares.items() if value > 0}, rng)
    pick_region = picker(demo.REGIONS, rng)
    pick_topic = picker(demo.TOPIC_WEIGHTS, rng)
    pick_language = picker({**demo.LANGUAGE_WEIGHTS, "": 10}, rng)
    genders = {"homme": 44, "femme": 49, "couple": 7, "inconnu": 2, "": 2}
    pick_gender = picker(genders, rng)
    kinds = {str(kind): weight for kind, weight in demo.KINDS.items()} | {"avocat": 0.02}
    pick_kind = picker(kinds, rng)
    names = {"93": "Seine-Saint-Denis", "75": "75011", "01": "1", "94": "Val-de-Marne"}
    first = date(2012, 1, 2).toordinal()
    span = date(2016, 12, 31).toordinal() - first
    lines = []
    for departement, region in zip(pick_dep(count), pick_region(count), strict=True):
        day = date.fromordinal(first + rng.randrange(span))
        hour, minute = 9 + rng.randrange(7), rng.randrange(60)
        individual = rng.random() < 0.6
        if departement in names and rng.random() < 0.2:
            departement = names[departement]
        lines.append(
            [
                day.isoformat() if rng.random() < 0.8 else f"{day:%d/%m/%Y}",
                f"{hour:02d}:{minute:02d}" if rng.random() < 0.9 else f"{hour}h{minute:02d}",
                str(rng.randint(3, 25)) if rng.random() < 0.85 else "",
                "particulier" if individual else rng.choice(("professionnel", "Professionnel ")),
                pick_gender(1)[0] if individual else "",
                "" if individual else pick_kind(1)[0],
                departement,
                str(region),
                ";".join(sorted(set(pick_topic(rng.choice((1, 1, 2)))))),
                pick_language(1)[0],
            ]
        )
    return lines


def _write_csv(path: Path, lines: list[list]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(lines)


XLSX_PARTS = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Fiches" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/styles" Target="styles.xml"/>'
        '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
    ),
    "xl/styles.xml": (  # style 1: a date cell (built-in number format 14)
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
        '<borders count="1"><border/></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        '</cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/>'
        '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
        "</cellStyles></styleSheet>"
    ),
}
EXCEL_EPOCH = date(1899, 12, 30)


def _write_xlsx(path: Path, lines: list[list]) -> None:
    """The same lines as a workbook saved the way Excel saves one: a table of shared strings,
    date cells (serial numbers with a date format), numbers, no cell for an empty value, and
    the sheet's dimension. (openpyxl writes inline strings and, in write-only mode, no
    dimension: a file that openpyxl reads two to three times slower than Excel's.)"""
    strings: dict[str, int] = {}
    out = [
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="A1:{chr(ord("A") + len(HEADER) - 1)}{len(lines) + 1}"/><sheetData>'
    ]
    for number, line in enumerate([HEADER, *lines], start=1):
        cells = []
        for column, value in zip("ABCDEFGHIJ", line, strict=True):
            ref = f"{column}{number}"
            if number > 1 and column == "A":
                day = (
                    date.fromisoformat(value)
                    if "-" in value
                    else date(*map(int, reversed(value.split("/"))))
                )
                cells.append(f'<c r="{ref}" s="1"><v>{(day - EXCEL_EPOCH).days}</v></c>')
            elif number > 1 and column == "C" and value:
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
            elif value:
                index = strings.setdefault(value, len(strings))
                cells.append(f'<c r="{ref}" t="s"><v>{index}</v></c>')
        out.append(f'<row r="{number}">{"".join(cells)}</row>')
    out.append("</sheetData></worksheet>")
    shared = "".join(f"<si><t>{escape(text)}</t></si>" for text in strings)
    parts = {
        **XLSX_PARTS,
        "xl/sharedStrings.xml": '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        f'2006/main" count="{len(strings)}" uniqueCount="{len(strings)}">{shared}</sst>',
        "xl/worksheets/sheet1.xml": "".join(out),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' + text)


# --- The stage ----------------------------------------------------------------------------------


def measure(bench, api) -> list:
    database = api.child_database(bench)
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        raise api.BenchError(
            f"stats: needs PostgreSQL (the data is written with COPY), not {database}"
        )
    start = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    api.progress(f"{database}: migrated in {time.perf_counter() - start:.1f} s")

    import stats_data

    tag = f"[{database}]"
    start = time.perf_counter()
    data = stats_data.generate(api.progress)
    generated = time.perf_counter() - start
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # what autovacuum does soon after such inserts
    vacuumed = time.perf_counter() - start
    counts = data["counts"]
    api.progress(f"generated in {generated:.0f} s, VACUUM ANALYZE in {vacuumed:.0f} s")
    rows = [
        api.Row(
            "stats data",
            f"{tag} data: 1,000,000 call sheets, 1,000,000 visits, 150,000 cases (COPY)",
            generated,
            "s",
            note=", ".join(f"{value:,} {key}" for key, value in counts.items())
            + f"; then VACUUM ANALYZE {vacuumed:.1f} s",
            details=counts,
        )
    ]
    rows += _pages(bench, api, tag, data)
    rows += _report_service(bench, api, tag, data)
    rows += _imports(bench, api, tag, data)
    return rows


def _pages(bench, api, tag: str, data: dict) -> list:
    from permanence.helpline.models import CallSheet
    from permanence.orgs.models import Organisation, OrganisationKind
    from permanence.stats import services

    def groups_under(organisation) -> int:
        ids = services.counted_ids(organisation)
        return Organisation.objects.filter(id__in=ids, kind=OrganisationKind.GROUP).count()

    accounts = data["accounts"]
    network, region, group = data["network"], data["region"], data["group"]
    helpline = data["helpline"]
    officer = _signed_in(accounts["network_officer"])
    region_coordinator = _signed_in(accounts["region_coordinator"])
    group_coordinator = _signed_in(accounts["group_coordinator"])
    helpline_coordinator = _signed_in(accounts["helpline_coordinator"])
    year = f"?year={YEAR}"
    report = f"/helpline/{helpline.slug}/report/"
    pages = [
        ("statistics index, network officer", officer, "/stats/"),
        (
            f"network dashboard {YEAR} vs {YEAR - 1}, network officer "
            f"({data['counts']['groups']} local groups, {data['counts']['regions']} regions, "
            "a national phone line)",
            officer,
            f"/stats/{network.slug}/{year}",
        ),
        ("network dashboard: CSV export", officer, f"/stats/{network.slug}/export.csv{year}"),
        (
            "network dashboard over 5 years (2021–2025 vs 2020–2024), network officer",
            officer,
            f"/stats/{network.slug}/?from=2021-01-01&to=2025-12-31",
        ),
        (
            f"region dashboard {YEAR} ({region.name}, {groups_under(region)} groups), "
            "its coordinator",
            region_coordinator,
            f"/stats/{region.slug}/{year}",
        ),
        (
            f"group dashboard {YEAR} ({group.name}, the busiest group), its coordinator",
            group_coordinator,
            f"/stats/{group.slug}/{year}",
        ),
        ("group dashboard: CSV export", group_coordinator, f"/stats/{group.slug}/export.csv{year}"),
        (
            f"helpline dashboard {YEAR} (Info Migrants), its coordinator",
            helpline_coordinator,
            f"/stats/{helpline.slug}/{year}",
        ),
        (
            "helpline dashboard: CSV export",
            helpline_coordinator,
            f"/stats/{helpline.slug}/export.csv{year}",
        ),
        (f"funder report page {YEAR} (Info Migrants)", helpline_coordinator, f"{report}{year}"),
    ]
    pages += [
        (
            f"funder report download {YEAR}, {fmt.upper() if fmt != 'text' else 'text'}"
            + (" (the kept file)" if fmt == "pdf" else ""),
            helpline_coordinator,
            f"{report}download/{year}&format={fmt}",
        )
        for fmt in ("text", "pdf", "xlsx", "ods")
    ]
    timer = _Timer(bench, api)
    result = []
    for label, client, path in pages:
        api.progress(f"{path}: timing")
        response = client.get(path)
        if response.status_code != 200:
            raise api.BenchError(f"{path}: status {response.status_code} for {label}")
        trivial_times, times, cpu_times = timer.pairs(lambda c=client, p=path: c.get(p))
        trivial_ms, page_ms = api.median_ms(trivial_times), api.median_ms(times)
        queries, sql_ms, slowest = _sql_profile(client, path)
        result.append(
            api.Row(
                "stats pages",
                f"{tag} {label} {path}: server time",
                page_ms,
                "ms",
                page_ms / trivial_ms,
                trivial_ms,
                f"{_verdict(page_ms)}; median of {len(times)}, p90 "
                f"{api.percentile_ms(times, 0.9):.0f} ms; CPU of the Django process "
                f"{api.median_ms(cpu_times):.0f} ms; {len(response.content):,} B",
                {"slowest_queries": slowest},
            )
        )
        top = ", ".join(f"{q['ms']:.0f}" for q in slowest)
        result.append(
            api.Row(
                "stats pages",
                f"{tag} {label}: SQL queries of a request",
                queries,
                "queries",
                note=f"{sql_ms:.0f} ms in cursor.execute (median of {QUERY_SAMPLES}); "
                f"slowest: {top} ms",
            )
        )
    # What the dashboards count: a check that the figures are those of the data.
    calls = CallSheet.objects.filter(organisation=helpline, non_data=False).of_year(YEAR).count()
    board = services.build_dashboard(
        helpline, services.Period.year(YEAR), exact=True, ids=[helpline.pk]
    )
    shown = next(t for t in board.tables if t.key == "call_callers").total.current
    if shown != calls:
        raise api.BenchError(f"helpline dashboard shows {shown} calls, the data has {calls}")
    return result


def _report_service(bench, api, tag: str, data: dict) -> list:
    """``build_report`` and ``exports.render`` in-process (what ``activity_report`` runs)."""
    from permanence.helpline import exports
    from permanence.helpline.models import CallSheet
    from permanence.helpline.report import build_report

    helpline = data["helpline"]
    expected = CallSheet.objects.filter(organisation=helpline, non_data=False).of_year(YEAR).count()
    report = build_report(organisation=helpline, year=YEAR)
    if report.total != expected:
        raise api.BenchError(f"report: {report.total} calls, the data has {expected}")
    timer = _Timer(bench, api)
    result = []
    api.progress(f"report service: build_report and render, {SERVICE_RUNS} runs each")
    trivial_times, times, cpu_times = timer.pairs(
        lambda: build_report(organisation=helpline, year=YEAR), count=SERVICE_RUNS
    )
    trivial_ms, build_ms = api.median_ms(trivial_times), api.median_ms(times)
    result.append(
        api.Row(
            "stats report",
            f"{tag} report service: build_report(info-migrants, {YEAR}) "
            f"({report.total:,} calls, {report.non_data:,} without object)",
            build_ms,
            "ms",
            build_ms / trivial_ms,
            trivial_ms,
            f"{_verdict(build_ms)}; median of {SERVICE_RUNS}; CPU of the Django process "
            f"{api.median_ms(cpu_times):.0f} ms; two grouped queries",
        )
    )
    for fmt in exports.FORMATS:
        content = exports.render(report, fmt)

        def build_and_render(fmt=fmt):
            exports.render(build_report(organisation=helpline, year=YEAR), fmt)

        trivial_times, times, cpu_times = timer.pairs(build_and_render, count=SERVICE_RUNS)
        render_times, render_cpu = [], []
        for _ in range(SERVICE_RUNS):
            begin, begin_cpu = time.perf_counter(), time.process_time()
            exports.render(report, fmt)
            render_times.append(time.perf_counter() - begin)
            render_cpu.append(time.process_time() - begin_cpu)
        trivial_ms, total_ms = api.median_ms(trivial_times), api.median_ms(times)
        result.append(
            api.Row(
                "stats report",
                f"{tag} report service: build_report + exports.render, {fmt}",
                total_ms,
                "ms",
                total_ms / trivial_ms,
                trivial_ms,
                f"{_verdict(total_ms)}; median of {SERVICE_RUNS} (CPU "
                f"{api.median_ms(cpu_times):.0f} ms), of which rendering "
                f"{api.median_ms(render_times):.0f} ms (CPU {api.median_ms(render_cpu):.0f} ms); "
                f"{len(content):,} B",
            )
        )
    result += _report_pdf_kept(timer, api, helpline)
    return result


def _report_pdf_kept(timer, api, helpline) -> list:
    """``services.report_pdf``, what the download runs: laid out once, then the kept file."""
    from permanence.helpline import services
    from permanence.helpline.models import RenderedReport
    from permanence.helpline.report import build_report

    def first():
        RenderedReport.objects.filter(organisation=helpline).delete()
        services.report_pdf(report=build_report(organisation=helpline, year=YEAR))

    def kept():
        services.report_pdf(report=build_report(organisation=helpline, year=YEAR))

    result = []
    for label, run in (
        ("first download after a change (laid out, then kept)", first),
        ("later downloads (the kept file)", kept),
    ):
        api.progress(f"report service: report_pdf, {label}")
        trivial_times, times, cpu_times = timer.pairs(run, count=SERVICE_RUNS)
        trivial_ms, total_ms = api.median_ms(trivial_times), api.median_ms(times)
        result.append(
            api.Row(
                "stats report",
                f"report service: build_report + services.report_pdf, {label}",
                total_ms,
                "ms",
                total_ms / trivial_ms,
                trivial_ms,
                f"{_verdict(total_ms)}; median of {SERVICE_RUNS} (CPU "
                f"{api.median_ms(cpu_times):.0f} ms)",
            )
        )
    return result


def _imports(bench, api, tag: str, data: dict) -> list:
    from django.core.management import call_command

    from permanence.helpline.models import CallSheet, ImportJob, ImportStatus

    helpline = data["helpline"]
    folder = Path(tempfile.mkdtemp(dir=bench.tmp))
    lines = import_lines(IMPORT_LINES)
    csv_path, xlsx_path = folder / "fiches.csv", folder / "fiches.xlsx"
    _write_csv(csv_path, lines)
    begin = time.perf_counter()
    _write_xlsx(xlsx_path, lines)
    api.progress(f"import files written (XLSX in {time.perf_counter() - begin:.0f} s)")
    result = []
    for kind, path in (("CSV", csv_path), ("XLSX", xlsx_path)):
        api.progress(f"import of {IMPORT_LINES:,} {kind} lines")
        before = CallSheet.objects.filter(organisation=helpline).count()
        cpu: list[float] = []

        def run(path=path, cpu=cpu) -> float:
            begin, begin_cpu = time.perf_counter(), time.process_time()
            call_command(
                "import_call_sheets",
                str(path),
                organisation=helpline.slug,
                stdout=io.StringIO(),
                stderr=io.StringIO(),
            )
            cpu.append(time.process_time() - begin_cpu)
            return time.perf_counter() - begin

        seconds, trivial_ms = bench.coarse_timing(run)
        job = ImportJob.objects.order_by("-created_at").first()
        added = CallSheet.objects.filter(organisation=helpline).count() - before
        if job.status != ImportStatus.DONE or job.imported != IMPORT_LINES or added != IMPORT_LINES:
            raise api.BenchError(
                f"{kind} import: {job.status}, {job.imported} imported: {job.message}"
            )
        verdict = "met" if seconds <= IMPORT_TARGET_S else "NOT met"
        result.append(
            api.Row(
                "stats import",
                f"{tag} import_call_sheets, {IMPORT_LINES:,} {kind} lines "
                f"({path.stat().st_size / 2**20:.1f} MB)",
                seconds,
                "s",
                seconds * 1000 / trivial_ms,
                trivial_ms,
                f"target ≤ {IMPORT_TARGET_S:g} s: {verdict}; "
                f"{IMPORT_LINES / seconds:,.0f} lines/s; "
                f"CPU time of the Django process {cpu[0]:.1f} s (the rest: PostgreSQL on the same "
                "2 CPUs); batches of 5,000, one COPY each",
            )
        )
    return result
