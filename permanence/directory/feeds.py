"""iCalendar feeds of desks and organisations: one event per real session."""

from datetime import timedelta

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from permanence.directory import perms, schedule
from permanence.directory.cache import PUBLIC_CACHE
from permanence.directory.models import Desk
from permanence.orgs.models import Organisation

FEED_DAYS = 365


def desk_events(desk: Desk, *, url: str, days: int = FEED_DAYS) -> list:
    import icalendar  # loaded with the first feed: web servers that serve none stay lighter

    today = timezone.localdate()
    events = []
    for session in schedule.sessions_between(desk.schedule(), today, today + timedelta(days=days)):
        event = icalendar.Event()
        event.add("uid", f"{desk.slug}-{session.start:%Y%m%dT%H%M}@permanence")
        event.add("dtstamp", timezone.now())
        event.add("dtstart", session.start)
        event.add("dtend", session.end)
        event.add("summary", f"{desk.name}{' – ' + session.label if session.label else ''}")
        if desk.place:
            place = desk.place
            event.add(
                "location", f"{place.name}, {place.address}, {place.postcode} {place.commune}"
            )
            if place.latitude is not None:
                event.add("geo", (float(place.latitude), float(place.longitude)))
        if session.message:
            event.add("description", session.message)
        event.add("url", url)
        events.append(event)
    return events


def _calendar(name: str, events: list) -> HttpResponse:
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Permanence//permanence//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Paris")
    for event in events:
        calendar.add_component(event)
    calendar.add_missing_timezones()
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"
    return response


@login_not_required
@require_GET
@PUBLIC_CACHE
def desk_ics(request, slug):
    desk = perms.get_public_desk(slug)
    url = request.build_absolute_uri(reverse("directory_public:desk", args=[slug]))
    return _calendar(desk.name, desk_events(desk, url=url))


@login_not_required
@require_GET
@PUBLIC_CACHE
def organisation_ics(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug, active=True)
    desks = (
        Desk.objects.published()
        .filter(organisation=organisation)
        .select_related("place")
        .prefetch_related("rules", "closures", "extra_sessions")
    )
    events = []
    for desk in desks:
        url = request.build_absolute_uri(reverse("directory_public:desk", args=[desk.slug]))
        events += desk_events(desk, url=url)
    return _calendar(organisation.name, events)
