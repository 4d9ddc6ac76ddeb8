import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from permanence.accounts import perms as account_perms
from permanence.accounts.roles import Perm
from permanence.audit.models import Action
from permanence.audit.services import audit_log
from permanence.cases import perms, services
from permanence.cases.filters import CaseFilterForm
from permanence.cases.forms import (
    BreakGlassForm,
    CaseCreateForm,
    CaseForm,
    EntryForm,
    ReferralStatusForm,
    ShareForm,
)
from permanence.cases.models import Case, Entry
from permanence.cases.views.refusals import not_managed
from permanence.cases.vocab import DocumentType, EntryKind, ReferralStatus, checklist
from permanence.core.lib.concurrency import StaleObjectError, mark_conflict
from permanence.core.lib.htmx import is_htmx
from permanence.orgs.models import Organisation

# The kinds of entry a volunteer adds on the case page, in the order of the page: the title of
# the form's <details> and its button.
ENTRY_FORMS = {
    "contact": (gettext_lazy("Un contact"), gettext_lazy("Ajouter le contact")),
    "task": (gettext_lazy("Une tâche"), gettext_lazy("Ajouter la tâche")),
    "note": (gettext_lazy("Une note confidentielle"), gettext_lazy("Ajouter la note")),
    "decision": (gettext_lazy("Une décision reçue"), gettext_lazy("Enregistrer la décision")),
    "appointment": (
        gettext_lazy("Un rendez-vous avec une administration"),
        gettext_lazy("Enregistrer le rendez-vous"),
    ),
    "referral": (gettext_lazy("Une orientation"), gettext_lazy("Enregistrer l’orientation")),
}
ENTRY_KINDS = list(ENTRY_FORMS)
# Entries shown on the case page before "show the older entries": what a volunteer reads during
# an interview, and a page light enough for a cheap phone.
TIMELINE_PAGE = 30
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


def _entry_form_action(case: Case, kind: str) -> str:
    if kind == "decision":
        return reverse("deadlines:record", args=[case.pk])
    return reverse("cases:entry_add", args=[case.pk, kind])


def entry_forms(case: Case, forms: dict | None = None, open_form: str | None = None) -> list:
    """The "add to the timeline" forms of the case page, as (kind, title, button, action, form).

    Only the contact form (the one used during an interview) and the form being corrected are
    built and rendered with the page; the others come when their <details> is opened (htmx), or
    on a page of their own without JavaScript. Rendering the six forms' widgets was most of the
    case page's time (``make bench``, cases stage)."""
    forms = dict(forms or {})
    for kind in {"contact", open_form} - {None} - set(forms):
        forms[kind] = EntryForm(kind=kind, case=case, prefix=kind)
    return [
        (kind, title, button, _entry_form_action(case, kind), forms.get(kind))
        for kind, (title, button) in ENTRY_FORMS.items()
    ]


def case_context(
    request, case: Case, forms: dict | None = None, open_form: str | None = None
) -> dict:
    entries = case.entries.select_related(
        "author", "task_assignee", "referral_desk", "referral_changed_by", "document"
    )
    # The newest entries first; the whole timeline on demand ("?timeline=all").
    older_hidden = False
    if request.GET.get("timeline") != "all":
        entries = list(entries[: TIMELINE_PAGE + 1])
        older_hidden = len(entries) > TIMELINE_PAGE
        entries = entries[:TIMELINE_PAGE]
    documents = list(case.person.documents.all())
    return {
        "case": case,
        "person": case.person,
        "entries": entries,
        "older_hidden": older_hidden,
        "entry_forms": entry_forms(case, forms, open_form),
        "open_form": open_form,
        "documents": documents,
        "checklist": checklist(topics=case.topics, present_types={d.doc_type for d in documents}),
        "shares": case.shares.select_related("organisation"),
        "break_glass": case.break_glass.select_related("user")[:10],
        "assignees": case.assignees.all(),
        "doc_types": DocumentType.choices,
        "upload_token": uuid.uuid4(),
        "referral_statuses": ReferralStatus.choices,
        "can_manage": perms.may_manage(request.user, case.organisation),
    }


@require_GET
def case_detail(request, case_id):
    try:
        case = perms.get_case(request.user, case_id, request=request)
    except Http404:
        # A legal referent above the case's group (a link from a colleague, say): the way in is
        # the exceptional access, with a written reason. Everyone else: 404.
        perms.get_case_for_break_glass(request.user, case_id)
        return redirect("cases:break_glass", case_id=case_id)
    return render(request, "cases/case_detail.html", case_context(request, case))


@require_http_methods(["GET", "POST"])
def entry_add(request, case_id, kind):
    """GET: the empty form of one kind of entry (the fragment for htmx, else a page of its own);
    POST: add the entry (decisions are posted to the deadlines app)."""
    case = perms.get_case(request.user, case_id, request=request, audit=False)
    if kind not in ENTRY_FORMS or (request.method == "POST" and kind not in DIRECT_KINDS):
        raise Http404
    if request.method == "GET":
        title, button = ENTRY_FORMS[kind]
        context = {
            "case": case,
            "kind": kind,
            "title": title,
            "button": button,
            "action": _entry_form_action(case, kind),
            "form": EntryForm(kind=kind, case=case, prefix=kind),
        }
        template = "cases/_entry_form.html" if is_htmx(request) else "cases/entry_form.html"
        return render(request, template, context)
    form = EntryForm(request.POST, kind=kind, case=case, prefix=kind)
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
    context = case_context(request, case, {kind: form}, open_form=kind)
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


@require_POST
def referral_status(request, case_id, entry_id):
    """Change the status of a referral on the timeline (proposed → accepted → done, or refused)."""
    case = perms.get_case(request.user, case_id, request=request, audit=False)
    entry = Entry.objects.filter(case=case, pk=entry_id, kind=EntryKind.REFERRAL).first()
    if entry is None:
        raise Http404
    form = ReferralStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez un des statuts proposés : rien n’a été changé."))
    else:
        try:
            changed = services.referral_set_status(
                entry=entry,
                status=form.cleaned_data["status"],
                seen=form.cleaned_data["seen"],
                request=request,
            )
        except services.StaleReferral as stale:
            label = ReferralStatus(stale.current).label if stale.current else "—"
            messages.warning(
                request,
                _(
                    "Quelqu’un a changé le statut de cette orientation entre-temps : elle est "
                    "maintenant « %(status)s ». Rien n’a été changé, choisissez à nouveau."
                )
                % {"status": label},
            )
        else:
            if changed:
                messages.success(request, _("Le statut de l’orientation a été changé."))
    return redirect(f"{case_url(case)}#entry-{entry.pk}")


@require_http_methods(["GET", "POST"])
def case_edit(request, case_id):
    try:
        case = perms.get_case_to_manage(request.user, case_id, request=request)
    except perms.NotManaged as refused:
        return not_managed(request, refused)
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
    try:
        case = perms.get_case_to_manage(request.user, case_id, request=request)
    except perms.NotManaged as refused:
        return not_managed(request, refused)
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
