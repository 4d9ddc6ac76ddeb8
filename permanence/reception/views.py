"""The desk day: sessions, the live board, the end-of-session summary, call-backs and the rota.

Every view loads its session or arrival through ``perms.py`` (404 outside the user's groups).
The board's URL serves the whole page, or only the board for htmx's polling.
"""

from datetime import datetime, timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from permanence.audit.models import Action
from permanence.audit.services import audit_log
from permanence.cases import perms as case_perms
from permanence.cases.search import person_search
from permanence.core.lib.htmx import is_htmx
from permanence.reception import board as live_board
from permanence.reception import perms, services
from permanence.reception.forms import ArrivalForm, LinkForm, MoveForm, RotaForm, TakeForm
from permanence.reception.models import (
    ArrivalStatus,
    RotaRole,
    SessionSummary,
    board_name,
)
from permanence.reception.my_day import my_day_for

MAX_QUERY = 200


def _listed(request, organisation=None) -> None:
    audit_log(
        action=Action.OBJECT_LISTED,
        request=request,
        object_type="reception.arrival",
        organisation=organisation,
    )


@require_GET
def session_list(request):
    """Today's and the next two weeks' sessions of the user's desks (rows made on first view)."""
    today = timezone.localdate()
    desks = (
        perms.desks_for(request.user)
        .select_related("place")
        .prefetch_related("rules", "closures", "extra_sessions")
    )
    services.sessions_materialise(desks=desks, today=today)
    first = timezone.make_aware(datetime.combine(today, datetime.min.time()))
    sessions = (
        perms.sessions_for(request.user)
        .between(first, first + timedelta(days=services.LIST_DAYS + 1))
        .select_related("desk", "desk__place")
        .annotate(
            arrived=Count("arrivals", distinct=True),
            waiting=Count(
                "arrivals", filter=Q(arrivals__status=ArrivalStatus.WAITING), distinct=True
            ),
            volunteers=Count("rota__user", distinct=True),
        )
        .order_by("start", "desk_id")  # a grouped query drops the model's ordering
    )
    call_backs = perms.arrivals_for(request.user).to_call_back().count()
    context = {"sessions": sessions, "today": today, "call_backs": call_backs}
    return render(request, "reception/session_list.html", context)


@require_GET
def my_day(request):
    """« Ma journée »: the user's rota, interviews, tasks, appointments and requests."""
    day = my_day_for(request.user)
    audit_log(action=Action.OBJECT_LISTED, request=request, object_type="reception.my_day")
    return render(request, "reception/my_day.html", {"day": day, "today": timezone.localdate()})


@require_GET
def board(request, session_id):
    if is_htmx(request):
        session = perms.get_session(request.user, session_id, related=False)
        version = live_board.board_version(session, user=request.user)
        if request.headers.get(live_board.VERSION_HEADER) == version:
            return HttpResponse(status=204)  # nothing changed since the version shown
        context = live_board.board_context(session, user=request.user, version=version)
        return render(request, "reception/board.html#board", context)
    session = perms.get_session(request.user, session_id)
    context = live_board.board_context(session, user=request.user)
    _listed(request, session.desk.organisation)  # the 10-second polls are not logged again
    context["form"] = ArrivalForm()
    return render(request, "reception/board.html", context)


@require_POST
def arrival_add(request, session_id):
    session = perms.get_session(request.user, session_id)
    form = ArrivalForm(request.POST)
    if form.is_valid() and not session.is_closed:
        arrival = services.arrival_register(session=session, values=form.values(), request=request)
        messages.success(request, _("%(name)s est en attente.") % {"name": arrival.shown_name})
        return redirect("reception:board", session_id=session.pk)
    if session.is_closed:
        messages.error(request, _("La permanence est close : plus d’arrivée à enregistrer."))
    context = {**live_board.board_context(session, user=request.user), "form": form}
    return render(request, "reception/board.html", context, status=400)


@require_POST
def appointment_arrived(request, session_id, appointment_id):
    """The person with this appointment is here: they join the waiting column."""
    session = perms.get_session(request.user, session_id)
    appointment = perms.get_session_appointment(session, appointment_id)
    name = board_name(appointment.first_name)
    try:
        services.arrival_from_appointment(session=session, appointment=appointment, request=request)
    except services.SessionClosed:
        messages.error(request, _("La permanence est close : plus d’arrivée à enregistrer."))
    except services.AlreadyArrived:
        messages.error(request, _("L’arrivée de %(name)s est déjà enregistrée.") % {"name": name})
    else:
        messages.success(request, _("%(name)s est en attente.") % {"name": name})
    return redirect("reception:board", session_id=session.pk)


@require_POST
def arrival_take(request, arrival_id):
    arrival = perms.get_arrival(request.user, arrival_id)
    form = TakeForm(request.POST)
    room = form.cleaned_data["room"] if form.is_valid() else ""
    try:
        services.arrival_take(arrival=arrival, room=room, request=request)
    except services.AlreadyTaken as refused:
        current = refused.current
        if current.volunteer is not None:
            text = _("Déjà pris·e par %(volunteer)s.") % {"volunteer": current.volunteer}
        else:
            text = _("%(name)s n’est plus en attente (%(status)s).") % {
                "name": current.shown_name,
                "status": current.get_status_display(),
            }
        messages.error(request, text)
    else:
        messages.success(request, _("Vous recevez %(name)s.") % {"name": arrival.shown_name})
    return redirect("reception:board", session_id=arrival.session_id)


@require_POST
def arrival_move(request, arrival_id):
    arrival = perms.get_arrival(request.user, arrival_id)
    form = MoveForm(request.POST)
    if not form.is_valid():
        raise Http404
    try:
        services.arrival_move(arrival=arrival, status=form.cleaned_data["status"], request=request)
    except services.TransitionRefused:
        arrival.refresh_from_db()
        messages.error(
            request,
            _("Rien n’a changé : %(name)s est à présent « %(status)s ».")
            % {"name": arrival.shown_name, "status": arrival.get_status_display()},
        )
    else:
        messages.success(
            request,
            _("%(name)s : %(status)s.")
            % {"name": arrival.shown_name, "status": arrival.get_status_display()},
        )
    return redirect("reception:board", session_id=arrival.session_id)


@require_http_methods(["GET", "POST"])
def arrival_link(request, arrival_id):
    """From an interview to the person's case: find the person, pick a case, add the contact."""
    arrival = perms.get_arrival(request.user, arrival_id)
    source = request.POST if request.method == "POST" else request.GET
    query = source.get("q", arrival.search_name).strip()[:MAX_QUERY]
    people = case_perms.people_for(request.user)
    person = None
    if source.get("person"):
        person = case_perms.get_person(request.user, source["person"], request=request)
    cases = case_perms.cases_for(request.user).filter(person=person) if person else []
    form = LinkForm(
        request.POST or None, cases=cases, initial={"person": getattr(person, "pk", "")}
    )
    if request.method == "POST" and person is not None and form.is_valid():
        case = next(case for case in cases if str(case.pk) == form.cleaned_data["case"])
        services.arrival_link(
            arrival=arrival,
            person=person,
            case=case,
            text=form.cleaned_data["text"],
            token=form.cleaned_data["token"],
            request=request,
        )
        messages.success(request, _("Le contact a été ajouté au suivi."))
        return redirect("cases:detail", case_id=case.pk)
    results = person_search(queryset=people, q=query) if query and person is None else []
    if person is None:
        audit_log(action=Action.OBJECT_SEARCHED, request=request, object_type="cases.person")
    context = {"arrival": arrival, "q": query, "results": results, "person": person}
    return render(request, "reception/link.html", {**context, "cases": cases, "form": form})


@require_GET
def summary(request, session_id):
    session = perms.get_session(request.user, session_id)
    arrivals = list(session.arrivals.select_related("volunteer"))
    _listed(request, session.desk.organisation)
    context = {"session": session, "summary": SessionSummary(arrivals, timezone.now())}
    return render(request, "reception/summary.html", context)


@require_POST
def session_close(request, session_id):
    session = perms.get_session(request.user, session_id)
    if services.session_close(session=session, request=request):
        messages.success(request, _("La permanence est close. Merci pour cette journée !"))
    return redirect("reception:summary", session_id=session.pk)


@require_GET
def call_backs(request):
    arrivals = (
        perms.arrivals_for(request.user)
        .to_call_back()
        .select_related("session", "session__desk")
        .order_by("-arrived_at")
    )
    page = Paginator(arrivals, 50).get_page(request.GET.get("page"))
    _listed(request)
    return render(request, "reception/call_backs.html", {"page": page})


@require_POST
def arrival_called_back(request, arrival_id):
    arrival = perms.get_arrival(request.user, arrival_id)
    services.arrival_called_back(arrival=arrival, request=request)
    messages.success(request, _("%(name)s a été rappelé·e.") % {"name": arrival.shown_name})
    return redirect("reception:call_backs")


@require_http_methods(["GET", "POST"])
def rota(request, session_id):
    """Who comes, for which role; one click to sign up for a role."""
    session = perms.get_session(request.user, session_id)
    form = RotaForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid() and not session.is_closed:
            services.rota_sign_up(session=session, role=form.cleaned_data["role"], request=request)
            messages.success(
                request, _("Vous êtes inscrit·e. Un rappel vous sera envoyé la veille.")
            )
        return redirect("reception:rota", session_id=session.pk)
    slots = list(session.rota.select_related("user"))
    roles = [
        (
            role,
            label,
            [slot for slot in slots if slot.role == role],
            next((s for s in slots if s.role == role and s.user_id == request.user.pk), None),
        )
        for role, label in RotaRole.choices
    ]
    return render(request, "reception/rota.html", {"session": session, "roles": roles})


@require_POST
def rota_withdraw(request, session_id, slot_id):
    session = perms.get_session(request.user, session_id)
    slot = perms.get_own_slot(request.user, session, slot_id)
    services.rota_withdraw(slot=slot)
    messages.success(request, _("Vous êtes désinscrit·e ; le rappel est annulé."))
    return redirect("reception:rota", session_id=session.pk)
