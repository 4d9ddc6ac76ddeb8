"""Writes on people and cases: each one a transaction with its audit event."""

import uuid
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Min
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from permanence.audit.models import Action
from permanence.audit.services import audit_log
from permanence.cases import perms, search
from permanence.cases.models import (
    BreakGlass,
    Case,
    CaseShare,
    Consent,
    ConsentScope,
    Document,
    Entry,
    Person,
    SearchToken,
    SituationRecord,
    timeline_link,
)
from permanence.cases.vocab import CaseStatus, EntryKind
from permanence.core.lib.concurrency import save_versioned
from permanence.core.lib.reminders import reminder_times
from permanence.notifications.models import Message
from permanence.notifications.services import message_queue, messages_cancel
from permanence.orgs.models import Organisation

PERSON_FIELDS = [
    "name",
    "spellings",
    "birth_date",
    "birth_precision",
    "nationalities",
    "languages",
    "interpreter_needed",
    "contacts",
    "domiciliation",
    "identifiers",
    "notes",
]


def _existing(model, token: uuid.UUID | None):
    return model.objects.filter(creation_token=token).first() if token else None


def person_created_with(token: uuid.UUID | None) -> Person | None:
    """The person a form with this token already created, if any (double submissions)."""
    return _existing(Person, token)


def person_create(
    *,
    organisation: Organisation,
    values: dict,
    situation: str = "",
    consent_language: str = "",
    token: uuid.UUID | None = None,
    request,
) -> Person:
    """Create a person (once per form token: a double submission returns the first one)."""
    if existing := _existing(Person, token):
        return existing
    try:
        with transaction.atomic():
            person = Person.objects.create(
                organisation=organisation,
                created_by=request.user,
                creation_token=token,
                **{k: v for k, v in values.items() if k in PERSON_FIELDS},
            )
            if situation:
                SituationRecord.objects.create(
                    person=person, situation=situation, recorded_by=request.user
                )
            if consent_language:
                Consent.objects.create(
                    person=person,
                    scope=ConsentScope.RECORD,
                    method="oral",
                    information_language=consent_language,
                    recorded_by=request.user,
                )
            search.index_person(person)
            audit_log(
                action=Action.OBJECT_CREATED, request=request, obj=person, organisation=organisation
            )
    except IntegrityError:
        if existing := _existing(Person, token):
            return existing
        raise
    return person


@transaction.atomic
def person_update(*, person: Person, values: dict, expected_version: int, request) -> Person:
    """Save changed identity fields (raises StaleObjectError when someone saved in between)."""
    for key, value in values.items():
        if key in PERSON_FIELDS:
            setattr(person, key, value)
    save_versioned(person, expected_version=expected_version, fields=PERSON_FIELDS)
    search.index_person(person)
    audit_log(
        action=Action.OBJECT_UPDATED, request=request, obj=person, organisation=person.organisation
    )
    return person


def case_create(
    *,
    person: Person,
    organisation: Organisation,
    topics: list[str],
    assignees,
    legal_referent=None,
    token: uuid.UUID | None = None,
    request,
) -> Case:
    if existing := _existing(Case, token):
        return existing
    try:
        with transaction.atomic():
            case = Case.objects.create(
                person=person,
                organisation=organisation,
                topics=topics,
                legal_referent=legal_referent,
                creation_token=token,
            )
            case.assignees.set(assignees)
            Entry.objects.create(case=case, kind=EntryKind.EVENT, author=request.user)
            audit_log(
                action=Action.OBJECT_CREATED, request=request, obj=case, organisation=organisation
            )
    except IntegrityError:
        if existing := _existing(Case, token):
            return existing
        raise
    return case


@transaction.atomic
def case_update(*, form, request) -> Case:
    case = form.instance
    if case.status == CaseStatus.CLOSED and not case.closed_on:
        case.closed_on = timezone.localdate()
    elif case.status != CaseStatus.CLOSED:
        case.closed_on = None
    fields = [f for f in form.Meta.fields if f != "assignees"] + ["closed_on"]
    save_versioned(case, expected_version=form.cleaned_data.get("version"), fields=fields)
    case.assignees.set(form.cleaned_data["assignees"])
    audit_log(
        action=Action.OBJECT_UPDATED, request=request, obj=case, organisation=case.organisation
    )
    return case


def _refresh_case_summary(case: Case) -> None:
    """Denormalised figures of the case list: last contact and next open task."""
    entries = case.entries.all()
    last_contact = entries.filter(kind=EntryKind.CONTACT).order_by("-occurred_at").first()
    next_task = entries.tasks_open().aggregate(due=Min("task_due"))["due"]
    Case.objects.filter(pk=case.pk).update(
        last_contact_at=last_contact.occurred_at if last_contact else None,
        next_task_due=next_task,
        updated_at=timezone.now(),
    )


def entry_add(*, case: Case, entry: Entry, token: uuid.UUID | None = None, request) -> Entry:
    """Add a line to the timeline (once per form token)."""
    if existing := _existing(Entry, token):
        return existing
    try:
        with transaction.atomic():
            entry.case = case
            entry.author = request.user
            entry.creation_token = token
            entry.save()
            _refresh_case_summary(case)
            audit_log(
                action=Action.OBJECT_UPDATED,
                request=request,
                obj=case,
                organisation=case.organisation,
            )
            if entry.kind == EntryKind.APPOINTMENT and entry.appointment_at:
                transaction.on_commit(lambda: appointment_reminders_schedule(entry=entry))
            if entry.kind == EntryKind.TASK:
                task_reminder_queue(entry=entry)
    except IntegrityError:
        if existing := _existing(Entry, token):
            return existing
        raise
    return entry


def appointment_reminders_schedule(*, entry: Entry, now=None) -> list[str]:
    """Queue the reminders of an appointment with an administration for the task worker:
    48 hours before and at 8:00 on the day (those still to come). Returns their codes."""
    from permanence.cases.tasks import appointment_remind

    now = now or timezone.now()
    zone = ZoneInfo(settings.TIME_ZONE)
    moments = reminder_times(entry.appointment_at, now=now, zone=zone)
    for code, at in moments.items():
        appointment_remind.using(run_after=at).enqueue(
            entry.pk, code, entry.appointment_at.astimezone(UTC).isoformat()
        )
    return list(moments)


TASK_REMINDER_HOUR = time(8)  # the morning of the day a task is due


def task_reminder_queue(*, entry: Entry, now=None) -> Message | None:
    """Queue the reminder of a task to its assignee, at 8:00 on the day it is due (in their
    language, without the task's text or the person's name: a link to the case). Nothing when
    the task has no due date or assignee, or when that morning has passed."""
    user = entry.task_assignee
    if entry.task_due is None or user is None or not user.is_active or not user.email:
        return None
    zone = ZoneInfo(settings.TIME_ZONE)
    send_after = datetime.combine(entry.task_due, TASK_REMINDER_HOUR, tzinfo=zone)
    if send_after <= (now or timezone.now()):
        return None
    url = timeline_link(entry.case_id)
    with translation.override(user.message_language):
        subject = _("Rappel : une tâche est à faire aujourd’hui")
        body = _(
            "Bonjour,\n\nUne tâche d’un dossier que vous suivez vous est confiée pour "
            "aujourd’hui. Une fois faite, cochez-la sur le dossier.\n\nLe dossier : %(url)s"
        ) % {"url": url}
    return message_queue(
        dedupe_key=f"task:{entry.pk}:{entry.task_due:%Y-%m-%d}:{user.pk}",
        channel="email",
        to=user.email,
        subject=subject,
        body=body,
        language=user.message_language,
        organisation=entry.case.organisation,
        recipient_user=user,
        send_after=send_after,
    )


@transaction.atomic
def task_complete(*, entry: Entry, request) -> Entry:
    if entry.task_done_at is None:
        entry.task_done_at = timezone.now()
        entry.save(update_fields=["task_done_at"])
        messages_cancel(prefix=f"task:{entry.pk}:")
        _refresh_case_summary(entry.case)
        audit_log(
            action=Action.OBJECT_UPDATED,
            request=request,
            obj=entry.case,
            organisation=entry.case.organisation,
        )
    return entry


class StaleReferral(Exception):
    """Someone changed the referral's status since the page was shown: nothing was saved."""

    def __init__(self, current: str) -> None:
        super().__init__(current)
        self.current = current


@transaction.atomic
def referral_set_status(*, entry: Entry, status: str, seen: str, request) -> bool:
    """Move a referral to ``status`` if it still is ``seen`` (the status shown to the user).

    A conditional update: of two volunteers changing it at once, the second is told what the
    first chose (``StaleReferral``) instead of overwriting it. False when nothing changes."""
    if status == seen:
        return False
    changed = Entry.objects.filter(
        pk=entry.pk, kind=EntryKind.REFERRAL, referral_status=seen
    ).update(
        referral_status=status,
        referral_changed_at=timezone.now(),
        referral_changed_by=request.user,
    )
    if not changed:
        current = Entry.objects.filter(pk=entry.pk).values_list("referral_status", flat=True)
        raise StaleReferral(current.first() or "")
    audit_log(
        action=Action.OBJECT_UPDATED,
        request=request,
        obj=entry.case,
        organisation=entry.case.organisation,
    )
    return True


@transaction.atomic
def break_glass_open(*, case: Case, reason: str, request) -> BreakGlass:
    """An exceptional access, with its written reason, recorded and shown to the coordinator:
    on the case page, in the audit journal, and in an e-mail to each coordinator of the group."""
    access = BreakGlass.objects.create(
        user=request.user, case=case, reason=reason, expires_at=BreakGlass.default_expiry()
    )
    audit_log(action=Action.BREAK_GLASS, request=request, obj=case, organisation=case.organisation)
    perms.forget_reach(request.user)
    break_glass_notice_queue(access=access)
    return access


def break_glass_notice_queue(*, access: BreakGlass) -> list[Message]:
    """Tell the group's coordinators that someone opened one of its cases exceptionally: who,
    and a link to the case, where the reason is shown. Neither the reason nor the person's name
    is in the e-mail (mailboxes are not encrypted). Once per access and coordinator."""
    from django.contrib.auth import get_user_model

    from permanence.accounts.roles import Role

    case = access.case
    coordinators = (
        get_user_model()
        .objects.filter(
            memberships__organisation=case.organisation,
            memberships__role=Role.COORDINATOR,
            is_active=True,
        )
        .exclude(pk=access.user_id)
    )
    queued = []
    for user in coordinators.distinct():
        if not user.email:
            continue
        with translation.override(user.message_language):
            subject = _("Accès exceptionnel à un dossier de votre groupe")
            body = _(
                "Bonjour,\n\n%(who)s a ouvert un accès exceptionnel à un dossier de votre "
                "groupe, pour 12 heures. Le motif écrit est sur le dossier, sous « Accès "
                "exceptionnels ».\n\nLe dossier : %(url)s"
            ) % {"who": access.user, "url": timeline_link(case.pk)}
        message = message_queue(
            dedupe_key=f"break-glass:{access.pk}:{user.pk}",
            channel="email",
            to=user.email,
            subject=subject,
            body=body,
            language=user.message_language,
            organisation=case.organisation,
            recipient_user=user,
        )
        if message is not None:
            queued.append(message)
    return queued


@transaction.atomic
def case_share(
    *, case: Case, organisation: Organisation, transfer: bool, consent_language: str, request
) -> CaseShare:
    """Share (or transfer) a case with another group; the person's consent is recorded first."""
    consent = Consent.objects.create(
        person=case.person,
        scope=ConsentScope.SHARE,
        method="oral",
        information_language=consent_language,
        recorded_by=request.user,
    )
    share, _ = CaseShare.objects.update_or_create(
        case=case,
        organisation=organisation,
        defaults={
            "consent": consent,
            "kind": CaseShare.Kind.TRANSFER if transfer else CaseShare.Kind.SHARE,
            "created_by": request.user,
        },
    )
    if transfer:
        # The receiving group becomes the owner; the former group loses access (the share row
        # stays as the record of the transfer and of the consent).
        former = case.organisation
        Case.objects.filter(pk=case.pk).update(organisation=organisation)
        case.organisation = organisation
        person = case.person
        if not person.cases.filter(organisation=former).exists():
            Person.objects.filter(pk=person.pk).update(organisation=organisation)
            SearchToken.objects.filter(person=person).update(organisation=organisation)
    audit_log(action=Action.CASE_SHARED, request=request, obj=case, organisation=case.organisation)
    return share


def case_document_add(*, case: Case, doc_type: str, uploaded_file, request, token=None):
    """Store an uploaded document of the case's person and note it on the timeline.

    Once per form token: the same form sent twice (a double click, a reload) stores one file."""
    from permanence.cases.documents import document_store

    def already_stored():
        return Document.objects.filter(creation_token=token, case=case).first() if token else None

    if existing := already_stored():
        return existing
    try:
        document = document_store(
            person=case.person,
            case=case,
            doc_type=doc_type,
            uploaded_file=uploaded_file,
            request=request,
            token=token,
        )
    except IntegrityError:
        # The other submission won the token a moment before this one (its file is kept).
        if existing := already_stored():
            return existing
        raise
    try:
        Entry.objects.create(
            case=case, kind=EntryKind.DOCUMENT, author=request.user, document=document
        )
    except Exception:
        # Never leave an encrypted file without its row, nor a row without its file.
        document.file.delete(save=False)
        document.delete()
        raise
    return document


@transaction.atomic
def person_record_add(*, person: Person, record, request):
    """Add a situation record or a consent to a person's history."""
    record.person = person
    record.recorded_by = request.user
    record.save()
    Person.objects.filter(pk=person.pk).update(updated_at=timezone.now())
    audit_log(
        action=Action.OBJECT_UPDATED, request=request, obj=person, organisation=person.organisation
    )
    return record


@transaction.atomic
def household_link(*, person: Person, relative: Person, relation: str, request) -> None:
    """Link two people of a household (both ways: a child's page shows the parent too)."""
    from permanence.cases.models import HouseholdLink
    from permanence.cases.vocab import Relation

    reverse = {Relation.CHILD: Relation.PARENT, Relation.PARENT: Relation.CHILD}
    HouseholdLink.objects.update_or_create(
        person=person, relative=relative, defaults={"relation": relation}
    )
    HouseholdLink.objects.update_or_create(
        person=relative, relative=person, defaults={"relation": reverse.get(relation, relation)}
    )
    audit_log(
        action=Action.OBJECT_UPDATED, request=request, obj=person, organisation=person.organisation
    )
