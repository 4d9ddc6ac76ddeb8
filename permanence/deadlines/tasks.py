"""Deadline reminders, run by the task worker at the times set when the deadline was created."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from permanence.accounts.roles import Role
from permanence.core.lib.datenames import long_datetime
from permanence.deadlines.models import Deadline, DeadlineStatus
from permanence.notifications.services import message_queue

FIRST_REMINDERS = {"7d", "now"}


def _recipients(deadline: Deadline, *, escalate: bool):
    case = deadline.case
    users = {u.pk: u for u in case.volunteers_to_remind()}
    if escalate or not users:
        coordinators = get_user_model().objects.filter(
            memberships__organisation=case.organisation, memberships__role=Role.COORDINATOR
        )
        users.update({u.pk: u for u in coordinators})
    return [u for u in users.values() if u.is_active and u.email]


def _reminder_body(deadline: Deadline, *, safe: str, when: str, url: str, escalate: bool) -> str:
    """The text of a reminder, in the active language (the volunteer's: ``message_language``)."""
    values = {"safe": safe, "when": when, "url": url}
    lines = [
        _(
            "Un délai de recours arrive à échéance : date à viser %(safe)s, date limite "
            "légale %(when)s."
        )
        % values,
        deadline.reader_explanation[1],
    ]
    if escalate:
        lines.append(_("Personne n’a encore pris ce délai en compte."))
    lines.append(_("Tableau des délais : %(url)s") % values)
    return "\n".join(lines)


@task
def deadline_remind(deadline_id: int, code: str) -> int:
    """Remind the case's volunteers (and the coordinator while unacknowledged). Messages are
    keyed by deadline, reminder and person: never sent twice, whatever the number of workers."""
    deadline = (
        Deadline.objects.select_related("case", "case__organisation", "case__legal_referent")
        .filter(pk=deadline_id)
        .first()
    )
    if deadline is None or deadline.status != DeadlineStatus.OPEN:
        return 0
    escalate = deadline.acknowledged_at is None and code not in FIRST_REMINDERS
    base = getattr(settings, "PERMANENCE_BASE_URL", "").rstrip("/")
    url = base + reverse("deadlines:board")
    queued = 0
    for user in _recipients(deadline, escalate=escalate):
        with translation.override(user.message_language):
            when = long_datetime(timezone.localtime(deadline.legal_deadline))
            safe = long_datetime(timezone.localtime(deadline.safe_deadline))
            subject = _("Permanence : délai de recours à surveiller")
            body = _reminder_body(deadline, safe=safe, when=when, url=url, escalate=escalate)
            message = message_queue(
                dedupe_key=f"deadline:{deadline.pk}:{code}:{user.pk}",
                channel="email",
                to=user.email,
                recipient_user=user,
                organisation=deadline.case.organisation,
                subject=subject,
                body=body,
                language=user.message_language,
            )
            queued += message is not None
    with transaction.atomic():
        fresh = Deadline.objects.select_for_update().get(pk=deadline.pk)
        if code not in fresh.reminders_sent:
            fresh.reminders_sent = [*fresh.reminders_sent, code]
            fresh.save(update_fields=["reminders_sent"])
    return queued
