"""The activity report as text, PDF (WeasyPrint), XLSX (openpyxl) and ODS (odfpy).

Spreadsheets hold a sheet of sentences ("Synthèse") and one sheet per table; figures are numbers
(shares as percentages, amounts in euros) so that funders can compute with them.
"""

import io
import re
from decimal import Decimal

from django.template.loader import render_to_string

from permanence.helpline import charts
from permanence.helpline import frformat as fr
from permanence.helpline.report import ActivityReport, Percent

FORMATS = {
    "text": ("text/plain; charset=utf-8", "txt"),
    "pdf": ("application/pdf", "pdf"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", "ods"),
}
SUMMARY_SHEET = "Synthèse"


def cell_text(value) -> str:
    if isinstance(value, Percent):
        return fr.percent(value, 2)
    if isinstance(value, Decimal):
        return fr.euros(value)
    if isinstance(value, int):
        return fr.number(value)
    return str(value)


def filename(report: ActivityReport, extension: str) -> str:
    return f"rapport-activite-{report.organisation.slug}-{report.year}.{extension}"


def render(report: ActivityReport, format: str) -> bytes:
    return {"text": render_text, "pdf": render_pdf, "xlsx": render_xlsx, "ods": render_ods}[format](
        report
    )


# --- Text ---------------------------------------------------------------------------------------


def render_text(report: ActivityReport) -> bytes:
    blocks = [report.text]
    for table in report.all_tables:
        cells = [table.columns] + [[cell_text(v) for v in row] for row in table.rows]
        widths = [max(len(str(row[i])) for row in cells) for i in range(len(table.columns))]
        lines = [table.title, "=" * len(table.title)]
        for row in cells:
            first, *others = row
            lines.append(
                "  ".join(
                    [str(first).ljust(widths[0])]
                    + [str(v).rjust(w) for v, w in zip(others, widths[1:], strict=True)]
                ).rstrip()
            )
        if table.note:
            lines.append(table.note)
        blocks.append("\n".join(lines))
    return ("\n\n".join(blocks) + "\n").encode()


# --- PDF ----------------------------------------------------------------------------------------


def report_html_tables(report: ActivityReport) -> list[dict]:
    """Each table with its cells written out and its chart, for the page and the PDF."""
    return [
        {
            "table": table,
            "rows": [[cell_text(v) for v in row] for row in table.rows],
            "chart": charts.bar_chart(
                chart_id=f"chart-{table.key}", title=table.title, rows=table.chart
            ),
        }
        for table in report.all_tables
    ]


def report_html(report: ActivityReport, tables: list[dict] | None = None) -> str:
    """The HTML the PDF is laid out from (``tables``: ``report_html_tables`` if already made)."""
    context = {"report": report, "tables": report_html_tables(report) if tables is None else tables}
    return render_to_string("helpline/report_pdf.html", context)


def render_pdf(report: ActivityReport) -> bytes:
    return pdf_from_html(report_html(report))


def pdf_from_html(html: str) -> bytes:
    """WeasyPrint's layout: about a second of CPU, hence the cache of ``services.report_pdf``."""
    from weasyprint import HTML

    return HTML(string=html, base_url=None).write_pdf()


# --- Spreadsheets -------------------------------------------------------------------------------


def _sheet_names(report: ActivityReport) -> list[str]:
    """Titles fit for both formats: 31 characters, none of []:*?/\\, unique."""
    names, seen = [], {SUMMARY_SHEET}
    for table in report.all_tables:
        name = re.sub(r"[\[\]:*?/\\]", "-", table.title)[:31]
        while name in seen:
            name = name[:28] + f" {len(seen)}"
        seen.add(name)
        names.append(name)
    return names


def render_xlsx(report: ActivityReport) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    summary = workbook.active
    summary.title = SUMMARY_SHEET
    summary.column_dimensions["A"].width = 120
    summary.append([f"Rapport d’activité {report.year} : {report.organisation.name}"])
    summary["A1"].font = Font(bold=True, size=14)
    for paragraph in report.paragraphs + report.budget_paragraphs:
        summary.append([paragraph])
        summary.cell(row=summary.max_row, column=1).alignment = Alignment(wrap_text=True)
    for table, name in zip(report.all_tables, _sheet_names(report), strict=True):
        sheet = workbook.create_sheet(name)
        sheet.append(table.columns)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([float(v) if isinstance(v, Decimal | Percent) else v for v in row])
            for cell, value in zip(sheet[sheet.max_row], row, strict=True):
                if isinstance(value, Percent):
                    cell.number_format = "0.00%"
                elif isinstance(value, Decimal):
                    cell.number_format = '#,##0.00 "€"'
        if table.note:
            sheet.append([])
            sheet.append([table.note])
        sheet.column_dimensions["A"].width = 40
        for letter in "BCDE":
            sheet.column_dimensions[letter].width = 16
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _ods_cell(value):
    from odf.table import TableCell
    from odf.text import P

    if isinstance(value, Percent):
        cell = TableCell(valuetype="percentage", value=float(value))
    elif isinstance(value, Decimal):
        cell = TableCell(valuetype="currency", currency="EUR", value=str(value))
    elif isinstance(value, int):
        cell = TableCell(valuetype="float", value=value)
    else:
        cell = TableCell(valuetype="string")
    cell.addElement(P(text=cell_text(value)))
    return cell


def render_ods(report: ActivityReport) -> bytes:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table as OdsTable
    from odf.table import TableRow

    document = OpenDocumentSpreadsheet()

    def add_sheet(name: str, rows: list[list]) -> None:
        sheet = OdsTable(name=name)
        for values in rows:
            row = TableRow()
            for value in values:
                row.addElement(_ods_cell(value))
            sheet.addElement(row)
        document.spreadsheet.addElement(sheet)

    title = f"Rapport d’activité {report.year} : {report.organisation.name}"
    add_sheet(
        SUMMARY_SHEET, [[title]] + [[p] for p in report.paragraphs + report.budget_paragraphs]
    )
    for table, name in zip(report.all_tables, _sheet_names(report), strict=True):
        rows: list[list] = [table.columns, *table.rows]
        if table.note:
            rows += [[""], [table.note]]
        add_sheet(name, rows)
    output = io.BytesIO()
    document.write(output)
    return output.getvalue()
