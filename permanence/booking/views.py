"""Appointments: the volunteers' booking page (during a phone call), the day's list, the
coordinators' reasons, and the public booking page with its confirmation and cancellation.

Volunteers' pages load the desk or the appointment through ``perms.py`` (404 outside the user's
groups). Public pages are never cached: they hold a form, or a person's appointment.
"""

from datetime import date, datetime, time, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from permanence.accounts import perms as account_perms
from permanence.accounts.roles import Perm
from permanence.audit.models import Action
from permanence.audit.services import audit_log
from permanence.booking import perms, services
from permanence.booking.forms import (
    BookingForm,
    PublicBookingForm,
    ReasonForm,
    StatusForm,
    form_stamp,
)
from permanence.booking.models import BookingReason, desk_timezone
from permanence.core.lib.htmx import is_htmx
from permanence.directory import perms as directory_perms

SLOTS_SHOWN = 24
PUBLIC_SLOTS_SHOWN = 40


def _pick_reason(reasons: list[BookingReason], value) -> BookingReason | None:
    """The reason named in the request, or the only one there is."""
    try:
        pk = int(value)
    except (TypeError, ValueError):
        pk = None
    found = next((reason for reason in reasons if reason.pk == pk), None)
    if found is None and len(reasons) == 1:
        return reasons[0]
    return found


def _parse_day(value, default: date | None) -> date | None:
    """A day from the query string (``2026-05-12``); the default when absent or absurd."""
    try:
        day = date.fromisoformat(value) if value else default
    except ValueError:
        return default
    return day if day is None or 2000 <= day.year <= 2100 else default


def _slots(reason: BookingReason | None, form, **options) -> list:
    """The free slots of the chosen reason, each with ``local_day`` for ``{% regroup %}``
    (days of the desk, not of UTC) and ``checked`` when it is the one the form sent back."""
    if reason is None:
        return []
    slots = services.slots_listing(reason=reason, now=timezone.now(), **options)
    chosen = str(form["slot"].value() or "")
    for slot in slots:
        slot.local_day = slot.start.astimezone(reason.timezone).date()
        slot.checked = str(slot.pk) == chosen
    return slots


# --- Volunteers (run_desk) ---------------------------------------------------------------------


@require_GET
def desk_list(request):
    desks = (
        perms.desks_for(request.user)
        .annotate(reason_count=Count("booking_reasons", filter=Q(booking_reasons__active=True)))
        .order_by("name")
    )
    return render(request, "booking/desk_list.html", {"desks": desks})


@require_http_methods(["GET", "POST"])
def book(request, slug):
    """Book during a phone call: a reason, a free slot, a first name and a phone or e-mail."""
    desk, reasons = perms.get_booking(request.user, slug, cached=request.method == "GET")
    reason = _pick_reason(reasons, request.POST.get("reason") or request.GET.get("reason"))
    form = BookingForm(request.POST or None, initial={"language": "fr"})
    if request.method == "POST" and form.is_valid():
        try:
            if reason is None:
                raise services.SlotUnavailable
            appointment, _created = services.appointment_book(
                reason=reason, booked_by=request.user, request=request, **form.values()
            )
        except services.BookingError as error:
            form.add_error("slot", error.message)
        else:
            local = appointment.slot.start.astimezone(reason.timezone)
            when = formats.date_format(local, "l j F Y, H:i")
            messages.success(request, _("Rendez-vous pris : %(when)s.") % {"when": when})
            return redirect(f"{reverse('booking:book', args=[desk.slug])}?reason={reason.pk}")
    first_day = _parse_day(request.GET.get("from"), None)
    context = {
        "desk": desk,
        "reasons": reasons,
        "reason": reason,
        "form": form,
        "slots": _slots(reason, form, first_day=first_day, limit=SLOTS_SHOWN),
        "first_day": first_day,
        "can_edit_reasons": account_perms.has_perm(
            request.user, Perm.EDIT_DIRECTORY, desk.organisation
        ),
    }
    template = "booking/book.html#slots" if is_htmx(request) else "booking/book.html"
    with timezone.override(desk_timezone(desk)):
        return render(request, template, context, status=400 if form.errors else 200)


@require_GET
def day(request, slug):
    """The day's appointments of a desk, with their status buttons."""
    desk = perms.get_desk(request.user, slug)
    zone = desk_timezone(desk)
    shown = _parse_day(request.GET.get("date"), timezone.localdate(timezone=zone))
    first = datetime.combine(shown, time.min, tzinfo=zone)
    last = datetime.combine(shown + timedelta(days=1), time.min, tzinfo=zone)
    appointments = (
        perms.appointments_for(request.user)
        .of_desk(desk)
        .between(first, last)
        .select_related("slot", "slot__reason", "booked_by")
        .order_by("slot__start", "created_at")
    )
    audit_log(
        action=Action.OBJECT_LISTED,
        request=request,
        object_type="booking.appointment",
        organisation=desk.organisation,
    )
    context = {
        "desk": desk,
        "day": shown,
        "previous": shown - timedelta(days=1),
        "next": shown + timedelta(days=1),
        "appointments": appointments,
    }
    with timezone.override(zone):
        return render(request, "booking/day.html", context)


@require_POST
def move(request, appointment_id):
    """A status button of the day's list: seen, excused, no-show, cancelled (or a correction)."""
    appointment = perms.get_appointment(request.user, appointment_id)
    desk = appointment.slot.reason.desk
    form = StatusForm(request.POST)
    error = ""
    try:
        if not form.is_valid():
            raise services.TransitionRefused
        services.appointment_move(
            appointment=appointment, status=form.cleaned_data["status"], request=request
        )
    except services.TransitionRefused as refused:
        error = refused.message
        appointment.refresh_from_db(fields=["status"])
    zone = desk_timezone(desk)
    if is_htmx(request):
        context = {"appointment": appointment, "desk": desk, "error": error}
        with timezone.override(zone):
            return render(request, "booking/day.html#appointment", context)
    if error:
        messages.error(request, error)
    shown = appointment.slot.start.astimezone(zone).date()
    return redirect(f"{reverse('booking:day', args=[desk.slug])}?date={shown.isoformat()}")


# --- Coordinators (edit_directory) -------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def reasons(request, slug, reason_id=None):
    """The reasons of a desk's appointments: the list, and one form to add or change one."""
    desk = directory_perms.get_desk_for_edit(request.user, slug)
    all_reasons = list(desk.booking_reasons.all())
    reason = next((r for r in all_reasons if r.pk == reason_id), None)
    if reason_id is not None and reason is None:
        raise Http404
    form = ReasonForm(request.POST or None, instance=reason or BookingReason(desk=desk))
    if request.method == "POST" and form.is_valid():
        services.reason_save(form=form, request=request)
        messages.success(request, _("Le motif a été enregistré."))
        return redirect("booking:reasons", slug=desk.slug)
    context = {
        "desk": desk,
        "reasons": all_reasons,
        "reason": reason,
        "form": form,
        "online": desk.public and "appointment" in desk.modes,
    }
    return render(request, "booking/reasons.html", context)


# --- The public (no account) -------------------------------------------------------------------


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def public_book(request, slug):
    """Book an appointment online: a reason, a slot, a first name, a phone or an e-mail."""
    desk, reasons = perms.get_public_booking(slug, cached=request.method == "GET")
    language = translation.get_language()
    for reason in reasons:
        reason.shown_label, reason.label_fallback = reason.label_in(language)
    reason = _pick_reason(reasons, request.POST.get("reason") or request.GET.get("reason"))
    form = PublicBookingForm(request.POST or None, initial={"language": language})
    if request.method == "POST" and form.is_valid():
        try:
            if reason is None:
                raise services.SlotUnavailable
            appointment = services.appointment_book_public(
                reason=reason, values=form.values(), request=request
            )
        except services.TooManyBookings as error:
            form.add_error(None, error.message)
        except services.BookingError as error:
            form.add_error("slot", error.message)
        else:
            return redirect(
                "booking_public:confirmed", slug=desk.slug, token=appointment.cancel_token
            )
    context = {
        "desk": desk,
        "desk_name": desk.text("name", language),
        "reasons": reasons,
        "reason": reason,
        "form": form,
        "slots": _slots(reason, form, limit=PUBLIC_SLOTS_SHOWN),
        "stamp": form_stamp(),
        "phone": services.desk_phone(desk),
    }
    with timezone.override(desk_timezone(desk)):
        return render(
            request, "booking/public_book.html", context, status=400 if form.errors else 200
        )


def _person_page(request, template: str, appointment):
    """The confirmation and the cancellation page: what, when, where, how to cancel."""
    desk = appointment.slot.reason.desk
    facts = services.message_context(appointment)
    # On the page, the link of the site the person is on (messages use PERMANENCE_BASE_URL).
    facts["cancel_url"] = request.build_absolute_uri(services.cancel_path(appointment))
    context = {
        "desk": desk,
        "appointment": appointment,
        "facts": facts,
        "upcoming": appointment.is_booked and appointment.slot.start > timezone.now(),
    }
    with timezone.override(desk_timezone(desk)):
        response = render(request, template, context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@login_not_required
@never_cache
@require_GET
def public_confirmed(request, slug, token):
    appointment = perms.get_appointment_by_token(slug, token)
    return _person_page(request, "booking/public_confirmed.html", appointment)


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def public_cancel(request, slug, token):
    """The person's link: GET shows the appointment, POST cancels it or stops the reminders."""
    appointment = perms.get_appointment_by_token(slug, token)
    if request.method == "GET":
        return _person_page(request, "booking/public_cancel.html", appointment)
    action = request.POST.get("action")
    if not appointment.is_booked or appointment.slot.start <= timezone.now():
        messages.error(request, _("Ce rendez-vous ne peut plus être modifié."))
    elif action == "cancel":
        services.appointment_cancel(appointment=appointment, request=request)
        messages.success(request, _("Votre rendez-vous est annulé. Merci de nous avoir prévenus."))
    elif action == "stop_reminders":
        services.appointment_reminders_stop(appointment=appointment, request=request)
        messages.success(request, _("C’est noté : vous ne recevrez plus de rappel."))
    return redirect(request.path)
