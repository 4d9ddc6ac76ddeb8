import csv
import io

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from permanence.audit.models import Action
from permanence.audit.services import audit_log
from permanence.core.lib import csvsafe, france
from permanence.core.lib.htmx import is_htmx
from permanence.helpline import exports, importer, perms, services
from permanence.helpline.forms import (
    BUDGET_CATEGORIES,
    LANGUAGE_SUGGESTIONS,
    BudgetLineFormSet,
    CallSheetForm,
    ImportForm,
    ReportBudgetForm,
    YearForm,
)
from permanence.helpline.models import PARIS, CallSheet, ReportBudget
from permanence.helpline.report import build_report

# --- Call sheets --------------------------------------------------------------------------------


def _today_counts(organisation) -> dict:
    today = timezone.now().astimezone(PARIS).date()
    return (
        CallSheet.objects.filter(organisation=organisation)
        .on_day(today)
        .aggregate(calls=Count("id"), non_data=Count("id", filter=Q(non_data=True)))
    )


def _saved_message(request, organisation, text: str) -> None:
    calls = _today_counts(organisation)["calls"]
    today = _("Appels aujourd’hui : %(count)s.") % {"count": calls}
    messages.success(request, f"{text} {today}")


@require_http_methods(["GET", "POST"])
def call_create(request, slug):
    organisation = perms.get_helpline(request.user, slug)
    form = CallSheetForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.call_sheet_create(
            organisation=organisation,
            sheet=form.save(commit=False),
            by=request.user,
            token=form.cleaned_data["token"],
        )
        _saved_message(request, organisation, _("Fiche enregistrée."))
        return redirect("helpline:call_create", slug=organisation.slug)
    context = {
        "organisation": organisation,
        "nav": perms.nav_for(request.user, organisation),
        "form": form,
        "today": _today_counts(organisation),
        "departements": france.DEPARTEMENTS.values(),
        "languages": LANGUAGE_SUGGESTIONS,
    }
    return render(request, "helpline/call_form.html", context, status=400 if form.errors else 200)


@require_POST
def call_non_data(request, slug):
    organisation = perms.get_helpline(request.user, slug)
    services.non_data_call_create(organisation=organisation, by=request.user)
    _saved_message(request, organisation, _("Appel sans objet compté."))
    return redirect("helpline:call_create", slug=organisation.slug)


@require_GET
def call_list(request, slug):
    organisation = perms.get_helpline(request.user, slug)
    sheets = CallSheet.objects.filter(organisation=organisation)
    page = Paginator(sheets, 50).get_page(request.GET.get("page"))
    context = {"organisation": organisation, "page": page}
    context["nav"] = perms.nav_for(request.user, organisation)
    return render(request, "helpline/call_list.html", context)


# --- Imports ------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def import_upload(request, slug):
    organisation = perms.get_helpline(request.user, slug)
    bound = request.method == "POST"
    form = ImportForm(request.POST if bound else None, request.FILES if bound else None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = services.import_job_start(
            organisation=organisation,
            filename=upload.name,
            data=upload.read(),
            skip_invalid=form.cleaned_data["skip_invalid"],
            by=request.user,
            request=request,
        )
        return redirect("helpline:import_detail", slug=organisation.slug, job_id=job.pk)
    context = {"organisation": organisation, "form": form, "columns": importer.COLUMNS}
    context["nav"] = perms.nav_for(request.user, organisation)
    return render(request, "helpline/import_form.html", context, status=400 if form.errors else 200)


@require_GET
def import_detail(request, slug, job_id):
    organisation = perms.get_helpline(request.user, slug)
    job = perms.get_import_job(organisation, job_id)
    template = "helpline/import_detail.html"
    context = {"organisation": organisation, "job": job, "errors": job.errors[:50]}
    context["nav"] = perms.nav_for(request.user, organisation)
    return render(request, f"{template}#progress" if is_htmx(request) else template, context)


@require_GET
def import_errors(request, slug, job_id):
    organisation = perms.get_helpline(request.user, slug)
    job = perms.get_import_job(organisation, job_id)
    output = io.StringIO()
    writer = csvsafe.Writer(output)
    writer.writerow(["ligne", "colonne", "valeur", "erreur"])
    for error in job.errors:
        writer.writerow([error["line"], error["column"], error["value"], error["message"]])
    response = HttpResponse("\ufeff" + output.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="erreurs-import-{job.pk}.csv"'
    return response


@require_GET
def import_template(request, slug):
    perms.get_helpline(request.user, slug)
    sample = [
        importer.COLUMNS,
        [
            "2020-01-06",
            "particulier",
            "femme",
            "",
            "93",
            "afrique",
            "sejour;famille",
            "09:42",
            "12",
            "fr",
        ],
        [
            "2020-01-06",
            "professionnel",
            "",
            "association",
            "75",
            "maghreb",
            "droits_sociaux",
            "10:05",
            "",
            "",
        ],
    ]
    output = io.StringIO()
    csv.writer(output).writerows(sample)
    response = HttpResponse(output.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="fiches-appel-modele.csv"'
    return response


# --- Report -------------------------------------------------------------------------------------


def _year(request) -> int:
    form = YearForm(request.GET or None)
    if form.is_valid():
        return form.cleaned_data["year"]
    if "year" in request.GET:
        raise Http404
    return timezone.now().astimezone(PARIS).year


def _report_context(request, organisation, year: int, forms: tuple | None = None) -> dict:
    report = build_report(organisation=organisation, year=year)
    tables = exports.report_html_tables(report)
    context = {
        "organisation": organisation,
        "nav": perms.nav_for(request.user, organisation),
        "year": year,
        "report": report,
        "tables": tables,
        "formats": [("pdf", "PDF"), ("xlsx", "XLSX"), ("ods", "ODS"), ("text", _("Texte"))],
        "pdf_ready": services.report_pdf_prepare(report=report, tables=tables),
    }
    if perms.can_edit_budget(request.user, organisation):
        budget = ReportBudget.objects.filter(organisation=organisation, year=year).first()
        budget = budget or ReportBudget(organisation=organisation, year=year)
        form, formset = forms or (
            ReportBudgetForm(instance=budget),
            BudgetLineFormSet(instance=budget, prefix="lines"),
        )
        context.update(budget_form=form, formset=formset, categories=BUDGET_CATEGORIES)
    return context


@require_GET
def report(request, slug):
    organisation = perms.get_reporting(request.user, slug)
    context = _report_context(request, organisation, _year(request))
    return render(request, "helpline/report.html", context)


@require_GET
def report_download(request, slug):
    organisation = perms.get_reporting(request.user, slug)
    year, format = _year(request), request.GET.get("format", "")
    if format not in exports.FORMATS:
        raise Http404
    report = build_report(organisation=organisation, year=year)
    if format == "pdf":
        content = services.report_pdf(report=report)
    else:
        content = exports.render(report, format)
    audit_log(
        action=Action.OBJECT_EXPORTED,
        request=request,
        object_type="helpline.report",
        object_id=f"{organisation.pk}:{year}:{format}",
        organisation=organisation,
    )
    content_type, extension = exports.FORMATS[format]
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{exports.filename(report, extension)}"'
    )
    return response


@require_POST
def budget_edit(request, slug):
    organisation = perms.get_budgeting(request.user, slug)
    year = _year(request)
    budget = ReportBudget.objects.filter(organisation=organisation, year=year).first()
    budget = budget or ReportBudget(organisation=organisation, year=year)
    form = ReportBudgetForm(request.POST, instance=budget)
    formset = BudgetLineFormSet(request.POST, instance=budget, prefix="lines")
    if form.is_valid() and formset.is_valid():
        services.report_budget_save(form=form, formset=formset, request=request)
        messages.success(request, _("Le budget a été enregistré."))
        return redirect(f"{reverse('helpline:report', args=[organisation.slug])}?year={year}")
    context = _report_context(request, organisation, year, (form, formset))
    return render(request, "helpline/report.html", context, status=400)
