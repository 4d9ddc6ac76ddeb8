from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from permanence.accounts import perms as account_perms
from permanence.accounts.roles import Perm
from permanence.audit.models import Action
from permanence.audit.services import audit_log
from permanence.cases import perms, services
from permanence.cases.filters import CaseFilterForm
from permanence.cases.forms import BreakGlassForm, CaseCreateForm, CaseForm, EntryForm, ShareForm
from permanence.cases.models import Case, Entry
from permanence.cases.vocab import DocumentType, checklist
from permanence.core.lib.concurrency import StaleObjectError, mark_conflict
from permanence.core.lib.htmx import is_htmx
from permanence.orgs.models import Organisation

ENTRY_KINDS = ["contact", "note", "decision", "appointment", "task", "referral"]
# Decisions are recorded by the deadlines app (which computes the appeal deadline).
DIRECT_KINDS = [kind for kind in ENTRY_KINDS if kind != "decision"]
SHAREABLE_KINDS = ["group", "collective", "association"]


@require_GET
def case_list(request):
    form = CaseFilterForm(request.GET or None, user=request.user)
    page = Paginator(form.filter(perms.cases_for(request.user)), 25).get_page(
        request.GET.get("page")
    )
    audit_log(action=Action.OBJECT_LISTED, request=request, object_type="cases.case")
    template = "cases/case_list.html#results" if is_htmx(request) else "cases/case_list.html"
    return render(request, template, {"form": form, "page": page})


@require_http_methods(["GET", "POST"])
def case_create(request):
    person = perms.get_person(request.user, request.GET.get("person", ""), request=request)
    if not account_perms.has_perm(request.user, Perm.WRITE_CASES, person.organisation):
        raise Http404
    form = CaseCreateForm(request.POST or None, organisation=person.organisation)
    if request.method == "POST" and form.is_valid():
        case = services.case_create(
            person=person,
            organisation=person.organisation,
            topics=form.cleaned_data["topics"],
            assignees=form.cleaned_data["assignees"],
            legal_referent=form.cleaned_data["legal_referent"],
            token=form.cleaned_data["token"],
            request=request,
        )
        return redirect("cases:detail", case_id=case.pk)
    return render(request, "cases/case_create.html", {"form": form, "person": person})


def _entry_forms(case: Case, data=None, kind: str | None = None) -> dict:
    return {
        k: EntryForm(data if k == kind else None, kind=k, case=case, prefix=k) for k in ENTRY_KINDS
    }


def case_context(request, case: Case, forms: dict | None = None) -> dict:
    entries = case.entries.select_related(
        "author", "task_assignee", "referral_desk", "document"
    ).all()[:200]
    documents = list(case.person.documents.all())
    return {
        "case": case,
        "person": case.person,
        "entries": entries,
        "forms": forms or _entry_forms(case),
        "documents": documents,
        "checklist": checklist(topics=case.topics, present_types={d.doc_type for d in documents}),
        "shares": case.shares.select_related("organisation"),
        "break_glass": case.break_glass.select_related("user")[:10],
        "assignees": case.assignees.all(),
        "doc_types": DocumentType.choices,
        "decision_action": reverse("deadlines:record", args=[case.pk]),
    }


@require_GET
def case_detail(request, case_id):
    case = perms.get_case(request.user, case_id, request=request)
    return render(request, "cases/case_detail.html", case_context(request, case))


@require_POST
def entry_add(request, case_id, kind):
    case = perms.get_case(request.user, case_id, request=request, audit=False)
    if kind not in DIRECT_KINDS:
        raise Http404
    forms = _entry_forms(case, request.POST, kind)
    form = forms[kind]
    if form.is_valid():
        services.entry_add(
            case=case,
            entry=form.save(commit=False),
            token=form.cleaned_data["token"],
            request=request,
        )
        messages.success(request, _("Ajouté au suivi."))
        return redirect(f"{case_url(case)}#timeline")
    messages.error(request, _("Corrigez les champs signalés : rien n’a été perdu."))
    context = case_context(request, case, forms)
    context["open_form"] = kind
    return render(request, "cases/case_detail.html", context, status=400)


def case_url(case: Case) -> str:
    from django.urls import reverse

    return reverse("cases:detail", args=[case.pk])


@require_POST
def task_done(request, case_id, entry_id):
    case = perms.get_case(request.user, case_id, request=request, audit=False)
    entry = Entry.objects.filter(case=case, pk=entry_id, kind="task").first()
    if entry is None:
        raise Http404
    services.task_complete(entry=entry, request=request)
    return redirect(f"{case_url(case)}#timeline")


@require_http_methods(["GET", "POST"])
def case_edit(request, case_id):
    case = perms.get_case(request.user, case_id, request=request)
    form = CaseForm(request.POST or None, instance=case, organisation=case.organisation)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.case_update(form=form, request=request)
        except StaleObjectError:
            conflict = mark_conflict(form, Case.objects.get(pk=case.pk))
        else:
            messages.success(request, _("Le dossier a été enregistré."))
            return redirect("cases:detail", case_id=case.pk)
    context = {"form": form, "case": case, "conflict": conflict}
    return render(request, "cases/case_edit.html", context)


@require_http_methods(["GET", "POST"])
def break_glass(request, case_id):
    case = perms.get_case_for_break_glass(request.user, case_id)
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.break_glass_open(case=case, reason=form.cleaned_data["reason"], request=request)
        return redirect("cases:detail", case_id=case.pk)
    return render(request, "cases/break_glass.html", {"case": case, "form": form})


@require_http_methods(["GET", "POST"])
def case_share(request, case_id):
    case = perms.get_case(request.user, case_id, request=request)
    groups = Organisation.objects.active().filter(kind__in=SHAREABLE_KINDS)
    form = ShareForm(request.POST or None, organisations=groups.exclude(pk=case.organisation_id))
    if request.method == "POST" and form.is_valid():
        services.case_share(case=case, request=request, **form.cleaned_data)
        if form.cleaned_data["transfer"]:
            messages.success(request, _("Le dossier a été transféré."))
            return redirect("cases:list")
        messages.success(request, _("Le dossier a été partagé."))
        return redirect("cases:detail", case_id=case.pk)
    return render(request, "cases/case_share.html", {"case": case, "form": form})
