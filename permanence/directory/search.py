"""Public search of the directory: where (town, postcode, département, point) and filters."""

import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from permanence.core.lib import france
from permanence.directory.models import Desk, DeskQuerySet, UpcomingSession
from permanence.orgs.models import Place

RADIUS_KM = 40
REMOTE_LIMIT = 10
KM_PER_DEGREE = 111.2


def fold(text: str) -> str:
    """Lower case without accents, hyphens as spaces: 'Lens-Liévin' → 'lens lievin'."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return " ".join(text.replace("-", " ").replace("'", " ").split())


@dataclass(frozen=True)
class Where:
    label: str
    latitude: float | None = None
    longitude: float | None = None
    departement: str | None = None
    communes: tuple[str, ...] = ()
    found: bool = True


def resolve_where(query: str) -> Where | None:
    """Turn what a person typed into a point or a département; None when nothing was typed."""
    query = query.strip()
    if not query:
        return None
    places = Place.objects.all()
    if query.isdigit() and len(query) == 5:
        matched = list(places.filter(postcode=query))
        if not matched:
            try:
                return Where(query, departement=france.departement_from_postcode(query))
            except ValueError:
                return Where(query, found=False)
        return _centre(query, matched)
    try:
        code = france.normalise_departement(query)
    except (ValueError, TypeError):
        code = None
    if code and len(query) <= 3:
        return Where(f"{france.DEPARTEMENTS[code].name} ({code})", departement=code)
    wanted = fold(query)
    by_name = {dep.name: code for code, dep in france.DEPARTEMENTS.items()}
    for name, dep_code in by_name.items():
        if fold(name) == wanted:
            return Where(f"{name} ({dep_code})", departement=dep_code)
    matched = [
        p for p in places.only("commune", "latitude", "longitude") if fold(p.commune) == wanted
    ]
    if not matched:
        matched = [
            p
            for p in places.only("commune", "latitude", "longitude")
            if fold(p.commune).startswith(wanted)
        ]
    if not matched:
        return Where(query, found=False)
    return _centre(matched[0].commune, matched)


def _centre(label: str, places: list[Place]) -> Where:
    """The centre of the places found, or their communes when none has coordinates."""
    places_with_point = [p for p in places if p.latitude is not None and p.longitude is not None]
    if not places_with_point:
        return Where(label, communes=tuple({p.commune for p in places}))
    places = places_with_point
    lat = sum(float(p.latitude) for p in places) / len(places)
    lon = sum(float(p.longitude) for p in places) / len(places)
    return Where(label, latitude=lat, longitude=lon)


def week_bounds(now: datetime | None = None) -> tuple[datetime, datetime]:
    """ "Open this week": the next seven days from now (on a Sunday evening, the week ahead)."""
    now = timezone.localtime(now)
    return now, now + timedelta(days=7)


def search(
    *,
    where: Where | None,
    topic: str = "",
    language: str = "",
    mode: str = "",
    kind: str = "",
    open_this_week: bool = False,
) -> DeskQuerySet:
    desks = Desk.objects.published().select_related("organisation", "place")
    if topic:
        desks = desks.with_topic(topic)
    if language:
        desks = desks.with_language(language)
    if mode:
        desks = desks.with_mode(mode)
    if kind:
        desks = desks.filter(kind=kind)
    if open_this_week:
        desks = desks.open_between(*week_bounds())
    if where is not None and where.latitude is not None:
        radius2 = (RADIUS_KM / KM_PER_DEGREE) ** 2
        desks = desks.near(where.latitude, where.longitude).filter(distance2__lte=radius2)
        desks = desks.order_by("distance2", "name")
    elif where is not None and where.communes:
        desks = desks.filter(place__commune__in=where.communes).order_by("name")
    elif where is not None and where.departement:
        desks = desks.filter(place__departement=where.departement).order_by(
            "place__commune", "name"
        )
    elif where is not None:
        desks = desks.none()
    else:
        desks = desks.order_by("name")
    upcoming = UpcomingSession.objects.filter(desk=OuterRef("pk"), end__gt=timezone.now())
    return desks.prefetch_related("texts").annotate(
        next_start=Subquery(upcoming.order_by("start").values("start")[:1]),
        next_end=Subquery(upcoming.order_by("start").values("end")[:1]),
    )


def mark_open_now(desk, now) -> None:
    """``open_now`` when the desk's next session has begun (a 24-hour line, a desk under way),
    and ``open_until`` its end when that is later the same day (a 24-hour line shows none)."""
    start, end = getattr(desk, "next_start", None), getattr(desk, "next_end", None)
    desk.open_now = start is not None and start <= now
    same_day = end is not None and timezone.localtime(end).date() == timezone.localtime(now).date()
    desk.open_until = end if desk.open_now and same_day else None


def remote_desks(*, topic: str = "", language: str = "") -> DeskQuerySet:
    """Desks without a place (telephone lines, messaging): useful wherever one lives."""
    desks = (
        Desk.objects.published()
        .filter(place__isnull=True)
        .select_related("organisation")
        .prefetch_related("texts")
    )
    if topic:
        desks = desks.with_topic(topic)
    if language:
        desks = desks.with_language(language)
    return desks.order_by("name")[:REMOTE_LIMIT]


def distance_km(desk: Desk) -> float | None:
    value = getattr(desk, "distance2", None)
    return None if value is None else round((value**0.5) * KM_PER_DEGREE, 1)
