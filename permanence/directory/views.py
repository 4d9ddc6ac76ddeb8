"""Public directory pages (search, desk page, poster) and the coordinators' desk editing."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from permanence.accounts import perms as account_perms
from permanence.accounts.roles import Perm
from permanence.core.lib.concurrency import StaleObjectError, mark_conflict
from permanence.core.lib.htmx import is_htmx
from permanence.directory import perms, schedule, search, services, vocab
from permanence.directory.cache import PUBLIC_CACHE
from permanence.directory.forms import (
    ChannelFormSet,
    ClosureFormSet,
    DeskForm,
    DeskTextFormSet,
    ExtraSessionFormSet,
    PosterForm,
    RuleFormSet,
    SearchForm,
)
from permanence.directory.models import Desk
from permanence.directory.vocab import Audience, Topic


@login_not_required
@require_GET
@PUBLIC_CACHE
def desk_search(request):
    form = SearchForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    if data.get("lat") is not None and data.get("lon") is not None:
        where = search.Where(_("votre position"), latitude=data["lat"], longitude=data["lon"])
    else:
        where = search.resolve_where(data.get("q", ""))
    desks = search.search(
        where=where,
        topic=data.get("topic", ""),
        language=data.get("language", ""),
        mode=data.get("mode", ""),
        kind=data.get("kind", ""),
        open_this_week=data.get("week", False),
    )
    page = Paginator(desks, 20).get_page(request.GET.get("page"))
    now = timezone.now()
    for desk in page:
        search.mark_open_now(desk, now)
        desk.distance_km = search.distance_km(desk)
        desk.display_name, desk.name_fallback = desk.text("name")
        desk.display_summary, desk.summary_fallback = desk.text("summary")
    remote = search.remote_desks(topic=data.get("topic", ""), language=data.get("language", ""))
    context = {"form": form, "page": page, "where": where, "remote": remote, "searched": bool(data)}
    template = "directory/search.html#results" if is_htmx(request) else "directory/search.html"
    return render(request, template, context)


@login_not_required
@require_GET
@PUBLIC_CACHE
def desk_detail(request, slug):
    desk = perms.get_public_desk(slug)
    return render(request, "directory/desk.html", desk_context(desk))


def desk_context(desk: Desk, language: str | None = None) -> dict:
    """What the desk page and the poster show, from one computation of the schedule."""
    language = language or translation.get_language()
    sched = desk.schedule()
    sessions = schedule.next_sessions(sched, after=timezone.now(), count=10)
    channels = list(desk.channels.all())
    for channel in channels:
        hours = channel.schedule()
        channel.hours_text = schedule.describe(hours, language) if hours else ""
    texts = {
        field: desk.text(field, language)
        for field in ["name", "summary", "description", "offers", "does_not_offer", "how_to_come"]
    }
    return {
        "desk": desk,
        "texts": texts,
        "audience_labels": vocab.labels(Audience, desk.audiences),
        "topic_labels": vocab.labels(Topic, desk.topics),
        "language_labels": vocab.labels(vocab.LANGUAGES, desk.languages),
        "sessions": sessions,
        "schedule_text": schedule.describe(sched, language),
        "closures": desk.current_closures(),
        "channels": channels,
        "place": desk.place,
        "osm_url": _osm_url(desk),
        "poster_form": PosterForm(languages=settings.LANGUAGES),
    }


def _osm_url(desk: Desk) -> str:
    place = desk.place
    if place is None or place.latitude is None:
        return ""
    lat, lon = place.latitude, place.longitude
    return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=18/{lat}/{lon}"


@login_not_required
@require_GET
@PUBLIC_CACHE
def desk_poster(request, slug):
    from permanence.directory.poster import render_poster

    desk = perms.get_public_desk(slug)
    codes = dict(settings.LANGUAGES)
    form = PosterForm(request.GET or None, languages=settings.LANGUAGES)
    first, second = ("fr", "ar")
    if form.is_valid():
        first, second = form.cleaned_data["first"], form.cleaned_data["second"]
    elif request.GET:
        raise Http404
    url = request.build_absolute_uri(reverse("directory_public:desk", args=[desk.slug]))
    pdf = render_poster(desk=desk, languages=[first, second], url=url, language_names=codes)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="permanence-{desk.slug}.pdf"'
    return response


# --- Coordinators' pages (signed in).


@require_GET
def desk_list(request):
    desks = perms.editable_desks(request.user).select_related("organisation", "place")
    organisations = account_perms.organisations_with(request.user, Perm.EDIT_DIRECTORY)
    return render(
        request, "directory/manage_list.html", {"desks": desks, "organisations": organisations}
    )


@require_http_methods(["GET", "POST"])
def desk_edit(request, slug=None):
    if slug:
        desk = perms.get_desk_for_edit(request.user, slug)
        organisation = desk.organisation
    else:
        desk = None
        organisation = account_perms.get_organisation(
            request.user, request.GET.get("organisation", ""), Perm.EDIT_DIRECTORY
        )
    form = DeskForm(request.POST or None, instance=desk, organisation=organisation)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            desk = services.desk_save(form=form, request=request)
        except StaleObjectError:
            conflict = mark_conflict(form, Desk.objects.get(pk=desk.pk))
        else:
            messages.success(request, _("La permanence a été enregistrée."))
            return redirect("directory:schedule", slug=desk.slug)
    context = {"form": form, "desk": desk, "organisation": organisation, "conflict": conflict}
    return render(request, "directory/desk_form.html", context)


@require_http_methods(["GET", "POST"])
def desk_schedule(request, slug):
    desk = perms.get_desk_for_edit(request.user, slug)
    data = request.POST or None
    formsets = [
        RuleFormSet(data, instance=desk, prefix="rules", form_kwargs={"desk": desk}),
        ClosureFormSet(data, instance=desk, prefix="closures"),
        ExtraSessionFormSet(data, instance=desk, prefix="extras"),
    ]
    if request.method == "POST" and all(f.is_valid() for f in formsets):
        services.desk_schedule_save(desk=desk, formsets=formsets, request=request)
        messages.success(request, _("Les horaires ont été enregistrés."))
        return redirect("directory:schedule", slug=desk.slug)
    context = {"desk": desk, "formsets": formsets, "preview": _preview(desk)}
    return render(request, "directory/schedule_form.html", context)


@require_http_methods(["GET", "POST"])
def desk_texts(request, slug):
    """Translations of the public texts, and the contact channels."""
    desk = perms.get_desk_for_edit(request.user, slug)
    data = request.POST or None
    formsets = [
        DeskTextFormSet(data, instance=desk, prefix="texts"),
        ChannelFormSet(data, instance=desk, prefix="channels"),
    ]
    if request.method == "POST" and all(f.is_valid() for f in formsets):
        services.desk_texts_save(desk=desk, formsets=formsets, request=request)
        messages.success(request, _("Les traductions et les contacts ont été enregistrés."))
        return redirect("directory:texts", slug=desk.slug)
    return render(request, "directory/texts_form.html", {"desk": desk, "formsets": formsets})


@require_http_methods(["POST"])
def desk_schedule_preview(request, slug):
    """The live preview: the rules being typed, in plain words, and their next ten dates."""
    desk = perms.get_desk_for_edit(request.user, slug)
    formsets = [
        RuleFormSet(request.POST, instance=desk, prefix="rules", form_kwargs={"desk": desk}),
        ClosureFormSet(request.POST, instance=desk, prefix="closures"),
        ExtraSessionFormSet(request.POST, instance=desk, prefix="extras"),
    ]
    preview = _preview(desk, formsets)
    return render(request, "directory/schedule_form.html#preview", {"preview": preview})


def _preview(desk: Desk, formsets=None) -> dict:
    """Describe a schedule and list its next ten dates; errors are shown, not raised."""
    try:
        sched = desk.schedule() if formsets is None else _unsaved_schedule(desk, formsets)
        return {
            "text": schedule.describe(sched, translation.get_language()),
            "sessions": schedule.next_sessions(sched, after=timezone.now(), count=10),
        }
    except schedule.ScheduleError as exc:
        return {"error": exc.message}
    except _InvalidForms:
        return {"error": _("Corrigez les champs signalés pour voir l’aperçu.")}


class _InvalidForms(Exception):
    pass


def _unsaved_schedule(desk: Desk, formsets) -> schedule.Schedule:
    rules, closures, extras = [], [], []
    for formset, bucket in zip(formsets, (rules, closures, extras), strict=True):
        for form in formset.forms:
            if not form.has_changed() and not form.instance.pk:
                continue
            if not form.is_valid():
                raise _InvalidForms
            if formset.can_delete and form.cleaned_data.get("DELETE"):
                continue
            item = form.save(commit=False)
            if getattr(item, "channel_id", None) is None:
                bucket.append(item)
    place = desk.place
    return schedule.Schedule(
        rules=tuple(r.as_rule() for r in rules),
        closures=tuple(c.as_closure() for c in closures),
        extras=tuple(e.as_extra() for e in extras),
        closed_on_public_holidays=desk.closed_on_public_holidays,
        departement=place.departement if place else None,
        school_zone=place.school_zone if place else None,
    )
