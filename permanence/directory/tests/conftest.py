from datetime import date, time

import pytest

from permanence.directory.models import Channel, Desk, ScheduleRule
from permanence.directory.services import sessions_refresh


@pytest.fixture
def desk_a(group_a):
    """A published desk of group A in Lille, 2nd and 4th Mondays 16:00–19:00."""
    desk = Desk.objects.create(
        organisation=group_a,
        place=group_a.places.get(),
        name="Permanence A",
        slug="permanence-a",
        summary="Aide gratuite",
        topics=["asylum", "residence"],
        modes=["walk_in"],
        languages=["fr", "ar"],
        audiences=["foreigners"],
    )
    ScheduleRule.objects.create(
        desk=desk, kind="monthly", weekdays=[0], nths=[2, 4], start=time(16), end=time(19)
    )
    Channel.objects.create(desk=desk, kind="phone", value="07 45 29 68 08")
    sessions_refresh(desk=desk)
    return desk


@pytest.fixture
def weekly_desk_b(group_b):
    """A desk of group B, every weekday 9:00–17:00 (always open this week), no place."""
    desk = Desk.objects.create(
        organisation=group_b,
        name="Ligne B",
        slug="ligne-b",
        modes=["remote"],
        languages=["fr", "ru"],
        closed_on_public_holidays=False,
    )
    ScheduleRule.objects.create(
        desk=desk,
        kind="weekly",
        weekdays=[0, 1, 2, 3, 4, 5, 6],
        start=time(9),
        end=time(17),
        valid_from=date(2020, 1, 1),
    )
    sessions_refresh(desk=desk)
    return desk
