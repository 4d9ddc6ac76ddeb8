"""Background work of appointments (run by `manage.py db_worker`).

Reminders need no task of their own: they are queued in the outbox with ``send_after`` when the
appointment is booked (``services._queue_messages``), and the outbox delivers them.
"""

from django.tasks import task
from django.utils import timezone

from permanence.booking.models import FORGET_AFTER, Appointment


@task
def appointment_forget(appointment_id: str) -> str:
    """Blank the first name and contact details of an appointment that ended ``FORGET_AFTER``
    ago (queued at booking time). The status stays, for the desk's figures."""
    appointment = Appointment.objects.select_related("slot").filter(pk=appointment_id).first()
    if appointment is None:
        return "missing"
    if appointment.slot.end + FORGET_AFTER > timezone.now():
        return "too early"
    Appointment.objects.filter(pk=appointment.pk).update(
        first_name="", phone="", email="", contact_index=""
    )
    return "forgotten"
