"""The public JSON API (docs/api.md): desks, their next sessions, the OpenAPI description."""

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import InvalidPage, Paginator
from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from permanence.core.lib.france import normalise_departement
from permanence.directory import schedule
from permanence.directory.cache import PUBLIC_CACHE
from permanence.directory.forms import SearchForm
from permanence.directory.models import Desk
from permanence.directory.openapi import OPENAPI

PAGE_SIZE = 100


def _error(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def desk_json(desk: Desk, request) -> dict:
    sched = desk.schedule()
    place = desk.place
    sessions = schedule.next_sessions(sched, after=timezone.now(), count=10)
    return {
        "id": desk.slug,
        "name": desk.name,
        "kind": desk.kind,
        "category": desk.category,
        "organisation": {"id": desk.organisation.slug, "name": desk.organisation.name},
        "summary": desk.summary,
        "town": place.commune if place else None,
        "postcode": place.postcode if place else None,
        "insee_code": place.insee_code if place else None,
        "departement": place.departement if place else None,
        "address": place.address if place else None,
        "latitude": float(place.latitude) if place and place.latitude is not None else None,
        "longitude": float(place.longitude) if place and place.longitude is not None else None,
        "modes": desk.modes,
        "topics": desk.topics,
        "audiences": desk.audiences,
        "languages": desk.languages,
        "interpreters": desk.interpreters,
        "children_welcome": desk.children_welcome,
        "free_of_charge": desk.free_of_charge,
        "channels": [
            {"kind": c.kind, "value": c.value, "label": c.label, "for_booking": c.for_booking}
            for c in desk.channels.all()
        ],
        "schedule_text": schedule.describe(sched, "fr"),
        "opening_hours": schedule.to_opening_hours(sched),
        "next_sessions": [
            {"start": s.start.isoformat(), "end": s.end.isoformat(), "label": s.label or None}
            for s in sessions
        ],
        "url": request.build_absolute_uri(reverse("directory_public:desk", args=[desk.slug])),
        "ics_url": request.build_absolute_uri(
            reverse("directory_feeds:desk_ics", args=[desk.slug])
        ),
        "updated_at": desk.updated_at.isoformat(),
    }


@login_not_required
@require_GET
@PUBLIC_CACHE
def desks(request):
    form = SearchForm(request.GET)
    if not form.is_valid():
        return _error("; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items()))
    queryset = (
        Desk.objects.published()
        .select_related("organisation", "place")
        .prefetch_related("channels", "rules", "closures", "extra_sessions")
        .order_by("pk")
    )
    data = form.cleaned_data
    for name, method in [
        ("topic", "with_topic"),
        ("language", "with_language"),
        ("mode", "with_mode"),
    ]:
        if data.get(name):
            queryset = getattr(queryset, method)(data[name])
    if data.get("kind"):
        queryset = queryset.filter(kind=data["kind"])
    if departement := request.GET.get("departement", "").strip():
        try:
            departement = normalise_departement(departement)  # "1" and "01" alike
        except ValueError:
            return _error("departement: not a département code (59, 2A, 971…)")
        queryset = queryset.filter(place__departement=departement)
    paginator = Paginator(queryset, PAGE_SIZE)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except InvalidPage:
        return _error("page: not a page of this list", status=404)
    base = request.build_absolute_uri(request.path)
    query = request.GET.copy()

    def link(number: int) -> str:
        query["page"] = number
        return f"{base}?{query.urlencode()}"

    return JsonResponse(
        {
            "count": paginator.count,
            "next": link(page.next_page_number()) if page.has_next() else None,
            "previous": link(page.previous_page_number()) if page.has_previous() else None,
            "results": [desk_json(desk, request) for desk in page],
        },
        json_dumps_params={"ensure_ascii": False},
    )


@login_not_required
@require_GET
def openapi(request):
    return JsonResponse(OPENAPI, json_dumps_params={"ensure_ascii": False})
