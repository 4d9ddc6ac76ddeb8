"""Reminders of the appointments with an administration (préfecture, OFPRA, CNDA, OFII…) that
are recorded on a case's timeline, run by the task worker at the times set when recorded."""

from datetime import datetime

from django.db import transaction
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from permanence.cases.models import Entry, timeline_link
from permanence.cases.vocab import CaseStatus, EntryKind
from permanence.core.lib.datenames import long_datetime
from permanence.notifications.services import message_queue


def _appointment_reminder(entry: Entry, url: str) -> tuple[str, str]:
    """The subject and body of the reminder, in the active language (the volunteer's)."""
    when = long_datetime(timezone.localtime(entry.appointment_at))
    values = {"authority": entry.get_authority_display(), "when": when, "url": url}
    subject = _("Rappel : rendez-vous %(authority)s le %(when)s") % values
    body = (
        _(
            "Bonjour,\n\nUn rendez-vous d’une personne que vous suivez approche : "
            "%(authority)s, %(when)s.\nVérifiez les documents à apporter, l’interprète et "
            "l’accompagnement.\n\nLe dossier : %(url)s"
        )
        % values
    )
    return subject, body


@task
def appointment_remind(entry_id: int, code: str, appointment_at: str) -> int:
    """Remind the case's volunteers of an appointment (the one who recorded it when nobody is
    assigned). Skipped when the entry is gone, its time has changed since (``appointment_at``
    is the time it was scheduled for) or the case is closed. One message per entry, reminder and
    volunteer, whatever the number of workers. The message holds no name of the person."""
    entry = (
        Entry.objects.select_related("case", "case__organisation", "case__legal_referent", "author")
        .filter(pk=entry_id, kind=EntryKind.APPOINTMENT)
        .first()
    )
    if (
        entry is None
        or entry.appointment_at is None
        or entry.appointment_at != datetime.fromisoformat(appointment_at)
        or entry.case.status == CaseStatus.CLOSED
    ):
        return 0
    case = entry.case
    users = case.volunteers_to_remind()
    if not users and entry.author and entry.author.is_active and entry.author.email:
        users = [entry.author]
    url = timeline_link(case.pk)
    queued = 0
    for user in users:
        with translation.override(user.message_language):
            subject, body = _appointment_reminder(entry, url)
            message = message_queue(
                dedupe_key=f"case-appointment:{entry.pk}:{code}:{user.pk}",
                channel="email",
                to=user.email,
                recipient_user=user,
                organisation=case.organisation,
                subject=subject,
                body=body,
                language=user.message_language,
            )
            queued += message is not None
    with transaction.atomic():
        Entry.objects.filter(pk=entry.pk).update(reminder_sent_at=timezone.now())
    return queued
