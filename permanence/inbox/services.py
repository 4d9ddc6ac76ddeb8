"""Writes of the requests inbox: each one a transaction with its audit event (ids only).

State changes are conditional updates: ``request_take`` lets exactly one of two volunteers through
(``state=new``); the other changes also check the ``version`` the volunteer was looking at, so a
stale page never overwrites what someone else did meanwhile.
"""

import contextlib
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from permanence.audit.models import Action
from permanence.audit.services import audit_log
from permanence.cases import services as case_services
from permanence.cases.models import Case, Entry, Person
from permanence.cases.vocab import CaseTopic, ContactChannel, EntryKind
from permanence.core.lib.crypto import blind_index
from permanence.directory.models import Desk
from permanence.inbox.models import (
    OPEN_STATES,
    TEXT_MAX,
    AnswerChannel,
    Channel,
    NoteKind,
    Request,
    RequestNote,
    State,
)
from permanence.orgs.models import Organisation

TRUNCATED = "\n[…]"


class AlreadyTaken(Exception):
    """Someone else took the request first (or it is no longer new)."""

    def __init__(self, current: Request) -> None:
        super().__init__(str(current.pk))
        self.current = current


class StaleRequest(Exception):
    """The request changed since the page was shown: nothing was written."""

    def __init__(self, current: Request) -> None:
        super().__init__(str(current.pk))
        self.current = current


@dataclass(frozen=True)
class Move:
    sources: tuple[str, ...]
    target: str
    note: str
    take: bool  # the one who moves it becomes its owner if it has none (or always, on reopen)


MOVES = {
    "answer": Move(OPEN_STATES, State.ANSWERED, NoteKind.ANSWERED, take=False),
    "close": Move((*OPEN_STATES, State.ANSWERED), State.CLOSED, NoteKind.CLOSED, take=False),
    "reopen": Move((State.ANSWERED, State.CLOSED), State.ASSIGNED, NoteKind.REOPENED, take=True),
}
TO_CASE_SOURCES = (*OPEN_STATES, State.ANSWERED)


def _audit(action: Action, help_request: Request, request=None) -> None:
    audit_log(
        action=action, request=request, obj=help_request, organisation=help_request.organisation
    )


def _current(help_request: Request) -> Request:
    return Request.objects.select_related("owner", "case").get(pk=help_request.pk)


def _existing(token: uuid.UUID | None) -> Request | None:
    return Request.objects.filter(creation_token=token).first() if token else None


def _create(*, token: uuid.UUID | None, request=None, **values) -> Request:
    """Create once per form token (a double submission returns the first request)."""
    if existing := _existing(token):
        return existing
    try:
        with transaction.atomic():
            help_request = Request.objects.create(creation_token=token, **values)
            _audit(Action.OBJECT_CREATED, help_request, request)
    except IntegrityError:
        if existing := _existing(token):
            return existing
        raise
    return help_request


def request_receive(*, desk: Desk, values: dict, token: uuid.UUID | None = None) -> Request:
    """A request sent from a desk's public form. The sender's address is not kept (no request
    is passed to the journal): people asking for help are not traced."""
    return _create(
        token=token, organisation=desk.organisation, desk=desk, channel=Channel.WEB, **values
    )


def request_log(
    *,
    organisation: Organisation,
    desk: Desk | None,
    values: dict,
    take: bool = False,
    token: uuid.UUID | None = None,
    request,
) -> Request:
    """A call or a message written down by a volunteer (taken at once if they say so)."""
    help_request = _create(
        token=token,
        request=request,
        organisation=organisation,
        desk=desk,
        created_by=request.user,
        **values,
    )
    if take and help_request.state == State.NEW:
        with contextlib.suppress(AlreadyTaken):  # taken by someone else in the meantime
            help_request = request_take(help_request=help_request, request=request)
    return help_request


def message_id_hash(message_id: str) -> str:
    return blind_index(message_id.strip(), purpose="inbox.request.message_id")


def request_from_mail(
    *, organisation: Organisation, desk: Desk | None, mail
) -> tuple[Request, bool]:
    """A request from an e-mail (``imap.ParsedMail``), once per Message-ID: (request, created)."""
    digest = message_id_hash(mail.message_id)
    existing = Request.objects.filter(organisation=organisation, message_id_hash=digest).first()
    if existing:
        return existing, False
    parts = [_("Objet : %(subject)s") % {"subject": mail.subject}] if mail.subject else []
    parts.append(mail.body.strip())
    text = "\n\n".join(parts)
    if len(text) > TEXT_MAX:
        text = text[: TEXT_MAX - len(TRUNCATED)] + TRUNCATED
    values = {
        "organisation": organisation,
        "desk": desk,
        "channel": Channel.EMAIL,
        "name": mail.sender_name[:100],
        "contact": mail.sender_address,
        "answer_channel": AnswerChannel.EMAIL if mail.sender_address else "",
        "text": text or _("(message vide)"),
        "attachment_count": min(mail.attachments, 32767),
        "message_id_hash": digest,
    }
    if mail.sent_at is not None and mail.sent_at <= timezone.now():
        values["received_at"] = mail.sent_at
    try:
        with transaction.atomic():
            help_request = Request.objects.create(**values)
            _audit(Action.OBJECT_CREATED, help_request)
    except IntegrityError:
        existing = Request.objects.filter(organisation=organisation, message_id_hash=digest)
        if existing.exists():  # fetched at the same moment by another run
            return existing.get(), False
        raise
    return help_request, True


@transaction.atomic
def request_take(*, help_request: Request, request) -> Request:
    """ "Je m'en occupe": only a new request can be taken, by one volunteer."""
    taken = Request.objects.filter(pk=help_request.pk, state=State.NEW).update(
        state=State.ASSIGNED,
        owner=request.user,
        version=F("version") + 1,
        updated_at=timezone.now(),
    )
    if not taken:
        raise AlreadyTaken(_current(help_request))
    RequestNote.objects.create(request=help_request, kind=NoteKind.TAKEN, author=request.user)
    help_request = _current(help_request)
    _audit(Action.OBJECT_UPDATED, help_request, request)
    return help_request


@transaction.atomic
def request_move(
    *, help_request: Request, action: str, expected_version: int, note: str = "", request
) -> Request:
    """Answered, closed or reopened, if nobody changed the request since ``expected_version``."""
    move = MOVES[action]
    changes = {"state": move.target, "version": F("version") + 1, "updated_at": timezone.now()}
    if move.take or help_request.owner_id is None:
        changes["owner"] = request.user
    moved = Request.objects.filter(
        pk=help_request.pk, version=expected_version, state__in=move.sources
    ).update(**changes)
    if not moved:
        raise StaleRequest(_current(help_request))
    RequestNote.objects.create(
        request=help_request, kind=move.note, author=request.user, text=note.strip()
    )
    help_request = _current(help_request)
    _audit(Action.OBJECT_UPDATED, help_request, request)
    return help_request


@transaction.atomic
def request_note_add(*, help_request: Request, text: str, request) -> RequestNote:
    note = RequestNote.objects.create(
        request=help_request, kind=NoteKind.NOTE, author=request.user, text=text.strip()
    )
    Request.objects.filter(pk=help_request.pk).update(updated_at=timezone.now())
    _audit(Action.OBJECT_UPDATED, help_request, request)
    return note


ENTRY_CHANNELS = {
    Channel.PHONE: ContactChannel.PHONE,
    Channel.SMS: ContactChannel.SMS,
    Channel.WHATSAPP: ContactChannel.WHATSAPP,
    Channel.SIGNAL: ContactChannel.SIGNAL,
    Channel.EMAIL: ContactChannel.EMAIL,
    Channel.LETTER: ContactChannel.LETTER,
    Channel.IN_PERSON: ContactChannel.DESK,
}


def case_summary(help_request: Request) -> str:
    """The text of the contact added to the case: where the request came from, then its text."""
    facts = [help_request.get_channel_display()]
    if help_request.answer_channel:
        facts.append(
            _("réponse souhaitée par %(channel)s")
            % {"channel": help_request.get_answer_channel_display()}
        )
    if help_request.language:
        facts.append(_("langue : %(language)s") % {"language": help_request.language_label()})
    received = formats.date_format(timezone.localtime(help_request.received_at), "j F Y H:i")
    head = _("Demande reçue le %(date)s (%(facts)s) :") % {
        "date": received,
        "facts": ", ".join(str(fact) for fact in facts),
    }
    return f"{head}\n{help_request.text}"


def _person_values(help_request: Request, name: str) -> dict:
    values = {"name": name, "languages": [help_request.language] if help_request.language else []}
    if help_request.contact:
        kind = help_request.answer_channel or (
            AnswerChannel.EMAIL if "@" in help_request.contact else AnswerChannel.PHONE
        )
        values["contacts"] = [
            {"kind": str(kind), "value": help_request.contact, "safe": True, "preferred": True}
        ]
    return values


@transaction.atomic
def request_to_case(
    *,
    help_request: Request,
    person: Person | None,
    new_name: str = "",
    topics: list[str],
    summary: str,
    expected_version: int,
    token: uuid.UUID | None = None,
    request,
) -> Case:
    """Turn the request into a case: the person (found or created), a case assigned to the
    volunteer, a contact summarising the request on its timeline, and the link kept here."""
    changes = {"state": State.CASE, "version": F("version") + 1, "updated_at": timezone.now()}
    if help_request.owner_id is None:
        changes["owner"] = request.user
    moved = Request.objects.filter(
        pk=help_request.pk, version=expected_version, state__in=TO_CASE_SOURCES
    ).update(**changes)
    if not moved:
        raise StaleRequest(_current(help_request))
    organisation = help_request.organisation
    if person is None:
        person = case_services.person_create(
            organisation=organisation,
            values=_person_values(help_request, new_name),
            token=token,
            request=request,
        )
    case = case_services.case_create(
        person=person,
        organisation=organisation,
        topics=topics or [CaseTopic.OTHER],
        assignees=[request.user],
        token=token,
        request=request,
    )
    entry = Entry(
        kind=EntryKind.CONTACT,
        channel=ENTRY_CHANNELS.get(help_request.channel, ""),
        occurred_at=help_request.received_at,
        text=summary,
    )
    case_services.entry_add(case=case, entry=entry, token=token, request=request)
    Request.objects.filter(pk=help_request.pk).update(case=case)
    RequestNote.objects.create(request=help_request, kind=NoteKind.CASE, author=request.user)
    _audit(Action.OBJECT_UPDATED, help_request, request)
    return case


def requests_forget(*, now) -> int:
    """Erase the requests answered or closed more than ``PERMANENCE_KEEP_REQUESTS_DAYS`` ago
    (their notes with them); return how many. A request turned into a case, or still open,
    stays: the case keeps its own history."""
    cutoff = now - timedelta(days=settings.PERMANENCE_KEEP_REQUESTS_DAYS)
    old = Request.objects.filter(state__in=[State.ANSWERED, State.CLOSED], updated_at__lt=cutoff)
    return old.delete()[1].get(Request._meta.label, 0)
