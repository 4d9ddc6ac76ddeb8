"""The inbox of the desk's volunteers: the list, a request and its thread, logging a call or a
message, and turning a request into a case.

Every view loads its request through ``perms.py`` (404 outside the user's groups, and for roles
that do not run a desk). Each display of a request writes an audit event (ids only).
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from permanence.accounts import perms as account_perms
from permanence.accounts.roles import Perm
from permanence.audit.models import Action
from permanence.audit.services import audit_log
from permanence.cases import perms as case_perms
from permanence.cases.search import person_search
from permanence.core.lib.htmx import is_htmx
from permanence.inbox import perms, services
from permanence.inbox.forms import (
    CaseFromRequestForm,
    InboxFilterForm,
    LogRequestForm,
    NoteForm,
    StateForm,
)
from permanence.inbox.models import Request, State

PAGE_SIZE = 50
MAX_QUERY = 200
CONFLICT = gettext_lazy(
    "Quelqu’un a changé cette demande pendant ce temps (elle est maintenant « %(state)s »). "
    "Rien n’a été modifié : voici son état actuel."
)


@require_GET
def inbox(request):
    perms.require_inbox(request.user)
    form = InboxFilterForm(request.GET or None)
    requests = form.filter(perms.requests_for(request.user), request.user)
    page = Paginator(requests, PAGE_SIZE).get_page(request.GET.get("page"))
    audit_log(action=Action.OBJECT_LISTED, request=request, object_type="inbox.request")
    template = "inbox/inbox.html#results" if is_htmx(request) else "inbox/inbox.html"
    new_count = perms.requests_for(request.user).filter(state=State.NEW).count()
    return render(request, template, {"form": form, "page": page, "new_count": new_count})


@require_http_methods(["GET", "POST"])
def request_new(request):
    """A call, an SMS, a WhatsApp or Signal message written down by a volunteer."""
    perms.require_inbox(request.user)
    form = LogRequestForm(
        request.POST or None,
        desks=perms.desks_for(request.user).select_related("organisation").order_by("name"),
        organisations=perms.organisations_for(request.user),
    )
    if request.method == "POST" and form.is_valid():
        help_request = services.request_log(
            organisation=form.cleaned_data["organisation"],
            desk=form.cleaned_data["desk"],
            values=form.values(),
            take=form.cleaned_data["take"],
            token=form.cleaned_data["token"],
            request=request,
        )
        messages.success(request, _("La demande est enregistrée."))
        return redirect("inbox:detail", request_id=help_request.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "inbox/new.html", {"form": form}, status=status)


def _render_detail(request, help_request: Request, *, status: int = 200, **forms):
    """The request page (each display is a read of the request, written to the journal)."""
    audit_log(
        action=Action.OBJECT_READ,
        request=request,
        obj=help_request,
        organisation=help_request.organisation,
    )
    state_form = forms.get("state_form") or StateForm(initial={"version": help_request.version})
    moves = [
        (action, label)
        for action, label in StateForm.ACTIONS
        if help_request.state in services.MOVES[action].sources
    ]
    can_case = help_request.state in services.TO_CASE_SOURCES and account_perms.has_perm(
        request.user, Perm.WRITE_CASES, help_request.organisation
    )
    context = {
        "help_request": help_request,
        "notes": help_request.notes.select_related("author"),
        "note_form": forms.get("note_form") or NoteForm(),
        "state_form": state_form,
        "moves": moves,
        "can_case": can_case,
    }
    return render(request, "inbox/detail.html", context, status=status)


@require_GET
def request_detail(request, request_id):
    return _render_detail(request, perms.get_request(request.user, request_id, audit=False))


@require_POST
def request_take(request, request_id):
    help_request = perms.get_request(request.user, request_id, audit=False)
    try:
        services.request_take(help_request=help_request, request=request)
    except services.AlreadyTaken as refused:
        current = refused.current
        if current.owner is not None:
            text = _("Déjà prise en charge par %(volunteer)s.") % {"volunteer": current.owner}
        else:
            text = _("Cette demande n’est plus nouvelle : elle est « %(state)s ».") % {
                "state": current.get_state_display()
            }
        messages.error(request, text)
    else:
        messages.success(request, _("Vous vous occupez de cette demande."))
    return redirect("inbox:detail", request_id=help_request.pk)


@require_POST
def request_state(request, request_id):
    """Answered, closed or reopened, from the version shown (a stale page changes nothing)."""
    help_request = perms.get_request(request.user, request_id, audit=False)
    form = StateForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, help_request, status=400, state_form=form)
    try:
        services.request_move(
            help_request=help_request,
            action=form.cleaned_data["action"],
            expected_version=form.cleaned_data["version"],
            note=form.cleaned_data["note"],
            request=request,
        )
    except services.StaleRequest as stale:
        current = perms.get_request(request.user, help_request.pk, audit=False)
        messages.error(request, CONFLICT % {"state": stale.current.get_state_display()})
        data = request.POST.copy()
        data["version"] = current.version
        return _render_detail(request, current, status=409, state_form=StateForm(data))
    done = dict(StateForm.ACTIONS)[form.cleaned_data["action"]]
    messages.success(request, _("Demande marquée « %(state)s ».") % {"state": done})
    return redirect("inbox:detail", request_id=help_request.pk)


@require_POST
def request_note(request, request_id):
    help_request = perms.get_request(request.user, request_id, audit=False)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, help_request, status=400, note_form=form)
    services.request_note_add(
        help_request=help_request, text=form.cleaned_data["text"], request=request
    )
    messages.success(request, _("La note est ajoutée au suivi."))
    return redirect("inbox:detail", request_id=help_request.pk)


@require_http_methods(["GET", "POST"])
def request_case(request, request_id):
    """Find the person (or create them), then open a case holding the request as a contact."""
    help_request = perms.get_request(request.user, request_id, audit=False)
    organisation = help_request.organisation
    if not account_perms.has_perm(request.user, Perm.WRITE_CASES, organisation):
        raise Http404
    if help_request.state not in services.TO_CASE_SOURCES:
        messages.info(request, _("Cette demande ne peut plus devenir un dossier."))
        return redirect("inbox:detail", request_id=help_request.pk)
    source = request.POST if request.method == "POST" else request.GET
    person = _chosen_person(request, help_request, source.get("person"))
    initial = {
        "person": getattr(person, "pk", None),
        "new_name": help_request.name,
        "summary": services.case_summary(help_request),
        "version": help_request.version,
    }
    form = CaseFromRequestForm(request.POST or None, initial=initial)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        response = _case_create(request, help_request, person, form)
        if response is not None:
            return response
        status = 409
    audit_log(
        action=Action.OBJECT_READ, request=request, obj=help_request, organisation=organisation
    )
    context = {"help_request": help_request, "form": form, "person": person}
    context.update(_person_search(request, help_request, source, person))
    return render(request, "inbox/case.html", context, status=status)


def _chosen_person(request, help_request: Request, person_id):
    """The person picked for the case: readable by the user and of the request's group."""
    if not person_id:
        return None
    person = case_perms.get_person(request.user, person_id, request=request)
    if person.organisation_id != help_request.organisation_id:
        raise Http404
    return person


def _person_search(request, help_request: Request, source, person) -> dict:
    """Search the request's group for the person, unless chosen or being created."""
    creating = person is None and (source.get("new") == "1" or bool(source.get("new_name")))
    query = source.get("q", help_request.name).strip()[:MAX_QUERY]
    results = []
    if person is None and not creating and query:
        people = case_perms.people_for(request.user).filter(
            organisation_id=help_request.organisation_id
        )
        results = person_search(queryset=people, q=query)
        audit_log(action=Action.OBJECT_SEARCHED, request=request, object_type="cases.person")
    return {"q": query, "results": results, "creating": creating}


def _case_create(request, help_request, person, form):
    """The case is opened (a redirect), or someone changed the request meanwhile (None: the
    form is shown again with a message and what was typed)."""
    data = form.cleaned_data
    try:
        case = services.request_to_case(
            help_request=help_request,
            person=person,
            new_name="" if person else data["new_name"],
            topics=data["topics"],
            summary=data["summary"],
            expected_version=data["version"],
            token=data["token"],
            request=request,
        )
    except services.StaleRequest as stale:
        current = stale.current
        if current.state == State.CASE:
            messages.info(request, _("Cette demande est déjà devenue un dossier."))
            return redirect("inbox:detail", request_id=help_request.pk)
        messages.error(request, CONFLICT % {"state": current.get_state_display()})
        values = request.POST.copy()
        values["version"] = current.version
        form.data = values
        return None
    messages.success(request, _("Le dossier est ouvert : la demande y figure comme contact."))
    return redirect("cases:detail", case_id=case.pk)  # where the next step is: a task, a document
