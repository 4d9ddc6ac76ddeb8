"""A person's rights over their data: access (export), erasure, and merging two files of one person.

Only coordinators of the person's group reach these services, after re-authentication (the views
in ``views/privacy.py`` check both). Each service writes its audit event, with ids only.

Export: ``person_export_data`` gathers everything held on the person (identity, situations,
consents, household, every case with its whole timeline, the list of documents); the JSON and the
PDF are made from the same collection, so they always hold the same facts.

Erasure keeps a TOMBSTONE rather than deleting the row. Everything attached to the person is
deleted (documents and their encrypted files, cases with their timeline, shares and exceptional
accesses, situations, consents, household links in both directions, search tokens), and the row
itself stays with ``erased_at`` set and every personal field blanked (name "—", lists and dicts
emptied, no birth date, no notes). Why keep the row:

- the audit journal keeps pointing at an id that still exists (``object_id`` of earlier reads,
  exports, the erasure itself), so the journal stays coherent and explainable;
- people merged into this one keep a valid ``merged_into`` (deleting the row would set it to NULL
  and make those old files active again: they are erased with it, see below);
- other tables that may point at a person later (appointments, call sheets…) are not broken.

A tombstone holds nothing personal: its encrypted columns are re-encrypted blanks, it is never
active (``Person.objects.active()``), never readable (``perms.people_for``) and never searchable.
People earlier merged into the erased person are the same human being: they are erased with it.
Note that erasure is logical: database backups and free pages of the database file keep old
ciphertexts until they are rotated or vacuumed.
"""

import json
import logging
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from permanence.audit.models import Action
from permanence.audit.services import audit_log
from permanence.cases import perms, search
from permanence.cases.models import (
    BirthPrecision,
    Case,
    Consent,
    Document,
    Entry,
    HouseholdLink,
    Person,
    SearchToken,
    SituationRecord,
)
from permanence.cases.vocab import ContactChannel, IdentifierKind

logger = logging.getLogger(__name__)

EXPORT_FORMAT = "permanence.person-export/1"
ERASED_NAME = "—"
PDF_TEMPLATE = "cases/person_export.html#pdf"

Formatter = Callable[[Any], Any]


# --- Export ------------------------------------------------------------------------------------


def _iso(value: date | datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _fr_date(value: date | None) -> str:
    return "" if value is None else date_format(value, "d/m/Y")


def _fr_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    return date_format(timezone.localtime(value), "d/m/Y H:i")


def _user_name(user) -> str:
    """A volunteer as the person knows them: the display name, never the e-mail address."""
    if user is None:
        return ""
    return user.display_name or _("Bénévole (sans nom affiché)")


def _label(choices, code: str) -> str:
    return str(dict(choices).get(code, code)) if code else ""


def _collect(person: Person, *, day: Formatter, moment: Formatter) -> dict:
    """Everything held on ``person``; dates go through ``day`` and date-times through ``moment``."""
    identity = {
        "id": str(person.pk),
        "organisation": person.organisation.name,
        "name": person.name,
        "spellings": list(person.spellings or []),
        "birth_date": day(person.birth_date),
        "birth_precision": person.birth_precision,
        "birth_precision_label": _label(BirthPrecision.choices, person.birth_precision),
        "birth_display": person.birth_display(),
        "nationalities": list(person.nationalities or []),
        "languages": list(person.languages or []),
        "interpreter_needed": person.interpreter_needed,
        "contacts": [
            {
                "kind": contact.get("kind", ""),
                "kind_label": _label(ContactChannel.choices, contact.get("kind", "")),
                "value": contact.get("value", ""),
                "safe": bool(contact.get("safe", False)),
                "preferred": bool(contact.get("preferred", False)),
            }
            for contact in person.contacts or []
        ],
        "domiciliation": person.domiciliation or "",
        "identifiers": [
            {"kind": kind, "label": _label(IdentifierKind.choices, kind), "value": value}
            for kind, value in (person.identifiers or {}).items()
        ],
        "notes": person.notes or "",
        "created_at": moment(person.created_at),
        "updated_at": moment(person.updated_at),
    }
    situations = [
        {
            "situation": record.situation,
            "situation_label": record.get_situation_display(),
            "permit_type": record.permit_type,
            "valid_from": day(record.valid_from),
            "expires_on": day(record.expires_on),
            "recorded_at": moment(record.recorded_at),
        }
        for record in person.situations.order_by("recorded_at", "pk")
    ]
    consents = [
        {
            "scope": consent.scope,
            "scope_label": consent.get_scope_display(),
            "given": consent.given,
            "method": consent.method,
            "method_label": consent.get_method_display(),
            "information_language": consent.information_language,
            "recorded_at": moment(consent.recorded_at),
        }
        for consent in person.consents.order_by("recorded_at", "pk")
    ]
    household = [
        {
            "relative_id": str(link.relative_id),
            "relative_name": link.relative.name,
            "relation": link.relation,
            "relation_label": link.get_relation_display(),
            "recorded_on": "this_person",
        }
        for link in person.household_links.select_related("relative").order_by("pk")
    ] + [
        {
            "relative_id": str(link.person_id),
            "relative_name": link.person.name,
            "relation": link.relation,
            "relation_label": link.get_relation_display(),
            "recorded_on": "relative",
        }
        for link in HouseholdLink.objects.filter(relative=person)
        .exclude(person=person)
        .select_related("person")
        .order_by("pk")
    ]
    cases = [
        _case_data(case, day=day, moment=moment)
        for case in Case.objects.filter(person=person)
        .select_related("organisation", "legal_referent")
        .prefetch_related("assignees")
        .order_by("opened_on", "created_at")
    ]
    documents = [
        {
            "id": str(document.pk),
            "doc_type": document.doc_type,
            "doc_type_label": document.get_doc_type_display(),
            "name": document.name,
            "content_type": document.content_type,
            "size": document.size,
            "uploaded_at": moment(document.uploaded_at),
            "case_id": str(document.case_id) if document.case_id else None,
        }
        for document in Document.objects.filter(person=person).order_by("uploaded_at", "pk")
    ]
    return {
        "format": EXPORT_FORMAT,
        "exported_at": moment(timezone.now()),
        "person": identity,
        "situations": situations,
        "consents": consents,
        "household": household,
        "cases": cases,
        "documents": documents,
    }


def _case_data(case: Case, *, day: Formatter, moment: Formatter) -> dict:
    entries = (
        Entry.objects.filter(case=case)
        .select_related("task_assignee", "referral_desk", "document")
        .order_by("occurred_at", "pk")
    )
    return {
        "id": str(case.pk),
        "organisation": case.organisation.name,
        "topics": list(case.topics),
        "topic_labels": case.topic_labels(),
        "status": case.status,
        "status_label": case.get_status_display(),
        "outcome": case.outcome,
        "outcome_label": case.get_outcome_display() if case.outcome else "",
        "opened_on": day(case.opened_on),
        "closed_on": day(case.closed_on),
        "last_contact_at": moment(case.last_contact_at),
        "assignees": sorted(_user_name(user) for user in case.assignees.all()),
        "legal_referent": _user_name(case.legal_referent),
        "entries": [_entry_data(entry, day=day, moment=moment) for entry in entries],
    }


def _entry_data(entry: Entry, *, day: Formatter, moment: Formatter) -> dict:
    return {
        "kind": entry.kind,
        "kind_label": entry.get_kind_display(),
        "occurred_at": moment(entry.occurred_at),
        "created_at": moment(entry.created_at),
        "text": entry.text or "",
        "channel": entry.channel,
        "channel_label": entry.get_channel_display() if entry.channel else "",
        "duration_minutes": entry.duration_minutes,
        "decision_type": entry.decision_type,
        "decision_type_label": entry.get_decision_type_display() if entry.decision_type else "",
        "decision_taken_on": day(entry.decision_taken_on),
        "decision_notified_at": moment(entry.decision_notified_at),
        "person_situation": entry.person_situation,
        "person_situation_label": (
            entry.get_person_situation_display() if entry.person_situation else ""
        ),
        "authority": entry.authority,
        "authority_label": entry.get_authority_display() if entry.authority else "",
        "appointment_at": moment(entry.appointment_at),
        "task_due": day(entry.task_due),
        "task_done_at": moment(entry.task_done_at),
        "task_assignee": _user_name(entry.task_assignee),
        "referral_desk": entry.referral_desk.name if entry.referral_desk else "",
        "referral_status": entry.referral_status,
        "referral_status_label": (
            entry.get_referral_status_display() if entry.referral_status else ""
        ),
        "referral_changed_at": moment(entry.referral_changed_at),
        "document_id": str(entry.document_id) if entry.document_id else None,
        "document_name": entry.document.name if entry.document else "",
    }


def person_export_data(*, person: Person) -> dict:
    """Everything held on ``person``, JSON-serialisable (ISO 8601 dates, French labels)."""
    with translation.override("fr"):
        return _collect(person, day=_iso, moment=_iso)


def _audit_export(person: Person, request) -> None:
    audit_log(
        action=Action.OBJECT_EXPORTED,
        request=request,
        obj=person,
        organisation=person.organisation,
    )


def person_export_json(*, person: Person, request) -> bytes:
    """The JSON file of the person's data (UTF-8, indented); audits the export."""
    data = person_export_data(person=person)
    content = json.dumps(data, ensure_ascii=False, indent=2).encode()
    _audit_export(person, request)
    return content


def person_export_html(*, person: Person) -> str:
    """The readable French document the PDF is printed from."""
    with translation.override("fr"):
        data = _collect(person, day=_fr_date, moment=_fr_datetime)
        return render_to_string(PDF_TEMPLATE, {"data": data, "person": data["person"]})


def person_export_pdf(*, person: Person, request) -> bytes:
    """The PDF « Vos données enregistrées par … » (WeasyPrint); audits the export."""
    from weasyprint import HTML

    content = HTML(string=person_export_html(person=person), base_url=None).write_pdf()
    _audit_export(person, request)
    return content


# --- Erasure -----------------------------------------------------------------------------------


def _with_merged(person: Person) -> list[Person]:
    """``person`` and every person merged into it, directly or through another merge."""
    found = {person.pk: person}
    frontier = [person.pk]
    while frontier:
        merged = list(Person.objects.filter(merged_into_id__in=frontier).exclude(pk__in=found))
        found.update((p.pk, p) for p in merged)
        frontier = [p.pk for p in merged]
    return list(found.values())


def _delete_files(documents: list[Document]) -> None:
    for document in documents:
        try:
            document.file.delete(save=False)
        except OSError:
            logger.exception("Could not delete the stored file of document %s", document.pk)


def _blank(person: Person, now: datetime) -> None:
    person.name = ERASED_NAME
    person.spellings = []
    person.birth_date = None
    person.birth_precision = BirthPrecision.EXACT
    person.nationalities = []
    person.languages = []
    person.interpreter_needed = False
    person.contacts = []
    person.domiciliation = ""
    person.identifiers = {}
    person.notes = ""
    person.creation_token = None
    person.erased_at = now
    person.version += 1
    person.save()


@transaction.atomic
def person_erase(*, person: Person, request) -> None:
    """Erase everything held on ``person`` and keep a blank tombstone (see the module's doc).

    The encrypted files of the documents are deleted once the transaction is committed (a
    rolled-back erasure leaves no document row without its file).
    """
    people = _with_merged(person)
    ids = [p.pk for p in people]
    documents = list(Document.objects.filter(person_id__in=ids).exclude(file=""))
    Document.objects.filter(person_id__in=ids).delete()
    cases = Case.objects.filter(person_id__in=ids)
    Entry.objects.filter(case__in=cases).delete()
    cases.delete()  # with their shares and exceptional accesses (cascade)
    SituationRecord.objects.filter(person_id__in=ids).delete()
    Consent.objects.filter(person_id__in=ids).delete()
    HouseholdLink.objects.filter(Q(person_id__in=ids) | Q(relative_id__in=ids)).delete()
    SearchToken.objects.filter(person_id__in=ids).delete()
    now = timezone.now()
    for each in people:
        _blank(each, now)
        audit_log(
            action=Action.OBJECT_ERASED,
            request=request,
            obj=each,
            organisation=person.organisation,
        )
    transaction.on_commit(lambda: _delete_files(documents))


# --- Merge -------------------------------------------------------------------------------------


def _key(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def _contact_key(contact: dict) -> tuple[str, str]:
    value = str(contact.get("value", ""))
    if contact.get("kind") != "email":
        value = "".join(c for c in value if c.isdigit() or c == "+")
    return (str(contact.get("kind", "")), _key(value))


def _union(first: list, second: list) -> list:
    result = list(first)
    seen = {_key(item) for item in result}
    for item in second:
        if _key(item) not in seen:
            seen.add(_key(item))
            result.append(item)
    return result


def _merge_identity(keep: Person, absorb: Person) -> None:
    """Fold the identity of ``absorb`` into ``keep`` (``keep``'s values win, nothing is lost)."""
    notes: list[str] = []
    spellings = _union(list(keep.spellings or []), [absorb.name, *(absorb.spellings or [])])
    keep.spellings = [s for s in spellings if s and _key(s) != _key(keep.name)]
    keep.nationalities = _union(list(keep.nationalities or []), list(absorb.nationalities or []))
    keep.languages = _union(list(keep.languages or []), list(absorb.languages or []))
    keep.interpreter_needed = keep.interpreter_needed or absorb.interpreter_needed

    contacts = list(keep.contacts or [])
    seen = {_contact_key(c) for c in contacts}
    has_preferred = any(c.get("preferred") for c in contacts)
    for contact in absorb.contacts or []:
        if _contact_key(contact) in seen:
            continue
        seen.add(_contact_key(contact))
        contacts.append(
            {**contact, "preferred": bool(contact.get("preferred")) and not has_preferred}
        )
        has_preferred = has_preferred or bool(contact.get("preferred"))
    keep.contacts = contacts

    identifiers = dict(keep.identifiers or {})
    for kind, value in (absorb.identifiers or {}).items():
        if not identifiers.get(kind):
            identifiers[kind] = value
        elif value and _key(identifiers[kind]) != _key(value):
            label = _label(IdentifierKind.choices, kind)
            notes.append(
                _("Identifiant fusionné : %(label)s %(value)s") % {"label": label, "value": value}
            )
    keep.identifiers = identifiers

    if keep.birth_date is None and absorb.birth_date is not None:
        keep.birth_date, keep.birth_precision = absorb.birth_date, absorb.birth_precision
    elif absorb.birth_date is not None and absorb.birth_date != keep.birth_date:
        notes.append(_("Date de naissance fusionnée : %(date)s") % {"date": absorb.birth_display()})

    if not keep.domiciliation:
        keep.domiciliation = absorb.domiciliation or ""
    elif absorb.domiciliation and _key(absorb.domiciliation) != _key(keep.domiciliation):
        notes.append(_("Domiciliation fusionnée : %(address)s") % {"address": absorb.domiciliation})

    if absorb.notes and _key(absorb.notes) not in _key(keep.notes or ""):
        notes.append(absorb.notes)
    if notes:
        keep.notes = "\n".join(filter(None, [keep.notes or "", *notes]))


def _move_household(keep: Person, absorb: Person) -> None:
    """Links of ``absorb`` become links of ``keep``, without duplicates nor self-links."""
    keep_relatives = set(
        HouseholdLink.objects.filter(person=keep).values_list("relative_id", flat=True)
    )
    for link in HouseholdLink.objects.filter(person=absorb):
        if link.relative_id in (keep.pk, absorb.pk) or link.relative_id in keep_relatives:
            link.delete()
        else:
            keep_relatives.add(link.relative_id)
            HouseholdLink.objects.filter(pk=link.pk).update(person=keep)
    pointing_at_keep = set(
        HouseholdLink.objects.filter(relative=keep).values_list("person_id", flat=True)
    )
    for link in HouseholdLink.objects.filter(relative=absorb):
        if link.person_id in (keep.pk, absorb.pk) or link.person_id in pointing_at_keep:
            link.delete()
        else:
            pointing_at_keep.add(link.person_id)
            HouseholdLink.objects.filter(pk=link.pk).update(relative=keep)


def merge_refusal(*, keep: Person, absorb: Person, user) -> str:
    """Why ``keep`` and ``absorb`` cannot be merged by ``user`` (French), or "" when they can."""
    if keep.pk == absorb.pk:
        return _("Une fiche ne peut pas être fusionnée avec elle-même.")
    readable = perms.people_for(user).filter(pk__in=[keep.pk, absorb.pk]).count()
    if readable != 2:
        return _(
            "Vous ne pouvez pas consulter ces deux fiches : elles ne peuvent pas être fusionnées."
        )
    if keep.organisation_id != absorb.organisation_id:
        return _(
            "Ces deux fiches appartiennent à des groupes différents : elles ne peuvent pas être "
            "fusionnées."
        )
    return ""


@transaction.atomic
def person_merge(*, keep: Person, absorb: Person, request) -> Person:
    """Fold ``absorb`` into ``keep``: every record and the whole history move to ``keep``.

    Raises ValueError (with a French message) when the user cannot read both people or when
    they belong to different groups. ``absorb`` stays as a row pointing to ``keep``
    (``merged_into``), out of lists and search.
    """
    locked = {
        p.pk: p for p in Person.objects.select_for_update().filter(pk__in=[keep.pk, absorb.pk])
    }
    keep, absorb = locked.get(keep.pk, keep), locked.get(absorb.pk, absorb)
    if refusal := merge_refusal(keep=keep, absorb=absorb, user=request.user):
        raise ValueError(refusal)

    _merge_identity(keep, absorb)
    Case.objects.filter(person=absorb).update(person=keep)
    Document.objects.filter(person=absorb).update(person=keep)
    SituationRecord.objects.filter(person=absorb).update(person=keep)
    Consent.objects.filter(person=absorb).update(person=keep)
    _move_household(keep, absorb)
    Person.objects.filter(merged_into=absorb).update(merged_into=keep)

    absorb.merged_into = keep
    absorb.version += 1
    absorb.save(update_fields=["merged_into", "version", "updated_at"])
    SearchToken.objects.filter(person=absorb).delete()

    keep.version += 1
    keep.save()
    search.index_person(keep)
    for each in (keep, absorb):
        audit_log(
            action=Action.OBJECT_MERGED, request=request, obj=each, organisation=keep.organisation
        )
    return keep
