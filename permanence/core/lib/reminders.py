"""When an appointment is recalled: 48 hours before, and at 8:00 local time on the day.

Used for the appointments people book at a desk (booking) and for the appointments with an
administration recorded on a case's timeline (cases)."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

MORNING_REMINDER = time(8)
EARLY_REMINDER = timedelta(hours=48)


def reminder_times(start: datetime, *, now: datetime, zone: ZoneInfo) -> dict[str, datetime]:
    """The reminder moments of an appointment at ``start``, by code ("48h", "morning").
    Moments already past, or not before the appointment, are left out."""
    local = start.astimezone(zone)
    wanted = {
        "48h": start.astimezone(UTC) - EARLY_REMINDER,  # 48 real hours, across a DST change
        "morning": datetime.combine(local.date(), MORNING_REMINDER, tzinfo=zone),
    }
    return {code: at for code, at in wanted.items() if now < at < start}
